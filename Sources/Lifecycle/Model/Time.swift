/// A point on the simulated clock, in whole seconds since 1970-01-01 UTC.
public struct Timestamp: Sendable, Hashable, Comparable, Codable, BitwiseCopyable {
    public var seconds: Int64
    public init(seconds: Int64) { self.seconds = seconds }

    /// Where every simulation starts: 2016-11-08 09:00:00 UTC, the date of
    /// the seed table (model decision; any fixed instant keeps runs
    /// deterministic).
    public static let simulationStart = Timestamp(seconds: 1_478_595_600)

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.seconds < b.seconds }

    /// The latest time the clock can hold.
    public static let latest = Timestamp(seconds: .max)

    /// `self + d`, or nil when that is past what the clock can hold.
    public func adding(_ d: Interval) -> Timestamp? {
        let (sum, overflow) = seconds.addingReportingOverflow(d.seconds)
        return overflow ? nil : Timestamp(seconds: sum)
    }

    /// `self - other`, or nil when the span is too large to hold.
    public func interval(since other: Timestamp) -> Interval? {
        let (difference, overflow) = seconds.subtractingReportingOverflow(other.seconds)
        return overflow ? nil : Interval(seconds: difference)
    }
    public static func + (t: Timestamp, d: Interval) -> Timestamp { Timestamp(seconds: t.seconds + d.seconds) }
    public static func - (a: Timestamp, b: Timestamp) -> Interval { Interval(seconds: a.seconds - b.seconds) }

    /// The civil date and time in UTC.
    public var components: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        let (days, secondOfDay) = seconds.quotientAndRemainder(dividingBy: 86_400)
        let (d, s) = secondOfDay < 0 ? (days - 1, secondOfDay + 86_400) : (days, secondOfDay)
        let (year, month, day) = Timestamp.civil(fromDays: Int(d))
        return (year, month, day, Int(s / 3600), Int(s % 3600 / 60), Int(s % 60))
    }

    /// Days since 1970-01-01 to a proleptic Gregorian date (Howard
    /// Hinnant's `civil_from_days`).
    private static func civil(fromDays z: Int) -> (Int, Int, Int) {
        let z = z + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension Timestamp: CustomStringConvertible {
    /// `2016-11-08 09:00:00`
    public var description: String {
        let c = components
        return "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2)) \(pad(c.hour, 2)):\(pad(c.minute, 2)):\(pad(c.second, 2))"
    }
}

/// A span of simulated time, in whole seconds.
public struct Interval: Sendable, Hashable, Comparable, Codable, BitwiseCopyable {
    public var seconds: Int64
    public init(seconds: Int64) { self.seconds = seconds }

    public static func seconds(_ n: Int64) -> Interval { Interval(seconds: n) }
    public static func minutes(_ n: Int64) -> Interval { Interval(seconds: n * 60) }
    public static func hours(_ n: Int64) -> Interval { Interval(seconds: n * 3600) }
    public static func days(_ n: Int64) -> Interval { Interval(seconds: n * 86_400) }

    public static let zero = Interval(seconds: 0)
    public static func < (a: Interval, b: Interval) -> Bool { a.seconds < b.seconds }
    public static func + (a: Interval, b: Interval) -> Interval { Interval(seconds: a.seconds + b.seconds) }

    /// `self + other`, or nil when the sum is too large to hold.
    public func adding(_ other: Interval) -> Interval? {
        let (sum, overflow) = seconds.addingReportingOverflow(other.seconds)
        return overflow ? nil : Interval(seconds: sum)
    }

    /// `-self`, or nil for the one span whose negation cannot be held.
    public var negated: Interval? { seconds == .min ? nil : Interval(seconds: -seconds) }
}

extension Interval: CustomStringConvertible {
    /// The shortest spelling in the language's units: `90s` is `1m30s`,
    /// `3600s` is `1h`, zero is `0s`.
    public var description: String {
        guard seconds != 0 else { return "0s" }
        var rest = seconds.magnitude
        var text = seconds < 0 ? "-" : ""
        for (unit, size) in [("d", UInt64(86_400)), ("h", 3600), ("m", 60), ("s", 1)] where rest >= size {
            text += "\(rest / size)\(unit)"
            rest %= size
        }
        return text
    }
}

/// The simulated clock. It moves only when told to, so runs are
/// deterministic.
public struct SimulatedClock: Sendable, Equatable, Codable {
    public private(set) var now: Timestamp

    public init(start: Timestamp = .simulationStart) { now = start }

    /// Moves the clock forward; time never runs backwards.
    public mutating func advance(by interval: Interval) {
        precondition(interval.seconds >= 0, "the simulated clock only moves forward")
        now = now + interval
    }
}
