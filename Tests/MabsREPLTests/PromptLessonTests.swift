import Foundation
import Testing

// The prompt as a lesson is given at it (issue 18): what each statement
// did is said, a refusal shows and the session goes on, trace on and off,
// the other tools' ways out, and `mabs -i FILE`. The real binary in tmux.
@Suite("The prompt for a lesson (tmux)", .serialized, .tags(.heavy), .heavy)
struct PromptLessonTests {
    func enter(_ session: TerminalSession, _ line: String) {
        session.type(line)
        session.press("Enter")
    }

    @Test("a passing assert and expect error say so, wait says the clock, trace off quiets them, exit 1 is explained and \\\\q leaves")
    func acknowledgementsAndWaysOut() throws {
        let session = try TerminalSession()
        defer { session.close() }
        try session.waitFor("mabs> ")
        enter(session, "create contoso; stop contoso")
        try session.waitFor("stop contoso: Active -> Stopped\nmabs> ")
        enter(session, "assert contoso is Stopped")
        try session.waitFor("✔ contoso is Stopped\nmabs> ")
        enter(session, "expect error { resume contoso }")
        try session.waitFor("✔ as expected: Operation not allowed: cannot resume 'contoso' while it is Stopped")
        enter(session, "wait 1h")
        try session.waitFor("clock: 2016-11-08 10:00:00 (+1h)\nmabs> ")
        enter(session, "trace off")
        enter(session, "start contoso")
        enter(session, "print \"quiet\"")
        let quiet = try session.waitFor("quiet\nmabs> ")
        #expect(!quiet.contains("Stopped -> Active"), "trace off: no announcement")
        enter(session, "trace on")
        enter(session, "repeat 1 { stop contoso }")
        try session.waitFor("stop contoso: Active -> Stopped\nmabs> ")
        enter(session, "if true { print \"then\" }")
        // Typed after the if ran (not pasted with it), the else stands alone.
        try session.waitFor("then\nmabs> ")
        enter(session, "else { print 2 }")
        try session.waitFor("write it on the line of the if's closing brace, '} else {'")
        enter(session, "stop contso")
        try session.waitFor("note: did you mean 'contoso'?")
        enter(session, "exit 1")
        try session.waitFor("(exit takes no argument: type exit alone, or press Ctrl-D, to leave; the session ends with status 0)\nmabs> ")
        enter(session, "\\q")
        #expect(try session.waitForExit() == 0)
    }

    @Test("mabs -i FILE runs the script, then opens the prompt in its workspace")
    func scriptThenPrompt() throws {
        let folder = try TemporaryDirectory()
        let script = folder.path + "/lesson.mabs"
        try "create contoso\nstop contoso\nlet teacher = \"ready\"\n".write(toFile: script, atomically: true, encoding: .utf8)
        let session = try TerminalSession(arguments: ["-i", script])
        defer { session.close() }
        let first = try session.waitFor("mabs> ")
        #expect(!first.contains("stop contoso: Active -> Stopped"), "the script runs as mabs run runs it, quietly")
        enter(session, "print [state(contoso), $teacher]")
        try session.waitFor("[Stopped, \"ready\"]\nmabs> ")
        enter(session, "start contoso")
        try session.waitFor("start contoso: Stopped -> Active\nmabs> ")
        session.press("C-d")
        #expect(try session.waitForExit() == 0)
    }
}
