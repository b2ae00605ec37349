import Foundation
import Testing

// End-to-end tests of the terminal layer through the real `mabs` binary.
//
// NOTE: `Sources/mabs/main.swift` is currently a TEMPORARY toy evaluator
// (echoes `=> <input>`, incomplete while `{` outnumber `}`, completes a few
// fixed words, `spin` runs until Ctrl-C). Tests marked "toy evaluator" rely
// on that and must be adapted when the real language is plugged in.
//
// Serialized so that at most one tmux server and one mabs run at a time on
// small machines; each test still has its own private server. There is
// deliberately no `.enabled(if: tmux installed)`: a missing tmux must fail
// loudly, and with Swift Testing 6.3.1 such a suite was observed to vanish
// from the run without any "skipped" line when the machine was busy.
@Suite("REPL end to end (tmux)", .serialized)
struct EndToEndTests {
    @Test("shows the banner and prompt, reads a line, prints the result (toy evaluator)")
    func typing() throws {
        let session = try TerminalSession()
        defer { session.close() }
        try session.waitFor("mabs> ")
        #expect(session.screen().hasPrefix("mabs (temporary REPL stand-in)"))
        session.type("hello wörld")
        session.press("Enter")
        try session.waitFor("=> hello wörld\nmabs> ")
    }

    @Test("Up recalls earlier lines")
    func upArrowRecall() throws {
        let session = try TerminalSession()
        defer { session.close() }
        try session.waitFor("mabs> ")
        session.type("first")
        session.press("Enter")
        try session.waitFor("=> first")
        session.type("second")
        session.press("Enter")
        try session.waitFor("=> second")
        session.press("Up", "Up")
        try session.waitFor("mabs> first")
        session.press("Enter")
        try session.waitUntil("first ran twice") { $0.components(separatedBy: "=> first").count == 3 }
    }

    @Test("history survives the session, a multi-line statement as one entry, in a 0600 file")
    func historyPersists() throws {
        let first = try TerminalSession()
        defer { first.close() }
        try first.waitFor("mabs> ")
        first.type("deploy x {")
        first.press("Enter")
        try first.waitFor("...> ")
        first.type("}")
        first.press("Enter")
        try first.waitFor("=> deploy x {\n}")
        first.press("C-d")
        #expect(try first.waitForExit() == 0)
        #expect(try mode(of: first.historyPath) == 0o600)
        let file = try String(contentsOfFile: first.historyPath, encoding: .utf8)
        #expect(file == "#mabs-history v1\ndeploy x {\\n}\n")

        let second = try TerminalSession(historyPath: first.historyPath)
        defer { second.close() }
        try second.waitFor("mabs> ")
        second.press("Up")
        try second.waitFor("mabs> deploy x {\n}")
        second.press("Enter")
        try second.waitFor("=> deploy x {\n}")
    }

    @Test("Tab completes a single candidate with a space, a directory without one (toy evaluator)")
    func tabCompletion() throws {
        let session = try TerminalSession()
        defer { session.close() }
        try session.waitFor("mabs> ")
        session.type("sta")
        session.press("Tab")
        try session.waitFor("mabs> status")
        session.type("|")
        try session.waitFor("mabs> status |")
        session.press("C-c")
        try session.waitFor("mabs> status |^C\nmabs> ")
        session.type("sam")
        session.press("Tab")
        try session.waitFor("mabs> samples/")
        session.type("x")
        session.press("Enter")
        try session.waitFor("=> samples/x")
    }

    @Test("a second Tab lists several candidates (toy evaluator)")
    func tabListsCandidates() throws {
        let session = try TerminalSession()
        defer { session.close() }
        try session.waitFor("mabs> ")
        session.type("de")
        session.press("Tab")
        session.press("Tab")
        try session.waitUntil("the candidates are listed") {
            $0.contains("delete") && $0.contains("deploy") && $0.contains("describe")
        }
        session.type("p")
        session.press("Tab")
        session.press("Enter")
        try session.waitFor("=> deploy")
    }

