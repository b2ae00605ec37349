import Foundation
import MabsRunner
import Testing

@Suite("The mabs command line")
struct CommandLineTests {
    @Test("-e runs statements given on the command line")
    func inline() throws {
        let result = try MabsProcess.run(["-e", "create contoso; stop contoso", "-e", "print \"done\"; assert true"])
        #expect(result == .init(stdout: "done\n1 passed, 0 failed\n", stderr: "", status: 0))
    }

    @Test("a file runs without the word run, and '-' reads standard input")
    func files() throws {
        let script = "create contoso\nassert contoso is Active\n"
        let piped = try MabsProcess.run([], input: script)
        #expect(piped == .init(stdout: "1 passed, 0 failed\n", stderr: "", status: 0))
        #expect(try MabsProcess.run(["run", "-"], input: script) == piped, "piping into mabs is mabs run -")
        #expect(try MabsProcess.run(["-"], input: script) == piped)
    }

    @Test("Ctrl-C (SIGINT) in a batch run keeps what was printed, reports where it stopped, and prints the summary")
    func interrupt() throws {
        // Output is flushed after each top-level statement, so "before"
        // arrives while the endless loop runs; then interrupt it.
        let result = try MabsProcess.runInterrupted(
            ["--max-steps", "50000000", "-e", "create contoso; assert contoso is Active; print \"before\"; while true { restart contoso }"],
            after: "before\n")
        #expect(result.stdout == "before\n1 passed, 0 failed, 1 error\n", "the interrupt is an error, as in TAP and JUnit")
        #expect(result.stderr.hasPrefix("<command line>:1:59: error: interrupted\n"), "\(result.stderr)")
        #expect(result.status == 1)
    }

    @Test("several -e run in order in one workspace, each named by its position")
    func severalInOneWorkspace() throws {
        let result = try MabsProcess.run([
            "-e", "create contoso", "-e", "def recycle(s) { stop $s; start $s }",
            "-e", "recycle(contoso); assert contoso is Active", "-e", "resume contoso",
        ])
        #expect(result.stdout == "1 passed, 0 failed, 1 error\n")
        #expect(result.stderr.hasPrefix("<command line 4>:1:1: error: Operation not allowed: cannot resume 'contoso'"), "\(result.stderr)")
        #expect(result.status == 1)
    }

    @Test("--max-steps must allow a step, and --seed takes what chaos ... seed takes")
    func limits() throws {
        let steps = try MabsProcess.run(["--max-steps", "0", "-e", "print 1"])
        #expect(steps.status == 2)
        #expect(steps.stderr.hasPrefix("Error: --max-steps takes a number of statements from 1 up, not 0"))
        let seed = try MabsProcess.run(["--seed=-1", "-e", "print 1"])
        #expect(seed.status == 2)
        #expect(seed.stderr.hasPrefix("Error: --seed: a chaos seed is a whole number from 0 up, not -1"))
        let chaos = try MabsProcess.run(["-e", "let s = -1", "-e", "chaos 10 seed $s"])
        #expect(chaos.status == 1)
        #expect(chaos.stderr.contains("error: a chaos seed is a whole number from 0 up, not -1"))
        #expect(try MabsProcess.run(["--seed", "9223372036854775807", "-e", "chaos 50; print 1"]).stdout == "1\n")
    }

    @Test("--log-limit keeps the newest entries, and 'log' says how many were dropped")
    func logLimit() throws {
        let result = try MabsProcess.run(["--log-limit", "2", "-e", "create contoso; stop contoso; start contoso; log"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.first == "(1 older entry dropped: the log keeps the last 2; --log-limit sets how many)")
        #expect(lines.count == 4, "the note, a header and two entries")
        #expect(lines[2].contains("StopBizTalkService") && lines[3].contains("StartBizTalkService"))
        let refused = try MabsProcess.run(["--log-limit", "0", "-e", "list"])
        #expect(refused.status == 2)
        #expect(refused.stderr.hasPrefix("Error: --log-limit takes a number of entries from 1 up, not 0"))
    }

    @Test("output that cannot be written (a full disk) is an error, not a silent success")
    func fullDisk() throws {
        for arguments in [["table"], ["graph"], ["-e", "print 1"]] {
            let process = Process()
            process.executableURL = MabsProcess.executable
            process.arguments = arguments
            process.environment = ["PATH": "/usr/bin:/bin", "NO_COLOR": "1"]
            let errors = Pipe()
            process.standardOutput = FileHandle(forWritingAtPath: "/dev/full")
            process.standardError = errors
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 1, "\(arguments)")
            #expect(stderr == "mabs: cannot write the output: no space left on device\n", "\(arguments)")
        }
    }

    @Test("SIGTERM stops a batch run between steps, says where, keeps the saved workspace whole, and exits 143")
    func terminate() throws {
        let folder = try temporaryFolder("term")
        defer { try? FileManager.default.removeItem(at: folder) }
        let workspace = folder.appendingPathComponent("w.mabsw").path
        let result = try MabsProcess.runInterrupted(
            ["--workspace", workspace, "--max-steps", "50000000",
             "-e", "create contoso; assert contoso is Active; print \"before\"; while true { restart contoso }"],
            after: "before\n", signal: SIGTERM)
        #expect(result.stdout == "before\n1 passed, 0 failed, 1 error\n")
        #expect(result.stderr.hasPrefix("<command line>:1:59: error: terminated (SIGTERM)\n"), "\(result.stderr)")
        #expect(result.status == 143)
        // The statements before the one stopped were each saved whole.
        let reopened = try MabsProcess.run(["--workspace", workspace, "-e", "assert contoso is Active"])
        #expect(reopened == .init(stdout: "1 passed, 0 failed\n", stderr: "", status: 0))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["w.mabsw"], "no temporary file is left")
    }

