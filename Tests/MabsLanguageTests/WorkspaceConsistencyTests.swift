// A saved workspace is checked against what a run could produce before it
// replaces the one in use: each impossible value is refused with words
// naming it (the engine's `Inconsistency`, the language's
// `WorkspaceProblem`), and what every run makes passes the check.
import Foundation
@testable import Lifecycle
import Testing
@testable import MabsLanguage

@Suite("Saved workspaces no run could make")
struct WorkspaceConsistencyTests {
    /// Workspaces kept as JSON, as a file keeps them, so a test can change
    /// one the way a hand (or a hostile file) would.
    final class JSONWorkspaces: WorkspaceStore {
        var files: [String: Data] = [:]
        func save(_ snapshot: WorkspaceSnapshot, to path: String, relativeTo file: SourceFile) throws {
            files[path] = try Self.encoder.encode(snapshot)
        }
        /// As the workspace writer encodes: secrets and all.
        static var encoder: JSONEncoder {
            let encoder = JSONEncoder()
            encoder.userInfo[WorkspaceSnapshot.keepsSecrets] = true
            return encoder
        }
        func open(_ path: String, relativeTo file: SourceFile) throws -> WorkspaceSnapshot? {
            try files[path].map { try JSONDecoder().decode(WorkspaceSnapshot.self, from: $0) }
        }
        /// Nothing in memory is a script.
        func checkReplaceable(_ path: String, relativeTo file: SourceFile) throws {}
    }

    /// A workspace with one of everything the checks look at.
    static let setup = """
        create contoso edition premium
        create fabrikam
        create devbox01 edition developer
        update contoso set tracking-database = "db"
        create tracking database of contoso
        process 2 messages on contoso
        add bridge b1 to contoso
        add bridge b2 to contoso
        backup contoso as nightly
        backup tracking database of contoso as tdb
        schedule backups of contoso every 1h retain 1d
        fail next stop on contoso times 3
        create deleted1
        delete deleted1
        let n = 1
        def f(x) { return $x }
        """

    /// A JSON value changed at a path of keys (or array positions).
    static func change(_ value: Any, _ path: ArraySlice<String>, _ transform: (Any) -> Any) -> Any {
        guard let key = path.first else { return transform(value) }
        if var object = value as? [String: Any] {
            object[key] = change(object[key] as Any, path.dropFirst(), transform)
            return object
        }
        if var array = value as? [Any], let index = Int(key) {
            array[index] = change(array[index], path.dropFirst(), transform)
            return array
        }
        Issue.record("no \(key) in the saved workspace")
        return value
    }

    typealias Edit = (Any) -> Any

    static func set(_ path: String, _ new: Any) -> Edit {
        { change($0, path.split(separator: ".").map(String.init)[...]) { _ in new } }
    }

    /// Moves the entry `from` of the object at `path` to the key `to`.
    static func rename(_ path: String, _ from: String, _ to: String) -> Edit {
        { change($0, path.split(separator: ".").map(String.init)[...]) { value in
            var object = value as! [String: Any]
            object[to] = object.removeValue(forKey: from)
            return object
        } }
    }

    static func append(_ path: String, _ item: String) -> Edit {
        { change($0, path.split(separator: ".").map(String.init)[...]) { ($0 as! [Any]) + [item] } }
    }

    static func seconds(_ n: Int64) -> [String: Any] { ["seconds": n] }
    static func items(_ kind: ContentKind, _ names: [String], source: String? = nil) -> [Any] {
        [Int(kind.rawValue), names.map { name -> [String: Any] in source.map { ["name": name, "source": $0] } ?? ["name": name] }]
    }
    static let start = Timestamp.simulationStart.seconds
    static let big = String(repeating: "x", count: Value.maximumSize + 1)

