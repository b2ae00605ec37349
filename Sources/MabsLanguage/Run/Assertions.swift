import Lifecycle

/// `assert` and `expect error`: each is one check. A failed check is
/// reported with what was found, and the script goes on (unless `--bail`).
/// Every check, passed or failed, is also recorded as a `CheckEvent`.
extension Machine {
    // MARK: assert

    /// An assertion's condition, on top: true is a check passed; false
    /// goes on into the code that says why (`remark`), then
    /// `assertFailed`. The source is taken as it shows now, before that
    /// code runs.
    func assert(_ assertion: Assertion, _ chunk: Chunk, at range: SourceRange) throws -> Bool {
        let value = stack.removeLast()
        guard case .bool(let holds) = value.plain else {
            throw RuntimeError(.expectedValue(.condition, for: "assert", found: value.literal),
                               Site(file: chunk.file, range: assertion.condition.range))
        }
        if holds {
            session.passed += 1
            var event = CheckEvent(.assertion, .passed, file: chunk.file, range: range)
            event.label = assertion.name
            record(check: event)
            let shown = secrets.revealed.shown(chunk.file).text(of: assertion.condition.range)
            bridge.acknowledge { _ in .assertionHeld(CheckEvent.oneLine(shown)) }
            return true
        }
        assertionSource = secrets.revealed.shown(chunk.file).text(of: assertion.condition.range)
        remarkFound = nil
        return false
    }

    func assertFailed(_ assertion: Assertion, _ chunk: Chunk, at range: SourceRange) throws {
        let found = remarkFound
        remarkFound = nil
        var event = CheckEvent(.assertion, .failed, file: chunk.file, range: range)
        event.label = assertion.name
        event.expected = CheckEvent.oneLine(assertionSource)
        event.found = found?.finding
        let message: Message.Runtime = assertion.name.map { .namedAssertionFailed($0, CheckEvent.oneLine(assertionSource)) }
            ?? .assertionFailed(CheckEvent.oneLine(assertionSource))
        try fail(message, Site(file: chunk.file, range: assertion.condition.range),
                 notes: found.map { [Note($0)] } ?? [], event: event)
    }

    /// What made an assertion false, from the values on top.
    func remark(_ kind: Remark, _ at: @autoclosure () -> Site) throws {
        switch kind {
        case .state:
            let service = try service(stack.removeLast(), at())
            remarkFound = .foundState(service: service.name, state: service.state)
        case .allowance(let operation, let negated):
            // Refused by the table, or allowed: the state says why.
            let subject = stack.removeLast()
            switch try bridge.refusal(operation, on: subject, at()) {
            case nil, .notAllowed?:
                let name = try text(of: subject, "as a name", at())
                guard let service = engine.service(named: name) else {
                    remarkFound = .foundNoService(name)
                    return
                }
                remarkFound = .foundAllowance(service: service.name, state: service.state, operation: operation.keyword, allowed: negated)
            case let refusal?:
                remarkFound = .foundRefusal(refusal)
            }
        case .sides:
            let r = stack.removeLast(), l = stack.removeLast()
            // Beside a secret, the other side may be the secret typed out.
            remarkFound = if l.holdsSecret {
                .foundSides(left: l.literal, right: r.holdsSecret ? r.literal : "(not shown)")
            } else if r.holdsSecret {
                .foundSides(left: "(not shown)", right: r.literal)
            } else {
                .foundSides(left: l.literal, right: r.literal)
            }
        case .noService:
            guard case .string(let name) = stack.removeLast() else { preconditionFailure("a name") }
            remarkFound = .foundNoService(name)
        case .none:
            remarkFound = nil
        }
    }

    // MARK: expect error

    /// A bare word names a kind of error (`expect error not-allowed`),
    /// refused before the block when the checker did not see it.
    func expectKind(_ expectation: Expectation, _ chunk: Chunk) throws {
        if let word = expectation.kind, let problem = Expectations.unknownKind(word, interner, warning: false) {
            throw RuntimeError(problem, Site(file: chunk.file, range: word.range))
        }
    }

    /// A mistake the checker sees in the block is the block's error, found
    /// now that it runs (as a `load` in it would be): nothing in the block
    /// runs, as nothing in a file with errors does.
    func expectStart(_ expectation: Expectation, _ chunk: Chunk) throws {
        if let refusal = checkError(in: expectation.body, chunk.file) { throw refusal }
    }

    /// The block ended without an error.
    func expectEnd(_ expectation: Expectation, _ chunk: Chunk) throws {
        let expected = expectedMessage(expectation)
        let at = Site(file: chunk.file, range: expectation.range)
        var event = CheckEvent(.expectError, .passed, file: chunk.file, range: expectation.checkRange)
        event.found = Message.noErrorFound
        if let kind = errorKind(expectation) {
            event.expected = Message.anError(ofKind: kind)
            return try fail(.missingErrorKind(kind), at, event: event)
        }
        event.expected = Message.anError(containing: expected)
        try fail(.missingError(expected: expected), at, event: event)
    }

