/// Who a service is while it exists: a small handle, resolved once from its
/// name (`Engine.id(of:)`), that every request by identity takes instead of
/// the name. It is the service's place in the engine's table and that
/// place's generation: a deleted service's place may later hold another
/// service, under the next generation, so an identity kept past its
/// service's delete names no service (it is stale), never another one.
///
/// An identity lives as long as the engine value it came from; it is not
/// saved (a workspace saves names, and `Service.number`).
public struct ServiceID: Hashable, Sendable, BitwiseCopyable, CustomStringConvertible {
    let slot: UInt32
    let generation: UInt32

    public var description: String { "service #\(slot).\(generation)" }
}

/// Who a backup is while it exists, as `ServiceID` is for a service.
public struct BackupID: Hashable, Sendable, BitwiseCopyable, CustomStringConvertible {
    let slot: UInt32
    let generation: UInt32

    public var description: String { "backup #\(slot).\(generation)" }
}

/// A value a place holds while it holds none: a place's value is never
/// optional, so reading a live one looks at no optional's tag (the hot
/// path of every operation reads a service's state this way).
protocol Vacant {
    static var vacant: Self { get }
}

/// Values in a dense array of places, with one index from their names'
/// keys to their places, and the keys changed since a journal last asked.
///
/// A removed value's place goes on a free list (unless the owner keeps it
/// for a while: `remove(_:key:freeing:)`), and is taken again by the next
/// value under the next generation, so an old identity of it is stale. A
/// place whose generation has run out is never taken again.
struct SlotTable<Value: Sendable & Vacant>: Sendable {
    struct Slot: Sendable {
        var value: Value
        /// The key the value is filed under, while it is live.
        var key: NameKey
        var generation: UInt32
        var isLive: Bool
    }

    private(set) var slots: [Slot] = []
    private var free: [UInt32] = []
    /// Each value's place by its key. Normally the key is the value's
    /// name's; a table read from a file holds the keys the file gave
    /// (`NameKey(filed:)`), for `Engine.inconsistency` to check.
    private(set) var index: [NameKey: UInt32] = [:]
    /// The keys set or removed, for a journal.
    private var changed = ChangedKeys()

    init() {}

    var count: Int { index.count }
    var keys: Dictionary<NameKey, UInt32>.Keys { index.keys }

    var isTracking: Bool {
        get { changed.isTracking }
        set { changed.isTracking = newValue }
    }

    mutating func takeChangedKeys() -> Set<NameKey> { changed.take() }

    /// Notes that the value under `key` changed, for a journal.
    @inline(__always)
    mutating func touch(_ key: NameKey) { changed.insert(key) }

    /// The place filed under `key`.
    @inline(__always)
    func slot(of key: NameKey) -> UInt32? { index[key] }

    /// The place of the value with this identity, if it still holds it.
    @inline(__always)
    func slot(_ slot: UInt32, generation: UInt32) -> UInt32? {
        let index = Int(slot)
        guard index < slots.count, slots[index].generation == generation, slots[index].isLive else { return nil }
        return slot
    }

    @inline(__always)
    func generation(of slot: UInt32) -> UInt32 { slots[Int(slot)].generation }

    /// The key the live value in `slot` is filed under.
    @inline(__always)
    func key(of slot: UInt32) -> NameKey { slots[Int(slot)].key }

    /// Whether the value with this identity is still the one filed under
    /// `key`: in constant time, hashing nothing (a key compares its
    /// storage first, and the key a caller resolved a place by is usually
    /// the very one filed).
    @inline(__always)
    func holds(_ slot: UInt32, generation: UInt32, under key: NameKey) -> Bool {
        let index = Int(slot)
        guard index < slots.count else { return false }
        let place = slots[index]
        return place.generation == generation && place.isLive && place.key == key
    }

    /// The value in a place known to hold one.
    subscript(slot: UInt32) -> Value {
        @inline(__always) get { slots[Int(slot)].value }
        @inline(__always) _modify { yield &slots[Int(slot)].value }
    }

    /// The value filed under `key`.
    subscript(key: NameKey) -> Value? {
        index[key].map { slots[Int($0)].value }
    }

    /// Every value, in no particular order.
    var values: some Sequence<Value> { index.values.lazy.map { self.slots[Int($0)].value } }

    /// Files `value` under `key` in a free place (or a new one); a value
    /// filed there before is removed first. Returns the place and its
    /// generation.
    @discardableResult
    mutating func insert(_ value: Value, key: NameKey) -> (slot: UInt32, generation: UInt32) {
        if let old = index[key] { remove(old, key: key, freeing: true) }
        let slot = take()
        slots[Int(slot)].value = value
        slots[Int(slot)].key = key
        slots[Int(slot)].isLive = true
        index[key] = slot
        touch(key)
        return (slot, slots[Int(slot)].generation)
    }

    /// A free place (or a new one), under its next generation, holding
    /// nothing yet.
    private mutating func take() -> UInt32 {
        if let reused = free.popLast() {
            slots[Int(reused)].generation += 1
            return reused
        }
        slots.append(Slot(value: .vacant, key: .vacant, generation: 0, isLive: false))
        return UInt32(slots.count - 1)
    }

    /// Removes the value in `slot`, filed under `key`. Its place is free
    /// at once, or, when `freeing` is false, when the owner says
    /// (`free(_:)`).
    mutating func remove(_ slot: UInt32, key: NameKey, freeing: Bool) {
        if index[key] == slot { index[key] = nil }
        slots[Int(slot)].value = .vacant
        slots[Int(slot)].key = NameKey.vacant
        slots[Int(slot)].isLive = false
        touch(key)
        if freeing { free(slot) }
    }

    /// Gives back a removed value's place, unless its generations have run
    /// out.
    mutating func free(_ slot: UInt32) {
        if slots[Int(slot)].generation < .max { free.append(slot) }
    }

    /// A place for a value that is gone but still named (a deleted
    /// service the log names, when a log is read back): removed, not
    /// free, and in no index.
    mutating func addRemoved() -> (slot: UInt32, generation: UInt32) {
        let slot = take()
        return (slot, slots[Int(slot)].generation)
    }
}

/// The keys of a table set or removed since a journal last asked (see
/// Changes.swift). It remembers nothing unless tracking, so a run without
/// a journal pays one test per change.
struct ChangedKeys: Sendable {
    private var keys: Set<NameKey>?

    var isTracking: Bool {
        get { keys != nil }
        set { keys = newValue ? [] : nil }
    }

    @inline(__always)
    mutating func insert(_ key: NameKey) {
        if keys != nil { keys!.insert(key) }
    }

    /// The keys changed since the last call; from now on none has.
    mutating func take() -> Set<NameKey> {
        guard let taken = keys, !taken.isEmpty else { return [] }
        keys = []
        return taken
    }
}
