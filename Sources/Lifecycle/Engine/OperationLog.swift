/// One operation or platform event that ran (public: operation logs).
///
/// Entries are small values; their text is made only when asked for.
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

    /// `Succeeded` or `Failed`, as the public logs spell it.
    public var status: String { succeeded ? "Succeeded" : "Failed" }

    /// A short account of what happened: the transition, what was acted on,
    /// and why it failed.
    public var detail: String {
        var parts: [String] = []
        switch (from, to) {
        case (let from?, let to?) where from != to: parts.append("\(from) -> \(to)")
        case (let from?, nil): parts.append("\(from) -> deleted")
        case (nil, let to?): parts.append("-> \(to)")
        case (let state?, _): parts.append("stays \(state)")
        case (nil, nil): break
        }
        switch subject {
        case .units(let n): parts.append("\(n) unit\(n == 1 ? "" : "s")")
        case .backup(let name): parts.append(operation == .restore ? "from backup \(name)" : "backup \(name)")
        case .version(let version): parts.append("version \(version)")
        case .settings(let keys): parts.append(keys.map(\.name).joined(separator: ", "))
        case nil: break
        }
        switch cause {
        case .injected: parts.append("injected failure")
        case .chaos: parts.append("chaos failure")
        case nil: break
        }
        return parts.joined(separator: "; ")
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
