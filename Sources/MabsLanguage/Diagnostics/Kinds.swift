import Lifecycle

// The stable kinds of error and of warning: the names a script matches
// (`expect error not-allowed { }`, `expect warning batch-lost { }`,
// `kind(w)`) and `help errors` and `help warnings` list. A kind's name never
// changes with a message's wording. Each error and each warning has exactly
// one kind, by an exhaustive switch: a new message cannot be left without.

/// A kind of error, by its stable name.
public enum ErrorKind: String, CaseIterable, Sendable {
    // Refusals: the rules forbid what was asked; nothing changed.
    case notAllowed = "not-allowed"
    case notProcessing = "not-processing"
    case noSuchService = "no-such-service"
    case serviceExists = "service-exists"
    case nameHeld = "name-held"
    case invalidName = "invalid-name"
    case noSuchBackup = "no-such-backup"
    case ambiguousName = "ambiguous-name"
    case backupExists = "backup-exists"
    case lowerEdition = "lower-edition"
    case editionLacksFeature = "edition-lacks-feature"
    case quota
    case noSuchContent = "no-such-content"
    case contentExists = "content-exists"
    case sourceFolder = "source-folder"
    case noTrackingDatabase = "no-tracking-database"
    case trackingDatabaseExists = "tracking-database-exists"
    case noSchedule = "no-schedule"
    case outOfRange = "out-of-range"
    case limit
    // Mistakes in the script, found as it runs.
    case unknownWord = "unknown-word"
    case undefined
    case wrongType = "wrong-type"
    case argumentCount = "argument-count"
    case arithmetic
    case redefined
    case duplicateSetting = "duplicate-setting"
    case secret
    // The world outside the script.
    case load
    case workspace
    case graphFile = "graph-file"
    // Never caught by `expect error`: they stop the run, or are checks.
    case interrupted
    case checkFailed = "check-failed"

    /// The name a script writes.
    public var name: String { rawValue }

    /// The kinds `expect error` can catch: not an interrupt, nor a failed
    /// check, which is no error.
    public static var catchable: [ErrorKind] { allCases.filter { $0 != .interrupted && $0 != .checkFailed } }

    /// What errors of this kind are about, in one line.
    public var summary: String {
        switch self {
        case .notAllowed: "the service's state does not allow the operation (the seed table), or a change of its contents"
        case .notProcessing: "the service's state processes no messages"
        case .noSuchService: "no service has that name (for compare and differences: no service or backup)"
        case .serviceExists: "a service already has that name"
        case .nameHeld: "the name belonged to a deleted service and is still held"
        case .invalidName: "a name or version mabs cannot accept"
        case .noSuchBackup: "no backup has that name"
        case .ambiguousName: "a name that is both a service's and a backup's, where either could be meant (compare, differences)"
        case .backupExists: "a backup already has that name"
        case .lowerEdition: "a restore into an edition lower than the backup's"
        case .editionLacksFeature: "the edition cannot do it: scale, back up, restore"
        case .quota: "the edition's quotas, for its units, cannot hold it"
        case .noSuchContent: "the service holds no such artifact"
        case .contentExists: "the service already holds an artifact of that name"
        case .sourceFolder: "a source folder on what is not an agreement, or a blank one"
        case .noTrackingDatabase: "the service's tracking database is not set, or is gone"
        case .trackingDatabaseExists: "the tracking database already exists"
        case .noSchedule: "the service has no backup schedule"
        case .outOfRange: "a number outside what is accepted: units, a count, a percentage, a duration, a list index"
        case .limit: "a limit of the simulator: services, backups, artifacts, the clock, value size, call depth"
        case .unknownWord: "a state, edition, setting, kind of content or quota that does not exist"
        case .undefined: "a variable or procedure that is not defined"
        case .wrongType: "a value of the wrong type: text where a number is needed, a bare word for a variable"
        case .argumentCount: "a function or procedure called with too many or too few arguments"
        case .arithmetic: "a division by zero, or a number too large"
        case .redefined: "a procedure named after a built-in function"
        case .duplicateSetting: "one update sets a setting twice"
        case .secret: "a secret used where it would show"
        case .load: "a file 'load' cannot read or run"
        case .workspace: "a workspace 'save' or 'open' cannot write or read"
        case .graphFile: "a file 'graph ... to' cannot write"
        case .interrupted: "the run was interrupted (never caught)"
        case .checkFailed: "a failed assert or expect (a failed check, not an error)"
        }
    }

    /// The kind a script names: its exact name, case aside.
    public init?(named name: String) {
        self.init(rawValue: name.lowercased())
    }
}