    /// A change to the saved setup and what the refusal says it holds.
    nonisolated(unsafe) static let cases: [(edit: Edit, says: String)] = [
        (set("engine.clock.now", seconds(0)),
         "the clock reads 1970-01-01 00:00:00, before 2016-11-08 09:00:00, where every run starts"),
        (set("engine.nextServiceID", Int.max),
         "the next service number is 9223372036854775807, outside 1 to 9007199254740993"),
        (set("engine.services.contoso.id", 99),
         "the service 'contoso' is numbered 99, a number never given out (they run from 1; the next is 5)"),
        (set("engine.services.fabrikam.id", 1),
         "the services 'contoso' and 'fabrikam' share the number 1"),
        (set("engine.services.fabrikam.lineage", 3),
         "the service 'fabrikam', numbered 2, is said to be of the backup lineage of service 3, which no run could have made before it (a lineage is known by its first service)"),
        (set("engine.processedAtDeletion.4.lineage", 0),
         "the deleted service numbered 4 is said to be of the backup lineage of service 0, which no run could have made before it (a lineage is known by its first service)"),
        (set("engine.services.contoso.name", "cont\u{1B}[2Joso"),
         "'cont\u{1B}[2Joso' is not a valid service name: a service name has only letters, digits and hyphens"),
        (set("engine.services.contoso.restoredFrom", "Night ly"),
         "'Night ly' is not a valid backup name: a backup name has only lowercase letters, digits and hyphens (in the service 'contoso')"),
        (set("engine.services.contoso.contents.items", items(.bridge, ["b\u{7}"])),
         "'b\u{7}' is not a valid bridge name: it has no control characters, nor bidirectional formatting characters such as U+202E (in the service 'contoso')"),
        (rename("engine.services", "contoso", "other1"),
         "the service 'contoso' is filed under 'other1', not under its name"),
        (set("engine.services.contoso.units", 9),
         "the service 'contoso' has 9 units, which no Premium service runs"),
        (set("engine.services.contoso.activeBatch", -1),
         "the service 'contoso' has an active batch of -1; no count goes below 0"),
        (set("engine.backups.nightly.takenAt", seconds(.max)),
         "the backup 'nightly' is dated 292277026596-12-04 15:30:07, where a run could only have set a time from 2016-11-08 09:00:00 to 2016-11-08 09:00:00"),
        (set("engine.services.contoso.region", big),
         "the service 'contoso' holds a text of more than 16777216 bytes, longer than any value can be"),
        (set("engine.services.contoso.contents.items", items(.bridge, ["b2", "B1", "b1"])),
         "the service 'contoso' has two bridges named 'b1' (names of one kind differ in more than case)"),
        (set("engine.services.contoso.contents.items", items(.bridge, ["b1"], source: "ftp://x")),
         "the service 'contoso' has the bridge 'b1' read from a source folder; only agreements do"),
        (set("engine.backups.nightly.contents.items", items(.hybridConnection, ["h1"])),
         "the backup 'nightly' holds hybrid-connections, which a backup never holds"),
        (set("engine.services.devbox01.contents.items", items(.hybridConnection, (1...6).map { "h\($0)" })),
         "the service 'devbox01' uses 6 hybrid connections, over its quota of 5"),
        (set("engine.services.contoso.contents.items", items(.partner, (0...10_000).map { "p\(100_000 + $0)" })),
         "the service 'contoso' holds 10001 portal artifacts, more than the 10000 one service may"),
        (set("engine.faults.armed.1", -5),
         "-5 failures are armed for stop on 'contoso'; a count is from 1 to 1000000000"),
        (set("engine.faults.armed.0.service", "Contoso"),
         "the failures armed for stop on 'contoso' are filed under 'Contoso', not under its name"),
        (rename("engine.schedules", "contoso", "deleted1"),
         "the backup schedule of 'contoso' is filed under 'deleted1', not under its name"),
        (set("engine.schedules.contoso.service", "fabrikam"),
         "the backup schedule of 'fabrikam' is filed under 'contoso', not under its name"),
        (set("engine.schedules.deleted1", ["service": "deleted1", "frequency": seconds(3600), "retention": seconds(86400),
                                           "keepOne": false, "next": seconds(start + 3600)] as [String: Any]),
         "the backup schedule of 'deleted1' belongs to no service that can be backed up"),
        (set("engine.schedules.contoso.frequency", seconds(0)),
         "the backup schedule of 'contoso' takes a backup every 0s and keeps it 1d; the frequency must be longer than 0s, and the retention longer still"),
        (set("engine.schedules.contoso.next", seconds(start - 1)),
         "the backup schedule of 'contoso' is dated 2016-11-08 08:59:59, where a run could only have set a time from 2016-11-08 09:00:00 to 2016-11-08 10:00:00"),
        (set("engine.faults.chaos", ["percent": 200, "seed": 1, "state": 1] as [String: Any]),
         "the chaos failure rate 200 is not a percentage from 0 to 100"),
        (set("engine.nameHold", seconds(-1)),
         "names are held for -1s, less than 0s"),
        (set("engine.log.limit", 0),
         "the operation log keeps 0 entries; it keeps at least 1"),
        (set("engine.log.dropped", -1),
         "the operation log has dropped -1 entries; no count goes below 0"),
        (set("engine.log.entries.0.service", "a\u{7}bcdefg"),
         "'a\u{7}bcdefg' is not a valid service name: a service name has only letters, digits and hyphens (in log entry 1)"),
        (rename("engine.heldNames", "deleted1", "Deleted1"),
         "the held name 'deleted1' is filed under 'Deleted1', not under its name"),
        (set("engine.heldNames.contoso", seconds(start)),
         "the name 'contoso' is held for a deleted service while a service of that name exists"),
        (set("engine.heldNames.deleted1", seconds(.min)),
         "the held name 'deleted1' is dated -292277022657-01-27 08:29:52, where a run could only have set a time from 2016-11-08 09:00:00 to 292277026596-12-04 15:30:07"),
        (set("engine.databaseBackups.nightly", ["name": "nightly", "database": "db", "records": 0, "takenAt": seconds(start)] as [String: Any]),
         "'nightly' names both a backup and a tracking database backup"),
        (set("engine.databaseBackups.tdb.records", -3),
         "the tracking database backup 'tdb' has a tracking record count of -3; no count goes below 0"),
        (set("engine.trackingDatabases.db", -3),
         "the tracking database 'db' has a tracking record count of -3; no count goes below 0"),
        (set("engine.processedAtDeletion.99", ["messages": 0, "controlNumber": 0]),
         "a deleted service is numbered 99, a number never given out (they run from 1; the next is 5)"),
        (set("engine.processedAtDeletion.4", ["messages": -1, "controlNumber": 0]),
         "the deleted service numbered 4 has a processed message count of -1; no count goes below 0"),
        (set("engine.services.contoso.productVersion.text", "1 0"),
         "'1 0' is not a product version: it has a space or an invisible character (in the service 'contoso')"),
        (set("variables.v", ["list": ["_0": [["version": ["_0": ["text": "2.\u{1B}"]]]]]]),
         "'2.\u{1B}' is not a product version: it has a space or an invisible character (in the variable '$v')"),
        (set("variables.a b", ["int": ["_0": 1]]),
         "a variable is named 'a b', which no script can write"),
        (set("variables.big", ["string": ["_0": big]]),
         "the variable '$big' holds more than 16 Mi list items and bytes of text together, more than any value"),
        (set("variables.deep", (0...WorkspaceSnapshot.maximumNesting).reduce(["list": ["_0": [] as [Any]]] as Any) { inner, _ in
            ["list": ["_0": [inner]]] }),
         "the variable '$deep' holds lists nested more than 100 deep, deeper than a workspace is saved with"),
        (append("procedures", "def g(x) {"),
         "procedure 2 is not one 'def' statement that parses"),
        (append("procedures", "def state(x) { return 1 }"),
         "the procedure 'state' is named like a built-in function"),
        (append("procedures", "def f(y) { return 2 }"),
         "the procedure 'f' is defined twice"),
    ]

