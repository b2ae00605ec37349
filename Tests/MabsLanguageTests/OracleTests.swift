// The oracle: random scripts, one statement at a time, through the whole
// language (lexer, parser, checker, interpreter, engine), each step checked
// against a deliberately simple model written straight from the seed table
// (the hand-made fixture) and /work/shared/DOMAIN.md. The model asks the
// engine nothing; it only reads what the engine ended up with, to compare.
//
// A failing case is shrunk by swift-property-based (fewer steps, smaller
// numbers) and reported as the short script that diverges.
import Foundation
import Lifecycle
import PropertyBased
import Synchronization
import Testing
@testable import MabsLanguage

/// The engine's, not Foundation's.
private typealias Operation = Lifecycle.Operation

// MARK: - The model

private struct Model {
    // The seed table, from the fixture: per state, the user operations it allows.
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

    static func allows(_ operation: Operation, in state: ServiceState) -> Bool {
        if let from = eventAllowedFrom[operation] { return from.contains(state) }
        return seedAllowed[state]!.contains(operation)
    }

    /// DOMAIN.md, "What each operation does" and "Platform events".
    static func outcome(_ operation: Operation, from state: ServiceState, succeeds: Bool) -> ServiceState {
        switch (operation, succeeds) {
        case (.create, true), (.start, true), (.restart, true), (.resume, true), (.scale, true), (.enable, true): .active
        case (.create, false): .createdFailed
        case (.start, false): .startFailed
        case (.stop, true): .stopped
        case (.stop, false): .stopFailed
        case (.restart, false): .restartFailed
        case (.suspend, true): .suspended
        case (.suspend, false): .suspendedFailed
        case (.resume, false): .resumeFailed
        case (.delete, _), (.backup, _): state
        case (.scale, false): .scaleFailed
        case (.updateConfiguration, true): state == .configUpdateFailed ? .active : state
        case (.updateConfiguration, false): .configUpdateFailed
        case (.restore, true): .suspended
        case (.restore, false): .restoreFailed
        case (.disable, true): .disabled
        case (.disable, false): .disableFailed
        case (.enable, false): .enableFailed
        case (.serviceUpdate, true): state == .serviceUpdateFailed ? .active : state
        case (.serviceUpdate, false): .serviceUpdateFailed
        }
    }

    // DOMAIN.md, "Editions": Developer, Basic, Standard, Premium.
    static let editions = ["developer", "basic", "standard", "premium"]
    static let bridgesPerUnit = [25, 25, 125, 500]
    static let agreementsPerUnit = [10, 50, 250, 1000]
    static let hybridConnectionsPerUnit = [5, 10, 50, 100]
    /// DOMAIN.md, "Names": the name hold is configurable; the oracle runs
    /// with 10 minutes, so that waits free names often.
    static let nameHold = 600

    struct Service: Equatable {
        var state: ServiceState
        var edition: Int
        var units: Int
        var bridges: Set<String> = []
        var agreements: Set<String> = []
        var hybridConnections: Set<String> = []
        var batch = 0
        var controlNumber = 0

        func fits(units: Int) -> Bool {
            bridges.count + 2 * agreements.count <= Model.bridgesPerUnit[edition] * units
                && agreements.count <= Model.agreementsPerUnit[edition] * units
                && hybridConnections.count <= Model.hybridConnectionsPerUnit[edition] * units
        }
    }

    struct Backup: Equatable {
        var service: String
        var edition: Int
        var units: Int
        var bridges: Set<String>
        var agreements: Set<String>
        var controlNumber: Int
    }

    var services: [String: Service] = [:]
    var heldUntil: [String: Int] = [:]
    var clock = 0
    var backups: [String: Backup] = [:]
    var armed: [String: [Operation: Int]] = [:]
    var chaos = false
}

// MARK: - Steps

/// One generated step: small numbers that `Step.statement` turns into a
/// statement. Shrinking makes them fewer and smaller.
private struct Step: Sendable, CustomStringConvertible {
    var kind: Int
    var target: Int
    var argument: Int
    var flag: Bool

    static let services = ["alpha-one", "bravo-two", "charlie-3"]
    static let operations: [Operation] = [
        .start, .stop, .restart, .suspend, .resume, .delete, .scale, .updateConfiguration, .backup,
        .create, .restore, .disable, .enable, .serviceUpdate,
    ]

    var service: String { Step.services[target % Step.services.count] }
    var backupName: String { "bk-\(argument % 4)" }
    var contentKind: String { ["bridge", "agreement", "hybrid-connection"][argument % 3] }
    var contentName: String { "item-\(argument / 3 % 40)" }

