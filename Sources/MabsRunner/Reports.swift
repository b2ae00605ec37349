import Lifecycle
import MabsHost
import MabsLanguage
import MabsPresentation

/// How `mabs run` shows what its checks did on standard output.
public enum ReportFormat: String, CaseIterable, Sendable {
    /// Script output as it comes, diagnostics on standard error, and the
    /// summary line `N passed, N failed`.
    case text
    /// TAP version 13, which every TAP harness reads (Perl's prove, Python's
    /// tappy, node-tap): a test point per check, script output as `#`
    /// comment lines, YAML diagnostics, the summary as a comment, then the
    /// plan as the last line.
    case tap
    /// TAP version 14: the same, with a subtest per script and `\#` and
    /// `\\` escaped in descriptions.
    case tap14
}

/// What a run counted: the summary line's numbers, which TAP and JUnit
/// give too (both are made from the same events).
struct RunCounts: Equatable {
    /// `todo`: checks of `todo` blocks that failed, as expected (a `todo`
    /// check that passes counts as passed); `skipped`: checks of `skip`
    /// blocks. Neither fails the run.
    var passed = 0, failed = 0, errors = 0, skipped = 0, todo = 0, notRun = 0

    mutating func count(_ event: CheckEvent) {
        switch event.outcome {
        case .passed: passed += 1
        case .notRun: notRun += 1
        case .skipped: skipped += 1
        case .failed where event.isError: errors += 1
        case .failed where event.isTodo: todo += 1
        case .failed: failed += 1
        }
    }

    mutating func add(_ other: RunCounts) {
        passed += other.passed
        failed += other.failed
        errors += other.errors
        skipped += other.skipped
        todo += other.todo
        notRun += other.notRun
    }

    /// Whether there were checks to count: made, or written and not run.
    var hasChecks: Bool { passed + failed + skipped + todo + notRun > 0 }

    /// Every test point, or JUnit test case.
    var total: Int { passed + failed + errors + skipped + todo + notRun }

    /// What JUnit counts as skipped: a `<skipped/>` each.
    var junitSkipped: Int { skipped + todo + notRun }

    /// `12 passed, 4 failed, 1 error, 2 skipped, 1 todo, 2 not run`: always
    /// the checks that passed and failed, then the errors (a runtime error
    /// that stopped a script, a script that could not be read or checked),
    /// the checks skipped and those to do that failed, and the checks never
    /// reached, when there are any. CI tools read the start.
    var summary: String {
        var text = "\(passed) passed, \(failed) failed"
        if errors > 0 { text += ", \(errors) error\(errors == 1 ? "" : "s")" }
        if skipped > 0 { text += ", \(skipped) skipped" }
        if todo > 0 { text += ", \(todo) todo" }
        if notRun > 0 { text += ", \(notRun) not run" }
        return text
    }
}

/// One script's checks, for the reports: a `<testsuite>` in JUnit, a
/// subtest in TAP 14.
struct ReportSuite {
    /// The script as given: its path, `<stdin>`, `<command line>`.
    var name: String
    /// The checks written in it (`PreparedScript.checkSites`).
    var checks: [CheckSite] = []
    /// For a script that could not be checked: its errors after the first
    /// (which its error event holds), for a report that gives them all.
    var otherErrors: [Diagnostic] = []
    /// What happened, in order, and how long each took since the one
    /// before (kept for JUnit only).
    var events: [CheckEvent] = []
    var times: [Duration] = []
    var counts = RunCounts()
    /// The checks that made an event, by where they are written.
    var reached = ReachedChecks()

    /// The checks written in the script that made no event, in order.
    var unreached: [CheckEvent] { checks.filter { !reached.contains($0.key) }.map(\.event) }

    mutating func count(_ event: CheckEvent) {
        counts.count(event)
        if event.outcome != .notRun && !event.isError { reached.insert(offset: event.range.start, file: event.file) }
    }
    /// When it started (wall time, for JUnit) and how long it took.
    var timestamp: String?
    var duration = Duration.zero
}

/// The places of the checks that made an event. A check in a long loop
/// is found again in a small table by its offset, without hashing, so
/// keeping count costs the loop little.
struct ReachedChecks {
    /// The offsets of the checks reached in each file but the last one
    /// an event came from, and in that file: a straight-line script's
    /// checks, all in one file, are told apart by their offset alone.
    private var earlier: [String: Set<UInt32>] = [:]
    private var file: String?
    private var offsets = Set<UInt32>()
    private var recent = [UInt32?](repeating: nil, count: 64)

