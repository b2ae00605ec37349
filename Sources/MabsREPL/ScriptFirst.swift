import MabsHost
import MabsLanguage

extension LanguageEvaluator {
    /// `mabs -i FILE`: runs the script in this session as `mabs run` runs
    /// it (values not echoed; operations announced only with `--trace`),
    /// so the prompt that opens next is in its workspace, as `python -i`
    /// and `lua -i` do. A script with errors runs nothing, a runtime error
    /// stops it; either way the prompt opens, to look at what happened.
    ///
    /// - Parameters:
    ///   - trace: what `mabs run` would announce (`--trace`).
    ///   - keepGoing: go on past a runtime error (`--keep-going`).
    /// - Returns: whether it ran to its end without an error.
    public func runFirst(_ file: SourceFile, trace: Interpreter.Trace, keepGoing: Bool = false) -> Bool {
        let interpreter = session.interpreter
        let prompt = interpreter.options
        interpreter.options.echoValues = false
        interpreter.options.trace = trace
        interpreter.options.keepGoing = keepGoing
        defer {
            interpreter.options.keepGoing = prompt.keepGoing
            // The prompt's own ways, unless the script chose (`trace on`).
            interpreter.options.echoValues = prompt.echoValues
            if interpreter.options.trace == trace { interpreter.options.trace = prompt.trace }
        }
        let prepared = session.prepare(file)
        for diagnostic in prepared.diagnostics { output.report(diagnostic) }
        let outcome: RunOutcome = prepared.hasErrors ? .stopped : session.run(prepared)
        output.flush()
        return outcome == .finished
    }
}