    var statement: String {
        switch kind {
        case 0: "create \(service) edition \(Model.editions[argument % 4]) units \(argument / 4 % 3 + 1)"
        case 1: "start \(service)"
        case 2: "stop \(service)"
        case 3: "restart \(service)"
        case 4: "suspend \(service)"
        case 5: "resume \(service)"
        case 6: "delete \(service)"
        case 7: "scale \(service) to \(argument % 10)"
        case 8: "update \(service) set acs-namespace = \"ns-\(argument)\""
        case 9: "backup \(service) as \(backupName)"
        case 10: flag
            ? "restore \(backupName) to \(service) edition \(Model.editions[argument / 4 % 4])"
            : "restore \(backupName) to \(service)"
        case 11: "fail next \(Step.operations[argument % Step.operations.count].keyword) on \(service)"
        case 12: "wait \(argument % 4 * 25)m"
        case 13: "disable \(service)"
        case 14: "enable \(service)"
        case 15: "service-update \(service)"
        case 16, 17: "add \(contentKind) \(contentName) to \(service)"
        case 18: "remove \(contentKind) \(contentName) from \(service)"
        case 19: "receive \(argument % 5 + 1) messages on \(service)"
        case 20: flag ? "process \(argument % 3 + 1) messages on \(service)" : "process batch on \(service)"
        default: flag ? "chaos 10 seed \(argument)" : "chaos off"
        }
    }

    var description: String { statement }

    /// How often each kind comes up, in percent: creating and adding
    /// often, so that services exist and hold something; deleting, arming
    /// failures and chaos seldom, so that they do not dominate.
    static let weights = [12, 8, 6, 5, 5, 6, 2, 6, 4, 5, 5, 2, 4, 1, 4, 3, 6, 6, 3, 3, 2, 2]
    static let kindOfPercent: [Int] = weights.enumerated().flatMap { Array(repeating: $0.offset, count: $0.element) }

    static let generator = zip(
        Gen.int(in: 0...99), Gen.int(in: 0...2), Gen.int(in: 0...1_000), Gen.bool(0.5)
    ).map { Step(kind: kindOfPercent[$0], target: $1, argument: $2, flag: $3) }
}

// MARK: - What the model expects of a step

private enum Expectation {
    /// Refused: an error, and nothing changes.
    case refused
    /// Accepted without running an operation (contents, messages, failures, chaos, time).
    case accepted(Model)
    /// An operation runs on `service`: one log entry; the model after
    /// success and after failure. `canFail` is false when no failure is
    /// armed and chaos is off, true when chaos may decide; `mustFail` when
    /// an armed failure is used up.
    case runs(service: String, success: Model, failure: Model, mustFail: Bool, canFail: Bool)
}

extension Model {
    func expectation(of step: Step) -> Expectation {
        let name = step.service
        let existing = services[name]
        switch step.kind {
        case 0:
            let edition = step.argument % 4, units = step.argument / 4 % 3 + 1
            guard existing == nil, isFree(name), edition > 0 || units == 1 else { return .refused }
            return run(.create, on: name, from: nil) { model, succeeds in
                model.services[name] = Service(state: succeeds ? .active : .createdFailed, edition: edition, units: units)
                model.heldUntil[name] = nil
            }
        case 1...6, 13, 14, 15:
            let operation: Operation = [1: .start, 2: .stop, 3: .restart, 4: .suspend, 5: .resume, 6: .delete,
                                        13: .disable, 14: .enable, 15: .serviceUpdate][step.kind]!
            guard let existing, Model.allows(operation, in: existing.state) else { return .refused }
            return run(operation, on: name, from: existing) { model, succeeds in
                if operation == .delete && succeeds {
                    model.services[name] = nil
                    model.heldUntil[name] = model.clock + Model.nameHold
                } else {
                    model.services[name]!.state = Model.outcome(operation, from: existing.state, succeeds: succeeds)
                }
            }
        case 7:
            let units = step.argument % 10
            guard let existing, Model.allows(.scale, in: existing.state), existing.edition > 0,
                  (1...8).contains(units), existing.fits(units: units) else { return .refused }
            return run(.scale, on: name, from: existing) { model, succeeds in
                model.services[name]!.state = succeeds ? .active : .scaleFailed
                if succeeds { model.services[name]!.units = units }
            }
        case 8:
            guard let existing, Model.allows(.updateConfiguration, in: existing.state) else { return .refused }
            return run(.updateConfiguration, on: name, from: existing) { model, succeeds in
                model.services[name]!.state = Model.outcome(.updateConfiguration, from: existing.state, succeeds: succeeds)
            }
        case 9:
            guard let existing, Model.allows(.backup, in: existing.state), existing.edition > 0,
                  backups[step.backupName] == nil else { return .refused }
            return run(.backup, on: name, from: existing) { model, succeeds in
                guard succeeds else { return }
                model.backups[step.backupName] = Backup(
                    service: name, edition: existing.edition, units: existing.units,
                    bridges: existing.bridges, agreements: existing.agreements, controlNumber: existing.controlNumber
                )
            }
        case 10:
            guard let backup = backups[step.backupName], existing == nil, isFree(name) else { return .refused }
            let edition = step.flag ? step.argument / 4 % 4 : backup.edition
            guard edition >= backup.edition else { return .refused }
            return run(.restore, on: name, from: nil) { model, succeeds in
                // DOMAIN.md, "Backup": hybrid connections and the active batch are not kept.
                model.services[name] = Service(
                    state: succeeds ? .suspended : .restoreFailed, edition: edition, units: backup.units,
                    bridges: backup.bridges, agreements: backup.agreements, controlNumber: backup.controlNumber
                )
                model.heldUntil[name] = nil
            }
        case 11:
            var model = self
            model.armed[name, default: [:]][Step.operations[step.argument % Step.operations.count], default: 0] += 1
            return .accepted(model)
        case 12:
            var model = self
            model.clock += step.argument % 4 * 25 * 60
            return .accepted(model)
        case 16, 17, 18:
            guard let existing, [.active, .suspended, .stopped].contains(existing.state) else { return .refused }
            var service = existing
            let adding = step.kind != 18
            let path: WritableKeyPath<Service, Set<String>> = [\.bridges, \.agreements, \.hybridConnections][step.argument % 3]
            guard service[keyPath: path].contains(step.contentName) != adding else { return .refused }
            if adding { service[keyPath: path].insert(step.contentName) } else { service[keyPath: path].remove(step.contentName) }
            guard !adding || service.fits(units: service.units) else { return .refused }
            var model = self
            model.services[name] = service
            return .accepted(model)
        case 19, 20:
            guard let existing, existing.state == .active else { return .refused }
            var model = self
            if step.kind == 19 {
                model.services[name]!.batch += step.argument % 5 + 1
            } else if step.flag {
                model.services[name]!.controlNumber += step.argument % 3 + 1
            } else if existing.batch > 0 {
                model.services[name]!.controlNumber += 1
                model.services[name]!.batch = 0
            }
            return .accepted(model)
        default:
            var model = self
            model.chaos = step.flag
            return .accepted(model)
        }
    }