    @Test("an open block shows the continuation prompt (toy evaluator)")
    func continuationPrompt() throws {
        let session = try TerminalSession(environment: ["MABS_PROMPT2": "cont> "])
        defer { session.close() }
        try session.waitFor("mabs> ")
        session.type("x {")
        session.press("Enter")
        try session.waitFor("mabs> x {\ncont> ")
        session.type("}")
        session.press("Enter")
        try session.waitFor("=> x {\n}\nmabs> ")
    }

    @Test("Ctrl-C stops a long-running statement and returns to the prompt (toy evaluator)")
    func interruptLongRunning() throws {
        let session = try TerminalSession()
        defer { session.close() }
        try session.waitFor("mabs> ")
        session.type("one")
        session.press("Enter")
        try session.waitFor("=> one")
        session.type("spin")
        session.press("Enter")
        try session.waitFor("spinning")
        session.press("C-c")
        // The toy counts statements: the count surviving shows the state did.
        try session.waitFor("interrupted after statement 2\nmabs> ")
        session.type("after")
        session.press("Enter")
        try session.waitFor("=> after")
    }

    @Test("Ctrl-C at the prompt clears the line and any pending continuation")
    func interruptAtPrompt() throws {
        let session = try TerminalSession()
        defer { session.close() }
        try session.waitFor("mabs> ")
        session.type("abc")
        session.press("Left", "Left")
        session.press("C-c")
        try session.waitFor("mabs> abc^C\nmabs> ")
        session.type("def")
        session.press("Enter")
        try session.waitFor("=> def")
        session.type("x {")
        session.press("Enter")
        try session.waitFor("...> ")
        session.press("C-c")
        try session.waitFor("...> ^C\nmabs> ")
        session.type("y")
        session.press("Enter")
        let screen = try session.waitFor("=> y")
        #expect(!screen.contains("abcdef"))
        #expect(!screen.contains("=> x {"))
    }

    @Test("Ctrl-D on an empty line exits with status 0")
    func endOfInput() throws {
        let session = try TerminalSession()
        defer { session.close() }
        try session.waitFor("mabs> ")
        session.press("C-d")
        #expect(try session.waitForExit() == 0)
    }

    @Test("a resize redraws the line being edited instead of garbling it")
    func resize() throws {
        let session = try TerminalSession()
        defer { session.close() }
        try session.waitFor("mabs> ")
        let text = "a long line that will wrap once the window becomes narrow enough"
        session.type(text)
        session.press("Left", "Left", "Left", "Left", "Left", "Left")
        try session.waitFor(text)
        session.resize(width: 30, height: 20)
        session.type("X")
        // Six Lefts put the cursor before "enough".
        let edited = "a long line that will wrap once the window becomes narrow Xenough"
        try session.waitFor("mabs> " + edited)
        session.resize(width: 90, height: 20)
        session.type("Y")
        try session.waitFor("mabs> " + edited.replacingOccurrences(of: "X", with: "XY"))
        session.press("Enter")
        try session.waitFor("=> " + edited.replacingOccurrences(of: "X", with: "XY"))
    }

    @Test("piped input: no banner, no prompt, CRLF and a last line without newline (toy evaluator)")
    func pipedInput() throws {
        let dir = try TemporaryDirectory()
        let result = try runCapturing(
            try TerminalSession.mabsExecutable(), [],
            environment: ["HOME": dir.path, "PATH": "/usr/bin:/bin", "TERM": "xterm-256color", "MABS_HISTORY": dir.path + "/h"],
            input: "hello\r\nx {\n}\nlast"
        )
        #expect(result.status == 0)
        #expect(result.stdout == "=> hello\n=> x {\n}\n=> last\n")
        #expect(result.stderr == "")
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/h"), "piped input is not history")
    }
}
