import Foundation
import Lifecycle
import PropertyBased
import Testing

/// The engine's, not Foundation's.
private typealias Operation = Lifecycle.Operation

/// A deliberately simple model of one service, written straight from
/// /work/shared/DOMAIN.md and the hand-made seed-table fixture, without
/// asking the engine (`Rules`) anything. The property test runs the engine
/// and this model side by side.
private enum Model {
    /// The seed table as the fixture transcribes it: per state, the user
    /// operations allowed in it.
    static let seedAllowed: [ServiceState: Set<Operation>] = {
        let csv = try! String(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("../Fixtures/seed-table.csv"),
            encoding: .utf8
        )
        let columns: [String: Operation] = [
            "start": .start, "stop": .stop, "restart": .restart, "suspend": .suspend, "resume": .resume,
            "delete": .delete, "scale": .scale, "update-configuration": .updateConfiguration, "backup": .backup,
        ]
        let rows = csv.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        let header = rows[0].dropFirst().map { columns[$0]! }
        var allowed: [ServiceState: Set<Operation>] = [:]
        for row in rows.dropFirst() {
            let state = ServiceState.allCases.first { $0.displayName == row[0] }!
            allowed[state] = Set(zip(header, row.dropFirst()).filter { $0.1 == "yes" }.map(\.0))
        }
        precondition(allowed.count == 16, "the fixture has a row per state")
        return allowed
    }()

    /// DOMAIN.md, "Platform events": the "allowed from" column.
    static let eventAllowedFrom: [Operation: Set<ServiceState>] = [
        .disable: [.active, .suspended, .stopped, .disableFailed],
        .enable: [.disabled, .enableFailed],
        .serviceUpdate: [.active, .suspended, .stopped, .serviceUpdateFailed],
    ]

    /// Whether `operation` may run on a service in `state`. Create and
    /// restore make a new service, so they never run on an existing one.
    static func allows(_ operation: Operation, in state: ServiceState) -> Bool {
        if let from = eventAllowedFrom[operation] { return from.contains(state) }
        return seedAllowed[state]!.contains(operation)
    }

    /// DOMAIN.md, "What each operation does" and "Platform events": the
    /// state after a run from `state` (nil: no service before, or none after).
    static func outcome(_ operation: Operation, from state: ServiceState?, succeeds: Bool) -> ServiceState? {
        switch (operation, succeeds) {
        case (.create, true): .active
        case (.create, false): .createdFailed
        case (.start, true): .active
        case (.start, false): .startFailed
        case (.stop, true): .stopped
        case (.stop, false): .stopFailed
        case (.restart, true): .active
        case (.restart, false): .restartFailed
        case (.suspend, true): .suspended
        case (.suspend, false): .suspendedFailed
        case (.resume, true): .active
        case (.resume, false): .resumeFailed
        case (.delete, true): nil
        case (.delete, false): state
        case (.scale, true): .active
        case (.scale, false): .scaleFailed
        case (.updateConfiguration, true): state == .configUpdateFailed ? .active : state
        case (.updateConfiguration, false): .configUpdateFailed
        case (.backup, _): state
        case (.restore, true): .suspended
        case (.restore, false): .restoreFailed
        case (.disable, true): .disabled
        case (.disable, false): .disableFailed
        case (.enable, true): .active
        case (.enable, false): .enableFailed
        case (.serviceUpdate, true): state == .serviceUpdateFailed ? .active : state
        case (.serviceUpdate, false): .serviceUpdateFailed
        }
    }
}

@Suite("Lifecycle properties")
struct PropertyTests {
    /// Any sequence of operations, some with a failure armed first: each one
    /// either runs (one log entry; it fails exactly when a failure was armed
    /// and ends in the state DOMAIN.md says) or is refused (nothing changes;
    /// refused by the table exactly when the fixture says so).
    @Test("every request runs as DOMAIN.md and the seed say, or changes nothing")
    func randomSequences() async {
        let operations = Operation.allCases
        let step = zip(Gen.int(in: 0...operations.count - 1).map { operations[$0] }, Gen.bool(0.3))
        await propertyCheck(count: 1000, input: step.array(of: 1...40)) { steps in
            var engine = Engine(nameHold: .zero)
            _ = try? engine.create("contoso", edition: .basic)
            var armed: [Operation: Int] = [:]
            var latestBackup: String?
            for (index, (operation, fails)) in steps.enumerated() {
                if fails {
                    try? engine.armFailure(operation, on: "contoso")
                    armed[operation, default: 0] += 1
                }
                let before = engine
                let from = engine.service(named: "contoso")?.state
                let backupName = "backup-\(index)"
                let runs: Bool = switch operation {
                case .create: from == nil
                case .restore: from == nil && latestBackup != nil
                default: from.map { Model.allows(operation, in: $0) } ?? false
                }
                let request = { (engine: inout Engine) throws(LifecycleError) -> OperationReport in
                    switch operation {
                    case .create: try engine.create("contoso", edition: .basic)
                    case .restore: try engine.restore(latestBackup ?? "no-backup", to: "contoso")
                    case .backup: try engine.backup("contoso", as: backupName)
                    default: try engine.perform(operation, on: "contoso")
                    }
                }
                let context = "\(operation) from \(from.map(\.displayName) ?? "nothing")"
                do throws(LifecycleError) {
                    let report = try request(&engine)
                    let succeeds = armed[operation, default: 0] == 0
                    if !succeeds { armed[operation]! -= 1 }
                    #expect(runs, "\(context) ran")
                    #expect(report.succeeded == succeeds, "\(context)")
                    #expect(engine.log.entries.count == before.log.entries.count + 1)
                    #expect(engine.log.entries.last == report.entry)
                    #expect(report.entry.operation == operation)
                    let expected = Model.outcome(operation, from: from, succeeds: succeeds)
                    #expect(report.to == expected, "\(context)")
                    #expect(engine.service(named: "contoso")?.state == expected, "\(context)")
                    if operation == .backup {
                        #expect((engine.backup(named: backupName) != nil) == succeeds, "\(context)")
                        if succeeds { latestBackup = backupName }
                    }
                } catch {
                    #expect(!runs, "\(context) was refused")
                    #expect(engine == before, "a refused \(context) changed the engine")
                    if let from, operation != .create, operation != .restore, !Model.allows(operation, in: from) {
                        #expect(error == .notAllowed(operation, service: "contoso", state: from), "\(context)")
                    }
                }
            }
        }
    }
}
