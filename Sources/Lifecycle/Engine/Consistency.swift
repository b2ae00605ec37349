/// What an engine read back from a saved workspace holds that no run could
/// have made: the first thing `Engine.inconsistency(textLimit:)` finds.
///
/// A run only ever makes what the engine's checks let through, so every
/// operation may rely on it: a service is filed under its name's key, a
/// count is never below 0, the clock never runs back, the next service
/// number is one no service has. A file edited by hand, damaged, or
/// crafted may break any of these; the workspace is then refused, with
/// this saying what is wrong, rather than run into a crash or a wrong
/// answer later.
///
/// Each case carries the facts a message about it needs; the words are the
/// language's (`Message.text(of:)`).
public enum Inconsistency: Error, Sendable, Hashable {
    /// What in the workspace holds the impossible value.
    public enum Subject: Sendable, Hashable {
        case service(String)
        case backup(String)
        /// A backup of a tracking database.
        case databaseBackup(String)
        /// A tracking database, by the name a service's setting gives it.
        case trackingDatabase(String)
        case schedule(service: String)
        case heldName(String)
        case armedFailures(Operation, service: String)
        /// What a deleted service had processed, kept by its number.
        case deletedService(number: Int)
        /// The operation log's entry at this position among those kept,
        /// counted from 1, oldest first.
        case logEntry(Int)
    }

    /// The kinds of name the engine checks (`Names`, and
    /// `ProductVersion.problem` for versions).
    public enum NameKind: Sendable, Hashable {
        case service, backup, version
        case content(ContentKind)
    }

    /// The counts that never go below 0.
    public enum Count: Sendable, Hashable {
        case activeBatch, controlNumber, micValues, messagesProcessed, messagesLost, trackingRecords
    }

    /// The clock reads earlier than `Timestamp.simulationStart`.
    case clockBeforeStart(Timestamp)
    /// More services than `Engine.maximumServices`.
    case tooManyServices(Int)
    /// More backups (of services and of tracking databases together) than
    /// `Engine.maximumBackups`.
    case tooManyBackups(Int)
    /// The number the next service gets is outside
    /// 1...`Engine.maximumServiceNumber` + 1.
    case nextServiceNumber(Int)
    /// A service number below 1, or one not given out yet (`next` is the
    /// next one the engine would give).
    case serviceNumberNotGiven(Subject, number: Int, next: Int)
    /// Two services with the same number.
    case serviceNumberShared(Int, String, String)
    /// A service (or a deleted one) of a lineage that starts at a service
    /// numbered after it: a line's first service is made before the rest.
    case lineageAfterService(Subject, lineage: Int, number: Int)
    /// A name that breaks its kind's rule, with where it is when the name
    /// alone does not say.
    case invalidName(String, NameKind, NameProblem, in: Subject?)
    /// Filed under a key that is not its name's (`key` is the key, the
    /// subject names what is filed).
    case misfiled(Subject, key: String)
    /// A unit count the edition cannot run.
    case unitsOutOfRange(Subject, units: Int, edition: Edition)
    case negativeCount(Subject, Count, Int)
    /// A time outside the span in which a run could have set it.
    case timeOutOfRange(Subject, Timestamp, earliest: Timestamp, latest: Timestamp)
    /// A text longer than the `textLimit` every text a run gives the
    /// engine keeps to.
    case textTooLarge(Subject, limit: Int)
    /// Two items of one kind with one name, ignoring case (the file's
    /// order does not matter: `Contents` sorts what it reads).
    case contentNamedTwice(Subject, ContentKind, name: String)
    /// A source folder on an artifact that is not an agreement, or a blank
    /// one.
    case misplacedSource(Subject, ContentKind, name: String)
    /// A backup holding a kind of content backups never hold.
    case contentNotBackedUp(backup: String, ContentKind)
    /// Contents past a quota of the edition and units.
    case overQuota(Subject, QuotaKind, used: Int, limit: Int)
    /// More artifacts than `Engine.maximumContentItems`.
    case tooManyContentItems(Subject, count: Int)
    /// An armed failure count outside `Engine.failureCounts`.
    case armedFailureCount(Operation, service: String, count: Int)
    /// A backup schedule whose service does not exist, or cannot back up.
    case scheduleWithoutService(String)
    /// A backup schedule that is not a frequency above 0 and a longer
    /// retention.
    case scheduleIntervals(service: String, frequency: Interval, retention: Interval)
    case chaosPercent(Int)
    case negativeNameHold(Interval)
    /// An operation log that keeps fewer than 1 entry.
    case logLimit(Int)
    /// An operation log that dropped fewer than 0 entries.
    case logDropped(Int)
    /// A name held for a deleted service while a service of that name
    /// exists.
    case heldNameInUse(String)
    /// One name for a backup of a service and a backup of a tracking
    /// database.
    case backupNameShared(String)
}

