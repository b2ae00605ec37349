import Foundation
import Testing

/// `mabs run --keep-going`: a runtime error is reported and the script goes
/// on with its next statement, as a play and the prompt go on; the checks
/// after it run and count. And `mabs run` stays quiet about what passed,
/// unless `--trace`.
@Suite("mabs run --keep-going, and what a run says")
struct KeepGoingTests {
    static let script = """
        create contoso
        resume contoso
        assert contoso is Active
        stop contoso
        assert contoso is Stopped

        """

    func run(_ arguments: [String], _ script: String = script) throws -> MabsProcess.Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mabs-keep-going-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try script.write(to: folder.appendingPathComponent("s.mabs"), atomically: true, encoding: .utf8)
        return try MabsProcess.run(arguments + ["s.mabs"], in: folder)
    }

    @Test("the error is reported, the checks after it run, and the run exits 1")
    func text() throws {
        let stopped = try run([])
        #expect(stopped.stdout == "0 passed, 0 failed, 1 error, 2 not run\n", "without it, the script stops")
        let result = try run(["--keep-going"])
        #expect(result.status == 1)
        #expect(result.stdout == "2 passed, 0 failed, 1 error\n")
        #expect(result.stderr.hasPrefix("s.mabs:2:1: error: Operation not allowed: cannot resume 'contoso'"))
    }

    @Test("-i --keep-going goes on past the script's error, then opens the prompt")
    func interactive() throws {
        let script = "resume contoso\nprint \"after\"\n"
        #expect(try run(["-i"], script).stdout == "", "without it, the script stops")
        let result = try run(["-i", "--keep-going"], script)
        #expect(result.stdout == "after\n")
        #expect(result.stderr.hasPrefix("s.mabs:1:1: error: there is no service named 'contoso'"))
    }

    @Test("an error on a line stops that statement only: the next statement on the line runs")
    func nextStatementOnTheLine() throws {
        let result = try run(["--keep-going"], "create contoso\nresume contoso; print \"after\"\n")
        #expect(result.stdout == "after\n")
        #expect(result.status == 1)
    }

    @Test("TAP: the error is a failed test point, then the checks after it, each once, and the plan counts them all")
    func tap() throws {
        let result = try run(["--keep-going", "--format", "tap"])
        #expect(result.status == 1)
        let points = result.stdout.split(separator: "\n").filter { $0.hasPrefix("ok") || $0.hasPrefix("not ok") }
        #expect(points == [
            "not ok 1 - s.mabs:2:1 resume contoso",
            "ok 2 - s.mabs:3:1 assert contoso is Active",
            "ok 3 - s.mabs:5:1 assert contoso is Stopped",
        ])
        #expect(result.stdout.hasSuffix("# 2 passed, 0 failed, 1 error\n1..3\n"))
    }

    @Test("JUnit: one error and the checks after it, none left as not run")
    func junit() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mabs-keep-going-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.script.write(to: folder.appendingPathComponent("s.mabs"), atomically: true, encoding: .utf8)
        let result = try MabsProcess.run(["--keep-going", "--junit", "r.xml", "s.mabs"], in: folder)
        #expect(result.status == 1)
        let report = try String(contentsOf: folder.appendingPathComponent("r.xml"), encoding: .utf8)
        #expect(report.contains("tests=\"3\" failures=\"0\" errors=\"1\" skipped=\"0\""), "\(report)")
    }

    @Test("--keep-going does not go on past an endless loop's step limit")
    func stepLimit() throws {
        let result = try run(["--keep-going", "--max-steps", "100"], "while true { }\nprint \"not reached\"\n")
        #expect(result.status == 1)
        #expect(!result.stdout.contains("not reached"))
    }

    @Test("mabs run says nothing of passed checks and quiet changes; --trace says each")
    func quietUnlessTraced() throws {
        let script = "create contoso\nassert contoso is Active\nreceive 2 messages on contoso\nwait 1h\n"
        #expect(try run([], script) == .init(stdout: "1 passed, 0 failed\n", stderr: "", status: 0))
        let traced = try run(["--trace"], script)
        #expect(traced.stdout == """
            create contoso: -> Active
            ✔ contoso is Active
            contoso: 2 messages received (2 in the active batch)
            clock: 2016-11-08 10:00:00 (+1h)
            1 passed, 0 failed

            """)
    }
}
