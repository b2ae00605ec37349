import Lifecycle
import MabsPresentation

// The run policy: what the host decides about a run (the options it starts
// a session with, how a run is stopped, where its output goes and when it
// is flushed, where `load` reads files). The host sets it through
// `Session`; the machine reads it.

/// Where a run's output goes. The host (the batch runner, the
/// REPL, a test) decides how to show it; the language never touches a
/// terminal or a file.
public protocol ScriptOutput: AnyObject {
    /// Text for standard output: `print`, `show`, `list`, `log`, echoed
    /// values, operation notices. Always whole lines.
    func write(_ text: String)
    /// A diagnostic: a runtime error, a failed check or a warning.
    func report(_ diagnostic: Diagnostic)
    /// A notice of what ran: an operation announced (a failed one, or any
    /// with tracing), what a block did. Not what the script itself writes,
    /// so a host may send it elsewhere (`mabs run --quiet`); by default it
    /// is written as output is.
    func notice(_ text: String)
    /// Makes what was written so far visible. The interpreter calls it after
    /// each statement that wrote something, so output appears as it
    /// happens, even in the middle of a long loop.
    func flush()
    /// What happened to a check (an `assert`, an `expect error`), or the
    /// error that stopped a script: the facts reports such as TAP and JUnit
    /// are made of. Called once per check as it is made, after any
    /// diagnostic it reported; an output that keeps no reports ignores it.
    func record(_ event: CheckEvent)
}

extension ScriptOutput {
    public func notice(_ text: String) { write(text) }
    public func flush() {}
    public func record(_ event: CheckEvent) {}
}

/// Reads the files `load` names. Paths are resolved by the host, relative
/// to the loading file.
public protocol SourceLoader {
    /// The file at `path`, as seen from `file`; throws a sentence saying
    /// why it cannot be read.
    func load(_ path: String, relativeTo file: SourceFile) throws -> SourceFile
}

/// How a run ended.
public enum RunOutcome: Equatable, Sendable {
    /// Every statement ran (checks may still have failed).
    case finished
    /// A runtime error stopped the script; it has been reported.
    case stopped
    /// `--bail`: a failed check stopped the script.
    case bailed
    /// The user interrupted a running statement.
    case interrupted
}

extension Session {
    /// Which successful operations are announced.
    public enum Trace: Sendable {
        case off
        /// Only those a top-level statement runs, not those inside blocks,
        /// loops and procedures: the REPL's default, so a loop does not
        /// flood the screen.
        case topLevel
        /// Every one (`--trace`).
        case all
    }

    public struct Options: Sendable {
        /// Which operations to announce as they run, with their transition
        /// (failed runs are always announced).
        public var trace = Trace.off
        /// Echo the value of bare expressions (the REPL).
        public var echoValues = false
        /// Stop at the first failed check.
        public var bail = false
        /// Show a statement's several warnings under one header, its source
        /// line and caret once (the prompt, a play), not each with its own.
        public var groupWarnings = false
        /// Colour announced transitions as the diagrams do (a failure red,
        /// a platform event blue): the host's output is a terminal that
        /// wants colour (the prompt, a play; never with NO_COLOR).
        public var colorTransitions = false
        /// After a runtime error, report it and go on with the next
        /// top-level statement (`mabs run --keep-going`), as the prompt
        /// and a play do.
        public var keepGoing = false
        /// The seed `chaos` uses when a script gives none.
        public var chaosSeed: UInt64 = 1
        /// How many statements a run may execute before it is stopped, so a
        /// runaway loop ends with an error instead of hanging.
        public var stepLimit = 100_000_000
        /// How deeply procedure calls may nest.
        public var callDepthLimit = 200
        /// How long a deleted service's name is held, when not the engine's
        /// default (`--name-hold`; `hold names for` changes it later).
        public var nameHold: Interval?
        /// How many entries the operation log keeps, when not the engine's
        /// default (`--log-limit`): older ones are dropped and counted.
        public var logLimit: Int?
        /// `--workspace FILE`: opened (if it exists) before the first
        /// statement runs, saved after each top-level statement.
        public var workspaceFile: String?
        /// What `graph` draws without `as` (or a file name that says):
        /// text for a person at the prompt, Mermaid for scripts, whose
        /// output goes to files and other tools.
        public var graphFormat = StateDiagram.Format.mermaid
        /// How many columns text laid out for reading (`help`, `table`)
        /// may take: the terminal's width, which only the host knows; 80
        /// where the output is no terminal.
        public var textWidth = 80
        public init() {}
    }
}

/// Counts the statements a run executes and stops it: at the step limit (a
/// runaway loop), or when the host asks (Ctrl-C, SIGTERM, a lost output).
final class StepGuard {
    let limit: Int
    /// Polled every 256 steps and between top-level statements; true stops
    /// the running statement cleanly.
    var shouldStop: @Sendable () -> Bool = { false }
    /// What a stop `shouldStop` asked for reports, at the statement it
    /// stopped: `interrupted` (Ctrl-C) unless the host says otherwise
    /// (`terminated` for SIGTERM); nil stops without a word, for a host
    /// that says why itself (standard output lost), and reports keep it
    /// as `outputLost`.
    var stopReport: @Sendable () -> Message.Runtime? = { .interrupted }
    /// Statements executed in this run (a loop's turn counts one too).
    var steps = 0
    let output: RunOutput

    init(limit: Int, output: RunOutput) {
        self.limit = limit
        self.output = output
    }

    /// Counts a step (a statement, or a loop's turn, so that even an empty
    /// loop counts) and stops a runaway or interrupted run. Every 256 steps
    /// it also flushes output, so a long loop's prints appear as it runs
    /// without a system call per line.
    @inline(__always)
    func tick(_ site: @autoclosure () -> Site) throws {
        steps &+= 1
        if steps & 0xFF == 0 || steps > limit {
            output.flush()
            try stopIfAsked(site())
            if steps > limit { throw RuntimeError(.stepLimit(limit), site()) }
        }
    }

    /// Stops the run at `site` if Ctrl-C, SIGTERM or a lost output asked.
    func stopIfAsked(_ site: @autoclosure () -> Site) throws {
        if shouldStop() { throw RuntimeError(.interrupted, site()) }
    }
}

/// What a run writes, through the host's `ScriptOutput`: standard output
/// escaped for a terminal, notices of what ran, diagnostics and check
/// events. Written text is flushed after each top-level statement and
/// every 256 steps.
final class RunOutput {
    let host: ScriptOutput
    /// Something was written since the last flush.
    private var wrote = false

    init(_ host: ScriptOutput) {
        self.host = host
    }

    /// Writes to standard output, every control character in it escaped
    /// (`TerminalText`): what scripts print, reports, echoed values and
    /// notices all pass here.
    func emit(_ text: String) {
        host.write(TerminalText.escaped(text, as: .lines))
        wrote = true
    }

    /// Says what ran (see `ScriptOutput.notice`): standard output, unless
    /// the host sends notices elsewhere (`--quiet`).
    func notify(_ text: String) {
        host.notice(text)
        wrote = true
    }

    func report(_ diagnostic: Diagnostic) {
        host.report(diagnostic)
    }

    func record(_ event: CheckEvent) {
        host.record(event)
    }

    /// Makes what was written visible, if anything was.
    func flush() {
        if wrote {
            wrote = false
            host.flush()
        }
    }
}
