@testable import Lifecycle
import Testing

@Suite("Automatic backup names")
struct BackupNameTests {
    @Test("unnamed backups of one service in the same second get -2, -3, ...")
    func sameSecond() throws {
        var engine = try makeEngine(in: .active)
        let names = try (1...3).map { _ in try engine.logged { try $0.backup("contoso") }.subject }
        #expect(names == [
            .backup("contoso-20161108-090000"), .backup("contoso-20161108-090000-2"), .backup("contoso-20161108-090000-3"),
        ])
        #expect(engine.allBackups.map(\.name).sorted() == [
            "contoso-20161108-090000", "contoso-20161108-090000-2", "contoso-20161108-090000-3",
        ])
        try engine.advance(by: .seconds(1))
        #expect(try engine.logged { try $0.backup("contoso") }.subject == .backup("contoso-20161108-090001"), "a new second starts afresh")
    }

    @Test("an automatic name steps over a backup given that name by hand")
    func handNamed() throws {
        var engine = try makeEngine(in: .active)
        _ = try engine.backup("contoso", as: "contoso-20161108-090000")
        _ = try engine.backup("contoso", as: "contoso-20161108-090000-2")
        #expect(try engine.logged { try $0.backup("contoso") }.subject == .backup("contoso-20161108-090000-3"))
        #expect(refusal { _ = try engine.backup("contoso", as: "contoso-20161108-090000-3") }
            == .backupExists("contoso-20161108-090000-3"), "a name given by hand still may not collide")
    }

    @Test("a failed unnamed backup leaves its name free")
    func failedLeavesNameFree() throws {
        var engine = try makeEngine(in: .active)
        try engine.armFailure(.backup, on: "contoso")
        #expect(try engine.logged { try $0.backup("contoso") }.subject == .backup("contoso-20161108-090000"))
        #expect(try engine.logged { try $0.backup("contoso") }.subject == .backup("contoso-20161108-090000"))
        #expect(engine.allBackups.map(\.name) == ["contoso-20161108-090000"])
    }

    @Test("two services' backups in the same second do not share a counter")
    func perService() throws {
        var engine = Engine()
        _ = try engine.create("contoso")
        _ = try engine.create("fabrikam")
        _ = try engine.backup("contoso")
        #expect(try engine.logged { try $0.backup("fabrikam") }.subject == .backup("fabrikam-20161108-090000"))
    }

    @Test(
        "a service name with hyphen runs, capitals or a trailing hyphen still gives a valid name",
        arguments: [
            ("con--toso", "con-toso-20161108-090000"),
            ("Con---Toso-West", "con-toso-west-20161108-090000"),
            ("contoso-", "contoso-20161108-090000"),
            ("contoso--", "contoso-20161108-090000"),
            ("a-b-c-d-e-f", "a-b-c-d-e-f-20161108-090000"),
            ("Abcdefghijklmnopqrst", "abcdefghijklmnopqrst-20161108-090000"),
        ]
    )
    func hyphens(service: String, expected: String) throws {
        var engine = Engine()
        _ = try engine.create(service)
        let report = try engine.backup(service)
        #expect(report.succeeded && engine.describe(report.entry).subject == .backup(expected))
        #expect(Names.backupNameProblem(expected) == nil)
        let second = try engine.backup(service)
        #expect(engine.describe(second.entry).subject == .backup(expected + "-2"))
        #expect(engine.backup(named: expected)?.service == service)
    }

    @Test("an automatic name is valid and at most 63 characters, whatever the service, time and attempt")
    func alwaysValid() {
        let services = [
            "contoso", "a", "a--b", "A-", String(repeating: "x", count: 20), String(repeating: "long-", count: 20),
            String(repeating: "-", count: 70) + "z", "x" + String(repeating: "-", count: 70),
        ]
        let times = [Timestamp.simulationStart, Timestamp(seconds: 0), Timestamp(seconds: 253_402_300_799), .latest]
        for service in services {
            for time in times {
                for attempt in [1, 2, 10, 9_999, Int.max] {
                    let name = Names.automaticBackupName(service: service, at: time, attempt: attempt)
                    #expect(Names.backupNameProblem(name) == nil, "\(service) at \(time), attempt \(attempt): \(name)")
                    #expect(name.utf8.count <= Names.backupNameLength.upperBound)
                }
            }
        }
    }

    @Test("a name too long for the limit loses the end of the service's part, never the time or the counter")
    func shortening() {
        let service = String(repeating: "ab", count: 40)
        let name = Names.automaticBackupName(service: service, at: .simulationStart, attempt: 12)
        #expect(name.utf8.count == 63)
        #expect(name.hasSuffix("-20161108-090000-12"))
        #expect(service.hasPrefix(String(name.dropLast("-20161108-090000-12".count))))
        let cut = Names.automaticBackupName(service: String(repeating: "a", count: 46) + "-b", at: .simulationStart)
        #expect(cut == String(repeating: "a", count: 46) + "-20161108-090000", "no hyphen is left dangling at the cut")
    }

    @Test("a name hold of zero frees a deleted name at once, for create and for restore")
    func zeroHold() throws {
        var engine = Engine(nameHold: .zero)
        _ = try engine.create("contoso")
        _ = try engine.backup("contoso")
        _ = try engine.perform(.delete, on: "contoso")
        #expect(engine.nameHeldUntil("contoso") == nil)
        #expect(try engine.restore("contoso-20161108-090000").succeeded)
        #expect(engine.service(named: "contoso")?.state == .suspended)
        _ = try engine.perform(.delete, on: "contoso")
        #expect(try engine.create("contoso").succeeded)
        engine.nameHold = .minutes(5)
        _ = try engine.perform(.delete, on: "contoso")
        #expect(engine.nameHeldUntil("contoso") == .simulationStart + .minutes(5))
    }
}
