import Foundation
@testable import Lifecycle
import Testing

@Suite("Backup and restore")
struct BackupRestoreTests {
    @Test("backup runs only where the table allows it", arguments: ServiceState.allCases)
    func backupStates(state: ServiceState) throws {
        var engine = try makeEngine(in: state)
        let allowed = [ServiceState.active, .suspended, .stopped].contains(state)
        let error = refusal { _ = try engine.backup("contoso", as: "nightly") }
        #expect((error == nil) == allowed)
        #expect((engine.backup(named: "nightly") != nil) == allowed)
    }

    @Test("the Developer edition cannot be backed up, and says which edition")
    func developerBackup() throws {
        var engine = Engine()
        _ = try engine.create("devbox", edition: .developer)
        let before = engine
        #expect(refusal { _ = try engine.backup("devbox") } == .backupNotSupported(service: "devbox", edition: .developer))
        #expect(engine == before)
    }

    @Test("a backup captures the settings, edition, units, region and product version")
    func capturesSettings() throws {
        var engine = Engine()
        _ = try engine.create("contoso", edition: .basic, units: 3, region: "East Asia")
        _ = try engine.updateConfiguration("contoso", [("tracking-database", "Server=tcp:db")])
        _ = try engine.serviceUpdate("contoso", to: ProductVersion("2.0"))
        _ = try engine.backup("contoso", as: "nightly")
        let backup = try #require(engine.backup(named: "nightly"))
        #expect(backup.service == "contoso" && backup.edition == .basic && backup.units == 3)
        #expect(backup.region == "East Asia" && backup.productVersion == ProductVersion("2.0"))
        #expect(backup.settings[.trackingDatabase] == "Server=tcp:db")
        #expect(backup.takenAt == engine.now)
    }

    /// `BackupTable` is what `help backups` teaches: each thing it says a
    /// backup keeps comes back in a restore, each it says it does not
    /// does not.
    @Test("a restore brings back what the backup table says a backup keeps, and nothing it says it does not")
    func backupTableIsWhatRestoreBrings() throws {
        var engine = Engine()
        _ = try engine.create("contoso", edition: .basic, units: 3, region: "East Asia")
        _ = try engine.updateConfiguration("contoso", SettingKey.allCases.map { ($0.name, "value of \($0.name)") })
        _ = try engine.serviceUpdate("contoso", to: ProductVersion("2.0"))
        for kind in ContentKind.allCases { try engine.add(kind, named: "one", to: "contoso") }
        try engine.createTrackingDatabase(of: "contoso")
        _ = try engine.process(4, messagesOn: "contoso")
        try engine.receive(2, messagesOn: "contoso")
        let source = try #require(engine.service(named: "contoso"))
        _ = try engine.backup("contoso", as: "nightly")
        #expect(engine.trackingRecords(of: "contoso") == 4)
        try engine.deleteTrackingDatabase(of: "contoso")
        _ = try engine.perform(.delete, on: "contoso")
        _ = try engine.restore("nightly", to: "contoso-dr")
        let restored = try #require(engine.service(named: "contoso-dr"))
        for property in BackupTable.keptProperties {
            switch property {
            case .units: #expect(restored.units == source.units)
            case .edition: #expect(restored.edition == source.edition)
            case .productVersion: #expect(restored.productVersion == source.productVersion)
            case .region: #expect(restored.region == source.region)
            case .controlNumbers: #expect(restored.controlNumber == source.controlNumber && source.controlNumber > 0)
            case .micValues: #expect(restored.micValues == source.micValues && source.micValues > 0)
            }
        }
        for key in SettingKey.allCases {
            #expect((restored.settings[key] == source.settings[key]) == BackupTable.keptSettings.contains(key), "\(key)")
        }
        for kind in ContentKind.allCases {
            #expect(restored.contents.count(kind) == (BackupTable.keptContents.contains(kind) ? 1 : 0), "\(kind)")
        }
        for part in BackupTable.notKept {
            switch part {
            case .hybridConnections: #expect(restored.contents.count(.hybridConnection) == 0)
            case .activeBatchMessages: #expect(restored.activeBatch == 0 && source.activeBatch > 0)
            case .trackingDatabaseContents: #expect(engine.trackingRecords(of: "contoso-dr") == nil)
            }
        }
    }

