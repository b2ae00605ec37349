// Hostile input, through the real binary: every limit answers with a clear
// error naming it (and exit status 2 for a script that cannot start), or,
// where nothing needs limiting, simply works. None of them may trap, hang
// or read without bound. docs/reliability.md lists these.
import Foundation
import Testing

@Suite("Limits")
struct LimitsTests {
    /// A script file in a fresh temporary folder.
    private func script(_ bytes: some Sequence<UInt8>, named name: String = "hostile.mabs") throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mabs-limits-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    private func run(_ text: String) throws -> MabsProcess.Result {
        let url = try script(Array(text.utf8))
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        return try MabsProcess.run([url.lastPathComponent], in: url.deletingLastPathComponent())
    }

    @Test("100,000 nested blocks or parentheses stop at the nesting limit, with the place")
    func deepNesting() throws {
        for (text, column) in [(String(repeating: "if true { ", count: 100_000), 2004), ("print " + String(repeating: "(", count: 100_000), 207)] {
            let result = try run(text)
            #expect(result.status == 2)
            #expect(result.stderr.hasPrefix("hostile.mabs:1:\(column): error: blocks and expressions are nested too deeply (the limit is 200)\n"), "\(result.stderr.prefix(300))")
            #expect(result.stderr.utf8.count < 2_000, "the 100,000-character line is shown as a window")
        }
    }

    @Test("a flat chain of 100,000 terms nests nothing and runs")
    func longChain() throws {
        let result = try run("print " + String(repeating: "2 + ", count: 99_999) + "2")
        #expect(result == .init(stdout: "200000\n", stderr: "", status: 0))
    }

