import Lifecycle

/// One workspace: its engine, its variables and procedures, and the run
/// policy its host set. The batch runner makes one per script; the REPL
/// keeps one for the whole session.
///
/// The one front door: a script file, standard input, `-e`, a line typed at
/// the prompt and a file pulled in by `load` all enter through `prepare`
/// (parse, then check against what the workspace already knows) and
/// `run`. The host sets the run policy here (the options, `shouldStop`,
/// `stopReport`) and reads the checks' counts here; the compiler and the
/// machine that runs its code are the session's own.
public final class Session {
    public let options: Options
    /// How many columns `help` and `table` may take: `options.textWidth`
    /// at first; a host whose terminal may be resized between two
    /// statements sets it before each.
    public var textWidth: Int
    /// Whether bare expressions' values are echoed: `options.echoValues`
    /// at first; a host that runs a script before the prompt (`mabs -i`)
    /// turns it off for that script.
    public var echoValues: Bool
    /// Whether a runtime error ends only its top-level statement:
    /// `options.keepGoing` at first; `mabs -i --keep-going` sets it for the
    /// script it runs before the prompt.
    public var keepGoing: Bool
    let interner = Interner()
    let output: RunOutput
    let variables = Variables()
    let secrets = SecretMarks()
    let bridge: EngineBridge
    let steps: StepGuard
    let loader: SourceLoader?
    /// Where `save` and `open` (and `--workspace`) keep workspaces.
    let workspaceStore: WorkspaceStore?
    /// Where `graph ... to FILE` writes.
    let outputFiles: OutputFileWriter?
    /// The `--workspace` file, once opened (Snapshot.swift).
    var journal: JournalState?
    /// Whether the `--workspace` file has been opened yet.
    var workspaceOpened = false
    /// The files being loaded, outermost first, to refuse cycles.
    var loading: [String] = []
    /// The files read for the script that runs now: at its check, and by
    /// its loads so far (see `PreparedScript.loadedFiles`).
    var loadedFiles: [LoadKey: SourceFile] = [:]
    /// How deeply files may load files that load files: a chain of computed
    /// paths has no cycle to find, and each level costs stack and checking.
    static let loadDepthLimit = 64
    /// The service names in order, for completion: sorted once after a run
    /// changed the workspace, not at every Tab (see Completion.swift).
    var serviceIndex: ServiceIndex?
    private(set) lazy var machine = Machine(session: self)

    /// Checks made so far: each `assert` and each `expect error`.
    public internal(set) var passed = 0
    public internal(set) var failed = 0

    /// Polled every 256 steps and between top-level statements; returning
    /// true stops the running statement cleanly (Ctrl-C, SIGTERM), so a
    /// saved workspace holds every top-level statement before it.
    public var shouldStop: @Sendable () -> Bool {
        get { steps.shouldStop }
        set { steps.shouldStop = newValue }
    }

    /// What a stop `shouldStop` asked for reports, at the statement it
    /// stopped: `interrupted` (Ctrl-C) unless the host says otherwise
    /// (`terminated` for SIGTERM); nil stops without a word, for a host
    /// that says why itself (standard output lost), and reports keep it as
    /// `outputLost`.
    public var stopReport: @Sendable () -> Message.Runtime? {
        get { steps.stopReport }
        set { steps.stopReport = newValue }
    }

    /// Which successful operations are announced now: `options.trace` at
    /// first; `trace on` and `trace off` change it, and so may the host.
    public var trace: Trace {
        get { bridge.trace }
        set { bridge.trace = newValue }
    }

    public internal(set) var engine: Engine {
        get { bridge.engine }
        set { bridge.engine = newValue }
    }

    public init(
        options: Options = .init(), output: ScriptOutput, loader: SourceLoader? = nil,
        workspaces: WorkspaceStore? = nil, outputFiles: OutputFileWriter? = nil
    ) {
        var engine = Engine()
        if let hold = options.nameHold { engine.nameHold = hold }
        if let limit = options.logLimit { engine.logLimit = limit }
        self.options = options
        self.textWidth = options.textWidth
        self.echoValues = options.echoValues
        self.keepGoing = options.keepGoing
        self.output = RunOutput(output)
        self.bridge = EngineBridge(engine: engine, output: self.output, options: options, secrets: secrets)
        self.steps = StepGuard(limit: options.stepLimit, output: self.output)
        self.loader = loader
        self.workspaceStore = workspaces
        self.outputFiles = outputFiles
    }

