import Foundation
import Testing

// End-to-end tests of the REPL: the real `mabs` binary in a real terminal
// (tmux), driven by keys, checked by what the screen shows.
//
// Serialized so that at most one tmux server and one mabs run at a time on
// small machines; each test still has its own private server. There is
// deliberately no `.enabled(if: tmux installed)`: a missing tmux must fail
// loudly, and with Swift Testing 6.3.1 such a suite was observed to vanish
// from the run without any "skipped" line when the machine was busy.
@Suite("REPL end to end (tmux)", .serialized, .tags(.heavy), .heavy)
struct EndToEndTests {
    /// The REPL at its prompt, with `services` already created.
    func startREPL(environment: [String: String] = [:], creating services: [String] = []) throws -> TerminalSession {
        let session = try TerminalSession(environment: environment)
        try session.waitFor("mabs> ")
        for name in services {
            session.type("create \(name)")
            session.press("Enter")
            try session.waitFor("create \(name): -> Active\nmabs> ")
        }
        return session
    }

    @Test("shows the banner and prompt, runs statements and echoes values")
    func typing() throws {
        let session = try startREPL()
        defer { session.close() }
        #expect(session.screen().hasPrefix("mabs 0.1.0: a BizTalk Services lifecycle simulator."))
        session.type("create contoso edition premium")
        session.press("Enter")
        try session.waitFor("create contoso: -> Active\nmabs> ")
        session.type("state(contoso)")
        session.press("Enter")
        try session.waitFor("mabs> state(contoso)\nActive\nmabs> ")
        session.type("print \"${units(contoso)} unit, café\"")
        session.press("Enter")
        try session.waitFor("1 unit, café\nmabs> ")
    }

    @Test("Up recalls earlier statements")
    func upArrowRecall() throws {
        let session = try startREPL(creating: ["contoso"])
        defer { session.close() }
        session.type("restart contoso")
        session.press("Enter")
        try session.waitFor("restart contoso: stays Active")
        session.press("Up", "Up")
        try session.waitFor("mabs> create contoso")
        session.press("Enter")
        try session.waitFor("a service named 'contoso' already exists")
    }

    @Test("history survives the session, a multi-line statement as one entry, in a 0600 file")
    func historyPersists() throws {
        let first = try TerminalSession()
        defer { first.close() }
        try first.waitFor("mabs> ")
        first.type("if true {")
        first.press("Enter")
        try first.waitFor("...> ")
        first.type("print \"inside\" }")
        first.press("Enter")
        try first.waitFor("inside\nmabs> ")
        first.press("C-d")
        #expect(try first.waitForExit() == 0)
        #expect(try mode(of: first.historyPath) == 0o600)
        let file = try String(contentsOfFile: first.historyPath, encoding: .utf8)
        #expect(file == "#mabs-history v1\nif true {\\nprint \"inside\" }\n")

        let second = try TerminalSession(historyPath: first.historyPath)
        defer { second.close() }
        try second.waitFor("mabs> ")
        second.press("Up")
        try second.waitFor("mabs> if true {\nprint \"inside\" }")
        second.press("Enter")
        try second.waitFor("inside\nmabs> ")
    }

    @Test("Tab completes a statement keyword and a service name")
    func tabCompletion() throws {
        let session = try startREPL(creating: ["fabrikam"])
        defer { session.close() }
        session.type("sus")
        session.press("Tab")
        try session.waitFor("mabs> suspend ")
        session.type("fab")
        session.press("Tab")
        try session.waitFor("mabs> suspend fabrikam ")
        session.press("Enter")
        try session.waitFor("suspend fabrikam: Active -> Suspended")
    }

    @Test("a second Tab lists the candidates: states after 'is'")
    func tabListsCandidates() throws {
        let session = try startREPL(creating: ["contoso"])
        defer { session.close() }
        session.type("contoso is Sto")
        session.press("Tab")
        session.press("Tab")
        try session.waitUntil("the candidates are listed") { $0.contains("Stopped") && $0.contains("StopFailed") }
        session.type("pe")
        session.press("Tab")
        session.press("Enter")
        try session.waitFor("mabs> contoso is Stopped \nfalse\nmabs> ")
    }

