// The engine's bounds on what a workspace holds, and automatic backup
// names that stay cheap however many backups one second sees.
@testable import Lifecycle
import Foundation
import Testing

@Suite("Engine limits")
struct EngineLimitTests {
    @Test("a workspace holds at most a million services; the next create or restore is refused", .tags(.heavy), .heavy)
    func serviceLimit() throws {
        var engine = Engine()
        _ = try engine.create("contoso")
        _ = try engine.backup("contoso", as: "nightly")
        // Fill up cheaply: copies of one service under other keys.
        let template = try #require(engine.service(named: "contoso"))
        for index in 1..<Engine.maximumServices { engine.services.add(template, filedUnder: NameKey("filler\(index)")) }
        #expect(throws: LifecycleError.tooManyServices(limit: 1_000_000)) { try engine.create("fabrikam") }
        #expect(throws: LifecycleError.tooManyServices(limit: 1_000_000)) { try engine.restore("nightly", to: "fabrikam") }
        _ = try engine.perform(.delete, on: "contoso")
        _ = try engine.create("fabrikam")
        #expect(engine.service(named: "fabrikam")?.state == .active)
        // One more than a run could make: a saved workspace holding it is refused.
        engine.services.add(template, filedUnder: NameKey("filler-over"))
        #expect(engine.inconsistency(textLimit: .max) == .tooManyServices(1_000_001))
    }

    @Test("every service number up to 2^53 is given out once; then create and restore are refused, not a trap")
    func serviceNumbers() throws {
        var engine = Engine()
        _ = try engine.create("contoso")
        _ = try engine.backup("contoso", as: "nightly")
        engine.nextServiceNumber = Engine.maximumServiceNumber
        _ = try engine.create("fabrikam")
        #expect(engine.service(named: "fabrikam")?.number == 9_007_199_254_740_992)
        #expect(engine.inconsistency(textLimit: .max) == nil, "a run may give out the last number")
        #expect(throws: LifecycleError.serviceNumbersUsedUp(limit: 9_007_199_254_740_992)) { try engine.create("northwind") }
        #expect(throws: LifecycleError.serviceNumbersUsedUp(limit: 9_007_199_254_740_992)) { try engine.restore("nightly", to: "northwind") }
        #expect(engine.service(named: "northwind") == nil)
        engine.nextServiceNumber = .max
        #expect(engine.inconsistency(textLimit: .max) == .nextServiceNumber(.max))
    }

    @Test("a workspace holds at most a million backups; a scheduled one past that is logged as failed", .tags(.heavy), .heavy)
    func backupLimit() throws {
        var engine = Engine()
        _ = try engine.create("contoso")
        _ = try engine.backup("contoso", as: "nightly")
        let template = try #require(engine.backup(named: "nightly"))
        for index in 1..<Engine.maximumBackups { engine.backups[NameKey("filler-\(index)")] = template }
        #expect(throws: LifecycleError.tooManyBackups(limit: 1_000_000)) { try engine.backup("contoso", as: "one-more") }
        try engine.scheduleBackups(of: "contoso", every: .hours(1), retain: .hours(2), keepOne: false)
        let reports = try engine.advance(by: .hours(1))
        #expect(reports.count == 1)
        #expect(reports.first?.entry.succeeded == false)
        #expect(reports.first?.entry.cause == .backupLimit(1_000_000))
        #expect(engine.backups.count == Engine.maximumBackups)
        engine.databaseBackups[NameKey("filler-over")] = DatabaseBackup(name: "filler-over", database: "db", records: 0, takenAt: engine.now)
        #expect(engine.inconsistency(textLimit: .max) == .tooManyBackups(1_000_001))
    }

    @Test("many backups in one second get -2, -3, ... in order, each name new")
    func automaticNamesInOneSecond() throws {
        var engine = Engine()
        _ = try engine.create("contoso")
        let before = Set(engine.allBackups.map(\.name))
        for _ in 0..<5_000 { _ = try engine.backup("contoso") }
        let taken: [String] = engine.allBackups.map(\.name).filter { !before.contains($0) }
        let names = taken.sorted { (a: String, b: String) -> Bool in a.count != b.count ? a.count < b.count : a < b }
        #expect(names[0] == Names.automaticBackupName(service: "contoso", at: engine.now))
        #expect(names[1] == names[0] + "-2")
        #expect(names[4_999] == names[0] + "-5000")
        #expect(Set(names).count == 5_000)
    }
}

@Suite("A bounded operation log")
struct OperationLogLimitTests {
    /// An engine whose one service has been stopped and started `count` times.
    private func engine(limit: Int, cycles count: Int) throws -> Engine {
        var engine = Engine()
        engine.logLimit = limit
        _ = try engine.create("contoso")
        for _ in 0..<count {
            _ = try engine.perform(.stop, on: "contoso")
            _ = try engine.perform(.start, on: "contoso")
        }
        return engine
    }

    @Test("the log keeps the newest entries and counts the ones it dropped")
    func keepsTheNewest() throws {
        let engine = try engine(limit: 3, cycles: 50)
        #expect(engine.log.entries.map(\.operation) == [.start, .stop, .start])
        #expect(engine.log.dropped == 98)
        #expect(engine.log.total == 101)
        #expect(engine.log.last == engine.log.entries.last)
    }

    @Test("a log whose storage was cut at another moment is still equal, and survives a save")
    func equalityAndCoding() throws {
        var early = try engine(limit: 4, cycles: 10)
        let late = try engine(limit: 4, cycles: 10)
        early.logLimit = 4  // rebuilds its ring, oldest first, where the other has wrapped
        #expect(early == late)
        let decoded = try JSONDecoder().decode(Engine.self, from: JSONEncoder().encode(late))
        #expect(decoded == late)
        #expect(decoded.log.dropped == 17 && decoded.log.limit == 4)
    }

    @Test("how many entries were dropped stops at Int.max, as a saved log may say, rather than trap")
    func droppedSaturates() throws {
        let engine = try engine(limit: 2, cycles: 2)
        var json = String(decoding: try JSONEncoder().encode(engine), as: UTF8.self)
        json = json.replacingOccurrences(of: #""dropped":3"#, with: #""dropped":9223372036854775807"#)
        var decoded = try JSONDecoder().decode(Engine.self, from: Data(json.utf8))
        #expect(decoded.log.dropped == .max)
        _ = try decoded.perform(.stop, on: "contoso")
        #expect(decoded.log.dropped == .max && decoded.log.total == .max)
        decoded.logLimit = 1
        #expect(decoded.log.dropped == .max && decoded.log.entries.count == 1)
        #expect(decoded.inconsistency(textLimit: .max) == nil, "only reported, so any count from 0 up is one a run could reach")
    }

    @Test("lowering the limit drops at once; it never goes below one entry")
    func lowering() throws {
        var engine = try engine(limit: 100, cycles: 10)
        engine.logLimit = 0
        #expect(engine.logLimit == 1)
        #expect(engine.log.entries.count == 1 && engine.log.dropped == 20)
    }
}
