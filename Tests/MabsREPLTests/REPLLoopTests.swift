import Foundation
import Testing
import MabsHost
import MabsLanguage
@testable import MabsREPL

/// Answers `readLine` from a script and records what the REPL asked for.
final class ScriptedReader: LineReader {
    var script: [LineReadResult]
    var prompts: [String] = []
    var history: [String] = []
    /// True: the lines still in the script have already arrived, as a
    /// paste's do; false: a person types each one later.
    var pasted: Bool

    init(_ script: [LineReadResult], pasted: Bool = false) {
        self.script = script
        self.pasted = pasted
    }

    func readLine(prompt: String) -> LineReadResult {
        prompts.append(prompt)
        return script.isEmpty ? .endOfInput : script.removeFirst()
    }

    func addHistory(_ entry: String) { history.append(entry) }

    func hasPendingInput() -> Bool {
        guard pasted, case .line? = script.first else { return false }
        return true
    }
}

/// Incomplete while `{` outnumber `}`; records every source it is given.
final class RecordingEvaluator: REPLEvaluator {
    var sources: [String] = []
    var sawInterruptRequested: [Bool] = []

    func evaluate(_ source: String, inputIsWaiting: () -> Bool) -> EvaluationResult {
        sources.append(source)
        sawInterruptRequested.append(Interrupt.isRequested)
        return source.filter { $0 == "{" }.count > source.filter { $0 == "}" }.count ? .incomplete : .done(historyEntry: source)
    }

    func completions(line: String, cursor: Int) -> [String] { [] }
}

/// Collects what the language writes: standard output and rendered diagnostics.
final class CapturedOutput: ScriptOutput {
    var text = ""
    var diagnostics = ""
    private let renderer = DiagnosticRenderer(useColor: false, typedInputName: LanguageEvaluator.entryName)

    func write(_ text: String) { self.text += text }
    func report(_ diagnostic: Diagnostic) { diagnostics += renderer.render(diagnostic) }
}

// Serialized: the REPL clears the process-wide interrupt flag.
@Suite("REPL loop", .serialized)
struct REPLLoopTests {
    struct Harness {
        let reader: ScriptedReader
        let evaluator = RecordingEvaluator()
        var output = OutputBox()
        let repl: REPL<ScriptedReader, RecordingEvaluator>

        init(_ script: [LineReadResult], interactive: Bool = true, history: HistoryStore? = nil) {
            reader = ScriptedReader(script)
            let output = self.output
            repl = REPL(
                reader: reader, evaluator: evaluator,
                configuration: REPLConfiguration(banner: "banner", isInteractive: interactive),
                history: history,
                output: { output.text += $0 },
                warn: { output.warnings.append($0) }
            )
        }
    }

    final class OutputBox {
        var text = ""
        var warnings: [String] = []
    }

    /// The loop around the real language, its output captured.
    struct LanguageHarness {
        let reader: ScriptedReader
        let output = CapturedOutput()
        let evaluator: LanguageEvaluator
        let repl: REPL<ScriptedReader, LanguageEvaluator>

        init(_ script: [LineReadResult], pasted: Bool = false, history: HistoryStore? = nil) {
            reader = ScriptedReader(script, pasted: pasted)
            evaluator = LanguageEvaluator(output: output)
            repl = REPL(
                reader: reader, evaluator: evaluator,
                configuration: REPLConfiguration(isInteractive: true),
                history: history, output: { _ in }, warn: { _ in }
            )
        }

        var services: [String] { evaluator.session.engine.allServices.map(\.name) }
    }

    @Test("an open block asks for continuation lines and is evaluated as one growing text")
    func continuation() {
        let h = Harness([.line("deploy x {"), .line("  wait 5"), .line("}"), .line("next")])
        #expect(h.repl.run() == 0)
        #expect(h.reader.prompts == ["mabs> ", "...> ", "...> ", "mabs> ", "mabs> "])
        #expect(h.evaluator.sources == ["deploy x {", "deploy x {\n  wait 5", "deploy x {\n  wait 5\n}", "next"])
    }

    @Test("a multi-line statement is one history entry, joined with newlines")
    func multiLineHistory() {
        let h = Harness([.line("a {"), .line("b"), .line("}")])
        _ = h.repl.run()
        #expect(h.reader.history == ["a {\nb\n}"])
    }

    @Test("Ctrl-D at the prompt exits with status 0 after a newline; the banner came first")
    func endOfInput() {
        let h = Harness([.endOfInput, .line("never read")])
        #expect(h.repl.run() == 0)
        #expect(h.output.text == "banner\n\n")
        #expect(h.evaluator.sources.isEmpty)
    }

    @Test("Ctrl-C drops the pending continuation and shows the primary prompt")
    func interruptClearsPending() {
        let h = Harness([.line("a {"), .interrupted, .line("c")])
        _ = h.repl.run()
        #expect(h.reader.prompts == ["mabs> ", "...> ", "mabs> ", "mabs> "])
        #expect(h.evaluator.sources == ["a {", "c"])
    }