    /// Notes the check written at `offset` in `file`.
    mutating func insert(offset: UInt32, file: String) {
        if file != self.file {
            if let last = self.file { earlier[last] = offsets }
            offsets = earlier.removeValue(forKey: file) ?? []
            self.file = file
            recent = [UInt32?](repeating: nil, count: 64)
        }
        let slot = Int(offset % 64)
        if recent[slot] == offset { return }
        recent[slot] = offset
        offsets.insert(offset)
    }

    func contains(_ key: CheckSiteKey) -> Bool {
        key.file == file ? offsets.contains(key.offset) : earlier[key.file]?.contains(key.offset) == true
    }
}

extension CheckEvent {
    /// How a report names the check: `FILE:LINE:COLUMN SOURCE` (only
    /// `FILE` for a file that could not be read), without `FILE:` when it
    /// is `suite`, the script whose report it is in. (A check written with
    /// a name of its own, later, shows it in place of its source.) The same check has the same name
    /// whether it passed, failed or did not run.
    func testName(in suite: String? = nil) -> String {
        guard let location else { return file }
        let place = "\(location.line):\(location.column)"
        let title = label ?? source
        let local = title.isEmpty ? place : place + " " + title
        return file == suite ? local : file + ":" + local
    }

    /// An error (the script stopped, or never ran), rather than a failed check.
    var isError: Bool { kind == .stopped || kind == .rejected }

    /// A check of a `todo` block, which may fail without failing the run.
    var isTodo: Bool { if case .todo = mark { true } else { false } }

    /// A failure that fails the run: a failed check not to do, or an error.
    var failsRun: Bool { outcome == .failed && !isTodo }

    /// What went wrong, for JUnit's `type` and TAP's `severity`.
    var failureType: String {
        switch kind {
        case .assertion: "assert"
        case .expectError: "expect-error"
        case .expectWarning: "expect-warning"
        case .stopped:
            switch diagnostic?.message {
            case .runtime(.interrupted), .runtime(.terminated), .runtime(.outputLost): "interrupted"
            default: "runtime-error"
            }
        case .rejected: sourceFile == nil ? "unreadable-file" : "script-error"
        }
    }
}

/// The output the batch runner gives its sessions: it passes everything on
/// to the standard streams, counts what every check did, writes TAP test
/// points as checks are made (and turns script output into TAP comments),
/// and keeps each script's checks for the JUnit report.
final class ReportingOutput: ScriptOutput {
    let streams: StandardStreams
    let tap: TAPWriter?
    /// Keep every event, by script, for the JUnit report.
    let keepsEvents: Bool
    let clock: ReportClock
    /// Every script's report; the one under way is `live` until it ends.
    private(set) var suites: [ReportSuite] = []
    private var live = ReportSuite(name: "")
    /// The whole run's counts.
    var counts: RunCounts {
        (suites + (current >= 0 ? [live] : [])).reduce(into: RunCounts()) { $0.add($1.counts) }
    }
    /// The last failed check, for TAP's `Bail out!`.
    private(set) var lastFailure: CheckEvent?
    private var current = -1
    private var started = ContinuousClock.now
    private var lastEvent = ContinuousClock.now
    /// The last error diagnostic reported, and whether a stopping error was
    /// recorded, since the suite started: for a script that stopped
    /// without one.
    private var lastError: Diagnostic?
    private var recordedStop = false

    init(streams: StandardStreams, format: ReportFormat, keepsEvents: Bool, clock: ReportClock) {
        self.streams = streams
        switch format {
        case .text: tap = nil
        case .tap: tap = TAPWriter(streams: streams, version: 13)
        case .tap14: tap = TAPWriter(streams: streams, version: 14)
        }
        self.keepsEvents = keepsEvents
        self.clock = clock
    }

    /// Declares the report of a script, with the checks written in it;
    /// returns its index, for `start`.
    func addSuite(_ name: String, checks: [CheckSite] = [], otherErrors: [Diagnostic] = []) -> Int {
        suites.append(ReportSuite(name: name, checks: checks, otherErrors: otherErrors))
        return suites.count - 1
    }

    /// Starts the report of a script: events go to it until `end`.
    func start(_ index: Int) {
        current = index
        live = suites[index]
        lastError = nil
        recordedStop = false
        started = clock.now()
        lastEvent = started
        if keepsEvents { live.timestamp = clock.timestamp() }
        tap?.beginSubtest(live.name)
    }

