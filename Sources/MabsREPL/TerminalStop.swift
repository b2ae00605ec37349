#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MabsHost
import Synchronization

private let stopFlag = Atomic<Bool>(false)
private let continueFlag = Atomic<Bool>(false)

/// Ctrl-Z at the prompt, and `fg` after it.
///
/// libedit's own signal handling is off (see `EditLineReader`), so by
/// default Ctrl-Z would stop mabs with the terminal in the editor's raw
/// mode, and `fg` would bring it back to a terminal the shell had put in
/// its own mode, with no prompt. Instead, while the editor waits for a key,
/// SIGTSTP only raises a flag (`catchingStops`), and the editor, seeing it,
/// puts the terminal back as it was before the prompt and then stops the
/// process itself (`stopProcess`). SIGCONT raises a flag too; the editor
/// then takes raw mode again and redraws the prompt and the line. While a
/// statement runs, SIGTSTP keeps its default action: the terminal is then
/// in the mode the shell expects.
///
/// The handlers only store into lock-free atomics (async-signal-safe).
enum TerminalStop {
    /// Installs the SIGCONT handler (idempotent: the same handler again).
    static func install() {
        _ = stopFlag.load(ordering: .relaxed)
        _ = continueFlag.load(ordering: .relaxed)
        handleSignal(SIGCONT) { _ in continueFlag.store(true, ordering: .relaxed) }
    }

    /// Makes SIGTSTP raise the flag (`true`, at the prompt) or stop the
    /// process as usual (`false`).
    static func catchingStops(_ catching: Bool) {
        if catching {
            handleSignal(SIGTSTP) { _ in stopFlag.store(true, ordering: .relaxed) }
        } else {
            signal(SIGTSTP, SIG_DFL)
            _ = stopFlag.exchange(false, ordering: .relaxed)
        }
    }

    /// Whether Ctrl-Z was pressed since the last call.
    static func consumeStop() -> Bool {
        stopFlag.exchange(false, ordering: .relaxed)
    }

    /// Whether the process was continued since the last call.
    static func consumeContinue() -> Bool {
        continueFlag.exchange(false, ordering: .relaxed)
    }

    /// Stops the process as Ctrl-Z would without a handler; returns once
    /// it is continued (at once if its process group is orphaned, where a
    /// stop from the terminal is discarded), SIGTSTP caught again.
    static func stopProcess() {
        signal(SIGTSTP, SIG_DFL)
        raise(SIGTSTP)
        catchingStops(true)
    }
}
