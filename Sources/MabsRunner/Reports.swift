import Lifecycle
import MabsHost
import MabsLanguage
import MabsPresentation

/// How `mabs run` shows what its checks did on standard output.
public enum ReportFormat: String, CaseIterable, Sendable {
    /// Script output as it comes, diagnostics on standard error, and the
    /// summary line `N passed, N failed`.
    case text
    /// TAP version 14: a test point per check, script output as `#`
    /// comment lines, the plan at the end.
    case tap
}

/// One script's checks, for the JUnit report: a `<testsuite>`.
struct ReportSuite {
    /// The script as given: its path, `<stdin>`, `<command line>`.
    var name: String
    var events: [CheckEvent] = []
}

extension CheckEvent {
    /// How a report names the check: `FILE:LINE:COLUMN SOURCE` (only
    /// `FILE` for a file that could not be read). The same check has the
    /// same name whether it passed or failed.
    var testName: String {
        guard let location else { return file }
        let place = "\(file):\(location.line):\(location.column)"
        let source = source
        return source.isEmpty ? place : place + " " + source
    }

    /// An error (the script stopped, or never ran), rather than a failed check.
    var isError: Bool { kind == .stopped || kind == .rejected }
}

/// The output the batch runner gives its sessions when a report is asked
/// for: it passes everything on to the standard streams, writes TAP test
/// points as checks are made (and turns script output into TAP comments),
/// and keeps each script's checks for the JUnit report.
final class ReportingOutput: ScriptOutput {
    let streams: StandardStreams
    /// Write TAP to standard output.
    let tap: Bool
    /// Keep every event, by script, for the JUnit report.
    let keepsSuites: Bool
    private(set) var suites: [ReportSuite] = []
    /// Test points written so far: the plan's count.
    private(set) var testPoints = 0
    /// Standard output ends in the middle of a comment line.
    private var midLine = false
    /// The last error diagnostic reported, and whether a stopping error was
    /// recorded, since `startRun`: for a script that stopped without one.
    private var lastError: Diagnostic?
    private var recordedStop = false

    init(streams: StandardStreams, tap: Bool, keepsSuites: Bool) {
        self.streams = streams
        self.tap = tap
        self.keepsSuites = keepsSuites
    }

    /// Starts the report of a script; events go to it until another is
    /// begun or selected. Returns its index, for `select`.
    @discardableResult
    func beginSuite(_ name: String) -> Int {
        suites.append(ReportSuite(name: name))
        select(suites.count - 1)
        return suites.count - 1
    }

    private var current = -1

    /// Makes the suite at `index` the one events go to.
    func select(_ index: Int) {
        current = index
        lastError = nil
        recordedStop = false
    }

    /// After a run that did not finish: records the error that stopped it,
    /// if nothing did yet (every runtime error should already have been).
    func stopped() {
        if !recordedStop, let lastError { record(CheckEvent(stoppedBy: lastError)) }
    }

    func write(_ text: String) {
        tap ? streams.write(comment(text)) : streams.write(text)
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
        if keepsSuites {
            if current < 0 { current = beginSuite(event.file) }
            suites[current].events.append(event)
        }
        if tap {
            testPoints += 1
            writeTAP(TAP.testPoint(testPoints, event))
        }
    }

    /// Writes TAP lines of the runner's own (the version, the plan, the
    /// summary), on a line of their own.
    func writeTAP(_ text: String) {
        if midLine {
            streams.write("\n")
            midLine = false
        }
        streams.write(text)
    }

    /// Script output as TAP comment lines: `# ` before each line (`#` alone
    /// for an empty one), so nothing a script prints can read as a test
    /// point, a plan or a YAML block.
    private func comment(_ text: String) -> String {
        var result = ""
        var rest = Substring(text)
        while !rest.isEmpty {
            let end = rest.firstIndex(where: \.isNewline)
            let line = rest[..<(end ?? rest.endIndex)]
            if !midLine { result += line.isEmpty ? "#" : "# " }
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
        return result
    }
}

/// TAP version 14 (https://testanything.org/tap-version-14-specification.html).
enum TAP {
    static let version = "TAP version 14\n"

