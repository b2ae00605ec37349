#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// What `mabs play` needs of the terminal: its size, pauses that Ctrl-C
// cuts short, and waiting for Enter.

/// The size of the terminal a recording describes.
public enum TerminalSize {
    /// Standard output's terminal's size; else `$COLUMNS` by `$LINES`;
    /// else 80 by 24.
    public static func current(environment: [String: String]) -> (width: Int, height: Int) {
        if let size = standardOutput(), size.height > 0 { return size }
        func positive(_ name: String) -> Int? { environment[name].flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil } }
        return (positive("COLUMNS") ?? 80, positive("LINES") ?? 24)
    }

    /// The size of the terminal standard output is, if it is one and says
    /// how wide it is (its height may be unknown, 0).
    public static func standardOutput() -> (width: Int, height: Int)? {
        var size = winsize()
        guard isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else {
            return nil
        }
        return (Int(size.ws_col), Int(size.ws_row))
    }
}

/// Waiting in real time.
public enum Pause {
    /// Sleeps `milliseconds`, in short slices so that Ctrl-C (see
    /// `Interrupt`) cuts it short. Returns false when it was cut short.
    public static func sleep(milliseconds: Int) -> Bool {
        var left = milliseconds
        while left > 0 {
            if Interrupt.isRequested { return false }
            let slice = min(left, 20)
            usleep(useconds_t(slice * 1000))
            left -= slice
        }
        return !Interrupt.isRequested
    }
}

/// Enter, pressed by a presenter (`mabs play --step`).
///
/// Keys come from standard input when it is a terminal, else from the
/// controlling terminal (`/dev/tty`, so a script can arrive on a pipe),
/// else from standard input when the script is not read from it (each line
/// is one Enter). While a play waits for keys, their terminal neither
/// echoes nor buffers lines: a key pressed while a statement is typed or
/// runs does not scroll the show, and is dropped before the next wait.
public final class EnterKey {
    public enum Outcome: Sendable {
        case pressed
        /// Ctrl-C.
        case interrupted
        /// The keys ended (a pipe closed): no more waiting.
        case exhausted
    }

    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private var saved: termios?

    /// Nil when there is nowhere to read keys from.
    public init?(scriptReadsStandardInput: Bool) {
        if isatty(STDIN_FILENO) == 1 && !scriptReadsStandardInput {
            descriptor = STDIN_FILENO
            ownsDescriptor = false
        } else {
            let tty = open("/dev/tty", O_RDONLY | O_CLOEXEC | O_NOCTTY)
            if tty >= 0 {
                descriptor = tty
                ownsDescriptor = true
            } else if !scriptReadsStandardInput {
                descriptor = STDIN_FILENO
                ownsDescriptor = false
            } else {
                return nil
            }
        }
        quiet()
    }

    deinit {
        restore()
        if ownsDescriptor { close(descriptor) }
    }

    /// On a terminal: no echo, no line buffering (signals still work, so
    /// Ctrl-C is still Ctrl-C). Undone by `restore()`.
    private func quiet() {
        guard isatty(descriptor) == 1 else { return }
        var settings = termios()
        guard tcgetattr(descriptor, &settings) == 0 else { return }
        saved = settings
        settings.c_lflag &= ~tcflag_t(ICANON | ECHO)
        withUnsafeMutableBytes(of: &settings.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        tcsetattr(descriptor, TCSANOW, &settings)
    }

    /// Gives the terminal back as it was. Idempotent.
    public func restore() {
        guard var settings = saved else { return }
        saved = nil
        tcsetattr(descriptor, TCSANOW, &settings)
    }

    /// Drops keys pressed since the last wait (a terminal only).
    public func discardTypeAhead() {
        if isatty(descriptor) == 1 { tcflush(descriptor, TCIFLUSH) }
    }

    /// Waits until Enter is pressed (a newline arrives); other keys are
    /// ignored. Ctrl-C ends the wait.
    public func wait() -> Outcome {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        while true {
            if Interrupt.isRequested { return .interrupted }
            let ready = poll(&entry, 1, 100)
            if ready < 0 {
                if errno == EINTR { continue }
                return .exhausted
            }
            if ready == 0 { continue }
            var byte: UInt8 = 0
            let count = read(descriptor, &byte, 1)
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return .exhausted
            }
            if count == 0 { return .exhausted }
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { return .pressed }
        }
    }
}
