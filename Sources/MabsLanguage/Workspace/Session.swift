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

    public init(options: Interpreter.Options = .init(), output: ScriptOutput, loader: SourceLoader? = nil) {
        interpreter = Interpreter(options: options, output: output, loader: loader)
    }

    /// Parses and checks `file` without running it.
    ///
    /// - Parameter warnUnusedValues: warn about expressions whose value
    ///   nobody sees (off at the prompt, which echoes them).
    public func prepare(_ file: SourceFile, warnUnusedValues: Bool = true) -> PreparedScript {
        interpreter.prepare(file, warnUnusedValues: warnUnusedValues)
    }

    /// Runs a prepared script that has no errors.
    @discardableResult
    public func run(_ prepared: PreparedScript) -> RunOutcome {
        precondition(!prepared.hasErrors, "a script with errors runs nothing")
        return interpreter.run(prepared)
    }
}

/// A source file parsed and checked, ready to run if it has no errors.
public struct PreparedScript: Sendable {
    public var file: SourceFile
    public var script: Script
    /// Syntax errors, then (when there are none) what the checker found.
    public var diagnostics: [Diagnostic]
    /// The input ends inside a block, a bracket or a string: more input
    /// could complete it.
    public var isIncomplete: Bool
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

extension Interpreter {
    /// Parses `file` and checks it against this workspace: procedures
    /// already defined (earlier prompt entries, or the script that loads
    /// this file) count as defined.
    func prepare(_ file: SourceFile, warnUnusedValues: Bool) -> PreparedScript {
        let parsed = parse(file, interner: interner)
        var diagnostics = parsed.diagnostics
        if !parsed.hasErrors && !parsed.isIncomplete {
            var checker = Checker(interner: interner)
            checker.knownProcedures = Set(procedures.keys)
            checker.warnUnusedValues = warnUnusedValues
            diagnostics += checker.check(parsed.script, in: file)
        }
        return PreparedScript(file: file, script: parsed.script, diagnostics: diagnostics, isIncomplete: parsed.isIncomplete)
    }
}
