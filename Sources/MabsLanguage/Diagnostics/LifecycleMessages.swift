import Lifecycle
import MabsPresentation

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
            guard !allowed.isEmpty else {
                return "Operation not allowed: cannot \(operation.displayName) \(quoted: service) while it is \(state.displayName); it never runs on an existing service"
            }
            return "Operation not allowed: cannot \(operation.displayName) \(quoted: service) while it is \(state.displayName); it is allowed in \(allowed.map(\.displayName).joined(separator: ", "))"
        case .noSuchService(let name):
            return "there is no service named \(quoted: name)"
        case .serviceDeleted:
            return "the service this refers to was deleted; look it up by its name again"
        case .serviceExists(let name):
            return "a service named \(quoted: name) already exists; choose another name, or delete it first"
        case .nameHeld(let name, let until, let now):
            return "the name \(quoted: name) belonged to a deleted service and is held until \(until) (\(until - now) from now); wait, or choose another name"
        case .invalidServiceName(let name, let problem):
            return "\(quoted: name) is not a valid service name: \(serviceNameRule(problem, name))"
        case .invalidBackupName(let name, let problem):
            return "\(quoted: name) is not a valid backup name: \(backupNameRule(problem, name))"
        case .noSuchBackup(let name):
            return "there is no backup named \(quoted: name)"
        case .backupExists(let name):
            return "a backup named \(quoted: name) already exists; give the new backup another name"
        case .unitsOutOfRange(let units, let edition):
            return "\(units) is not a unit count the \(edition.displayName) edition can run: it runs \(unitCounts(edition))"
        case .cannotScaleEdition(let edition, let service):
            return "\(quoted: service) is a \(edition.displayName) service, which runs \(unitCounts(edition)) and cannot scale; to run more units, create a service of a higher edition"
        case .backupNotSupported(let service, let edition):
            return "\(quoted: service) cannot be backed up: backup and restore are not available on the \(edition.displayName) edition"
        case .restoreToLowerEdition(let backup, let backupEdition, let requested):
            return "backup \(quoted: backup) was taken from a \(backupEdition.displayName) service and cannot be restored to the lower \(requested.displayName) edition; restore to \(backupEdition.displayName) or higher"
        case .unknownSetting(let key):
            let keys = SettingKey.allCases.map(\.name)
            return "\(quoted: key) is not a configuration setting"
                + didYouMean(suggestion(for: key, among: keys), otherwise: "; the settings are \(keys.joined(separator: ", "))")
        case .invalidCount(let count):
            let counts = Engine.failureCounts
            return count < counts.lowerBound
                ? "the failure count must be at least \(counts.lowerBound), not \(count)"
                : "the failure count must be at most \(counts.upperBound), not \(count)"
        case .tooManyArmedFailures(let operation, let service, let armed, let adding):
            return "\(armed) failure\(armed == 1 ? "" : "s") of \(operation.keyword) on \(quoted: service) already wait; \(adding) more would pass the most that may wait, \(Engine.failureCounts.upperBound); clear them with 'fail clear \(operation.keyword) on \(clipped: service)'"
        case .invalidChaosPercent(let percent):
            let range = Engine.chaosPercents
            return "the chaos failure rate is a percentage from \(range.lowerBound) to \(range.upperBound), not \(percent)"
        case .negativeInterval(let interval):
            return "the simulated clock only moves forward; cannot wait \(interval)"
        case .clockOverflow(let interval):
            return "cannot wait \(interval): the simulated clock would pass the latest time it can hold, \(Timestamp.latest)"
        case .contentsNotAllowed(let service, let state):
            return "cannot change the contents of \(quoted: service) while it is \(state): contents change only while a service is \(orList(Engine.contentStates.map(\.displayName)))"
        case .contentExists(let kind, let name, let service):
            return "\(quoted: service) already has a \(kind.name) named \(quoted: name)"
        case .noSuchContent(let kind, let name, let service):
            return "\(quoted: service) has no \(kind.name) named \(quoted: name)"
        case .sourceOnlyForAgreements(let kind):
            return "only an agreement reads from a source folder, not a \(kind.name)"
        case .quotaReached(let quota, let kind, let wouldUse, let limit, let service, let edition, let units):
            return "another \(kind.name) would make \(wouldUse) \(quota.name) on \(quoted: service), over its quota of \(limit) (\(edition), \(units) unit\(units == 1 ? "" : "s")"
                + (quota == .bridges ? "; an agreement counts as 2 bridges" : "") + "); " + wayOut(edition: edition, units: units)
        case .tooManyMessages(let service):
            return "\(quoted: service) cannot count that many more messages: a count would pass \(Int.max)"
        case .invalidContentName(let name, let problem):
            return "\(quoted: name) is not a valid name for an artifact: " + contentNameRule(problem)
        case .emptySourceFolder(let agreement):
            return "agreement \(quoted: agreement) needs a source folder, not a blank one"
        case .negativeNameHold(let interval):
            return "a name cannot be held for \(interval); hold names for 0s or longer"
        case .scaleBelowUsage(let service, let units, let over):
            let problems = over.map {
                "\($0.used) \($0.kind.name) deployed, \($0.limit) allowed" + ($0.kind == .bridges ? " (an agreement counts as 2 bridges)" : "")
            }.joined(separator: "; ")
            return "cannot scale \(quoted: service) in to \(units) unit\(units == 1 ? "" : "s"): \(problems); remove some first"
        case .messagesNotProcessed(let service, let state):
            return "\(quoted: service) is \(state) and processes no messages; messages are processed only while a service is \(Engine.messageState)"
        case .invalidMessageCount(let count):
            return "the number of messages must be at least 1, not \(count)"
        case .noTrackingDatabase(let service):
            return "\(quoted: service) names no tracking database; set one with 'update \(service) set tracking-database = ...'"
        case .trackingDatabaseMissing(let service):
            return "the tracking database of \(quoted: service) does not exist (it was deleted, or never created); restore a backup of it, or create one with 'create tracking database of \(service)'"
        case .trackingDatabaseExists(let service):
            return "the tracking database of \(quoted: service) exists already"
        case .invalidTrackingDetail(let value, let part) where value.contains(";") || value.contains("="):
            // A connection string pasted whole may hold a password.
            return "the tracking database's \(part) has ';' or '=', as a connection string does (not shown: it may hold a password): give the \(part)'s name alone"
        case .invalidTrackingDetail(let value, let part):
            return "\(quoted: value) is not a tracking database \(part): give a name, without ';' or '='"
        case .backupFrequencyNotPositive(let interval):
            return "backups cannot be scheduled every \(interval): the frequency must be longer than 0s"
        case .retentionNotLongerThanFrequency(let retention, let frequency):
            return "the retention period (\(retention)) must be longer than the backup frequency (\(frequency))"
        case .backupFrequencyTooLong(let interval):
            return "a backup every \(interval) would never come due: the simulated clock cannot hold a time that far ahead"
        case .tooManyScheduledBackups(let interval, let count):
            return "waiting \(interval) would run \(count) scheduled backups; at most \(Engine.maximumScheduledBackupsPerWait) run in one wait: wait in shorter steps"
        case .tooManyServices(let limit):
            return "the workspace already holds \(limit) services, the most it may; delete some first"
        case .invalidVersion(let text, let problem):
            return versionRule(text, problem) + "; write one such as 2.1"
        case .tooManyBackups(let limit):
            return "the workspace already holds \(limit) backups, the most it may; take fewer, or let a schedule's retention purge them"
        case .serviceNumbersUsedUp(let limit):
            return "the workspace has given out all \(limit) service numbers, one to each service created or restored; start a new workspace"
        case .tooManyContentItems(let service, let limit):
            return "'\(service)' already holds \(limit) portal artifacts, the most one service may; remove some first"
        }
    }

    /// The way past a quota for a service of this edition and size: more
    /// units, or a higher edition (by restoring a backup where the edition
    /// can be backed up, else by a new service).
    private static func wayOut(edition: Edition, units: Int) -> String {
        if edition.canScale && units < edition.unitRange.upperBound {
            return "scale out to more units"
        }
        guard let higher = Edition.allCases.first(where: { $0 > edition }) else {
            return "this is the largest a service can be; spread the work over another service"
        }
        return edition.supportsBackup
            ? "restore a backup to the \(higher) edition or higher"
            : "create a service of the \(higher) edition or higher"
    }

    /// `a`, `a or b`, `a, b or c`.
    private static func orList(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " or " + items.last!
    }

    /// `'a'`, `'a' and 'b'`, `'a', 'b' and 'c'`, or the first three and
    /// how many more: a warning about a lineage of a thousand copies stays
    /// one line.
    private static func someNames(_ names: [String]) -> String {
        let shown = names.prefix(3).map { "\(quoted: $0)" }
        if names.count > shown.count {
            return shown.joined(separator: ", ") + " and \(names.count - shown.count) more of its lineage"
        }
        guard shown.count > 1 else { return shown.first ?? "" }
        return shown.dropLast().joined(separator: ", ") + " and " + shown.last!
    }

    /// What a warning about an operation that succeeded says.
    static func text(of warning: LifecycleWarning) -> String {
        switch warning {
        case .batchMessagesLost(let service, let count, let backup):
            "\(count) message\(count == 1 ? " was" : "s were") in the active batch of \(quoted: service): backup \(quoted: backup) does not hold \(count == 1 ? "it" : "them"), so \(count == 1 ? "it is" : "they are") lost; process the batch before a backup"
        case .hybridConnectionsToRecreate(let service, let names):
            "hybrid connections are never backed up: recreate \(names.map { "\(quoted: $0)" }.joined(separator: ", ")) on \(quoted: service)"
        case .controlNumbersMayRepeat(let source, let backup, let messages, let controlNumbers):
            "control numbers may repeat: \(quoted: source) processed \(messages) message\(messages == 1 ? "" : "s") (\(controlNumbers) control number\(controlNumbers == 1 ? "" : "s")) after backup \(quoted: backup) was taken"
        case .sharedSourceFolder(let agreement, let folder, let otherService, let otherAgreement):
            "agreement \(quoted: agreement) reads \(clipped: folder), as agreement \(quoted: otherAgreement) of \(quoted: otherService) does: both may pull the same messages; point one at another folder"
        case .updateAccessControlCredentials(let service):
            "applications built with the BizTalk Services SDK may need the ACS credentials of \(quoted: service)"
        case .scheduleBackups(let service):
            "\(quoted: service) has no scheduled backups; set them up"
        case .trackingDatabaseMissing(let service, let records):
            "the tracking database of \(quoted: service) does not exist: \(records) tracking record\(records == 1 ? " was" : "s were") not kept"
        case .targetTheRightEnvironment(let service, let others):
            "\(Self.someNames(others)) still exist\(others.count == 1 ? "s" : "") beside \(quoted: service): "
                + "make sure Visual Studio projects, PowerShell, the REST API and the TPM object model target the one you mean"
        case .trackingDatabaseDeleted(let service, let records, let backup?):
            "the tracking database of \(quoted: service) is deleted with its \(records) record\(records == 1 ? "" : "s"); "
                + "'restore tracking database \(backup)' brings back those its backup holds. Geo-replication protects a tracking database"
        case .trackingDatabaseDeleted(let service, let records, nil):
            "the tracking database of \(quoted: service) had no backup: its \(records) record\(records == 1 ? "" : "s") cannot be recovered; "
                + "'create tracking database of \(service)' makes a new, empty one of the same name. Geo-replication protects a tracking database"
        case .trackingRecordsReplaced(let backup, let had, let restored):
            "restoring \(quoted: backup) replaced a tracking database of \(had) record\(had == 1 ? "" : "s") with the \(restored) it held"
        }
    }

    /// The unit counts an edition runs: `exactly 1 unit`, `1 to 8 units`.
    private static func unitCounts(_ edition: Edition) -> String {
        let range = edition.unitRange
        guard range.count == 1 else { return "\(range.lowerBound) to \(range.upperBound) units" }
        return "exactly \(range.lowerBound) unit" + (range.lowerBound == 1 ? "" : "s")
    }

    /// The service-name rule that `name` breaks (without `name`'s own
    /// length when nil).
    private static func serviceNameRule(_ problem: NameProblem, _ name: String?) -> String {
        switch problem {
        case .length: lengthRule("a service name", Names.serviceNameLength, name)
        case .firstCharacter: "a service name starts with a letter"
        case .characters, .doubleHyphen: "a service name has only letters, digits and hyphens"
        }
    }

    /// The backup-name rule that `name` breaks (without `name`'s own
    /// length when nil).
    private static func backupNameRule(_ problem: NameProblem, _ name: String?) -> String {
        switch problem {
        case .length: lengthRule("a backup name", Names.backupNameLength, name)
        case .firstCharacter: "a backup name starts with a letter or a digit"
        case .characters: "a backup name has only lowercase letters, digits and hyphens"
        case .doubleHyphen: "a backup name has no two hyphens in a row"
        }
    }

    /// The rule a product version breaks.
    private static func versionRule(_ text: String, _ problem: NameProblem) -> String {
        problem == .length ? "an empty text is not a product version"
            : "\(quoted: text) is not a product version: it has a space or an invisible character"
    }

    /// The rule an artifact's name breaks.
    private static func contentNameRule(_ problem: NameProblem) -> String {
        let length = Names.contentNameLength
        return problem == .length
            ? "it has \(length.lowerBound) to \(length.upperBound) characters, not all blank"
            : "it has no control characters, nor bidirectional formatting characters such as U+202E"
    }

    private static func lengthRule(_ subject: String, _ range: ClosedRange<Int>, _ name: String?) -> String {
        "\(subject) has \(range.lowerBound) to \(range.upperBound) characters" + (name.map { ", and \(quoted: $0) has \($0.count)" } ?? "")
    }
}

