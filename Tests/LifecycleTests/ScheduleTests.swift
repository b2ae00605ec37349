@testable import Lifecycle
import Testing

/// A log entry as a user reads it: time, service, log name, status, and
/// the backup it was about.
private func line(_ entry: LogRecord) -> String {
    var text = "\(entry.time) \(entry.service) \(entry.logName) \(entry.succeeded ? "Succeeded" : "Failed")"
    switch entry.subject {
    case .backup(let name), .purgedBackup(let name): text += " \(name)"
    default: break
    }
    switch entry.cause {
    case .notAllowed(let state): text += " (not allowed in \(state.displayName))"
    case .injected: text += " (injected)"
    case .chaos: text += " (chaos)"
    case .backupLimit(let limit): text += " (at the limit of \(limit) backups)"
    case nil: break
    }
    return text
}

/// The log entries appended since `before`, as a user reads them.
private func newLines(_ engine: Engine, since before: Engine) -> [String] {
    engine.logRecords().dropFirst(before.log.entries.count).map(line)
}

/// The names of the backups that exist, oldest first.
private func backupNames(_ engine: Engine) -> [String] { engine.allBackups.map(\.name) }

@Suite("Scheduled backups")
struct ScheduleTests {
    // MARK: Setting a schedule

    @Test("a schedule is kept per service; its first backup comes one frequency after scheduling")
    func scheduleIsReadable() throws {
        var engine = try makeEngine(with: "Contoso", in: .active)
        try engine.advance(by: .minutes(30))
        try engine.scheduleBackups(of: "contoso", every: .days(1), retain: .days(7), keepOne: true)
        let schedule = try #require(engine.schedule(of: "CONTOSO"))
        #expect(schedule.service == "Contoso")
        #expect(schedule.frequency == .days(1) && schedule.retention == .days(7) && schedule.keepOne)
        #expect(schedule.next.description == "2016-11-09 09:30:00")
        #expect(engine.allSchedules == [schedule])
    }

    @Test("scheduling is not an operation: it is not logged, and works in any state", arguments: ServiceState.allCases)
    func schedulingInAnyState(state: ServiceState) throws {
        var engine = try makeEngine(in: state)
        let entries = engine.log.entries
        try engine.scheduleBackups(of: "contoso", every: .hours(6), retain: .days(1), keepOne: false)
        #expect(engine.log.entries == entries)
        #expect(engine.schedule(of: "contoso") != nil)
    }

    @Test("the retention period must be longer than the frequency; both must be positive")
    func invalidIntervals() throws {
        var engine = try makeEngine(in: .active)
        let before = engine
        func schedule(_ frequency: Interval, _ retention: Interval) -> LifecycleError? {
            refusal { try engine.scheduleBackups(of: "contoso", every: frequency, retain: retention, keepOne: false) }
        }
        #expect(schedule(.days(1), .days(1)) == .retentionNotLongerThanFrequency(retention: .days(1), frequency: .days(1)))
        #expect(schedule(.days(2), .days(1)) == .retentionNotLongerThanFrequency(retention: .days(1), frequency: .days(2)))
        #expect(schedule(.days(1), .zero) == .retentionNotLongerThanFrequency(retention: .zero, frequency: .days(1)))
        #expect(schedule(.zero, .days(1)) == .backupFrequencyNotPositive(.zero))
        #expect(schedule(.hours(-1), .days(1)) == .backupFrequencyNotPositive(.hours(-1)))
        #expect(schedule(.seconds(.max), .seconds(.max)) == .retentionNotLongerThanFrequency(retention: .seconds(.max), frequency: .seconds(.max)))
        #expect(schedule(.seconds(.max - 1), .seconds(.max)) == .backupFrequencyTooLong(.seconds(.max - 1)))
        #expect(engine == before, "a refused schedule changes nothing")
        try engine.scheduleBackups(of: "contoso", every: .days(1), retain: .days(1) + .seconds(1), keepOne: false)
        #expect(engine.schedule(of: "contoso")?.retention == .days(1) + .seconds(1))
    }

