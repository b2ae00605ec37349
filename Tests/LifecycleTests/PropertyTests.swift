@testable import Lifecycle
import PropertyBased
import Testing

@Suite("Lifecycle properties")
struct PropertyTests {
    /// Any sequence of operations, some with an injected failure: each one
    /// either runs (one log entry, the state the rules say) or is refused
    /// (nothing changes at all).
    @Test("every request runs by the rules or changes nothing")
    func randomSequences() async {
        // Restore takes a backup's name, not the service's; the restore rules
        // have tests of their own.
        let operations = Operation.allCases.filter { $0 != .restore }
        let step = zip(Gen.int(in: 0...operations.count - 1).map { operations[$0] }, Gen.bool(0.3))
        await propertyCheck(count: 300, input: step.array(of: 1...40)) { steps in
            var engine = Engine(nameHold: .zero)
            _ = try? engine.create("contoso", edition: .basic)
            for (operation, fails) in steps {
                if fails { try? engine.armFailure(operation, on: "contoso") }
                let before = engine
                let from = engine.service(named: "contoso")?.state
                do {
                    let report = try engine.perform(operation, on: "contoso")
                    #expect(engine.log.entries.count == before.log.entries.count + 1)
                    #expect(engine.log.entries.last == report.entry)
                    let effect = Rules.effect(of: operation)
                    let expected: ServiceState? = switch (from, report.succeeded) {
                    case (nil, true): operation == .create ? .active : .suspended
                    case (nil, false): operation == .create ? .createdFailed : .restoreFailed
                    case (let from?, true): effect.onSuccess.apply(to: from)
                    case (let from?, false): effect.onFailure.apply(to: from)
                    }
                    #expect(engine.service(named: "contoso")?.state == expected, "\(operation) from \(from.map(\.displayName) ?? "nothing")")
                    if let from { #expect(Rules.isAllowed(operation, in: from)) }
                } catch {
                    #expect(engine == before, "a refused \(operation) changed the engine")
                    if let from, operation != .create, !Rules.isAllowed(operation, in: from) {
                        #expect("\(error)".hasPrefix("Operation not allowed"))
                    }
                }
            }
        }
    }
}
