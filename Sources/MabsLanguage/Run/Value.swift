import Lifecycle

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
    case list([Value])
    /// `a..b`: the integers from `a` to `b`, both included.
    case range(Int, Int)
}

extension Value {
    /// The most a value may hold: list items (nested lists' too) and bytes
    /// of text together, 16 Mi. Doubling a string or a list in a loop would
    /// otherwise exhaust memory within a few dozen steps, and printing a
    /// list nested in itself would never end.
    public static let maximumSize = 16 << 20

    /// Whether the value holds more than `maximumSize`: it stops counting
    /// there, so a list shared many times over costs no more to measure.
    var isTooLarge: Bool {
        var budget = Value.maximumSize
        return !fits(within: &budget)
    }

    private func fits(within budget: inout Int) -> Bool {
        switch self {
        case .string(let text):
            budget -= text.utf8.count
        case .secret(let secret):
            budget -= secret.byteCount
        case .list(let items):
            budget -= 1
            for item in items where budget >= 0 {
                if !item.fits(within: &budget) { return false }
            }
        default:
            budget -= 1
        }
        return budget >= 0
    }
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
        case .list(let items): "[" + items.map(\.literal).joined(separator: ", ") + "]"
        case .range(let low, let high): "\(low)..\(high)"
        }
    }

    /// How the value reads inside a list or in a message: strings are
    /// quoted, so `[1, "1"]` shows which is which.
    public var literal: String {
        if case .string(let s) = self { return "\"" + s + "\"" }
        return description
    }
}
