import Lifecycle

/// One workspace: an interpreter, its engine and its names. The batch
/// runner makes one per script; the REPL keeps one for the whole session.
///
/// The one front door: a script file, standard input, `-e`, a line typed at
/// the prompt and a file pulled in by `load` all enter through `prepare`
/// (parse, then check against what the workspace already knows) and
/// `run`.
public final class Session {
    public let interpreter: Interpreter
    public var engine: Engine { interpreter.engine }
    /// The service names in order, for completion: sorted once after a run
    /// changed the workspace, not at every Tab (see Completion.swift).
    var serviceIndex: ServiceIndex?

    public init(
        options: Interpreter.Options = .init(), output: ScriptOutput, loader: SourceLoader? = nil,
        workspaces: WorkspaceStore? = nil, outputFiles: OutputFileWriter? = nil
    ) {
        interpreter = Interpreter(options: options, output: output, loader: loader)
        interpreter.workspaceStore = workspaces
        interpreter.outputFiles = outputFiles
    }

    /// Parses and checks `file` without running it.
    ///
    /// - Parameters:
    ///   - warnUnusedValues: warn about expressions whose value nobody sees
    ///     (off at the prompt, which echoes them).
    ///   - previous: a script prepared for this workspace that will run
    ///     first (an earlier `-e`): what it defines counts as defined.
    public func prepare(_ file: SourceFile, warnUnusedValues: Bool = true, after previous: PreparedScript? = nil) -> PreparedScript {
        precondition(interpreter.options.workspaceFile == nil || interpreter.workspaceOpened,
                     "open the --workspace file (openWorkspaceFile) before preparing anything")
        return interpreter.prepare(
            file, warnUnusedValues: warnUnusedValues, known: previous?.definitions ?? [], files: previous?.loadedFiles ?? [:])
    }

    /// At a clean end of the session's runs: the `--workspace` file is
    /// written whole, without its journal (see `WorkspaceJournal`).
    public func closeWorkspace() {
        interpreter.closeWorkspace()
    }

    /// Runs a prepared script that has no errors.
    @discardableResult
    public func run(_ prepared: PreparedScript) -> RunOutcome {
        precondition(!prepared.hasErrors, "a script with errors runs nothing")
        serviceIndex = nil
        return interpreter.run(prepared)
    }

    /// The text of a prepared script as it may be shown now (a REPL's
    /// history entry): its secrets masked, those found while it ran too.
    public func shownText(of prepared: PreparedScript) -> String {
        let file = interpreter.revealed.shown(prepared.file)
        return file.text(of: SourceRange(start: 0, end: UInt32(file.bytes.count)))
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
    /// literal path, each place once, as not-run events (`CheckSites`): a
    /// report says which of them a stopped run never reached.
    public var checks: [CheckEvent] = []
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

extension Interpreter {
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
        let (parsed, file) = parseMaskingSecrets(file)
        var diagnostics = parsed.diagnostics.map { $0.moved(to: file) }
        // A secret as mabs shows it, run, would set or compare the stars.
        if !parsed.isIncomplete, let masked = SecretSource.maskedLiteral(in: file) {
            diagnostics.append(.error(.runtime(.maskedSecret), file: file, range: masked))
        }
        var definitions: Set<Symbol> = []
        var files = files
        var checks = CheckSites.of(parsed.script.statements, in: file)
        if !parsed.hasErrors && !parsed.isIncomplete {
            let survey = Checker.survey(parsed.script)
            var known = known.union(procedures.keys).union(survey.definitions)
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
                guard path.count < Interpreter.loadDepthLimit else {
                    diagnostics.append(.error(.runtime(.loadDepth(Interpreter.loadDepthLimit)), file: file, range: load.range))
                    continue
                }
                let prepared = prepare(child, warnUnusedValues: true, known: known, chain: chain + [file.name], files: files)
                files = prepared.loadedFiles
                diagnostics += prepared.diagnostics
                checks += prepared.checks
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
            loadedFiles: files, checks: CheckSites.unique(checks)
        )
    }
}
