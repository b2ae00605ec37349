#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MabsHost

/// Reads lines from a file descriptor without any editing: for piped input,
/// dumb terminals and tests. Accepts `\n` and `\r\n` line ends and a final
/// line without a newline. Shows the prompt only when asked to (on a
/// terminal), never when input is piped.
///
/// On a terminal, end of input (Ctrl-D) is a moment, not a state: the next
/// read waits for more typing.
public final class PlainLineReader: LineReader {
    private let fd: Int32
    private let showsPrompt: Bool
    private let promptDescriptor: Int32
    private let isTerminal: Bool
    private var buffer: [UInt8] = []
    private var atEnd = false

    /// - Parameter promptDescriptor: where prompts go (the terminal, which
    ///   is standard error when standard output is redirected).
    public init(fileDescriptor: Int32 = STDIN_FILENO, showsPrompt: Bool = false, promptDescriptor: Int32 = STDOUT_FILENO) {
        self.fd = fileDescriptor
        self.showsPrompt = showsPrompt
        self.promptDescriptor = promptDescriptor
        self.isTerminal = isatty(fileDescriptor) == 1
    }

    public func readLine(prompt: String) -> LineReadResult {
        readLine(prompt: prompt, posted: nil)
    }

    public func readLine(prompt: String, posted: PostedSlot?) -> LineReadResult {
        if showsPrompt {
            writeAll(promptDescriptor, prompt)
        }
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                var line = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                return .line(String(decoding: line, as: UTF8.self))
            }
            if atEnd {
                guard !buffer.isEmpty else {
                    if isTerminal { atEnd = false }
                    return .endOfInput
                }
                if isTerminal { atEnd = false }
                var line = buffer
                buffer = []
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                return .line(String(decoding: line, as: UTF8.self))
            }
            switch waitForInput(fd, posted: buffer.isEmpty ? posted?.descriptor : nil) {
            case .interrupted:
                buffer = []
                if showsPrompt { writeAll(promptDescriptor, "\n") }
                return .interrupted
            case .suspended, .continued:
                continue
            case .posted:
                // The statement is shown over the prompt, as if typed there.
                let promptDescriptor = promptDescriptor, showsPrompt = showsPrompt
                if posted?.run({ if showsPrompt { writeAll(promptDescriptor, "\r") } }) == true, showsPrompt {
                    writeAll(promptDescriptor, prompt)
                }
                continue
            case .resized, .ready:
                break
            }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                buffer.append(contentsOf: chunk[0..<n])
            } else if n == 0 || (errno != EINTR && errno != EAGAIN) {
                atEnd = true
            }
        }
    }

    public func addHistory(_ entry: String) {}

    public func hasPendingInput() -> Bool {
        if !buffer.isEmpty { return true }
        if atEnd { return false }
        return isReadable(fd, within: pasteGrace)
    }
}

enum InputWait { case ready, interrupted, resized, suspended, continued, posted }

/// Blocks until `fd` is readable, Ctrl-C was pressed, the terminal was
/// resized, or Ctrl-Z or `fg` came (`TerminalStop`). Polls with a short
/// timeout so a signal that lands just before `poll` starts is still seen
/// promptly (SA_RESTART never restarts `poll`, but the signal can arrive
/// between the flag check and the call).
///
/// The flags are looked at again once input is there: a signal reaches
/// this thread (see `LargeStack`) before any key typed after it, so a key
/// typed right after Ctrl-C (a paste) is read after the interrupt, into
/// the next line, never into the line being dropped.
///
/// `posted`, when given, is watched too (statements from the live view):
/// keys typed come first, so a statement posted while someone types waits
/// until the keys that arrived before it are read.
func waitForInput(_ fd: Int32, posted: Int32? = nil) -> InputWait {
    var ready = false, postedReady = false
    while true {
        if Interrupt.consume() { return .interrupted }
        if TerminalStop.consumeStop() { return .suspended }
        if TerminalStop.consumeContinue() { return .continued }
        if TerminalResize.consume() { return .resized }
        if ready { return .ready }
        if postedReady { return .posted }
        var descriptors = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0)]
        if let posted { descriptors.append(pollfd(fd: posted, events: Int16(POLLIN), revents: 0)) }
        let n = poll(&descriptors, nfds_t(descriptors.count), 100)
        ready = (n > 0 && descriptors[0].revents != 0) || (n < 0 && errno != EINTR)  // on an error, let read() report it
        postedReady = n > 0 && descriptors.count > 1 && descriptors[1].revents & Int16(POLLIN) != 0
    }
}
