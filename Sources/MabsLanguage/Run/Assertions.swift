import Lifecycle

/// `assert` and `expect error`: each is one check. A failed check is
/// reported with what was found, and the script goes on (unless `--bail`).
/// Every check, passed or failed, is also recorded as a `CheckEvent`.
extension Interpreter {
    func check(assertion condition: Expr, _ at: Site) throws {
        if try self.condition(condition, at.file, for: "assert") {
            session.passed += 1
            output.record(secrets.asShown(CheckEvent(.assertion, .passed, file: at.file, range: at.range)))
            return
        }
        let source = secrets.revealed.shown(at.file).text(of: condition.range)
        let found = (try? explainFalse(condition, at.file)) ?? nil
        var event = CheckEvent(.assertion, .failed, file: at.file, range: at.range)
        event.expected = CheckEvent.oneLine(source)
        event.found = found?.finding
        try fail(.assertionFailed(CheckEvent.oneLine(source)), Site(file: at.file, range: condition.range),
                 notes: found.map { [Note($0)] } ?? [], event: event)
    }

    func check(expectError expected: Expr?, body: Block, _ at: Site) throws {
        let expected = try expected.map { try text($0, at.file, "as an error message") }
        // The check is `expect error "TEXT"`, without its block.
        var event = CheckEvent(.expectError, .passed, file: at.file, range: CheckEvent.expectErrorRange(at.range, body: body))
        do {
            // A mistake the checker sees in the block is the block's error,
            // found now that it runs (as a `load` in it would be): nothing
            // in the block runs, as nothing in a file with errors does.
            if let refusal = checkError(in: body, at.file) { throw refusal }
            try execute(body.statements, in: at.file)
        } catch let error as RuntimeError where error.message != .interrupted && !error.message.isStepLimit {
            // As the error would show: what it quotes of a secret hidden.
            let text = secrets.asShown(error.diagnostic).message.text
            if let expected, !text.lowercased().contains(expected.lowercased()) {
                event.expected = Message.anError(containing: expected)
                event.found = text
                return try fail(.wrongError(expected: expected, got: text), at, event: event)
            }
            session.passed += 1
            output.record(secrets.asShown(event))
            return
        }
        event.expected = Message.anError(containing: expected)
        event.found = Message.noErrorFound
        try fail(.missingError(expected: expected), at, event: event)
    }

    /// The first error the checker finds in an `expect error` block, with
    /// what this run knows: the procedures defined so far and those the
    /// block defines; a file the block loads is not yet known.
    private func checkError(in body: Block, _ file: SourceFile) -> RuntimeError? {
        let survey = Checker.survey(Script(statements: body.statements))
        var checker = Checker(interner: interner)
        checker.knownProcedures = survey.definitions.union(variables.procedures.keys)
        checker.warnUnusedValues = false
        checker.loadsUnseenFiles = survey.loadsUnseenFiles || !survey.loads.isEmpty
        guard let diagnostic = checker.firstError(in: body, of: file)?.hidingSecrets(),
              case .runtime(let message) = diagnostic.message else { return nil }
        return RuntimeError(message, Site(file: file, range: diagnostic.range), notes: diagnostic.notes)
    }

    private func fail(_ message: Message.Runtime, _ at: Site, notes: [Note] = [], event: CheckEvent) throws {
        session.failed += 1
        let diagnostic = secrets.asShown(Diagnostic(.error, .runtime(message), file: at.file, range: at.range, notes: notes))
        output.report(diagnostic)
        var event = event
        event.outcome = .failed
        event.message = diagnostic.message.text
        event.diagnostic = diagnostic
        output.record(secrets.asShown(event))
        if options.bail { throw Unwind.bail }
    }

    /// What made a condition false, in words, for the forms where that can
    /// be said without running anything twice that has effects.
    private func explainFalse(_ expression: Expr, _ file: SourceFile) throws -> Message.Remark? {
        guard isPure(expression) else { return nil }
        switch expression.kind {
        case .is(let subject, _, _):
            let service = try service(subject, file)
            return .foundState(service: service.name, state: service.state)
        case .can(let subject, let operation, _, let negated):
            let service = try service(subject, file)
            return .foundAllowance(service: service.name, state: service.state, operation: operation.keyword, allowed: negated)
        case .chain(let first, let links) where links[0].op == .and:
            let operands = [first] + links.map(\.operand)
            guard let failing = try operands.first(where: { try !condition($0, file, for: "and") }) else { return nil }
            return try explainFalse(failing, file)
        case .binary(let op, let left, let right) where op.isComparison:
            let l = try evaluate(left, file), r = try evaluate(right, file)
            // Beside a secret, the other side may be the secret typed out.
            if l.holdsSecret { return .foundSides(left: l.literal, right: r.holdsSecret ? r.literal : "(not shown)") }
            if r.holdsSecret { return .foundSides(left: "(not shown)", right: r.literal) }
            return .foundSides(left: l.literal, right: r.literal)
        case .call(let callee, let arguments) where interner[callee.symbol] == "exists":
            return .foundNoService(try text(arguments[0], file, "as a name"))
        default:
            return nil
        }
    }

    /// Whether evaluating the expression again cannot change anything: it
    /// calls no user procedure.
    private func isPure(_ expression: Expr) -> Bool {
        struct Purity: SyntaxVisitor {
            let interner: Interner
            var pure = true
            mutating func visit(_ expression: Expr) -> WalkChoice {
                if case .call(let callee, _) = expression.kind, Builtins.function(interner[callee.symbol]) == nil { pure = false }
                return pure ? .visitParts : .skipParts
            }
            /// A name (`is`'s state) is not evaluated again.
            func visit(_ part: SyntaxPart) -> WalkChoice {
                if case .name = part { .skipParts } else { .visitParts }
            }
        }
        var purity = Purity(interner: interner)
        purity.walk(expression)
        return purity.pure
    }
}

