/// Failures the user asked for: armed per operation and service, and
/// seeded random failures ("chaos").
///
/// An armed failure waits for the next run of its operation on its
/// service; an attempt that is refused (not allowed, bad argument) does not
/// use it up.
struct FaultPlan: Sendable, Equatable {
    private struct Key: Hashable {
        var operation: Operation
        var service: String
    }

    private var armed: [Key: Int] = [:]
    private var chaos: Chaos?

    mutating func arm(_ operation: Operation, service: String, times: Int) {
        armed[Key(operation: operation, service: Names.serviceKey(service)), default: 0] += times
    }

    /// How many armed failures wait for `operation` on `service`.
    func armedCount(_ operation: Operation, service: String) -> Int {
        armed[Key(operation: operation, service: Names.serviceKey(service))] ?? 0
    }

    mutating func setChaos(_ chaos: Chaos?) { self.chaos = chaos }

    /// Decides whether this run of `operation` fails, using up an armed
    /// failure or a roll of the chaos generator.
    mutating func nextRunFails(_ operation: Operation, service: String) -> FailureCause? {
        let key = Key(operation: operation, service: Names.serviceKey(service))
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

/// Why an operation failed. Failures happen only when the user asks for
/// them, never silently.
public enum FailureCause: Sendable, Hashable {
    /// A failure armed with `fail next`.
    case injected
    /// A seeded random failure.
    case chaos
}

/// Seeded random failures: each operation that runs fails with the given
/// probability. The same seed gives the same failures.
struct Chaos: Sendable, Hashable {
    let percent: Int
    private var state: UInt64

    init(percent: Int, seed: UInt64) {
        self.percent = percent
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
