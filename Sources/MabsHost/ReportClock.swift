#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The times and the machine's name a report (JUnit) gives: how long each
/// script and check took (monotonic, so a clock set back changes
/// nothing), when each script started (wall time) and where it ran. A
/// test hands the runner its own, so reports come out the same each run.
public struct ReportClock: Sendable {
    /// A monotonic instant.
    public var now: @Sendable () -> ContinuousClock.Instant
    /// The wall time now, local, as ISO 8601 without a zone
    /// (`2026-11-20T14:03:07`), as the JUnit schema's `timestamp` wants it.
    public var timestamp: @Sendable () -> String
    public var hostName: @Sendable () -> String

    public init(
        now: @escaping @Sendable () -> ContinuousClock.Instant,
        timestamp: @escaping @Sendable () -> String,
        hostName: @escaping @Sendable () -> String
    ) {
        self.now = now
        self.timestamp = timestamp
        self.hostName = hostName
    }

    /// The machine's clocks and name.
    public static let system = ReportClock(
        now: { ContinuousClock.now },
        timestamp: {
            var seconds = time(nil)
            var parts = tm()
            localtime_r(&seconds, &parts)
            func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
            return "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))"
                + "T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))"
        },
        hostName: {
            var buffer = [CChar](repeating: 0, count: 256)
            guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
            let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            return name.isEmpty ? "localhost" : name
        }
    )
}
