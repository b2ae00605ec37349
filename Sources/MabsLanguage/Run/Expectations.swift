import Lifecycle

// `expect warning` and `expect no warning`, and the kinds `expect error`
// and `expect warning` name: a bare word is a kind, any other expression a
// text the message contains.

/// What the checker sees of the kinds a check names.
enum Expectations {
    /// The error for a bare word that names no kind of error (or, with
    /// `warning`, of warning); nil for a kind, or for a text.
    static func unknownKind(_ expression: Expr, _ interner: Interner, warning: Bool) -> Message.Runtime? {
        guard case .word(let symbol) = expression.kind else { return nil }
        let word = interner[symbol]
        if warning {
            guard LifecycleWarning.Kind(named: word) == nil else { return nil }
            return .unknownWarningKind(word, suggestion: suggestion(for: word.lowercased(), among: LifecycleWarning.Kind.allCases.map(\.name)))
        }
        if let kind = ErrorKind(named: word), ErrorKind.catchable.contains(kind) { return nil }
        return .unknownErrorKind(word, suggestion: suggestion(for: word.lowercased(), among: ErrorKind.catchable.map(\.name)))
    }
}

extension Interpreter {
    /// The kind of error a bare word names; nil for any other expression.
    func errorKind(_ expression: Expr, _ file: SourceFile) throws -> ErrorKind? {
        guard case .word(let symbol) = expression.kind else { return nil }
        if let problem = Expectations.unknownKind(expression, interner, warning: false) {
            throw RuntimeError(problem, Site(file: file, range: expression.range))
        }
        return ErrorKind(named: interner[symbol])
    }

    /// `expect warning [KIND | TEXT] { }`: passes when the block gave such
    /// a warning; `expect no warning { }`, when it gave none. An error in
    /// the block stops the script, as it would outside.
    func check(expectWarning wanted: Expr?, none: Bool, body: Block, _ at: Site) throws {
        var kind: LifecycleWarning.Kind?
        var text: String?
        if let wanted {
            if case .word(let symbol) = wanted.kind {
                if let problem = Expectations.unknownKind(wanted, interner, warning: true) {
                    throw RuntimeError(problem, Site(file: at.file, range: wanted.range))
                }
                kind = LifecycleWarning.Kind(named: interner[symbol])
            } else {
                text = try self.text(wanted, at.file, "as a warning's text")
            }
        }
        var event = CheckEvent(.expectWarning, .passed, file: at.file, range: CheckEvent.expectErrorRange(at.range, body: body))
        expectingWarnings.append([])
        do {
            try execute(body.statements, in: at.file)
        } catch {
            expectingWarnings.removeLast()
            throw error
        }
        let given = expectingWarnings.removeLast()
        let texts = given.map { asShown(Diagnostic(.warning, .runtime(.lifecycleWarning($0)), file: at.file, range: at.range)).message.text }
        if none {
            guard let first = texts.first else {
                passed += 1
                return record(check: event)
            }
            event.expected = Message.noWarning
            event.found = texts.joined(separator: "; ")
            return try fail(.unexpectedWarning(first), at, event: event)
        }
        let matches = zip(given, texts).contains { warning, shown in
            if let kind { return warning.kind == kind }
            if let text { return shown.lowercased().contains(text.lowercased()) }
            return true
        }
        if matches {
            passed += 1
            return record(check: event)
        }
        let phrase = Message.aWarning(ofKind: kind, containing: text)
        event.expected = phrase
        event.found = texts.isEmpty ? Message.noWarning : texts.joined(separator: "; ")
        try fail(.missingWarning(wanted: phrase, found: texts.count), at, event: event)
    }
}