    /// Ends the report of the script under way. `unreached`: why the checks
    /// that made no event did not run, when the script did not run to its
    /// end; they are recorded as not run, in source order.
    func end(unreached reason: ReportText? = nil, skipped: Bool = false) {
        guard current >= 0 else { return }
        if let reason {
            for check in live.unreached {
                var event = check
                event.message = reason.text
                record(event)
            }
        }
        live.duration = clock.now() - started
        suites[current] = live
        tap?.endSubtest(skip: skipped ? reason?.text : nil)
        current = -1
    }

    /// Reports a script that never ran: each of its checks as not run.
    func skip(_ index: Int, because reason: ReportText) {
        start(index)
        end(unreached: reason, skipped: true)
    }

    /// After a run that did not finish: records the error that stopped it,
    /// if nothing did yet (every runtime error should already have been).
    func stopped() {
        if !recordedStop, let lastError { record(CheckEvent(stoppedBy: lastError)) }
    }

    func write(_ text: String) {
        if let tap { tap.comment(text) } else { streams.write(text) }
    }

    func notice(_ text: String) {
        streams.noticesOnStandardError ? streams.reportText(text) : write(text)
    }

    func report(_ diagnostic: Diagnostic) {
        if diagnostic.severity == .error { lastError = diagnostic }
        streams.report(diagnostic)
    }

    func flush() {
        streams.flush()
    }

    func record(_ event: CheckEvent) {
        if event.kind == .stopped { recordedStop = true }
        if event.failsRun && !event.isError { lastFailure = event }
        if current < 0 { start(addSuite(event.file)) }
        live.count(event)
        if keepsEvents {
            let now = event.outcome == .notRun ? lastEvent : clock.now()
            live.events.append(event)
            live.times.append(now - lastEvent)
            lastEvent = now
        }
        tap?.point(event, in: live.name)
    }
}

/// TAP, as the checks are made: version 13
/// (https://testanything.org/tap-version-13-specification.html), flat, or
/// version 14 (https://testanything.org/tap-version-14-specification.html)
/// with a subtest per script, its lines indented four spaces, then a test
/// point for the script.
final class TAPWriter {
    let streams: StandardStreams
    let version: Int
    /// Test points written at the top level: the plan's count.
    private(set) var points = 0
    /// TAP 14: the subtest under way, its points, and whether one failed.
    private var subtest: (name: String, points: Int, failed: Bool)?
    /// Standard output ends in the middle of a comment line.
    private var midLine = false

    init(streams: StandardStreams, version: Int) {
        self.streams = streams
        self.version = version
    }

    private var indent: String { subtest == nil ? "" : "    " }

    /// Writes whole lines of TAP, each indented as the subtest under way
    /// needs, starting on a line of their own.
    private func lines(_ text: String, indented: Bool = true) {
        if midLine {
            streams.write("\n")
            midLine = false
        }
        guard indented, !indent.isEmpty else { return streams.write(text) }
        var result = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            result += indent + line + "\n"
        }
        streams.write(result)
    }

    func header() {
        lines("TAP version \(version)\n")
    }

    /// TAP 14: a subtest for the script that starts.
    func beginSubtest(_ name: String) {
        guard version >= 14 else { return }
        lines("# Subtest: \(TerminalText.escaped(name))\n")
        subtest = (name, 0, false)
    }

    /// TAP 14: the subtest's plan, then the script's own test point: `not
    /// ok` when any of its checks failed or an error stopped it, `# SKIP`
    /// when it never ran.
    func endSubtest(skip reason: String?) {
        guard version >= 14, let (name, count, failed) = subtest else { return }
        lines("1..\(count)\n")
        subtest = nil
        points += 1
        let directive = reason.map { " # SKIP " + TAP.escaped($0, version: version) } ?? ""
        lines("\(failed ? "not ok" : "ok") \(points) - \(TAP.escaped(name, version: version))\(directive)\n")
    }

    /// The test point of a check or an error.
    func point(_ event: CheckEvent, in suite: String) {
        let number: Int
        if subtest != nil {
            subtest!.points += 1
            if event.failsRun { subtest!.failed = true }
            number = subtest!.points
        } else {
            points += 1
            number = points
        }
        lines(TAP.testPoint(number, event, name: event.testName(in: version >= 14 ? suite : nil), version: version))
    }

    /// Script output as TAP comment lines: `# ` before each line (`#` alone
    /// for an empty one), so nothing a script prints can read as a test
    /// point, a plan or a YAML block.
    func comment(_ text: String) {
        var result = ""
        var rest = Substring(text)
        while !rest.isEmpty {
            let end = rest.firstIndex(where: \.isNewline)
            let line = rest[..<(end ?? rest.endIndex)]
            if !midLine { result += indent + (line.isEmpty ? "#" : "# ") }
            result += line
            if let end {
                result += "\n"
                midLine = false
                rest = rest[rest.index(after: end)...]
            } else {
                midLine = true
                rest = ""
            }
        }
        streams.write(result)
    }

    /// The end of the stream: the summary as a comment (when given), then
    /// the plan as the last line; or, when `--bail` stopped the run,
    /// `Bail out!` and its reason as the last line, which harnesses stop
    /// at (so no plan follows).
    func finish(summary: String?, bail: String?) {
        if let summary { lines("# \(summary)\n") }
        if let bail {
            lines("Bail out! \(TAP.escaped(bail, version: version))\n")
        } else {
            lines("1..\(points)\n")
        }
    }
}