    private func isFree(_ name: String) -> Bool {
        heldUntil[name].map { clock >= $0 } ?? true
    }

    /// An operation that runs: armed failures first, then chaos.
    private func run(
        _ operation: Operation, on name: String, from: Service?, _ apply: (inout Model, Bool) -> Void
    ) -> Expectation {
        var success = self, failure = self
        let armedCount = armed[name]?[operation] ?? 0
        if armedCount > 0 { failure.armed[name]![operation] = armedCount - 1 }
        apply(&success, true)
        apply(&failure, false)
        return .runs(service: name, success: success, failure: failure, mustFail: armedCount > 0, canFail: chaos)
    }

    /// Whether the engine shows what the model holds, in words if not.
    func divergence(from engine: Engine) -> String? {
        for name in Step.services {
            let actual = engine.service(named: name)
            guard let expected = services[name] else {
                if let actual { return "\(name) exists (\(actual.state.displayName)); the model has none" }
                continue
            }
            guard let actual else { return "\(name) is missing; the model has it \(expected.state.displayName)" }
            let contents = actual.contents
            let seen = Service(
                state: actual.state, edition: Int(actual.edition.rawValue), units: actual.units,
                bridges: Set(contents.items(.bridge).map(\.name)),
                agreements: Set(contents.items(.agreement).map(\.name)),
                hybridConnections: Set(contents.items(.hybridConnection).map(\.name)),
                batch: actual.activeBatch, controlNumber: actual.controlNumber
            )
            if seen != expected { return "\(name): the engine has \(seen), the model \(expected)" }
        }
        for index in 0..<4 {
            let name = "bk-\(index)"
            let actual = engine.backup(named: name)
            guard let expected = backups[name] else {
                if actual != nil { return "backup \(name) exists; the model has none" }
                continue
            }
            guard let actual else { return "backup \(name) is missing" }
            let seen = Backup(
                service: actual.service, edition: Int(actual.edition.rawValue), units: actual.units,
                bridges: Set(actual.contents.items(.bridge).map(\.name)),
                agreements: Set(actual.contents.items(.agreement).map(\.name)),
                controlNumber: actual.controlNumber
            )
            if seen != expected { return "backup \(name): the engine has \(seen), the model \(expected)" }
        }
        return nil
    }
}

// MARK: - Driving the language

/// Counts errors and drops everything else.
private final class Tally: ScriptOutput {
    var errors = 0
    func write(_ text: String) {}
    func report(_ diagnostic: Diagnostic) { if diagnostic.severity == .error { errors += 1 } }
    func flush() {}
    func record(_ event: CheckEvent) {}
}

