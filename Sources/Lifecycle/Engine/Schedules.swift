/// Scheduled backups (public: the configure tab): a backup every
/// `frequency`, backups older than `retention` purged, and optionally the
/// most recent backup always kept.
///
/// Model decisions:
/// - Setting or removing a schedule is a setting of the backup system, not
///   an operation: it is allowed in any state and is not logged.
/// - The Developer edition cannot schedule backups, as it cannot back up.
/// - The first backup comes due one frequency after scheduling;
///   scheduling again replaces the schedule and starts counting afresh.
/// - A due backup runs as a user's backup would (logged as
///   BackupBizTalkService; an armed failure or chaos can fail it) under an
///   automatic name. Due in a state the seed table does not allow backup
///   in, it is logged as Failed (`FailureCause.notAllowed`) and uses up no
///   armed failure.
/// - After every due backup, failed or not, the service's backups older
///   than the retention period are purged, each logged as
///   PurgeBackupBizTalkService (so "keep at least one" matters when
///   backups keep failing). Only backups taken from this service count:
///   those of an earlier service of the same name are left alone.
/// - A schedule ends with its service (a deleted service's schedule is
///   gone; a restored service has none).
public struct BackupSchedule: Sendable, Hashable, Codable {
    /// The service's name, as it was created.
    public let service: String
    /// How often a backup is taken.
    public let frequency: Interval
    /// How long a backup is kept: older ones are purged after each
    /// scheduled backup.
    public let retention: Interval
    /// Whether the most recent backup is kept even past `retention`.
    public let keepOne: Bool
    /// When the next scheduled backup comes due.
    public internal(set) var next: Timestamp
}

extension Engine {
    /// The most scheduled backups one wait may run (model decision: a
    /// guard against a wait that would fill the log for ever).
    public static let maximumScheduledBackupsPerWait = 1_000

    /// Schedules backups of the named service every `frequency`, keeping
    /// them for `retention` (which must be longer than `frequency`), and,
    /// with `keepOne`, always keeping the most recent one. Replaces any
    /// schedule the service had.
    public mutating func scheduleBackups(
        of name: String, every frequency: Interval, retain retention: Interval, keepOne: Bool
    ) throws(LifecycleError) {
        guard let service = service(named: name) else { throw .noSuchService(name) }
        guard service.edition.supportsBackup else {
            throw .backupNotSupported(service: service.name, edition: service.edition)
        }
        guard frequency.seconds > 0 else { throw .backupFrequencyNotPositive(frequency) }
        guard retention > frequency else {
            throw .retentionNotLongerThanFrequency(retention: retention, frequency: frequency)
        }
        guard let next = now.adding(frequency) else { throw .backupFrequencyTooLong(frequency) }
        schedules[Names.serviceKey(service.name)] = BackupSchedule(
            service: service.name, frequency: frequency, retention: retention, keepOne: keepOne, next: next
        )
    }

    /// Removes the named service's backup schedule. Returns whether it had
    /// one.
    @discardableResult
    public mutating func unscheduleBackups(of name: String) throws(LifecycleError) -> Bool {
        guard let service = service(named: name) else { throw .noSuchService(name) }
        return schedules.removeValue(forKey: Names.serviceKey(service.name)) != nil
    }

    /// The named service's backup schedule, if it has one.
    public func schedule(of name: String) -> BackupSchedule? {
        schedules[Names.serviceKey(name)]
    }

    /// Every backup schedule, by service name.
    public var allSchedules: [BackupSchedule] {
        schedules.sorted { $0.key < $1.key }.map(\.value)
    }

    // MARK: Running schedules (for `advance(by:)`)

    /// How many scheduled backups come due by `end` (at most `Int.max`).
    func scheduledBackupsDue(by end: Timestamp) -> Int {
        var total = 0
        for schedule in schedules.values where schedule.next <= end {
            let (span, spanOverflow) = end.seconds.subtractingReportingOverflow(schedule.next.seconds)
            let (count, countOverflow) = (span / schedule.frequency.seconds).addingReportingOverflow(1)
            let (sum, sumOverflow) = total.addingReportingOverflow(Int(count))
            if spanOverflow || countOverflow || sumOverflow { return .max }
            total = sum
        }
        return total
    }

    /// The earliest scheduled backup due by `end`, ties by service name.
    func nextScheduledBackup(by end: Timestamp) -> (time: Timestamp, key: String)? {
        schedules.filter { $0.value.next <= end }
            .min { ($0.value.next, $0.key) < ($1.value.next, $1.key) }
            .map { ($0.value.next, $0.key) }
    }

    /// Runs the backup due now on the service under `key`, then purges its
    /// backups past the retention period. Returns what ran, in log order.
    mutating func runScheduledBackup(of key: String) -> [OperationReport] {
        guard var schedule = schedules[key], let service = services[key] else {
            schedules[key] = nil
            return []
        }
        // A schedule whose next time the clock cannot hold ends here.
        if let next = schedule.next.adding(schedule.frequency) {
            schedule.next = next
            schedules[key] = schedule
        } else {
            schedules[key] = nil
        }
        guard service.edition.supportsBackup else {
            // Refused when scheduled, and no operation changes a service's
            // edition: this does not happen.
            schedules[key] = nil
            return []
        }
        let name = automaticBackupName(for: service.name)
        let refusal: FailureCause? = if !Rules.isAllowed(.backup, in: service.state) {
            .notAllowed(service.state)
        } else if (try? checkRoomForBackup()) == nil {
            .backupLimit(Engine.maximumBackups)
        } else {
            nil
        }
        let report = refusal == nil
            ? takeBackup(of: service, as: name)
            : record(.backup, on: service.name, cause: refusal, from: service.state,
                     to: service.state, subject: .backup(name), warnings: [])
        return [report] + purgeExpiredBackups(of: service, retention: schedule.retention, keepOne: schedule.keepOne)
    }

    /// Purges the backups taken from `service` that are older than
    /// `retention`, except, with `keepOne`, the most recent one.
    private mutating func purgeExpiredBackups(of service: Service, retention: Interval, keepOne: Bool) -> [OperationReport] {
        let taken = backups.values
            .filter { $0.sourceID == service.id }
            .sorted { ($0.takenAt, $0.name) < ($1.takenAt, $1.name) }
        let kept = keepOne ? taken.last?.name : nil
        var reports: [OperationReport] = []
        for backup in taken where backup.name != kept {
            guard now.interval(since: backup.takenAt).map({ $0 > retention }) ?? true else { continue }
            backups[backup.name] = nil
            reports.append(record(.backup, on: service.name, cause: nil, from: nil, to: nil,
                                  subject: .purgedBackup(backup.name), warnings: []))
        }
        return reports
    }
}
