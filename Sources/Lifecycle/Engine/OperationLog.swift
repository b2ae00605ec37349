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

/// Every operation and platform event that ran, oldest first.
public struct OperationLog: Sendable, Equatable, Codable {
    public private(set) var entries: [LogEntry] = []

    mutating func append(_ entry: LogEntry) { entries.append(entry) }

    /// The entries for one service, matching its name without regard to case.
    public func entries(for service: String) -> [LogEntry] {
        let key = Names.serviceKey(service)
        return entries.filter { Names.serviceKey($0.service) == key }
    }
}
