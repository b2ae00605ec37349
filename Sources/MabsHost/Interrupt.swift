#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

// Process-wide flags raised by signal handlers. A handler may only do
// async-signal-safe work, so it stores into a lock-free atomic and nothing
// else; everything else happens when ordinary code polls the flag.
//
// Invariant: `install()` touches both globals before any handler can run, so
// a handler never triggers a global's lazy initialisation.
private let interruptFlag = Atomic<Bool>(false)
private let resizeFlag = Atomic<Bool>(false)
private let installed = Mutex<Set<Int32>>([])

/// Ctrl-C as a polled, process-wide flag.
///
/// While a statement runs, SIGINT only raises the flag; the interpreter
/// polls `isRequested` (for example through a `shouldStop` closure) between
/// steps and stops cleanly, so the REPL returns to its prompt with the
/// workspace intact. At the prompt, the line reader consumes the flag and
/// clears the line instead.
public enum Interrupt {
    /// Installs the SIGINT handler. Idempotent. After this, Ctrl-C no longer
    /// kills the process: whoever runs long work must poll `isRequested`.
    public static func install() {
        _ = interruptFlag.load(ordering: .relaxed)
        installHandler(SIGINT) { _ in interruptFlag.store(true, ordering: .relaxed) }
    }

    /// Whether Ctrl-C was pressed since the last `clear()`.
    public static var isRequested: Bool {
        interruptFlag.load(ordering: .relaxed)
    }

    /// Forgets a pending Ctrl-C. The REPL calls it before running each statement.
    public static func clear() {
        interruptFlag.store(false, ordering: .relaxed)
    }

    /// Raises the flag as if Ctrl-C had been pressed (for tests and hosts).
    public static func request() {
        interruptFlag.store(true, ordering: .relaxed)
    }

    /// Returns whether the flag was raised, and lowers it.
    public static func consume() -> Bool {
        interruptFlag.exchange(false, ordering: .relaxed)
    }
}

/// SIGWINCH as a polled flag; the line editor redraws when it sees it.
public enum TerminalResize {
    public static func install() {
        _ = resizeFlag.load(ordering: .relaxed)
        installHandler(SIGWINCH) { _ in resizeFlag.store(true, ordering: .relaxed) }
    }

    public static func consume() -> Bool {
        resizeFlag.exchange(false, ordering: .relaxed)
    }
}

/// Installs `handler` for `signal` once per process. SA_RESTART keeps
/// ordinary reads and writes elsewhere in the program from failing with
/// EINTR; `poll` is never restarted, which is how the line reader notices.
private func installHandler(_ signal: Int32, _ handler: @convention(c) (Int32) -> Void) {
    installed.withLock { done in
        guard !done.contains(signal) else { return }
        var action = sigaction()
        #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = handler
        action.sa_flags = Int32(SA_RESTART)
        #else
        action.__sigaction_u.__sa_handler = handler
        action.sa_flags = SA_RESTART
        #endif
        sigemptyset(&action.sa_mask)
        if sigaction(signal, &action, nil) == 0 {
            done.insert(signal)
        }
        // A parent may have started us with the signal blocked (a blocked
        // mask is inherited across exec); a handler that never runs would
        // make Ctrl-C do nothing at all.
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, signal)
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
    }
}
