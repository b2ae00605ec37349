/// Why the engine refused a request. A refused request changes nothing and
/// is not logged: it never ran.
///
/// An injected or random failure is not an error; it is a run that failed
/// (see `OperationReport`).
public enum LifecycleError: Error, Sendable, Hashable {
    /// The seed table does not allow the operation in the service's state.
    case notAllowed(Operation, service: String, state: ServiceState)
    case noSuchService(String)
    case serviceExists(String)
    /// The name belonged to a deleted service and is not free yet.
    case nameHeld(String, until: Timestamp, now: Timestamp)
    case invalidServiceName(String, problem: String)
    case invalidBackupName(String, problem: String)
    case noSuchBackup(String)
    case backupExists(String)
    case unitsOutOfRange(Int, edition: Edition)
    case cannotScaleEdition(Edition, service: String)
    case backupNotSupported(service: String, edition: Edition)
    case restoreToLowerEdition(backup: String, backupEdition: Edition, requested: Edition)
    case unknownSetting(String)
    case invalidCount(Int)
    case invalidChaosPercent(Int)
    case negativeInterval(Interval)
}

extension LifecycleError: CustomStringConvertible {
    /// The message users see. A refusal by the seed table begins with the
    /// seed's words, `Operation not allowed`.
    public var description: String {
        switch self {
        case .notAllowed(let operation, let service, let state):
            let allowed = Rules.states(allowing: operation)
            let where_ = allowed.isEmpty
                ? "it never runs on an existing service"
                : "it is allowed in \(allowed.map(\.displayName).joined(separator: ", "))"
            return "Operation not allowed: cannot \(operation.displayName) '\(service)' while it is \(state); \(where_)"
        case .noSuchService(let name):
            return "there is no service named '\(name)'"
        case .serviceExists(let name):
            return "a service named '\(name)' already exists; choose another name, or delete it first"
        case .nameHeld(let name, let until, let now):
            return "the name '\(name)' belonged to a deleted service and is held until \(until) (\(until - now) from now); wait, or choose another name"
        case .invalidServiceName(let name, let problem):
            return "'\(name)' is not a valid service name: \(problem)"
        case .invalidBackupName(let name, let problem):
            return "'\(name)' is not a valid backup name: \(problem)"
        case .noSuchBackup(let name):
            return "there is no backup named '\(name)'"
        case .backupExists(let name):
            return "a backup named '\(name)' already exists; give the new backup another name"
        case .unitsOutOfRange(let units, let edition):
            let range = edition.unitRange
            let allowed = range.count == 1 ? "exactly \(range.lowerBound) unit" : "\(range.lowerBound) to \(range.upperBound) units"
            return "\(units) is not a unit count the \(edition) edition can run: it runs \(allowed)"
        case .cannotScaleEdition(let edition, let service):
            return "'\(service)' is a \(edition) service, which runs exactly 1 unit and cannot scale; restore a backup to a higher edition to scale"
        case .backupNotSupported(let service, let edition):
            return "'\(service)' cannot be backed up: backup and restore are not available on the \(edition) edition"
        case .restoreToLowerEdition(let backup, let backupEdition, let requested):
            return "backup '\(backup)' was taken from a \(backupEdition) service and cannot be restored to the lower \(requested) edition; restore to \(backupEdition) or higher"
        case .unknownSetting(let key):
            return "'\(key)' is not a configuration setting; the settings are \(SettingKey.allCases.map(\.name).joined(separator: ", "))"
        case .invalidCount(let count):
            return "the failure count must be at least 1, not \(count)"
        case .invalidChaosPercent(let percent):
            return "the chaos failure rate is a percentage from 0 to 100, not \(percent)"
        case .negativeInterval(let interval):
            return "the simulated clock only moves forward; cannot wait \(interval)"
        }
    }
}

/// Something a user should know about an operation that succeeded.
public enum LifecycleWarning: Sendable, Hashable {
    /// The restored copy's source service still exists: both may pull the
    /// same messages (seed: two agreements on one FTP source folder).
    case sourceStillExists(source: String)
}

extension LifecycleWarning: CustomStringConvertible {
    public var description: String {
        switch self {
        case .sourceStillExists(let source):
            return "'\(source)' still exists: if both services have agreements that read the same source (an FTP folder), both may pull the same messages; point the restored copy at another source"
        }
    }
}
