import Foundation
import Testing

/// mabs's reports read by the programs CI uses, as CI would: each run's
/// TAP by Perl's prove, Python's tappy and node-tap-parser, which must
/// give the verdict and the counts the summary line gives, and its JUnit
/// report validated against the Jenkins xunit plugin's schema, with the
/// same counts. The tools come from Scripts/test (`Consumers`).
@Suite("Reports read by prove, tappy, node-tap-parser and xmlschema")
struct ConsumerTests {
    /// One run of mabs, and what every report of it must say.
    struct Run: CustomTestStringConvertible, Sendable {
        var name: String
        var arguments: [String]
        var summary: String
        var status: Int32
        var passed = 0, failed = 0, errors = 0, notRun = 0
        /// Checks of `skip` blocks, and failed checks of `todo` blocks.
        var skipped = 0, todo = 0
        var bailed = false
        var testDescription: String { name }
        /// Test points, and those that are `not ok` and fail the run (a
        /// `not ok ... # TODO` does not).
        var points: Int { passed + failed + errors + notRun + skipped + todo }
        var notOK: Int { failed + errors }
        /// Test points with `# SKIP`.
        var skips: Int { notRun + skipped }
    }

    static let scripts = [
        "pass.mabs": """
            create contoso
            assert contoso is Active
            # A '#' in a check: no harness may read what follows as a directive.
            assert "# skip # TODO" != ""
            expect error "not allowed" { resume contoso }
            """,
        "fail.mabs": """
            assert true
            assert false
            assert 1 == 2
            """,
        // The runtime error stops the script: the assert after it, and the
        // one in the loop (one check, however many turns), are not run.
        "error.mabs": """
            create contoso
            assert contoso is Active
            stop contoso
            stop contoso
            assert contoso is Stopped
            for i in 1..3 { assert $i > 0 }
            """,
        "bad.mabs": "create contoso\nstart\n",
        // Named checks, a skipped block and a known gap: all pass.
        "marked.mabs": """
            create contoso
            assert contoso is Active, "a new service runs"
            skip "no API for this yet" {
                assert contoso is Stopped
                expect error not-allowed { start contoso }
            }
            todo "a restore keeps schedules" {
                assert schedule(contoso) != "none", "a schedule is kept"
            }
            """,
    ]

    static let runs: [Run] = [
        Run(name: "passing", arguments: ["pass.mabs"], summary: "3 passed, 0 failed", status: 0, passed: 3),
        Run(name: "failing", arguments: ["fail.mabs"], summary: "1 passed, 2 failed", status: 1, passed: 1, failed: 2),
        Run(name: "erroring, checks not run", arguments: ["error.mabs"], summary: "1 passed, 0 failed, 1 error, 2 not run",
            status: 1, passed: 1, errors: 1, notRun: 2),
        Run(name: "a script with a syntax error, the other not run", arguments: ["bad.mabs", "pass.mabs"],
            summary: "0 passed, 0 failed, 1 error, 3 not run", status: 2, errors: 1, notRun: 3),
        Run(name: "--bail", arguments: ["--bail", "fail.mabs", "error.mabs"], summary: "1 passed, 1 failed, 4 not run",
            status: 1, passed: 1, failed: 1, notRun: 4, bailed: true),
        Run(name: "skip and todo", arguments: ["marked.mabs"], summary: "1 passed, 0 failed, 2 skipped, 1 todo",
            status: 0, passed: 1, skipped: 2, todo: 1),
        Run(name: "skip and todo beside a failing script", arguments: ["marked.mabs", "fail.mabs"],
            summary: "2 passed, 2 failed, 2 skipped, 1 todo", status: 1, passed: 2, failed: 2, skipped: 2, todo: 1),
    ]

