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
    /// A request by identity (`ServiceID`) whose service was deleted: the
    /// identity is stale, and names no service now.
    case serviceDeleted
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
    /// A failure count outside `Engine.failureCounts`.
    case invalidCount(Int)
    /// Arming `adding` more failures of `Operation` on the service, where
    /// `armed` already wait, would pass the most that may wait
    /// (`Engine.failureCounts`).
    case tooManyArmedFailures(Operation, service: String, armed: Int, adding: Int)
    /// Outside `Engine.chaosPercents`.
    case invalidChaosPercent(Int)
    case negativeInterval(Interval)
    /// Waiting this long would take the clock past the latest time it holds.
    case clockOverflow(Interval)
    /// Contents change only in `Engine.contentStates` (model decision).
    case contentsNotAllowed(service: String, state: ServiceState)
    case contentExists(ContentKind, name: String, service: String)
    case noSuchContent(ContentKind, name: String, service: String)
    /// Only agreements read from a source folder.
    case sourceOnlyForAgreements(ContentKind)
    /// Adding would exceed a quota of the service's edition and units.
    case quotaReached(QuotaKind, kind: ContentKind, wouldUse: Int, limit: Int, service: String, edition: Edition, units: Int)
    /// More messages than can be counted.
    case tooManyMessages(service: String)
    case invalidContentName(String, problem: NameProblem)
    case emptySourceFolder(agreement: String)
    /// `hold names for` a negative duration.
    case negativeNameHold(Interval)
    /// Fewer units could not hold what is deployed.
    case scaleBelowUsage(service: String, units: Int, over: [QuotaExcess])
    /// Messages are processed only in `Engine.messageState`.
    case messagesNotProcessed(service: String, state: ServiceState)
    case invalidMessageCount(Int)
    /// The service's `tracking-database` setting is not set.
    case noTrackingDatabase(service: String)
    /// The tracking database the service names does not exist (it was
    /// deleted, or never created).
    case trackingDatabaseMissing(service: String)
    case trackingDatabaseExists(service: String)
    /// A tracking database server or name given at create that a
    /// connection string cannot hold.
    case invalidTrackingDetail(String, part: String)
    /// A backup schedule's frequency must be longer than zero.
    case backupFrequencyNotPositive(Interval)
    /// A backup schedule's retention period must be longer than its
    /// frequency (public: configure tab).
    case retentionNotLongerThanFrequency(retention: Interval, frequency: Interval)
    /// The first scheduled backup would fall past the latest time the
    /// simulated clock can hold.
    case backupFrequencyTooLong(Interval)
    /// Waiting this long would run `count` scheduled backups, more than
    /// `Engine.maximumScheduledBackupsPerWait`.
    case tooManyScheduledBackups(Interval, count: Int)
    /// At `Engine.maximumServices`.
    case tooManyServices(limit: Int)
    /// At `Engine.maximumBackups`.
    case tooManyBackups(limit: Int)
    /// A service update to a version `ProductVersion.problem` refuses.
    case invalidVersion(String, problem: NameProblem)
    /// Every number up to `Engine.maximumServiceNumber` has been given to
    /// a service.
    case serviceNumbersUsedUp(limit: Int)
    /// At `Engine.maximumContentItems` in one service.
    case tooManyContentItems(service: String, limit: Int)
}

/// Something a user should know about an operation that succeeded.
public enum LifecycleWarning: Sendable, Hashable {
    /// A backup was taken while messages were in the active batch: they
    /// are not in it, and are lost (seed).
    case batchMessagesLost(service: String, count: Int, backup: String)
    /// Hybrid connections are never backed up (seed): recreate these.
    case hybridConnectionsToRecreate(service: String, names: [String])
    /// The source processed messages after the backup was taken, so the
    /// restored copy may reuse their control numbers (seed).
    case controlNumbersMayRepeat(source: String, backup: String, messagesSince: Int, controlNumbersSince: Int)
    /// A restored agreement reads the same FTP folder as an agreement of a
    /// service that still exists: both may pull the same messages (seed).
    case sharedSourceFolder(agreement: String, folder: String, otherService: String, otherAgreement: String)
    /// SDK applications may need the restored service's ACS credentials (seed).
    case updateAccessControlCredentials(service: String)
    /// A restored service has no scheduled backups (seed: set them up).
    case scheduleBackups(service: String)
    /// The source, or another copy of the backup's lineage, still exists:
    /// tools must target the right one (seed). One warning names them all,
    /// however many copies there are.
    case targetTheRightEnvironment(service: String, others: [String])
    /// A tracking database backup replaced a database with other records.
    case trackingRecordsReplaced(backup: String, had: Int, restored: Int)
    /// Messages were processed but their tracking records were not kept:
    /// the tracking database the service names is gone.
    case trackingDatabaseMissing(service: String, records: Int)
    /// A tracking database was deleted: its records come back only from
    /// its newest backup, if it has one, else never (seed; geo-replication
    /// is the recommended protection).
    case trackingDatabaseDeleted(service: String, records: Int, backup: String?)
}

extension LifecycleWarning {
    /// The kinds of warning, without their facts: what `help warnings`
    /// lists, so a new warning cannot be left out of it.
    public enum Kind: Sendable, Hashable, CaseIterable {
        case batchMessagesLost
        case hybridConnectionsToRecreate
        case controlNumbersMayRepeat
        case sharedSourceFolder
        case targetTheRightEnvironment
        case updateAccessControlCredentials
        case scheduleBackups
        case trackingRecordsReplaced
        case trackingDatabaseMissing
        case trackingDatabaseDeleted
    }

    public var kind: Kind {
        switch self {
        case .batchMessagesLost: .batchMessagesLost
        case .hybridConnectionsToRecreate: .hybridConnectionsToRecreate
        case .controlNumbersMayRepeat: .controlNumbersMayRepeat
        case .sharedSourceFolder: .sharedSourceFolder
        case .updateAccessControlCredentials: .updateAccessControlCredentials
        case .scheduleBackups: .scheduleBackups
        case .targetTheRightEnvironment: .targetTheRightEnvironment
        case .trackingRecordsReplaced: .trackingRecordsReplaced
        case .trackingDatabaseMissing: .trackingDatabaseMissing
        case .trackingDatabaseDeleted: .trackingDatabaseDeleted
        }
    }
}