    @Test("a backup without a name is named after the service and the simulated time")
    func automaticName() throws {
        var engine = try makeEngine(with: "Contoso", in: .active)
        try engine.advance(by: .hours(2) + .minutes(5) + .seconds(7))
        let report = try engine.backup("Contoso")
        #expect(engine.describe(report.entry).subject == .backup("contoso-20161108-110507"))
        #expect(engine.backup(named: "contoso-20161108-110507") != nil)
        #expect(try engine.logged { try $0.backup("Contoso") }.subject == .backup("contoso-20161108-110507-2"),
                "a second unnamed backup in the same second gets a suffix")
    }

    @Test(
        "backup names follow the REST rules",
        arguments: [
            ("ab", NameProblem.length),
            ("Nightly", .characters),
            ("-nightly", .firstCharacter),
            ("night--ly", .doubleHyphen),
            (String(repeating: "a", count: 64), .length),
        ]
    )
    func backupNames(name: String, problem: NameProblem) throws {
        var engine = try makeEngine(in: .active)
        #expect(refusal { _ = try engine.backup("contoso", as: name) } == .invalidBackupName(name, problem: problem))
        #expect(Names.backupNameProblem("9-lives") == nil)
        #expect(Names.backupNameProblem(String(repeating: "a", count: 63)) == nil)
    }

    @Test("a failed backup makes no backup and is logged as Failed")
    func failedBackup() throws {
        var engine = try makeEngine(in: .stopped)
        try engine.armFailure(.backup, on: "contoso")
        let report = try engine.backup("contoso", as: "nightly")
        #expect(!report.succeeded && report.to == .stopped)
        #expect(engine.backup(named: "nightly") == nil)
        let entry = engine.describe(try #require(engine.log.entries.last))
        #expect(entry.operation == .backup && !entry.succeeded && entry.cause == .injected)
        #expect(entry.from == .stopped && entry.to == .stopped && entry.subject == .backup("nightly"))
    }

    @Test("backups outlive their service")
    func outlive() throws {
        var engine = try makeEngine(in: .active)
        _ = try engine.backup("contoso", as: "nightly")
        _ = try engine.perform(.delete, on: "contoso")
        #expect(engine.service(named: "contoso") == nil)
        #expect(engine.backup(named: "nightly")?.service == "contoso")
    }

    @Test("a restore beside many copies of one lineage gives one warning naming them all, not one per copy")
    func oneEnvironmentWarning() throws {
        var engine = Engine()
        _ = try engine.create("contoso", edition: .standard, units: 1)
        _ = try engine.backup("contoso", as: "nightly")
        var copies = ["contoso"]
        for index in 1...300 {
            let name = "contoso-\(index)"
            let report = try engine.restore("nightly", to: name, edition: nil)
            let environments = report.warnings.filter { if case .targetTheRightEnvironment = $0 { true } else { false } }
            #expect(environments == [.targetTheRightEnvironment(service: name, others: copies)], "\(name)")
            copies.append(name)
        }
    }

    /// The other services a restore of `backup` into `name` names in its
    /// "target the right environment" warning.
    func environments(_ engine: inout Engine, restoring backup: String, to name: String) throws -> [String] {
        try engine.restore(backup, to: name).warnings.compactMap {
            if case .targetTheRightEnvironment(_, let others) = $0 { others } else { nil }
        }.flatMap { $0 }
    }

    /// The name contoso's first scheduled backup gets (at 10:00).
    static let firstScheduled = "contoso-20161108-100000"

    /// Contoso's first scheduled backup restored into `first-copy`, then
    /// purged past its retention: the copy's line went through a backup
    /// that is gone.
    func lineThroughPurgedBackup() throws -> Engine {
        var engine = Engine()
        _ = try engine.create("contoso", edition: .standard, units: 1)
        try engine.scheduleBackups(of: "contoso", every: .hours(1), retain: .hours(2), keepOne: false)
        try engine.advance(by: .hours(1))
        let first = try #require(engine.allBackups.first).name
        #expect(first == Self.firstScheduled)
        _ = try engine.restore(first, to: "first-copy")
        try engine.advance(by: .hours(3))
        #expect(engine.backup(named: first) == nil, "the copy's backup was purged")
        _ = try engine.backup("first-copy", as: "of-copy")
        return engine
    }

    @Test("a lineage goes on through a backup purged since: a copy of a copy still warns of the first source")
    func lineageThroughPurge() throws {
        var engine = try lineThroughPurgedBackup()
        #expect(try environments(&engine, restoring: "of-copy", to: "second-copy") == ["first-copy", "contoso"])
    }

    @Test("a lineage is kept in a saved engine, and one saved before lineages were kept follows its backups")
    func lineageSaved() throws {
        let engine = try lineThroughPurgedBackup()
        let saved = try JSONEncoder().encode(engine)
        var opened = try JSONDecoder().decode(Engine.self, from: saved)
        #expect(opened == engine)
        #expect(try environments(&opened, restoring: "of-copy", to: "second-copy") == ["first-copy", "contoso"])

        // Without the lineages, a file from before says only which backup
        // each service came from: the purged one's link is not known.
        func withoutLineages(_ value: Any) -> Any {
            if let object = value as? [String: Any] {
                return object.filter { $0.key != "lineage" }.mapValues(withoutLineages)
            }
            return (value as? [Any])?.map(withoutLineages) ?? value
        }
        let old = try JSONSerialization.data(withJSONObject: withoutLineages(try JSONSerialization.jsonObject(with: saved)))
        #expect(String(decoding: saved, as: UTF8.self).contains("\"lineage\""))
        #expect(!String(decoding: old, as: UTF8.self).contains("lineage"))
        var older = try JSONDecoder().decode(Engine.self, from: old)
        #expect(try environments(&older, restoring: "of-copy", to: "second-copy") == ["first-copy"])
        _ = try older.backup("contoso", as: "of-contoso")
        #expect(try environments(&older, restoring: "of-contoso", to: "third-copy") == ["contoso"])
    }

    @Test("a copy deleted first thing after a workspace is opened stays of its line: a later restore still warns that its control numbers may repeat")
    func lineageOfCopyDeletedAfterOpening() throws {
        var engine = Engine(nameHold: .zero)
        _ = try engine.create("contoso", edition: .standard, units: 1)
        try engine.receive(2, messagesOn: "contoso")
        _ = try engine.processBatch(on: "contoso")
        _ = try engine.backup("contoso", as: "nightly")
        _ = try engine.restore("nightly", to: "contoso-copy")
        _ = try engine.perform(.resume, on: "contoso-copy")
        try engine.receive(5, messagesOn: "contoso-copy")
        _ = try engine.processBatch(on: "contoso-copy")
        var opened = try JSONDecoder().decode(Engine.self, from: JSONEncoder().encode(engine))
        _ = try opened.perform(.delete, on: "contoso-copy")
        let repeats = try opened.restore("nightly", to: "contoso-again").warnings.compactMap {
            if case .controlNumbersMayRepeat(let source, _, let messages, _) = $0 { (source, messages) } else { nil }
        }
        #expect(repeats.map(\.0) == ["contoso-copy"], "the deleted copy went furthest past the backup")
        #expect(repeats.map(\.1) == [5])
    }

    @Test("a backup name given again after a purge starts no false lineage")
    func backupNameReused() throws {
        var engine = try lineThroughPurgedBackup()
        let purged = Self.firstScheduled
        #expect(engine.backup(named: purged) == nil)
        _ = try engine.create("fabrikam", edition: .standard, units: 1)
        _ = try engine.backup("fabrikam", as: purged)
        // `first-copy` came from contoso's backup of that name, not fabrikam's.
        #expect(try environments(&engine, restoring: purged, to: "fabrikam-copy") == ["fabrikam"])
    }

    @Test("restore makes a Suspended copy with the backup's contents and version")
    func restore() throws {
        var engine = Engine()
        _ = try engine.create("contoso", edition: .standard, units: 2)
        _ = try engine.updateConfiguration("contoso", [("acs-namespace", "ns1")])
        _ = try engine.backup("contoso", as: "nightly")
        _ = try engine.serviceUpdate("contoso")
        let report = try engine.restore("nightly", to: "contoso-dr", edition: .premium)
        #expect(report.succeeded && report.to == .suspended)
        let copy = try #require(engine.service(named: "contoso-dr"))
        #expect(copy.state == .suspended && copy.edition == .premium && copy.units == 2)
        #expect(copy.productVersion == .initial, "the copy runs the backup's version, not the source's")
        #expect(copy.settings[.acsNamespace] == "ns1" && copy.restoredFrom == "nightly")
        #expect(report.warnings == [
            .targetTheRightEnvironment(service: "contoso-dr", others: ["contoso"]),
            .updateAccessControlCredentials(service: "contoso-dr"), .scheduleBackups(service: "contoso-dr"),
        ], "no contents, no messages: the source still exists, and the reminders every restore gives")
        #expect(try engine.perform(.resume, on: "contoso-dr").to == .active)
    }

    @Test("restore never goes to a lower edition")
    func lowerEdition() throws {
        var engine = Engine()
        _ = try engine.create("contoso", edition: .premium)
        _ = try engine.backup("contoso", as: "nightly")
        let before = engine
        #expect(refusal { _ = try engine.restore("nightly", to: "contoso-dr", edition: .standard) }
            == .restoreToLowerEdition(backup: "nightly", backupEdition: .premium, requested: .standard))
        #expect(engine == before)
    }

    @Test("restore onto an existing name fails and creates nothing")
    func existingName() throws {
        var engine = try makeEngine(in: .active)
        _ = try engine.backup("contoso", as: "nightly")
        let before = engine
        #expect(refusal { _ = try engine.restore("nightly") } == .serviceExists("contoso"))
        #expect(engine == before)
    }

    @Test("restore to the same name waits until the deleted name is free")
    func sameNameAfterHold() throws {
        var engine = try makeEngine(in: .active)
        _ = try engine.backup("contoso", as: "nightly")
        try engine.advance(by: .minutes(10))
        _ = try engine.perform(.delete, on: "contoso")
        try engine.advance(by: .minutes(15))
        let held = refusal { _ = try engine.restore("nightly") }
        #expect(held == .nameHeld("contoso", until: .simulationStart + .minutes(70), now: .simulationStart + .minutes(25)))
        #expect(engine.service(named: "contoso") == nil)
        try engine.advance(by: .minutes(45))
        let report = try engine.restore("nightly")
        #expect(report.to == .suspended)
        #expect(report.warnings == [.updateAccessControlCredentials(service: "contoso"), .scheduleBackups(service: "contoso")])
    }

    @Test("an injected restore failure leaves a service in RestoreFailed, which can only be deleted")
    func restoreFailure() throws {
        var engine = try makeEngine(in: .restoreFailed)
        #expect(engine.service(named: "contoso")?.state == .restoreFailed)
        #expect(Rules.allowedOperations(in: .restoreFailed).operations == [.delete])
        #expect(try engine.perform(.delete, on: "contoso").succeeded)
    }

    @Test("restoring a backup that does not exist is refused")
    func noSuchBackup() {
        var engine = Engine()
        #expect(refusal { _ = try engine.restore("nightly") } == .noSuchBackup("nightly"))
    }
}