    /// The block ended in `error`.
    func expectCaught(_ error: RuntimeError, _ expectation: Expectation, _ chunk: Chunk) throws {
        let expected = expectedMessage(expectation)
        let at = Site(file: chunk.file, range: expectation.range)
        var event = CheckEvent(.expectError, .passed, file: chunk.file, range: expectation.checkRange)
        // As the error would show: what it quotes of a secret hidden.
        let text = secrets.asShown(error.diagnostic).message.text
        if let kind = errorKind(expectation), error.message.errorKind != kind {
            event.expected = Message.anError(ofKind: kind)
            event.found = text
            return try fail(.wrongErrorKind(expected: kind, got: error.message.errorKind, message: text), at, event: event)
        }
        if let expected, !text.lowercased().contains(expected.lowercased()) {
            event.expected = Message.anError(containing: expected)
            event.found = text
            return try fail(.wrongError(expected: expected, got: text), at, event: event)
        }
        session.passed += 1
        record(check: event)
        bridge.acknowledge { _ in .errorExpected(CheckEvent.oneLine(text)) }
    }

    private func errorKind(_ expectation: Expectation) -> ErrorKind? {
        expectation.kind.flatMap { word in
            guard case .word(let symbol) = word.kind else { return nil }
            return ErrorKind(named: interner[symbol])
        }
    }

    private func expectedMessage(_ expectation: Expectation) -> String? {
        guard expectation.hasMessage else { return nil }
        guard case .string(let text) = stack.removeLast() else { preconditionFailure("a message") }
        return text
    }

    /// The first error the checker finds in an `expect error` block, with
    /// what this run knows: the procedures defined so far and those the
    /// block defines; a file the block loads is not yet known.
    private func checkError(in body: Block, _ file: SourceFile) -> RuntimeError? {
        let survey = Checker.survey(Script(statements: body.statements))
        var checker = Checker(interner: interner)
        checker.knownProcedures = survey.definitions.union(variables.definedProcedures.map(\.name))
        checker.warnUnusedValues = false
        checker.loadsUnseenFiles = survey.loadsUnseenFiles || !survey.loads.isEmpty
        guard let diagnostic = checker.firstError(in: body, of: file)?.hidingSecrets(),
              case .runtime(let message) = diagnostic.message else { return nil }
        return RuntimeError(message, Site(file: file, range: diagnostic.range), notes: diagnostic.notes)
    }

    /// A failed check: reported, recorded, counted; with `--bail`, the end
    /// of the run. In a `todo` block a failed check is expected: a
    /// warning, which neither fails the run nor stops it with --bail.
    func fail(_ message: Message.Runtime, _ at: Site, notes: [Note] = [], event: CheckEvent) throws {
        let todo = todoReasons.last
        var notes = notes
        if let todo { notes.append(Note(.todo(todo))) } else { session.failed += 1 }
        let diagnostic = secrets.asShown(Diagnostic(todo == nil ? .error : .warning, .runtime(message), file: at.file, range: at.range, notes: notes))
        output.report(diagnostic)
        var event = event
        event.outcome = .failed
        event.message = diagnostic.message.text
        event.diagnostic = diagnostic
        record(check: event)
        if options.bail && todo == nil { throw Unwind.bail }
    }

    /// Records a check's outcome, marked `todo` inside a `todo` block.
    func record(check event: CheckEvent) {
        var event = event
        if let todo = todoReasons.last { event.mark = .todo(todo) }
        output.record(secrets.asShown(event))
    }
}

/// Why a check is skipped, or expected to fail: `skip "REASON" { }`,
/// `todo "REASON" { }`.
public enum CheckMark: Sendable, Equatable {
    case skip(String)
    case todo(String)

    public var reason: String {
        switch self {
        case .skip(let reason), .todo(let reason): reason
        }
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
        /// An `expect warning` or `expect no warning` block.
        case expectWarning
        /// A runtime error (or an interrupt, or the step limit) stopped the
        /// script; always `.failed`.
        case stopped
        /// A syntax or check error, or an unreadable file: nothing ran.
        /// Always `.failed`.
        case rejected
    }

    public enum Outcome: Sendable, Equatable {
        case passed, failed
        /// A check in a `skip` block: its `mark` says why.
        case skipped
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
    /// The name `assert EXPR, "NAME"` gives the check: reports name it so.
    public var label: String?
    /// A check in a `skip` or `todo` block, and why.
    public var mark: CheckMark?

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
        case .assertion, .expectError, .expectWarning:
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
