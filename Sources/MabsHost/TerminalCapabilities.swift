#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MabsLanguage

/// What the standard streams and the environment allow: line editing,
/// prompts and a banner only on a terminal; colour only on a terminal whose
/// user has not opted out.
public struct TerminalCapabilities: Sendable, Equatable {
    public var stdinIsTerminal: Bool
    public var stdoutIsTerminal: Bool
    /// True when `NO_COLOR` is set (any value, even empty) or `TERM` is `dumb`.
    public var environmentForbidsColor: Bool
    public var terminalIsDumb: Bool
    /// How many columns standard output's terminal has; nil when it is
    /// no terminal.
    public var columns: Int?

    /// Capabilities from explicit facts; the environment logic lives here so
    /// tests can drive it without a terminal.
    public init(stdinIsTerminal: Bool, stdoutIsTerminal: Bool, environment: [String: String], columns: Int? = nil) {
        self.stdinIsTerminal = stdinIsTerminal
        self.stdoutIsTerminal = stdoutIsTerminal
        self.columns = stdoutIsTerminal ? columns : nil
        self.terminalIsDumb = environment["TERM"] == "dumb"
        self.environmentForbidsColor = environment["NO_COLOR"] != nil || terminalIsDumb
    }

    /// The capabilities of this process's standard input and output.
    public static func current(environment: [String: String]) -> TerminalCapabilities {
        TerminalCapabilities(
            stdinIsTerminal: isatty(STDIN_FILENO) == 1,
            stdoutIsTerminal: isatty(STDOUT_FILENO) == 1,
            environment: environment,
            columns: TerminalSize.standardOutput()?.width
        )
    }

    /// How wide text laid out for reading (`help`, `table`) may be: the
    /// terminal's width, or 80 columns where standard output is no
    /// terminal (a file, a pipe), whatever `COLUMNS` says.
    public var textWidth: Int { columns ?? 80 }

    /// `textWidth` now: a terminal may be resized between two statements.
    public static var textWidth: Int { current(environment: [:]).textWidth }

    /// A person is typing: show the banner and prompts.
    public var isInteractive: Bool { stdinIsTerminal }

    /// libedit needs a person typing and a terminal type it can drive; its
    /// prompts and echo go to whichever stream is a terminal.
    public var lineEditingAllowed: Bool { stdinIsTerminal && !terminalIsDumb }

    /// Colour only when both ends are a terminal and the environment allows it.
    public var colorAllowed: Bool { stdinIsTerminal && stdoutIsTerminal && !environmentForbidsColor }
}

/// What the terminal allows. Colour only on a terminal, never with
/// NO_COLOR set or TERM=dumb.
public enum Terminal {
    /// The environment, each value with its own bytes (`MABS_HISTORY` may
    /// name a file whose name is not UTF-8; see `SystemText`).
    public static var environment: [String: String] {
        var environment: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let text = SystemText.decode(UnsafeRawBufferPointer(start: pointer, count: strlen(pointer)))
            if let equals = text.firstIndex(of: "=") {
                environment[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            entry += 1
        }
        return environment
    }

    public static var colorOnStandardError: Bool {
        isatty(STDERR_FILENO) == 1 && !TerminalCapabilities.current(environment: environment).environmentForbidsColor
    }
}
