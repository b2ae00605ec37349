/// One operation or platform event that ran (public: operation logs).
///
/// Entries are values; their text is the presentation's (`LogText`).
public struct LogEntry: Sendable, Hashable {
    public let time: Timestamp
    public let service: String
    public let operation: Operation
    public let succeeded: Bool
    public let cause: FailureCause?
    public let from: ServiceState?
    public let to: ServiceState?
    public let subject: Subject?

    /// What the operation acted on besides the service.
    public enum Subject: Sendable, Hashable {
        case units(Int)
        case backup(String)
        case version(ProductVersion)
        case settings([SettingKey])
    }
}

/// Every operation and platform event that ran, oldest first.
public struct OperationLog: Sendable, Equatable {
    public private(set) var entries: [LogEntry] = []

    mutating func append(_ entry: LogEntry) { entries.append(entry) }

    /// The entries for one service, matching its name without regard to case.
    public func entries(for service: String) -> [LogEntry] {
        let key = Names.serviceKey(service)
        return entries.filter { Names.serviceKey($0.service) == key }
    }
}
