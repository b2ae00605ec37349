import Lifecycle

/// How a runtime error ends a run, or, going on (`mabs run --keep-going`),
/// only its top-level statement.
extension Session {
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
        if let nearest = bridge.nearestName(to: error.message) { error.notes.insert(Note(.nearestName(nearest)), at: 0) }
        let diagnostic = secrets.asShown(error.diagnostic)
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

extension EngineBridge {
    /// For "there is no service (or backup) named X": the existing one
    /// whose name is nearest, if X is likely a typo of it.
    func nearestName(to message: Message.Runtime) -> String? {
        switch message {
        case .lifecycle(.noSuchService(let name)): nearest(to: name, among: engine.allServices.map(\.name))
        case .lifecycle(.noSuchBackup(let name)): nearest(to: name, among: engine.allBackups.map(\.name))
        default: nil
        }
    }
}
