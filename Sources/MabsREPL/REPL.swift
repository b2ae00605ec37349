#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MabsHost
import MabsLanguage

public enum EvaluationResult: Sendable, Equatable {
    /// More input could complete the entry: the REPL reads a continuation
    /// line and evaluates again with the longer text.
    case incomplete
    /// The entry was dealt with (run, or its errors reported).
    /// `historyEntry` is what history keeps of it: the text as typed, but
    /// with secrets masked.
    case done(historyEntry: String)
}

/// The language as the REPL sees it.
public protocol REPLEvaluator: AnyObject {
    /// Runs `source` (the whole buffered entry, possibly several lines).
    /// Returns `.incomplete` when the entry is unfinished (an open block,
    /// bracket or string, or a continuing `,`), or when it could still be
    /// continued by the next line and `inputIsWaiting()` says that line has
    /// already arrived (pasted text); the REPL then reads a continuation line
    /// and calls again with the longer text. `inputIsWaiting` may wait
    /// briefly, so ask it only when the answer matters.
    func evaluate(_ source: String, inputIsWaiting: () -> Bool) -> EvaluationResult
    /// Completion candidates for the word that ends at `cursor` in `line`; the candidates replace that word.
    func completions(line: String, cursor: Int) -> [String]
    /// Runs a statement posted from elsewhere (the live view) as a typed
    /// entry, `echo` showing it first; or refuses it, showing nothing.
    func evaluatePosted(_ source: String, echo: (String) -> Void) -> PostedOutcome
}

extension REPLEvaluator {
    /// An evaluator that takes no posted statements refuses them.
    public func evaluatePosted(_ source: String, echo: (String) -> Void) -> PostedOutcome {
        .refused(diagnostics: [], incomplete: false)
    }

    /// Evaluates `source` as typed, with no further input waiting.
    public func evaluate(_ source: String) -> EvaluationResult {
        evaluate(source, inputIsWaiting: { false })
    }
}

/// How the REPL presents itself. Built by whoever starts the REPL, usually
/// with `init(environment:capabilities:banner:)`.
public struct REPLConfiguration: Sendable {
    public var prompt: String
    public var continuationPrompt: String
    /// One line shown at start, only when interactive.
    public var banner: String?
    /// A person is typing (stdin is a terminal): the banner, a newline at
    /// Ctrl-D, Ctrl-D at the continuation prompt drops the unfinished
    /// statement, and entries go to history.
    public var isInteractive: Bool

    public static let defaultPrompt = "mabs> "
    public static let defaultContinuationPrompt = "...> "

    public init(
        prompt: String = REPLConfiguration.defaultPrompt,
        continuationPrompt: String = REPLConfiguration.defaultContinuationPrompt,
        banner: String? = nil,
        isInteractive: Bool = true
    ) {
        self.prompt = prompt
        self.continuationPrompt = continuationPrompt
        self.banner = banner
        self.isInteractive = isInteractive
    }

    /// The defaults, with prompts from `MABS_PROMPT` and `MABS_PROMPT2`
    /// when set, and interactivity from `capabilities`.
    public init(environment: [String: String], capabilities: TerminalCapabilities, banner: String? = nil) {
        self.init(banner: banner, isInteractive: capabilities.isInteractive)
        applyPrompts(from: environment)
    }

    /// Takes `MABS_PROMPT` and `MABS_PROMPT2` from `environment` when they are set.
    public mutating func applyPrompts(from environment: [String: String]) {
        if let value = environment["MABS_PROMPT"] { prompt = value }
        if let value = environment["MABS_PROMPT2"] { continuationPrompt = value }
    }
}

/// The read-evaluate loop. It owns the statement buffer and the history;
/// the reader owns the terminal; the evaluator owns the language.
public final class REPL<Reader: LineReader, Evaluator: REPLEvaluator> {
    public let reader: Reader
    public let evaluator: Evaluator
    public let configuration: REPLConfiguration
    public private(set) var history: HistoryStore?

    private let output: (String) -> Void
    private let warn: (String) -> Void
    private var historyBroken = false
    private var lastEntry: String?
    /// This session's entries as typed, by the masked text history shows
    /// of them: recalled unchanged, an entry runs with its real secrets.
    /// Kept in memory only, for this session; an entry recalled from an
    /// earlier session's file has only its mask, which the language
    /// refuses to run.
    private var typedEntries: [String: String] = [:]
    /// Statements posted from elsewhere (the live view), run at the
    /// primary prompt as if typed there.
    public var posted: PostedStatements?

    /// - Parameters:
    ///   - history: the persistent history, already loaded; nil for none.
    ///   - output: where the banner, the end-of-input newline and the word
    ///     about a dropped statement go: the terminal the prompts are on.
    ///   - warn: where the single history warning goes (stderr).
    public init(
        reader: Reader,
        evaluator: Evaluator,
        configuration: REPLConfiguration,
        history: HistoryStore? = nil,
        output: @escaping (String) -> Void = { writeAll(STDOUT_FILENO, $0) },
        warn: @escaping (String) -> Void = { writeAll(STDERR_FILENO, $0) }
    ) {
        self.reader = reader
        self.evaluator = evaluator
        self.configuration = configuration
        self.history = history
        self.output = output
        self.warn = warn
        for entry in history?.entries ?? [] {
            reader.addHistory(entry)
        }
        lastEntry = history?.entries.last
    }