    @Test("an open block shows the continuation prompt until it closes")
    func continuationPrompt() throws {
        let session = try startREPL(environment: ["MABS_PROMPT2": "cont> "])
        defer { session.close() }
        session.type("repeat 2 {")
        session.press("Enter")
        try session.waitFor("mabs> repeat 2 {\ncont> ")
        session.type("print \"open string")
        session.press("Enter")
        try session.waitFor("cont> print \"open string\ncont> ")
        session.type("\" }")
        session.press("Enter")
        try session.waitFor("open string\n\nopen string\n\nmabs> ")
    }

    @Test("an error shows a caret under the typed line, and the session goes on")
    func errorThenWorkingStatement() throws {
        let session = try startREPL(creating: ["contoso"])
        defer { session.close() }
        session.type("scale contoso to")
        session.press("Enter")
        try session.waitFor("""
            mabs> scale contoso to
            error: expected an expression after 'to', found end of input
            scale contoso to
                            ^
            mabs>
            """)
        session.type("resume contoso")
        session.press("Enter")
        try session.waitFor("error: Operation not allowed: cannot resume 'contoso' while it is Active")
        session.type("scale contoso to 3")
        session.press("Enter")
        try session.waitFor("scale contoso: stays Active; 3 units\nmabs> ")
    }

    @Test("Ctrl-C stops a long loop and returns to the prompt with the workspace intact")
    func interruptLongRunning() throws {
        let session = try startREPL(creating: ["contoso"])
        defer { session.close() }
        session.type("while true { restart contoso }")
        session.press("Enter")
        try session.waitUntil("the loop runs") { _ in true }
        session.press("C-c")
        // The caret points at the loop or the statement in it, wherever the
        // interrupt landed.
        try session.waitUntil("the loop stops with an error under it") {
            $0.contains("^C\nerror: interrupted\nwhile true { restart contoso }\n") && $0.hasSuffix("~\nmabs>")
        }
        session.type("list")
        session.press("Enter")
        try session.waitFor("contoso  Active")
    }

    @Test("Ctrl-C at the prompt clears the line and any pending continuation")
    func interruptAtPrompt() throws {
        let session = try startREPL()
        defer { session.close() }
        session.type("create abc")
        session.press("Left", "Left")
        session.press("C-c")
        try session.waitFor("mabs> create abc^C\nmabs> ")
        session.type("print 1")
        session.press("Enter")
        try session.waitFor("mabs> print 1\n1\nmabs> ")
        session.type("if true {")
        session.press("Enter")
        try session.waitFor("...> ")
        session.press("C-c")
        try session.waitFor("...> ^C\nmabs> ")
        session.type("print 2")
        session.press("Enter")
        let screen = try session.waitFor("mabs> print 2\n2\nmabs> ")
        #expect(!screen.contains("abc\n"), "the cleared line did not run")
    }

    @Test("keys typed right after Ctrl-C all go to the next line (a paste after Ctrl-C loses nothing)")
    func keysRightAfterInterrupt() throws {
        let session = try startREPL()
        defer { session.close() }
        // Ctrl-C and the text after it in one go, as fast as tmux sends them.
        for n in 1...3 {
            session.type("print \(n)")
            try session.waitFor("mabs> print \(n)")
            session.press("C-c", "print \"after \(n)\"", "Enter")
            try session.waitFor("mabs> print \(n)^C\nmabs> print \"after \(n)\"\nafter \(n)\nmabs> ")
        }
    }

    @Test("SIGTERM at the prompt leaves the line as typed, without a ^C nobody pressed")
    func terminateWithoutCaretC() throws {
        let session = try startREPL()
        defer { session.close() }
        session.type("print 1")
        try session.waitFor("mabs> print 1")
        try session.send(signal: SIGTERM)
        let screen = try session.waitFor("mabs> print 1\nmabs: terminated (SIGTERM)")
        #expect(!screen.contains("^C"))
        #expect(try session.waitForExit() == 143)
    }