enum TAP {
    /// `ok N - NAME`; `ok N - NAME # SKIP why` for a check that did not
    /// run; or `not ok N - NAME` and a YAML block with what went wrong: the
    /// message, the severity (`fail` for a check, `error` for an error),
    /// what was wanted and found (where known), and where (`at`: file,
    /// line, column, the place the name gives).
    static func testPoint(_ number: Int, _ event: CheckEvent, name: String, version: Int) -> String {
        let name = escaped(name, version: version)
        let todo = event.isTodo ? " # TODO " + escaped(event.mark?.reason ?? "", version: version) : ""
        switch event.outcome {
        case .passed:
            return "ok \(number) - \(name)\(todo)\n"
        case .notRun, .skipped:
            return "ok \(number) - \(name) # SKIP \(escaped(event.message ?? "", version: version))\n"
        case .failed:
            var text = "not ok \(number) - \(name)\(todo)\n  ---\n"
            if let message = event.message { text += "  message: \(quoted(message))\n" }
            text += "  severity: \(event.isError ? "error" : "fail")\n"
            if let expected = event.expected { text += "  wanted: \(quoted(expected))\n" }
            if let found = event.found { text += "  found: \(quoted(found))\n" }
            text += "  at:\n    file: \(quoted(event.file))\n"
            if let location = event.location {
                text += "    line: \(location.line)\n    column: \(location.column)\n"
            }
            return text + "  ...\n"
        }
    }

