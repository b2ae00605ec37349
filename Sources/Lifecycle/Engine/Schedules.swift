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
        guard let id = id(of: name), let service = service(id) else { throw .noSuchService(name) }
        guard service.edition.supportsBackup else {
            throw .backupNotSupported(service: service.name, edition: service.edition)
        }
        guard frequency.seconds > 0 else { throw .backupFrequencyNotPositive(frequency) }
        guard retention > frequency else {
            throw .retentionNotLongerThanFrequency(retention: retention, frequency: frequency)
        }
        guard let next = now.adding(frequency) else { throw .backupFrequencyTooLong(frequency) }
        schedules[id] = BackupSchedule(
            service: service.name, frequency: frequency, retention: retention, keepOne: keepOne, next: next
        )
    }

    /// Removes the named service's backup schedule. Returns whether it had
    /// one.
    @discardableResult
    public mutating func unscheduleBackups(of name: String) throws(LifecycleError) -> Bool {
        guard let id = id(of: name) else { throw .noSuchService(name) }
        return schedules.remove(id) != nil
    }

    /// The named service's backup schedule, if it has one.
    public func schedule(of name: String) -> BackupSchedule? {
        id(of: name).flatMap { schedules[$0] }
    }

    /// Every backup schedule, by service name.
    public var allSchedules: [BackupSchedule] {
        schedules.all.sorted { NameKey($0.service) < NameKey($1.service) }
    }

    // MARK: Running schedules (for `advance(by:)`)

    /// How many scheduled backups come due by `end` (at most `Int.max`).
    func scheduledBackupsDue(by end: Timestamp) -> Int {
        var total = 0
        for schedule in schedules.due(by: end) {
            let (span, spanOverflow) = end.seconds.subtractingReportingOverflow(schedule.next.seconds)
            let (count, countOverflow) = (span / schedule.frequency.seconds).addingReportingOverflow(1)
            let (sum, sumOverflow) = total.addingReportingOverflow(Int(count))
            if spanOverflow || countOverflow || sumOverflow { return .max }
            total = sum
        }
        return total
    }

    /// The earliest scheduled backup due by `end`, ties by service name.
    mutating func nextScheduledBackup(by end: Timestamp) -> (time: Timestamp, service: ServiceID)? {
        schedules.first(dueBy: end)
    }

    /// Runs the backup due now on the service `id`, then purges its
    /// backups past the retention period. Returns what ran, in log order.
    mutating func runScheduledBackup(of id: ServiceID) -> [OperationReport] {
        guard var schedule = schedules[id], let slot = services.slot(id) else {
            schedules.remove(id)
            return []
        }
        // A schedule whose next time the clock cannot hold ends here.
        if let next = schedule.next.adding(schedule.frequency) {
            schedule.next = next
            schedules[id] = schedule
        } else {
            schedules.remove(id)
        }
        let service = services[slot]
        guard service.edition.supportsBackup else {
            // Refused when scheduled, and no operation changes a service's
            // edition: this does not happen.
            schedules.remove(id)
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
            ? takeBackup(of: slot, as: name)
            : record(.backup, on: id, cause: refusal, from: service.state,
                     to: service.state, subject: .backup(log.keep(name)), warnings: [])
        return [report] + purgeExpiredBackups(of: service, id, retention: schedule.retention, keepOne: schedule.keepOne)
    }

    /// Purges the backups taken from `service` that are older than
    /// `retention`, except, with `keepOne`, the most recent one: only the
    /// oldest of its own backups are looked at (`BackupStore`).
    private mutating func purgeExpiredBackups(
        of service: Service, _ id: ServiceID, retention: Interval, keepOne: Bool
    ) -> [OperationReport] {
        let now = self.now
        let purged = backups.removeExpired(takenFrom: service.number, keepNewest: keepOne) { takenAt in
            now.interval(since: takenAt).map { $0 > retention } ?? true
        }
        return purged.map { name in
            record(.backup, on: id, cause: nil, from: nil, to: nil, subject: .purgedBackup(log.keep(name)), warnings: [])
        }
    }
}

/// The backup schedules, by service identity (a schedule belongs to its
/// service, and ends with it), and the order they come due in: a binary
/// min-heap of (next time, service name's key), so a wait finds the next
/// due backup, and counts those due, without looking at every schedule.
///
/// The heap is not changed when a schedule is: a schedule set pushes a new
/// entry, and an entry whose schedule is gone or comes due at another time
/// is stale, skipped and dropped when it comes to the top. The heap is made
/// again from the table when stale entries are most of it. Saved as a
/// table by service name (see Saved.swift); the heap is made again when a
/// workspace is opened.
struct ScheduleTable: Sendable {
    private var table: [ServiceID: BackupSchedule] = [:]
    private var heap = DueHeap()
    /// Schedules a file filed under a key no service of their name is
    /// filed under, which `Engine.inconsistency` reports; they never run.
    private(set) var unattached: [NameKey: BackupSchedule] = [:]
    /// The keys of the services whose schedules were set or removed, for
    /// a journal.
    private var changed = ChangedKeys()

