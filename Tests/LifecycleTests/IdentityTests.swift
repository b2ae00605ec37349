// Services by identity: a name resolved once, requests by identity, stale
// identities refused, and names that stay case-insensitive and printable
// however a request reaches the engine.
@testable import Lifecycle
import Foundation
import Testing

@Suite("Services by identity")
struct IdentityTests {
    @Test("a name resolves once to an identity; requests by it change that service in place")
    func requestsByIdentity() throws {
        var engine = Engine()
        let created = try engine.create("Contoso")
        let id = try #require(engine.id(of: "CONTOSO"))
        #expect(created.entry.service == id, "create reports the new service's identity")
        #expect(engine.id(of: NameKey("contoso")) == id)
        #expect(try engine.scale(id, to: 2).entry.service == id)
        #expect(engine.service(named: "contoso")?.units == 2)
        #expect(try engine.updateConfiguration(id, [(key: "acs-key", value: "k")]).succeeded)
        #expect(engine.service(id)?.settings[.acsKey] == "k")
        #expect(try engine.perform(.stop, on: id).to == .stopped)
        #expect(engine.state(of: id) == .stopped && engine.service(named: "contoso")?.state == .stopped)
        #expect(try engine.serviceUpdate(id).to == .stopped)
        let backup = try engine.backup(id, as: "nightly")
        #expect(engine.describe(backup.entry).subject == .backup("nightly"))
        #expect(engine.name(of: id) == "Contoso")
        #expect(engine.logRecords().map(\.service) == Array(repeating: "Contoso", count: 6))
    }

    @Test("create and restore make a new service: by an existing service's identity they are refused")
    func noCreateByIdentity() throws {
        var engine = Engine()
        let id = try #require(try engine.create("contoso").entry.service as ServiceID?)
        #expect(refusal { _ = try engine.perform(.create, on: id) } == .notAllowed(.create, service: "contoso", state: .active))
        #expect(refusal { _ = try engine.perform(.restore, on: id) } == .notAllowed(.restore, service: "contoso", state: .active))
        #expect(engine.log.total == 1)
    }

    @Test("a deleted service's identity is stale: every request by it is refused, and it never names a later service")
    func staleIdentity() throws {
        var engine = Engine(nameHold: .zero)
        engine.logLimit = 1
        let old = try #require(try engine.create("contoso").entry.service as ServiceID?)
        _ = try engine.perform(.delete, on: old)
        #expect(!engine.exists(old) && engine.state(of: old) == nil && engine.service(old) == nil)
        for operation in Operation.allCases {
            #expect(refusal { _ = try engine.perform(operation, on: old) } == .serviceDeleted, "\(operation)")
        }
        #expect(refusal { _ = try engine.scale(old, to: 2) } == .serviceDeleted)
        #expect(refusal { _ = try engine.backup(old) } == .serviceDeleted)
        #expect(refusal { _ = try engine.serviceUpdate(old) } == .serviceDeleted)
        #expect(refusal { _ = try engine.updateConfiguration(old, []) } == .serviceDeleted)
        // The log (of one entry) drops the delete as the next service is
        // created: the deleted service's place is given back, and the one
        // after takes it again.
        let fabrikam = try #require(try engine.create("fabrikam").entry.service as ServiceID?)
        let new = try #require(try engine.create("contoso").entry.service as ServiceID?)
        #expect(new.slot == old.slot && new.generation != old.generation, "the place is reused, under a new generation")
        #expect(new != old && engine.exists(new))
        #expect(refusal { _ = try engine.perform(.stop, on: old) } == .serviceDeleted)
        #expect(engine.name(of: old) == nil)
        #expect(engine.state(of: fabrikam) == .active && engine.state(of: new) == .active)
    }

