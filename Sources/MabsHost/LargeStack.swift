#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs the program on a thread with a large stack.
///
/// The interpreter walks the syntax tree recursively: procedure calls
/// (at most 200 deep), blocks within them (at most 200 deep a file) and
/// loaded files multiply. The main thread's 8 MiB is not enough for the
/// deepest such script, which would end in a stack overflow instead of a
/// "nested too deeply" error. The stack is only address space until used.
public enum LargeStack {
    /// The stack `run` gives its thread: 4 GiB of address space.
    public static let size = 4 << 30

    /// Runs `body` on a thread with a `size` stack and waits for it; runs
    /// it in place if no such thread can be made.
    public static func run(_ body: @escaping () -> Void) {
        final class Box { let body: () -> Void; init(_ body: @escaping () -> Void) { self.body = body } }
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        guard pthread_attr_setstacksize(&attributes, size) == 0 else { return body() }
        let context = Unmanaged.passRetained(Box(body)).toOpaque()
        var thread = pthread_t()
        let created = pthread_create(&thread, &attributes, { context in
            let box = Unmanaged<Box>.fromOpaque(context!).takeRetainedValue()
            box.body()
            return nil
        }, context)
        guard created == 0 else {
            Unmanaged<Box>.fromOpaque(context).release()
            return body()
        }
        // A signal sent to the process (Ctrl-C, SIGTERM, a resize, Ctrl-Z)
        // goes to any one thread that does not block it, and only that
        // thread's wait (the line editor's `poll`) returns early for it.
        // This thread only waits here, so it blocks them all: they reach
        // the program's thread, whose `poll` then sees the signal before
        // any key typed after it.
        var signals = sigset_t()
        sigfillset(&signals)
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        pthread_join(thread, nil)
    }
}
