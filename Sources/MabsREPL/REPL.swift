#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MabsHost
import MabsLanguage

public enum EvaluationResult: Sendable { case incomplete, done }

/// The language as the REPL sees it.
public protocol REPLEvaluator: AnyObject {
    /// Runs `source` (the whole buffered statement text, possibly several lines). Returns .incomplete when the parser says the input is unfinished (open block or string); the REPL then reads a continuation line and calls again with the longer text.
    func evaluate(_ source: String) -> EvaluationResult
    /// Completion candidates for the word that ends at `cursor` in `line`; the candidates replace that word.
    func completions(line: String, cursor: Int) -> [String]
}

/// How the REPL presents itself. Built by whoever starts the REPL, usually
/// with `init(environment:capabilities:banner:)`.
public struct REPLConfiguration: Sendable {
    public var prompt: String
    public var continuationPrompt: String
    /// One line shown at start, only when interactive.
    public var banner: String?
    /// A person is typing (stdin is a terminal): banner and a newline at Ctrl-D.
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

    /// - Parameters:
    ///   - history: the persistent history, already loaded; nil for none.
    ///   - output: where the banner and the end-of-input newline go (stdout).
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

    /// Runs until end of input. Returns the exit status: 0 at end of input,
    /// 130 when Ctrl-C arrives while non-interactive input is being read.
    public func run() -> Int32 {
        if configuration.isInteractive, let banner = configuration.banner {
            output(banner + "\n")
        }
        var pending: [String] = []
        while true {
            let prompt = pending.isEmpty ? configuration.prompt : configuration.continuationPrompt
            switch reader.readLine(prompt: prompt) {
            case .endOfInput:
                // A statement left unfinished at end of input is dropped, as Lua does.
                if configuration.isInteractive { output("\n") }
                return 0
            case .interrupted:
                pending = []
                if !configuration.isInteractive { return 130 }
            case .line(let line):
                if pending.isEmpty, line.allSatisfy(\.isWhitespace) { continue }
                pending.append(line)
                let source = pending.joined(separator: "\n")
                Interrupt.clear()
                let result = evaluator.evaluate(source)
                Interrupt.clear()
                if case .done = result {
                    pending = []
                    // Trailing blanks (a completion's space) would defeat deduplication.
                    var entry = source
                    while entry.last?.isWhitespace == true { entry.removeLast() }
                    record(entry)
                }
            }
        }
    }

    /// Remembers a finished statement for recall and, if there is a
    /// history file, in it. Recall works even when the file does not.
    private func record(_ statement: String) {
        guard configuration.isInteractive, !statement.allSatisfy(\.isWhitespace), statement != lastEntry else { return }
        lastEntry = statement
        reader.addHistory(statement)
        guard var store = history else { return }
        store.append(statement)
        history = store
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
    public static func run<E: REPLEvaluator>(
        evaluator: E,
        banner: String?,
        environment: [String: String],
        prompt: String? = nil,
        continuationPrompt: String? = nil
    ) -> Int32 {
        let capabilities = TerminalCapabilities.current(environment: environment)
        var configuration = REPLConfiguration(environment: environment, capabilities: capabilities, banner: banner)
        if let prompt { configuration.prompt = prompt }
        if let continuationPrompt { configuration.continuationPrompt = continuationPrompt }
        Interrupt.install()
        let history = capabilities.isInteractive ? loadHistory(environment: environment) : nil
        if capabilities.lineEditingAllowed {
            let reader = EditLineReader { [unowned evaluator] line, cursor in
                evaluator.completions(line: line, cursor: cursor)
            }
            return REPL(reader: reader, evaluator: evaluator, configuration: configuration, history: history).run()
        } else {
            let reader = PlainLineReader(showsPrompt: capabilities.isInteractive)
            return REPL(reader: reader, evaluator: evaluator, configuration: configuration, history: history).run()
        }
    }

    /// The history store at its resolved path, loaded; on failure, one
    /// warning on stderr and a session without history.
    public static func loadHistory(environment: [String: String]) -> HistoryStore? {
        guard let path = HistoryStore.resolvePath(
            environment: environment, homeDirectory: HistoryStore.passwordDatabaseHome()
        ) else {
            writeAll(STDERR_FILENO, HostMessage.noHomeDirectory.text)
            return nil
        }
        var store = HistoryStore(path: path)
        do {
            try store.load()
            return store
        } catch {
            writeAll(STDERR_FILENO, HostMessage.historyUnavailable(reason: "\(error)").text)
            return nil
        }
    }
}
