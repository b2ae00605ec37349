/// What changed in an engine since it last said, for a workspace journal:
/// `--workspace` saves, after each top-level statement, only what that
/// statement changed (see `WorkspaceChanges` in the language), so a save
/// costs what the statement changed, not what the workspace holds.
///
/// Every keyed table of the engine is a `Tracked` table, which remembers
/// the keys set or removed since `takeChanges()`; the few single values
/// (the clock, the name hold, the next identity, chaos, the log's limit
/// and drop count) are always part of the changes, and the log gives the
/// entries appended. Applying the changes to the engine as it was when
/// they were last taken gives the engine as it is (`ChangesTests` checks
/// this after every statement of random scripts).
extension Engine {
    public struct Changes: Sendable, Codable {
        var now: Timestamp
        var nameHold: Interval
        var nextServiceID: Int
        var chaos: Chaos?
        var logLimit: Int
        var logDropped: Int
        /// The log entries appended, oldest first (at most the log's
        /// limit), with their names.
        var logged: [LogRecord]
        // Saved by name, as the tables are.
        var services: TableChanges<NameKey, Service>?
        var backups: TableChanges<NameKey, Backup>?
        var heldNames: TableChanges<NameKey, Timestamp>?
        var processedAtDeletion: TableChanges<Int, Processed>?
        var trackingDatabases: TableChanges<String, Int>?
        var databaseBackups: TableChanges<NameKey, DatabaseBackup>?
        var schedules: TableChanges<NameKey, BackupSchedule>?
        var armedFailures: TableChanges<FaultPlan.Key, Int>?
        var failureSpellings: TableChanges<NameKey, String>?

        /// Whether these changes say nothing that `previous` (the changes
        /// taken before them) did not: no table changed, nothing was
        /// logged, and every single value is as it was.
        public func changeNothing(after previous: Changes?) -> Bool {
            guard let previous, logged.isEmpty else { return false }
            let tables: [Bool] = [
                services == nil, backups == nil, heldNames == nil, processedAtDeletion == nil,
                trackingDatabases == nil, databaseBackups == nil, schedules == nil,
                armedFailures == nil, failureSpellings == nil,
            ]
            return tables.allSatisfy { $0 } && now == previous.now && nameHold == previous.nameHold
                && nextServiceID == previous.nextServiceID && chaos == previous.chaos
                && logLimit == previous.logLimit && logDropped == previous.logDropped
        }
    }

    /// Whether the engine remembers what changes, for `takeChanges()`. Off
    /// unless a journal asks (a run without one remembers nothing); turning
    /// it on starts from nothing changed.
    public var tracksChanges: Bool {
        get { services.isTracking }
        set {
            services.isTracking = newValue
            backups.isTracking = newValue
            heldNames.isTracking = newValue
            processedAtDeletion.isTracking = newValue
            trackingDatabases.isTracking = newValue
            databaseBackups.isTracking = newValue
            schedules.isTracking = newValue
            faults.isTracking = newValue
            log.isTracking = newValue
        }
    }

    /// What changed since the last call (or since tracking began), and from
    /// now on nothing has.
    public mutating func takeChanges() -> Changes {
        let (armed, spellings) = faults.takeChanges()
        let services = self.services.takeChangedKeys()
        let backups = self.backups.takeChangedKeys()
        let schedules = self.schedules.takeChangedKeys()
        return Changes(
            now: now, nameHold: nameHold, nextServiceID: nextServiceNumber, chaos: faults.chaos,
            logLimit: log.limit, logDropped: log.dropped, logged: log.takeAppended().map(describe),
            services: TableChanges(services) { self.services[$0] },
            backups: TableChanges(backups) { self.backups[$0] },
            heldNames: heldNames.takeChanges(),
            processedAtDeletion: processedAtDeletion.takeChanges(), trackingDatabases: trackingDatabases.takeChanges(),
            databaseBackups: databaseBackups.takeChanges(),
            schedules: TableChanges(schedules) { key in id(of: key).flatMap { self.schedules[$0] } },
            armedFailures: armed, failureSpellings: spellings
        )
    }

