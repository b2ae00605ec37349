import Lifecycle
import Testing

/// The seed table, transcribed a second time, independently of
/// `SeedTable.swift` and in another shape (per state, the operations with a
/// ✔), so that a slip in either transcription fails a cell.
private let seedAllowed: [ServiceState: Set<String>] = [
    .active: ["stop", "restart", "suspend", "delete", "scale", "update configuration", "backup"],
    .disabled: ["delete"],
    .suspended: ["resume", "delete", "backup"],
    .stopped: ["start", "restart", "delete", "backup"],
    .serviceUpdateFailed: ["delete"],
    .disableFailed: ["delete"],
    .enableFailed: ["delete"],
    .startFailed: ["start", "stop", "restart", "delete", "update configuration"],
    .stopFailed: ["start", "stop", "restart", "delete", "update configuration"],
    .restartFailed: ["start", "stop", "restart", "delete", "update configuration"],
    .suspendedFailed: ["suspend", "resume", "delete"],
    .resumeFailed: ["suspend", "resume", "delete"],
    .createdFailed: ["delete"],
    .restoreFailed: ["delete"],
    .configUpdateFailed: ["restart", "delete", "update configuration"],
    .scaleFailed: ["delete", "scale"],
]

private let cells: [(ServiceState, Operation)] = ServiceState.allCases.flatMap { state in
    Operation.seedColumns.map { (state, $0) }
}

@Suite("The seed table")
struct SeedTableTests {
    @Test("has sixteen states and nine operation columns")
    func shape() {
        #expect(ServiceState.allCases.count == 16)
        #expect(Operation.seedColumns.map(\.displayName) == [
            "start", "stop", "restart", "suspend", "resume", "delete", "scale", "update configuration", "backup",
        ])
        #expect(cells.count == 144)
    }

    @Test("matches the seed in every cell", arguments: cells)
    func cell(state: ServiceState, operation: Operation) {
        let expected = seedAllowed[state]!.contains(operation.displayName)
        #expect(Rules.isAllowed(operation, in: state) == expected, "\(state) / \(operation)")
    }

    @Test("lists the states in the seed's order with their display names")
    func stateNames() {
        #expect(ServiceState.allCases.map(\.displayName) == [
            "Active", "Disabled", "Suspended", "Stopped", "ServiceUpdateFailed", "DisableFailed",
            "EnableFailed", "StartFailed", "StopFailed", "RestartFailed", "SuspendedFailed",
            "ResumeFailed", "CreatedFailed", "RestoreFailed", "ConfigUpdateFailed", "ScaleFailed",
        ])
    }

    @Test("groups rows as the seed does")
    func seedRows() {
        let rows = Rules.seedRows
        #expect(rows.count == 12)
        #expect(rows.flatMap(\.states) == ServiceState.allCases)
        #expect(rows[7].states == [.startFailed, .stopFailed, .restartFailed])
    }

    @Test(
        "matches typed state names leniently",
        arguments: [
            ("stop-failed", ServiceState.stopFailed), ("StopFailed", .stopFailed),
            ("Service Update Failed", .serviceUpdateFailed), ("service_update_failed", .serviceUpdateFailed),
            ("SuspendFailed", .suspendedFailed), ("suspended failed", .suspendedFailed),
            ("ACTIVE", .active), ("created-failed", .createdFailed),
        ]
    )
    func lenientStates(text: String, state: ServiceState) {
        #expect(ServiceState(userInput: text) == state)
    }

    @Test("rejects names that are not states", arguments: ["", "running", "stop", "Failed", "Activ"])
    func notStates(text: String) {
        #expect(ServiceState(userInput: text) == nil)
    }

    @Test("allows platform events only from their model states")
    func platformEvents() {
        #expect(Rules.states(allowing: .disable) == [.active, .suspended, .stopped, .disableFailed])
        #expect(Rules.states(allowing: .enable) == [.disabled, .enableFailed])
        #expect(Rules.states(allowing: .serviceUpdate) == [.active, .suspended, .stopped, .serviceUpdateFailed])
        #expect(Rules.states(allowing: .create).isEmpty)
        #expect(Rules.states(allowing: .restore).isEmpty)
    }
}
