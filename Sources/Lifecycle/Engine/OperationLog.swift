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
/// Storage runs up to a quarter past the limit before the oldest are cut
/// in one move, so appending stays constant time on average.
public struct OperationLog: Sendable, Codable {
    public static let defaultLimit = 100_000

    /// How many entries the log keeps (at least 1).
    public var limit: Int {
        didSet {
            limit = max(1, limit)
            trim(to: limit)
        }
    }

    private var storage: [LogEntry] = []
    /// Entries cut from `storage`; more may be past the limit inside it.
    private var cut = 0

    public init(limit: Int = OperationLog.defaultLimit) {
        self.limit = max(1, limit)
    }

    /// The entries kept, oldest first.
    public var entries: [LogEntry] {
        storage.count <= limit ? storage : Array(storage.suffix(limit))
    }

    /// How many entries ran but are no longer kept.
    public var dropped: Int { cut + max(0, storage.count - limit) }

    /// Every entry ever appended, kept or dropped.
    public var total: Int { cut + storage.count }

    /// The newest entry.
    public var last: LogEntry? { storage.last }

    mutating func append(_ entry: LogEntry) {
        storage.append(entry)
        if storage.count > limit + limit / 4 { trim(to: limit) }
    }

    private mutating func trim(to count: Int) {
        guard storage.count > count else { return }
        let excess = storage.count - count
        storage.removeFirst(excess)
        cut += excess
    }

    /// The kept entries for one service, matching its name without regard to case.
    public func entries(for service: String) -> [LogEntry] {
        let key = Names.serviceKey(service)
        return entries.filter { Names.serviceKey($0.service) == key }
    }

    private enum CodingKeys: String, CodingKey { case entries, dropped, limit }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        storage = try container.decode([LogEntry].self, forKey: .entries)
        cut = try container.decodeIfPresent(Int.self, forKey: .dropped) ?? 0
        limit = max(1, try container.decodeIfPresent(Int.self, forKey: .limit) ?? OperationLog.defaultLimit)
        trim(to: limit)
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
