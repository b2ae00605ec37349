import Lifecycle

// The words for the engine's refusals and warnings. The engine reports
// values; every number and list in these texts comes from its tables
// (`Rules`, `Edition`, `Names`, `Engine`), so the text cannot drift from
// the rules it states.
extension Message {
    /// What a refused request says. A refusal by the seed table begins with
    /// the seed's words, `Operation not allowed`.
    static func text(of error: LifecycleError) -> String {
        switch error {
        case .notAllowed(let operation, let service, let state):
            let allowed = Rules.states(allowing: operation)
            let where_ = allowed.isEmpty
                ? "it never runs on an existing service"
                : "it is allowed in \(allowed.map(\.displayName).joined(separator: ", "))"
            return "Operation not allowed: cannot \(operation.displayName) '\(service)' while it is \(state.displayName); \(where_)"
        case .noSuchService(let name):
            return "there is no service named '\(name)'"
        case .serviceExists(let name):
            return "a service named '\(name)' already exists; choose another name, or delete it first"
        case .nameHeld(let name, let until, let now):
            return "the name '\(name)' belonged to a deleted service and is held until \(until) (\(until - now) from now); wait, or choose another name"
        case .invalidServiceName(let name, let problem):
            return "'\(name)' is not a valid service name: \(serviceNameRule(problem, name))"
        case .invalidBackupName(let name, let problem):
            return "'\(name)' is not a valid backup name: \(backupNameRule(problem, name))"
        case .noSuchBackup(let name):
            return "there is no backup named '\(name)'"
        case .backupExists(let name):
            return "a backup named '\(name)' already exists; give the new backup another name"
        case .unitsOutOfRange(let units, let edition):
            return "\(units) is not a unit count the \(edition.displayName) edition can run: it runs \(unitCounts(edition))"
        case .cannotScaleEdition(let edition, let service):
            return "'\(service)' is a \(edition.displayName) service, which runs \(unitCounts(edition)) and cannot scale; to run more units, create a service of a higher edition"
        case .backupNotSupported(let service, let edition):
            return "'\(service)' cannot be backed up: backup and restore are not available on the \(edition.displayName) edition"
        case .restoreToLowerEdition(let backup, let backupEdition, let requested):
            return "backup '\(backup)' was taken from a \(backupEdition.displayName) service and cannot be restored to the lower \(requested.displayName) edition; restore to \(backupEdition.displayName) or higher"
        case .unknownSetting(let key):
            return "'\(key)' is not a configuration setting; the settings are \(SettingKey.allCases.map(\.name).joined(separator: ", "))"
        case .invalidCount(let count):
            return "the failure count must be at least \(Engine.minimumFailureCount), not \(count)"
        case .invalidChaosPercent(let percent):
            let range = Engine.chaosPercents
            return "the chaos failure rate is a percentage from \(range.lowerBound) to \(range.upperBound), not \(percent)"
        case .negativeInterval(let interval):
            return "the simulated clock only moves forward; cannot wait \(interval)"
        case .clockOverflow(let interval):
            return "cannot wait \(interval): the simulated clock would pass the latest time it can hold, \(Timestamp.latest)"
        }
    }

    /// What a warning about an operation that succeeded says.
    static func text(of warning: LifecycleWarning) -> String {
        switch warning {
        case .sourceStillExists(let source):
            "'\(source)' still exists: if both services have agreements that read the same source (an FTP folder), both may pull the same messages; point the restored copy at another source"
        }
    }

    /// The unit counts an edition runs: `exactly 1 unit`, `1 to 8 units`.
    private static func unitCounts(_ edition: Edition) -> String {
        let range = edition.unitRange
        guard range.count == 1 else { return "\(range.lowerBound) to \(range.upperBound) units" }
        return "exactly \(range.lowerBound) unit" + (range.lowerBound == 1 ? "" : "s")
    }

    /// The service-name rule that `name` breaks.
    private static func serviceNameRule(_ problem: NameProblem, _ name: String) -> String {
        switch problem {
        case .length: lengthRule("a service name", Names.serviceNameLength, name)
        case .firstCharacter: "a service name starts with a letter"
        case .characters, .doubleHyphen: "a service name has only letters, digits and hyphens"
        }
    }

    /// The backup-name rule that `name` breaks.
    private static func backupNameRule(_ problem: NameProblem, _ name: String) -> String {
        switch problem {
        case .length: lengthRule("a backup name", Names.backupNameLength, name)
        case .firstCharacter: "a backup name starts with a letter or a digit"
        case .characters: "a backup name has only lowercase letters, digits and hyphens"
        case .doubleHyphen: "a backup name has no two hyphens in a row"
        }
    }

    private static func lengthRule(_ subject: String, _ range: ClosedRange<Int>, _ name: String) -> String {
        "\(subject) has \(range.lowerBound) to \(range.upperBound) characters, and '\(name)' has \(name.count)"
    }
}