    /// Makes this engine, as it was when `changes` were taken from its
    /// twin, what the twin became.
    public mutating func apply(_ changes: Changes) {
        clock = SimulatedClock(start: changes.now)
        nameHold = changes.nameHold
        nextServiceNumber = changes.nextServiceID
        if let table = changes.services {
            for key in table.removed { removeService(filedUnder: key) }
            for (key, service) in table.set { setService(service, filedUnder: key) }
        }
        lineages.isCurrent = false
        if let table = changes.backups {
            for key in table.removed { backups[key] = nil }
            for (key, backup) in table.set { backups[key] = backup }
        }
        if let table = changes.heldNames { heldNames.apply(table) }
        if let table = changes.processedAtDeletion { processedAtDeletion.apply(table) }
        if let table = changes.trackingDatabases { trackingDatabases.apply(table) }
        if let table = changes.databaseBackups { databaseBackups.apply(table) }
        if let table = changes.schedules {
            for key in table.removed { setSchedule(nil, filedUnder: key) }
            for (key, schedule) in table.set { setSchedule(schedule, filedUnder: key) }
        }
        faults.apply(armed: changes.armedFailures, spellings: changes.failureSpellings, chaos: changes.chaos)
        // Last, so that the entries name the services as they now are.
        var former = FormerServices()
        var entries: [LogEntry] = []
        entries.reserveCapacity(changes.logged.count)
        for (index, record) in changes.logged.enumerated() {
            entries.append(entry(from: record, sequence: log.appended + index, former: &former))
        }
        log.replay(limit: changes.logLimit, appending: entries, dropped: changes.logDropped)
        former.retire(into: &services)
        forgetDroppedServices()
    }

    // MARK: Tables by name

    /// Removes the service filed under `key`, if there is one, as a
    /// delete does (the log may still name it).
    mutating func removeService(filedUnder key: NameKey) {
        guard let slot = services.id(of: key).flatMap(services.slot) else { return }
        schedules.remove(services.id(ofSlot: slot))
        services.delete(slot, filedUnder: key, lastNamedAt: log.appended)
    }

    /// Files `service` under `key`: in place of the service there if it is
    /// the same one (by number), else as a new one.
    mutating func setService(_ service: Service, filedUnder key: NameKey) {
        if let slot = services.id(of: key).flatMap(services.slot) {
            if services[slot].number == service.number {
                services[slot] = service
                return
            }
            removeService(filedUnder: key)
        }
        services.add(service, filedUnder: key)
    }

    /// Sets the schedule of the service filed under `key`; a file's
    /// schedule filed where no service of its name is stays apart, for
    /// `inconsistency` to report.
    mutating func setSchedule(_ schedule: BackupSchedule?, filedUnder key: NameKey) {
        if let id = id(of: key), schedule.map({ services[key]?.name == $0.service }) ?? true {
            schedules[id] = schedule
        } else {
            schedules.setUnattached(schedule, filedUnder: key)
        }
    }

    /// The entry for a log record read back (from a file or a journal),
    /// to be appended with the sequence number `sequence`: its texts kept
    /// in the log, and its service the one of that name spelled so, or else
    /// a former one (`former`, which holds its name in a place of its own
    /// until the log drops the entry).
    mutating func entry(from record: LogRecord, sequence: Int, former: inout FormerServices) -> LogEntry {
        let service: ServiceID
        if let id = services.id(of: NameKey(record.service)), services.name(of: id) == record.service {
            service = id
        } else {
            service = former.id(for: record.service, at: sequence) { services.addFormer(record.service) }
        }
        let subject: LogEntry.Subject? = switch record.subject {
        case .units(let units): .units(units)
        case .backup(let name): .backup(log.keep(name))
        case .version(let version): .version(log.keep(version.text))
        case .settings(let keys): .settings(SettingKeys(keys))
        case .purgedBackup(let name): .purgedBackup(log.keep(name))
        case nil: nil
        }
        return LogEntry(
            time: record.time, service: service, operation: record.operation, succeeded: record.succeeded,
            cause: record.cause, from: record.from, to: record.to, subject: subject
        )
    }
}

/// The services log records read back name that no longer exist (or not
/// under that spelling): a place each, by name as spelled, and the
/// sequence number of the last entry that names it.
struct FormerServices {
    private var named: [String: (id: ServiceID, last: Int)] = [:]