/// How the steps of a run went: how many ran an operation, were accepted
/// without one, or were refused.
private struct Tallies {
    var ran = 0, accepted = 0, refused = 0
    var total: Int { ran + accepted + refused }
}

/// Runs `steps` in a fresh workspace; the first divergence, or nil.
private func divergence(in steps: [Step], tallies: inout Tallies) -> String? {
    let tally = Tally()
    var options = Session.Options()
    options.nameHold = Interval(seconds: Int64(Model.nameHold))
    let session = Session(options: options, output: tally)
    var model = Model()
    for (index, step) in steps.enumerated() {
        let before = session.engine
        let errorsBefore = tally.errors
        let prepared = session.prepare(SourceFile(name: "oracle.mabs", text: step.statement))
        if !prepared.hasErrors { _ = session.run(prepared) }
        else { for diagnostic in prepared.diagnostics { tally.report(diagnostic) } }
        let failedStatement = tally.errors > errorsBefore
        let engine = session.engine
        let entries = engine.log.total - before.log.total
        let at = "step \(index + 1), `\(step.statement)`"
        switch model.expectation(of: step) {
        case .refused:
            if !failedStatement { return "\(at): the model refuses it, the engine did not" }
            if engine != before { return "\(at): refused, yet the engine changed" }
            tallies.refused += 1
        case .accepted(let next):
            if failedStatement { return "\(at): the model accepts it, the engine refused it" }
            if entries != 0 { return "\(at): logged \(entries) entries; the model expects none" }
            tallies.accepted += 1
            model = next
        case .runs(let service, let success, let failure, let mustFail, let canFail):
            if failedStatement { return "\(at): the model runs it, the engine refused it" }
            guard entries == 1, let entry = engine.log.last else { return "\(at): logged \(entries) entries, not 1" }
            let logged = engine.name(of: entry.service) ?? "?"
            if logged.lowercased() != service { return "\(at): logged for \(logged)" }
            if mustFail && entry.succeeded { return "\(at): an armed failure was not used" }
            if !mustFail && !canFail && !entry.succeeded { return "\(at): failed with nothing armed and no chaos" }
            model = entry.succeeded ? success : failure
            tallies.ran += 1
        }
        if let difference = model.divergence(from: engine) { return "\(at): \(difference)" }
    }
    // What a run makes, a saved workspace may hold: opening it again must
    // not find anything no run could make.
    if let problem = session.snapshot().problem {
        return "after the last step: opening the workspace would refuse it: \(Message.text(of: problem))"
    }
    return nil
}

private func divergence(in steps: [Step]) -> String? {
    var tallies = Tallies()
    return divergence(in: steps, tallies: &tallies)
}

@Suite("Oracle")
struct OracleTests {
    /// 2,500 scripts of up to 800 statements: about a million steps, each
    /// checked; `Scripts/test --quick` runs 50 of them, about 20,000 steps.
    /// A divergence is shrunk and printed as a script.
    static let scripts = quickRun ? 50 : 2_500

    @Test("a million random statements (20,000 in the quick loop) do what the seed table and DOMAIN.md say")
    func randomScripts() async {
        let seen = Mutex(Tallies())
        await propertyCheck(count: Self.scripts, input: Step.generator.array(of: 1...800)) { steps in
            var tallies = Tallies()
            defer { seen.withLock { $0.ran += tallies.ran; $0.accepted += tallies.accepted; $0.refused += tallies.refused } }
            if let difference = divergence(in: steps, tallies: &tallies) {
                Issue.record("""
                    \(difference)
                    the script (\(steps.count) statements):
                    \(steps.map(\.statement).joined(separator: "\n"))
                    """)
            }
        }
        // Not vacuous: about 400 steps a script (the fewer scripts, the
        // wider the draw strays), and whatever the random draw, a good share
        // of them run an operation or change the workspace otherwise (about
        // 15% each); the rest are refusals, each of which is checked to
        // change nothing.
        let tallies = seen.withLock { $0 }
        #expect(tallies.total >= Self.scripts * (quickRun ? 250 : 360), "\(tallies)")
        #expect(tallies.ran * 10 >= tallies.total, "\(tallies)")
        #expect(tallies.accepted * 10 >= tallies.total, "\(tallies)")
    }

    /// The model is not vacuous: it tells a wrong script from a right one.
    @Test("the oracle notices a divergence")
    func noticesDivergence() {
        // Resume is not allowed in Active, so this model refuses it; an
        // engine that ran it would be caught. Here the engine refuses too.
        #expect(divergence(in: [Step(kind: 0, target: 0, argument: 2, flag: false), Step(kind: 5, target: 0, argument: 0, flag: false)]) == nil)
        var model = Model()
        model.services["alpha-one"] = .init(state: .stopped, edition: 2, units: 1)
        #expect(model.divergence(from: Engine()) == "alpha-one is missing; the model has it Stopped")
    }
}