    @Test("a deleted service's log entries still name it, in the log, after a journal and after a save")
    func deletedServicesInTheLog() throws {
        var engine = Engine(nameHold: .zero)
        engine.tracksChanges = true
        var twin = engine
        _ = try engine.create("Contoso")
        let id = try #require(engine.id(of: "contoso"))
        _ = try engine.perform(.restart, on: id)
        _ = try engine.perform(.delete, on: "CONTOSO")
        _ = try engine.create("contoso")
        let expected = ["Contoso", "Contoso", "Contoso", "contoso"]
        #expect(engine.logRecords().map(\.service) == expected)
        #expect(engine.name(of: id) == "Contoso", "the deleted service's name, while the log holds its entries")
        #expect(engine.logRecords(for: "CONTOSO").count == 4, "every service of the name")
        twin.apply(try JSONDecoder().decode(Engine.Changes.self, from: JSONEncoder().encode(engine.takeChanges())))
        #expect(twin == engine && twin.logRecords().map(\.service) == expected)
        let reopened = try JSONDecoder().decode(Engine.self, from: JSONEncoder().encode(engine))
        #expect(reopened == engine && reopened.logRecords().map(\.service) == expected)
        // A reopened log gives its former services' places back as it
        // drops their entries, as a live one does.
        var shortened = reopened
        shortened.logLimit = 1
        #expect(shortened.logRecords().map(\.service) == ["contoso"])
        #expect(shortened.services.table.slots.filter(\.isLive).count == 1)
        _ = try shortened.create("fabrikam")
        #expect(shortened.services.table.slots.count == reopened.services.table.slots.count, "a freed place is taken again")
    }

    @Test("a kept identity is taken back only while it still is the name's service, whatever engine it came from")
    func knownIdentities() throws {
        var engine = Engine(nameHold: .zero)
        let contoso = try #require(try engine.create("contoso").entry.service as ServiceID?)
        #expect(engine.id(of: NameKey("CONTOSO"), known: contoso) == contoso)
        // Another engine whose first place holds another service: its
        // identity, spelled the same, is not taken for contoso.
        var other = Engine()
        let fabrikam = try #require(try other.create("fabrikam").entry.service as ServiceID?)
        #expect(fabrikam == contoso, "the same place and generation in two engines")
        #expect(engine.id(of: NameKey("fabrikam"), known: fabrikam) == nil)
        #expect(other.id(of: NameKey("contoso"), known: contoso) == nil)
        // Deleted, its place given back and taken by another name.
        engine.logLimit = 1
        _ = try engine.perform(.delete, on: contoso)
        _ = try engine.create("northwind")
        let reused = try #require(try engine.create("fabrikam").entry.service as ServiceID?)
        #expect(reused.slot == contoso.slot, "contoso's place, under a new generation")
        #expect(engine.id(of: NameKey("contoso"), known: contoso) == nil)
        #expect(engine.id(of: NameKey("fabrikam"), known: contoso) == reused)
    }

    @Test("identityVersion changes when a service is added or removed, to a number no other engine has had, and only then")
    func identityVersions() throws {
        var engine = Engine(nameHold: .zero)
        var seen: Set<UInt64> = [engine.identityVersion]
        func changed(_ engine: Engine) -> Bool { seen.insert(engine.identityVersion).inserted }
        _ = try engine.create("contoso", edition: .premium)
        #expect(changed(engine))
        let before = engine.identityVersion
        _ = try engine.perform(.stop, on: "contoso")
        _ = try engine.perform(.start, on: "contoso")
        _ = try engine.scale("contoso", to: 2)
        _ = try engine.backup("contoso", as: "nightly")
        try engine.advance(by: .hours(1))
        #expect(engine.identityVersion == before, "operations that keep every service keep the version")
        var copy = engine
        _ = try engine.restore("nightly", to: "contoso-dr")
        #expect(changed(engine))
        _ = try copy.create("fabrikam")
        #expect(changed(copy), "two copies that diverge never share a version")
        _ = try engine.perform(.delete, on: "contoso-dr")
        #expect(changed(engine))
        let reopened = try JSONDecoder().decode(Engine.self, from: JSONEncoder().encode(engine))
        #expect(changed(reopened), "an engine read from a file has a version of its own")
    }

