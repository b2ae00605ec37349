// The engine's changes, which a `--workspace` journal saves after each
// statement: applied to the engine as it was, they give the engine as it
// is, whatever the statement did.
@testable import Lifecycle
import Foundation
import Testing

@Suite("Engine changes for a journal")
struct ChangesTests {
    static let names = ["alpha-one", "bravo-two", "charlie-3", "delta-four"]
    static let kinds: [ContentKind] = [.partner, .agreement, .bridge, .hybridConnection, .certificate]

    /// One random request, refused or not (a refusal changes nothing).
    static func step(_ engine: inout Engine, _ random: inout SeededRandom) {
        let name = names[random.next(names.count)]
        let backup = "bk-\(random.next(6))"
        switch random.next(20) {
        case 0: _ = try? engine.create(name, edition: [.basic, .standard, .premium][random.next(3)])
        case 1, 2, 3: _ = try? engine.perform(Operation.allCases[random.next(Operation.allCases.count)], on: name)
        case 4: _ = try? engine.backup(name, as: random.next(2) == 0 ? backup : nil)
        case 5:
            let backups = engine.allBackups
            if !backups.isEmpty {
                _ = try? engine.perform(.delete, on: name)
                _ = try? engine.restore(backups[random.next(backups.count)].name, to: name)
            }
        case 6: try? engine.armFailure(Operation.allCases[random.next(Operation.allCases.count)], on: name, times: 1 + random.next(3))
        case 7: engine.clearFailures(random.next(2) == 0 ? nil : .stop, on: random.next(2) == 0 ? nil : name)
        case 8: random.next(3) == 0 ? engine.disableChaos() : try? engine.setChaos(percent: 30, seed: UInt64(random.next(99)))
        case 9, 10: _ = try? engine.advance(by: .minutes([1, 30, 90, 600][random.next(4)]))
        case 11:
            try? engine.scheduleBackups(of: name, every: .hours(Int64(1 + random.next(2))), retain: .hours(Int64(3 + random.next(4))),
                                        keepOne: random.next(2) == 0)
        case 12: _ = try? engine.unscheduleBackups(of: name)
        case 13: try? engine.add(kinds[random.next(kinds.count)], named: "item-\(random.next(8))", to: name)
        case 14: try? engine.remove(kinds[random.next(kinds.count)], named: "item-\(random.next(8))", from: name)
        case 15: try? engine.receive(1 + random.next(5), messagesOn: name)
        case 16: _ = try? engine.process(1 + random.next(3), messagesOn: name)
        case 17:
            _ = try? engine.updateConfiguration(name, [(key: "tracking-database", value: "db-\(random.next(2))")])
            try? engine.createTrackingDatabase(of: name)
        case 18: try? engine.backupTrackingDatabase(of: name, as: "db-" + backup)
        default: engine.nameHold = .minutes([0, 30, 60][random.next(3)])
        }
    }

    @Test("after every statement of random scripts, the last changes make the engine as it was into the engine as it is")
    func replayMatches() throws {
        var purges = 0, restores = 0, failures = 0
        for seed in 1...20 {
            var random = SeededRandom(state: UInt64(seed))
            var live = Engine()
            live.logLimit = 40  // so the log wraps and drops
            live.tracksChanges = true
            var twin = live
            for statement in 1...300 {
                for _ in 0...random.next(4) { Self.step(&live, &random) }
                // As a journal keeps them: written, then read.
                let changes = try JSONDecoder().decode(Engine.Changes.self, from: JSONEncoder().encode(live.takeChanges()))
                twin.apply(changes)
                purges += changes.logged.filter(\.isPurge).count
                restores += changes.logged.filter { $0.operation == .restore && $0.succeeded }.count
                failures += changes.logged.filter { !$0.succeeded }.count
                try #require(twin == live, "seed \(seed), statement \(statement)")
                // Now and then the replayed engine goes on as the live one
                // (its indexes and schedule queue made by replaying), and
                // the twin is the live one saved and opened.
                if statement % 50 == 0 {
                    let reopened = try JSONDecoder().decode(Engine.self, from: JSONEncoder().encode(live))
                    live = twin
                    live.tracksChanges = true
                    twin = reopened
                    try #require(twin == live)
                }
            }
        }
        // The scripts did what the journal must carry.
        #expect(purges > 50 && restores > 20 && failures > 50, "\(purges) purges, \(restores) restores, \(failures) failures")
    }

    @Test("nothing is remembered without a journal, and a statement that changed nothing says so")
    func trackingIsAskedFor() throws {
        var engine = Engine()
        _ = try engine.create("contoso")
        #expect(!engine.tracksChanges)
        engine.tracksChanges = true
        let first = engine.takeChanges()
        #expect(first.logged.isEmpty && first.services == nil)
        _ = engine.service(named: "contoso")
        let second = engine.takeChanges()
        #expect(second.changeNothing(after: first))
        _ = try engine.perform(.stop, on: "contoso")
        let third = engine.takeChanges()
        #expect(!third.changeNothing(after: second))
        #expect(third.services?.set.keys.map(\.text) == ["contoso"] && third.logged.count == 1)
    }
}