    /// A folder holding the scripts.
    static func folder() throws -> URL {
        let folder = try temporaryFolder("consumers")
        for (name, text) in scripts {
            try (text + "\n").write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return folder
    }

    /// The run's TAP, in `format`, written to `run.tap` in a folder beside
    /// the scripts, which is removed after `body`.
    static func withTAP<T>(_ run: Run, format: String = "tap", _ body: (String, URL) throws -> T) throws -> T {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let tap = try MabsProcess.run(["run", "--format", format] + run.arguments, in: folder).stdout
        try tap.write(to: folder.appendingPathComponent("run.tap"), atomically: true, encoding: .utf8)
        return try body(tap, folder)
    }

    @Test("the summary line, and the same counts in TAP's last comment and in JUnit, which validates", arguments: runs)
    func summaryAndJUnit(_ run: Run) throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = try MabsProcess.run(["run"] + run.arguments, in: folder)
        #expect(text.status == run.status)
        #expect(text.stdout.split(separator: "\n").last.map(String.init) == run.summary)

        let tap = try MabsProcess.run(["run", "--format", "tap", "--junit", "r.xml"] + run.arguments, in: folder)
        #expect(tap.status == run.status)
        let lines = tap.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "TAP version 13")
        // The summary comment, then the plan (or Bail out!) as the last line.
        #expect(lines.suffix(2).first == "# " + run.summary)
        if run.bailed {
            #expect(lines.last?.hasPrefix("Bail out! --bail: stopped at the first failed check, fail.mabs:2:1 assert false") == true)
        } else {
            #expect(lines.last == "1..\(run.points)")
        }
        #expect(lines.filter { $0.hasPrefix("not ok ") && !$0.contains(" # TODO ") }.count == run.notOK)
        #expect(lines.filter { $0.hasPrefix("not ok ") && $0.contains(" # TODO ") }.count == run.todo)
        #expect(lines.filter { $0.hasPrefix("ok ") && !$0.contains(" # SKIP ") }.count == run.passed)
        #expect(lines.filter { $0.hasPrefix("ok ") && $0.contains(" # SKIP not r") }.count == run.notRun)
        #expect(lines.filter { $0.hasPrefix("ok ") && $0.contains(" # SKIP ") }.count == run.skips)

