/// How a runtime error ends a run, or, going on (`mabs run --keep-going`),
/// only its top-level statement.
extension Interpreter {
    /// Reports the error and records it as an error event (TAP and JUnit
    /// count it as an error; the checks after it, going on, still run).
    /// An interrupt is reported as the host asks (`stopReport`).
    func reportError(_ error: RuntimeError) -> RunOutcome {
        var error = error
        var shown = true
        if error.message == .interrupted {
            let report = stopReport()
            error.message = report ?? .outputLost
            shown = report != nil
        }
        let diagnostic = asShown(error.diagnostic)
        if shown { output.report(diagnostic) }
        output.record(CheckEvent(stoppedBy: diagnostic))
        return [.interrupted, .terminated, .outputLost].contains(error.message) ? .interrupted : .stopped
    }
}

extension RuntimeError {
    /// Whether a script may go on after this error (`expect error` catches
    /// it, `--keep-going` runs the next statement): not an interrupt, nor
    /// the step limit (every statement after would pass it again).
    var isRecoverable: Bool { message != .interrupted && !message.isStepLimit }
}