    @Test("blank lines at the prompt are not evaluated; inside a block they are kept")
    func blankLines() {
        let h = Harness([.line(""), .line("   "), .line("a {"), .line(""), .line("}")])
        _ = h.repl.run()
        #expect(h.evaluator.sources == ["a {", "a {\n", "a {\n\n}"])
    }

    @Test("piped input: no banner, no final newline, no history")
    func nonInteractive() {
        let h = Harness([.line("x")], interactive: false)
        #expect(h.repl.run() == 0)
        #expect(h.output.text == "")
        #expect(h.reader.history.isEmpty)
    }

    @Test("a pending Ctrl-C does not stop the next statement")
    func staleInterruptCleared() {
        Interrupt.request()
        let h = Harness([.line("x")])
        _ = h.repl.run()
        #expect(h.evaluator.sawInterruptRequested == [false])
        #expect(!Interrupt.isRequested)
    }

    @Test("statements are saved to the history file, deduplicated and without trailing blanks")
    func persistence() throws {
        let dir = try TemporaryDirectory()
        var store = HistoryStore(path: dir.path + "/h")
        store.append("old")
        let h = Harness([.line("status "), .line("status"), .line("x {"), .line("}")], history: store)
        _ = h.repl.run()
        #expect(h.reader.history == ["old", "status", "x {\n}"])
        var reloaded = HistoryStore(path: dir.path + "/h")
        try reloaded.load()
        #expect(reloaded.entries == ["old", "status", "x {\n}"])
    }

    @Test("a history file that cannot be written gives one warning, and the session goes on")
    func historyWarningOnce() throws {
        let dir = try TemporaryDirectory()
        _ = FileManager.default.createFile(atPath: dir.path + "/file", contents: Data())
        let h = Harness([.line("a"), .line("b")], history: HistoryStore(path: dir.path + "/file/h"))
        #expect(h.repl.run() == 0)
        #expect(h.evaluator.sources == ["a", "b"])
        #expect(h.output.warnings.count == 1)
        #expect(h.output.warnings.first?.hasPrefix("mabs: warning: history file \(dir.path)/file/h: cannot create directory") == true)
        #expect(h.reader.history == ["a", "b"], "recall still works within the session")
    }

    @Test("exit and quit, alone at the primary prompt and perhaps with (), leave with status 0; so do \\q, .quit and .exit",
          arguments: ["exit", "quit", "exit()", "quit()", "  exit  ", "\\q", ".quit", " .exit"])
    func exitWords(word: String) {
        let h = Harness([.line("a"), .line(word), .line("never read")])
        #expect(h.repl.run() == 0)
        #expect(h.evaluator.sources == ["a"])
        #expect(h.reader.history == ["a"], "the exit word is not history")
    }

