import Foundation
import Testing

/// No user's file is overwritten or lost: the files a run reads and writes
/// are told apart as files (through links, hard links and `./`), links are
/// followed to where they point, only regular files are read (never
/// waiting on a pipe), a file is read once, names need not be UTF-8, and
/// options take what the statements take.
@Suite("Files a run reads and writes")
struct FileTrustTests {
    /// A fresh folder holding `files` (name and text).
    func folder(_ files: [String: String] = [:]) throws -> URL {
        let folder = try temporaryFolder("files")
        for (name, text) in files {
            try text.write(to: folder.appendingPathComponent(name), atomically: false, encoding: .utf8)
        }
        return folder
    }

    func text(_ folder: URL, _ name: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    }

    // MARK: Never one file for two purposes

    @Test("a recording, a report or a workspace that is a script to run is refused before anything runs, however it is named")
    func outputsAreNotScripts() throws {
        let script = "print \"ran\"\n"
        let folder = try folder(["demo.mabs": script])
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("link.mabs").path, withDestinationPath: "demo.mabs")
        try FileManager.default.linkItem(at: folder.appendingPathComponent("demo.mabs"), to: folder.appendingPathComponent("hard.mabs"))
        for (arguments, option, name) in [
            (["play", "--delay", "0", "--record", "demo.mabs", "demo.mabs"], "--record", "demo.mabs"),
            (["play", "--delay", "0", "--record", "link.mabs", "demo.mabs"], "--record", "demo.mabs"),
            (["--junit", "./demo.mabs", "demo.mabs"], "--junit", "demo.mabs"),
            (["--junit", "hard.mabs", "demo.mabs"], "--junit", "demo.mabs"),
            (["--workspace", "hard.mabs", "demo.mabs"], "--workspace", "demo.mabs"),
            (["play", "--delay", "0", "--workspace", "link.mabs", "demo.mabs"], "--workspace", "demo.mabs"),
        ] {
            let result = try MabsProcess.run(arguments, in: folder)
            #expect(result == .init(
                stdout: "", stderr: "mabs: cannot read '\(name)': \(option) would write over it; name another file for \(option)\n",
                status: 2), "\(arguments)")
            #expect(try text(folder, "demo.mabs") == script, "\(arguments): the script is as it was")
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(left == ["demo.mabs", "hard.mabs", "link.mabs"], "no recording, report or temporary file")
    }

    @Test("two options never write one file")
    func outputsAreDistinct() throws {
        let folder = try folder(["demo.mabs": "print 1\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let junit = try MabsProcess.run(["--junit", "out", "--workspace", "./out", "demo.mabs"], in: folder)
        #expect(junit == .init(
            stdout: "", stderr: "mabs: cannot use workspace './out': --junit writes it too; give --workspace a file of its own\n", status: 2))
        let play = try MabsProcess.run(["play", "--delay", "0", "--record", "out", "--workspace", "out", "demo.mabs"], in: folder)
        #expect(play == .init(
            stdout: "", stderr: "mabs: cannot use workspace 'out': --record writes it too; give --workspace a file of its own\n", status: 2))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))

        // Standard output redirected to a file is a file the run writes:
        // replaced, or read as a script, what the run prints would be lost.
        let redirected = try shell("""
            printf 'assert true\\nsave "out.txt"\\n' > a.mabs
            "$MABS" --junit out.txt a.mabs > out.txt; echo "status $?" >&2
            "$MABS" a.mabs > out.txt; echo "status $?" >&2; cat out.txt >&2
            "$MABS" a.mabs >> a.mabs; echo "status $?" >&2
            """, in: folder)
        #expect(redirected.stderr == """
            mabs: cannot write 'out.txt': standard output writes it too; give --junit a file of its own
            status 2
            a.mabs:2:1: error: cannot use workspace 'out.txt': it is the file standard output writes; save the workspace to another file
            save "out.txt"
            ^~~~~~~~~~~~~~
            status 1
            1 passed, 0 failed, 1 error
            mabs: cannot read 'a.mabs': standard output goes to it; send standard output elsewhere
            status 2

            """)
        #expect(try text(folder, "a.mabs") == "assert true\nsave \"out.txt\"\n")
    }

    @Test("a script on standard input from a file is a script being run: no report, recording, workspace or save replaces it")
    func standardInputFileIsAScript() throws {
        let script = "assert true\nsave \"a.mabs\"\n"
        let folder = try folder(["a.mabs": script])
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try shell("""
            "$MABS" - < a.mabs; echo "status $?" >&2
            "$MABS" --junit a.mabs - < a.mabs; echo "status $?" >&2
            "$MABS" --junit ./a.mabs < a.mabs; echo "status $?" >&2
            "$MABS" --workspace a.mabs < a.mabs; echo "status $?" >&2
            "$MABS" play --delay 0 --record a.mabs - < a.mabs; echo "status $?" >&2
            """, in: folder)
        #expect(result.stderr == """
            <stdin>:2:1: error: cannot use workspace 'a.mabs': it is a script being run; save the workspace to another file
            save "a.mabs"
            ^~~~~~~~~~~~~
            status 1
            mabs: cannot read '<stdin>': --junit would write over it; name another file for --junit
            status 2
            mabs: cannot read '<stdin>': --junit would write over it; name another file for --junit
            status 2
            mabs: cannot read '<stdin>': --workspace would write over it; name another file for --workspace
            status 2
            mabs: cannot read '<stdin>': --record would write over it; name another file for --record
            status 2

            """)
        #expect(result.stdout == "1 passed, 0 failed, 1 error\n")
        #expect(try text(folder, "a.mabs") == script)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["a.mabs"], "no report or temporary file")
    }

    @Test("a report over a file the script loads is refused at the load, before anything runs")
    func outputsAreNotLoadedScripts() throws {
        let common = "def greet() { print \"hello\" }\n"
        let folder = try folder(["common.mabs": common, "lesson.mabs": "print \"ran\"\nload \"common.mabs\"\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try MabsProcess.run(["--junit", "common.mabs", "lesson.mabs"], in: folder)
        #expect(result.status == 2)
        #expect(result.stdout == "", "nothing ran")
        #expect(result.stderr.hasPrefix(
            "lesson.mabs:2:1: error: cannot load 'common.mabs': --junit would write over it; name another file for --junit\n"), "\(result.stderr)")
        #expect(try text(folder, "common.mabs") == common)

        // Loaded by a computed path, it is found only as the load runs:
        // refused then, and the report is not written over it.
        try "let name = \"common\"\nexpect error { load \"${name}.mabs\" }\n".write(
            to: folder.appendingPathComponent("computed.mabs"), atomically: false, encoding: .utf8)
        for (arguments, option) in [(["--junit", "common.mabs"], "--junit"), (["play", "--delay", "0", "--record", "common.mabs"], "--record")] {
            let computed = try MabsProcess.run(arguments + ["computed.mabs"], in: folder)
            #expect(computed.status != 0)
            #expect(computed.stderr == "mabs: cannot write 'common.mabs': a script this run loads is that file; name another file for \(option)\n")
            #expect(try text(folder, "common.mabs") == common)
        }
    }

    @Test("save never replaces a script being run, a loaded one, the --workspace file or the report")
    func saveRefusesFilesInUse() throws {
        let lesson = "create contoso\nsave \"lesson.mabs\"\nprint \"after\"\n"
        let common = "let x = 1\n"
        let folder = try folder(["lesson.mabs": lesson, "common.mabs": common, "loader.mabs": "load \"common.mabs\"\nsave \"./common.mabs\"\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let ownScript = try MabsProcess.run(["lesson.mabs"], in: folder)
        #expect(ownScript.status == 1)
        #expect(ownScript.stdout == "", "the script stopped at the save")
        #expect(ownScript.stderr.hasPrefix(
            "lesson.mabs:2:1: error: cannot use workspace 'lesson.mabs': it is a script being run; save the workspace to another file\n"))
        #expect(try text(folder, "lesson.mabs") == lesson)

        let loaded = try MabsProcess.run(["loader.mabs"], in: folder)
        #expect(loaded.status == 1)
        #expect(loaded.stderr.hasPrefix("loader.mabs:2:1: error: cannot use workspace './common.mabs': it is a script being run"))
        #expect(try text(folder, "common.mabs") == common)

        let workspace = folder.appendingPathComponent("w.json").path
        let own = try MabsProcess.run(["--workspace", workspace, "-e", "create contoso", "-e", "save \"\(workspace)\""], in: folder)
        #expect(own.status == 1)
        #expect(own.stderr.hasPrefix("<command line 2>:1:1: error: cannot use workspace '\(workspace)': it is the file --workspace writes; save the workspace to another file\n"))
        let reopened = try MabsProcess.run(["--workspace", workspace, "-e", "assert contoso is Active"], in: folder)
        #expect(reopened.status == 0, "the --workspace file still holds the run's work: \(reopened.stderr)")

        let report = try MabsProcess.run(["--junit", "r.xml", "-e", "save \"r.xml\""], in: folder)
        #expect(report.status == 1)
        #expect(report.stderr.hasPrefix("<command line>:1:1: error: cannot use workspace 'r.xml': it is the file --junit writes; save the workspace to another file\n"))
        #expect(try text(folder, "r.xml").contains("<testsuites"), "the report is a report")
    }

    // MARK: One workspace, several inputs

    @Test("with --workspace, the inputs run in order over the one workspace: none of their work is lost")
    func workspaceSharedByInputs() throws {
        let folder = try folder([
            "a.mabs": "create contoso\ndef twice(n) { return $n * 2 }\n",
            "b.mabs": "assert contoso is Active\ncreate fabrikam\nprint twice(21)\n",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let first = try MabsProcess.run(["--workspace", "w.json", "-e", "let n = 1", "a.mabs", "b.mabs"], in: folder)
        #expect(first == .init(stdout: "42\n1 passed, 0 failed\n", stderr: "", status: 0))
        let after = try MabsProcess.run(["--workspace", "w.json", "-e", "assert contoso is Active and fabrikam is Active and $n == 1"], in: folder)
        #expect(after == .init(stdout: "1 passed, 0 failed\n", stderr: "", status: 0), "every input's work is in the file")
    }

    // MARK: Links

    @Test("a --workspace, a report or a recording through a link that points nowhere yet is made where it points; the link stays")
    func danglingLinks() throws {
        let folder = try folder(["demo.mabs": "print 1\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("saved"), withIntermediateDirectories: false)
        for (link, target) in [("w.json", "saved/w.json"), ("r.xml", "saved/r.xml"), ("demo.cast", "saved/demo.cast")] {
            try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent(link).path, withDestinationPath: target)
        }
        #expect(try MabsProcess.run(["--workspace", "w.json", "--junit", "r.xml", "-e", "create contoso; assert true"], in: folder).status == 0)
        #expect(try MabsProcess.run(["play", "--delay", "0", "--record", "demo.cast", "demo.mabs"], in: folder).status == 0)
        for (link, target) in [("w.json", "saved/w.json"), ("r.xml", "saved/r.xml"), ("demo.cast", "saved/demo.cast")] {
            #expect(try FileManager.default.destinationOfSymbolicLink(atPath: folder.appendingPathComponent(link).path) == target)
        }
        #expect(try text(folder, "saved/w.json").contains("\"format\":\"mabs-workspace\""))
        #expect(try text(folder, "saved/r.xml").contains("<testsuites"))
        #expect(try text(folder, "saved/demo.cast").hasPrefix("{\"version\": 2"))
        let again = try MabsProcess.run(["--workspace", "w.json", "-e", "assert contoso is Active"], in: folder)
        #expect(again.status == 0, "opened through the link: \(again.stderr)")
    }

    @Test("links that loop are refused with a clear error and left as they are")
    func linkLoops() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("a").path, withDestinationPath: "b")
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("b").path, withDestinationPath: "a")
        let loop = "its symbolic links loop (a link leads back to itself); point the link at a file"
        let workspace = try MabsProcess.run(["--workspace", "a", "-e", "print 1"], in: folder)
        #expect(workspace == .init(stdout: "", stderr: "mabs: cannot use workspace 'a': \(loop)\n", status: 2))
        let junit = try MabsProcess.run(["--junit", "a", "-e", "print 1"], in: folder)
        #expect(junit == .init(stdout: "", stderr: "mabs: cannot write 'a': \(loop)\n", status: 2))
        let script = try MabsProcess.run(["a"], in: folder)
        #expect(script == .init(stdout: "", stderr: "mabs: cannot read 'a': \(loop)\n", status: 2))
        for statement in ["save \"a\"", "open \"a\""] {
            let result = try MabsProcess.run(["-e", statement], in: folder)
            #expect(result.status == 1)
            #expect(result.stderr.hasPrefix("<command line>:1:1: error: cannot use workspace 'a': \(loop)\n"), "\(result.stderr)")
        }
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: folder.appendingPathComponent("a").path) == "b")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: folder.appendingPathComponent("b").path) == "a")
    }

    // MARK: Regular files, never waiting

    @Test("a pipe named as a script, a loaded file or a workspace is refused at once, as a directory is; /dev/stdin is not read twice")
    func pipesAreRefused() throws {
        let folder = try folder(["lesson.mabs": "print \"ran\"\nload \"fifo\"\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(mkfifo(folder.appendingPathComponent("fifo").path, 0o600) == 0)
        let refusal = "it is not a regular file (a device, a pipe or a socket); name a file"
        // No writer ever comes: a blocking open would wait for ever.
        let loaded = try runGuarded(["lesson.mabs"], in: folder)
        #expect(loaded?.status == 2)
        #expect(loaded?.stdout == "")
        #expect(loaded?.stderr.hasPrefix("lesson.mabs:2:1: error: cannot load 'fifo': \(refusal)\n") == true, "\(loaded?.stderr ?? "hung")")
        let script = try runGuarded(["fifo"], in: folder)
        #expect(script == .init(stdout: "", stderr: "mabs: cannot read 'fifo': \(refusal)\n", status: 2))
        let opened = try runGuarded(["-e", "open \"fifo\""], in: folder)
        #expect(opened?.status == 1)
        #expect(opened?.stderr.contains("cannot use workspace 'fifo': \(refusal)") == true)
        let directory = try runGuarded(["-e", "load \"/\""], in: folder)
        #expect(directory?.stderr.hasPrefix("<command line>:1:1: error: cannot load '/': it is a directory\n") == true)
        // A device and a socket, too.
        let socketPath = folder.appendingPathComponent("sock").path
        let listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: socketPath.utf8.prefix($0.count - 1)) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(bound == 0)
        for path in ["/dev/null", "sock"] {
            let other = try runGuarded(["-e", "load \"\(path)\""], in: folder)
            #expect(other?.stderr.hasPrefix("<command line>:1:1: error: cannot load '\(path)': \(refusal)\n") == true, "\(other?.stderr ?? "hung")")
        }

        // Piped standard input used to be read at the check, then again
        // (empty) when the load ran: nothing ran, and the status was 0.
        let standardInput = try runGuarded(["-e", "load \"/dev/stdin\""], input: "print \"piped\"\n", in: folder)
        #expect(standardInput?.status == 2)
        #expect(standardInput?.stderr.hasPrefix("<command line>:1:1: error: cannot load '/dev/stdin': \(refusal)\n") == true)
        var status = stat()
        #expect(stat(folder.appendingPathComponent("fifo").path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFIFO)
    }

    // MARK: Names that are not UTF-8

    @Test("files whose names are not UTF-8 are opened by their own bytes: scripts, load, save, open, --workspace, --junit, --record")
    func namesThatAreNotUTF8() throws {
        let folder = try folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Foundation passes arguments as UTF-8, so the shell makes the
        // names: $d is "dir" and the byte 0xFF.
        let result = try shell("""
            d=$(printf 'dir\\377')
            mkdir "$d"
            printf 'print "loaded"\\n' > "$d/common.mabs"
            printf 'load "common.mabs"\\ncreate contoso\\nsave "saved.json"\\nassert true\\n' > "$d/lesson.mabs"
            "$MABS" --workspace "$d/w.json" --junit "$d/r.xml" "$d/lesson.mabs" || exit 10
            for f in saved.json w.json r.xml; do test -f "$d/$f" || exit 11; done
            "$MABS" --workspace "$d/w.json" -e 'assert contoso is Active' || exit 12
            (cd "$d" && "$MABS" -e 'open "saved.json"; assert contoso is Active') || exit 13
            "$MABS" play --delay 0 --record "$d/rec.cast" "$d/common.mabs" >/dev/null || exit 14
            test -f "$d/rec.cast" || exit 15
            "$MABS" "$d/missing.mabs"; status=$?
            rm -rf "$d"; exit $status
            """, in: folder)
        #expect(result == .init(
            stdout: "loaded\n1 passed, 0 failed\n1 passed, 0 failed\n1 passed, 0 failed\n",
            stderr: "mabs: cannot read 'dir\\xFF/missing.mabs': no such file or directory\n", status: 2),
                "the byte is shown as \\xFF, never replaced")
    }

    // MARK: Options take what statements take

    @Test("an option takes what its statement takes, and refuses the rest in the statement's words, before anything runs")
    func optionsAsStatements() throws {
        let usage = "\nUsage: mabs run [<options>] [<file> ...]\n  See 'mabs run --help' for more information.\n"
        for (arguments, message) in [
            (["--seed", "-1"], "--seed: a chaos seed is a whole number from 0 up, not -1"),
            (["--seed", "many"], "--seed: 'seed' needs a number, found \"many\""),
            (["--name-hold", ""], "--name-hold: 'hold names for' needs a duration such as 90s, 30m, 2h or 1d, found \"\""),
            (["--name-hold", "0"], "--name-hold: 'hold names for' needs a duration such as 90s, 30m, 2h or 1d, found 0"),
            (["--name-hold", "-5m"], "--name-hold: a name cannot be held for -5m; hold names for 0s or longer"),
        ] {
            let result = try MabsProcess.run(arguments + ["-e", "print 1"])
            #expect(result == .init(stdout: "", stderr: "Error: \(message)" + usage, status: 2), "\(arguments)")
        }
        let statement = try MabsProcess.run(["-e", "hold names for 0"])
        #expect(statement.stderr.hasPrefix("<command line>:1:16: error: 'hold names for' needs a duration such as 90s, 30m, 2h or 1d, found 0\n"))
        // What the statements take, the options take.
        let held = try MabsProcess.run(["--name-hold", "0s", "--seed", "0", "-e", "create contoso; delete contoso; create contoso; print 1"])
        #expect(held == .init(stdout: "1\n", stderr: "", status: 0))
    }

    @Test("a --workspace that cannot be used is a usage error: status 2, nothing run, no script position")
    func workspaceOptionErrors() throws {
        let folder = try folder(["notes.txt": "notes\n", "demo.mabs": "print \"ran\"\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        for (path, reason) in [
            ("", "the file name is empty; name a file"),
            ("notes.txt", "it is not a mabs workspace (it was left as it is)"),
            (".", "it is a directory"),
        ] {
            for arguments in [["-e", "print \"ran\""], ["demo.mabs"], ["play", "--delay", "0", "demo.mabs"]] {
                let options = arguments.first == "play" ? ["play", "--workspace", path] + arguments.dropFirst() : ["--workspace", path] + arguments
                let result = try MabsProcess.run(options, in: folder)
                #expect(result == .init(stdout: "", stderr: "mabs: cannot use workspace '\(path)': \(reason)\n", status: 2), "\(options)")
            }
        }
        #expect(try text(folder, "notes.txt") == "notes\n")
    }

    // MARK: Helpers

    /// Runs mabs as `MabsProcess.run` does, but ends it if it has not
    /// ended after a minute (a hang guard, not a timing assertion): then
    /// the result is nil.
    func runGuarded(_ arguments: [String], input: String = "", in directory: URL) throws -> MabsProcess.Result? {
        let process = Process()
        process.executableURL = MabsProcess.executable
        process.arguments = arguments
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "NO_COLOR": "1"]
        process.currentDirectoryURL = directory
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        let ended = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in ended.signal() }
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        guard ended.wait(timeout: .now() + 60) == .success else {
            process.terminate()
            kill(process.processIdentifier, SIGKILL)
            return nil
        }
        return MabsProcess.Result(
            stdout: String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self),
            stderr: String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self),
            status: process.terminationStatus
        )
    }

    /// Runs `script` with `/bin/sh` in `directory`, `$MABS` naming the
    /// built mabs.
    func shell(_ script: String, in directory: URL) throws -> MabsProcess.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "NO_COLOR": "1", "MABS": MabsProcess.executable.path]
        process.currentDirectoryURL = directory
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        let err = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return MabsProcess.Result(
            stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self), status: process.terminationStatus)
    }
}
