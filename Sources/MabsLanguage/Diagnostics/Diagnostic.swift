// Diagnostics are values: produced by the lexer, the parser and the
// interpreter, printed only by `DiagnosticRenderer`.

public enum Severity: String, Sendable {
    case error, warning, note
}

/// Extra information attached to a diagnostic, optionally pointing at
/// another place (such as where an unclosed `{` was opened).
public struct Note: Sendable {
    public var message: Message
    /// The file `range` refers to; `nil` for a note without a location.
    public var file: SourceFile?
    public var range: SourceRange?

    public init(_ remark: Message.Remark, file: SourceFile? = nil, range: SourceRange? = nil) {
        self.message = .remark(remark)
        self.file = file
        self.range = range
    }
}

public struct Diagnostic: Sendable {
    public var severity: Severity
    public var file: SourceFile
    public var range: SourceRange
    public var message: Message
    public var notes: [Note]

    public init(_ severity: Severity, _ message: Message, file: SourceFile, range: SourceRange, notes: [Note] = []) {
        self.severity = severity
        self.message = message
        self.file = file
        self.range = range
        self.notes = notes
    }

    public static func error(_ message: Message, file: SourceFile, range: SourceRange, notes: [Note] = []) -> Diagnostic {
        Diagnostic(.error, message, file: file, range: range, notes: notes)
    }

    /// The same diagnostic about `file`, a masked copy of its file: notes
    /// about the same file follow it.
    func moved(to file: SourceFile) -> Diagnostic {
        guard file !== self.file, file.name == self.file.name else { return self }
        var moved = self
        moved.file = file
        moved.notes = notes.map { note in
            var note = note
            if note.file?.name == file.name { note.file = file }
            return note
        }
        return moved
    }

    /// `file:line:column` of the start of the range.
    public var location: LineColumn { file.location(of: range.start) }
}