        let data = try Data(contentsOf: folder.appendingPathComponent("r.xml"))
        Consumers.validateJUnit(data)
        let xml = String(decoding: data, as: UTF8.self)
        #expect(xml.contains("<testsuites name=\"mabs\" tests=\"\(run.points)\" failures=\"\(run.failed)\" errors=\"\(run.errors)\""))
        #expect(xml.components(separatedBy: "<testcase ").count - 1 == run.points)
        #expect(xml.components(separatedBy: "<skipped message=\"not r").count - 1 == run.notRun)
        #expect(xml.components(separatedBy: "<skipped message=\"to do: ").count - 1 == run.todo)
        #expect(xml.components(separatedBy: "<skipped ").count - 1 == run.skips + run.todo)
    }

    @Test("prove reads --format tap: its verdict and counts", arguments: runs)
    func prove(_ run: Run) throws {
        let prove = try Consumers.program("prove", package: "perl")
        let result = try Self.withTAP(run) { try Consumers.run(prove, ["-e", "cat", "run.tap"], in: $1) }
        let report = result.stdout + result.stderr
        #expect(report.contains("Tests=\(run.points),"), "\(report)")
        if run.notOK == 0 {
            #expect(result.status == 0 && report.contains("Result: PASS"), "\(report)")
        } else {
            #expect(report.contains("Result: FAIL") && report.contains("Failed \(run.notOK)/\(run.points) subtests"), "\(report)")
        }
        if run.notOK > 0, run.skips > 0 { #expect(report.contains("(less \(run.skips) skipped subtest"), "\(report)") }
        if run.bailed {
            #expect(result.status == 255 && report.contains("FAILED--Further testing stopped: --bail: stopped at the first failed check"), "\(report)")
        } else {
            #expect(!report.contains("Parse errors"), "\(report)")
        }
    }

    @Test("tappy (tap.py) reads --format tap: its verdict and counts", arguments: runs)
    func tappy(_ run: Run) throws {
        let tappy = try Consumers.venvProgram("tappy")
        let result = try Self.withTAP(run) { try Consumers.run(tappy, ["run.tap"], in: $1) }
        let report = result.stdout + result.stderr
        // tappy counts a Bail out! as one more failed test.
        let bail = run.bailed ? 1 : 0
        #expect(report.contains("Ran \(run.points + bail) test"), "\(report)")
        #expect(!report.contains("plan"), "tappy found no fault with the plan: \(report)")
        // unittest's words: a check to do that fails is an expected failure.
        var counts = run.notOK + bail > 0 ? ["failures=\(run.notOK + bail)"] : []
        if run.skips > 0 { counts.append("skipped=\(run.skips)") }
        if run.todo > 0 { counts.append("expected failures=\(run.todo)") }
        let details = counts.isEmpty ? "" : " (" + counts.joined(separator: ", ") + ")"
        if run.notOK == 0 {
            #expect(result.status == 0 && report.hasSuffix("OK\(details)\n"), "\(report)")
        } else {
            #expect(result.status == 1 && report.hasSuffix("FAILED\(details)\n"), "\(report)")
        }
        if run.bailed { #expect(report.contains("Bailed: --bail: stopped at the first failed check"), "\(report)") }
    }

    /// What node-tap-parser's `complete` event says: the counts, the
    /// verdict, the bail-out reason.
    struct NodeCounts: Equatable {
        var ok: Bool
        var count = 0, pass = 0, fail = 0, skip = 0, todo = 0
        var bailout: String?
    }

    /// Reads `tap-parser -j 0`'s events: the top level's counts, and those
    /// of each subtest (TAP 14), in order.
    static func nodeCounts(_ json: String) throws -> (top: NodeCounts, children: [NodeCounts]) {
        func counts(_ events: [Any]) -> NodeCounts? {
            for case let event as [Any] in events where event.first as? String == "complete" {
                guard let fields = event.last as? [String: Any] else { continue }
                return NodeCounts(ok: fields["ok"] as? Bool ?? false, count: fields["count"] as? Int ?? -1,
                                  pass: fields["pass"] as? Int ?? -1, fail: fields["fail"] as? Int ?? -1,
                                  skip: fields["skip"] as? Int ?? -1, todo: fields["todo"] as? Int ?? -1,
                                  bailout: fields["bailout"] as? String)
            }
            return nil
        }
        let events = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [Any])
        let children = events.compactMap { event -> NodeCounts? in
            guard let event = event as? [Any], event.first as? String == "child", let inner = event.last as? [Any] else { return nil }
            return counts(inner)
        }
        return (try #require(counts(events)), children)
    }

    @Test("node-tap-parser reads --format tap: its verdict and counts", arguments: runs)
    func nodeTAP13(_ run: Run) throws {
        let parser = try Consumers.program("tap-parser", package: "node-tap-parser")
        let result = try Self.withTAP(run) { tap, _ in try Consumers.run(parser, ["-j", "0"], input: tap) }
        let top = try Self.nodeCounts(result.stdout).top
        // node-tap counts a skipped point as passed, and a failed one to do
        // as failed and to do, without failing the run.
        #expect(top == NodeCounts(ok: run.notOK == 0, count: run.points, pass: run.passed + run.skips, fail: run.notOK + run.todo,
                                  skip: run.skips, todo: run.todo, bailout: top.bailout), "\(result.stdout)\(result.stderr)")
        #expect(top.bailout?.hasPrefix("--bail: stopped at the first failed check") ?? false == run.bailed)
    }

    @Test("node-tap-parser reads --format tap14: a subtest per script, the checks' counts in them", arguments: runs)
    func nodeTAP14(_ run: Run) throws {
        let parser = try Consumers.program("tap-parser", package: "node-tap-parser")
        let (tap, result) = try Self.withTAP(run, format: "tap14") { tap, _ in (tap, try Consumers.run(parser, ["-j", "0"], input: tap)) }
        #expect(tap.hasPrefix("TAP version 14\n# Subtest: "))
        // The summary is the whole run's, at the top level, before the plan or Bail out!.
        #expect(tap.contains("\n# " + run.summary + "\n" + (run.bailed ? "Bail out! " : "1..")))
        let (top, children) = try Self.nodeCounts(result.stdout)
        let scripts = run.arguments.filter { $0.hasSuffix(".mabs") }.count
        #expect(children.count == scripts, "\(result.stdout)")
        #expect(top.ok == (run.notOK == 0) && top.count == scripts)
        #expect(top.bailout?.hasPrefix("--bail: stopped at the first failed check") ?? false == run.bailed)
        #expect(children.reduce(0) { $0 + $1.count } == run.points)
        #expect(children.reduce(0) { $0 + $1.fail } == run.notOK + run.todo)
        #expect(children.reduce(0) { $0 + $1.skip } == run.skips)
        #expect(children.reduce(0) { $0 + $1.todo } == run.todo)
    }
}
