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
        /// The log entries appended, oldest first (at most the log's limit).
        var logged: [LogEntry]
        var services: TableChanges<String, Service>?
        var backups: TableChanges<String, Backup>?
        var heldNames: TableChanges<String, Timestamp>?
        var processedAtDeletion: TableChanges<Int, Processed>?
        var trackingDatabases: TableChanges<String, Int>?
        var databaseBackups: TableChanges<String, DatabaseBackup>?
        var schedules: TableChanges<String, BackupSchedule>?
        var armedFailures: TableChanges<FaultPlan.Key, Int>?
        var failureSpellings: TableChanges<String, String>?

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
        return Changes(
            now: now, nameHold: nameHold, nextServiceID: nextServiceID, chaos: faults.chaos,
            logLimit: log.limit, logDropped: log.dropped, logged: log.takeAppended(),
            services: services.takeChanges(), backups: backups.takeChanges(), heldNames: heldNames.takeChanges(),
            processedAtDeletion: processedAtDeletion.takeChanges(), trackingDatabases: trackingDatabases.takeChanges(),
            databaseBackups: databaseBackups.takeChanges(), schedules: schedules.takeChanges(),
            armedFailures: armed, failureSpellings: spellings
        )
    }

    /// Makes this engine, as it was when `changes` were taken from its
    /// twin, what the twin became.
    public mutating func apply(_ changes: Changes) {
        clock = SimulatedClock(start: changes.now)
        nameHold = changes.nameHold
        nextServiceID = changes.nextServiceID
        log.replay(limit: changes.logLimit, appending: changes.logged, dropped: changes.logDropped)
        if let table = changes.services { services.apply(table) }
        lineages.isCurrent = false
        if let table = changes.backups { backups.apply(table) }
        if let table = changes.heldNames { heldNames.apply(table) }
        if let table = changes.processedAtDeletion { processedAtDeletion.apply(table) }
        if let table = changes.trackingDatabases { trackingDatabases.apply(table) }
        if let table = changes.databaseBackups { databaseBackups.apply(table) }
        if let table = changes.schedules { schedules.apply(table) }
        faults.apply(armed: changes.armedFailures, spellings: changes.failureSpellings, chaos: changes.chaos)
    }
}

/// The keys of a table set (to their new values) or removed.
struct TableChanges<Key: Hashable & Sendable & Codable, Value: Sendable & Codable>: Sendable, Codable {
    var set: [Key: Value] = [:]
    var removed: [Key] = []
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

/// A `Tracked` table with an index of its own (backups by their source,
/// schedules by when they come due): its changes and its saved form are
/// the table's; the index follows the subscript's changes, and is made
/// again from the table when it is read.
protocol IndexedTable: Sendable, Equatable, Codable {
    associatedtype Key: Hashable & Sendable & Codable
    associatedtype Value: Sendable & Codable & Equatable
    /// The table. Its values change only through the subscript, which
    /// keeps the index; what it remembers changes here too.
    var table: Tracked<Key, Value> { get set }
    /// Sets a value, keeping the index.
    subscript(key: Key) -> Value? { get set }
    /// A table of these values, with its index made.
    init(table: Tracked<Key, Value>)
}

extension IndexedTable {
    var count: Int { table.count }
    var values: Dictionary<Key, Value>.Values { table.values }

    var isTracking: Bool {
        get { table.isTracking }
        set { table.isTracking = newValue }
    }

    mutating func takeChanges() -> TableChanges<Key, Value>? { table.takeChanges() }

    mutating func apply(_ changes: TableChanges<Key, Value>) {
        for key in changes.removed { self[key] = nil }
        for (key, value) in changes.set { self[key] = value }
    }

    init(from decoder: Decoder) throws { self.init(table: try Tracked(from: decoder)) }

    func encode(to encoder: Encoder) throws { try table.encode(to: encoder) }

    static func == (a: Self, b: Self) -> Bool { a.table == b.table }
}