    init() {}

    var count: Int { table.count }
    var all: Dictionary<ServiceID, BackupSchedule>.Values { table.values }

    var isTracking: Bool {
        get { changed.isTracking }
        set { changed.isTracking = newValue }
    }

    mutating func takeChangedKeys() -> Set<NameKey> { changed.take() }

    subscript(id: ServiceID) -> BackupSchedule? {
        get { table[id] }
        set {
            guard let newValue else {
                remove(id)
                return
            }
            let key = NameKey(newValue.service)
            table[id] = newValue
            changed.insert(key)
            heap.push(DueHeap.Entry(time: newValue.next, key: key, service: id))
            if heap.count > 2 * table.count + 64 { rebuild() }
        }
    }

    @discardableResult
    mutating func remove(_ id: ServiceID) -> BackupSchedule? {
        guard let removed = table.removeValue(forKey: id) else { return nil }
        changed.insert(NameKey(removed.service))
        return removed
    }

    /// Keeps a schedule filed under a key no service is (a file's).
    mutating func setUnattached(_ schedule: BackupSchedule?, filedUnder key: NameKey) {
        unattached[key] = schedule
    }

    /// Whether `entry` is when its service's schedule next comes due.
    private func isLive(_ entry: DueHeap.Entry) -> Bool { table[entry.service]?.next == entry.time }

    /// The earliest schedule due by `end`, ties by key; stale entries on
    /// the way are dropped.
    mutating func first(dueBy end: Timestamp) -> (time: Timestamp, service: ServiceID)? {
        while let top = heap.min {
            if !isLive(top) {
                heap.removeMin()
                continue
            }
            return top.time <= end ? (top.time, top.service) : nil
        }
        return nil
    }

    /// The schedules due by `end`: the heap's entries at or before `end`,
    /// found without visiting those after it.
    func due(by end: Timestamp) -> [BackupSchedule] {
        var found: [BackupSchedule] = []
        var seen: Set<ServiceID> = []
        heap.visit(atOrBefore: end) { entry in
            if isLive(entry), seen.insert(entry.service).inserted { found.append(table[entry.service]!) }
        }
        return found
    }

    private mutating func rebuild() {
        heap = DueHeap(table.map { DueHeap.Entry(time: $0.value.next, key: NameKey($0.value.service), service: $0.key) })
    }
}

/// A binary min-heap of due times, ties by name key: the smallest at index 0,
/// each entry no later than its children at `2i + 1` and `2i + 2`. (Small
/// enough to keep here rather than depend on swift-collections' `Heap`,
/// whose min-max layout would not let `visit` skip whole subtrees.)
struct DueHeap: Sendable {
    struct Entry: Sendable, Comparable {
        var time: Timestamp
        var key: NameKey
        var service: ServiceID

        static func < (a: Entry, b: Entry) -> Bool { (a.time, a.key) < (b.time, b.key) }
    }

    private var entries: [Entry] = []

    init() {}

    /// A heap of `entries`, made in linear time.
    init(_ entries: [Entry]) {
        self.entries = entries
        for index in stride(from: entries.count / 2 - 1, through: 0, by: -1) { siftDown(index) }
    }

    var count: Int { entries.count }
    var min: Entry? { entries.first }

    mutating func push(_ entry: Entry) {
        entries.append(entry)
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard entries[child] < entries[parent] else { break }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    mutating func removeMin() {
        guard !entries.isEmpty else { return }
        entries.swapAt(0, entries.count - 1)
        entries.removeLast()
        siftDown(0)
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < entries.count, entries[left] < entries[smallest] { smallest = left }
            if right < entries.count, entries[right] < entries[smallest] { smallest = right }
            guard smallest != parent else { return }
            entries.swapAt(parent, smallest)
            parent = smallest
        }
    }

    /// Calls `body` with every entry due at or before `end`, in no
    /// particular order; a subtree whose root is later is not entered.
    func visit(atOrBefore end: Timestamp, _ body: (Entry) -> Void) {
        var pending = entries.isEmpty ? [] : [0]
        while let index = pending.popLast() {
            guard entries[index].time <= end else { continue }
            body(entries[index])
            let left = 2 * index + 1
            if left < entries.count { pending.append(left) }
            if left + 1 < entries.count { pending.append(left + 1) }
        }
    }
}
