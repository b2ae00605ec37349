/// One operation or platform event that ran (public: operation logs).
///
/// Entries are values; their text is the presentation's (`LogText`).
public struct LogEntry: Sendable, Hashable, Codable {
    public let time: Timestamp
    public let service: String
    public let operation: Operation
    public let succeeded: Bool
    public let cause: FailureCause?
    public let from: ServiceState?
    public let to: ServiceState?
    public let subject: Subject?

    /// What the operation acted on besides the service.
    public enum Subject: Sendable, Hashable, Codable {
        case units(Int)
        case backup(String)
        case version(ProductVersion)
        case settings([SettingKey])
        /// A backup schedule purged this backup, past its retention period.
        /// The entry's `operation` is `.backup`; its log name is
        /// `LogEntry.purgeLogName`.
        case purgedBackup(String)
    }

    /// The log name of a backup schedule's purge of an old backup (public:
    /// operation logs). A purge is not a user operation and not an
    /// `Operation`.
    public static let purgeLogName = "PurgeBackupBizTalkService"

    /// Whether a backup schedule purged an old backup (rather than an
    /// operation or platform event running).
    public var isPurge: Bool {
        if case .purgedBackup = subject { true } else { false }
    }

    /// The name the public operation logs give this entry:
    /// `operation.logName`, or `purgeLogName` for a purge.
    public var logName: String { isPurge ? LogEntry.purgeLogName : operation.logName }
}

/// The operation log: the most recent `limit` operations and platform
/// events that ran, oldest first, and how many older ones were dropped.
///
/// A loop left running appends an entry per operation; keeping them all
/// would grow without bound (a runaway loop reached gigabytes), so the log
/// keeps the newest `limit` (model decision; settable, 100,000 by default).
/// Once full it is a ring: each new entry takes the oldest one's place, so
/// appending costs the same however long the run.
public struct OperationLog: Sendable, Codable {
    public static let defaultLimit = 100_000

    /// How many entries the log keeps (at least 1; a log read back from a
    /// file keeps the number it says, which `Engine.inconsistency` checks).
    public var limit: Int {
        didSet {
            limit = max(1, limit)
            let kept = entries
            ring = Array(kept.suffix(limit))
            head = 0
            cut = OperationLog.sum(cut, kept.count - ring.count)
        }
    }

    /// How many entries were dropped is only reported, so its sums stop at
    /// `Int.max` rather than trap.
    private static func sum(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b > 0 ? .max : .min) : sum
    }

    /// The kept entries; once `limit` are kept, the oldest is at `head`.
    private var ring: [LogEntry] = []
    private var head = 0
    /// How many entries were dropped.
    private var cut = 0
    /// With a journal (see Changes.swift): `total` when the appended
    /// entries were last taken. Nil without one.
    private var journalMark: Int?

    public init(limit: Int = OperationLog.defaultLimit) {
        self.limit = max(1, limit)
    }

    /// The entries kept, oldest first.
    public var entries: [LogEntry] {
        head == 0 ? ring : Array(ring[head...] + ring[..<head])
    }

    /// How many entries ran but are no longer kept.
    public var dropped: Int { cut }

    /// Every entry ever appended, kept or dropped (at most `Int.max`).
    public var total: Int { OperationLog.sum(cut, ring.count) }

    /// The newest entry.
    public var last: LogEntry? {
        ring.isEmpty ? nil : ring[(head + ring.count - 1) % ring.count]
    }

    mutating func append(_ entry: LogEntry) {
        if ring.count < limit {
            ring.append(entry)
        } else {
            ring[head] = entry
            head = (head + 1) % ring.count
            cut = OperationLog.sum(cut, 1)
        }
    }

    /// The newest `count` kept entries (all of them if fewer are kept),
    /// oldest first.
    func newest(_ count: Int) -> [LogEntry] {
        let count = min(count, ring.count)
        return (ring.count - count..<ring.count).map { ring[(head + $0) % ring.count] }
    }

    // MARK: Journal

    var isTracking: Bool {
        get { journalMark != nil }
        set { journalMark = newValue ? total : nil }
    }

    /// The entries appended since the last call (those still kept), and
    /// from now on none has been.
    mutating func takeAppended() -> [LogEntry] {
        guard let mark = journalMark else { return [] }
        journalMark = total
        return newest(total - mark)
    }

    /// Makes this log, as it was when its twin's appended entries were last
    /// taken, what the twin became: its limit, those entries, and its count
    /// of dropped ones (which counts entries appended and dropped since,
    /// which the journal does not keep).
    mutating func replay(limit: Int, appending entries: [LogEntry], dropped: Int) {
        if limit != self.limit { self.limit = limit }
        for entry in entries { append(entry) }
        cut = dropped
    }

    /// The kept entries for one service, matching its name without regard to case.
    public func entries(for service: String) -> [LogEntry] {
        let key = Names.serviceKey(service)
        return entries.filter { Names.serviceKey($0.service) == key }
    }

    private enum CodingKeys: String, CodingKey { case entries, dropped, limit }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let entries = try container.decode([LogEntry].self, forKey: .entries)
        // Kept as read, below 1 or not, for `Engine.inconsistency` to
        // refuse; only the entries kept need a limit of at least 1.
        let limit = try container.decodeIfPresent(Int.self, forKey: .limit) ?? OperationLog.defaultLimit
        ring = Array(entries.suffix(max(1, limit)))
        cut = try container.decodeIfPresent(Int.self, forKey: .dropped) ?? 0
        cut = OperationLog.sum(cut, entries.count - ring.count)
        self.limit = limit
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(entries, forKey: .entries)
        try container.encode(dropped, forKey: .dropped)
        try container.encode(limit, forKey: .limit)
    }
}

extension OperationLog: Equatable {
    /// Two logs are equal when they keep the same entries, dropped as many
    /// and keep as many, however their storage happens to be cut.
    public static func == (a: OperationLog, b: OperationLog) -> Bool {
        a.limit == b.limit && a.dropped == b.dropped && a.entries == b.entries
    }
}
