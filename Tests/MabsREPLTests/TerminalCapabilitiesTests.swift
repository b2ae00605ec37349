import Testing
import MabsHost
import MabsREPL

@Suite("TerminalCapabilities")
struct TerminalCapabilitiesTests {
    @Test("colour only on a terminal, never with NO_COLOR (any value) or TERM=dumb",
          arguments: [
            (true, true, ["TERM": "xterm-256color"], true),
            (true, true, [:], true),
            (true, true, ["TERM": "xterm", "NO_COLOR": "1"], false),
            (true, true, ["TERM": "xterm", "NO_COLOR": ""], false),
            (true, true, ["TERM": "dumb"], false),
            (true, false, ["TERM": "xterm"], false),
            (false, true, ["TERM": "xterm"], false),
          ] as [(Bool, Bool, [String: String], Bool)])
    func color(stdin: Bool, stdout: Bool, environment: [String: String], expected: Bool) {
        let capabilities = TerminalCapabilities(stdinIsTerminal: stdin, stdoutIsTerminal: stdout, environment: environment)
        #expect(capabilities.colorAllowed == expected)
    }

    @Test("piped input: no prompts, no banner, no line editing, no colour")
    func piped() {
        let capabilities = TerminalCapabilities(stdinIsTerminal: false, stdoutIsTerminal: true, environment: ["TERM": "xterm"])
        #expect(!capabilities.isInteractive)
        #expect(!capabilities.lineEditingAllowed)
        #expect(!capabilities.colorAllowed)
    }

    @Test("a dumb terminal is interactive but gets no line editing")
    func dumb() {
        let capabilities = TerminalCapabilities(stdinIsTerminal: true, stdoutIsTerminal: true, environment: ["TERM": "dumb"])
        #expect(capabilities.isInteractive)
        #expect(!capabilities.lineEditingAllowed)
    }

    @Test("help and the table fit the terminal's width; 80 columns where output is no terminal, whatever COLUMNS says")
    func textWidth() {
        #expect(TerminalCapabilities(stdinIsTerminal: true, stdoutIsTerminal: true, environment: [:], columns: 132).textWidth == 132)
        #expect(TerminalCapabilities(stdinIsTerminal: false, stdoutIsTerminal: true, environment: [:], columns: 40).textWidth == 40)
        #expect(TerminalCapabilities(stdinIsTerminal: true, stdoutIsTerminal: false, environment: ["COLUMNS": "200"], columns: 132).textWidth == 80)
        #expect(TerminalCapabilities(stdinIsTerminal: true, stdoutIsTerminal: true, environment: ["COLUMNS": "200"]).textWidth == 80)
    }

    @Test("MABS_PROMPT and MABS_PROMPT2 replace the prompts")
    func prompts() {
        let terminal = TerminalCapabilities(stdinIsTerminal: true, stdoutIsTerminal: true, environment: [:])
        let custom = REPLConfiguration(environment: ["MABS_PROMPT": "biz> ", "MABS_PROMPT2": "  | "], capabilities: terminal)
        #expect(custom.prompt == "biz> ")
        #expect(custom.continuationPrompt == "  | ")
        let plain = REPLConfiguration(environment: [:], capabilities: terminal)
        #expect(plain.prompt == "mabs> ")
        #expect(plain.continuationPrompt == "...> ")
    }
}
