/// Everything that can be run against a service: the nine user operations
/// of the seed table, create and restore, and the three platform events.
///
/// Each one that runs appends an entry to the operation log under its
/// public log name, whether it succeeds or fails.
public enum Operation: UInt8, CaseIterable, Sendable, Hashable, Codable, BitwiseCopyable {
    case create
    case start
    case stop
    case restart
    case suspend
    case resume
    case delete
    case scale
    case updateConfiguration
    case backup
    case restore
    case disable
    case enable
    case serviceUpdate

    /// The nine operations that are columns of the seed table, in its order.
    public static let seedColumns: [Operation] = [
        .start, .stop, .restart, .suspend, .resume, .delete, .scale, .updateConfiguration, .backup,
    ]

    /// Events the platform raises rather than the user (model decision: the
    /// seed's Disabled, DisableFailed, EnableFailed and ServiceUpdateFailed
    /// states need a way in).
    public var isPlatformEvent: Bool { PlatformEventTable.rows.contains { $0.event == self } }

    /// The operation's name in prose and in the seed table's header.
    public var displayName: String {
        switch self {
        case .create: "create"
        case .start: "start"
        case .stop: "stop"
        case .restart: "restart"
        case .suspend: "suspend"
        case .resume: "resume"
        case .delete: "delete"
        case .scale: "scale"
        case .updateConfiguration: "update configuration"
        case .backup: "backup"
        case .restore: "restore"
        case .disable: "disable"
        case .enable: "enable"
        case .serviceUpdate: "service update"
        }
    }

    /// The name the service's public operation logs use.
    public var logName: String {
        switch self {
        case .create: "CreateBizTalkService"
        case .start: "StartBizTalkService"
        case .stop: "StopBizTalkService"
        case .restart: "RestartBizTalkService"
        case .suspend: "SuspendBizTalkService"
        case .resume: "ResumeBizTalkService"
        case .delete: "DeleteBizTalkService"
        case .scale: "ScaleBizTalkService"
        case .updateConfiguration: "ConfigUpdateBizTalkService"
        case .backup: "BackupBizTalkService"
        case .restore: "RestoreBizTalkService"
        case .disable: "DisableBizTalkService"
        case .enable: "EnableBizTalkService"
        case .serviceUpdate: "ServiceUpdateBizTalkService"
        }
    }
}

extension Operation: CustomStringConvertible {
    public var description: String { displayName }
}

/// A set of operations, stored as one bit per operation.
public struct OperationSet: OptionSet, Sendable, Hashable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public init(_ operations: some Sequence<Operation>) {
        self.init(rawValue: operations.reduce(0) { $0 | 1 << $1.rawValue })
    }

    public func contains(_ operation: Operation) -> Bool {
        rawValue & (1 << operation.rawValue) != 0
    }

    /// The members, in declaration order.
    public var operations: [Operation] { Operation.allCases.filter(contains) }
}