    @Test("Ctrl-Z gives the shell its terminal back; fg redraws the prompt and the line, and editing works")
    func suspendAndResume() throws {
        let session = try TerminalSession(jobControl: true)
        defer { session.close() }
        try session.waitFor("mabs> ")
        session.type("rint \"back\"")
        try session.waitFor("mabs> rint \"back\"")
        session.press("C-z")
        try session.waitUntil("the shell says mabs stopped, at its prompt") { $0.contains("Stopped") && $0.hasSuffix("sh$") }
        // The shell's terminal echoes what is typed at its prompt; what
        // comes after the last `fg` is mabs's again.
        func afterFg(_ screen: String) -> Substring? {
            screen.range(of: "sh$ fg\n", options: .backwards).map { screen[$0.upperBound...] }
        }
        session.type("fg")
        session.press("Enter")
        try session.waitUntil("the prompt and the line are back below 'fg'") { afterFg($0)?.contains("\nmabs> rint \"back\"") == true }
        // Raw mode again: Home moves to the start of the line.
        session.press("Home")
        session.type("p")
        session.press("Enter")
        try session.waitFor("mabs> print \"back\"\nback\nmabs> ")
        // And again, with nothing typed.
        session.press("C-z")
        try session.waitUntil("mabs stopped a second time") { $0.hasSuffix("sh$") }
        session.type("fg")
        session.press("Enter")
        try session.waitUntil("the empty prompt is back") { afterFg($0)?.hasSuffix("\nmabs>") == true }
        session.type("print 2")
        session.press("Enter")
        try session.waitFor("mabs> print 2\n2\nmabs> ")
    }

    @Test("Tab inserts a file name as the string holds it: quote, backslash and dollar escaped")
    func tabEscapesFileNames() throws {
        let directory = try TemporaryDirectory()
        for (name, word) in [("q\"uote.mabs", "quote"), ("back\\slash.mabs", "backslash"), ("dollar${x}.mabs", "dollar")] {
            try "print \"loaded \(word)\"\n".write(toFile: directory.path + "/" + name, atomically: true, encoding: .utf8)
        }
        let session = try startREPL()
        defer { session.close() }
        for (typed, inserted, word) in [("q", #"q\"uote.mabs"#, "quote"), ("b", #"back\\slash.mabs"#, "backslash"), ("d", #"dollar\${x}.mabs"#, "dollar")] {
            session.type("load \"\(directory.path)/\(typed)")
            session.press("Tab")
            try session.waitFor("mabs> load \"\(directory.path)/\(inserted)\" ")
            session.press("Enter")
            try session.waitFor("loaded \(word)\nmabs> ")
        }
    }

    @Test("SIGTERM ends the REPL with a word and status 143, at the prompt or in a long statement; the history is saved")
    func terminate() throws {
        let atPrompt = try startREPL(creating: ["contoso"])
        defer { atPrompt.close() }
        atPrompt.type("stop contoso")
        atPrompt.press("Enter")
        try atPrompt.waitFor("stop contoso: Active -> Stopped\nmabs> ")
        try atPrompt.send(signal: SIGTERM)
        try atPrompt.waitFor("mabs: terminated (SIGTERM)")
        #expect(try atPrompt.waitForExit() == 143)
        #expect(try String(contentsOfFile: atPrompt.historyPath, encoding: .utf8) == "#mabs-history v1\ncreate contoso\nstop contoso\n")

        let running = try startREPL(creating: ["contoso"])
        defer { running.close() }
        running.type("while true { restart contoso }")
        running.press("Enter")
        try running.waitFor("mabs> while true { restart contoso }\n")
        try running.send(signal: SIGTERM)
        let screen = try running.waitFor("mabs: terminated (SIGTERM)")
        #expect(try running.waitForExit() == 143)
        #expect(!screen.contains("error:"), "one word, not an error as well")
        #expect(try String(contentsOfFile: running.historyPath, encoding: .utf8)
            == "#mabs-history v1\ncreate contoso\nwhile true { restart contoso }\n")
    }

    @Test("two REPLs at once keep each other's history, in the order the entries ran")
    func twoSessionsShareHistory() throws {
        let first = try TerminalSession()
        defer { first.close() }
        let second = try TerminalSession(historyPath: first.historyPath)
        defer { second.close() }
        try first.waitFor("mabs> ")
        try second.waitFor("mabs> ")
        var expected: [String] = []
        for round in 1...3 {
            for (name, session) in [("first", first), ("second", second)] {
                let entry = "print \"\(name) \(round)\""
                session.type(entry)
                session.press("Enter")
                try session.waitFor("\(name) \(round)\nmabs> ")
                expected.append(entry)
            }
        }
        first.press("C-d")
        second.press("C-d")
        #expect(try first.waitForExit() == 0)
        #expect(try second.waitForExit() == 0)
        let file = try String(contentsOfFile: first.historyPath, encoding: .utf8)
        #expect(file == "#mabs-history v1\n" + expected.map { $0 + "\n" }.joined())
    }

