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

extension Machine {
    /// `expect warning [KIND | TEXT] { }` and `expect no warning { }`
    /// begin: a bare word that names no kind stops the script; the block's
    /// warnings are gathered from here.
    func expectWarningStart(_ expectation: WarningExpectation, _ chunk: Chunk) throws {
        if let word = expectation.kind, let problem = Expectations.unknownKind(word, interner, warning: true) {
            throw RuntimeError(problem, Site(file: chunk.file, range: word.range))
        }
        bridge.expectingWarnings.append([])
    }

    /// The block ended: `expect warning` passes when it gave such a
    /// warning; `expect no warning`, when it gave none. (An error in the
    /// block stops the script, as it would outside.)
    func expectWarningEnd(_ expectation: WarningExpectation, _ chunk: Chunk) throws {
        let given = bridge.expectingWarnings.removeLast()
        let text: String? = if expectation.hasText, case .string(let text) = stack.removeLast() { text } else { nil }
        let kind = expectation.kind.flatMap { word -> LifecycleWarning.Kind? in
            guard case .word(let symbol) = word.kind else { return nil }
            return LifecycleWarning.Kind(named: interner[symbol])
        }
        let at = Site(file: chunk.file, range: expectation.range)
        var event = CheckEvent(.expectWarning, .passed, file: chunk.file, range: expectation.checkRange)
        let texts = given.map {
            secrets.asShown(Diagnostic(.warning, .runtime(.lifecycleWarning($0)), file: at.file, range: at.range)).message.text
        }
        if expectation.none {
            guard let first = texts.first else {
                session.passed += 1
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
            session.passed += 1
            return record(check: event)
        }
        let phrase = Message.aWarning(ofKind: kind, containing: text)
        event.expected = phrase
        event.found = texts.isEmpty ? Message.noWarning : texts.joined(separator: "; ")
        try fail(.missingWarning(wanted: phrase, found: texts.count), at, event: event)
    }
}