// The words for what a saved workspace holds that no run could make (the
// engine's `Inconsistency`, the language's `WorkspaceProblem`). The file
// may be hostile: its names are quoted as every message quotes a value
// (cut to a window; the channels escape control characters).
extension Message {
    /// What a saved workspace holds that no run could make.
    static func text(of problem: WorkspaceProblem) -> String {
        switch problem {
        case .engine(let inconsistency):
            text(of: inconsistency)
        case .variableName(let name):
            "a variable is named \(quoted: name), which no script can write"
        case .variableTooLarge(let name):
            "the variable \(quoted: "$" + name) holds more than \(Value.maximumSize >> 20) Mi list items and bytes of text together, more than any value"
        case .procedureUnparsed(let position):
            "procedure \(position) is not one 'def' statement that parses"
        case .builtinProcedure(let name):
            "the procedure \(quoted: name) is named like a built-in function"
        case .procedureTwice(let name):
            "the procedure \(quoted: name) is defined twice"
        case .variableTooDeep(let name):
            "the variable \(quoted: "$" + name) holds lists nested more than \(WorkspaceSnapshot.maximumNesting) deep, deeper than a workspace is saved with"
        case .variableVersion(let name, let version, let problem):
            versionRule(version, problem) + " (in the variable \(quoted: "$" + name))"
        }
    }