    @Test("output piped into a reader that stops early (head) ends mabs quietly, with 141, its files whole")
    func readerGoesAway() throws {
        let folder = try temporaryFolder("pipe")
        defer { try? FileManager.default.removeItem(at: folder) }
        // More output than the pipe holds, so mabs is still writing when
        // the reader goes.
        let script = folder.appendingPathComponent("prints.mabs").path
        try String(repeating: "print 1\n", count: 100_000).write(toFile: script, atomically: true, encoding: .utf8)
        let errors = folder.appendingPathComponent("stderr").path
        let junit = folder.appendingPathComponent("report.xml").path
        let workspace = folder.appendingPathComponent("w.mabsw").path
        for arguments in [[script], ["--workspace", workspace, "--junit", junit, "-e", "create contoso", "-e", "repeat 1000000 { print 1 }"],
                          ["-e", "while true { print 1 }"], ["table"]] {
            let mabs = try SpawnedMabs(arguments, standardOutput: .pipe, standardError: errors)
            let first = mabs.read(until: "\n")
            mabs.closeOutput()
            let status = mabs.wait()
            #expect(first.hasPrefix(arguments == ["table"] ? "| state" : "1\n"), "\(arguments)")
            #expect(try String(contentsOfFile: errors, encoding: .utf8) == "", "no 'Broken pipe', no backtrace: \(arguments)")
            // `table` may have written all it had before the reader left.
            #expect(status == 141 || (arguments == ["table"] && status == 0), "\(arguments): \(status)")
        }
        let report = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(report.hasPrefix("<?xml") && report.contains("stopped: standard output could not be written"))
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(left == ["prints.mabs", "report.xml", "stderr", "w.mabsw"], "no temporary file is left")
        #expect(try MabsProcess.run(["--workspace", workspace, "-e", "assert contoso is Active"]).status == 0)
    }

    @Test("a closed standard output is an error with status 1, and no file the run writes takes its place")
    func closedOutput() throws {
        let folder = try temporaryFolder("closed")
        defer { try? FileManager.default.removeItem(at: folder) }
        let errors = folder.appendingPathComponent("stderr").path
        let junit = folder.appendingPathComponent("report.xml").path
        for arguments in [["-e", "list"], ["table"], ["--junit", junit, "-e", "print \"hel\" + \"lo\"; assert true"]] {
            let mabs = try SpawnedMabs(arguments, standardOutput: .closed, standardError: errors)
            #expect(mabs.wait() == 1, "\(arguments)")
            #expect(try String(contentsOfFile: errors, encoding: .utf8) == "mabs: cannot write the output: bad file descriptor\n")
        }
        // The report opened where standard output was: what the script
        // printed must not land in it.
        let report = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(report.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"), "\(report)")
        #expect(!report.contains("hello"))
        #expect(report.hasSuffix("</testsuites>\n"))
    }

    @Test("usage errors exit 2 with a message")
    func usage() throws {
        let result = try MabsProcess.run(["run", "--no-such-flag"])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("Error: Unknown option '--no-such-flag'"))
        #expect(result.stdout.isEmpty)
    }

    @Test("an unreadable file exits 2 and runs nothing")
    func unreadable() throws {
        let result = try MabsProcess.run(["-e", "print \"ran\"", "no-such-file.mabs"])
        #expect(result == .init(stdout: "", stderr: "mabs: cannot read 'no-such-file.mabs': no such file or directory\n", status: 2))
    }

    @Test("a syntax error in any script runs none of them")
    func syntaxErrorRunsNothing() throws {
        let result = try MabsProcess.run(["-e", "print \"ran\"", "-e", "strat contoso"])
        #expect(result.stdout.isEmpty)
        #expect(result.status == 2)
        #expect(result.stderr == """
            <command line 2>:1:1: error: unknown statement 'strat' (did you mean 'start'?)
            strat contoso
            ^~~~~

            """)
    }

    @Test("check runs nothing and exits 0 or 2")
    func check() throws {
        let good = try MabsProcess.run(["check", "-"], input: "create contoso\nprint \"ran\"\n")
        #expect(good == .init(stdout: "", stderr: "", status: 0))
        let bad = try MabsProcess.run(["check", "-"], input: "create contoso edition gold\n")
        #expect(bad.status == 2 && bad.stderr.contains("'gold' is not an edition"))
    }

    @Test("--help describes the commands and the exit statuses")
    func help() throws {
        let result = try MabsProcess.run(["--help"])
        #expect(result.status == 0)
        // Every status, in the words the manual page gives (wrapped to the
        // terminal's width).
        let text = result.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        #expect(text.contains("Exit status: 0, every check passed"))
        for status in BatchRunner.ExitStatus.allCases {
            #expect(text.contains("\(status.rawValue), \(status.meaning)"), "\(status)")
        }
        for command in ["run", "check", "table"] { #expect(result.stdout.contains(command)) }
    }
}
