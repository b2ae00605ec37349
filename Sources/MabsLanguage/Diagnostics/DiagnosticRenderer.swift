// The one place diagnostics become text:
//
//   script.mabs:3:7: error: expected a service name after 'start', found end of line
//   start
//         ^
//   script.mabs:1:4: note: '{' opened here
//   ...
//
// Columns count characters. The caret line copies the source line's tabs,
// so the caret stays aligned however the terminal expands them (wide
// characters such as CJK or emoji may still shift it). Control characters
// in the echoed source line are shown as U+FFFD so hostile input cannot
// drive the terminal.

public struct DiagnosticRenderer: Sendable {
    /// Emit ANSI colours (only when writing to a terminal that wants them).
    public var useColor: Bool
    /// The name of input the user has just typed (a REPL entry): its
    /// diagnostics show the line and caret without `file:line:column:`,
    /// as the line is right above them.
    public var typedInputName: String?

    public init(useColor: Bool = false, typedInputName: String? = nil) {
        self.useColor = useColor
        self.typedInputName = typedInputName
    }

    /// All diagnostics, each followed by its notes; ends with a newline.
    public func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map(render).joined()
    }

    /// One diagnostic and its notes; ends with a newline.
    public func render(_ diagnostic: Diagnostic) -> String {
        var output = ""
        output += located(diagnostic.severity, diagnostic.message.text, file: diagnostic.file, range: diagnostic.range)
        for note in diagnostic.notes {
            if let file = note.file, let range = note.range {
                output += located(.note, note.message.text, file: file, range: range)
            } else {
                output += paint(severityLabel(.note), Style.severity(.note)) + paint(note.message.text, Style.bold) + "\n"
            }
        }
        return output
    }

    private func located(_ severity: Severity, _ message: String, file: SourceFile, range: SourceRange) -> String {
        let range = DiagnosticRenderer.displayRange(range, in: file)
        let location = file.location(of: range.start)
        var output = file.name == typedInputName ? "" : paint("\(SystemText.shown(file.name)):\(location.line):\(location.column): ", Style.bold)
        output += paint(severityLabel(severity), Style.severity(severity))
        output += paint(message, Style.bold) + "\n"
        output += snippet(file: file, range: range, line: location.line)
        return output
    }

    private func severityLabel(_ severity: Severity) -> String { "\(severity.rawValue): " }

    /// The source line and a caret line under `range` (`~` under the rest
    /// of the range on that line).
    private func snippet(file: SourceFile, range: SourceRange, line: Int) -> String {
        let lineBytes = file.byteRange(ofLine: line)
        let start = min(max(Int(range.start), lineBytes.lowerBound), lineBytes.upperBound)
        let end = min(max(Int(range.end), start), lineBytes.upperBound)
        // A very long line is cut to a window around the place, so one
        // error in a 10 MB line does not print 10 MB (nor decode it all).
        let window = DiagnosticRenderer.window
        let long = lineBytes.count > window.longLine
        let shownStart = long ? max(lineBytes.lowerBound, start - window.before * 4) : lineBytes.lowerBound
        let shownEnd = long ? min(lineBytes.upperBound, end + window.after * 4, start + window.range * 4) : lineBytes.upperBound
        var prefix = DiagnosticRenderer.sanitized(file.bytes[shownStart..<start])
        var underlined = DiagnosticRenderer.sanitized(file.bytes[start..<max(start, min(end, shownEnd))])
        var rest = DiagnosticRenderer.sanitized(file.bytes[min(max(end, start), shownEnd)..<shownEnd])
        if long {
            if shownStart > lineBytes.lowerBound || prefix.count > window.before {
                prefix = "…" + String(prefix.suffix(window.before - 1))
            }
            if underlined.count > window.range {
                underlined = String(underlined.prefix(window.range - 1)) + "…"
                rest = ""
            } else if shownEnd < lineBytes.upperBound || rest.count > window.after {
                rest = String(rest.prefix(window.after - 1)) + "…"
            }
        }

        var caret = ""
        for character in prefix {
            caret.append(character == "\t" ? "\t" : " ")
        }
        let tildes = max(0, underlined.count - 1)
        let marker = "^" + String(repeating: "~", count: tildes)
        return prefix + underlined + rest + "\n" + caret + paint(marker, Style.caret) + "\n"
    }

    /// Where to point for `range`. End of input right after a final
    /// newline is shown at the end of the last line rather than on an
    /// empty line of its own.
    static func displayRange(_ range: SourceRange, in file: SourceFile) -> SourceRange {
        let count = UInt32(file.bytes.count)
        if range.start == count, count > 0, file.bytes[Int(count) - 1] == UInt8(ascii: "\n") {
            return SourceRange(at: count - 1)
        }
        return range
    }

    /// How much of a long line a diagnostic shows, in characters: before
    /// the place, of the place itself, and after it.
    /// Lines of up to `longLine` bytes are shown whole.
    static let window = (before: 60, range: 80, after: 40, longLine: 240)

    /// Decodes bytes for display, replacing control characters (except tab)
    /// and invalid UTF-8 with U+FFFD.
    static func sanitized(_ bytes: ArraySlice<UInt8>) -> String {
        var text = ""
        for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
            if (scalar.value < 0x20 && scalar != "\t") || scalar.value == 0x7F {
                text.unicodeScalars.append("\u{FFFD}")
            } else {
                text.unicodeScalars.append(scalar)
            }
        }
        return text
    }

    // MARK: - Colour

    private enum Style {
        static let bold = "\u{1B}[1m"
        static let caret = "\u{1B}[1;32m"
        static func severity(_ severity: Severity) -> String {
            switch severity {
            case .error: "\u{1B}[1;31m"
            case .warning: "\u{1B}[1;35m"
            case .note: "\u{1B}[1;36m"
            }
        }
    }

    private func paint(_ text: String, _ style: String) -> String {
        useColor ? style + text + "\u{1B}[0m" : text
    }
}