/// One check's outcome (an `assert`, an `expect error`), or an error that
/// stopped a script or kept it from running: what reports such as TAP and
/// JUnit are made of. The interpreter records one for every check it makes
/// and for the runtime error (or interrupt) that stops a script
/// (`ScriptOutput.record`); a host makes the `.rejected` ones.
///
/// Its place and source text are worked out only when asked for, so a
/// check in a long loop costs little when nobody keeps reports.
public struct CheckEvent: Sendable {
    public enum Kind: Sendable, Equatable {
        /// An `assert`.
        case assertion
        /// An `expect error` block.
        case expectError
        /// A runtime error (or an interrupt, or the step limit) stopped the
        /// script; always `.failed`.
        case stopped
        /// A syntax or check error, or an unreadable file: nothing ran.
        /// Always `.failed`.
        case rejected
    }

    public enum Outcome: Sendable, Equatable {
        case passed, failed
        /// A check written in a script that never ran there: the script
        /// stopped before it, or never ran (`CheckSites`). Its `message`
        /// says which, as reports give it.
        case notRun
    }

    public var kind: Kind
    public var outcome: Outcome
    /// The name of the file the check is written in (a loaded file's own
    /// name, for a check in a file pulled in by `load`).
    public var file: String
    /// The source the event is about, when it has one (not for a file that
    /// could not be read).
    public var sourceFile: SourceFile?
    /// For a check, its statement (an `expect error` without its block);
    /// for an error, the range its diagnostic points at.
    public var range: SourceRange
    /// For a failure or an error: its diagnostic's message.
    public var message: String?
    /// For a failed check: what it expected (the condition of an `assert`,
    /// `an error containing "TEXT"`), and what was found, where known (the
    /// `found:` note of an `assert`, the error that came instead).
    public var expected: String?
    public var found: String?
    /// For a failure or an error: the diagnostic, as reported.
    public var diagnostic: Diagnostic?

    public init(
        _ kind: Kind, _ outcome: Outcome, file: SourceFile, range: SourceRange,
        message: String? = nil, expected: String? = nil, found: String? = nil, diagnostic: Diagnostic? = nil
    ) {
        self.kind = kind
        self.outcome = outcome
        self.file = file.name
        self.sourceFile = file
        self.range = range
        self.message = message
        self.expected = expected
        self.found = found
        self.diagnostic = diagnostic
    }

    /// A failure with no place in a source: a file that could not be read.
    public init(rejectedFile name: String, message: String) {
        kind = .rejected
        outcome = .failed
        file = name
        sourceFile = nil
        range = SourceRange(at: 0)
        self.message = message
    }

    /// The runtime error that stopped a script, from its diagnostic.
    public init(stoppedBy diagnostic: Diagnostic) {
        self.init(diagnostic, kind: .stopped)
    }

    /// A syntax or check error that kept a script from running.
    public init(rejectedBy diagnostic: Diagnostic) {
        self.init(diagnostic, kind: .rejected)
    }

    private init(_ diagnostic: Diagnostic, kind: Kind) {
        self.init(kind, .failed, file: diagnostic.file,
                  range: DiagnosticRenderer.displayRange(diagnostic.range, in: diagnostic.file),
                  message: diagnostic.message.text, diagnostic: diagnostic)
    }

    /// Where the event's source starts (1-based), as a diagnostic says it;
    /// nil without a source.
    public var location: LineColumn? {
        sourceFile.map { $0.location(of: range.start) }
    }

    /// `FILE:LINE:COLUMN` of the diagnostic, as its rendered text begins;
    /// nil without one.
    public var diagnosticPlace: String? {
        guard let diagnostic else { return nil }
        let file = diagnostic.file
        let place = file.location(of: DiagnosticRenderer.displayRange(diagnostic.range, in: file).start)
        return "\(SystemText.shown(file.name)):\(place.line):\(place.column)"
    }

    /// The source text on one line: a check's statement, spaces and line
    /// breaks collapsed (`assert contoso is Active`, `expect error "not
    /// allowed"`); for a runtime error, the first line of what it points
    /// at (`resume contoso`); for a syntax or check error, and an error
    /// that points at nothing, the line it is on. Empty without a source.
    public var source: String {
        guard let sourceFile else { return "" }
        switch kind {
        case .assertion, .expectError:
            return CheckEvent.oneLine(sourceFile.text(of: range))
        case .stopped, .rejected:
            if kind == .stopped {
                let text = sourceFile.text(of: range)
                let first = CheckEvent.oneLine(String(text.prefix { !$0.isNewline }))
                if !first.isEmpty { return first }
            }
            let line = sourceFile.byteRange(ofLine: sourceFile.line(of: range.start))
            return CheckEvent.oneLine(String(decoding: sourceFile.bytes[line], as: UTF8.self))
        }
    }

    /// `text` on one line: runs of spaces, tabs and line breaks become one
    /// space; no space at either end. (Reports escape the other control
    /// characters, as every channel does.)
    static func oneLine(_ text: String) -> String {
        var result = ""
        var space = false
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                space = true
                continue
            }
            if space && !result.isEmpty { result.unicodeScalars.append(" ") }
            space = false
            result.unicodeScalars.append(scalar)
        }
        return result
    }
}