    @Test("Ctrl-D on an empty line exits with status 0")
    func endOfInput() throws {
        let session = try startREPL()
        defer { session.close() }
        session.press("C-d")
        #expect(try session.waitForExit() == 0)
    }

    @Test("a block typed at the prompt is all or nothing: its error shows when it closes, and nothing in it runs")
    func blockAllOrNothing() throws {
        let session = try startREPL(creating: ["contoso"])
        defer { session.close() }
        for (prompt, line) in [("mabs> ", "if false {"), ("...> ", "print )"), ("...> ", "delete contoso")] {
            session.type(line)
            session.press("Enter")
            try session.waitFor("\(prompt)\(line)\n...> ")
        }
        session.type("}")
        session.press("Enter")
        let screen = try session.waitFor("""
            ...> }
            error: expected an expression after 'print', found ')'
            print )
                  ^
            mabs>
            """)
        #expect(!screen.contains("expected '}'"))
        #expect(screen.components(separatedBy: "error:").count == 2, "one error")
        session.type("exists(contoso)")
        session.press("Enter")
        try session.waitFor("mabs> exists(contoso)\ntrue\nmabs> ")
    }

    @Test("pasted: an else on the line after the if's } continues it; typed, the if runs at once")
    func pastedElse() throws {
        let session = try startREPL()
        defer { session.close() }
        try session.paste("if false { print \"A\" }\nelse { print \"B\" }\n")
        let screen = try session.waitFor("""
            mabs> if false { print "A" }
            ...> else { print "B" }
            B
            mabs>
            """)
        #expect(!screen.contains("error"))
        session.type("if false { print \"A\" }")
        session.press("Enter")
        try session.waitFor("mabs> if false { print \"A\" }\nmabs> ")
    }

    @Test("pasted with tmux send-keys: an else on the next line, and a statement continued after a comma")
    func pastedLines() throws {
        let session = try startREPL(creating: ["contoso"])
        defer { session.close() }
        session.type("if contoso is Stopped { print \"stopped\" }\nelse if contoso is Active { print \"active\" }\nelse { print \"other\" }\n")
        try session.waitFor("...> else { print \"other\" }\nactive\nmabs> ")
        session.type("update contoso set acs-key = \"a\",\nacs-namespace = \"n\"\n")
        try session.waitFor("mabs> update contoso set acs-key = \"a\",\n...> acs-namespace = \"n\"\nupdate contoso: stays Active; acs-key, acs-namespace\nmabs> ")
        session.type("show contoso\n")
        let screen = try session.waitFor("acs-namespace  n\nmabs> ")
        #expect(!screen.contains("error"))
    }

    @Test("typed: update ... set a = 1, then Enter continues on the next line")
    func continuingComma() throws {
        let session = try startREPL(creating: ["contoso"])
        defer { session.close() }
        session.type("update contoso set acs-key = \"a\",")
        session.press("Enter")
        try session.waitFor("...> ")
        session.type("acs-namespace = \"n\"")
        session.press("Enter")
        try session.waitFor("update contoso: stays Active; acs-key, acs-namespace\nmabs> ")
        session.type("show contoso")
        session.press("Enter")
        try session.waitFor("acs-namespace  n\nmabs> ")
    }

    @Test("exit and quit leave with status 0", arguments: ["exit", "quit()"])
    func exitWords(word: String) throws {
        let session = try startREPL()
        defer { session.close() }
        session.type(word)
        session.press("Enter")
        #expect(try session.waitForExit() == 0)
    }

    @Test("Ctrl-D at the continuation prompt drops the statement and returns to the prompt; at the prompt it leaves")
    func endOfInputInsideStatement() throws {
        let session = try startREPL(creating: ["contoso"])
        defer { session.close() }
        session.type("if true {")
        session.press("Enter")
        try session.waitFor("mabs> if true {\n...> ")
        session.type("delete contoso")
        session.press("Enter")
        try session.waitFor("...> delete contoso\n...> ")
        session.press("C-d")
        // libedit echoes the Ctrl-D as ^D.
        try session.waitFor("...> delete contoso\n...> ^D\n(the unfinished statement was dropped)\nmabs> ")
        session.type("list")
        session.press("Enter")
        try session.waitFor("contoso  Active  Standard  1      1.0\nmabs> ")
        session.press("C-d")
        #expect(try session.waitForExit() == 0)
    }

