// How an engine is saved, and when two are equal: by names, as a user
// reads it, never by where it keeps things.
//
// The saved form is the one every workspace file has had: each table by
// name (services and schedules under their names' keys, backups under
// their names), and the log's entries with their names. Identities
// (`ServiceID`) are made again as a file is read; they are never saved.
// A file's keys are read as the file gives them (`NameKey(filed:)`), so a
// table edited by hand keeps what is wrong with it for
// `Engine.inconsistency` to report.
extension Engine: Codable {
    private enum CodingKeys: String, CodingKey {
        case clock, log, nameHold, services, backups, heldNames, faults, processedAtDeletion
        case nextServiceID, trackingDatabases, databaseBackups, schedules
    }

    /// The log as it is saved: its entries with their names.
    private struct SavedLog: Codable {
        var entries: [LogRecord]
        var dropped: Int?
        var limit: Int?
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        nameHold = try container.decode(Interval.self, forKey: .nameHold)
        clock = try container.decode(SimulatedClock.self, forKey: .clock)
        nextServiceNumber = try container.decode(Int.self, forKey: .nextServiceID)
        // In name order, so the same file makes the same engine.
        for (key, service) in try container.decode([NameKey: Service].self, forKey: .services).sorted(by: { $0.key < $1.key }) {
            services.add(service, filedUnder: key)
        }
        for (key, backup) in try container.decode([NameKey: Backup].self, forKey: .backups).sorted(by: { $0.key < $1.key }) {
            backups[key] = backup
        }
        heldNames = try container.decode(Tracked.self, forKey: .heldNames)
        faults = try container.decode(FaultPlan.self, forKey: .faults)
        processedAtDeletion = try container.decode(Tracked.self, forKey: .processedAtDeletion)
        trackingDatabases = try container.decode(Tracked.self, forKey: .trackingDatabases)
        databaseBackups = try container.decode(Tracked.self, forKey: .databaseBackups)
        for (key, schedule) in try container.decode([NameKey: BackupSchedule].self, forKey: .schedules) {
            setSchedule(schedule, filedUnder: key)
        }
        let saved = try container.decode(SavedLog.self, forKey: .log)
        log = OperationLog(
            readingLimit: saved.limit ?? OperationLog.defaultLimit, dropped: saved.dropped ?? 0, count: saved.entries.count
        )
        var former = FormerServices()
        for record in saved.entries.suffix(OperationLog.kept(saved.entries.count, limit: log.limit)) {
            log.appendRead(entry(from: record, sequence: log.appended, former: &former))
        }
        former.retire(into: &services)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(clock, forKey: .clock)
        try container.encode(nameHold, forKey: .nameHold)
        try container.encode(nextServiceNumber, forKey: .nextServiceID)
        try container.encode(Dictionary(uniqueKeysWithValues: services.keys.map { ($0, services[$0]!) }), forKey: .services)
        try container.encode(Dictionary(uniqueKeysWithValues: backups.keys.map { ($0, backups[$0]!) }), forKey: .backups)
        try container.encode(heldNames, forKey: .heldNames)
        try container.encode(faults, forKey: .faults)
        try container.encode(processedAtDeletion, forKey: .processedAtDeletion)
        try container.encode(trackingDatabases, forKey: .trackingDatabases)
        try container.encode(databaseBackups, forKey: .databaseBackups)
        try container.encode(savedSchedules, forKey: .schedules)
        try container.encode(SavedLog(entries: log.entries.map(describe), dropped: log.dropped, limit: log.limit), forKey: .log)
    }

    /// The schedules by the key of their service's name (and those a file
    /// filed where no service of their name is, as it filed them).
    private var savedSchedules: [NameKey: BackupSchedule] {
        var saved = schedules.unattached
        for schedule in schedules.all { saved[NameKey(schedule.service)] = schedule }
        return saved
    }
}

extension Engine: Equatable {
    /// Two engines are equal when they hold the same, by name: services,
    /// backups, schedules, the log's entries with their names, and the
    /// rest; however each keeps them.
    public static func == (a: Engine, b: Engine) -> Bool {
        a.clock == b.clock && a.nameHold == b.nameHold && a.nextServiceNumber == b.nextServiceNumber
            && a.heldNames == b.heldNames && a.faults == b.faults && a.processedAtDeletion == b.processedAtDeletion
            && a.trackingDatabases == b.trackingDatabases && a.databaseBackups == b.databaseBackups
            && a.services.count == b.services.count && a.services.keys.allSatisfy { a.services[$0] == b.services[$0] }
            && a.backups.count == b.backups.count && a.backups.keys.allSatisfy { a.backups[$0] == b.backups[$0] }
            && a.savedSchedules == b.savedSchedules
            && a.log.limit == b.log.limit && a.log.dropped == b.log.dropped && a.sameLogEntries(as: b)
    }

    /// Whether the logs keep the same entries, names and all.
    private func sameLogEntries(as other: Engine) -> Bool {
        let mine = log.entries, theirs = other.log.entries
        guard mine.count == theirs.count else { return false }
        return zip(mine, theirs).allSatisfy { x, y in
            guard x.time == y.time, x.operation == y.operation, x.succeeded == y.succeeded, x.cause == y.cause,
                  x.from == y.from, x.to == y.to, name(of: x.service) == other.name(of: y.service) else { return false }
            switch (x.subject, y.subject) {
            case (.units(let u), .units(let v)): return u == v
            case (.settings(let u), .settings(let v)): return u == v
            case (.backup(let s), .backup(let t)), (.version(let s), .version(let t)), (.purgedBackup(let s), .purgedBackup(let t)):
                return log.text(s) == other.log.text(t)
            case (nil, nil): return true
            default: return false
            }
        }
    }
}