extension LifecycleError {
    /// This refusal's kind.
    public var kind: ErrorKind {
        switch self {
        case .notAllowed, .contentsNotAllowed: .notAllowed
        case .messagesNotProcessed: .notProcessing
        case .noSuchService, .serviceDeleted: .noSuchService
        case .serviceExists: .serviceExists
        case .nameHeld: .nameHeld
        case .invalidServiceName, .invalidBackupName, .invalidContentName, .invalidVersion, .invalidTrackingDetail: .invalidName
        case .noSuchBackup: .noSuchBackup
        case .backupExists: .backupExists
        case .restoreToLowerEdition: .lowerEdition
        case .cannotScaleEdition, .backupNotSupported: .editionLacksFeature
        case .quotaReached, .scaleBelowUsage: .quota
        case .noSuchContent: .noSuchContent
        case .contentExists: .contentExists
        case .sourceOnlyForAgreements, .emptySourceFolder: .sourceFolder
        case .noTrackingDatabase, .trackingDatabaseMissing: .noTrackingDatabase
        case .trackingDatabaseExists: .trackingDatabaseExists
        case .unknownSetting: .unknownWord
        case .unitsOutOfRange, .invalidCount, .invalidChaosPercent, .negativeInterval, .negativeNameHold,
             .invalidMessageCount, .backupFrequencyNotPositive, .retentionNotLongerThanFrequency:
            .outOfRange
        case .tooManyArmedFailures, .clockOverflow, .tooManyMessages, .backupFrequencyTooLong,
             .tooManyScheduledBackups, .tooManyServices, .tooManyBackups, .serviceNumbersUsedUp, .tooManyContentItems:
            .limit
        }
    }
}

extension Message.Runtime {
    /// The kind of error this message reports; nil for what is not an
    /// error (a warning, an unused value).
    public var errorKind: ErrorKind? {
        switch self {
        case .lifecycle(let error): error.kind
        case .lifecycleWarning, .warningsOfOneStatement, .unusedValue: nil
        case .expectedValue, .operandTypes, .incomparable, .bareWord, .noValue: .wrongType
        case .undefinedVariable, .undefinedProcedure: .undefined
        case .unknownEdition, .unknownState, .unknownContentKind, .unknownQuota, .unknownHelpTopic, .unknownStatement,
             .unknownErrorKind, .unknownWarningKind:
            .unknownWord
        case .argumentCount: .argumentCount
        case .callDepth, .stepLimit, .valueTooLarge, .workspaceValueTooDeep: .limit
        case .divisionByZero, .overflow: .arithmetic
        case .builtinRedefined: .redefined
        case .interrupted, .terminated, .outputLost: .interrupted
        case .loadUnavailable, .loadFailed, .loadCycle, .loadDepth, .loadHasErrors: .load
        case .assertionFailed, .namedAssertionFailed, .wrongError, .missingError, .wrongErrorKind, .missingErrorKind, .missingWarning, .unexpectedWarning:
            .checkFailed
        case .workspaceUnavailable, .workspaceFailed, .workspaceImpossible: .workspace
        case .graphFileUnavailable, .graphFileFailed, .graphFormatUnknown: .graphFile
        case .noSchedule: .noSchedule
        case .noSuchServiceOrBackup: .noSuchService
        case .serviceAndBackup: .ambiguousName
        case .unitCountNever, .negativeSeed, .negativeRepeat, .logCount, .indexOutOfRange: .outOfRange
        case .secretHidden, .secretIntoPlainSetting, .secretMisused, .maskedSecret: .secret
        case .duplicateSetting: .duplicateSetting
        }
    }
}

extension LifecycleWarning.Kind {
    /// The name a script writes (`expect warning batch-lost { }`).
    public var name: String {
        switch self {
        case .batchMessagesLost: "batch-lost"
        case .hybridConnectionsToRecreate: "hybrid-connections-lost"
        case .controlNumbersMayRepeat: "control-numbers-may-repeat"
        case .sharedSourceFolder: "ftp-folder-shared"
        case .targetTheRightEnvironment: "several-environments"
        case .updateAccessControlCredentials: "acs-credentials"
        case .scheduleBackups: "no-schedule"
        case .trackingRecordsReplaced: "tracking-records-replaced"
        case .trackingDatabaseMissing: "tracking-database-missing"
        case .trackingDatabaseDeleted: "tracking-database-deleted"
        }
    }

    /// The kind a script names: its exact name, case aside.
    public init?(named name: String) {
        guard let kind = Self.allCases.first(where: { $0.name == name.lowercased() }) else { return nil }
        self = kind
    }
}