    @Test("only an existing service that can back up can be scheduled")
    func whoCanSchedule() throws {
        var engine = Engine()
        _ = try engine.create("devbox", edition: .developer)
        let before = engine
        #expect(refusal { try engine.scheduleBackups(of: "devbox", every: .days(1), retain: .days(2), keepOne: false) }
            == .backupNotSupported(service: "devbox", edition: .developer))
        #expect(refusal { try engine.scheduleBackups(of: "nobody-here", every: .days(1), retain: .days(2), keepOne: false) }
            == .noSuchService("nobody-here"))
        #expect(refusal { _ = try engine.unscheduleBackups(of: "nobody-here") } == .noSuchService("nobody-here"))
        #expect(engine == before)
    }

    @Test("unscheduling stops the backups; scheduling again replaces the schedule")
    func unscheduleAndReplace() throws {
        var engine = try makeEngine(in: .active)
        try engine.scheduleBackups(of: "contoso", every: .days(1), retain: .days(7), keepOne: false)
        try engine.advance(by: .hours(12))
        try engine.scheduleBackups(of: "contoso", every: .hours(6), retain: .days(1), keepOne: true)
        #expect(engine.schedule(of: "contoso")?.next.description == "2016-11-09 03:00:00")
        let before = engine
        try engine.advance(by: .hours(7))
        #expect(newLines(engine, since: before) == [
            "2016-11-09 03:00:00 contoso BackupBizTalkService Succeeded contoso-20161109-030000",
        ])
        #expect(try engine.unscheduleBackups(of: "contoso"))
        #expect(try !engine.unscheduleBackups(of: "contoso"))
        #expect(engine.schedule(of: "contoso") == nil)
        let unscheduled = engine
        try engine.advance(by: .days(30))
        #expect(engine.log.entries == unscheduled.log.entries)
        #expect(backupNames(engine) == ["contoso-20161109-030000"])
    }

    // MARK: Running

    @Test("nothing runs before the first backup is due; it runs at its due time")
    func firstBackup() throws {
        var engine = try makeEngine(in: .active)
        try engine.scheduleBackups(of: "contoso", every: .days(1), retain: .days(3), keepOne: false)
        let before = engine
        #expect(try engine.advance(by: .hours(23) + .minutes(59) + .seconds(59)).isEmpty)
        #expect(engine.log.entries == before.log.entries && engine.allBackups.isEmpty)
        let reports = try engine.advance(by: .seconds(1))
        #expect(reports.map { engine.describe($0.entry) }.map(line) == [
            "2016-11-09 09:00:00 contoso BackupBizTalkService Succeeded contoso-20161109-090000",
        ])
        #expect(newLines(engine, since: before) == reports.map { engine.describe($0.entry) }.map(line))
        let backup = try #require(engine.backup(named: "contoso-20161109-090000"))
        #expect(backup.service == "contoso" && backup.takenAt.description == "2016-11-09 09:00:00")
        #expect(engine.schedule(of: "contoso")?.next.description == "2016-11-10 09:00:00")
    }

    @Test("one long wait takes every due backup at its time, in time order across services, then ends the wait")
    func longWait() throws {
        var engine = Engine()
        _ = try engine.create("contoso")
        _ = try engine.create("fabrikam")
        try engine.scheduleBackups(of: "fabrikam", every: .hours(8), retain: .days(2), keepOne: false)
        try engine.scheduleBackups(of: "contoso", every: .hours(6), retain: .days(2), keepOne: false)
        let before = engine
        let reports = try engine.advance(by: .days(1) + .hours(1))
        let expected = [
            "2016-11-08 15:00:00 contoso BackupBizTalkService Succeeded contoso-20161108-150000",
            "2016-11-08 17:00:00 fabrikam BackupBizTalkService Succeeded fabrikam-20161108-170000",
            "2016-11-08 21:00:00 contoso BackupBizTalkService Succeeded contoso-20161108-210000",
            "2016-11-09 01:00:00 fabrikam BackupBizTalkService Succeeded fabrikam-20161109-010000",
            "2016-11-09 03:00:00 contoso BackupBizTalkService Succeeded contoso-20161109-030000",
            "2016-11-09 09:00:00 contoso BackupBizTalkService Succeeded contoso-20161109-090000",
            "2016-11-09 09:00:00 fabrikam BackupBizTalkService Succeeded fabrikam-20161109-090000",
        ]
        #expect(newLines(engine, since: before) == expected)
        #expect(reports.map { engine.describe($0.entry) }.map(line) == expected)
        #expect(reports.allSatisfy { $0.succeeded && $0.from == .active && $0.to == .active })
        #expect(engine.now.description == "2016-11-09 10:00:00")
        #expect(engine.allBackups.count == 7)
    }

    @Test("backups older than the retention period are purged after each scheduled backup, and logged")
    func retention() throws {
        var engine = try makeEngine(in: .active)
        try engine.scheduleBackups(of: "contoso", every: .days(1), retain: .days(2), keepOne: false)
        let before = engine
        let reports = try engine.advance(by: .days(4))
        let expected = [
            "2016-11-09 09:00:00 contoso BackupBizTalkService Succeeded contoso-20161109-090000",
            "2016-11-10 09:00:00 contoso BackupBizTalkService Succeeded contoso-20161110-090000",
            "2016-11-11 09:00:00 contoso BackupBizTalkService Succeeded contoso-20161111-090000",
            "2016-11-12 09:00:00 contoso BackupBizTalkService Succeeded contoso-20161112-090000",
            "2016-11-12 09:00:00 contoso PurgeBackupBizTalkService Succeeded contoso-20161109-090000",
        ]
        #expect(newLines(engine, since: before) == expected, "a backup exactly as old as the retention period is kept")
        #expect(reports.map { engine.describe($0.entry) }.map(line) == expected)
        #expect(backupNames(engine) == [
            "contoso-20161110-090000", "contoso-20161111-090000", "contoso-20161112-090000",
        ])
        let purge = engine.describe(try #require(engine.log.entries.last))
        #expect(purge.isPurge && purge.subject == .purgedBackup("contoso-20161109-090000"))
        #expect(purge.operation == .backup && purge.succeeded && purge.cause == nil)
        #expect(!engine.log.entries.dropLast().contains { $0.isPurge })
        #expect(engine.log.entries.dropLast().allSatisfy { $0.logName == $0.operation.logName })
    }

    @Test("the purge takes the service's own older backups too, named or not, but not those of an earlier service of the name")
    func purgeScope() throws {
        var engine = Engine(nameHold: .zero)
        _ = try engine.create("contoso")
        _ = try engine.backup("contoso", as: "before-delete")
        _ = try engine.perform(.delete, on: "contoso")
        try engine.advance(by: .minutes(1))
        _ = try engine.create("contoso")
        _ = try engine.backup("contoso", as: "by-hand")
        _ = try engine.create("fabrikam")
        _ = try engine.backup("fabrikam", as: "other-service")
        try engine.scheduleBackups(of: "contoso", every: .hours(12), retain: .days(1), keepOne: false)
        let before = engine
        try engine.advance(by: .days(1) + .hours(12))
        #expect(newLines(engine, since: before) == [
            "2016-11-08 21:01:00 contoso BackupBizTalkService Succeeded contoso-20161108-210100",
            "2016-11-09 09:01:00 contoso BackupBizTalkService Succeeded contoso-20161109-090100",
            "2016-11-09 21:01:00 contoso BackupBizTalkService Succeeded contoso-20161109-210100",
            "2016-11-09 21:01:00 contoso PurgeBackupBizTalkService Succeeded by-hand",
        ])
        #expect(engine.backup(named: "before-delete") != nil && engine.backup(named: "other-service") != nil)
    }

    @Test("a due backup in a state that does not allow backup is logged as Failed, and nothing else changes",
          arguments: ServiceState.allCases.filter { !Rules.isAllowed(.backup, in: $0) })
    func notAllowed(state: ServiceState) throws {
        var engine = try makeEngine(in: state)
        try engine.scheduleBackups(of: "contoso", every: .days(1), retain: .days(3), keepOne: false)
        try engine.armFailure(.backup, on: "contoso")
        let before = engine
        let reports = try engine.advance(by: .days(1))
        #expect(newLines(engine, since: before) == [
            "2016-11-09 09:00:00 contoso BackupBizTalkService Failed contoso-20161109-090000 (not allowed in \(state.displayName))",
        ])
        let report = try #require(reports.first)
        #expect(reports.count == 1 && !report.succeeded && report.entry.cause == .notAllowed(state))
        #expect(report.from == state && report.to == state && report.warnings.isEmpty)
        #expect(engine.service(named: "contoso") == before.service(named: "contoso"))
        #expect(engine.allBackups == before.allBackups)
        #expect(engine.armedFailures(.backup, on: "contoso") == 1, "a not-allowed run uses up no armed failure")
    }

    @Test("a due backup runs where the table allows backup", arguments: [ServiceState.active, .suspended, .stopped])
    func allowed(state: ServiceState) throws {
        var engine = try makeEngine(in: state)
        try engine.scheduleBackups(of: "contoso", every: .days(1), retain: .days(3), keepOne: false)
        let reports = try engine.advance(by: .days(1))
        #expect(reports.count == 1 && reports.allSatisfy { $0.succeeded && $0.from == state && $0.to == state })
        #expect(engine.backup(named: "contoso-20161109-090000") != nil)
    }

    @Test("keep at least one: when backups keep failing, the most recent backup survives the retention period")
    func keepOne() throws {
        for keepOne in [true, false] {
            var engine = try makeEngine(in: .active)
            _ = try engine.backup("contoso", as: "first")
            try engine.advance(by: .hours(1))
            _ = try engine.backup("contoso", as: "second")
            try engine.armFailure(.stop, on: "contoso")
            _ = try engine.perform(.stop, on: "contoso")
            try engine.scheduleBackups(of: "contoso", every: .days(1), retain: .days(2), keepOne: keepOne)
            let before = engine
            try engine.advance(by: .days(3))
            var expected = [
                "2016-11-09 10:00:00 contoso BackupBizTalkService Failed contoso-20161109-100000 (not allowed in StopFailed)",
                "2016-11-10 10:00:00 contoso BackupBizTalkService Failed contoso-20161110-100000 (not allowed in StopFailed)",
                "2016-11-10 10:00:00 contoso PurgeBackupBizTalkService Succeeded first",
                "2016-11-11 10:00:00 contoso BackupBizTalkService Failed contoso-20161111-100000 (not allowed in StopFailed)",
            ]
            if !keepOne { expected.append("2016-11-11 10:00:00 contoso PurgeBackupBizTalkService Succeeded second") }
            #expect(newLines(engine, since: before) == expected, "keepOne: \(keepOne)")
            #expect(backupNames(engine) == (keepOne ? ["second"] : []), "keepOne: \(keepOne)")
        }
    }

    @Test("an armed failure fails a scheduled backup like a user's; the next one runs")
    func armedFailure() throws {
        var engine = try makeEngine(in: .active)
        try engine.scheduleBackups(of: "contoso", every: .days(1), retain: .days(3), keepOne: false)
        try engine.armFailure(.backup, on: "contoso")
        let before = engine
        let reports = try engine.advance(by: .days(2))
        #expect(newLines(engine, since: before) == [
            "2016-11-09 09:00:00 contoso BackupBizTalkService Failed contoso-20161109-090000 (injected)",
            "2016-11-10 09:00:00 contoso BackupBizTalkService Succeeded contoso-20161110-090000",
        ])
        #expect(reports.map(\.succeeded) == [false, true])
        #expect(backupNames(engine) == ["contoso-20161110-090000"])
        #expect(engine.armedFailures(.backup, on: "contoso") == 0)
    }

    @Test("chaos fails scheduled backups too")
    func chaos() throws {
        var engine = try makeEngine(in: .active)
        try engine.scheduleBackups(of: "contoso", every: .days(1), retain: .days(3), keepOne: false)
        try engine.setChaos(percent: 100, seed: 7)
        let reports = try engine.advance(by: .days(2))
        #expect(reports.map(\.entry.cause) == [.chaos, .chaos])
        #expect(engine.allBackups.isEmpty)
    }

    @Test("a scheduled backup with messages in the active batch reports them lost")
    func warnings() throws {
        var engine = try makeEngine(in: .active)
        try engine.receive(3, messagesOn: "contoso")
        try engine.scheduleBackups(of: "contoso", every: .days(1), retain: .days(3), keepOne: false)
        let reports = try engine.advance(by: .days(1))
        #expect(reports.map(\.warnings) == [
            [.batchMessagesLost(service: "contoso", count: 3, backup: "contoso-20161109-090000")],
        ])
        #expect(engine.backup(named: "contoso-20161109-090000")?.messagesLost == 3)
    }

    @Test("a deleted service's schedule ends with it; a new or restored service of that name has none")
    func deleteEndsSchedule() throws {
        var engine = Engine(nameHold: .zero)
        _ = try engine.create("contoso")
        try engine.scheduleBackups(of: "contoso", every: .days(1), retain: .days(3), keepOne: false)
        try engine.advance(by: .days(1))
        _ = try engine.perform(.delete, on: "contoso")
        #expect(engine.schedule(of: "contoso") == nil && engine.allSchedules.isEmpty)
        _ = try engine.restore("contoso-20161109-090000")
        #expect(engine.schedule(of: "contoso") == nil)
        let before = engine
        try engine.advance(by: .days(5))
        #expect(engine.log.entries == before.log.entries)
        #expect(backupNames(engine) == ["contoso-20161109-090000"], "backups outlive their service and its schedule")
    }

    @Test("a failed delete keeps the schedule")
    func failedDeleteKeepsSchedule() throws {
        var engine = try makeEngine(in: .active)
        try engine.scheduleBackups(of: "contoso", every: .days(1), retain: .days(3), keepOne: false)
        try engine.armFailure(.delete, on: "contoso")
        _ = try engine.perform(.delete, on: "contoso")
        #expect(engine.schedule(of: "contoso") != nil)
        #expect(try engine.advance(by: .days(1)).count == 1)
    }

    @Test("a scheduled backup in the same second as a user's takes the next suffix")
    func sameSecondAsUser() throws {
        var engine = try makeEngine(in: .active)
        try engine.scheduleBackups(of: "contoso", every: .days(1), retain: .days(3), keepOne: false)
        try engine.advance(by: .hours(23) + .minutes(59) + .seconds(59))
        try engine.advance(by: .seconds(1))
        _ = try engine.backup("contoso")
        #expect(backupNames(engine) == ["contoso-20161109-090000", "contoso-20161109-090000-2"])
    }

    @Test("a wait that would run too many scheduled backups is refused and changes nothing")
    func tooMany() throws {
        var engine = try makeEngine(in: .active)
        try engine.scheduleBackups(of: "contoso", every: .minutes(1), retain: .minutes(2), keepOne: false)
        let limit = Int64(Engine.maximumScheduledBackupsPerWait)
        let before = engine
        #expect(refusal { try engine.advance(by: .minutes(limit + 1)) }
            == .tooManyScheduledBackups(.minutes(limit + 1), count: Int(limit) + 1))
        #expect(refusal { try engine.advance(by: .seconds(.max - engine.now.seconds)) }
            == .tooManyScheduledBackups(.seconds(.max - engine.now.seconds), count: Int((Int64.max - engine.now.seconds) / 60)))
        #expect(engine == before)
        let reports = try engine.advance(by: .minutes(limit))
        #expect(reports.filter { !$0.entry.isPurge }.count == Int(limit))
        #expect(engine.allBackups.count == 3)
    }

    @Test("scheduling again at the same moment leaves one schedule: its backups come due once, and count once against the limit")
    func scheduledTwiceAtOnce() throws {
        var engine = try makeEngine(in: .active)
        for _ in 0..<3 { try engine.scheduleBackups(of: "contoso", every: .minutes(1), retain: .minutes(2), keepOne: false) }
        let limit = Int64(Engine.maximumScheduledBackupsPerWait)
        let reports = try engine.advance(by: .minutes(limit))
        #expect(reports.filter { !$0.entry.isPurge }.count == Int(limit))
        #expect(engine.allBackups.count == 3)
    }

    @Test("with many services and backups, each wait takes the due backups in time order, then by service, and purges only its own")
    func manyServices() throws {
        var engine = Engine()
        for index in 0..<200 {
            _ = try engine.create("fleet-\(index)")
            for taken in 0..<20 { _ = try engine.backup("fleet-\(index)", as: "fleet-\(index)-kept-\(taken)") }
            // Every 7 to 13 minutes; kept for twice that.
            let every = Int64(7 + index % 7)
            try engine.scheduleBackups(of: "fleet-\(index)", every: .minutes(every), retain: .minutes(2 * every), keepOne: index % 2 == 0)
            try engine.advance(by: .seconds(1))
        }
        let reports = try engine.advance(by: .minutes(40))
        let runs = reports.filter { !$0.entry.isPurge }.map { ($0.entry.time, NameKey(engine.name(of: $0.entry.service)!)) }
        #expect(runs.count > 400)
        #expect(zip(runs, runs.dropFirst()).allSatisfy { $0 <= $1 }, "in time order, ties by service")
        // Each purge is of its own service's backups, oldest first.
        for report in reports {
            let record = engine.describe(report.entry)
            guard case .purgedBackup(let name) = record.subject else { continue }
            #expect(name.hasPrefix(record.service + "-"))
        }
        // Past twice the frequency, only the last two or three scheduled
        // backups of each service are left.
        for index in 0..<200 {
            let left = engine.allBackups.filter { $0.service == "fleet-\(index)" }
            #expect((2...3).contains(left.count), "fleet-\(index): \(left.map(\.name))")
        }
    }

    @Test("waiting zero runs nothing")
    func zeroWait() throws {
        var engine = try makeEngine(in: .active)
        try engine.scheduleBackups(of: "contoso", every: .seconds(1), retain: .seconds(2), keepOne: false)
        let before = engine
        #expect(try engine.advance(by: .zero).isEmpty)
        #expect(engine == before)
        #expect(try engine.advance(by: .seconds(1)).count == 1)
    }
}