    @Test("a name's key folds ASCII letters, and lowercases other text as Unicode does")
    func nameKeys() {
        #expect(NameKey("Contoso-WEST1").text == "contoso-west1")
        #expect(NameKey("contoso") == NameKey("CONTOSO") && NameKey("contoso").text == "contoso")
        #expect(NameKey("Ünïcode Bridge") == NameKey("ünïcode bridge"))
        #expect(NameKey("a") < NameKey("B"), "keys order as their folded text")
    }

    @Test("every request by name finds the service, backup and failures whatever the case")
    func caseInsensitiveEverywhere() throws {
        var engine = Engine()
        _ = try engine.create("Contoso", edition: .premium)
        _ = try engine.perform(.stop, on: "CONTOSO")
        _ = try engine.perform(.start, on: "cOnToSo")
        _ = try engine.scale("CONTOSO", to: 2)
        _ = try engine.updateConfiguration("CONTOSO", [(key: "tracking-database", value: "db")])
        _ = try engine.serviceUpdate("CONTOSO")
        try engine.add(.bridge, named: "Orders", to: "CONTOSO")
        #expect(engine.service(named: "contoso")?.contents.item(.bridge, named: "ORDERS") != nil)
        try engine.remove(.bridge, named: "orders", from: "CONTOSO")
        try engine.createTrackingDatabase(of: "CONTOSO")
        try engine.receive(2, messagesOn: "CONTOSO")
        _ = try engine.processBatch(on: "CONTOSO")
        try engine.backupTrackingDatabase(of: "CONTOSO", as: "tracking-1")
        #expect(engine.databaseBackup(named: "TRACKING-1") != nil)
        #expect(try engine.restoreTrackingDatabase("Tracking-1").isEmpty)
        #expect(engine.trackingRecords(of: "CONTOSO") == 2)
        _ = try engine.backup("CONTOSO", as: "nightly")
        #expect(engine.backup(named: "NIGHTLY")?.service == "Contoso")
        #expect(engine.backups(takenFrom: "CONTOSO").map(\.name) == ["nightly"])
        try engine.scheduleBackups(of: "CONTOSO", every: .hours(1), retain: .hours(3), keepOne: false)
        #expect(engine.schedule(of: "contoso")?.service == "Contoso")
        #expect(try engine.unscheduleBackups(of: "cONTOSO"))
        try engine.armFailure(.stop, on: "CONTOSO")
        #expect(engine.armedFailures(.stop, on: "contoso") == 1)
        #expect(engine.allArmedFailures.map(\.service) == ["CONTOSO"], "as first typed")
        #expect(engine.clearFailures(.stop, on: "Contoso") == 1)
        #expect(engine.logEntries(for: "CONTOSO").count == engine.log.entries.count)
        _ = try engine.perform(.delete, on: "CONTOSO")
        #expect(engine.nameHeldUntil("CONTOSO") != nil)
        #expect(refusal { _ = try engine.create("contoso") } == .nameHeld("contoso", until: engine.now + .hours(1), now: engine.now))
        _ = try engine.restore("NIGHTLY", to: "Contoso-DR")
        #expect(engine.service(named: "contoso-dr")?.state == .suspended)
    }
}

@Suite("The operation log's entries")
struct LogEntryTests {
    @Test("an entry is plain fields: copied as bytes, and small")
    func plain() {
        #expect(_isPOD(LogEntry.self))
        #expect(MemoryLayout<LogEntry>.stride <= 40)
    }

    @Test("a ring keeps each entry's texts while it keeps the entry, then takes their places again")
    func texts() throws {
        var engine = try makeEngine(in: .active)
        engine.logLimit = 3
        for index in 0..<50 { _ = try engine.backup("contoso", as: "backup-\(index)") }
        #expect(engine.logRecords().map(\.subject) == [.backup("backup-47"), .backup("backup-48"), .backup("backup-49")])
        _ = try engine.serviceUpdate("contoso", to: ProductVersion("2.0"))
        #expect(engine.logRecords().last?.subject == .version(ProductVersion("2.0")))
        #expect(engine.log.textCount <= 4, "the texts of dropped entries are given back and taken again")
    }
}
