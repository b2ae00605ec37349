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
    public func runFirst(_ file: SourceFile, trace: Session.Trace, keepGoing: Bool = false) -> Bool {
        let prompt = (echoValues: session.echoValues, trace: session.trace, keepGoing: session.keepGoing)
        session.echoValues = false
        session.trace = trace
        session.keepGoing = keepGoing
        defer {
            session.keepGoing = prompt.keepGoing
            // The prompt's own ways, unless the script chose (`trace on`).
            session.echoValues = prompt.echoValues
            if session.trace == trace { session.trace = prompt.trace }
        }
        let prepared = session.prepare(file)
        for diagnostic in prepared.diagnostics { output.report(diagnostic) }
        let outcome: RunOutcome = prepared.hasErrors ? .stopped : session.run(prepared)
        output.flush()
        return outcome == .finished
    }
}
