#if canImport(Glibc)
import Glibc
#endif
import Lifecycle
import MabsLanguage
import MabsHost

/// The mabs language behind the REPL: one session for the whole REPL run,
/// so services, backups, variables and procedures persist between entries.
public final class LanguageEvaluator: REPLEvaluator {
    /// The name REPL entries carry; their diagnostics show just the typed
    /// line and a caret.
    public static let entryName = "<stdin>"

    public let session: Session
    private let output: REPLOutput

    /// - Parameters:
    ///   - options: interpreter options; the REPL echoes values, and
    ///     announces what top-level statements do unless asked for more.
    ///   - useColor: colour diagnostics (only on a terminal that allows it).
    public init(options: Interpreter.Options = .init(), useColor: Bool) {
        var options = options
        options.echoValues = true
        if options.trace == .off { options.trace = .topLevel }
        output = REPLOutput(useColor: useColor, typedInputName: Self.entryName)
        session = Session(options: options, output: output, loader: FileLoader())
        session.interpreter.shouldStop = { Interrupt.isRequested }
    }

    public func evaluate(_ source: String) -> EvaluationResult {
        let file = SourceFile(name: Self.entryName, text: source)
        let prepared = session.prepare(file, warnUnusedValues: false)
        if prepared.isIncomplete { return .incomplete }
        for diagnostic in prepared.diagnostics { output.report(diagnostic) }
        if !prepared.hasErrors {
            session.run(prepared)
        }
        output.flush()
        return .done
    }

    public func completions(line: String, cursor: Int) -> [String] {
        switch session.completions(line: line, cursor: cursor).candidates {
        case .words(let words):
            return words
        case .fileNames:
            return Self.fileNames(completing: CompletionWord.word(in: line, cursor: cursor))
        }
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
