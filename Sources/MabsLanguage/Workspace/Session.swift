import Lifecycle

/// One workspace: an interpreter, its engine and its names. The batch
/// runner makes one per script; the REPL keeps one for the whole session.
public final class Session {
    public let interpreter: Interpreter
    public var engine: Engine { interpreter.engine }

    public init(options: Interpreter.Options = .init(), output: ScriptOutput, loader: SourceLoader? = nil) {
        interpreter = Interpreter(options: options, output: output, loader: loader)
    }

    /// The result of parsing and checking a source file.
    public struct Prepared {
        public var script: Script
        /// Syntax errors, then (when there are none) what the checker found.
        public var diagnostics: [Diagnostic]
        /// The input ends inside a block, a bracket or a string.
        public var isIncomplete: Bool
        public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    }

    /// Parses and checks `file` without running it.
    public func prepare(_ file: SourceFile, warnUnusedValues: Bool = true) -> Prepared {
        let parsed = parse(file, interner: interpreter.interner)
        var diagnostics = parsed.diagnostics
        if !parsed.hasErrors && !parsed.isIncomplete {
            var checker = Checker(interner: interpreter.interner)
            checker.knownProcedures = Set(interpreter.procedures.keys)
            checker.warnUnusedValues = warnUnusedValues
            diagnostics += checker.check(parsed.script, in: file)
        }
        return Prepared(script: parsed.script, diagnostics: diagnostics, isIncomplete: parsed.isIncomplete)
    }

    /// Runs a prepared script that has no errors.
    @discardableResult
    public func run(_ prepared: Prepared, in file: SourceFile) -> RunOutcome {
        precondition(!prepared.hasErrors, "a script with errors runs nothing")
        return interpreter.run(prepared.script, in: file)
    }
}
