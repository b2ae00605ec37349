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
        /// Standard output's reader went away (`mabs ... | head`): 128 +
        /// SIGPIPE, as a shell reports a program SIGPIPE ended; quietly.
        case outputClosed = 141
        /// SIGTERM stopped the run: 128 + SIGTERM.
        case terminated = 143
    }

    public var options: Interpreter.Options
    public var output: StandardStreams
    /// How checks show on standard output (`--format`).
    public var format = ReportFormat.text
    /// Where to write a JUnit XML report of the checks (`--junit FILE`),
    /// besides the output `format` chooses.
    public var junitPath: String?

    public init(options: Interpreter.Options, output: StandardStreams) {
        self.options = options
        self.output = output
    }

    /// Runs the scripts and returns the exit status.
    public func run(_ inputs: [Input]) -> ExitStatus {
        // The files the options write are reserved before any script is
        // read, so none of them is a script, nor another's (`FilesInUse`).
        let files = FilesInUse()
        if let message = files.reserve(["--junit": junitPath, "--workspace": options.workspaceFile]) {
            output.reportText(message.text)
            return .usage
        }
        // The JUnit file's temporary copy is made first, so a folder that
        // cannot take it stops the run before anything is read or run.
        var junit: AtomicFile?
        if let junitPath {
            do {
                junit = try AtomicFile(replacing: junitPath)
            } catch {
                output.reportText(HostMessage.cannotWrite(junitPath, reason: "\(error)").text)
                return .usage
            }
        }
        let reporting = format == .tap || junit != nil
            ? ReportingOutput(streams: output, tap: format == .tap, keepsSuites: junit != nil) : nil
        if format == .tap { reporting?.writeTAP(TAP.version) }
        guard let prepared = prepare(inputs, reporting: reporting, files: files) else {
            return finish(.usage, reporting: reporting, junit: junit, files: files, passed: 0, failed: 0, interrupted: false)
        }
        // From here on Ctrl-C (SIGINT) and SIGTERM stop the running
        // statement cleanly, so what was printed stays, a saved workspace
        // holds every statement before it, and the summary still comes.
        // Not while reading: a script typed on standard input is ended
        // with Ctrl-D. A lost standard output stops the run too.
        Interrupt.install()
        var passed = 0, failed = 0
        var stopped = false, interrupted = false
        for (session, script, suite) in prepared {
            session.interpreter.shouldStop = { Interrupt.isRequested }
            session.interpreter.stopReport = { Interrupt.stopReport }
            let (passedBefore, failedBefore) = (session.interpreter.passed, session.interpreter.failed)
            reporting?.select(suite)
            let outcome = session.run(script)
            session.closeWorkspace()
            if outcome == .stopped || outcome == .interrupted { reporting?.stopped() }
            passed += session.interpreter.passed - passedBefore
            failed += session.interpreter.failed - failedBefore
            if outcome != .finished { stopped = true }
            if outcome == .interrupted { interrupted = true }
            if outcome == .bailed || outcome == .interrupted { break }
        }
        // A run that lost its output stopped for that alone; `finish` says so.
        let lostOutput = interrupted && Interrupt.stopReport == nil
        let status: ExitStatus = interrupted && Interrupt.isTerminating ? .terminated
            : failed > 0 || (stopped && !lostOutput) ? .failure : .success
        return finish(status, reporting: reporting, junit: junit, files: files, passed: passed, failed: failed, interrupted: interrupted)
    }

    /// Ends the run: the TAP plan, the summary line (a TAP comment in TAP),
    /// and the JUnit report put in place (unless its file turned out to be
    /// a script, which a load was refused for). A report that cannot be
    /// written makes a successful run a failed one.
    private func finish(
        _ status: ExitStatus, reporting: ReportingOutput?, junit: AtomicFile?, files: FilesInUse,
        passed: Int, failed: Int, interrupted: Bool
    ) -> ExitStatus {
        let summary = "\(passed) passed, \(failed) failed"
        if let reporting, reporting.tap {
            reporting.writeTAP(TAP.plan(reporting.testPoints))
            if passed + failed > 0 || interrupted { reporting.writeTAP(TAP.comment(summary)) }
        } else if passed + failed > 0 || interrupted {
            output.write(summary + "\n")
        }
        let status = output.finish() || status != .success ? status : Self.lostOutput(output)
        // A report whose file is a script is never written: before the run
        // (status 2) mabs has said so already.
        guard let junit, let reporting, status != .usage || files.refusal(writing: "--junit") == nil else { return status }
        do {
            if let refusal = files.refusal(writing: "--junit") { throw refusal }
            try junit.commit(JUnit.document(reporting.suites))
        } catch {
            output.reportText(HostMessage.cannotWrite(junit.path, reason: "\(error)").text)
            return status == .success ? .failure : status
        }
        return status
    }

    /// Parses and checks the scripts without running them (`mabs check`).
    public func check(_ inputs: [Input]) -> ExitStatus {
        let status: ExitStatus = prepare(inputs, reporting: nil, files: FilesInUse()) == nil ? .usage : .success
        return output.finish() || status != .success ? status : Self.lostOutput(output)
    }

    /// The status of a run whose output could not all be written: quietly
    /// 141 when its reader went away, else a failure (`finish` said why).
    public static func lostOutput(_ output: StandardStreams) -> ExitStatus {
        output.readerGone ? .outputClosed : .failure
    }

    /// Reads, parses and checks every input, reporting what is wrong. Nil
    /// when any input cannot be read or has an error, or the `--workspace`
    /// file cannot be used.
    ///
    /// Each file, and standard input, gets a workspace of its own; the
    /// `-e` statements share one and run in order, as in `lua -e`. With
    /// `--workspace`, every input runs in order over that one workspace,
    /// each starting where the one before left it, so none is lost.
    ///
    /// With `reporting`, each input begins a report of its own (the index
    /// beside its script), and what keeps it from running is recorded
    /// there, each error as a failed event.
    private func prepare(_ inputs: [Input], reporting: ReportingOutput?, files: FilesInUse) -> [(Session, PreparedScript, suite: Int)]? {
        let output: ScriptOutput = reporting ?? self.output
        func session() -> Session {
            Session(options: options, output: output, loader: FileLoader(files: files), workspaces: WorkspaceFile(files: files))
        }
        // Every input is read before the workspace is opened, so a script
        // that is the --workspace file is refused as such (`FilesInUse`).
        let commandLines = inputs.filter(\.isCommandLine).count
        var commandLineNumber = 0
        let read = inputs.map { input -> Result<SourceFile, FileFailure> in
            Result { () throws(FileFailure) in
                switch input {
                case .file(let path): return SourceFile(name: path, bytes: try files.readScript(path))
                case .standardInput: return SourceFile(name: "<stdin>", bytes: try FileReader.readStandardInput())
                case .commandLine(let code):
                    commandLineNumber += 1
                    // Several -e are told apart by their position.
                    let name = commandLines > 1 ? "<command line \(commandLineNumber)>" : "<command line>"
                    return SourceFile(name: name, bytes: SystemText.bytes(code))
                }
            }
        }
        func unreadable(_ input: Input, _ error: FileFailure) {
            let message = HostMessage.cannotRead(input.displayName, reason: "\(error)")
            self.output.reportText(message.text)
            reporting?.beginSuite(input.displayName)
            reporting?.record(CheckEvent(rejectedFile: input.displayName, message: message.sentence))
        }
        // The session the inputs that run in order share, and the script
        // prepared for it last (what it defines counts as defined).
        var shared: Session?
        var previous: PreparedScript?
        if let path = options.workspaceFile {
            // Nothing is opened while a script is missing (or is the
            // workspace file itself).
            for case (let input, .failure(let error)) in zip(inputs, read) { unreadable(input, error) }
            guard !read.contains(where: { if case .failure = $0 { true } else { false } }) else { return nil }
            let workspace = session()
            if let message = workspace.openWorkspace() {
                self.output.reportText(message.text)
                reporting?.beginSuite(path)
                reporting?.record(CheckEvent(rejectedFile: path, message: message.sentence))
                return nil
            }
            shared = workspace
        }
        var prepared: [(Session, PreparedScript, suite: Int)] = []
        var ok = true
        for (input, read) in zip(inputs, read) {
            let file: SourceFile
            switch read {
            case .success(let read): file = read
            case .failure(let error):
                unreadable(input, error)
                ok = false
                continue
            }
            let suite = reporting?.beginSuite(file.name) ?? 0
            let runner: Session
            let script: PreparedScript
            if options.workspaceFile != nil || input.isCommandLine {
                runner = shared ?? session()
                shared = runner
                script = runner.prepare(file, after: previous)
                previous = script
            } else {
                runner = session()
                script = runner.prepare(file)
            }
            for diagnostic in script.diagnostics { output.report(diagnostic) }
            for diagnostic in script.diagnostics where diagnostic.severity == .error {
                reporting?.record(CheckEvent(rejectedBy: diagnostic))
            }
            if script.hasErrors { ok = false }
            prepared.append((runner, script, suite))
        }
        return ok ? prepared : nil
    }
}

extension BatchRunner.Input {
    var isCommandLine: Bool { if case .commandLine = self { true } else { false } }

    var displayName: String {
        switch self {
        case .file(let path): path
        case .standardInput: "<stdin>"
        case .commandLine: "<command line>"
        }
    }
}