    @Test("endless recursion stops at the call depth limit, with the call site")
    func deepRecursion() throws {
        let result = try run("def down(n) { return down($n + 1) }\nprint down(1)\n")
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("""
            hostile.mabs:1:22: error: procedure calls are nested too deeply (the limit is 200); is a procedure calling itself without end?
            """), "\(result.stderr)")
        #expect(result.stderr.contains("note: 198 more calls not shown"))
    }

    @Test("recursion through nested blocks reaches the call limit, not the end of the stack")
    func deepRecursionThroughBlocks() throws {
        let body = String(repeating: "if true { ", count: 150) + "f()" + String(repeating: " }", count: 150)
        let result = try run("def f() { \(body) }\nf()\n")
        #expect(result.status == 1, "\(result.stderr.prefix(300))")
        #expect(result.stderr.contains("error: procedure calls are nested too deeply (the limit is 200)"))
    }

    @Test("files loading files by computed paths stop at 64, with the place")
    func deepLoads() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mabs-limits-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for index in 0..<100 {
            try "let p = \"d\(index + 1).mabs\"; load $p\n".write(to: folder.appendingPathComponent("d\(index).mabs"), atomically: true, encoding: .utf8)
            try "load \"c\(index + 1).mabs\"\n".write(to: folder.appendingPathComponent("c\(index).mabs"), atomically: true, encoding: .utf8)
        }
        let computed = try MabsProcess.run(["d0.mabs"], in: folder)
        #expect(computed.status == 1)
        #expect(computed.stderr.hasPrefix("d63.mabs:1:21: error: files load each other too deeply (the limit is 64 files, one loading the next); load them one after another instead\n"), "\(computed.stderr)")
        let literal = try MabsProcess.run(["c0.mabs"], in: folder)
        #expect(literal.status == 2, "found before anything runs")
        #expect(literal.stderr.hasPrefix("c63.mabs:1:1: error: files load each other too deeply"), "\(literal.stderr)")
    }

    @Test("Ctrl-C stops a short script in a long wait between its scheduled backups")
    func interruptedWait() throws {
        let url = try script(Array("""
            create abcdef
            repeat 5000 { backup abcdef }
            schedule backups of abcdef every 1s retain 100000d
            print "waiting"
            wait 1000s
            print "done"

            """.utf8))
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let result = try MabsProcess.runInterrupted([url.path], after: "waiting")
        #expect(!result.stdout.contains("done"))
        #expect(result.stderr.contains("error: interrupted"), "\(result.stderr)")
    }

    @Test("one wait runs at most 1,000 scheduled backups: a longer one says how many it would run, and nothing moves")
    func scheduledBackupsPerWait() throws {
        let result = try run("""
            create abcdef
            schedule backups of abcdef every 1s retain 1d
            wait 1000s
            print len(backups(abcdef))
            expect error { wait 1001s }
            print "${now()} ${len(backups(abcdef))}"
            wait 1001s

            """)
        #expect(result.status == 1)
        #expect(result.stdout == "1000\n2016-11-08 09:16:40 1000\n1 passed, 0 failed, 1 error\n")
        #expect(result.stderr.hasPrefix(
            "hostile.mabs:7:1: error: waiting 16m41s would run 1001 scheduled backups; at most 1000 run in one wait: wait in shorter steps\n"),
            "\(result.stderr)")
    }

    @Test("an error in a 10 MB line shows a window around the caret, not the line", .tags(.heavy), .heavy)
    func tenMegabyteLine() throws {
        let line = "create contoso; " + String(repeating: "print 1; ", count: 1_200_000) + "strat contoso"
        let result = try MabsProcess.run(["-"], input: line + "\n")
        #expect(result.status == 2)
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "<stdin>:1:10800017: error: unknown statement 'strat' (did you mean 'start'?)")
        #expect(lines.count == 4, "a message, a source line, a caret line")
        #expect(lines[1].count <= 200 && lines[1].hasPrefix("…") && lines[1].hasSuffix("strat contoso"))
        #expect(lines[2].count == lines[1].firstRange(of: "strat")!.lowerBound.utf16Offset(in: lines[1]) + 5)
    }

    @Test("invalid UTF-8 and NUL bytes are errors with their byte offset")
    func hostileBytes() throws {
        let url = try script(Array("list\nprint \"a".utf8) + [0xFF] + Array("b\"\nprint 1".utf8) + [0] + [0x0A])
        defer { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }
        let result = try MabsProcess.run([url.lastPathComponent], in: url.deletingLastPathComponent())
        #expect(result.status == 2)
        #expect(result.stdout == "", "nothing runs")
        #expect(result.stderr.contains("hostile.mabs:2:9: error: invalid UTF-8 byte 0xFF at byte offset 13; save the script as UTF-8\n"), "\(result.stderr)")
        #expect(result.stderr.contains("hostile.mabs:3:8: error: unexpected NUL byte at byte offset 24; scripts are text\n"), "\(result.stderr)")
    }

    @Test("a string left open at the end of the file is an error at its opening quote")
    func unterminatedString() throws {
        let result = try run("list\nprint \"abc")
        #expect(result == .init(stdout: "", stderr: "hostile.mabs:2:7: error: unterminated string\nprint \"abc\n      ^\n", status: 2))
    }

    @Test("a script over 128 MiB, and endless input, are refused at the limit; 128 MiB itself is read", .tags(.heavy), .heavy)
    func sizeLimit() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mabs-limits-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // Sparse files: sizes on disk cost nothing.
        for (name, size) in [("over.mabs", 128 << 20 + 1), ("limit.mabs", 128 << 20)] {
            let url = folder.appendingPathComponent(name)
            #expect(FileManager.default.createFile(atPath: url.path, contents: nil))
            let handle = try FileHandle(forWritingTo: url)
            try handle.truncate(atOffset: UInt64(size))
            try handle.close()
        }
        let over = try MabsProcess.run(["over.mabs"], in: folder)
        #expect(over == .init(stdout: "", stderr: "mabs: cannot read 'over.mabs': it is larger than 128 MiB, the most mabs reads\n", status: 2))
        // Exactly at the limit the file is read, and its first NUL byte is the error.
        let atLimit = try MabsProcess.run(["limit.mabs"], in: folder)
        #expect(atLimit.status == 2)
        #expect(atLimit.stderr.hasPrefix("limit.mabs:1:1: error: unexpected NUL byte at byte offset 0; scripts are text\n"))
        #expect(atLimit.stderr.contains("limit.mabs:1:"), "every error is on the one line")
        #expect(atLimit.stderr.contains(": note: too many errors; stopping here\n"))
        #expect(atLimit.stderr.utf8.count < 10_000, "a 128 MiB line is shown as windows")

        // Endless standard input stops at the limit; a named device is no
        // file at all (see FileTrustTests).
        let endless = Process()
        endless.executableURL = URL(fileURLWithPath: "/bin/sh")
        endless.arguments = ["-c", "exec \"$0\" - < /dev/zero", MabsProcess.executable.path]
        let errors = Pipe()
        endless.standardError = errors
        endless.standardOutput = FileHandle.nullDevice
        try endless.run()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        endless.waitUntilExit()
        #expect(endless.terminationStatus == 2)
        #expect(message == "mabs: cannot read '<stdin>': it is larger than 128 MiB, the most mabs reads\n")
    }

    @Test("doubling a string or a list in a loop stops at the value limit, not at the end of memory")
    func valueLimit() throws {
        for (statement, what) in [
            ("let v = \"${v}${v}\"", "this string"), ("let v = $v + $v", "the result of '+'"), ("let v = [$v, $v]", "this list"),
        ] {
            let start = statement.contains("[") ? "[1]" : "\"ab\""
            let result = try run("let v = \(start)\nrepeat 64 { \(statement) }\nprint \"unreached\"\n")
            #expect(result.status == 1)
            #expect(result.stdout == "")
            #expect(result.stderr.hasPrefix("""
                hostile.mabs:2:21: error: \(what) would be too large: a value holds at most 16 Mi list items and bytes of text together; build a smaller one
                """), "\(result.stderr)")
        }
    }

    @Test("a service holds at most 10,000 portal artifacts: the next one is refused at its place, and fits once one goes")
    func artifactLimit() throws {
        let result = try run("""
            create contoso
            for i in 1..10000 { add partner "p-${i}" to contoso }
            expect error "10000 portal artifacts" { add profile "one-more" to contoso }
            remove partner "p-1" from contoso
            add profile "one-more" to contoso
            assert len(contents(contoso, partner)) == 9999 and contents(contoso, profile) == ["one-more"]
            add bridge "past-it" to contoso
            """)
        #expect(result.status == 1)
        #expect(result.stdout == "2 passed, 0 failed, 1 error\n")
        #expect(result.stderr == """
            hostile.mabs:7:1: error: 'contoso' already holds 10000 portal artifacts, the most one service may; remove some first
            add bridge "past-it" to contoso
            ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~

            """, "\(result.stderr)")
    }

    @Test("100,000 services in one script", .tags(.heavy), .heavy)
    func manyServices() throws {
        var text = (1...100_000).map { "create fleet\($0)" }.joined(separator: "\n")
        text += "\nstop fleet54321\nassert exists(fleet100000) and fleet54321 is stopped and fleet1 is active\nlist\n"
        let result = try run(text)
        #expect(result.status == 0, "\(result.stderr.prefix(500))")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 100_002, "a header, a row a service, the summary")
        #expect(lines.last == "1 passed, 0 failed")
        #expect(lines.contains { $0.hasPrefix("fleet54321") && $0.contains("Stopped") })
    }
}