    @Test("exit with an argument says it takes none, and the session goes on", arguments: ["exit 1", "quit 0", "exit(2)", " exit\t3 "])
    func exitWithArgument(line: String) {
        let h = Harness([.line(line), .line("a")])
        #expect(h.repl.run() == 0)
        #expect(h.evaluator.sources == ["a"], "not run as a statement, and the session went on")
        let word = line.contains("quit") ? "quit" : "exit"
        #expect(h.output.text.hasSuffix(
            "(\(word) takes no argument: type \(word) alone, or press Ctrl-D, to leave; the session ends with status 0)\n\n"))
    }

    @Test("exit inside an unfinished statement is part of the statement")
    func exitInsideBlock() {
        let h = Harness([.line("a {"), .line("exit"), .line("}"), .line("b")])
        #expect(h.repl.run() == 0)
        #expect(h.evaluator.sources == ["a {", "a {\nexit", "a {\nexit\n}", "b"])
    }

    @Test("Ctrl-D at the continuation prompt drops the statement with a word and goes on; at the prompt it leaves")
    func endOfInputInsideStatement() {
        let h = Harness([.line("a {"), .line("b"), .endOfInput, .line("c"), .endOfInput, .line("never read")])
        #expect(h.repl.run() == 0)
        #expect(h.reader.prompts == ["mabs> ", "...> ", "...> ", "mabs> ", "mabs> "])
        #expect(h.evaluator.sources == ["a {", "a {\nb", "c"])
        #expect(h.output.text == "banner\n\n(the unfinished statement was dropped)\n\n")
        #expect(h.reader.history == ["c"])
    }

    @Test("piped input that ends inside a statement drops it and ends")
    func pipedEndInsideStatement() {
        let h = Harness([.line("a {"), .endOfInput, .line("never read")], interactive: false)
        #expect(h.repl.run() == 0)
        #expect(h.evaluator.sources == ["a {"])
        #expect(h.output.text == "")
    }

    @Test("the history entry is the evaluator's (secrets masked), not the text as typed")
    func historyEntryFromEvaluator() throws {
        let dir = try TemporaryDirectory()
        let h = LanguageHarness([.line("create contoso"), .line(#"update contoso set acs-key = "hunter2", acs-namespace = "ns""#)],
                                history: HistoryStore(path: dir.path + "/h"))
        #expect(h.repl.run() == 0)
        #expect(h.output.diagnostics == "")
        let file = try String(contentsOfFile: dir.path + "/h", encoding: .utf8)
        #expect(file == "#mabs-history v1\ncreate contoso\nupdate contoso set acs-key = \"*******\", acs-namespace = \"ns\"\n")
        #expect(h.reader.history.last == #"update contoso set acs-key = "*******", acs-namespace = "ns""#)
        #expect(!file.contains("hunter2"))
    }

    @Test("a masked entry of this session recalled unchanged runs as typed; edited, or from an earlier session, it is refused")
    func recalledMaskedEntry() throws {
        let dir = try TemporaryDirectory()
        let masked = #"update contoso set acs-key = "*******""#
        let h = LanguageHarness([
            .line("create contoso"), .line(#"update contoso set acs-key = "hunter2""#), .line(#"update contoso set acs-key = "x""#),
            .line(masked + " "), .line(#"setting(contoso, acs-key) == "hunter2""#),
            .line(#"update contoso set acs-key = "****""#), .line(#"setting(contoso, acs-key) == "hunter2""#),
        ], history: HistoryStore(path: dir.path + "/h"))
        #expect(h.repl.run() == 0)
        #expect(h.output.text.hasSuffix("true\ntrue\n"), "the recalled entry set hunter2 again, the edited one nothing: \(h.output.text)")
        #expect(h.output.diagnostics.hasPrefix("error: this is a secret as mabs shows it, masked with '*'"))
        #expect(h.reader.history.contains(masked))

        // A new session has only the file: the same line is refused.
        var store = HistoryStore(path: dir.path + "/h")
        try store.load()
        let later = LanguageHarness([.line("create contoso"), .line(masked)], history: store)
        #expect(later.repl.run() == 0)
        #expect(later.output.diagnostics.hasPrefix("error: this is a secret as mabs shows it, masked with '*'"))
        #expect(!(try String(contentsOfFile: dir.path + "/h", encoding: .utf8)).contains("hunter2"))
    }

    @Test("Interrupt flag: request, consume, clear")
    func interruptFlag() {
        Interrupt.clear()
        #expect(!Interrupt.isRequested)
        Interrupt.request()
        #expect(Interrupt.isRequested)
        #expect(Interrupt.consume())
        #expect(!Interrupt.consume())
    }
}

@Suite("Line reading helpers")
struct LineReadingTests {
    @Test("PlainLineReader: LF, CRLF, empty lines and a final line without newline")
    func plainReader() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let text = Array("a\r\nb\n\nlast".utf8)
        #expect(write(fds[1], text, text.count) == text.count)
        close(fds[1])
        defer { close(fds[0]) }
        let reader = PlainLineReader(fileDescriptor: fds[0])
        var results: [LineReadResult] = []
        for _ in 0..<6 { results.append(reader.readLine(prompt: "mabs> ")) }
        #expect(results == [.line("a"), .line("b"), .line(""), .line("last"), .endOfInput, .endOfInput])
    }

    @Test("a completion word is made of name characters, including - _ $ . /",
          arguments: [
            ("deploy my-svc", 13, "my-svc"),
            ("load ./samples/a.mabs", 21, "./samples/a.mabs"),
            ("x = $env_name", 13, "$env_name"),
            ("show (sta", 9, "sta"),
            ("show sta", 6, "s"),
            ("show ", 5, ""),
            ("", 0, ""),
            ("wait \"rep", 9, "rep"),
          ] as [(String, Int, String)])
    func completionWord(line: String, cursor: Int, word: String) {
        #expect(CompletionWord.word(in: line, cursor: cursor) == word)
    }

    @Test("the libedit break set holds exactly the non-word characters")
    func breakSet() {
        #expect(!CompletionWord.breakCharacters.contains("-"))
        #expect(!CompletionWord.breakCharacters.contains("/"))
        #expect(CompletionWord.breakCharacters.contains("("))
        #expect(CompletionWord.breakCharacters.contains(" "))
        #expect(CompletionWord.breakCharacters.contains("\""))
    }

    @Test("rows between the prompt's start and the cursor after a resize")
    func rows() {
        #expect(rowsAbove("mabs> abc", columns: 80) == 0)
        #expect(rowsAbove(String(repeating: "x", count: 85), columns: 40) == 2)
        #expect(rowsAbove("mabs> a {\n...> b", columns: 80) == 1)
        #expect(rowsAbove("mabs> a {\n\n", columns: 80) == 2)
    }
}
