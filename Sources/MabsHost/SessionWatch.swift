import MabsLanguage

/// Someone who follows a session from beside its terminal (the live view):
/// what each entry shows, and the moment each entry is done. Called on the
/// session's own thread; a watcher must never make it wait.
public protocol SessionWatcher: AnyObject {
    /// Text an entry wrote (output and notices), as it was written.
    func wrote(_ text: String)
    /// A diagnostic an entry reported.
    func reported(_ diagnostic: Diagnostic)
    /// An entry is done (a REPL entry, a play entry, a script run before
    /// the prompt): the session is at rest until the next one. `shown` is
    /// the entry as the terminal showed it (secrets masked); nil when
    /// nothing was typed (the session as it starts).
    func entryFinished(_ session: Session, shown: String?)
}

/// A session's output that a `SessionWatcher` sees too, and that can keep
/// a copy of what one entry shows (a posted statement's answer).
public final class WatchedOutput: ScriptOutput {
    public let base: ScriptOutput
    public let watcher: SessionWatcher?
    /// What was shown since `capture` was set: text, then diagnostics.
    public var capture: (text: String, diagnostics: [Diagnostic])?

    public init(_ base: ScriptOutput, watcher: SessionWatcher?) {
        self.base = base
        self.watcher = watcher
    }

    public func write(_ text: String) {
        base.write(text)
        watcher?.wrote(text)
        capture?.text += text
    }

    public func notice(_ text: String) {
        base.notice(text)
        watcher?.wrote(text)
        capture?.text += text
    }

    public func report(_ diagnostic: Diagnostic) {
        base.report(diagnostic)
        watcher?.reported(diagnostic)
        capture?.diagnostics.append(diagnostic)
    }

    public func flush() { base.flush() }
    public func record(_ event: CheckEvent) { base.record(event) }
}

/// Statements that arrive from elsewhere than the keyboard (the live
/// view's `POST /run`), run at the REPL's prompt as if typed there.
public protocol PostedStatements: AnyObject {
    /// A descriptor that is readable while a statement waits (a self-pipe),
    /// watched beside the keyboard.
    var wakeDescriptor: Int32 { get }
    /// The next statement waiting, if any. Once taken, it is the REPL's to
    /// run and answer.
    func take() -> PostedStatement?
}

/// One statement posted to the prompt, and who waits for what it did.
public final class PostedStatement: @unchecked Sendable {
    public let source: String
    private let answer: @Sendable (PostedOutcome) -> Void

    public init(source: String, answer: @escaping @Sendable (PostedOutcome) -> Void) {
        self.source = source
        self.answer = answer
    }

    /// Says what came of it, once.
    public func finish(_ outcome: PostedOutcome) { answer(outcome) }
}

/// What came of a posted statement.
public enum PostedOutcome: Sendable {
    /// It did not run: it does not parse, is unfinished, or the checker
    /// refused it. Nothing was shown at the prompt and nothing changed.
    case refused(diagnostics: [Diagnostic], incomplete: Bool)
    /// It ran, as if typed: `shown` is the statement as the prompt and the
    /// history show it (secrets masked), `output` what it wrote, and
    /// `diagnostics` what it reported (errors, failed checks, warnings).
    case ran(shown: String, output: String, diagnostics: [Diagnostic])
}
