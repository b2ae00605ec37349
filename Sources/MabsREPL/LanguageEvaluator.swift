#if canImport(Glibc)
import Glibc
#endif
import Lifecycle
import MabsLanguage
import MabsHost
import MabsPresentation

/// The mabs language behind the REPL: one session for the whole REPL run,
/// so services, backups, variables and procedures persist between entries.
public final class LanguageEvaluator: REPLEvaluator {
    /// The name REPL entries carry; their diagnostics show just the typed
    /// line and a caret.
    public static let entryName = "<stdin>"

    public let session: Session
    let output: WatchedOutput

    /// - Parameters:
    ///   - options: interpreter options; the REPL echoes values, and
    ///     announces what top-level statements do unless asked for more.
    ///   - useColor: colour diagnostics (only on a terminal that allows it).
    ///   - files: the files the session reads and writes, which `save`
    ///     must not replace (loaded scripts, the `--workspace` file).
    ///   - watcher: who follows the session beside the terminal (the live
    ///     view): it sees what each entry shows, and each entry's end.
    public convenience init(
        options: Session.Options = .init(), useColor: Bool, files: FilesInUse = FilesInUse(), watcher: SessionWatcher? = nil
    ) {
        self.init(options: options, output: REPLOutput(useColor: useColor, typedInputName: Self.entryName), files: files, watcher: watcher)
    }

    /// An evaluator writing to `output` (tests capture it).
    init(options: Session.Options = .init(), output: ScriptOutput, files: FilesInUse = FilesInUse(), watcher: SessionWatcher? = nil) {
        var options = options
        options.echoValues = true
        if options.trace == .off { options.trace = .topLevel }
        // A person reads the graph here: as text, unless asked otherwise.
        options.graphFormat = .text
        // A statement's warnings under one header, its line shown once.
        options.groupWarnings = true
        let output = WatchedOutput(output, watcher: watcher)
        self.output = output
        session = Session(
            options: options, output: output, loader: FileLoader(files: files), workspaces: WorkspaceFile(files: files),
            outputFiles: OutputFile(files: files))
        session.shouldStop = { Interrupt.isRequested }
        // SIGTERM and a lost output end the REPL, which then says why once.
        session.stopReport = { Interrupt.isTerminating || Interrupt.outputLost ? nil : .interrupted }
    }

    /// An entry is all or nothing: while it is unfinished nothing runs and
    /// no error shows (the parser calls input that ends inside a block, a
    /// bracket, a string or after a continuing `,` incomplete, even if it
    /// has errors already); once it is complete, its errors are reported
    /// and, if there are any, none of it runs.
    ///
    /// A complete entry whose last statement is an `if` without `else` is
    /// held while the next line is already waiting (a paste), so an `else`
    /// on that line continues it as it would in a script. Typed at the
    /// prompt, with nothing waiting, it runs at once.
    public func evaluate(_ source: String, inputIsWaiting: () -> Bool) -> EvaluationResult {
        let file = SourceFile(name: Self.entryName, text: source)
        let prepared = session.prepare(file, warnUnusedValues: false)
        if prepared.isIncomplete { return .incomplete }
        if prepared.endsWithIf, !prepared.hasErrors, inputIsWaiting() { return .incomplete }
        for diagnostic in prepared.diagnostics { output.report(diagnostic) }
        if !prepared.hasErrors {
            // `help` and `table` fit the terminal as it is now.
            session.textWidth = TerminalCapabilities.textWidth
            session.run(prepared)
        }
        output.flush()
        // Secrets masked, those found as it ran too.
        let shown = session.shownText(of: prepared)
        output.watcher?.entryFinished(session, shown: shown)
        return .done(historyEntry: shown)
    }

    /// A statement posted from elsewhere (the live view), run as a typed
    /// entry runs. One that does not parse, is unfinished or has check
    /// errors is refused: nothing shows and nothing changes. Otherwise
    /// `echo` shows it first (secrets masked), as if typed at the prompt.
    public func evaluatePosted(_ source: String, echo: (String) -> Void) -> PostedOutcome {
        let file = SourceFile(name: Self.entryName, text: source)
        let prepared = session.prepare(file, warnUnusedValues: false)
        if prepared.isIncomplete || prepared.hasErrors {
            return .refused(diagnostics: prepared.diagnostics, incomplete: prepared.isIncomplete)
        }
        echo(session.shownText(of: prepared))
        output.capture = ("", [])
        defer { output.capture = nil }
        for diagnostic in prepared.diagnostics { output.report(diagnostic) }
        session.run(prepared)
        output.flush()
        let captured = output.capture ?? ("", [])
        let shown = session.shownText(of: prepared)
        output.watcher?.entryFinished(session, shown: shown)
        return .ran(shown: shown, output: captured.text, diagnostics: captured.diagnostics)
    }

    public func completions(line: String, cursor: Int) -> [String] {
        let found = session.completions(line: line, cursor: cursor)
        let candidates: [String]
        switch found.candidates {
        case .words(let words):
            candidates = words
        case .fileNames:
            // Inside a string a name is written as the string holds it:
            // `a"b.mabs` as `a\"b.mabs`, `${x}` as `\${x}`.
            candidates = Self.fileNames(completing: CompletionWord.word(in: line, cursor: cursor))
                .map { found.inString ? TerminalText.literalBody($0) : $0 }
        }
        // Inside a string, the one candidate closes it: `stop "con` becomes
        // `stop "Contoso" ` (unless a quote already follows the cursor, or
        // the candidate is a directory to go on into).
        guard found.inString, candidates.count == 1, let only = candidates.first, !only.hasSuffix("/"),
              Array(line).dropFirst(cursor).first != "\"" else { return candidates }
        return [only + "\""]
    }

    /// The files and directories whose path starts with `partial`
    /// (directories end in `/`, so completion can go on into them).
    static func fileNames(completing partial: String) -> [String] {
        let slash = partial.lastIndex(of: "/")
        let directory = slash.map { String(partial[...$0]) } ?? ""
        let prefix = slash.map { String(partial[partial.index(after: $0)...]) } ?? partial
        guard let handle = opendir(directory.isEmpty ? "." : directory) else { return [] }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard name != ".", name != "..", name.hasPrefix(prefix), !name.hasPrefix(".") || prefix.hasPrefix(".") else { continue }
            let isDirectory = entry.pointee.d_type == UInt8(DT_DIR)
            names.append(directory + name + (isDirectory ? "/" : ""))
        }
        return names.sorted()
    }
}


/// The runner's streams, plus one nicety: the terminal echoes Ctrl-C as
/// `^C` without a newline, so the report of the interrupt starts a line of
/// its own.
final class REPLOutput: StandardStreams {
    override func report(_ diagnostic: Diagnostic) {
        if diagnostic.message == .runtime(.interrupted) { reportText("\n") }
        super.report(diagnostic)
    }
}
