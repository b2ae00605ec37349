import Synchronization

/// The services: by identity (`ServiceID`) in a dense table, with the one
/// index from names' keys to them.
///
/// The operation log names services by identity and outlives them, so a
/// deleted service's place keeps its name while the log holds an entry
/// about it; once the log has dropped them all (its `firstKept` is past the
/// delete's entry), the place is given back for a later service, under a
/// new generation.
@usableFromInline
struct ServiceTable: Sendable {
    private(set) var table = SlotTable<Service>()
    /// Changes, to a number no table in this process has had, whenever a
    /// service is filed or unfiled: while it keeps a value, every name
    /// finds the service it found before (`Engine.identityVersion`).
    @usableFromInline
    private(set) var version = ServiceTable.newVersion()
    /// The names of deleted services the log still names, by place.
    private var formerNames: [UInt32: String] = [:]
    /// Deleted services' places in the order they go, each with the
    /// sequence number (`OperationLog.appended`) of the last log entry
    /// that can name it. Those before `retired` are given back.
    private var retiring: [(sequence: Int, slot: UInt32)] = []
    private var retired = 0

    init() {}

    var count: Int { table.count }
    /// Every service's key (as filed), in no particular order.
    var keys: Dictionary<NameKey, UInt32>.Keys { table.keys }

    var isTracking: Bool {
        get { table.isTracking }
        set { table.isTracking = newValue }
    }

    mutating func takeChangedKeys() -> Set<NameKey> { table.takeChangedKeys() }

    // MARK: Finding

    /// The identity of the service filed under `key`.
    @inline(__always)
    func id(of key: NameKey) -> ServiceID? {
        table.slot(of: key).map { ServiceID(slot: $0, generation: table.generation(of: $0)) }
    }

    /// Whether the service with this identity still exists and is the one
    /// filed under `key`, hashing nothing (see `SlotTable.holds`).
    @inline(__always)
    func holds(_ id: ServiceID, under key: NameKey) -> Bool {
        table.holds(id.slot, generation: id.generation, under: key)
    }

    /// The place of the service with this identity, nil when it is gone.
    @inline(__always)
    func slot(_ id: ServiceID) -> UInt32? { table.slot(id.slot, generation: id.generation) }

    /// The key the service in `slot` is filed under.
    @inline(__always)
    func key(of slot: UInt32) -> NameKey { table.key(of: slot) }

    /// The identity of the service in `slot`.
    @inline(__always)
    func id(ofSlot slot: UInt32) -> ServiceID { ServiceID(slot: slot, generation: table.generation(of: slot)) }

    /// The name of the service with this identity, live or deleted, while
    /// the log can name it.
    func name(of id: ServiceID) -> String? {
        guard Int(id.slot) < table.slots.count, table.generation(of: id.slot) == id.generation else { return nil }
        let slot = table.slots[Int(id.slot)]
        return slot.isLive ? slot.value.name : formerNames[id.slot]
    }

    /// The service in a place known to hold one, changed in place (a
    /// journal notes its key).
    subscript(slot: UInt32) -> Service {
        @inline(__always) get { table[slot] }
        @inline(__always) _modify {
            if table.isTracking { table.touch(table.key(of: slot)) }
            yield &table[slot]
        }
    }

    /// The service filed under `key`.
    subscript(key: NameKey) -> Service? { table[key] }

    /// Every service, in no particular order.
    var values: some Sequence<Service> { table.values }

    // MARK: Changing

    /// Adds a service under its name's key, which no service holds.
    @discardableResult
    mutating func add(_ service: Service) -> ServiceID {
        add(service, filedUnder: NameKey(service.name))
    }

    /// Adds a service under `key` (a file's: see `NameKey(filed:)`).
    @discardableResult
    mutating func add(_ service: Service, filedUnder key: NameKey) -> ServiceID {
        version = ServiceTable.newVersion()
        let (slot, generation) = table.insert(service, key: key)
        return ServiceID(slot: slot, generation: generation)
    }

    /// Removes the service in `slot`, filed under `key`; its name stays
    /// for the log until the entry numbered `sequence` is dropped.
    mutating func delete(_ slot: UInt32, filedUnder key: NameKey, lastNamedAt sequence: Int) {
        version = ServiceTable.newVersion()
        formerNames[slot] = table[slot].name
        table.remove(slot, key: key, freeing: false)
        retire(slot, lastNamedAt: sequence)
    }

    /// A place for the name of a service that no longer exists which a log
    /// read back names (from a file, or a journal), to be handed to
    /// `retire(_:lastNamedAt:)` once its entries are read.
    mutating func addFormer(_ name: String) -> ServiceID {
        let (slot, generation) = table.addRemoved()
        formerNames[slot] = name
        return ServiceID(slot: slot, generation: generation)
    }

    /// Keeps a deleted service's name until the log drops the entry
    /// numbered `sequence`, the last that can name it. Places are retired
    /// in the order of their sequence numbers.
    mutating func retire(_ slot: UInt32, lastNamedAt sequence: Int) {
        retiring.append((sequence, slot))
    }

    /// Whether deleted services wait for the log to drop their entries.
    @inline(__always)
    var hasRetiring: Bool { retired < retiring.count }

    /// Gives back the places of deleted services whose last entry comes
    /// before `firstKept`, the oldest entry the log keeps.
    mutating func forget(before firstKept: Int) {
        while retired < retiring.count, retiring[retired].sequence < firstKept {
            let slot = retiring[retired].slot
            formerNames[slot] = nil
            table.free(slot)
            retired += 1
        }
        if retired > 64, retired * 2 > retiring.count {
            retiring.removeFirst(retired)
            retired = 0
        }
    }
}

extension ServiceTable {
    private static let versions = Atomic<UInt64>(0)

    private static func newVersion() -> UInt64 {
        versions.add(1, ordering: .relaxed).newValue
    }
}