    /// Runs until end of input, or `exit` or `quit` at the primary prompt.
    /// Returns the exit status: 0 then, 130 when Ctrl-C arrives while
    /// non-interactive input is being read. SIGTERM, or standard output
    /// refusing a write, ends it too, at the prompt or once the running
    /// statement has stopped (every finished entry is in the history by
    /// then), with `Interrupt.endingStatus`.
    public func run() -> Int32 {
        if configuration.isInteractive, let banner = configuration.banner {
            output(banner + "\n")
        }
        var pending: [String] = []
        while true {
            let prompt = pending.isEmpty ? configuration.prompt : configuration.continuationPrompt
            // Posted statements wait while a statement is being typed over
            // several lines: they run between entries, never inside one.
            switch reader.readLine(prompt: prompt, posted: pending.isEmpty ? postedSlot() : nil) {
            case .endOfInput:
                if configuration.isInteractive && !pending.isEmpty {
                    // Ctrl-D at the continuation prompt gives up the
                    // unfinished statement, not the session. (At the end of
                    // a terminal's input the next read ends the session.)
                    pending = []
                    output("\n" + Self.droppedStatementText + "\n")
                    continue
                }
                // Piped input that ends inside a statement drops it, as Lua does.
                if configuration.isInteractive { output("\n") }
                return 0
            case .interrupted:
                pending = []
                if let status = Interrupt.endingStatus { return end(status) }
                if !configuration.isInteractive { return 130 }
            case .line(let line):
                if pending.isEmpty, line.allSatisfy(\.isWhitespace) { continue }
                if pending.isEmpty, Self.isExitCommand(line) { return 0 }
                if pending.isEmpty, let word = Self.exitWithArgument(line) {
                    output(Notice.exitTakesNoArgument(word).text)
                    continue
                }
                pending.append(pending.isEmpty ? typedEntries[Self.trimmed(line)] ?? line : line)
                let source = pending.joined(separator: "\n")
                Interrupt.clear()
                let result = evaluator.evaluate(source, inputIsWaiting: { [reader] in reader.hasPendingInput() })
                Interrupt.clear()
                if case .done(let historyEntry) = result {
                    pending = []
                    // Trailing blanks (a completion's space) would defeat deduplication.
                    let entry = Self.trimmed(historyEntry)
                    if entry != Self.trimmed(source) { typedEntries[entry] = source }
                    record(entry)
                }
                if let status = Interrupt.endingStatus { return end(status) }
            }
        }
    }

    /// What the reader watches at the primary prompt: the posted
    /// statements' descriptor, and how to run what waits there, each as a
    /// typed entry: shown after the prompt (secrets masked, `...> ` before
    /// each further line), run, kept in the history.
    private func postedSlot() -> PostedSlot? {
        guard let posted else { return nil }
        return PostedSlot(descriptor: posted.wakeDescriptor) { [self] clear in
            var shown = false
            while Interrupt.endingStatus == nil, let statement = posted.take() {
                Interrupt.clear()
                let outcome = evaluator.evaluatePosted(statement.source) { echo in
                    if !shown { clear() }
                    shown = true
                    let lines = echo.split(separator: "\n", omittingEmptySubsequences: false)
                    output(configuration.prompt + lines.joined(separator: "\n" + configuration.continuationPrompt) + "\n")
                }
                Interrupt.clear()
                if case .ran(let entry, _, _) = outcome {
                    let entry = Self.trimmed(entry)
                    if entry != Self.trimmed(statement.source) { typedEntries[entry] = statement.source }
                    record(entry)
                }
                statement.finish(outcome)
            }
            return shown
        }
    }

    /// Says why the session ends (nothing when standard output's reader
    /// simply went away) and returns `status`.
    private func end(_ status: Int32) -> Int32 {
        if Interrupt.isTerminating {
            warn(HostMessage.terminated.text)
        } else if !Interrupt.outputReaderGone, let reason = Interrupt.outputFailure {
            warn(HostMessage.cannotWriteOutput(reason: reason).text)
        }
        return status
    }

    /// `text` without trailing blanks.
    static func trimmed(_ text: String) -> String {
        var text = text
        while text.last?.isWhitespace == true { text.removeLast() }
        return text
    }

    /// The word shown when Ctrl-D drops an unfinished statement.
    static var droppedStatementText: String { Notice.statementDropped.text }

    /// `exit` or `quit`, perhaps followed by `()`, alone on a line: the
    /// way out that sqlite3, psql and Python users try first; and the
    /// other tools' own (`\q` of psql, `.quit` and `.exit` of sqlite3).
    static func isExitCommand(_ line: String) -> Bool {
        ["exit", "quit", "exit()", "quit()", "\\q", ".quit", ".exit"].contains(trimmedWord(line))
    }

