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
    /// A secret setting's value: it compares with a string like one, but
    /// never prints.
    case secret(String)
    case state(ServiceState)
    case edition(Edition)
    case list([Value])
    /// `a..b`: the integers from `a` to `b`, both included.
    case range(Int, Int)
}

extension Value {
    /// The text a setting takes from the value: a secret's real text (it
    /// is only being copied, never shown), else `description`.
    var settingText: String {
        if case .secret(let text) = self { return text }
        return description
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
