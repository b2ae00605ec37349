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
        interpreter.prepare(file, warnUnusedValues: warnUnusedValues, known: previous?.definitions ?? [])
    }

    /// Runs a prepared script that has no errors.
    @discardableResult
    public func run(_ prepared: PreparedScript) -> RunOutcome {
        precondition(!prepared.hasErrors, "a script with errors runs nothing")
        serviceIndex = nil
        return interpreter.run(prepared)
    }
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
    /// values.
    func prepare(_ file: SourceFile, warnUnusedValues: Bool, known: Set<Symbol> = [], chain: [String] = []) -> PreparedScript {
        let parsed = parse(file, interner: interner)
        let file = maskingSecrets(file, parsed)
        var diagnostics = parsed.diagnostics.map { $0.moved(to: file) }
        // `--workspace`: open it before anything is checked, so its
        // procedures count as defined. A file that cannot be opened stops
        // everything (and so is never saved over); every later source
        // says so again.
        if let path = options.workspaceFile, !workspaceOpened, chain.isEmpty {
            do {
                try openWorkspace(path, Site(file: file, range: SourceRange(at: 0)), missingIsNew: true)
                workspaceOpened = true
            } catch let error as RuntimeError {
                diagnostics.append(error.diagnostic)
            } catch {
                preconditionFailure("unexpected error \(error)")
            }
        }
        var definitions: Set<Symbol> = []
        if !parsed.hasErrors && !parsed.isIncomplete {
            let survey = Checker.survey(parsed.script)
            var known = known.union(procedures.keys).union(survey.definitions)
            var loadsUnseenFiles = survey.loadsUnseenFiles
            for load in survey.loads {
                guard let loader else {
                    loadsUnseenFiles = true
                    break
                }
                let child: SourceFile
                do {
                    child = try loader.load(load.path, relativeTo: file)
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
                let prepared = prepare(child, warnUnusedValues: true, known: known, chain: chain + [file.name])
                diagnostics += prepared.diagnostics
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
            isIncomplete: parsed.isIncomplete, endsWithIf: parsed.endsWithIf, definitions: definitions
        )
    }
}