    /// `exit` or `quit` with an argument (`exit 1`, `quit(0)`): the word,
    /// which takes none (the REPL ends with status 0).
    static func exitWithArgument(_ line: String) -> String? {
        let text = trimmedWord(line)
        for word in ["exit", "quit"] where text.hasPrefix(word) {
            let rest = text.dropFirst(word.count)
            if rest.first == " " || rest.first == "\t" || (rest.first == "(" && rest.last == ")" && rest.count > 2) { return word }
        }
        return nil
    }

    private static func trimmedWord(_ line: String) -> String {
        String(line.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }

    /// Remembers a finished statement for recall and, if there is a
    /// history file, in it. Recall works even when the file does not.
    private func record(_ statement: String) {
        guard configuration.isInteractive, !statement.allSatisfy(\.isWhitespace), statement != lastEntry else { return }
        lastEntry = statement
        reader.addHistory(statement)
        guard var store = history else { return }
        store.append(statement)
        defer { history = store }
        guard !historyBroken else { return }
        do {
            try store.save()
        } catch {
            historyBroken = true
            warn(HostMessage.historyUnavailable(reason: "\(error)").text)
        }
    }
}

/// Starting the REPL on the process's own standard streams.
public enum StandardREPL {
    /// Picks the reader from the terminal's capabilities (libedit on a
    /// terminal, plain reading otherwise), loads the history (interactive
    /// sessions only), installs the Ctrl-C handler, and runs the loop.
    /// Returns the exit status.
    /// Prompts given here (command-line options) win over the environment's.
    ///
    /// The banner, the prompts and line editing go to the terminal even
    /// when standard output does not (`mabs > out.txt`): to standard error
    /// if that is the terminal, else to `/dev/tty`. Standard output then
    /// gets only what statements print.
    public static func run<E: REPLEvaluator>(
        evaluator: E,
        banner: String?,
        environment: [String: String],
        prompt: String? = nil,
        continuationPrompt: String? = nil,
        files: FilesInUse? = nil,
        posted: PostedStatements? = nil
    ) -> Int32 {
        let capabilities = TerminalCapabilities.current(environment: environment)
        var configuration = REPLConfiguration(environment: environment, capabilities: capabilities, banner: banner)
        if let prompt { configuration.prompt = prompt }
        if let continuationPrompt { configuration.continuationPrompt = continuationPrompt }
        Interrupt.install()
        let history = capabilities.isInteractive ? loadHistory(environment: environment, files: files) : nil
        let terminal = capabilities.isInteractive ? terminalOutput(capabilities) : nil
        let output: (String) -> Void = { writeAll(terminal ?? STDOUT_FILENO, $0) }
        if let terminal, capabilities.lineEditingAllowed {
            let reader = EditLineReader(outputDescriptor: terminal) { [unowned evaluator] line, cursor in
                evaluator.completions(line: line, cursor: cursor)
            }
            let repl = REPL(reader: reader, evaluator: evaluator, configuration: configuration, history: history, output: output)
            repl.posted = posted
            return repl.run()
        } else {
            let reader = PlainLineReader(showsPrompt: capabilities.isInteractive, promptDescriptor: terminal ?? STDOUT_FILENO)
            let repl = REPL(reader: reader, evaluator: evaluator, configuration: configuration, history: history, output: output)
            repl.posted = posted
            return repl.run()
        }
    }

    /// The descriptor the prompts and line editing write to: standard
    /// output when it is a terminal, else standard error when that is, else
    /// the controlling terminal (`/dev/tty`); nil when there is none.
    static func terminalOutput(_ capabilities: TerminalCapabilities) -> Int32? {
        if capabilities.stdoutIsTerminal { return STDOUT_FILENO }
        if isatty(STDERR_FILENO) == 1 { return STDERR_FILENO }
        let fd = open("/dev/tty", O_WRONLY | O_CLOEXEC | O_NOCTTY)
        return fd >= 0 ? fd : nil
    }

    /// The history store at its resolved path, loaded; on failure, one
    /// warning on stderr and a session without history. The file is kept
    /// among `files`, so no statement replaces it (`save`); one that an
    /// option or a redirection writes (`--workspace`) is not the history.
    public static func loadHistory(environment: [String: String], files: FilesInUse? = nil) -> HistoryStore? {
        guard let path = HistoryStore.resolvePath(
            environment: environment, homeDirectory: HistoryStore.passwordDatabaseHome()
        ) else {
            writeAll(STDERR_FILENO, HostMessage.noHomeDirectory.text)
            return nil
        }
        var store = HistoryStore(path: path)
        do {
            do {
                try files?.keep(path, as: "the REPL's history")
            } catch {
                throw HistoryError(path: path, reason: error.description)
            }
            try store.load()
            return store
        } catch {
            writeAll(STDERR_FILENO, HostMessage.historyUnavailable(reason: "\(error)").text)
            return nil
        }
    }
}
