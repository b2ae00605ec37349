/// The service backups: by name, and for each service they were taken
/// from (by identity, `Backup.sourceID`) in the order they were taken, so
/// a schedule's purge looks at its own service's oldest backups only, not
/// at every backup in the workspace. Saved as the table by name; the order
/// is made again when a workspace is opened.
struct BackupStore: IndexedTable {
    /// By name.
    var table = Tracked<String, Backup>()
    private var bySource: [Int: TakenOrder] = [:]

    init() {}

    init(table: Tracked<String, Backup>) {
        self.table = table
        var entries: [Int: [TakenOrder.Entry]] = [:]
        for backup in table.values {
            entries[backup.sourceID, default: []].append(.init(takenAt: backup.takenAt, name: backup.name))
        }
        bySource = entries.mapValues { TakenOrder(entries: $0.sorted(by: <)) }
    }

    subscript(name: String) -> Backup? {
        get { table[name] }
        set {
            table[name] = newValue
            // A removed backup's place in its order is left behind, and
            // dropped when a purge passes it (`isLive`).
            if let newValue { bySource[newValue.sourceID, default: TakenOrder()].add(name, takenAt: newValue.takenAt) }
        }
    }

    /// Removes the backups taken from the service `source` that
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
            if isLive(entry, takenFrom: source) {
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
        for entry in expired { table[entry.name] = nil }
        order.dropFirst(end - order.head)
        if let kept { order.entries.insert(kept, at: order.head) }
        if order.head < order.entries.count { bySource[source] = order }
        return expired.map(\.name)
    }

    /// Whether `entry` is still a backup taken from `source`, not one since
    /// removed (or a later backup that took its name).
    private func isLive(_ entry: TakenOrder.Entry, takenFrom source: Int) -> Bool {
        guard let backup = table[entry.name] else { return false }
        return backup.sourceID == source && backup.takenAt == entry.takenAt
    }
}

/// One service's backups in the order they were taken: by time, oldest
/// first (backups are taken at the clock's time, which never goes back, so
/// each new one goes at the end). Entries before `head` are gone.
private struct TakenOrder: Sendable {
    struct Entry: Sendable, Comparable {
        var takenAt: Timestamp
        var name: String

        static func < (a: Entry, b: Entry) -> Bool { (a.takenAt, a.name) < (b.takenAt, b.name) }
    }

    var entries: [Entry] = []
    var head = 0

    mutating func add(_ name: String, takenAt: Timestamp) {
        let entry = Entry(takenAt: takenAt, name: name)
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
