import MabsPresentation

// The one place diagnostics become text:
//
//   script.mabs:3:7: error: expected a service name after 'start', found end of line
//   start
//         ^
//   script.mabs:1:4: note: '{' opened here
//   ...
//
// Columns count characters. Everything shown that came from input (the
// file's name, the source line, the message's values) has its control
// characters escaped (`TerminalText`: `\r`, `\u{1B}`, `\u{202E}`), so
// hostile input cannot drive the terminal or reorder the line. The caret is
// placed by display width under the line as shown: wide characters (CJK,
// emoji) take two columns, combining marks none, an escape its length, and
// the caret line copies the source line's tabs, so the caret stays aligned
// however the terminal expands them.

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
        var output: [UInt8] = []
        for diagnostic in diagnostics { render(diagnostic, into: &output) }
        return String(decoding: output, as: UTF8.self)
    }

    /// One diagnostic and its notes; ends with a newline.
    public func render(_ diagnostic: Diagnostic) -> String {
        var output: [UInt8] = []
        render(diagnostic, into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends one diagnostic and its notes to `output`, as UTF-8: a host
    /// that writes many (a script's warnings) keeps one buffer for them
    /// all and writes it as it is.
    public func render(_ diagnostic: Diagnostic, into output: inout [UInt8]) {
        located(diagnostic.severity, diagnostic.message.text, file: diagnostic.file, range: diagnostic.range, into: &output)
        for note in diagnostic.notes {
            if let file = note.file, let range = note.range {
                located(.note, note.message.text, file: file, range: range, into: &output)
            } else if case .remark(.groupedWarning) = note.message {
                // One of the warnings the header above counts: a line each.
                output.write("  - ")
                output.write(TerminalText.escaped(note.message.text))
                output.write("\n")
            } else {
                paint(severityLabel(.note), Style.severity(.note), into: &output)
                paint(TerminalText.escaped(note.message.text), Style.bold, into: &output)
                output.write("\n")
            }
        }
    }

    private func located(_ severity: Severity, _ message: String, file: SourceFile, range: SourceRange, into output: inout [UInt8]) {
        let range = DiagnosticRenderer.displayRange(range, in: file)
        let location = file.location(of: range.start)
        if file.name != typedInputName {
            if useColor { output.write(Style.bold) }
            output.write(TerminalText.escaped(SystemText.shown(file.name)))
            output.write(":")
            output.write(String(location.line))
            output.write(":")
            output.write(String(location.column))
            output.write(": ")
            if useColor { output.write(Style.reset) }
        }
        paint(severityLabel(severity), Style.severity(severity), into: &output)
        paint(TerminalText.escaped(message), Style.bold, into: &output)
        output.write("\n")
        snippet(file: file, range: range, line: location.line, into: &output)
    }

    private func severityLabel(_ severity: Severity) -> String { severity.rawValue + ": " }

    /// The source line and a caret line under `range` (`~` under the rest
    /// of the range on that line).
    private func snippet(file: SourceFile, range: SourceRange, line: Int, into output: inout [UInt8]) {
        let lineBytes = file.byteRange(ofLine: line)
        let start = min(max(Int(range.start), lineBytes.lowerBound), lineBytes.upperBound)
        let end = min(max(Int(range.end), start), lineBytes.upperBound)
        // A very long line is cut to a window around the place, so one
        // error in a 10 MB line does not print 10 MB (nor decode it all).
        let window = DiagnosticRenderer.window
        let long = lineBytes.count > window.longLine
        if !long, file.bytes[lineBytes].allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x09 }) {
            // Printable ASCII and tabs, the common case: shown as it is,
            // a column a byte, nothing to escape or measure.
            output += file.bytes[lineBytes]
            output.append(UInt8(ascii: "\n"))
            for byte in file.bytes[lineBytes.lowerBound..<start] { output.append(byte == 0x09 ? 0x09 : UInt8(ascii: " ")) }
            return marker(columns: end - start, into: &output)
        }
        let shownStart = long ? max(lineBytes.lowerBound, start - window.before * 4) : lineBytes.lowerBound
        let shownEnd = long ? min(lineBytes.upperBound, end + window.after * 4, start + window.range * 4) : lineBytes.upperBound
        var prefix = String(decoding: file.bytes[shownStart..<start], as: UTF8.self)
        var underlined = String(decoding: file.bytes[start..<max(start, min(end, shownEnd))], as: UTF8.self)
        var rest = String(decoding: file.bytes[min(max(end, start), shownEnd)..<shownEnd], as: UTF8.self)
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
        prefix = TerminalText.escaped(prefix, as: .line)
        underlined = TerminalText.escaped(underlined, as: .line)
        rest = TerminalText.escaped(rest, as: .line)
        output.write(prefix)
        output.write(underlined)
        output.write(rest)
        output.write("\n")
        for character in prefix {
            if character == "\t" {
                output.append(0x09)
            } else {
                output += repeatElement(UInt8(ascii: " "), count: TerminalText.width(of: character))
            }
        }
        marker(columns: underlined.reduce(0) { $0 + ($1 == "\t" ? 1 : TerminalText.width(of: $1)) }, into: &output)
    }

    /// The caret and the `~` under the rest of a range `columns` wide,
    /// and the line's end.
    private func marker(columns: Int, into output: inout [UInt8]) {
        if useColor { output.write(Style.caret) }
        output.append(UInt8(ascii: "^"))
        if columns > 1 { output += repeatElement(UInt8(ascii: "~"), count: columns - 1) }
        if useColor { output.write(Style.reset) }
        output.append(UInt8(ascii: "\n"))
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

    // MARK: - Colour

    private enum Style {
        static let bold = "\u{1B}[1m"
        static let caret = "\u{1B}[1;32m"
        static let reset = "\u{1B}[0m"
        static func severity(_ severity: Severity) -> String {
            switch severity {
            case .error: "\u{1B}[1;31m"
            case .warning: "\u{1B}[1;35m"
            case .note: "\u{1B}[1;36m"
            }
        }
    }

    private func paint(_ text: String, _ style: String, into output: inout [UInt8]) {
        if useColor { output.write(style) }
        output.write(text)
        if useColor { output.write(Style.reset) }
    }
}

extension [UInt8] {
    /// Appends `text` as UTF-8.
    fileprivate mutating func write(_ text: String) { append(contentsOf: text.utf8) }
}
