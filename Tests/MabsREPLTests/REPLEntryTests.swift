import Foundation
import Testing
import MabsHost
@testable import MabsREPL

// The REPL loop around the real language: what an entry typed or pasted at
// the prompt does. In the serialized "REPL loop" suite, as the loop clears
// the process-wide interrupt flag.
extension REPLLoopTests {
    @Test("a block at the prompt is all or nothing: its error shows once it closes, and none of it runs")
    func blockAllOrNothing() {
        let h = LanguageHarness([
            .line("create contoso"), .line("if false {"), .line("print )"), .line("delete contoso"), .line("}"),
        ])
        #expect(h.repl.run() == 0)
        #expect(h.reader.prompts == ["mabs> ", "mabs> ", "...> ", "...> ", "...> ", "mabs> "])
        #expect(h.output.diagnostics == "error: expected an expression after 'print', found ')'\nprint )\n      ^\n")
        #expect(h.services == ["contoso"])
        #expect(h.reader.history == ["create contoso", "if false {\nprint )\ndelete contoso\n}"])
    }

    @Test("graph NAME at the prompt is text: its state, and where each operation leads; Mermaid is one word away")
    func graphAtThePromptIsText() {
        let h = LanguageHarness([.line("create contoso"), .line("stop contoso"), .line("graph contoso"), .line("graph contoso as mermaid")])
        #expect(h.repl.run() == 0)
        #expect(h.output.text.contains("""
            contoso is Stopped.
            It went: create -> Active, stop -> Stopped.
            operation                        on success                on failure
            start                            Active                    StartFailed
            restart                          Active                    RestartFailed
            delete                           no service                stays Stopped
            backup                           a backup (stays Stopped)  stays Stopped
            disable (platform event)         Disabled                  DisableFailed
            service-update (platform event)  stays Stopped             ServiceUpdateFailed

            """))
        #expect(h.output.text.contains("flowchart LR\n"))
        #expect(h.output.diagnostics.isEmpty)
    }

    @Test("a block with an error runs nothing even when its condition holds")
    func blockWithErrorRunsNothing() {
        let h = LanguageHarness([.line("create contoso"), .line("if true {"), .line("delete contoso"), .line("print )"), .line("}")])
        #expect(h.repl.run() == 0)
        #expect(h.output.diagnostics.hasPrefix("error: expected an expression after 'print'"))
        #expect(!h.output.diagnostics.contains("expected '}'"))
        #expect(h.services == ["contoso"])
    }

    @Test("pasted: an else on the line after the if's } continues it, as in a script")
    func pastedElse() {
        let h = LanguageHarness([.line(#"if false { print "A" }"#), .line(#"else { print "B" }"#)], pasted: true)
        #expect(h.repl.run() == 0)
        #expect(h.reader.prompts == ["mabs> ", "...> ", "mabs> "])
        #expect(h.output.text == "B\n")
        #expect(h.output.diagnostics == "")
        #expect(h.reader.history == ["if false { print \"A\" }\nelse { print \"B\" }"])
    }

    @Test("pasted: an if followed by another statement runs with it; an if at the end of the paste runs alone")
    func pastedIfThenOther() {
        let h = LanguageHarness([.line(#"if true { print "A" }"#), .line(#"print "B""#), .line(#"if true { print "C" }"#)], pasted: true)
        #expect(h.repl.run() == 0)
        #expect(h.output.text == "A\nB\nC\n")
        #expect(h.reader.prompts == ["mabs> ", "...> ", "mabs> ", "mabs> "])
        #expect(h.output.diagnostics == "")
    }

    @Test("typed: an if runs at once, so an else typed afterwards stands alone")
    func typedIfRunsAtOnce() {
        let h = LanguageHarness([.line(#"if false { print "A" }"#), .line(#"else { print "B" }"#)], pasted: false)
        #expect(h.repl.run() == 0)
        #expect(h.reader.prompts == ["mabs> ", "mabs> ", "mabs> "])
        #expect(h.output.text == "")
        #expect(h.output.diagnostics.hasPrefix("error: 'else' without a matching 'if'; write it on the line of the if's closing brace, '} else {'"))
    }

    @Test("an if with an error is reported at once, even when more input is waiting")
    func pastedIfWithError() {
        let h = LanguageHarness([.line("if nosuchfunction() { }"), .line(#"print "B""#)], pasted: true)
        #expect(h.repl.run() == 0)
        #expect(h.reader.prompts == ["mabs> ", "mabs> ", "mabs> "])
        #expect(h.output.text == "B\n")
        #expect(h.output.diagnostics.contains("error:"))
    }

    @Test("update ... set with a continuing comma asks for the next line")
    func continuingComma() {
        let h = LanguageHarness([
            .line("create contoso"), .line(#"update contoso set acs-key = "a","#), .line(#"acs-namespace = "n""#),
            .line("show contoso"),
        ])
        #expect(h.repl.run() == 0)
        #expect(h.reader.prompts == ["mabs> ", "mabs> ", "...> ", "mabs> ", "mabs> "])
        #expect(h.output.diagnostics == "")
        #expect(h.output.text.contains("acs-namespace  n\n"))
        #expect(h.reader.history[1] == "update contoso set acs-key = \"*\",\nacs-namespace = \"n\"")
    }

    @Test("a statement dropped with Ctrl-D never runs")
    func droppedStatementDoesNotRun() {
        let h = LanguageHarness([.line("create contoso"), .line("if true {"), .line("delete contoso"), .endOfInput, .line("list")])
        #expect(h.repl.run() == 0)
        #expect(h.services == ["contoso"])
        #expect(h.output.text.contains("contoso  Active"))
    }
}

@Suite("Pending input")
struct PendingInputTests {
    @Test("PlainLineReader: the next line of a burst is pending; nothing is pending once it is read")
    func plainReaderPending() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        let reader = PlainLineReader(fileDescriptor: fds[0])
        let burst = Array("one\ntwo\n".utf8)
        #expect(write(fds[1], burst, burst.count) == burst.count)
        #expect(reader.readLine(prompt: "") == .line("one"))
        #expect(reader.hasPendingInput())
        #expect(reader.readLine(prompt: "") == .line("two"))
        #expect(!reader.hasPendingInput())
        let later = Array("three\n".utf8)
        #expect(write(fds[1], later, later.count) == later.count)
        #expect(reader.hasPendingInput(), "unread bytes on the descriptor count")
        #expect(reader.readLine(prompt: "") == .line("three"))
    }
}
