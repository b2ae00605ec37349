import Foundation
import Testing

/// `mabs play`: a script played for an audience, statement by statement,
/// and its asciicast v2 recording. Every test plays at full speed
/// (`--delay 0`) or reads only the recording's simulated times: nothing
/// here depends on how fast the machine is.
@Suite("mabs play")
struct PlayTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mabs-play-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `script` as `demo.mabs` in a fresh folder and plays it there.
    func play(_ script: String, _ arguments: [String] = ["--delay", "0"], environment: [String: String] = [:],
              _ check: (MabsProcess.Result, URL) throws -> Void) throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try script.write(to: folder.appendingPathComponent("demo.mabs"), atomically: true, encoding: .utf8)
        let result = try MabsProcess.run(["play"] + arguments + ["demo.mabs"], in: folder, environment: environment)
        try check(result, folder)
    }

    static let demo = """
        #!/usr/bin/env mabs
        # Break a service, then bring it back.
        create contoso; update contoso set acs-key = "s3cret"
        fail next stop on contoso

        stop contoso    # the failure is announced
        assert contoso is StopFailed
        state(contoso)
        if contoso is StopFailed {
          restart contoso   # inside a block: counted, not announced
        }
        assert contoso is Active
        # That is all.

        """

    @Test("each statement is typed at the prompt, then its output follows; comments are narration")
    func golden() throws {
        try play(Self.demo) { result, _ in
            #expect(result.stderr == "")
            #expect(result.status == 0)
            #expect(result.stdout == """
                mabs> # Break a service, then bring it back.
                mabs> create contoso
                create contoso: -> Active
                mabs> update contoso set acs-key = "******"
                update contoso: stays Active; acs-key
                mabs> fail next stop on contoso
                mabs> stop contoso    # the failure is announced
                stop contoso failed: Active -> StopFailed; injected failure
                mabs> assert contoso is StopFailed
                ✔ contoso is StopFailed
                mabs> state(contoso)
                StopFailed
                mabs> if contoso is StopFailed {
                ...>   restart contoso   # inside a block: counted, not announced
                ...> }
                (ran 1 operation; --trace shows each)
                mabs> assert contoso is Active
                ✔ contoso is Active
                mabs> # That is all.
                2 passed, 0 failed

                """)
        }
    }

    @Test("a failed check is shown where it happens, and the play exits 1")
    func failedCheck() throws {
        try play("create contoso\nassert contoso is Stopped\nprint \"goes on\"\n") { result, _ in
            #expect(result.status == 1)
            #expect(result.stderr == "")
            #expect(result.stdout == """
                mabs> create contoso
                create contoso: -> Active
                mabs> assert contoso is Stopped
                error: assertion failed: contoso is Stopped
                assert contoso is Stopped
                       ^~~~~~~~~~~~~~~~~~
                note: found: 'contoso' is Active
                mabs> print "goes on"
                goes on
                0 passed, 1 failed

                """)
        }
    }

    @Test("a runtime error is shown under its statement and the play goes on; the play exits 1")
    func runtimeErrorGoesOn() throws {
        try play("create contoso\nresume contoso\nprint \"goes on\"\nassert contoso is Active\n") { result, _ in
            #expect(result.status == 1)
            #expect(result.stderr == "")
            #expect(result.stdout == """
                mabs> create contoso
                create contoso: -> Active
                mabs> resume contoso
                error: Operation not allowed: cannot resume 'contoso' while it is Active; it is allowed in Suspended, SuspendedFailed, ResumeFailed
                resume contoso
                ^~~~~~~~~~~~~~
                note: the way there: suspend contoso
                mabs> print "goes on"
                goes on
                mabs> assert contoso is Active
                ✔ contoso is Active
                1 passed, 0 failed, 1 error

                """)
        }
    }

    @Test("--bail stops the play at the first runtime error, or failed check")
    func bail() throws {
        try play("create contoso\nresume contoso\nprint \"not shown\"\n", ["--delay", "0", "--bail"]) { result, _ in
            #expect(result.status == 1)
            #expect(result.stdout.hasPrefix("mabs> create contoso\ncreate contoso: -> Active\nmabs> resume contoso\nerror: Operation not allowed"))
            #expect(!result.stdout.contains("not shown"))
            #expect(result.stdout.hasSuffix("0 passed, 0 failed, 1 error\n"))
        }
        try play("create contoso\nassert contoso is Stopped\nprint \"not shown\"\n", ["--delay", "0", "--bail"]) { result, _ in
            #expect(result.status == 1)
            #expect(!result.stdout.contains("not shown"))
        }
    }

    @Test("a passing expect error shows the error it caught; add, receive, process, wait, schedule, hold names each say what changed")
    func acknowledgements() throws {
        let script = """
            create contoso
            expect error "not allowed" { resume contoso }
            add certificate c1 to contoso
            remove certificate C1 from contoso
            receive 5 messages on contoso
            process batch on contoso
            process batch on contoso
            process 3 messages on contoso
            wait 1h
            schedule backups of contoso every 1d retain 7d keep one
            unschedule backups of contoso
            unschedule backups of contoso
            hold names for 2h

            """
        try play(script) { result, _ in
            #expect(result.status == 0)
            #expect(result.stdout == """
                mabs> create contoso
                create contoso: -> Active
                mabs> expect error "not allowed" { resume contoso }
                ✔ as expected: Operation not allowed: cannot resume 'contoso' while it is Active; it is allowed in Suspended, SuspendedFailed, ResumeFailed
                mabs> add certificate c1 to contoso
                contoso: certificate 'c1' added
                mabs> remove certificate C1 from contoso
                contoso: certificate 'c1' removed
                mabs> receive 5 messages on contoso
                contoso: 5 messages received (5 in the active batch)
                mabs> process batch on contoso
                contoso: the active batch of 5 messages processed (control number 1)
                mabs> process batch on contoso
                contoso: no message in the active batch; nothing processed
                mabs> process 3 messages on contoso
                contoso: 3 messages processed (control number 4)
                mabs> wait 1h
                clock: 2016-11-08 10:00:00 (+1h)
                mabs> schedule backups of contoso every 1d retain 7d keep one
                contoso: a backup every 1d, each kept 7d (the newest always); the next at 2016-11-09 10:00:00
                mabs> unschedule backups of contoso
                contoso: no more scheduled backups
                mabs> unschedule backups of contoso
                contoso had no scheduled backups
                mabs> hold names for 2h
                a deleted service's name is held for 2h
                1 passed, 0 failed

                """)
        }
    }

    @Test("a statement's warnings are grouped under one header, its line and caret shown once")
    func groupedWarnings() throws {
        try play("create contoso\nadd hybrid-connection h1 to contoso\nbackup contoso as nightly\nrestore nightly to contoso-dr\n") { result, _ in
            #expect(result.status == 0)
            #expect(result.stdout.hasSuffix("""
                mabs> restore nightly to contoso-dr
                restore contoso-dr: -> Suspended; from backup nightly
                warning: this statement gave 4 warnings:
                restore nightly to contoso-dr
                ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~
                  - hybrid connections are never backed up: recreate 'h1' on 'contoso-dr'
                  - 'contoso' still exists beside 'contoso-dr': make sure Visual Studio projects, PowerShell, the REST API and the TPM object model target the one you mean
                  - applications built with the BizTalk Services SDK may need the ACS credentials of 'contoso-dr'
                  - 'contoso-dr' has no scheduled backups; set them up

                """))
        }
    }

    @Test("inside a block at the prompt, checks and changes are not acknowledged one by one")
    func noAcknowledgementInBlocks() throws {
        try play("create contoso\nrepeat 3 { receive 1 messages on contoso; assert contoso is Active }\n") { result, _ in
            #expect(result.status == 0)
            #expect(!result.stdout.contains("received"))
            #expect(!result.stdout.contains("✔"))
        }
    }

    @Test("warnings() in a statement reads those of the statement before, as in mabs run")
    func warningsOfTheStatementBefore() throws {
        try play("create contoso; receive 3 messages on contoso\nbackup contoso as nightly\nassert len(warnings()) == 1\n") { result, _ in
            #expect(result.status == 0, "\(result.stdout)")
            #expect(result.stdout.hasSuffix("mabs> assert len(warnings()) == 1\n✔ len(warnings()) == 1\n1 passed, 0 failed\n"))
        }
    }

    @Test("a syntax or check error anywhere plays nothing and exits 2")
    func errorsPlayNothing() throws {
        try play("create contoso\nstrat contoso\n") { result, _ in
            #expect(result.status == 2)
            #expect(result.stdout == "")
            #expect(result.stderr == """
                demo.mabs:2:1: error: unknown statement 'strat' (did you mean 'start'?)
                strat contoso
                ^~~~~

                """)
        }
        try play("create contoso edition gold\n", ["--delay", "0", "--record", "demo.cast"]) { result, folder in
            #expect(result.status == 2)
            #expect(result.stdout == "")
            #expect(result.stderr.contains("'gold' is not an edition"))
            let left = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            #expect(left == ["demo.mabs"], "no recording, and no temporary file")
        }
    }

    @Test("--delay must be from 0 to an hour; a recording that cannot be made plays nothing")
    func usage() throws {
        // Written either way, as --seed -1 and the others are read.
        for delay in [["--delay=-1"], ["--delay", "-1"]] {
            try play("print 1\n", delay) { result, _ in
                #expect(result == .init(stdout: "", stderr: "mabs: --delay takes a number of milliseconds from 0 to 3600000, not -1\n", status: 2))
            }
        }
        try play("print 1\n", ["--delay", "0", "--record", "no-such-folder/demo.cast"]) { result, _ in
            #expect(result == .init(
                stdout: "", stderr: "mabs: cannot write 'no-such-folder/demo.cast': no such file or directory\n", status: 2))
        }
        let missing = try MabsProcess.run(["play", "--delay", "0", "no-such-file.mabs"])
        #expect(missing == .init(stdout: "", stderr: "mabs: cannot read 'no-such-file.mabs': no such file or directory\n", status: 2))
    }

    @Test("a script on standard input plays too, with prompts and summary")
    func standardInput() throws {
        let result = try MabsProcess.run(["play", "--delay", "0", "-"], input: "create contoso\nassert contoso is Active\n")
        #expect(result == .init(
            stdout: "mabs> create contoso\ncreate contoso: -> Active\nmabs> assert contoso is Active\n✔ contoso is Active\n1 passed, 0 failed\n",
            stderr: "", status: 0))
    }

    /// Each line of the file is one JSON value: the header object, then
    /// `[time, "o", text]` events.
    struct Cast {
        var header: [String: Any]
        var events: [(time: Double, code: String, text: String)]

        init(_ url: URL) throws {
            let text = try String(contentsOf: url, encoding: .utf8)
            #expect(text.hasSuffix("\n"), "every line ends")
            var lines = text.split(separator: "\n").map(String.init)
            let first = try JSONSerialization.jsonObject(with: Data(lines.removeFirst().utf8))
            header = try #require(first as? [String: Any], "the first line is an object")
            events = try lines.map { line in
                let value = try JSONSerialization.jsonObject(with: Data(line.utf8))
                let array = try #require(value as? [Any], "an event is an array: \(line)")
                try #require(array.count == 3, "an event has three elements: \(line)")
                let time = try #require((array[0] as? NSNumber)?.doubleValue, "a time: \(line)")
                return (time, try #require(array[1] as? String), try #require(array[2] as? String))
            }
        }

        var output: String { events.map(\.text).joined() }
    }

    @Test("--record writes what was shown as an asciicast v2 file")
    func record() throws {
        try play(Self.demo, ["--delay", "0", "--record", "demo.cast"],
                 environment: ["TERM": "xterm-256color", "SHELL": "/bin/sh", "COLUMNS": "100", "LINES": "30"]) { result, folder in
            #expect(result.status == 0, "\(result.stderr)")
            let cast = try Cast(folder.appendingPathComponent("demo.cast"))
            #expect(cast.header["version"] as? Int == 2)
            #expect(cast.header["width"] as? Int == 100, "standard output is no terminal: $COLUMNS")
            #expect(cast.header["height"] as? Int == 30)
            #expect(cast.header["timestamp"] == nil, "no wall clock: see recordingsRepeat")
            #expect(cast.header["title"] as? String == "demo.mabs")
            #expect(cast.header["env"] as? [String: String] == ["TERM": "xterm-256color", "SHELL": "/bin/sh"])
            #expect(!cast.events.isEmpty)
            #expect(cast.events.allSatisfy { $0.code == "o" })
            #expect(zip(cast.events, cast.events.dropFirst()).allSatisfy { $0.time <= $1.time }, "times never go back")
            #expect(cast.output.replacingOccurrences(of: "\r\n", with: "\n") == result.stdout, "the recording is what was shown")
            #expect(!cast.output.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "line ends are \\r\\n")
            #expect(!cast.output.contains("s3cret"), "secrets are typed masked")
            let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            #expect(left == ["demo.cast", "demo.mabs"], "no temporary file is left behind")
        }
    }

    @Test("the same play recorded twice, a second apart, gives the same file byte for byte")
    func recordingsRepeat() throws {
        try play(Self.demo, ["--delay", "0", "--record", "first.cast"]) { first, folder in
            #expect(first.status == 0, "\(first.stderr)")
            // Past the next whole second: a wall-clock timestamp in the
            // header would differ.
            Thread.sleep(forTimeInterval: 1.1)
            let second = try MabsProcess.run(["play", "--delay", "0", "--record", "second.cast", "demo.mabs"], in: folder)
            #expect(second.status == 0, "\(second.stderr)")
            let recorded = try ["first.cast", "second.cast"].map { try Data(contentsOf: folder.appendingPathComponent($0)) }
            #expect(!recorded[0].isEmpty)
            #expect(recorded[0] == recorded[1])
        }
    }

    @Test("recorded times are the pauses and typing delays asked for, not the wall clock")
    func recordedTimes() throws {
        // 40 ms before each entry, typing 2 ms a character (a twentieth).
        try play("print 1\nprint 22\n", ["--delay", "40", "--record", "demo.cast"]) { result, folder in
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout == "mabs> print 1\n1\nmabs> print 22\n22\n")
            let cast = try Cast(folder.appendingPathComponent("demo.cast"))
            let times = cast.events.map { Int(($0.time * 1000).rounded()) }
            // Prompt at 0; "print 1" and Enter, one character every 2 ms
            // after the pause; its output at once; then the second entry.
            let first: [Int] = [0] + (1...8).map { 40 + 2 * $0 } + [56]
            let second: [Int] = [56] + (1...9).map { 96 + 2 * $0 } + [114]
            #expect(times == first + second)
            func entry(_ statement: String, _ output: String) -> [String] {
                ["mabs> "] + statement.map { String($0) } + ["\r\n", output]
            }
            let texts: [String] = entry("print 1", "1\r\n") + entry("print 22", "22\r\n")
            #expect(cast.events.map(\.text) == texts)
        }
    }

    @Test("the teaching guide's sample is what mabs play shows")
    func readmeSample() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("docs/teaching.md"), encoding: .utf8)
        let section = try #require(readme.range(of: "## Playing a script for an audience"), "docs/teaching.md has the section")
        let blocks = readme[section.upperBound...].components(separatedBy: "```")
        // The sketch of commands, then the sample.
        let sample = String(blocks[3].drop { $0 == "\n" })
        let script = sample.split(separator: "\n")
            .compactMap { line in
                ["mabs> ", "...> "].first { line.hasPrefix($0) }.map { line.dropFirst($0.count) }
            }
            .joined(separator: "\n") + "\n"
        try play(script) { result, _ in
            #expect(result.stdout == sample)
            #expect(result.status == 0)
        }
    }

    @Test("on a terminal a failed run is red and a platform event blue, as the diagrams draw them; never with NO_COLOR")
    func transitionColours() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "create contoso\nfail next stop on contoso\nstop contoso\nrestart contoso\ndisable contoso\n"
            .write(to: folder.appendingPathComponent("demo.mabs"), atomically: true, encoding: .utf8)
        // script(1) gives mabs a terminal for standard output.
        func played(_ noColor: [String]) throws -> String {
            let command = "\(MabsProcess.executable.path) play --delay 0 demo.mabs"
            return try MabsProcess.run(noColor + ["TERM=xterm", "script", "-qec", command, "/dev/null"], in: folder,
                                       program: URL(fileURLWithPath: "/usr/bin/env")).stdout
        }
        let coloured = try played(["-u", "NO_COLOR"])
        #expect(coloured.contains("\u{1B}[31mstop contoso failed: Active -> StopFailed; injected failure\u{1B}[0m\r\n"))
        #expect(coloured.contains("\u{1B}[34mdisable contoso: Active -> Disabled\u{1B}[0m\r\n"))
        #expect(coloured.contains("\nrestart contoso: StopFailed -> Active\r\n"), "a user's successful operation is not coloured")
        let plain = try played(["NO_COLOR=1"])
        #expect(plain.contains("stop contoso failed: Active -> StopFailed"))
        #expect(!plain.contains("\u{1B}["))
    }

    @Test("the demo made for mabs play shows a refusal, why, and the way on, and plays to its end")
    func refusalDemo() throws {
        let played = try MabsProcess.run(["play", "--delay", "0", "Examples/play/refusal.mabs"], in: Self.root)
        #expect(played.stderr == "")
        #expect(played.status == 1, "the refusal is an error of the play")
        #expect(played.stdout.contains("""
            mabs> resume contoso
            error: Operation not allowed: cannot resume 'contoso' while it is Stopped; it is allowed in Suspended, SuspendedFailed, ResumeFailed
            resume contoso
            ^~~~~~~~~~~~~~
            note: the way there: start contoso; suspend contoso
            mabs> # The play goes on.
            """))
        #expect(played.stdout.contains("mabs> resume contoso\nresume contoso: Suspended -> Active\n"))
        #expect(played.stdout.contains("✔ as expected: Operation not allowed: cannot start 'contoso'"))
        #expect(played.stdout.hasSuffix("  AS2 MIC values  12\n  not in the backup:\n    hybrid connections: none\n"
            + "    messages in the active batch: none\n    the tracking database's records: never in a service backup\n"
            + "3 passed, 0 failed, 1 error\n"), "it played to its last statement")
        let ran = try MabsProcess.run(["run", "Examples/play/refusal.mabs"], in: Self.root)
        #expect(ran.stdout == "0 passed, 0 failed, 1 error, 3 not run\n", "mabs run stops at the refusal; --keep-going would not")
    }

    @Test("every example plays as it runs", arguments: try! FileManager.default
        .contentsOfDirectory(atPath: root.appendingPathComponent("Examples").path)
        .filter { $0.hasSuffix(".mabs") }.sorted())
    func example(_ name: String) throws {
        let ran = try MabsProcess.run(["run", "Examples/" + name], in: Self.root)
        let played = try MabsProcess.run(["play", "--delay", "0", "Examples/" + name], in: Self.root)
        #expect(played.status == ran.status, "\(played.stdout)")
        #expect(!played.stdout.contains("error:"), "\(played.stdout)")
        let summary = { (text: String) in text.split(separator: "\n").last.map(String.init) }
        #expect(summary(played.stdout) == summary(ran.stdout))
    }

    @Test("a tracking-database secret compared, or a connection string typed at create, is masked before its line is typed")
    func trackingDatabaseMasked() throws {
        let script = """
            create contoso
            update contoso set tracking-database = "Server=s;Password=hunter2"
            assert setting(contoso, tracking-database) == "Server=s;Password=hunter2"
            create fabrikam tracking-server "s;Password=hunter2" tracking-database "tracking"
            create fabrikam tracking-server "sql1" tracking-database "tracking"
            show fabrikam

            """
        try play(script, ["--delay", "0", "--record", "demo.cast"]) { result, folder in
            let cast = try String(contentsOf: folder.appendingPathComponent("demo.cast"), encoding: .utf8)
            for channel in [result.stdout, result.stderr, cast] {
                #expect(!channel.contains("hunter2"), "\(channel)")
            }
            #expect(result.stdout.contains("mabs> assert setting(contoso, tracking-database) == \"*************************\""))
            // The database's name at create is no secret: 'show' names it.
            #expect(result.stdout.contains("mabs> create fabrikam tracking-server \"sql1\" tracking-database \"tracking\"\n"))
            #expect(result.stdout.contains("database tracking on server sql1"))
        }
    }
}