    /// A session that ran the setup and saved it as `w.mabsw`, the file
    /// then changed by `edit`.
    static func saved(edited edit: Edit) throws -> (Session, CapturedOutput, JSONWorkspaces) {
        let store = JSONWorkspaces()
        let output = CapturedOutput()
        let session = Session(output: output, workspaces: store)
        session.run(session.prepare(SourceFile(name: "setup.mabs", text: setup + "\nsave \"w.mabsw\"")))
        #expect(output.diagnostics.isEmpty, "\(output.rendered)")
        let saved = try JSONSerialization.jsonObject(with: try #require(store.files["w.mabsw"]))
        store.files["w.mabsw"] = try JSONSerialization.data(withJSONObject: edit(saved))
        return (session, output, store)
    }

    @Test("a workspace holding what no run could make is refused, with what it holds, and the one in use kept",
          arguments: cases.indices)
    func refused(_ index: Int) throws {
        let (edit, says) = Self.cases[index]
        let (session, output, _) = try Self.saved(edited: edit)
        let before = session.engine
        session.run(session.prepare(SourceFile(name: "test.mabs", text: "open \"w.mabsw\"")))
        #expect(output.errors.map(\.message.text) == [
            "cannot use workspace 'w.mabsw': it holds what no run could make (\(says)); it was left as it is"
        ])
        #expect(session.engine == before, "the workspace in use is kept")
    }

    @Test("every kind of impossible value has a rendered-text test")
    func coverage() throws {
        let source = try String(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("Sources/Lifecycle/Engine/Consistency.swift"),
            encoding: .utf8)
        let enumBody = source.components(separatedBy: "public enum Inconsistency")[1].components(separatedBy: "\nextension Engine")[0]
        // Top-level cases only: the nested enums' are indented further.
        let declared = Set(enumBody.split(separator: "\n").filter { $0.hasPrefix("    case ") }
            .map { String($0.dropFirst(9).prefix { $0.isLetter || $0.isNumber }) })
        #expect(declared.count > 20, "the cases could not be read")
        var tested: Set<String> = ["tooManyServices", "tooManyBackups"]  // below, and in EngineLimitTests
        for (edit, _) in Self.cases {
            let (_, _, store) = try Self.saved(edited: edit)
            let snapshot = try #require(try store.open("w.mabsw", relativeTo: SourceFile(name: "test.mabs", text: "")))
            if case .engine(let inconsistency) = snapshot.problem {
                tested.insert(String(String(describing: inconsistency).prefix { $0 != "(" }))
            }
        }
        #expect(declared.subtracting(tested).isEmpty, "no rendered-text test for \(declared.subtracting(tested).sorted())")
    }

    @Test("the bounds on services and backups say how many a workspace may hold")
    func bounds() {
        #expect(Message.text(of: Inconsistency.tooManyServices(1_000_001))
            == "it holds 1000001 services, more than the 1000000 a workspace may")
        #expect(Message.text(of: Inconsistency.tooManyBackups(1_000_001))
            == "it holds 1000001 backups, more than the 1000000 a workspace may")
    }

    /// Runs that use every part of the engine: the check refuses none of
    /// what they make (it is checked against what runs produce, so it
    /// must never refuse their work).
    static let runs = [
        setup,
        """
        create contoso edition premium units 3
        add agreement a1 to contoso source "ftp://x/in"
        add hybrid-connection h1 to contoso
        receive 5 messages on contoso
        backup contoso as nightly
        process batch on contoso
        restore nightly to contoso-dr edition premium
        schedule backups of contoso every 1h retain 3h keep one
        fail next backup on contoso times 2
        wait 6h
        delete contoso
        hold names for 2h
        chaos 30 seed 7
        for i in 1..20 { create "service-${i}" }
        """,
        """
        create contoso
        service-update contoso to "2.0"
        update contoso set acs-key = "k", tracking-database = "db"
        create tracking database of contoso
        process 3 messages on contoso
        backup tracking database of contoso as tdb
        delete tracking database of contoso
        restore tracking database tdb
        fail next stop on Contoso times 1000000000
        fail clear stop
        fail next start on Contoso
        let l = [1, "two", 3s, now(), 1..4, [true]]
        let k = setting(contoso, acs-key)
        def g(s) { stop $s }
        """,
    ]

    @Test("what a run makes passes the check", arguments: runs.indices)
    func runsPass(_ index: Int) throws {
        var options = Session.Options()
        options.logLimit = 5
        let run = runScript(Self.runs[index], options: options)
        #expect(run.output.errors.isEmpty, "\(run.output.rendered)")
        #expect(run.session.snapshot().problem == nil)
        // And once saved and read back, as a file is.
        let data = try JSONWorkspaces.encoder.encode(run.session.snapshot())
        #expect(try JSONDecoder().decode(WorkspaceSnapshot.self, from: data).problem == nil)
    }

    @Test("a built-in function's list is bounded like any value, so no variable holds more than a workspace may", .tags(.heavy), .heavy)
    func builtinListsBounded() throws {
        let run = runScript("create contoso; backup contoso as nightly")
        let template = try #require(run.engine.backup(named: "nightly"))
        // 300,000 names of 62 bytes: 18 MB of text, past the value limit.
        var engine = run.engine
        for index in 0..<300_000 {
            let name = "n" + String(repeating: "0", count: 55) + String(index + 1_000_000)
            engine.backups[NameKey(name)] = Backup(
                name: name, service: "contoso", sourceID: template.sourceID, takenAt: template.takenAt,
                edition: template.edition, units: template.units, region: template.region,
                productVersion: template.productVersion, settings: template.settings, contents: template.contents,
                controlNumber: 0, micValues: 0, messagesProcessed: 0, hybridConnectionsLeftOut: [], messagesLost: 0)
        }
        run.session.engine = engine
        let prepared = run.session.prepare(SourceFile(name: "test.mabs", text: "let b = backups(contoso)"))
        run.session.run(prepared)
        #expect(run.output.errors.map(\.message.text) == [
            "the result of 'backups' would be too large: a value holds at most 16 Mi list items and bytes of text together; build a smaller one"
        ])
    }

    @Test("the examples' workspaces pass the check")
    func examplesPass() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Examples")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".mabs") }
        #expect(names.count >= 5)
        for name in names {
            let run = runScript(try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8), name: name)
            #expect(run.session.snapshot().problem == nil, "\(name)")
        }
    }
}