    @Test("without line editing (TERM=dumb), Ctrl-D at the continuation prompt also drops the statement, and prompts avoid redirected output")
    func endOfInputWithoutLineEditing() throws {
        let directory = try TemporaryDirectory()
        let file = directory.path + "/out.txt"
        let session = try TerminalSession(environment: ["TERM": "dumb"], standardOutput: file)
        defer { session.close() }
        try session.waitFor("mabs> ")
        session.type("if true {")
        session.press("Enter")
        try session.waitFor("mabs> if true {\n...> ")
        session.press("C-d")
        try session.waitFor("\n(the unfinished statement was dropped)\nmabs> ")
        session.type("print 1")
        session.press("Enter")
        try session.waitFor("mabs> print 1\nmabs> ")
        session.press("C-d")
        #expect(try session.waitForExit() == 0)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "1\n")
    }

    @Test("Tab completes names ignoring case, and inside a string")
    func tabIgnoringCaseAndInString() throws {
        let session = try startREPL(creating: ["Contoso"])
        defer { session.close() }
        session.type("stop con")
        session.press("Tab")
        try session.waitFor("mabs> stop Contoso ")
        session.press("C-u")
        session.type("stop \"con")
        session.press("Tab")
        try session.waitFor("mabs> stop \"Contoso\" ")
        session.press("Enter")
        try session.waitFor("stop Contoso: Active -> Stopped\nmabs> ")
    }

    @Test("with standard output redirected, the banner, prompts and editing stay on the terminal; the file gets what statements print")
    func standardOutputRedirected() throws {
        let directory = try TemporaryDirectory()
        let file = directory.path + "/out.txt"
        let session = try TerminalSession(standardOutput: file)
        defer { session.close() }
        try session.waitFor("mabs> ")
        #expect(session.screen().hasPrefix("mabs 0.1.0: a BizTalk Services lifecycle simulator."))
        session.type("create contoso")
        session.press("Enter")
        try session.waitFor("mabs> create contoso\nmabs> ")
        session.type("print \"helo\"")
        session.press("Left", "Left")
        session.type("l")
        session.press("Enter")
        try session.waitFor("mabs> print \"hello\"\nmabs> ")
        session.type("print )")
        session.press("Enter")
        try session.waitFor("mabs> print )\nerror: expected an expression after 'print', found ')'\nprint )\n      ^\nmabs> ")
        session.type("state(cont")
        session.press("Tab")
        session.type(")")
        session.press("Enter")
        try session.waitFor("mabs> state(contoso )\nmabs> ")
        session.press("C-d")
        #expect(try session.waitForExit() == 0)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "create contoso: -> Active\nhello\nActive\n")
    }