    mutating func id(for name: String, at sequence: Int, adding add: () -> ServiceID) -> ServiceID {
        if let known = named[name] {
            named[name] = (known.id, sequence)
            return known.id
        }
        let id = add()
        named[name] = (id, sequence)
        return id
    }

    /// Hands the places to the table, to be given back as the log drops
    /// their last entries (in that order).
    func retire(into services: inout ServiceTable) {
        for (id, last) in named.values.sorted(by: { $0.last < $1.last }) {
            services.retire(id.slot, lastNamedAt: last)
        }
    }
}

/// The keys of a table set (to their new values) or removed.
struct TableChanges<Key: Hashable & Sendable & Codable, Value: Sendable & Codable>: Sendable, Codable {
    var set: [Key: Value] = [:]
    var removed: [Key] = []
}

extension TableChanges {
    /// The changes of the keys `changed` in a table whose values are now
    /// `value(key)`; nil when none changed.
    init?(_ changed: Set<Key>, value: (Key) -> Value?) {
        guard !changed.isEmpty else { return nil }
        for key in changed {
            if let now = value(key) { set[key] = now } else { removed.append(key) }
        }
    }
}

/// A dictionary that can remember which keys were set or removed since
/// `takeChanges()`. It remembers nothing unless `isTracking`, so a run
/// without a journal pays one test per change. Saved as the dictionary.
struct Tracked<Key: Hashable & Sendable & Codable, Value: Sendable & Codable>: Sendable {
    private(set) var dictionary: [Key: Value] = [:]
    /// The keys changed since the last `takeChanges()`; nil when not
    /// tracking.
    private var changed: Set<Key>?

    init() {}

    init(_ dictionary: [Key: Value]) { self.dictionary = dictionary }

    var isTracking: Bool {
        get { changed != nil }
        set { changed = newValue ? [] : nil }
    }

    var count: Int { dictionary.count }
    var isEmpty: Bool { dictionary.isEmpty }
    var keys: Dictionary<Key, Value>.Keys { dictionary.keys }
    var values: Dictionary<Key, Value>.Values { dictionary.values }

    subscript(key: Key) -> Value? {
        get { dictionary[key] }
        set {
            // Removing what is not there changes nothing.
            if changed != nil, newValue != nil || dictionary[key] != nil { changed!.insert(key) }
            dictionary[key] = newValue
        }
        _modify {
            changed?.insert(key)
            yield &dictionary[key]
        }
    }

    subscript(key: Key, default value: @autoclosure () -> Value) -> Value {
        get { dictionary[key, default: value()] }
        _modify {
            changed?.insert(key)
            yield &dictionary[key, default: value()]
        }
    }

    func index(forKey key: Key) -> Dictionary<Key, Value>.Index? { dictionary.index(forKey: key) }

    /// The value at `index`, changed in place (one lookup for a read and a
    /// change).
    subscript(at index: Dictionary<Key, Value>.Index) -> Value {
        get { dictionary.values[index] }
        _modify {
            if changed != nil { changed!.insert(dictionary.keys[index]) }
            yield &dictionary.values[index]
        }
    }

    @discardableResult
    mutating func removeValue(forKey key: Key) -> Value? {
        let removed = dictionary.removeValue(forKey: key)
        if removed != nil { changed?.insert(key) }
        return removed
    }

    /// The keys changed since the last call, with their values now (nil
    /// when none changed); from now on none has.
    mutating func takeChanges() -> TableChanges<Key, Value>? {
        guard let keys = changed, !keys.isEmpty else { return nil }
        changed = []
        var changes = TableChanges<Key, Value>()
        for key in keys {
            if let value = dictionary[key] { changes.set[key] = value } else { changes.removed.append(key) }
        }
        return changes
    }

    mutating func apply(_ changes: TableChanges<Key, Value>) {
        for key in changes.removed { self[key] = nil }
        for (key, value) in changes.set { self[key] = value }
    }
}

extension Tracked: Equatable where Value: Equatable {
    /// Equal when the tables are: what was remembered does not count.
    static func == (a: Tracked, b: Tracked) -> Bool { a.dictionary == b.dictionary }
}

extension Tracked: Codable {
    init(from decoder: Decoder) throws {
        dictionary = try decoder.singleValueContainer().decode([Key: Value].self)
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(dictionary)
    }
}
