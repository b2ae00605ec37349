@testable import Lifecycle
import Testing

/// `refusal(of:on:)` is what `can` and `explain` answer with: it must be
/// the very refusal the run meets, or nil exactly when the run goes ahead.
@Suite("Would it run now")
struct AdmissionTests {
    /// Every operation but restore, whose `perform` names a backup where
    /// `refusal(of:on:)` names the target.
    static let operations = Operation.allCases.filter { $0 != .restore }

    @Test("the answer is the run's, in every state", arguments: ServiceState.allCases)
    func everyState(_ state: ServiceState) throws {
        let engine = try makeEngine(in: state)
        for operation in Self.operations {
            var run = engine
            let met = refusal { _ = try run.perform(operation, on: "contoso") }
            #expect(engine.refusal(of: operation, on: "contoso") == met, "\(operation) in \(state)")
        }
    }

    @Test("a Developer service is refused backup and scale by its edition, as the run is")
    func developer() throws {
        var engine = Engine()
        _ = try engine.create("devbox01", edition: .developer)
        for state in [ServiceState.active, .stopped] {
            if state == .stopped { _ = try engine.perform(.stop, on: "devbox01") }
            for operation in Self.operations {
                var run = engine
                let met = refusal { _ = try run.perform(operation, on: "devbox01") }
                #expect(engine.refusal(of: operation, on: "devbox01") == met, "\(operation) in \(state)")
            }
        }
        #expect(engine.refusal(of: .backup, on: "devbox01") == .backupNotSupported(service: "devbox01", edition: .developer))
    }

    @Test("a held name refuses create and restore until the hold ends")
    func heldName() throws {
        var engine = Engine()
        _ = try engine.create("contoso")
        _ = try engine.backup("contoso", as: "nightly")
        _ = try engine.perform(.delete, on: "contoso")
        guard case .nameHeld? = engine.refusal(of: .create, on: "contoso") else {
            Issue.record("create on a held name is not refused by the hold")
            return
        }
        guard case .nameHeld? = engine.restoreRefusal("nightly") else {
            Issue.record("restore to a held name is not refused by the hold")
            return
        }
        #expect(engine.restoreRefusal("nightly", to: "contoso-dr", edition: .basic)
            == .restoreToLowerEdition(backup: "nightly", backupEdition: .standard, requested: .basic))
        try engine.advance(by: engine.nameHold)
        #expect(engine.refusal(of: .create, on: "contoso") == nil)
        #expect(engine.restoreRefusal("nightly") == nil)
    }
}

@Suite("Routes in a service's situation")
struct RouteTests {
    @Test("an armed failure is on the way: it happens, and no second one is armed")
    func armedFailure() {
        let steps = StateMachine.path(
            from: .state(.active), toAny: [.state(.stopped)], in: StateMachine.Situation(armed: [.stop: 1]))
        #expect(steps == [
            StateMachine.Step(operation: .stop, fails: true, to: .state(.stopFailed), armed: true),
            StateMachine.Step(operation: .stop, fails: false, to: .state(.stopped)),
        ])
    }

    @Test("RestoreFailed is reached through a backup taken on the way, a delete and a failed restore")
    func throughRestore() {
        let steps = StateMachine.path(
            from: .state(.active), toAny: [.state(.restoreFailed)], in: StateMachine.Situation(canBackUp: true))
        #expect(steps?.map(\.operation) == [.backup, .delete, .restore])
        #expect(steps?.last?.fails == true)
        // Without a backup, and none to take, there is no way.
        #expect(StateMachine.path(from: .state(.active), toAny: [.state(.restoreFailed)], in: StateMachine.Situation()) == nil)
    }

    @Test("with a backup, the way out of a failed restore is restoring again, not an empty create")
    func outOfFailedRestore() {
        let steps = StateMachine.path(
            from: .state(.restoreFailed), toAny: [.state(.active)], in: StateMachine.Situation(hasBackup: true, preferRestore: true))
        #expect(steps?.map(\.operation) == [.delete, .restore, .resume])
    }
}

@Suite("Routes stay small")
struct RouteLimitTests {
    @Test("failures armed for every operation, and a billion for one, still give an answer")
    func everythingArmed() {
        var armed: [Operation: Int] = [:]
        for operation in Operation.allCases { armed[operation] = 3 }
        let situation = StateMachine.Situation(armed: armed, canBackUp: true)
        // An answer (a route or none) at all is what is checked: before the
        // limit, this search did not end.
        _ = StateMachine.path(from: .state(.active), toAny: [.state(.restoreFailed)], in: situation)
        let stuck = StateMachine.Situation(armed: [.stop: 1_000_000_000])
        #expect(StateMachine.path(from: .state(.active), toAny: [.state(.stopped)], in: stuck) == nil)
    }
}
