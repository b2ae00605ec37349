#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MabsLanguage
import Synchronization

// Process-wide flags raised by signal handlers. A handler may only do
// async-signal-safe work, so it stores into a lock-free atomic and nothing
// else; everything else happens when ordinary code polls the flag.
//
// Invariant: `install()` touches every global before any handler can run,
// so a handler never triggers a global's lazy initialisation.
private let interruptFlag = Atomic<Bool>(false)
private let terminateFlag = Atomic<Bool>(false)
/// The errno of the first write standard output refused (0: none).
private let outputError = Atomic<Int32>(0)
private let resizeFlag = Atomic<Bool>(false)
private let installed = Mutex<Set<Int32>>([])

/// Why a run is asked to stop, polled as one flag.
///
/// - Ctrl-C (SIGINT) only raises a flag: the interpreter polls
///   `isRequested` (through its `shouldStop` closure) between steps and
///   stops cleanly, so the REPL returns to its prompt with the workspace
///   intact. At the prompt, the line reader consumes the flag and clears
///   the line instead.
/// - SIGTERM raises a flag of its own that is never lowered: it stops the
///   running statement as Ctrl-C does, and then mabs ends (`isTerminating`),
///   between statements, so a saved workspace holds the last complete
///   save, and the REPL's history is already written.
/// - Standard output refusing a write (a closed pipe, a full disk) counts
///   too: nothing more can be shown, so the run stops (`outputLost`).
///   SIGPIPE is ignored, so a reader that goes away (`mabs ... | head`)
///   is such a refusal (EPIPE) rather than a death in mid-write.
public enum Interrupt {
    /// Installs the SIGINT and SIGTERM handlers and ignores SIGPIPE.
    /// Idempotent. After this, neither signal kills the process: whoever
    /// runs long work must poll `isRequested`.
    public static func install() {
        _ = interruptFlag.load(ordering: .relaxed)
        _ = terminateFlag.load(ordering: .relaxed)
        ignoreBrokenPipe()
        installHandler(SIGINT) { _ in interruptFlag.store(true, ordering: .relaxed) }
        installHandler(SIGTERM) { _ in terminateFlag.store(true, ordering: .relaxed) }
    }

    /// Makes a write to a pipe nobody reads an error (EPIPE) instead of a
    /// silent death (SIGPIPE), whatever disposition the parent left: the
    /// run then stops between statements, its files whole.
    public static func ignoreBrokenPipe() {
        _ = outputError.load(ordering: .relaxed)
        signal(SIGPIPE, SIG_IGN)
    }

    /// Whether Ctrl-C was pressed since the last `clear()`, or SIGTERM
    /// came, or standard output was lost.
    public static var isRequested: Bool {
        interruptFlag.load(ordering: .relaxed) || isTerminating || outputLost
    }

    /// Whether SIGTERM came: mabs must end.
    public static var isTerminating: Bool {
        terminateFlag.load(ordering: .relaxed)
    }

    /// Whether standard output refused a write.
    public static var outputLost: Bool {
        outputError.load(ordering: .relaxed) != 0
    }

    /// Why standard output refused a write, if it did.
    public static var outputFailure: String? {
        let code = outputError.load(ordering: .relaxed)
        return code == 0 ? nil : String(cString: strerror(code)).lowercased()
    }

    /// Whether standard output's reader went away (EPIPE), the quiet end
    /// of `mabs ... | head`.
    public static var outputReaderGone: Bool {
        outputError.load(ordering: .relaxed) == EPIPE
    }

    /// Forgets a pending Ctrl-C (never SIGTERM). The REPL calls it before
    /// running each statement.
    public static func clear() {
        interruptFlag.store(false, ordering: .relaxed)
    }

    /// Raises the flag as if Ctrl-C had been pressed (for tests and hosts).
    public static func request() {
        interruptFlag.store(true, ordering: .relaxed)
    }

    /// Returns whether a stop was requested, and lowers Ctrl-C's flag
    /// (SIGTERM and a lost output stay: they end mabs).
    public static func consume() -> Bool {
        interruptFlag.exchange(false, ordering: .relaxed) || isTerminating || outputLost
    }

    /// Notes that standard output refused a write, with its errno; the
    /// first one counts.
    static func noteOutputRefused(_ error: Int32) {
        _ = outputError.compareExchange(expected: 0, desired: error == 0 ? EIO : error, ordering: .relaxed)
    }

    /// The status mabs ends with when it must (the REPL, which otherwise
    /// goes on): 143 (128 + SIGTERM) after SIGTERM, 141 (128 + SIGPIPE) when
    /// standard output's reader went away, 1 when standard output refused
    /// a write otherwise; nil when nothing ends it.
    public static var endingStatus: Int32? {
        if isTerminating { return 128 + SIGTERM }
        if outputReaderGone { return 128 + SIGPIPE }
        if outputLost { return 1 }
        return nil
    }

    /// What a run stopped by `isRequested` reports: `terminated` for
    /// SIGTERM, `interrupted` for Ctrl-C, nothing when standard output was
    /// lost (the host says so once, or, for a reader gone, stays quiet).
    public static var stopReport: Message.Runtime? {
        if isTerminating { return .terminated }
        if outputLost { return nil }
        return .interrupted
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
        if handleSignal(signal, handler) {
            done.insert(signal)
        }
    }
}

/// Makes `handler` handle `signal` on this thread, with SA_RESTART (see
/// `installHandler`); false when it cannot. The handler may only do
/// async-signal-safe work.
@discardableResult
public func handleSignal(_ signal: Int32, _ handler: @convention(c) (Int32) -> Void) -> Bool {
    var action = sigaction()
    #if canImport(Glibc)
    action.__sigaction_handler.sa_handler = handler
    action.sa_flags = Int32(SA_RESTART)
    #else
    action.__sigaction_u.__sa_handler = handler
    action.sa_flags = SA_RESTART
    #endif
    sigemptyset(&action.sa_mask)
    let handled = sigaction(signal, &action, nil) == 0
    // A parent may have started us with the signal blocked (a blocked
    // mask is inherited across exec); a handler that never runs would
    // make Ctrl-C do nothing at all.
    var unblock = sigset_t()
    sigemptyset(&unblock)
    sigaddset(&unblock, signal)
    pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
    return handled
}
