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

    /// The exit statuses (the README's table, `mabs --help` and the manual page).
    public enum ExitStatus: Int32, Sendable, CaseIterable {
        /// Every check passed and nothing stopped a script.
        case success = 0
        /// A check failed, or a runtime error stopped a script (or, with
        /// `--keep-going`, was reported and the script went on).
        case failure = 1
        /// Bad usage, an unreadable file, or a syntax error.
        case usage = 2
        /// Standard output's reader went away (`mabs ... | head`): 128 +
        /// SIGPIPE, as a shell reports a program SIGPIPE ended; quietly.
        case outputClosed = 141
        /// SIGTERM stopped the run: 128 + SIGTERM.
        case terminated = 143

        /// When mabs exits with it, in the words the manual page and
        /// `mabs --help` give.
        public var meaning: String {
            switch self {
            case .success: "every check passed and nothing stopped a script"
            case .failure: "a check failed, or a runtime error (or an interrupt) stopped a script (with --keep-going, a runtime error at all), or the --junit report or standard output could not be written"
            case .usage: "a usage error, an unreadable file, a --junit file that cannot be created, or a syntax or check error (nothing ran)"
            case .outputClosed: "standard output's reader went away (mabs ... | head) and nothing else failed: 128 + SIGPIPE, quietly"
            case .terminated: "SIGTERM stopped the run, or ended the REPL: 128 + SIGTERM"
            }
        }
    }

    public var options: Session.Options
    public var output: StandardStreams
    /// How checks show on standard output (`--format`).
    public var format = ReportFormat.text
    /// Where to write a JUnit XML report of the checks (`--junit FILE`),
    /// besides the output `format` chooses.
    public var junitPath: String?
    /// `--quiet`: standard output holds only what scripts write; notices
    /// of what ran and the summary line go to standard error.
    public var quiet = false
    /// The times and host name the JUnit report gives.
    public var clock = ReportClock.system

    public init(options: Session.Options, output: StandardStreams) {
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
        output.noticesOnStandardError = quiet
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
        let reporting = ReportingOutput(streams: output, format: format, keepsEvents: junit != nil, clock: clock)
        reporting.tap?.header()
        let (entries, ok) = prepare(inputs, output: reporting, files: files)
        let suites = entries.map { reporting.addSuite($0.name, checks: $0.script?.checkSites ?? [], otherErrors: $0.otherErrors) }
        guard ok else {
            // Nothing runs: each script that could not be read or checked
            // is one error, and the checks of the others did not run.
            for (entry, suite) in zip(entries, suites) {
                if let failure = entry.failure {
                    reporting.start(suite)
                    reporting.record(failure)
                    reporting.end()
                } else {
                    reporting.skip(suite, because: .notRunAfterErrors)
                }
            }
            return finish(.usage, reporting: reporting, junit: junit, files: files, interrupted: false, bailed: false)
        }
        // From here on Ctrl-C (SIGINT) and SIGTERM stop the running
        // statement cleanly, so what was printed stays, a saved workspace
        // holds every statement before it, and the summary still comes.
        // Not while reading: a script typed on standard input is ended
        // with Ctrl-D. A lost standard output stops the run too.
        Interrupt.install()
        var stopped = false, interrupted = false, bailed = false
        for (entry, suite) in zip(entries, suites) {
            guard let session = entry.session, let script = entry.script, !bailed, !interrupted else {
                reporting.skip(suite, because: .notRunAfterStop)
                continue
            }
            session.shouldStop = { Interrupt.isRequested }
            session.stopReport = { Interrupt.stopReport }
            reporting.start(suite)
            let outcome = session.run(script)
            session.closeWorkspace()
            if outcome == .stopped || outcome == .interrupted { reporting.stopped() }
            // A script that stopped: the checks it did not reach.
            reporting.end(unreached: outcome == .finished ? nil : .notReached)
            if outcome != .finished { stopped = true }
            if outcome == .interrupted { interrupted = true }
            if outcome == .bailed { bailed = true }
        }
        // A run that lost its output stopped for that alone; `finish` says so.
        let lostOutput = interrupted && Interrupt.stopReport == nil
        let status: ExitStatus = interrupted && Interrupt.isTerminating ? .terminated
            // Going on (`--keep-going`), a script's runtime errors did not stop it.
            : reporting.counts.failed > 0 || ((stopped || reporting.counts.errors > 0) && !lostOutput) ? .failure : .success
        return finish(status, reporting: reporting, junit: junit, files: files, interrupted: interrupted, bailed: bailed)
    }

    /// Ends the run: the summary line (in TAP a comment, then the plan, or
    /// `Bail out!` after `--bail`), and the JUnit report put in place
    /// (unless its file turned out to be a script, which a load was
    /// refused for). A report that cannot be written makes a successful
    /// run a failed one.
    ///
    /// The summary comes when the run had checks to count (made, or
    /// written and not run), or was interrupted.
    private func finish(
        _ status: ExitStatus, reporting: ReportingOutput, junit: AtomicFile?, files: FilesInUse,
        interrupted: Bool, bailed: Bool
    ) -> ExitStatus {
        let counts = reporting.counts
        let summary = counts.hasChecks || interrupted ? counts.summary : nil
        if let tap = reporting.tap {
            let bail = bailed ? ReportText.bailed(at: reporting.lastFailure?.testName() ?? "").text : nil
            tap.finish(summary: summary, bail: bail)
        } else if let summary {
            quiet ? output.reportText(summary + "\n") : output.write(summary + "\n")
        }
        let status = output.finish() || status != .success ? status : Self.lostOutput(output)
        // A report whose file is a script is never written: before the run
        // (status 2) mabs has said so already.
        guard let junit, status != .usage || files.refusal(writing: "--junit") == nil else { return status }
        do {
            if let refusal = files.refusal(writing: "--junit") { throw refusal }
            try junit.commit(JUnit.document(reporting.suites, hostName: clock.hostName()))
        } catch {
            output.reportText(HostMessage.cannotWrite(junit.path, reason: "\(error)").text)
            return status == .success ? .failure : status
        }
        return status
    }

    /// Parses and checks the scripts without running them (`mabs check`).
    public func check(_ inputs: [Input]) -> ExitStatus {
        let status: ExitStatus = prepare(inputs, output: output, files: FilesInUse()).ok ? .success : .usage
        return output.finish() || status != .success ? status : Self.lostOutput(output)
    }

    /// The status of a run whose output could not all be written: quietly
    /// 141 when its reader went away, else a failure (`finish` said why).
    public static func lostOutput(_ output: StandardStreams) -> ExitStatus {
        output.readerGone ? .outputClosed : .failure
    }

    /// One input, read and prepared: the script and the session it runs
    /// in, or what keeps it from running (an error event: the file cannot
    /// be read, or the script has errors).
    private struct Entry {
        var name: String
        var session: Session?
        var script: PreparedScript?
        var failure: CheckEvent?
        /// The script's errors after the first, which `failure` is.
        var otherErrors: [Diagnostic] = []
    }

    /// Reads, parses and checks every input, reporting what is wrong on
    /// standard error. Not `ok` when any input cannot be read or has an
    /// error, or the `--workspace` file cannot be used.
    ///
    /// Each file, and standard input, gets a workspace of its own; the
    /// `-e` statements share one and run in order, as in `lua -e`. With
    /// `--workspace`, every input runs in order over that one workspace,
    /// each starting where the one before left it, so none is lost.
    private func prepare(_ inputs: [Input], output: ScriptOutput, files: FilesInUse) -> (entries: [Entry], ok: Bool) {
        func session() -> Session {
            Session(
                options: options, output: output, loader: FileLoader(files: files), workspaces: WorkspaceFile(files: files),
                outputFiles: OutputFile(files: files))
        }
        // Every input is read before the workspace is opened, so a script
        // that is the --workspace file is refused as such (`FilesInUse`).
        let commandLines = inputs.filter(\.isCommandLine).count
        var commandLineNumber = 0
        let read = inputs.map { input -> Result<SourceFile, FileFailure> in
            Result { () throws(FileFailure) in
                switch input {
                case .file(let path): return SourceFile(name: path, bytes: try files.readScript(path))
                case .standardInput: return SourceFile(name: "<stdin>", bytes: try files.readStandardInputScript())
                case .commandLine(let code):
                    commandLineNumber += 1
                    // Several -e are told apart by their position.
                    let name = commandLines > 1 ? "<command line \(commandLineNumber)>" : "<command line>"
                    return SourceFile(name: name, bytes: SystemText.bytes(code))
                }
            }
        }
        func unreadable(_ input: Input, _ error: FileFailure) -> Entry {
            let message = HostMessage.cannotRead(input.displayName, reason: "\(error)")
            self.output.reportText(message.text)
            return Entry(name: input.displayName, failure: CheckEvent(rejectedFile: input.displayName, message: message.sentence))
        }
        // The session the inputs that run in order share, and the script
        // prepared for it last (what it defines counts as defined).
        var shared: Session?
        var previous: PreparedScript?
        if let path = options.workspaceFile {
            // Nothing is opened while a script is missing (or is the
            // workspace file itself).
            let missing = zip(inputs, read).compactMap { input, read in
                if case .failure(let error) = read { unreadable(input, error) } else { nil }
            }
            guard missing.isEmpty else { return (missing, false) }
            let workspace = session()
            if let message = workspace.openWorkspace() {
                self.output.reportText(message.text)
                return ([Entry(name: path, failure: CheckEvent(rejectedFile: path, message: message.sentence))], false)
            }
            shared = workspace
        }
        var entries: [Entry] = []
        var ok = true
        for (input, read) in zip(inputs, read) {
            let file: SourceFile
            switch read {
            case .success(let read): file = read
            case .failure(let error):
                entries.append(unreadable(input, error))
                ok = false
                continue
            }
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
            var entry = Entry(name: file.name, session: runner, script: script)
            let errors = script.diagnostics.filter { $0.severity == .error }
            if let first = errors.first {
                // One error for the script, which gives them all.
                var failure = CheckEvent(rejectedBy: first)
                entry.otherErrors = Array(errors.dropFirst())
                if !entry.otherErrors.isEmpty {
                    failure.message = ReportText.firstOfErrors(first.message.text, more: entry.otherErrors.count).text
                }
                entry.failure = failure
                ok = false
            }
            entries.append(entry)
        }
        return (entries, ok)
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
