import Lifecycle
import MabsHost
import MabsLanguage

/// Runs scripts from files, standard input or the command line, the way a
/// test runner does: every script is checked first (a syntax error anywhere
/// runs nothing), then each runs in a fresh workspace; the last line counts
/// the checks, and the exit status says how it went.
public struct BatchRunner {
    /// Where a script comes from.
    public enum Input: Equatable, Sendable {
        case file(String)
        case standardInput
        case commandLine(String)
    }

    /// The exit statuses (documented in the README).
    public enum ExitStatus: Int32, Sendable {
        /// Every check passed and nothing stopped a script.
        case success = 0
        /// A check failed, or a runtime error stopped a script.
        case failure = 1
        /// Bad usage, an unreadable file, or a syntax error.
        case usage = 2
    }

    public var options: Interpreter.Options
    public var output: StandardStreams

    public init(options: Interpreter.Options, output: StandardStreams) {
        self.options = options
        self.output = output
    }

    /// Runs the scripts and returns the exit status.
    public func run(_ inputs: [Input]) -> ExitStatus {
        guard let prepared = prepare(inputs) else { return .usage }
        // From here on Ctrl-C (SIGINT) stops the running statement cleanly,
        // so what was printed stays and the summary still comes. Not while
        // reading: a script typed on standard input is ended with Ctrl-D.
        Interrupt.install()
        var passed = 0, failed = 0
        var stopped = false, interrupted = false
        for (session, script) in prepared {
            session.interpreter.shouldStop = { Interrupt.isRequested }
            let (passedBefore, failedBefore) = (session.interpreter.passed, session.interpreter.failed)
            let outcome = session.run(script)
            passed += session.interpreter.passed - passedBefore
            failed += session.interpreter.failed - failedBefore
            if outcome != .finished { stopped = true }
            if outcome == .interrupted { interrupted = true }
            if outcome == .bailed || outcome == .interrupted { break }
        }
        if passed + failed > 0 || interrupted { output.write("\(passed) passed, \(failed) failed\n") }
        output.flush()
        return failed > 0 || stopped ? .failure : .success
    }

    /// Parses and checks the scripts without running them (`mabs check`).
    public func check(_ inputs: [Input]) -> ExitStatus {
        let status: ExitStatus = prepare(inputs) == nil ? .usage : .success
        output.flush()
        return status
    }

    /// Reads, parses and checks every input, reporting what is wrong. Nil
    /// when any input cannot be read or has an error.
    ///
    /// Each file, and standard input, gets a workspace of its own; the
    /// `-e` statements share one and run in order, as in `lua -e`.
    private func prepare(_ inputs: [Input]) -> [(Session, PreparedScript)]? {
        var prepared: [(Session, PreparedScript)] = []
        var ok = true
        let commandLines = inputs.filter { if case .commandLine = $0 { true } else { false } }.count
        var commandLineSession: Session?
        var previousCommandLine: PreparedScript?
        var commandLineNumber = 0
        for input in inputs {
            let file: SourceFile
            do {
                switch input {
                case .file(let path): file = SourceFile(name: path, bytes: try FileReader.read(path))
                case .standardInput: file = SourceFile(name: "<stdin>", bytes: try FileReader.readStandardInput())
                case .commandLine(let code):
                    commandLineNumber += 1
                    // Several -e are told apart by their position.
                    let name = commandLines > 1 ? "<command line \(commandLineNumber)>" : "<command line>"
                    file = SourceFile(name: name, text: code)
                }
            } catch {
                output.reportText(HostMessage.cannotRead(input.displayName, reason: "\(error)").text)
                ok = false
                continue
            }
            let session: Session
            var script: PreparedScript
            if case .commandLine = input {
                session = commandLineSession ?? Session(options: options, output: output, loader: FileLoader())
                commandLineSession = session
                script = session.prepare(file, after: previousCommandLine)
                previousCommandLine = script
            } else {
                session = Session(options: options, output: output, loader: FileLoader())
                script = session.prepare(file)
            }
            for diagnostic in script.diagnostics { output.report(diagnostic) }
            if script.hasErrors { ok = false }
            prepared.append((session, script))
        }
        return ok ? prepared : nil
    }
}

extension BatchRunner.Input {
    var displayName: String {
        switch self {
        case .file(let path): path
        case .standardInput: "<stdin>"
        case .commandLine: "<command line>"
        }
    }
}