extension Engine {
    /// The most numbers the engine gives services over a workspace's life
    /// (model decision): 2^53, a count any JSON reader holds exactly, and a
    /// million services a second for 285 years.
    public static let maximumServiceNumber = 1 << 53

    /// What is impossible in this engine, if anything: an engine read back
    /// from a saved workspace is checked against what a run could produce
    /// before it is used. `textLimit` is the longest text (in UTF-8 bytes)
    /// the language ever gives the engine. Nil when all is well.
    ///
    /// Things are looked at in name order, so the problem reported is the
    /// same on every run.
    public func inconsistency(textLimit: Int) -> Inconsistency? {
        let start = Timestamp.simulationStart
        if now < start { return .clockBeforeStart(now) }
        if nameHold.seconds < 0 { return .negativeNameHold(nameHold) }
        if services.count > Engine.maximumServices { return .tooManyServices(services.count) }
        let backupCount = backups.count + databaseBackups.count
        if backupCount > Engine.maximumBackups { return .tooManyBackups(backupCount) }
        guard (1...Engine.maximumServiceNumber + 1).contains(nextServiceNumber) else {
            return .nextServiceNumber(nextServiceNumber)
        }
        func given(_ number: Int, _ subject: Inconsistency.Subject) -> Inconsistency? {
            (1..<nextServiceNumber).contains(number) ? nil : .serviceNumberNotGiven(subject, number: number, next: nextServiceNumber)
        }
        func lined(_ lineage: Int?, of number: Int, _ subject: Inconsistency.Subject) -> Inconsistency? {
            guard let lineage else { return nil }
            return lineage >= 1 && lineage <= number ? nil : .lineageAfterService(subject, lineage: lineage, number: number)
        }
        func dated(_ time: Timestamp, _ subject: Inconsistency.Subject, from earliest: Timestamp = start, to latest: Timestamp? = nil) -> Inconsistency? {
            let latest = latest ?? now
            return time >= earliest && time <= latest ? nil : .timeOutOfRange(subject, time, earliest: earliest, latest: latest)
        }
        func fits(_ texts: [String], _ subject: Inconsistency.Subject) -> Inconsistency? {
            texts.contains { $0.utf8.count > textLimit } ? .textTooLarge(subject, limit: textLimit) : nil
        }
        func filedBackup(_ name: String, under key: NameKey, _ subject: Inconsistency.Subject) -> Inconsistency? {
            if let problem = Names.backupNameProblem(name) { return .invalidName(name, .backup, problem, in: nil) }
            return key.text == name ? nil : .misfiled(subject, key: key.text)
        }
        func counted(_ counts: [(Inconsistency.Count, Int)], _ subject: Inconsistency.Subject) -> Inconsistency? {
            counts.first { $0.1 < 0 }.map { .negativeCount(subject, $0.0, $0.1) }
        }
        /// What a service and a backup of it both hold.
        func held(
            _ subject: Inconsistency.Subject, _ edition: Edition, _ units: Int, at time: Timestamp,
            _ counts: [(Inconsistency.Count, Int)], _ region: String, _ version: ProductVersion,
            _ settings: Settings, _ contents: Contents
        ) -> Inconsistency? {
            if !edition.unitRange.contains(units) { return .unitsOutOfRange(subject, units: units, edition: edition) }
            if let problem = counted(counts, subject) { return problem }
            if let problem = dated(time, subject) { return problem }
            if let problem = fits([region, version.text] + settings.keys.compactMap { settings[$0] }, subject) { return problem }
            if let problem = ProductVersion.problem(version.text) { return .invalidName(version.text, .version, problem, in: subject) }
            return contents.inconsistency(of: subject, quota: edition.quotaPerUnit * units, textLimit: textLimit)
        }

        var numbered: [Int: String] = [:]
        for key in services.keys.sorted() {
            let service = services[key]!, subject = Inconsistency.Subject.service(service.name)
            if let problem = Names.serviceNameProblem(service.name) {
                return .invalidName(service.name, .service, problem, in: nil)
            }
            if key != NameKey(service.name) { return .misfiled(subject, key: key.text) }
            if let problem = given(service.number, subject) { return problem }
            if let other = numbered.updateValue(service.name, forKey: service.number) {
                return .serviceNumberShared(service.number, other, service.name)
            }
            if let problem = lined(service.lineage, of: service.number, subject) { return problem }
            if let problem = held(subject, service.edition, service.units, at: service.createdAt, [
                (.activeBatch, service.activeBatch), (.controlNumber, service.controlNumber),
                (.micValues, service.micValues), (.messagesProcessed, service.messagesProcessed),
            ], service.region, service.productVersion, service.settings, service.contents) {
                return problem
            }
            if let backup = service.restoredFrom, let problem = Names.backupNameProblem(backup) {
                return .invalidName(backup, .backup, problem, in: subject)
            }
        }

        for key in backups.keys.sorted() {
            let backup = backups[key]!, subject = Inconsistency.Subject.backup(backup.name)
            if let problem = filedBackup(backup.name, under: key, subject) { return problem }
            if databaseBackups[key] != nil { return .backupNameShared(key.text) }
            if let problem = Names.serviceNameProblem(backup.service) {
                return .invalidName(backup.service, .service, problem, in: subject)
            }
            if let problem = given(backup.sourceID, subject) { return problem }
            if let problem = held(subject, backup.edition, backup.units, at: backup.takenAt, [
                (.controlNumber, backup.controlNumber), (.micValues, backup.micValues),
                (.messagesProcessed, backup.messagesProcessed), (.messagesLost, backup.messagesLost),
            ], backup.region, backup.productVersion, backup.settings, backup.contents) {
                return problem
            }
            if let kind = backup.contents.kinds.first(where: { !$0.isBackedUp }) {
                return .contentNotBackedUp(backup: backup.name, kind)
            }
            for name in backup.hybridConnectionsLeftOut {
                if let problem = Names.contentNameProblem(name) {
                    return .invalidName(name, .content(.hybridConnection), problem, in: subject)
                }
            }
        }

        for key in databaseBackups.keys.sorted() {
            let backup = databaseBackups[key]!, subject = Inconsistency.Subject.databaseBackup(backup.name)
            if let problem = filedBackup(backup.name, under: key, subject) { return problem }
            if let problem = counted([(.trackingRecords, backup.records)], subject) { return problem }
            if let problem = dated(backup.takenAt, subject) { return problem }
            if let problem = fits([backup.database], subject) { return problem }
        }

        for database in trackingDatabases.keys.sorted() {
            let subject = Inconsistency.Subject.trackingDatabase(database)
            if let problem = fits([database], subject) { return problem }
            if let problem = counted([(.trackingRecords, trackingDatabases[database]!)], subject) { return problem }
        }

        for number in processedAtDeletion.keys.sorted() {
            let processed = processedAtDeletion[number]!, subject = Inconsistency.Subject.deletedService(number: number)
            if let problem = given(number, subject) { return problem }
            if let problem = lined(processed.lineage, of: number, subject) { return problem }
            if let problem = counted([(.messagesProcessed, processed.messages), (.controlNumber, processed.controlNumber)], subject) {
                return problem
            }
        }

        for key in heldNames.keys.sorted() {
            if let problem = Names.serviceNameProblem(key.text) { return .invalidName(key.text, .service, problem, in: nil) }
            if key != NameKey(key.text) { return .misfiled(.heldName(NameKey(key.text).text), key: key.text) }
            if services[key] != nil { return .heldNameInUse(key.text) }
            if let problem = dated(heldNames[key]!, .heldName(key.text), to: .latest) { return problem }
        }

        if let problem = faults.inconsistency() { return problem }

        // The schedules by the key their service's name is filed under, and
        // those a file filed under a key no service of their name has.
        let filed = schedules.all.map { (key: NameKey($0.service), schedule: $0) }
            + schedules.unattached.map { (key: $0.key, schedule: $0.value) }
        for (key, schedule) in filed.sorted(by: { $0.key < $1.key }) {
            let subject = Inconsistency.Subject.schedule(service: schedule.service)
            if key != NameKey(schedule.service) { return .misfiled(subject, key: key.text) }
            guard let service = services[key], service.name == schedule.service, service.edition.supportsBackup else {
                return .scheduleWithoutService(schedule.service)
            }
            if schedule.frequency.seconds <= 0 || schedule.retention <= schedule.frequency {
                return .scheduleIntervals(service: schedule.service, frequency: schedule.frequency, retention: schedule.retention)
            }
            // Due no earlier than now (a wait runs every backup due by its
            // end), and at most one frequency ahead.
            if let problem = dated(schedule.next, subject, from: now, to: now.adding(schedule.frequency) ?? .latest) {
                return problem
            }
        }

        if log.limit < 1 { return .logLimit(log.limit) }
        if log.dropped < 0 { return .logDropped(log.dropped) }
        var earliest = start
        for (index, entry) in log.entries.enumerated() {
            let subject = Inconsistency.Subject.logEntry(index + 1)
            if let problem = dated(entry.time, subject, from: earliest) { return problem }
            earliest = entry.time
            let service = name(of: entry.service) ?? ""
            if let problem = Names.serviceNameProblem(service) {
                return .invalidName(service, .service, problem, in: subject)
            }
            switch entry.subject {
            case .backup(let text), .purgedBackup(let text):
                let name = log.text(text)
                if let problem = Names.backupNameProblem(name) { return .invalidName(name, .backup, problem, in: subject) }
            case .version(let text):
                let version = log.text(text)
                if let problem = fits([version], subject) { return problem }
                if let problem = ProductVersion.problem(version) {
                    return .invalidName(version, .version, problem, in: subject)
                }
            case .units, .settings, nil:
                break
            }
        }
        return nil
    }
}

