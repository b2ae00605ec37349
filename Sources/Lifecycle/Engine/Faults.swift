/// Failures the user asked for: armed per operation and service, and
/// seeded random failures ("chaos").
///
/// An armed failure waits for the next run of its operation on its
/// service; an attempt that is refused (not allowed, bad argument) does not
/// use it up.
struct FaultPlan: Sendable, Equatable, Codable {
    /// Armed failures belong to a name, not to one service: they are kept
    /// by the name's key, and wait for the next service of that name.
    struct Key: Hashable, Sendable, Codable {
        var operation: Operation
        var service: NameKey
    }

    private var armed = Tracked<Key, Int>()
    /// The service names as the user first typed them, by key.
    private var spellings = Tracked<NameKey, String>()
    private(set) var chaos: Chaos?

    /// Whether nothing is armed and no chaos is on, as for nearly every
    /// run: then no run fails, and none need ask.
    var isIdle: Bool { armed.isEmpty && chaos == nil }

    /// Adds `times` armed failures; the engine has checked that the sum
    /// stays within `Engine.failureCounts`.
    mutating func arm(_ operation: Operation, service key: NameKey, spelled spelling: String, times: Int) {
        armed[Key(operation: operation, service: key), default: 0] += times
        if spellings[key] == nil { spellings[key] = spelling }
    }

    /// How many armed failures wait for `operation` on `service`.
    func armedCount(_ operation: Operation, service: NameKey) -> Int {
        armed[Key(operation: operation, service: service)] ?? 0
    }

    /// Every armed failure, by service then operation.
    var all: [ArmedFailure] {
        armed.dictionary.sorted { ($0.key.service, $0.key.operation.rawValue) < ($1.key.service, $1.key.operation.rawValue) }
            .map { ArmedFailure(operation: $0.key.operation, service: spellings[$0.key.service] ?? $0.key.service.text, count: $0.value) }
    }

    /// Disarms the failures armed for `operation` (any, if nil) on
    /// `service` (any, if nil); returns how many runs were to fail (at
    /// most `Int.max`: the sum is only reported, so it saturates).
    mutating func disarm(_ operation: Operation?, service key: NameKey?) -> Int {
        var removed = 0
        for (armedKey, count) in armed.dictionary where (operation == nil || armedKey.operation == operation) && (key == nil || armedKey.service == key) {
            armed[armedKey] = nil
            let (sum, overflow) = removed.addingReportingOverflow(count)
            removed = overflow ? .max : sum
        }
        return removed
    }

    mutating func setChaos(_ chaos: Chaos?) { self.chaos = chaos }

    /// What no run could have armed (see `Engine.inconsistency`): a count
    /// outside `Engine.failureCounts`, a name no service may have or one
    /// filed under another's key, a chaos rate that is no percentage.
    func inconsistency() -> Inconsistency? {
        // Spellings outlive what was armed under them (`disarm` leaves
        // them), so only those in use are looked at.
        for key in armed.keys.sorted(by: { ($0.service, $0.operation.rawValue) < ($1.service, $1.operation.rawValue) }) {
            let count = armed[key]!, spelling = spellings[key.service] ?? key.service.text
            for name in [key.service.text, spelling] {
                if let problem = Names.serviceNameProblem(name) { return .invalidName(name, .service, problem, in: nil) }
            }
            if key.service != NameKey(key.service.text) || key.service != NameKey(spelling) {
                let name = spellings[key.service] ?? NameKey(key.service.text).text
                return .misfiled(.armedFailures(key.operation, service: name), key: key.service.text)
            }
            if !Engine.failureCounts.contains(count) {
                return .armedFailureCount(key.operation, service: spelling, count: count)
            }
        }
        if let chaos, !Engine.chaosPercents.contains(chaos.percent) { return .chaosPercent(chaos.percent) }
        return nil
    }

    // MARK: Journal (see Changes.swift)

    var isTracking: Bool {
        get { armed.isTracking }
        set {
            armed.isTracking = newValue
            spellings.isTracking = newValue
        }
    }

    mutating func takeChanges() -> (armed: TableChanges<Key, Int>?, spellings: TableChanges<NameKey, String>?) {
        (armed.takeChanges(), spellings.takeChanges())
    }

    mutating func apply(armed: TableChanges<Key, Int>?, spellings: TableChanges<NameKey, String>?, chaos: Chaos?) {
        if let armed { self.armed.apply(armed) }
        if let spellings { self.spellings.apply(spellings) }
        self.chaos = chaos
    }

    /// Decides whether this run of `operation` fails, using up an armed
    /// failure or a roll of the chaos generator. (Nearly every run has
    /// nothing armed and no chaos: the engine asks `isIdle` first.)
    mutating func nextRunFails(_ operation: Operation, service: NameKey) -> FailureCause? {
        let key = Key(operation: operation, service: service)
        if let count = armed[key] {
            armed[key] = count > 1 ? count - 1 : nil
            return .injected
        }
        if var chaos {
            defer { self.chaos = chaos }
            if chaos.roll() { return .chaos }
        }
        return nil
    }
}

/// Failures armed for the next runs of an operation on a service.
public struct ArmedFailure: Sendable, Hashable {
    public let operation: Operation
    /// The service's name as first typed; it need not exist.
    public let service: String
    /// How many runs are still to fail.
    public let count: Int
}

/// Why an operation failed. Failures happen only when the user asks for
/// them, never silently.
public enum FailureCause: Sendable, Hashable, Codable, BitwiseCopyable {
    /// A failure armed with `fail next`.
    case injected
    /// A seeded random failure.
    case chaos
    /// A scheduled backup came due while the service was in a state the
    /// seed table does not allow backup in.
    case notAllowed(ServiceState)
    /// A scheduled backup came due while the workspace already held
    /// `Engine.maximumBackups` backups.
    case backupLimit(Int)
}

/// Seeded random failures: each operation that runs fails with the given
/// probability. The same seed gives the same failures.
struct Chaos: Sendable, Hashable, Codable {
    let percent: Int
    let seed: UInt64
    private var state: UInt64

    init(percent: Int, seed: UInt64) {
        self.percent = percent
        self.seed = seed
        self.state = seed
    }

    /// SplitMix64: small, fast, and the same on every platform.
    mutating func roll() -> Bool {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Int(z % 100) < percent
    }
}