    /// What is impossible in a saved engine.
    static func text(of inconsistency: Inconsistency) -> String {
        switch inconsistency {
        case .clockBeforeStart(let time):
            return "the clock reads \(time), before \(Timestamp.simulationStart), where every run starts"
        case .tooManyServices(let count):
            return "it holds \(count) services, more than the \(Engine.maximumServices) a workspace may"
        case .tooManyBackups(let count):
            return "it holds \(count) backups, more than the \(Engine.maximumBackups) a workspace may"
        case .nextServiceNumber(let number):
            return "the next service number is \(number), outside 1 to \(Engine.maximumServiceNumber + 1)"
        case .serviceNumberNotGiven(let subject, let number, let next):
            // A deleted service is known by its number alone.
            let numbered = if case .deletedService = subject { "a deleted service" } else { text(of: subject) }
            return "\(numbered) is numbered \(number), a number never given out (they run from 1; the next is \(next))"
        case .serviceNumberShared(let number, let first, let second):
            return "the services \(quoted: first) and \(quoted: second) share the number \(number)"
        case .lineageAfterService(let subject, let lineage, let number):
            let numbered = if case .deletedService = subject { "the deleted service numbered \(number)" } else { "\(text(of: subject)), numbered \(number)," }
            return "\(numbered) is said to be of the backup lineage of service \(lineage), which no run could have made before it (a lineage is known by its first service)"
        case .invalidName(let name, let kind, let problem, let subject):
            let sentence = switch kind {
            case .service: "\(quoted: name) is not a valid service name: " + serviceNameRule(problem, nil)
            case .backup: "\(quoted: name) is not a valid backup name: " + backupNameRule(problem, nil)
            case .content(let content): "\(quoted: name) is not a valid \(content.name) name: " + contentNameRule(problem)
            case .version: versionRule(name, problem)
            }
            return sentence + (subject.map { " (in \(text(of: $0)))" } ?? "")
        case .misfiled(let subject, let key):
            let verb = if case .armedFailures = subject { "are" } else { "is" }
            return "\(text(of: subject)) \(verb) filed under \(quoted: key), not under its name"
        case .unitsOutOfRange(let subject, let units, let edition):
            return "\(text(of: subject)) has \(units) units, which no \(edition.displayName) service runs"
        case .negativeCount(let subject, let count, let value):
            let what = switch count {
            case .activeBatch: "an active batch"
            case .controlNumber: "a control number"
            case .micValues: "a MIC value count"
            case .messagesProcessed: "a processed message count"
            case .messagesLost: "a lost message count"
            case .trackingRecords: "a tracking record count"
            }
            return "\(text(of: subject)) has \(what) of \(value); no count goes below 0"
        case .timeOutOfRange(let subject, let time, let earliest, let latest):
            return "\(text(of: subject)) is dated \(time), where a run could only have set a time from \(earliest) to \(latest)"
        case .textTooLarge(let subject, let limit):
            return "\(text(of: subject)) holds a text of more than \(limit) bytes, longer than any value can be"
        case .contentNamedTwice(let subject, let kind, let name):
            return "\(text(of: subject)) has two \(kind.name)s named \(quoted: name) (names of one kind differ in more than case)"
        case .misplacedSource(let subject, let kind, let name):
            return kind == .agreement
                ? "\(text(of: subject)) has the agreement \(quoted: name) read from a blank folder"
                : "\(text(of: subject)) has the \(kind.name) \(quoted: name) read from a source folder; only agreements do"
        case .contentNotBackedUp(let backup, let kind):
            return "the backup \(quoted: backup) holds \(kind.name)s, which a backup never holds"
        case .overQuota(let subject, let quota, let used, let limit):
            return "\(text(of: subject)) uses \(used) \(quota.name), over its quota of \(limit)"
        case .tooManyContentItems(let subject, let count):
            return "\(text(of: subject)) holds \(count) portal artifacts, more than the \(Engine.maximumContentItems) one service may"
        case .armedFailureCount(let operation, let service, let count):
            let counts = Engine.failureCounts
            return "\(count) failures are armed for \(operation.keyword) on \(quoted: service); a count is from \(counts.lowerBound) to \(counts.upperBound)"
        case .scheduleWithoutService(let service):
            return "the backup schedule of \(quoted: service) belongs to no service that can be backed up"
        case .scheduleIntervals(let service, let frequency, let retention):
            return "the backup schedule of \(quoted: service) takes a backup every \(frequency) and keeps it \(retention); the frequency must be longer than 0s, and the retention longer still"
        case .chaosPercent(let percent):
            let range = Engine.chaosPercents
            return "the chaos failure rate \(percent) is not a percentage from \(range.lowerBound) to \(range.upperBound)"
        case .negativeNameHold(let interval):
            return "names are held for \(interval), less than 0s"
        case .logLimit(let limit):
            return "the operation log keeps \(limit) entries; it keeps at least 1"
        case .logDropped(let count):
            return "the operation log has dropped \(count) entries; no count goes below 0"
        case .heldNameInUse(let name):
            return "the name \(quoted: name) is held for a deleted service while a service of that name exists"
        case .backupNameShared(let name):
            return "\(quoted: name) names both a backup and a tracking database backup"
        }
    }

    /// What in a saved engine a message is about.
    static func text(of subject: Inconsistency.Subject) -> String {
        switch subject {
        case .service(let name): "the service \(quoted: name)"
        case .backup(let name): "the backup \(quoted: name)"
        case .databaseBackup(let name): "the tracking database backup \(quoted: name)"
        case .trackingDatabase(let name): "the tracking database \(quoted: name)"
        case .schedule(let service): "the backup schedule of \(quoted: service)"
        case .heldName(let name): "the held name \(quoted: name)"
        case .armedFailures(let operation, let service): "the failures armed for \(operation.keyword) on \(quoted: service)"
        case .deletedService(let number): "the deleted service numbered \(number)"
        case .logEntry(let position): "log entry \(position)"
        }
    }
}