extension Contents {
    /// What no run could have put in these contents: two items of a kind
    /// named alike, a name no artifact may have, a
    /// source folder on anything but an agreement or a blank one, a folder
    /// longer than `textLimit`, more than `quota` allows, or more items
    /// than a service may hold.
    func inconsistency(of subject: Inconsistency.Subject, quota: Quota, textLimit: Int) -> Inconsistency? {
        if totalCount > Engine.maximumContentItems { return .tooManyContentItems(subject, count: totalCount) }
        for kind in ContentKind.allCases {
            let list = items(kind)
            var previous: NameKey?
            for item in list {
                if let problem = Names.contentNameProblem(item.name) {
                    return .invalidName(item.name, .content(kind), problem, in: subject)
                }
                let key = NameKey(item.name)
                if key == previous { return .contentNamedTwice(subject, kind, name: item.name) }
                previous = key
                if let source = item.source {
                    if kind != .agreement || source.allSatisfy(\.isWhitespace) {
                        return .misplacedSource(subject, kind, name: item.name)
                    }
                    if source.utf8.count > textLimit { return .textTooLarge(subject, limit: textLimit) }
                }
            }
        }
        let usage = usage
        if let kind = QuotaKind.allCases.first(where: { usage[$0] > quota[$0] }) {
            return .overQuota(subject, kind, used: usage[kind], limit: quota[kind])
        }
        return nil
    }
}
