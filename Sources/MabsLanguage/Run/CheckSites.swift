/// The checks a script holds, read from its syntax alone: every `assert`
/// and every `expect error` written in it, in source order, in every block
/// (`if` and `else` arms, loop bodies, procedure bodies, `expect error`
/// blocks) whether or not a run enters it.
///
/// Reports use them to say which checks a stopped run never reached (a
/// runtime error, `--bail`, Ctrl-C) and which checks of a script that did
/// not run at all it held. A check is one place in the source: a check in
/// a loop or a procedure is one site however many times it runs, so it is
/// "not run" only if it never ran.
///
/// This reads the parsed script, not the interpreter: whatever runs the
/// script (a compiler's code, later) keeps the same sites, and records
/// each check it makes at its site's range (`CheckEvent.range`).
enum CheckSites {
    /// The checks written in `statements`, with the range a check made
    /// at that place records.
    static func of(_ statements: [Stmt], in file: SourceFile) -> [CheckSite] {
        var finder = Finder(file: file)
        finder.walk(statements)
        return finder.sites
    }

    /// The checks, statement by statement; expressions hold none.
    private struct Finder: SyntaxVisitor {
        let file: SourceFile
        var sites: [CheckSite] = []

        mutating func visit(_ statement: Stmt) -> WalkChoice {
            switch statement.kind {
            case .assert(_, let name):
                sites.append(CheckSite(kind: .assertion, file: file, range: statement.range, label: name))
            case .expectError(_, let body):
                sites.append(CheckSite(kind: .expectError, file: file,
                                       range: CheckEvent.expectErrorRange(statement.range, body: body)))
            case .expectWarning(_, _, let body):
                sites.append(CheckSite(kind: .expectWarning, file: file,
                                       range: CheckEvent.expectErrorRange(statement.range, body: body)))
            default:
                break
            }
            return .visitParts
        }

        func visit(_ part: SyntaxPart) -> WalkChoice {
            if case .block = part { .visitParts } else { .skipParts }
        }
    }

    /// `sites` without repeats (a file loaded twice), in their first order.
    static func unique(_ sites: [CheckSite]) -> [CheckSite] {
        var seen = Set<CheckSiteKey>()
        return sites.filter { seen.insert($0.key).inserted }
    }
}

/// One check written in a script: what a report needs to name it before
/// it runs, a few words where its not-run `CheckEvent` takes a few
/// hundred bytes (a script of a million statements holds 200,000).
public struct CheckSite: Sendable {
    public var kind: CheckEvent.Kind
    public var file: SourceFile
    /// What a check made here records (`CheckEvent.range`).
    public var range: SourceRange
    /// The name `assert EXPR, "NAME"` gives it.
    public var label: String?

    init(kind: CheckEvent.Kind, file: SourceFile, range: SourceRange, label: String? = nil) {
        self.kind = kind
        self.file = file
        self.range = range
        self.label = label
    }

    /// The check as not run.
    public var event: CheckEvent {
        var event = CheckEvent(kind, .notRun, file: file, range: range)
        event.label = label
        return event
    }

    /// Where it is written.
    public var key: CheckSiteKey { CheckSiteKey(file: file.name, offset: range.start) }
}

/// Where a check is written: its file's name and where its range starts.
/// A check made at a site records an event with the same key.
public struct CheckSiteKey: Hashable, Sendable {
    public var file: String
    public var offset: UInt32

    public init(file: String, offset: UInt32) {
        self.file = file
        self.offset = offset
    }
}

extension CheckEvent {
    /// What an `expect error` check spans: the statement without its block.
    static func expectErrorRange(_ statement: SourceRange, body: Block) -> SourceRange {
        SourceRange(start: statement.start, end: max(statement.start, body.range.start))
    }
}
