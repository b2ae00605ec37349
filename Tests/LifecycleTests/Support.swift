@testable import Lifecycle
import Testing

/// An engine holding one Standard service named `name` in `state`, brought
/// there through operations a user could run (which also shows that every
/// state is reachable).
func makeEngine(with name: String = "contoso", in state: ServiceState) throws -> Engine {
    var engine = Engine()
    func failNext(_ operation: Operation) throws { try engine.armFailure(operation, on: name) }
    if state == .restoreFailed {
        _ = try engine.create("source-svc")
        _ = try engine.backup("source-svc", as: "seed-backup")
        try failNext(.restore)
        _ = try engine.restore("seed-backup", to: name)
        return engine
    }
    if state == .createdFailed { try failNext(.create) }
    _ = try engine.create(name)
    switch state {
    case .active, .createdFailed, .restoreFailed: break
    case .disabled: _ = try engine.perform(.disable, on: name)
    case .suspended: _ = try engine.perform(.suspend, on: name)
    case .stopped: _ = try engine.perform(.stop, on: name)
    case .serviceUpdateFailed: try failNext(.serviceUpdate); _ = try engine.serviceUpdate(name)
    case .disableFailed: try failNext(.disable); _ = try engine.perform(.disable, on: name)
    case .enableFailed:
        _ = try engine.perform(.disable, on: name)
        try failNext(.enable); _ = try engine.perform(.enable, on: name)
    case .startFailed:
        _ = try engine.perform(.stop, on: name)
        try failNext(.start); _ = try engine.perform(.start, on: name)
    case .stopFailed: try failNext(.stop); _ = try engine.perform(.stop, on: name)
    case .restartFailed: try failNext(.restart); _ = try engine.perform(.restart, on: name)
    case .suspendedFailed: try failNext(.suspend); _ = try engine.perform(.suspend, on: name)
    case .resumeFailed:
        _ = try engine.perform(.suspend, on: name)
        try failNext(.resume); _ = try engine.perform(.resume, on: name)
    case .configUpdateFailed: try failNext(.updateConfiguration); _ = try engine.updateConfiguration(name, [])
    case .scaleFailed: try failNext(.scale); _ = try engine.scale(name, to: 2)
    }
    try #require(engine.service(named: name)?.state == state)
    return engine
}

extension Engine {
    /// Runs `request`, and gives what it logged with its names.
    mutating func logged(_ request: (inout Engine) throws -> OperationReport) throws -> LogRecord {
        let report = try request(&self)
        return describe(report.entry)
    }
}

/// The `LifecycleError` that `body` throws, or nil when it throws none.
func refusal(_ body: () throws -> Void) -> LifecycleError? {
    do {
        try body()
        return nil
    } catch {
        return error as? LifecycleError
    }
}

/// A small seeded generator (SplitMix64), so a failing random test
/// repeats.
struct SeededRandom {
    var state: UInt64

    /// A number from 0 up to `bound`, not including it.
    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}