    /// Parses and checks `file` without running it.
    ///
    /// - Parameters:
    ///   - warnUnusedValues: warn about expressions whose value nobody sees
    ///     (off at the prompt, which echoes them).
    ///   - previous: a script prepared for this workspace that will run
    ///     first (an earlier `-e`): what it defines counts as defined.
    public func prepare(_ file: SourceFile, warnUnusedValues: Bool = true, after previous: PreparedScript? = nil) -> PreparedScript {
        precondition(options.workspaceFile == nil || workspaceOpened,
                     "open the --workspace file (openWorkspaceFile) before preparing anything")
        return prepare(file, warnUnusedValues: warnUnusedValues, known: previous?.definitions ?? [], files: previous?.loadedFiles ?? [:])
    }

    /// Runs a prepared script that has no errors. Runtime errors are
    /// reported to the output, not thrown; the outcome says how the run
    /// ended.
    @discardableResult
    public func run(_ prepared: PreparedScript) -> RunOutcome {
        precondition(!prepared.hasErrors, "a script with errors runs nothing")
        serviceIndex = nil
        steps.steps = 0
        loading = [prepared.file.name]
        loadedFiles = prepared.loadedFiles
        defer {
            loading = []
            loadedFiles = [:]
            output.flush()
            journal?.journal.flush()
        }
        let chunk = Compiler.script(
            prepared.script.statements, in: prepared.file, topLevel: true, scope: .global, variables: variables, interner: interner)
        do {
            try machine.run(chunk)
            return .finished
        } catch let unwind as Unwind {
            switch unwind {
            case .bail: return .bailed
            case .return: return .finished
            }
        } catch let error as RuntimeError {
            return reportError(error)
        } catch {
            preconditionFailure("unexpected error \(error)")
        }
    }

    /// The text of a prepared script as it may be shown now (a REPL's
    /// history entry): its secrets masked, those found while it ran too.
    public func shownText(of prepared: PreparedScript) -> String {
        let file = secrets.revealed.shown(prepared.file)
        return file.text(of: SourceRange(start: 0, end: UInt32(file.bytes.count)))
    }

    /// The value of an expression in this workspace (an option's value
    /// read as the statement that takes it reads it).
    func evaluate(_ expression: Expr, in file: SourceFile) throws -> Value {
        try machine.run(Compiler.expression(expression, in: file, variables: variables, interner: interner)) ?? .none
    }

    // MARK: load

    /// `load PATH`: reads the file (once per run: the check may have read
    /// it already), prepares it against the workspace as it is now, and
    /// gives its code, compiled for where it runs (`scope`), to run in its
    /// masked copy, so what its errors and checks show hides its secrets.
    /// The file stays in the load chain until its code ends.
    func load(_ path: String, _ at: Site, scope: Scope) throws -> Chunk {
        guard let loader else { throw RuntimeError(.loadUnavailable, at) }
        let key = LoadKey(path: path, from: at.file.name)
        let file: SourceFile
        do {
            file = try loadedFiles[key] ?? loader.load(path, relativeTo: at.file)
            loadedFiles[key] = file
        } catch {
            throw RuntimeError(.loadFailed(path, reason: "\(error)"), at)
        }
        if let index = loading.firstIndex(of: file.name) {
            throw RuntimeError(.loadCycle(loading[index...] + [file.name]), at)
        }
        guard loading.count < Session.loadDepthLimit else {
            throw RuntimeError(.loadDepth(Session.loadDepthLimit), at)
        }
        let prepared = prepare(file, warnUnusedValues: true, chain: loading, files: loadedFiles)
        loadedFiles = prepared.loadedFiles
        guard !prepared.hasErrors else {
            // A loop found further down is this load's error, as it would
            // be had it been found here.
            for diagnostic in prepared.diagnostics {
                if case .runtime(.loadCycle(let chain)) = diagnostic.message { throw RuntimeError(.loadCycle(chain), at) }
                if case .runtime(.loadDepth(let limit)) = diagnostic.message { throw RuntimeError(.loadDepth(limit), at) }
            }
            for diagnostic in prepared.diagnostics { output.report(diagnostic) }
            throw RuntimeError(.loadHasErrors(file.name), at)
        }
        for diagnostic in prepared.diagnostics { output.report(diagnostic) }
        loading.append(file.name)
        return Compiler.script(
            prepared.script.statements, in: prepared.file, topLevel: false, scope: scope, variables: variables, interner: interner)
    }
}

/// Which file a `load` statement reads: its path as written, and the name
/// of the file it is in (which the path is relative to).
struct LoadKey: Hashable {
    var path: String
    var from: String
}