    /// A description on one line: control characters escaped as everywhere
    /// (`TerminalText`: `\r`, `\u{1B}`), line and paragraph separators as
    /// U+FFFD; then, in TAP 14, `\` and `#` escaped as it says (`\\`,
    /// `\#`). TAP 13 has no escapes, and its harnesses read any `#` as the
    /// start of a directive (tappy reads `\# skip` as one), so there a `#`
    /// is written as the language writes it, `\u{23}`.
    static func escaped(_ text: String, version: Int) -> String {
        var result = ""
        for scalar in TerminalText.escaped(text).unicodeScalars {
            switch scalar {
            case "\\" where version >= 14: result += "\\\\"
            case "#": result += version >= 14 ? "\\#" : "\\u{23}"
            case "\u{2028}", "\u{2029}": result.unicodeScalars.append("\u{FFFD}")
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// A YAML double-quoted scalar: `"` and `\` escaped, line breaks and
    /// other control characters (`Names.isControl`, bidirectional ones
    /// included) as escapes, so any text stays on one line as it is.
    /// Only JSON's escapes are used, so it is a JSON string literal too
    /// (the asciicast recorder writes its strings with it).
    static func quoted(_ text: String) -> String { TerminalText.jsonQuoted(text) }
}

/// The JUnit XML report, as Jenkins, GitLab and most CI tools read it, valid
/// against the Jenkins xunit plugin's schema (junit-10.xsd, which pytest's
/// `xunit2` reports follow too): a `<testsuite>` per script (its wall time,
/// when it started and on which host), a `<testcase>` per check (named by
/// its place and source, without the script's name that `classname`
/// gives), `<failure>` for a failed check, `<error>` for an error that
/// stopped a script or kept it from running, `<skipped>` for a check that
/// did not run. Places are in the messages: the schema has no attribute
/// for them.
enum JUnit {
    static func document(_ suites: [ReportSuite], hostName: String) -> String {
        let renderer = DiagnosticRenderer(useColor: false)
        let total = suites.reduce(into: RunCounts()) { $0.add($1.counts) }
        let time = suites.reduce(Duration.zero) { $0 + $1.duration }
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"mabs\" tests=\"\(total.total)\" failures=\"\(total.failed)\" errors=\"\(total.errors)\" time=\"\(seconds(time))\">\n"
        for suite in suites {
            let counts = suite.counts
            let name = attribute(suite.name)
            xml += "  <testsuite name=\"\(name)\" tests=\"\(counts.total)\" failures=\"\(counts.failed)\" errors=\"\(counts.errors)\""
            xml += " skipped=\"\(counts.junitSkipped)\" time=\"\(seconds(suite.duration))\""
            if let timestamp = suite.timestamp { xml += " timestamp=\"\(attribute(timestamp))\"" }
            xml += " hostname=\"\(attribute(hostName))\""
            guard !suite.events.isEmpty else {
                xml += "/>\n"
                continue
            }
            xml += ">\n"
            for (event, time) in zip(suite.events, suite.times) {
                xml += "    <testcase name=\"\(attribute(event.testName(in: suite.name)))\" classname=\"\(name)\" time=\"\(seconds(time))\""
                switch event.outcome {
                case .passed:
                    xml += "/>\n"
                    continue
                case .notRun, .skipped:
                    xml += ">\n      <skipped message=\"\(attribute(event.message ?? ""))\"/>\n"
                case .failed where event.isTodo:
                    // A known gap: skipped, with why and what failed.
                    let message = "to do: " + (event.mark?.reason ?? "") + ": " + (event.diagnosticPlace.map { $0 + ": " } ?? "") + (event.message ?? "")
                    xml += ">\n      <skipped message=\"\(attribute(message))\"/>\n"
                case .failed:
                    let element = event.isError ? "error" : "failure"
                    let message = (event.diagnosticPlace.map { $0 + ": " } ?? "") + (event.message ?? "")
                    let others = event.kind == .rejected ? suite.otherErrors : []
                    let details = event.diagnostic.map { ([$0] + others).map(renderer.render).joined() } ?? message + "\n"
                    xml += ">\n      <\(element) type=\"\(event.failureType)\" message=\"\(attribute(message))\">\(text(details))</\(element)>\n"
                }
                xml += "    </testcase>\n"
            }
            xml += "  </testsuite>\n"
        }
        return xml + "</testsuites>\n"
    }

    /// A duration in seconds with three decimals (`0.012`), as the
    /// schema's SUREFIRE_TIME allows.
    static func seconds(_ duration: Duration) -> String {
        let (whole, attoseconds) = duration.components
        let milliseconds = max(0, whole) * 1000 + max(0, attoseconds) / 1_000_000_000_000_000
        let fraction = String(milliseconds % 1000)
        return "\(milliseconds / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }

    /// Text for a double-quoted attribute: markup characters as entities,
    /// and tabs and line breaks as character references so they survive
    /// attribute normalization.
    static func attribute(_ value: String) -> String {
        escape(value) { scalar in
            switch scalar {
            case "\"": "&quot;"
            case "'": "&apos;"
            case "\n": "&#10;"
            case "\r": "&#13;"
            case "\t": "&#9;"
            default: nil
            }
        }
    }

    /// Text for element content: markup characters as entities, a carriage
    /// return as a reference (a parser would drop it otherwise).
    static func text(_ value: String) -> String {
        escape(value) { $0 == "\r" ? "&#13;" : nil }
    }

    /// Control characters escaped as everywhere (`TerminalText`; XML 1.0
    /// cannot hold most of them, and a CI page would show the others as
    /// they act), then `&`, `<` and `>` as entities, `special` for what else
    /// the place needs, and the rest XML cannot hold (U+FFFE, U+FFFF) as
    /// U+FFFD.
    private static func escape(_ value: String, _ special: (Unicode.Scalar) -> String?) -> String {
        var result = ""
        for scalar in TerminalText.escaped(value, as: .lines).unicodeScalars {
            if let replacement = special(scalar) {
                result += replacement
                continue
            }
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            default:
                let value = scalar.value
                let allowed = value == 0x9 || value == 0xA || value == 0xD || (0x20...0xD7FF).contains(value)
                    || (0xE000...0xFFFD).contains(value) || value >= 0x10000
                if allowed { result.unicodeScalars.append(scalar) } else { result.unicodeScalars.append("\u{FFFD}") }
            }
        }
        return result
    }
}
