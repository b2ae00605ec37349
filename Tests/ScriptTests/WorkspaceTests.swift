import Foundation
import Testing

/// Saved workspaces on disk: refused when damaged or too new (and left
/// alone), written whole, and kept up to date by --workspace.
@Suite("Saved workspaces")
struct WorkspaceTests {
    func temporaryFolder() throws -> URL {
        try ScriptTests.temporaryFolder("workspace")
    }

    @Test("--workspace opens the file if it exists and saves after every statement")
    func continuesAcrossRuns() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("lesson.mabsw").path
        let first = try MabsProcess.run(["--workspace", file, "-e", "create contoso; stop contoso; let n = 3"])
        #expect(first.status == 0, "\(first.stderr)")
        let second = try MabsProcess.run(["--workspace", file, "-e", "assert contoso is Stopped and $n == 3; start contoso"])
        #expect(second == .init(stdout: "1 passed, 0 failed\n", stderr: "", status: 0))
        let third = try MabsProcess.run(["--workspace", file, "-e", "assert contoso is Active"])
        #expect(third.status == 0, "the start of the second run was saved: \(third.stderr)")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(leftovers == ["lesson.mabsw"], "no temporary file is left behind")
    }

    @Test("a file that is not a workspace, or is damaged, is refused and left as it is")
    func refusesForeignFiles() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, text, reason) in [
            ("notes.txt", "just some notes\n", "it is not a mabs workspace"),
            ("damaged.mabsw", #"{"format":"mabs-workspace","version":1,"engine":{"#, "it is not a mabs workspace"),
            ("broken.mabsw", #"{"format":"mabs-workspace","version":1,"engine":42,"variables":{},"procedures":[]}"#, "it is damaged"),
            ("newer.mabsw", #"{"format":"mabs-workspace","version":9}"#, "it was saved by a newer mabs (format 9; this one reads up to 2)"),
        ] {
            let path = folder.appendingPathComponent(name).path
            try text.write(toFile: path, atomically: false, encoding: .utf8)
            let result = try MabsProcess.run(["--workspace", path, "-e", "create contoso"])
            #expect(result.status == 2, "\(name): nothing runs")
            #expect(result.stderr.contains("cannot use workspace '\(path)': \(reason)"), "\(name): \(result.stderr)")
            #expect(try String(contentsOfFile: path, encoding: .utf8) == text, "\(name) was left as it was")
        }
    }

    @Test("a workspace holding what no run could make is refused, not run into a crash")
    func refusesImpossibleValues() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("w.mabsw").path
        #expect(try MabsProcess.run(["-e", "create contoso; save \"\(path)\""]).status == 0)
        let saved = try String(contentsOfFile: path, encoding: .utf8)
        let broken = saved.replacingOccurrences(of: #""units":1"#, with: #""units":4611686018427387904"#)
        #expect(broken != saved)
        try broken.write(toFile: path, atomically: false, encoding: .utf8)
        let result = try MabsProcess.run(["-e", "open \"\(path)\"; show contoso"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("it holds what no run could make (the service 'contoso' has 4611686018427387904 units, which no Standard service runs)"), "\(result.stderr)")
    }

    /// Changes to a saved workspace's text that no run could make, and
    /// what the refusal says the workspace holds.
    static let impossible: [(find: String, replace: String, says: String)] = [
        // Trapped at the next create.
        (#""nextServiceID":3"#, #""nextServiceID":9223372036854775807"#,
         "the next service number is 9223372036854775807, outside 1 to 9007199254740993"),
        (#""service":"contoso"},3]"#, #""service":"contoso"},-3]"#,
         "-3 failures are armed for stop on 'contoso'; a count is from 1 to 1000000000"),
        (#""trackingDatabases":{"db":2}"#, #""trackingDatabases":{"db":-2}"#,
         "the tracking database 'db' has a tracking record count of -2; no count goes below 0"),
        (#""records":2"#, #""records":-2"#,
         "the tracking database backup 'tdb' has a tracking record count of -2; no count goes below 0"),
        (#""services":{"contoso":{"#, #""services":{"fabrikam":{"#,
         "the service 'contoso' is filed under 'fabrikam', not under its name"),
        (#""name":"contoso""#, #""name":"cont\u001b[2Joso""#,
         "'cont\\u{1B}[2Joso' is not a valid service name: a service name has only letters, digits and hyphens"),
        (#""variables":{"#, #""variables":{"big":{"string":{"_0":""# + String(repeating: "x", count: (16 << 20) + 1) + #""}},"#,
         "the variable '$big' holds more than 16 Mi list items and bytes of text together, more than any value"),
        (#""heldNames":{"deleted1":{"seconds":1478599200}}"#, #""heldNames":{"deleted1":{"seconds":-9223372036854775808}}"#,
         "the held name 'deleted1' is dated -292277022657-01-27 08:29:52, where a run could only have set a time from 2016-11-08 09:00:00 to 292277026596-12-04 15:30:07"),
        // Trapped at the next wait: the clock would have run back.
        (#""clock":{"now":{"seconds":1478595600}}"#, #""clock":{"now":{"seconds":-9223372036854775808}}"#,
         "the clock reads -292277022657-01-27 08:29:52, before 2016-11-08 09:00:00, where every run starts"),
    ]

    @Test("a workspace holding what no run could make is refused by open and --workspace, saying what, and left as it is")
    func refusesWhatNoRunMakes() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("w.mabsw").path
        let setup = """
            create contoso; update contoso set tracking-database = "db"; create tracking database of contoso
            process 2 messages on contoso; backup tracking database of contoso as tdb
            fail next stop on contoso times 3; create deleted1; delete deleted1
            let n = 1; save "\(path)"
            """
        #expect(try MabsProcess.run(["-e", setup]).status == 0)
        let saved = try String(contentsOfFile: path, encoding: .utf8)
        for (find, replace, says) in Self.impossible {
            let broken = saved.replacingOccurrences(of: find, with: replace)
            #expect(broken != saved, "\(find) is in the saved workspace")
            try broken.write(toFile: path, atomically: false, encoding: .utf8)
            let refusal = "cannot use workspace '\(path)': it holds what no run could make (\(says)); it was left as it is"
            let option = try MabsProcess.run(["--workspace", path, "-e", "create fabrikam; wait 1h; print 1"])
            #expect(option.status == 2 && option.stdout.isEmpty, "\(says)")
            #expect(option.stderr == "mabs: \(refusal)\n", "\(option.stderr.prefix(600))")
            let statement = try MabsProcess.run(["-e", "open \"\(path)\"; create fabrikam; wait 1h"])
            #expect(statement.status == 1 && statement.stderr.contains(refusal), "\(statement.stderr.prefix(600))")
            #expect(try String(contentsOfFile: path, encoding: .utf8) == broken, "left as it is")
        }
    }

    @Test("the saved workspaces that seed the fuzzer open (a change of format would leave it mutating files no mabs reads)")
    func fuzzSeedsOpen() throws {
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/fuzz")
        let seeds = try FileManager.default.contentsOfDirectory(atPath: fixtures.path).filter { $0.hasSuffix(".mabsw") }
        #expect(seeds.count >= 2)
        for seed in seeds {
            let path = fixtures.appendingPathComponent(seed).path
            let result = try MabsProcess.run(["-e", "open \"\(path)\"; assert exists(contoso)"])
            #expect(result == .init(stdout: "1 passed, 0 failed\n", stderr: "", status: 0), "\(seed)")
        }
    }

    @Test("a log that says it dropped Int.max entries opens and keeps running: the count is only reported, so it stops there")
    func droppedCountSaturates() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("w.mabsw").path
        #expect(try MabsProcess.run(["-e", "create contoso; stop contoso; save \"\(path)\""]).status == 0)
        let saved = try String(contentsOfFile: path, encoding: .utf8)
        let broken = saved.replacingOccurrences(of: #""dropped":0"#, with: #""dropped":9223372036854775807"#)
            .replacingOccurrences(of: #""limit":100000"#, with: #""limit":1"#)
        #expect(broken != saved)
        try broken.write(toFile: path, atomically: false, encoding: .utf8)
        let result = try MabsProcess.run(["--workspace", path, "--log-limit", "1", "-e", "start contoso; log"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("9223372036854775807"), "\(result.stdout)")
    }

    @Test("a saved workspace holds secrets, so only its owner may read it; procedures from --workspace are known to the checker")
    func ownerOnlyAndProcedures() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("w.mabsw").path
        #expect(try MabsProcess.run(["--workspace", path, "-e", "create contoso; update contoso set acs-key = \"k3y\"; def twice(n) { return $n * 2 }"]).status == 0)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let again = try MabsProcess.run(["--workspace", path, "-e", "print twice(21)"])
        #expect(again == .init(stdout: "42\n", stderr: "", status: 0))
        let clash = try MabsProcess.run(["--workspace", path, path])
        #expect(clash.status == 2 && clash.stderr.contains("--workspace would write over"))
    }

    @Test("killed at random moments while it appends to its journal or compacts it, mabs leaves the old or a newer workspace, and at most one leftover", .tags(.heavy), .heavy)
    func killedWhileSaving() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("w.mabsw").path
        // Each statement sets three variables at once, one of them large,
        // so its record takes a while to write, and the journal passes
        // its share of the file (and is compacted) every few statements.
        let base = String(repeating: "x", count: 400_000)
        let setup = folder.appendingPathComponent("setup.mabs").path
        try "let base = \"\(base)\"; let n = 0; let m = 0; let pad = $base\n".write(toFile: setup, atomically: true, encoding: .utf8)
        #expect(try MabsProcess.run(["--workspace", path, setup]).status == 0)
        let script = folder.appendingPathComponent("count.mabs").path
        try String(repeating: "if true { let n = $n + 1; let pad = $base; let m = $n }\n", count: 1_500)
            .write(toFile: script, atomically: true, encoding: .utf8)
        let discard = folder.appendingPathComponent("output").path

        var random = SplitMix64(seed: 20161108)
        var newest = 0, inCompaction = 0, withRecords = 0
        func temporaryFiles() throws -> Set<String> {
            Set(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".w.mabsw.") })
        }
        for kill in 1...50 {
            let before = try identity(of: path), leftBefore = try temporaryFiles()
            let mabs = try SpawnedMabs(["--workspace", path, script], standardOutput: .file(discard), standardError: discard)
            let deadline = ContinuousClock.now + .seconds(20)
            if kill % 2 == 0 {
                // Once it has begun a compaction (its temporary file is
                // there), kill it within the next 3 ms.
                while try temporaryFiles().subtracting(leftBefore).isEmpty, ContinuousClock.now < deadline { usleep(100) }
                usleep(UInt32(random.next() % 3_000))
            } else {
                // Once it has saved (the file grew or was replaced), kill it
                // at a random moment of the 150 ms that follow, as it runs
                // statements and appends their records (and compacts).
                while try identity(of: path) == before, ContinuousClock.now < deadline { usleep(100) }
                usleep(UInt32(random.next() % 150_000))
            }
            Glibc.kill(mabs.pid, SIGKILL)
            #expect(mabs.wait() == 128 + SIGKILL, "kill \(kill): mabs was still saving")

            let leftovers = try temporaryFiles()
            #expect(leftovers.count <= 1, "kill \(kill): each save removes what an earlier killed one left: \(leftovers)")
            if !leftovers.subtracting(leftBefore).isEmpty { inCompaction += 1 }
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            if data.split(separator: UInt8(ascii: "\n")).count > 1 { withRecords += 1 }
            // mabs opens it (read only), and finds the variables of one
            // statement from the same statement.
            let opened = try MabsProcess.run(["-e", "open \"\(path)\"", "-e", "print $n; assert $m == $n and $pad == $base"])
            #expect(opened.status == 0 && opened.stdout.hasSuffix("1 passed, 0 failed\n"), "kill \(kill): \(opened.stderr)")
            let n = Int(opened.stdout.split(separator: "\n").first ?? "") ?? -1
            #expect(n >= newest, "kill \(kill): the file went back from \(newest) to \(n)")
            newest = n
        }
        #expect(newest > 0)
        // The kills fell both while records were appended and while the
        // journal was compacted.
        #expect(withRecords >= 10 && inCompaction >= 10, "\(withRecords) kills with records, \(inCompaction) during compaction")
        // mabs goes on from what the kills left, and a whole run cleans up
        // and leaves the file compacted: its snapshot alone, one line.
        let reopened = try MabsProcess.run(["--workspace", path, "-e", "let n = $n + 1; print $n"])
        #expect(reopened == .init(stdout: "\(newest + 1)\n", stderr: "", status: 0))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["count.mabs", "output", "setup.mabs", "w.mabsw"])
        let compacted = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(compacted.split(separator: UInt8(ascii: "\n")).count == 1 && compacted.last == UInt8(ascii: "\n"))

        // A truncated snapshot is refused, and left as it is.
        try compacted.prefix(compacted.count / 2).write(to: URL(fileURLWithPath: path))
        let truncated = try MabsProcess.run(["--workspace", path, "-e", "print $n"])
        #expect(truncated.status == 2)
        #expect(truncated.stderr.contains("cannot use workspace '\(path)': it is not a mabs workspace (it was left as it is)"), "\(truncated.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == compacted.prefix(compacted.count / 2))
    }

    @Test("a workspace is used by one mabs at a time: a second --workspace on it is refused, and so is a save over it")
    func oneMabsAtATime() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("w.json").path, discard = folder.appendingPathComponent("errors").path
        let holder = try SpawnedMabs(
            ["--workspace", path, "-e", "create contoso", "-e", "print \"holding\"", "-e", "while true { }"],
            standardOutput: .pipe, standardError: discard)
        #expect(holder.read(until: "holding").contains("holding"))
        let second = try MabsProcess.run(["--workspace", path, "-e", "create fabrikam"])
        #expect(second == .init(stdout: "", stderr: """
            mabs: cannot use workspace '\(path)': another mabs is using it as its workspace; wait until that one ends, or name another file

            """, status: 2))
        let saved = try MabsProcess.run(["-e", "create fabrikam\nsave \"\(path)\""])
        #expect(saved.status == 1)
        #expect(saved.stderr.hasPrefix("<command line>:2:1: error: cannot use workspace '\(path)': another mabs is using it as its workspace"))
        let read = try MabsProcess.run(["-e", "open \"\(path)\"\nprint exists(contoso)"])
        #expect(read == .init(stdout: "true\n", stderr: "", status: 0), "reading it is fine")
        kill(holder.pid, SIGTERM)
        #expect(holder.wait() == 143)
        let after = try MabsProcess.run(["--workspace", path, "-e", "print [exists(contoso), exists(fabrikam)]"])
        #expect(after == .init(stdout: "[true, false]\n", stderr: "", status: 0), "the holder's work, and only that")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["errors", "w.json"])
    }

    @Test("each statement appends its changes to the file; a torn last record is ignored, a damaged earlier one refuses the file")
    func journalRecords() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("w.mabsw").path
        // The last statement stops the run, so the journal is not compacted.
        let run = try MabsProcess.run(["--workspace", path, "-e", "create contoso; let n = 1; stop contoso; let n = 2; stop fabrikam"])
        #expect(run.status == 1)
        let whole = try Data(contentsOf: URL(fileURLWithPath: path))
        let lines = whole.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        #expect(lines.count == 5 && lines.last?.isEmpty == true, "the snapshot (made by the first statement), then a record a statement")
        #expect(lines[1].starts(with: Array(#"{"crc32":""#.utf8)))
        func opened(_ data: Data) throws -> MabsProcess.Result {
            try data.write(to: URL(fileURLWithPath: path))
            return try MabsProcess.run(["-e", "open \"\(path)\"", "-e", "print $n; print state(contoso)"])
        }
        #expect(try opened(whole) == .init(stdout: "2\nStopped\n", stderr: "", status: 0))
        // Torn: the last record lost its end, or its bytes never came.
        #expect(try opened(whole.dropLast(9)) == .init(stdout: "1\nStopped\n", stderr: "", status: 0))
        var zeroed = whole
        zeroed.replaceSubrange(zeroed.count - 30..<zeroed.count - 1, with: Data(count: 29))
        #expect(try opened(zeroed) == .init(stdout: "1\nStopped\n", stderr: "", status: 0))
        // Damaged: a byte changed in a record that is not the last.
        var damaged = whole
        let second = lines[0].count + 1 + lines[1].count + 1 + 40
        damaged[second] = damaged[second] == UInt8(ascii: "a") ? UInt8(ascii: "b") : UInt8(ascii: "a")
        let refused = try opened(damaged)
        #expect(refused.status == 1 && refused.stderr.contains("it is damaged and cannot be read (it was left as it is)"), "\(refused.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == damaged)
        // --workspace on a torn file goes on from its last whole record,
        // and writes the file whole again.
        try whole.dropLast(9).write(to: URL(fileURLWithPath: path))
        let resumed = try MabsProcess.run(["--workspace", path, "-e", "print $n; start contoso"])
        #expect(resumed == .init(stdout: "1\n", stderr: "", status: 0))
        #expect(try MabsProcess.run(["-e", "open \"\(path)\"", "-e", "print state(contoso)"]).stdout == "Active\n")
    }

    @Test("a workspace saved in format 1 (by an earlier mabs) opens as it was, and is saved in format 2 from then on")
    func formatOne() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("old.mabsw").path
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../Fixtures/workspace-format-1.mabsw")
        try FileManager.default.copyItem(atPath: fixture.path, toPath: path)
        let statements = [
            "show contoso", "list backups", "list failures", "print schedule(contoso)", "print bump($n)",
            "print setting(contoso, acs-key) == \"k3y-v1\"", "print next_backup(contoso)", "print tracking_records(contoso)",
        ]
        // What the mabs that saved it printed for these statements.
        let expected = """
            contoso
              state              Active
              edition            Premium
              units              1
              region             West US
              version            1.0
              created            2016-11-08 09:00:00
              allowed            stop, restart, suspend, delete, scale, update, backup
              events             disable, service-update
              acs-key            (secret, not shown)
              tracking-database  (secret, not shown)
              partner            Fabrikam
              agreement          orders (reads ftp://host/in)
              hybrid-connection  onprem
              quotas             bridges 2 of 500, agreements 1 of 1000, hybrid connections 1 of 100
              batch              3 messages waiting
              control number     2
              AS2 MIC values     2
              backups            every 1h, retain 3h, keep one; next at 2016-11-08 12:00:00
              tracking           2 records
                                 geo-replication recommended: no service backup holds its records
            NAME                     SERVICE  EDITION  UNITS  VERSION  TAKEN
            nightly                  contoso  Premium  1      1.0      2016-11-08 09:00:00
            contoso-20161108-100000  contoso  Premium  1      1.0      2016-11-08 10:00:00
            contoso-20161108-110000  contoso  Premium  1      1.0      2016-11-08 11:00:00
            SERVICE  OPERATION  RUNS TO FAIL
            contoso  stop       2
            chaos: 10% of runs fail (seed 42)
            every 1h, retain 3h, keep one
            42
            true
            2016-11-08 12:00:00
            2

            """
        let arguments = ["--workspace", path] + statements.flatMap { ["-e", $0] }
        let first = try MabsProcess.run(arguments)
        #expect(first == .init(stdout: expected, stderr: "", status: 0))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
        #expect(json?["version"] as? Int == 2, "saved again in the current format")
        #expect(try MabsProcess.run(arguments) == .init(stdout: expected, stderr: "", status: 0), "and reads the same")
    }

    @Test("a workspace saved by the mabs before services were kept by identity opens as it was, and is saved again by name: the same tables, keys and log names, with no identity in them")
    func beforeIdentities() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../Fixtures/workspace-before-identities.mabsw")
        let old = folder.appendingPathComponent("old.mabsw").path, saved = folder.appendingPathComponent("saved.mabsw").path
        try FileManager.default.copyItem(atPath: fixture.path, toPath: old)
        let statements = [
            "show contoso",
            "show contoso-dr",
            "list",
            "list backups",
            "list failures",
            "log",
            "print schedule(contoso)",
            "print bump($n)",
            "print tracking_records(contoso)",
            "explain create on FABRIKAM-EAST"
        ]
        // What the mabs that saved it printed for these statements: a
        // service created as Contoso, a deleted one the log names as
        // created, failures armed by the name as typed, a held name.
        let expected = """
            Contoso
              state              Active
              edition            Premium
              units              2
              region             West US
              version            1.1
              created            2016-11-08 09:00:00
              allowed            stop, restart, suspend, delete, scale, update, backup
              events             disable, service-update
              acs-key            (secret, not shown)
              tracking-database  (secret, not shown)
              partner            Fabrikam
              agreement          orders (reads ftp://host/in)
              hybrid-connection  onprem
              quotas             bridges 2 of 1000, agreements 1 of 2000, hybrid connections 1 of 200
              batch              3 messages waiting
              control number     2
              AS2 MIC values     2
              backups            every 1h, retain 3h, keep one; next at 2016-11-08 12:00:00
              tracking           database contoso-tracking on server contoso-sql: 2 records
                                 geo-replication recommended: no service backup holds its records
            contoso-dr
              state              Suspended
              edition            Premium
              units              1
              region             West US
              version            1.0
              created            2016-11-08 11:00:00
              restored           from backup nightly
              allowed            resume, delete, backup
              events             disable, service-update
              acs-key            (secret, not shown)
              tracking-database  (secret, not shown)
              partner            Fabrikam
              agreement          orders (reads ftp://host/in)
              quotas             bridges 2 of 500, agreements 1 of 1000, hybrid connections 0 of 100
              control number     2
              AS2 MIC values     2
              tracking           database contoso-tracking on server contoso-sql: 2 records
                                 geo-replication recommended: no service backup holds its records
            NAME        STATE      EDITION  UNITS  VERSION
            Contoso     Active     Premium  2      1.1
            contoso-dr  Suspended  Premium  1      1.0
            NAME                     SERVICE  EDITION  UNITS  VERSION  TAKEN
            nightly                  Contoso  Premium  1      1.0      2016-11-08 09:00:00
            contoso-20161108-100000  Contoso  Premium  1      1.0      2016-11-08 10:00:00
            contoso-20161108-110000  Contoso  Premium  1      1.0      2016-11-08 11:00:00
            SERVICE        OPERATION  RUNS TO FAIL
            contoso        stop       2
            fabrikam-east  create     1
            chaos: 10% of runs fail (seed 42)
            TIME                 SERVICE        OPERATION                    STATUS     DETAIL
            2016-11-08 09:00:00  Contoso        CreateBizTalkService         Succeeded  -> Active
            2016-11-08 09:00:00  Contoso        ConfigUpdateBizTalkService   Succeeded  stays Active; acs-key
            2016-11-08 09:00:00  Contoso        BackupBizTalkService         Succeeded  stays Active; backup nightly
            2016-11-08 10:00:00  Contoso        BackupBizTalkService         Succeeded  stays Active; backup contoso-20161108-100000
            2016-11-08 11:00:00  Contoso        BackupBizTalkService         Succeeded  stays Active; backup contoso-20161108-110000
            2016-11-08 11:00:00  Fabrikam-East  CreateBizTalkService         Succeeded  -> Active
            2016-11-08 11:00:00  Fabrikam-East  RestartBizTalkService        Succeeded  stays Active
            2016-11-08 11:00:00  Fabrikam-East  DeleteBizTalkService         Succeeded  Active -> deleted
            2016-11-08 11:00:00  contoso-dr     RestoreBizTalkService        Succeeded  -> Suspended; from backup nightly
            2016-11-08 11:00:00  Contoso        ServiceUpdateBizTalkService  Succeeded  stays Active; version 1.1
            2016-11-08 11:00:00  Contoso        ScaleBizTalkService          Succeeded  stays Active; 2 units
            every 1h, retain 3h, keep one
            42
            2
            no: the name 'FABRIKAM-EAST' belonged to a deleted service and is held until 2016-11-08 13:00:00 (2h from now); wait, or choose another name
            the shortest way there: wait 2h; create FABRIKAM-EAST

            """
        let resave = try MabsProcess.run(["-e", "open \"\(old)\"", "-e", "save \"\(saved)\""])
        #expect(resave == .init(stdout: "", stderr: "", status: 0))
        // Saved by name, as it was: equal as JSON, but for the order of the
        // tables an engine writes in its own order (settings, contents).
        func unordered(_ value: Any) -> String {
            if let object = value as? [String: Any] {
                return "{" + object.keys.sorted().map { "\($0): " + unordered(object[$0]!) }.joined(separator: ", ") + "}"
            }
            if let array = value as? [Any] { return "[" + array.map(unordered).sorted().joined(separator: ", ") + "]" }
            return "\(value)"
        }
        func json(_ path: String) throws -> String {
            unordered(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))))
        }
        #expect(try json(saved) == json(old))
        for path in [old, saved] {
            let arguments = ["--workspace", path] + statements.flatMap { ["-e", $0] }
            #expect(try MabsProcess.run(arguments) == .init(stdout: expected, stderr: "", status: 0), "\(path)")
        }
    }

    @Test("a procedure keeps its secrets in a saved workspace; what its errors show has them masked")
    func procedureSecrets() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("w.mabsw").path
        let define = try MabsProcess.run(["--workspace", path, "-e", "create contoso; def rekey(s) { update $s set acs-key = \"k3y-0f-mine\" }"])
        #expect(define.status == 0, "\(define.stderr)")
        let use = try MabsProcess.run(["--workspace", path, "-e", "rekey(contoso); assert setting(contoso, acs-key) == \"k3y-0f-mine\"; rekey(nowhere)"])
        #expect(use.stdout == "1 passed, 0 failed, 1 error\n", "the opened procedure set the real key")
        #expect(use.status == 1)
        #expect(use.stderr.hasPrefix("""
            <command line>:1:16: error: there is no service named 'nowhere'
            def rekey(s) { update $s set acs-key = "***********" }
            """), "\(use.stderr)")
        #expect(!use.stderr.contains("k3y-0f-mine"))
    }

    @Test("save writes the whole workspace as JSON with its format and version")
    func format() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("w.mabsw").path
        let result = try MabsProcess.run(["-e", "create contoso; def f(s) { stop $s }; save \"\(path)\""])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
        #expect(json?["format"] as? String == "mabs-workspace")
        #expect(json?["version"] as? Int == 2)
        #expect((json?["procedures"] as? [String]) == ["def f(s) { stop $s }"])
        #expect(json?["engine"] != nil)
    }

    @Test("a --workspace whose folder does not exist stops everything before anything runs")
    func missingFolder() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("no/such/folder/w.mabsw").path
        let result = try MabsProcess.run(["--workspace", path, "-e", "print 1"])
        #expect(result.status == 2)
        #expect(result.stdout == "", "nothing ran")
        #expect(result.stderr == "mabs: cannot use workspace '\(path)': its folder '\(folder.path)/no/such/folder' does not exist\n",
                "a mistake in the command line, not in the script: no script position")
    }

    @Test("a pipe or a device is never opened as a workspace nor replaced by one; a link stays a link")
    func onlyRegularFiles() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pipe = folder.appendingPathComponent("pipe").path
        #expect(mkfifo(pipe, 0o600) == 0)
        let refusal = "it is not a regular file (a device, a pipe or a socket); name a file"
        for statement in ["open \"\(pipe)\"", "create contoso; save \"\(pipe)\"", "save \"/dev/null\""] {
            let result = try MabsProcess.run(["-e", statement])
            #expect(result.status == 1, "\(statement)")
            #expect(result.stderr.contains(refusal), "\(result.stderr)")
        }
        let option = try MabsProcess.run(["--workspace", pipe, "-e", "print 1"])
        #expect(option.status == 2 && option.stdout.isEmpty && option.stderr.contains(refusal))
        var status = stat()
        #expect(stat(pipe, &status) == 0 && (status.st_mode & S_IFMT) == S_IFIFO, "the pipe is still a pipe")
        #expect(stat("/dev/null", &status) == 0 && (status.st_mode & S_IFMT) == S_IFCHR)

        // Through a link, the file it points to is replaced, for a report as for a workspace.
        let target = folder.appendingPathComponent("report.xml").path, link = folder.appendingPathComponent("link.xml").path
        #expect(FileManager.default.createFile(atPath: target, contents: Data()))
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        #expect(try MabsProcess.run(["--junit", link, "-e", "assert true"]).status == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
        #expect(try String(contentsOfFile: target, encoding: .utf8).contains("<testsuites"))
    }

}

/// The inode `path` names now, and its length: a save appends to the
/// file or replaces it, so one of them changes.
func identity(of path: String) throws -> [UInt64] {
    var status = stat()
    guard stat(path, &status) == 0 else { throw CocoaError(.fileReadNoSuchFile) }
    return [UInt64(status.st_ino), UInt64(status.st_size)]
}

/// A small seeded generator (SplitMix64), so the kills land at the same
/// random moments on every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

}