    static func plan(_ count: Int) -> String { "1..\(count)\n" }

    static func comment(_ line: String) -> String { "# " + line + "\n" }

    /// `ok N - NAME`, or `not ok N - NAME` and a YAML block with what went
    /// wrong: the message, what was expected and found (where known), and
    /// where (`at`: file, line, column).
    static func testPoint(_ number: Int, _ event: CheckEvent) -> String {
        let name = escaped(event.testName)
        guard event.outcome == .failed else { return "ok \(number) - \(name)\n" }
        var text = "not ok \(number) - \(name)\n  ---\n"
        if let message = event.message { text += "  message: \(quoted(message))\n" }
        if let expected = event.expected { text += "  expected: \(quoted(expected))\n" }
        if let found = event.found { text += "  found: \(quoted(found))\n" }
        text += "  at:\n    file: \(quoted(event.file))\n"
        if let location = event.location {
            text += "    line: \(location.line)\n    column: \(location.column)\n"
        }
        return text + "  ...\n"
    }

    /// A description on one line: control characters escaped as everywhere
    /// (`TerminalText`: `\r`, `\u{1B}`), line and paragraph separators as
    /// U+FFFD, then `\` and `#` escaped as TAP 14 says (an unescaped `#`
    /// would start a directive), so a harness reads back the escapes.
    static func escaped(_ text: String) -> String {
        var result = ""
        for scalar in TerminalText.escaped(text).unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "#": result += "\\#"
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
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default:
                let value = scalar.value
                if Names.isControl(scalar) || value == 0x2028 || value == 0x2029 || value == 0xFEFF {
                    result += "\\u" + hex(value, digits: 4)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}

/// The JUnit XML report, as Jenkins, GitLab and most CI tools read it: a
/// `<testsuite>` per script, a `<testcase>` per check, `<failure>` for a
/// failed check and `<error>` for an error that stopped a script (or kept
/// it from running).
enum JUnit {
    static func document(_ suites: [ReportSuite]) -> String {
        let renderer = DiagnosticRenderer(useColor: false)
        func count(_ events: [CheckEvent]) -> (tests: Int, failures: Int, errors: Int) {
            let failed = events.filter { $0.outcome == .failed }
            let errors = failed.filter(\.isError).count
            return (events.count, failed.count - errors, errors)
        }
        let total = count(suites.flatMap(\.events))
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"mabs\" tests=\"\(total.tests)\" failures=\"\(total.failures)\" errors=\"\(total.errors)\">\n"
        for suite in suites {
            let counts = count(suite.events)
            let name = attribute(suite.name)
            xml += "  <testsuite name=\"\(name)\" tests=\"\(counts.tests)\" failures=\"\(counts.failures)\" errors=\"\(counts.errors)\""
            guard !suite.events.isEmpty else {
                xml += "/>\n"
                continue
            }
            xml += ">\n"
            for event in suite.events {
                xml += "    <testcase name=\"\(attribute(event.testName))\" classname=\"\(name)\" file=\"\(attribute(event.file))\""
                if let location = event.location { xml += " line=\"\(location.line)\"" }
                guard event.outcome == .failed else {
                    xml += "/>\n"
                    continue
                }
                let element = event.isError ? "error" : "failure"
                let message = event.message ?? ""
                let details = event.diagnostic.map { renderer.render($0) } ?? message + "\n"
                xml += ">\n      <\(element) message=\"\(attribute(message))\">\(text(details))</\(element)>\n"
                xml += "    </testcase>\n"
            }
            xml += "  </testsuite>\n"
        }
        return xml + "</testsuites>\n"
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

/// `value` in hexadecimal, upper case, at least `digits` long.
private func hex(_ value: UInt32, digits: Int) -> String {
    let text = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, digits - text.count)) + text
}
