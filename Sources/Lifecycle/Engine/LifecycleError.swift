/// Why the engine refused a request. A refused request changes nothing and
/// is not logged: it never ran.
///
/// An injected or random failure is not an error; it is a run that failed
/// (see `OperationReport`).
///
/// Each case carries the facts a message about it needs; the words are the
/// language's (`Message.text(of:)`), with numbers and lists taken from the
/// tables (`Rules`, `Edition`, `Names`).
public enum LifecycleError: Error, Sendable, Hashable {
    /// The seed table does not allow the operation in the service's state.
    case notAllowed(Operation, service: String, state: ServiceState)
    case noSuchService(String)
    case serviceExists(String)
    /// The name belonged to a deleted service and is not free yet.
    case nameHeld(String, until: Timestamp, now: Timestamp)
    case invalidServiceName(String, problem: NameProblem)
    case invalidBackupName(String, problem: NameProblem)
    case noSuchBackup(String)
    case backupExists(String)
    /// The edition cannot run this many units (`Edition.unitRange`).
    case unitsOutOfRange(Int, edition: Edition)
    /// The service's edition runs one unit count only (`Edition.canScale`).
    case cannotScaleEdition(Edition, service: String)
    case backupNotSupported(service: String, edition: Edition)
    case restoreToLowerEdition(backup: String, backupEdition: Edition, requested: Edition)
    case unknownSetting(String)
    /// Fewer than `Engine.minimumFailureCount` failures were armed.
    case invalidCount(Int)
    /// Outside `Engine.chaosPercents`.
    case invalidChaosPercent(Int)
    case negativeInterval(Interval)
    /// Waiting this long would take the clock past the latest time it holds.
    case clockOverflow(Interval)
}

/// Something a user should know about an operation that succeeded.
public enum LifecycleWarning: Sendable, Hashable {
    /// The restored copy's source service still exists: both may pull the
    /// same messages (seed: two agreements on one FTP source folder).
    case sourceStillExists(source: String)
}