    @Test("a MABS_HISTORY file that is not a mabs history is left untouched, with one warning")
    func foreignHistoryFile() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/notes.txt"
        let original = "my notes\ndo not lose them\n"
        try original.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(chmod(path, 0o640) == 0)
        let session = try TerminalSession(historyPath: path)
        defer { session.close() }
        try session.waitFor("mabs> ")
        let screen = session.screen()
        #expect(screen.contains("mabs: warning: history file \(path): not a mabs history (its first line is not '#mabs-history v1')"))
        #expect(screen.components(separatedBy: "warning").count == 2, "one warning")
        for (statement, result) in [("create contoso", "-> Active"), ("stop contoso", "Active -> Stopped")] {
            session.type(statement)
            session.press("Enter")
            try session.waitFor("\(statement): \(result)\nmabs> ")
        }
        session.press("Up")
        try session.waitFor("mabs> stop contoso")
        #expect(session.screen().components(separatedBy: "warning").count == 2, "still one warning")
        session.press("C-u", "C-d")
        #expect(try session.waitForExit() == 0)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == original)
        #expect(try mode(of: path) == 0o640)
    }

    @Test("no statement replaces the history file, and a --workspace that is the history file is not the history")
    func historyIsKept() throws {
        let session = try TerminalSession()
        defer { session.close() }
        try session.waitFor("mabs> ")
        for statement in ["create contoso", "save \"\(session.historyPath)\"", "graph as text to \"\(session.historyPath)\""] {
            session.type(statement)
            session.press("Enter")
        }
        try session.waitFor(
            "error: cannot write the graph to '\(session.historyPath)': it is the REPL's history; write the graph to another file")
        #expect(session.screen().contains(
            "error: cannot use workspace '\(session.historyPath)': it is the REPL's history; save the workspace to another file"))
        session.press("C-d")
        #expect(try session.waitForExit() == 0)
        let history = try String(contentsOfFile: session.historyPath, encoding: .utf8)
        #expect(history.hasPrefix("#mabs-history v1\ncreate contoso\nsave "), "\(history)")

        // The same file as --workspace: the workspace is saved there as
        // always, and this session keeps no history in it.
        let path = session.historyPath + ".json"
        let workspace = try TerminalSession(historyPath: path, arguments: ["--workspace", path])
        defer { workspace.close() }
        try workspace.waitFor("mabs> ")
        #expect(workspace.screen().contains(
            "mabs: warning: history file \(path): --workspace writes it too; history will not be saved this session"))
        workspace.type("create contoso")
        workspace.press("Enter")
        try workspace.waitFor("create contoso: -> Active\nmabs> ")
        workspace.press("C-d")
        #expect(try workspace.waitForExit() == 0)
        #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix("{\"engine\""))
    }

    @Test("a workspace is one mabs's at a time: a second REPL on it is refused; one another mabs made meanwhile is left as it is")
    func workspaceOfOneMabs() throws {
        let folder = try TemporaryDirectory()
        let held = folder.path + "/held.json", later = folder.path + "/later.json"
        let first = try TerminalSession(arguments: ["--workspace", held])
        defer { first.close() }
        try first.waitFor("mabs> ")
        first.type("create contoso")
        first.press("Enter")
        try first.waitFor("create contoso: -> Active\nmabs> ")
        // Refused before its banner (WorkspaceTests holds the message).
        let second = try TerminalSession(arguments: ["--workspace", held])
        defer { second.close() }
        #expect(try second.waitForExit() == 2)

        // No file yet when this REPL began; another mabs makes one first.
        let third = try TerminalSession(arguments: ["--workspace", later])
        defer { third.close() }
        try third.waitFor("mabs> ")
        let other = try runCapturing(try TerminalSession.mabsExecutable(), ["--workspace", later, "-e", "create fabrikam"],
                                     environment: ["PATH": "/usr/bin:/bin"])
        #expect(other.status == 0, "\(other.stderr)")
        third.type("create contoso")
        third.press("Enter")
        try third.waitFor("""
            error: cannot use workspace '\(later)': another program made or replaced it while this run was using it, \
            and it is left as it is; name another file
            """)
        third.press("C-d")
        _ = try third.waitForExit()
        let check = try runCapturing(try TerminalSession.mabsExecutable(), ["--workspace", later, "-e", "print [exists(fabrikam), exists(contoso)]"],
                                     environment: ["PATH": "/usr/bin:/bin"])
        #expect(check.stdout == "[true, false]\n", "\(check.stderr)")
        first.press("C-d")
        #expect(try first.waitForExit() == 0)
    }

    @Test("a MABS_HISTORY that is a pipe never holds the REPL: one warning, then the banner and prompt; the pipe is left as it is")
    func pipeAsHistoryFile() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/history-pipe"
        #expect(mkfifo(path, 0o600) == 0)
        // No writer ever comes: opening it to read would wait for ever.
        let session = try TerminalSession(historyPath: path)
        defer { session.close() }
        try session.waitFor("mabs> ")
        let screen = session.screen()
        #expect(screen.contains("mabs: warning: history file \(path): cannot read: it is not a regular file (a device, a pipe or a socket); name a file; history will not be saved this session"))
        #expect(screen.contains("a BizTalk Services lifecycle simulator"), "the banner came")
        session.type("create contoso")
        session.press("Enter")
        try session.waitFor("create contoso: -> Active\nmabs> ")
        session.press("C-d")
        #expect(try session.waitForExit() == 0)
        var status = stat()
        #expect(stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFIFO, "still a pipe")
    }

    @Test("secrets typed at the prompt are masked in the history file")
    func secretsMaskedInHistory() throws {
        let session = try startREPL(creating: ["contoso"])
        defer { session.close() }
        session.type("update contoso set acs-key = \"hunter2\", acs-namespace = \"ns\"")
        session.press("Enter")
        try session.waitFor("update contoso: stays Active; acs-key, acs-namespace\nmabs> ")
        session.press("C-d")
        #expect(try session.waitForExit() == 0)
        let file = try String(contentsOfFile: session.historyPath, encoding: .utf8)
        #expect(file == "#mabs-history v1\ncreate contoso\nupdate contoso set acs-key = \"*******\", acs-namespace = \"ns\"\n")
    }

    @Test("help lists the statements and explains one")
    func help() throws {
        // Tall enough for the whole topic.
        let session = try TerminalSession(height: 70)
        defer { session.close() }
        try session.waitFor("mabs> ")
        session.type("help restore")
        session.press("Enter")
        try session.waitFor("restore BACKUP [to NAME] [edition EDITION]\n  Restores a backup into a new service")
        try session.waitFor("  Success: Suspended; failure: RestoreFailed.")
    }

    @Test("a resize redraws the line being edited instead of garbling it")
    func resize() throws {
        let session = try startREPL()
        defer { session.close() }
        let text = "print \"a long line that will wrap once the window becomes narrow enough\""
        session.type(text)
        session.press("Left", "Left", "Left", "Left", "Left", "Left", "Left")
        try session.waitFor(text)
        session.resize(width: 30, height: 20)
        session.type("X")
        // Seven Lefts put the cursor before "enough". Where the narrow window
        // breaks the line (and which space the break swallows) is the
        // terminal's business, so white space is ignored when comparing.
        let edited = "print \"a long line that will wrap once the window becomes narrow Xenough\""
        func shows(_ line: String) throws {
            let squeezed = { (text: String) in text.filter { !$0.isWhitespace } }
            try session.waitUntil("the screen shows \(line)") { squeezed($0).contains(squeezed("mabs> " + line)) }
        }
        try shows(edited)
        session.resize(width: 90, height: 20)
        session.type("Y")
        try shows(edited.replacingOccurrences(of: "X", with: "XY"))
        session.press("Enter")
        try session.waitFor("a long line that will wrap once the window becomes narrow XYenough\nmabs> ")
    }

    @Test("help and table fit the terminal as wide as it is when they run")
    func helpFitsTheTerminal() throws {
        let session = try TerminalSession(width: 50, height: 60)
        defer { session.close() }
        try session.waitFor("mabs> ")
        session.type("help StopFailed")
        session.press("Enter")
        // Laid out at 50 columns: no line the terminal had to wrap.
        let screen = try session.waitFor("Example: path contoso to StopFailed\nmabs> ")
        let help = try #require(screen.components(separatedBy: "mabs> help StopFailed\n").last)
        #expect(help.hasPrefix("StopFailed: a failure state"))
        for line in help.split(separator: "\n") { #expect(line.count <= 50, "wider than the terminal: \(line)") }
        // Wider now: the whole table fits, with the columns' whole names.
        session.resize(width: 130, height: 60)
        session.type("table")
        session.press("Enter")
        try session.waitFor("| update-configuration | backup |")
    }

    @Test("piped input behaves exactly like mabs run -: no banner, no prompt, no history")
    func pipedInput() throws {
        let dir = try TemporaryDirectory()
        let script = "create contoso\r\nif contoso is Active {\n  stop contoso\n}\nassert contoso is Stopped\nresume contoso"
        let environment = ["HOME": dir.path, "PATH": "/usr/bin:/bin", "TERM": "xterm-256color", "MABS_HISTORY": dir.path + "/h"]
        let piped = try runCapturing(try TerminalSession.mabsExecutable(), [], environment: environment, input: script)
        let run = try runCapturing(try TerminalSession.mabsExecutable(), ["run", "-"], environment: environment, input: script)
        #expect(piped.status == 1)
        #expect(piped.stdout == "1 passed, 0 failed, 1 error\n")
        #expect(piped.stderr.hasPrefix("<stdin>:6:1: error: Operation not allowed"))
        #expect(piped.stdout == run.stdout && piped.stderr == run.stderr && piped.status == run.status)
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/h"), "piped input is not history")
    }
}
