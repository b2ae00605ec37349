import Lifecycle
import MabsPresentation

/// A value in the language.
///
/// Bare words (`contoso`, `active`, `premium`) evaluate to strings; where a
/// state or an edition is compared with a string, or two strings that both
/// name states (or both editions) are compared, they are read as states or
/// editions, leniently (`state(x) == stop-failed`, `premium > standard`).
public enum Value: Sendable, Equatable, Codable {
    case none
    case bool(Bool)
    case int(Int)
    case string(String)
    case duration(Interval)
    /// A point on the simulated clock (`now()`).
    case time(Timestamp)
    /// A secret setting's value: it compares with a string like one, and
    /// is copied into another secret setting; nothing else (see
    /// `Secret`). It prints as `(secret)`.
    case secret(Secret)
    case state(ServiceState)
    case edition(Edition)
    /// A product version (`version(x)`, `2.1`): versions order part by
    /// part, as numbers (`1.10` after `1.9`), and compare with text or a
    /// number read as one.
    case version(ProductVersion)
    case list(ListItems)
    /// `a..b`: the integers from `a` to `b`, both included.
    case range(Int, Int)
    /// An item of `warnings()`: its text, and its kind for `kind(w)`.
    /// Everything but `kind` reads it as its text.
    case warning(WarningItem)
}

extension Value {
    /// The most a value may hold: list items (nested lists' too) and bytes
    /// of text together, 16 Mi. Doubling a string or a list in a loop would
    /// otherwise exhaust memory within a few dozen steps, and printing a
    /// list nested in itself would never end.
    public static let maximumSize = 16 << 20

    /// How much of `maximumSize` the value takes: a string's bytes, a
    /// list's size as counted when it was made, 1 for anything else. O(1).
    var size: Int {
        switch self {
        case .string(let text): text.utf8.count
        case .warning(let item): item.text.utf8.count
        case .secret(let secret): secret.byteCount
        case .version(let version): version.text.utf8.count
        case .list(let list): list.size
        default: 1
        }
    }

    /// Whether the value holds more than `maximumSize`.
    var isTooLarge: Bool { size > Value.maximumSize }
}

extension Value: CustomStringConvertible {
    /// How `print` and interpolation show the value.
    public var description: String {
        switch self {
        case .none: ""
        case .bool(let b): b ? "true" : "false"
        case .int(let n): String(n)
        case .string(let s): s
        case .duration(let d): d.description
        case .time(let t): t.description
        case .secret: "(secret)"
        case .state(let s): s.displayName
        case .edition(let e): e.displayName
        case .version(let v): v.text
        case .list(let list): "[" + list.map(\.literal).joined(separator: ", ") + "]"
        case .range(let low, let high): "\(low)..\(high)"
        case .warning(let item): item.text
        }
    }

    /// How the value reads inside a list or in a message: strings as
    /// string literals the language reads back (`"a\"b"`, `"\u{1B}[2J"`),
    /// so `[1, "1"]` shows which is which and no string can pass for
    /// another item or drive the terminal.
    public var literal: String {
        if case .string(let s) = self { return TerminalText.literal(s) }
        if case .warning(let item) = self { return TerminalText.literal(item.text) }
        return description
    }
}

/// A list's items, with the size the list takes of `Value.maximumSize`
/// (1, plus each item's size) counted once when it is made: a list nested
/// in itself round a loop (`let l = [$l]`) is measured in constant time,
/// however deep it grows. Encoded as the array of its items.
public struct ListItems: Sendable, Equatable, Codable, RandomAccessCollection {
    public let items: [Value]
    /// Stops growing at `Int.max`: a list that large is refused anyway.
    let size: Int

    public init(_ items: [Value]) {
        self.items = items
        var size = 1
        for item in items { size = ListItems.adding(size, item.size) }
        self.size = size
    }

    /// `first` then `second`'s items; its size is known before the items
    /// are copied, so a list too large is refused without being built.
    static func size(of first: ListItems, joinedWith second: ListItems) -> Int {
        adding(first.size, second.size - 1)
    }

    static func + (first: ListItems, second: ListItems) -> ListItems {
        ListItems(first.items + second.items, size: size(of: first, joinedWith: second))
    }

    private init(_ items: [Value], size: Int) {
        self.items = items
        self.size = size
    }

    private static func adding(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? .max : sum
    }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode([Value].self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(items)
    }

    public static func == (a: ListItems, b: ListItems) -> Bool { a.items == b.items }

    public var startIndex: Int { items.startIndex }
    public var endIndex: Int { items.endIndex }
    public subscript(position: Int) -> Value { items[position] }
}