/// A source file parsed and checked, ready to run if it has no errors.
public struct PreparedScript: Sendable {
    public var file: SourceFile
    public var script: Script
    /// Syntax errors, then (when there are none) what the checker found.
    public var diagnostics: [Diagnostic]
    /// The input ends inside a block, a bracket or a string, or after a
    /// continuing `,`: more input could complete it.
    public var isIncomplete: Bool
    /// The last statement is an `if` that an `else` on the next line would
    /// continue (a REPL holds it while pasted input follows).
    public var endsWithIf: Bool
    /// The procedures the script and the files it loads define.
    var definitions: Set<Symbol> = []
    /// The files read while checking it (its loads with a literal path,
    /// and theirs), which its run loads as they were read: what was checked
    /// is what runs, and a file is read once (standard input, a file that
    /// changes meanwhile).
    var loadedFiles: [LoadKey: SourceFile] = [:]
    /// The checks written in the script and in the files it loads by a
    /// literal path, each place once (`CheckSites`): a report says which
    /// of them a stopped run never reached.
    public var checkSites: [CheckSite] = []
    /// The same checks as not-run events.
    public var checks: [CheckEvent] { checkSites.map(\.event) }
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

extension Session {
    /// Parses `file` and checks it against this workspace: procedures
    /// already defined (earlier prompt entries, or the script that loads
    /// this file) count as defined.
    ///
    /// Files it loads by a literal path (outside `expect error`) are read,
    /// parsed and checked first, so a mistake in one stops the whole run
    /// before anything happens, and `mabs check` sees it. A load that would
    /// loop is an error here too.
    ///
    /// Secrets (see `SecretSource`) are masked in the prepared file, so no
    /// diagnostic, check or history entry ever shows them, and no
    /// diagnostic's message quotes them; the script itself holds the real
    /// values. A secret written as mabs shows it, masked (a line recalled
    /// from the history), is an error.
    ///
    /// `files` are files already read for this run, which are not read
    /// again. The `--workspace` file was opened before (its variables that
    /// hold a secret mask their uses here).
    func prepare(
        _ file: SourceFile, warnUnusedValues: Bool, known: Set<Symbol> = [], chain: [String] = [],
        files: [LoadKey: SourceFile] = [:]
    ) -> PreparedScript {
        let (parsed, file) = secrets.parseMasking(file, interner)
        var diagnostics = parsed.diagnostics.map { $0.moved(to: file) }
        // A secret as mabs shows it, run, would set or compare the stars.
        if !parsed.isIncomplete, let masked = SecretSource.maskedLiteral(in: file) {
            diagnostics.append(.error(.runtime(.maskedSecret), file: file, range: masked))
        }
        var definitions: Set<Symbol> = []
        var files = files
        var checks = CheckSites.of(parsed.script.statements, in: file)
        // Only checks of loaded files can repeat (a file loaded twice).
        var loadedChecks = false
        if !parsed.hasErrors && !parsed.isIncomplete {
            let survey = Checker.survey(parsed.script)
            var known = known.union(variables.definedProcedures.map(\.name)).union(survey.definitions)
            var loadsUnseenFiles = survey.loadsUnseenFiles
            for load in survey.loads {
                guard let loader else {
                    loadsUnseenFiles = true
                    break
                }
                let key = LoadKey(path: load.path, from: file.name)
                let child: SourceFile
                do {
                    child = try files[key] ?? loader.load(load.path, relativeTo: file)
                    files[key] = child
                } catch {
                    diagnostics.append(.error(.runtime(.loadFailed(load.path, reason: "\(error)")), file: file, range: load.range))
                    continue
                }
                let path = chain + [file.name]
                if let start = path.firstIndex(of: child.name) {
                    diagnostics.append(.error(.runtime(.loadCycle(path[start...] + [child.name])), file: file, range: load.range))
                    continue
                }
                guard path.count < Session.loadDepthLimit else {
                    diagnostics.append(.error(.runtime(.loadDepth(Session.loadDepthLimit)), file: file, range: load.range))
                    continue
                }
                let prepared = prepare(child, warnUnusedValues: true, known: known, chain: chain + [file.name], files: files)
                files = prepared.loadedFiles
                diagnostics += prepared.diagnostics
                checks += prepared.checkSites
                loadedChecks = true
                if prepared.hasErrors {
                    diagnostics.append(.error(.runtime(.loadHasErrors(child.name)), file: file, range: load.range))
                }
                known.formUnion(prepared.definitions)
            }
            definitions = known
            var checker = Checker(interner: interner)
            checker.knownProcedures = known
            checker.warnUnusedValues = warnUnusedValues
            checker.loadsUnseenFiles = loadsUnseenFiles
            diagnostics += checker.check(parsed.script, in: file)
        }
        return PreparedScript(
            file: file, script: parsed.script, diagnostics: diagnostics.map { $0.hidingSecrets() },
            isIncomplete: parsed.isIncomplete, endsWithIf: parsed.endsWithIf, definitions: definitions,
            loadedFiles: files, checkSites: loadedChecks ? CheckSites.unique(checks) : checks
        )
    }
}
