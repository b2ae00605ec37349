/// The service backups: by identity (`BackupID`) in a dense table, with
/// an index by name, and, for each service they were taken from (by
/// number, `Backup.sourceID`), in the order they were taken, so a
/// schedule's purge looks at its own service's oldest backups only, not at
/// every backup in the workspace. Saved as the table by name; the order is
/// made again when a workspace is opened.
struct BackupStore: Sendable {
    private(set) var table = SlotTable<Backup>()
    private var bySource: [Int: TakenOrder] = [:]

    init() {}

    var count: Int { table.count }
    var keys: Dictionary<NameKey, UInt32>.Keys { table.keys }
    var values: some Sequence<Backup> { table.values }

    var isTracking: Bool {
        get { table.isTracking }
        set { table.isTracking = newValue }
    }

    mutating func takeChangedKeys() -> Set<NameKey> { table.takeChangedKeys() }

    func id(of key: NameKey) -> BackupID? {
        table.slot(of: key).map { BackupID(slot: $0, generation: table.generation(of: $0)) }
    }

    subscript(id: BackupID) -> Backup? {
        table.slot(id.slot, generation: id.generation).map { table[$0] }
    }

    /// The backup filed under `key` (its name, as backup names are
    /// lowercase; a file's key as the file gives it).
    subscript(key: NameKey) -> Backup? {
        get { table[key] }
        set {
            if let slot = table.slot(of: key) { table.remove(slot, key: key, freeing: true) }
            guard let newValue else { return }
            // A removed backup's place in its order is left behind, and
            // dropped when a purge passes it (its identity is stale).
            let (slot, generation) = table.insert(newValue, key: key)
            bySource[newValue.sourceID, default: TakenOrder()]
                .add(BackupID(slot: slot, generation: generation), named: newValue.name, takenAt: newValue.takenAt)
        }
    }

    /// Removes the backups taken from the service numbered `source` that
    /// `isExpired` says are past their retention, except, with
    /// `keepNewest`, the newest of all its backups. `isExpired` must hold
    /// for the older backups if it holds for a newer one. Returns the
    /// names removed, oldest first (backups of one second by name).
    mutating func removeExpired(
        takenFrom source: Int, keepNewest: Bool, isExpired: (Timestamp) -> Bool
    ) -> [String] {
        guard var order = bySource.removeValue(forKey: source) else { return [] }
        var expired: [TakenOrder.Entry] = []
        var end = order.head
        while end < order.entries.count {
            let entry = order.entries[end]
            if self[entry.id] != nil {
                guard isExpired(entry.takenAt) else { break }
                expired.append(entry)
            }
            end += 1
        }
        var kept: TakenOrder.Entry?
        if keepNewest, end == order.entries.count, let newest = expired.indices.max(by: { expired[$0] < expired[$1] }) {
            kept = expired.remove(at: newest)
        }
        expired.sort(by: <)
        for entry in expired { table.remove(entry.id.slot, key: NameKey(entry.name), freeing: true) }
        order.dropFirst(end - order.head)
        if let kept { order.entries.insert(kept, at: order.head) }
        if order.head < order.entries.count { bySource[source] = order }
        return expired.map(\.name)
    }
}

/// One service's backups in the order they were taken: by time, oldest
/// first (backups are taken at the clock's time, which never goes back, so
/// each new one goes at the end). Entries before `head` are gone; so is an
/// entry whose identity is stale (its backup was removed).
private struct TakenOrder: Sendable {
    struct Entry: Sendable, Comparable {
        var takenAt: Timestamp
        var name: String
        var id: BackupID

        static func < (a: Entry, b: Entry) -> Bool { (a.takenAt, a.name) < (b.takenAt, b.name) }
    }

    var entries: [Entry] = []
    var head = 0

    mutating func add(_ id: BackupID, named name: String, takenAt: Timestamp) {
        let entry = Entry(takenAt: takenAt, name: name, id: id)
        guard let last = entries.last, takenAt < last.takenAt else {
            entries.append(entry)
            return
        }
        // Out of time order (a table filled by hand): in its place.
        var low = head, high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].takenAt <= takenAt { low = middle + 1 } else { high = middle }
        }
        entries.insert(entry, at: low)
    }

    /// Forgets the `count` oldest entries; the storage they held is given
    /// back once they are most of it.
    mutating func dropFirst(_ count: Int) {
        head += count
        if head > 32, head * 2 > entries.count {
            entries.removeFirst(head)
            head = 0
        }
    }
}
