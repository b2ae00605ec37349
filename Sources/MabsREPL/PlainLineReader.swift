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
public final class PlainLineReader: LineReader {
    private let fd: Int32
    private let showsPrompt: Bool
    private var buffer: [UInt8] = []
    private var atEnd = false

    public init(fileDescriptor: Int32 = STDIN_FILENO, showsPrompt: Bool = false) {
        self.fd = fileDescriptor
        self.showsPrompt = showsPrompt
    }

    public func readLine(prompt: String) -> LineReadResult {
        if showsPrompt {
            writeAll(STDOUT_FILENO, prompt)
        }
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                var line = Array(buffer[..<newline])
                buffer.removeSubrange(...newline)
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                return .line(String(decoding: line, as: UTF8.self))
            }
            if atEnd {
                guard !buffer.isEmpty else { return .endOfInput }
                var line = buffer
                buffer = []
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                return .line(String(decoding: line, as: UTF8.self))
            }
            switch waitForInput(fd) {
            case .interrupted:
                buffer = []
                if showsPrompt { writeAll(STDOUT_FILENO, "\n") }
                return .interrupted
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
}

enum InputWait { case ready, interrupted, resized }

/// Blocks until `fd` is readable, Ctrl-C was pressed, or the terminal was
/// resized. Polls with a short timeout so a signal that lands just before
/// `poll` starts is still seen promptly (SA_RESTART never restarts `poll`,
/// but the signal can arrive between the flag check and the call).
func waitForInput(_ fd: Int32) -> InputWait {
    while true {
        if Interrupt.consume() { return .interrupted }
        if TerminalResize.consume() { return .resized }
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let n = poll(&descriptor, 1, 100)
        if n > 0 { return .ready }
        if n < 0, errno != EINTR { return .ready }  // let read() report the error
    }
}
