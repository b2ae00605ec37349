#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import MabsLanguage

/// Writes script output to the process's standard output and diagnostics
/// to standard error, keeping the two in order when they share a terminal
/// or a pipe. On a terminal every line is written as it comes; otherwise
/// standard output is buffered (a million `print`s must not be a million
/// system calls) and flushed when the interpreter says (after each
/// top-level statement, and every few hundred steps), before anything goes
/// to standard error, and by `flush()`.
open class StandardStreams: ScriptOutput {
    public let renderer: DiagnosticRenderer
    private var buffer: [UInt8] = []
    private let capacity = 1 << 16
    /// Write each line at once (standard output is a terminal).
    private let lineBuffered: Bool

    /// - Parameters:
    ///   - typedInputName: the name of input typed at a prompt, whose
    ///     diagnostics need no `file:line:column:` (see `DiagnosticRenderer`).
    ///   - lineBuffered: write every line at once; by default, when standard
    ///     output is a terminal.
    public init(useColor: Bool, typedInputName: String? = nil, lineBuffered: Bool = isatty(STDOUT_FILENO) == 1) {
        renderer = DiagnosticRenderer(useColor: useColor, typedInputName: typedInputName)
        self.lineBuffered = lineBuffered
        buffer.reserveCapacity(capacity)
    }

    deinit { flush() }

    public func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if lineBuffered || buffer.count >= capacity { flush() }
    }

    open func report(_ diagnostic: Diagnostic) {
        reportText(renderer.render(diagnostic))
    }

    /// Writes already-rendered text to standard error, after flushing
    /// standard output so the two streams stay in order.
    public func reportText(_ text: String) {
        flush()
        if !writeAll(STDERR_FILENO, text) { writeFailure = writeFailure ?? Self.reason() }
    }

    public func flush() {
        guard !buffer.isEmpty else { return }
        if !writeAll(STDOUT_FILENO, buffer) { writeFailure = writeFailure ?? Self.reason() }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Why standard output or standard error refused a write (a full
    /// disk, a closed descriptor), if one did: the run then cannot claim
    /// success, since what it printed is lost.
    public private(set) var writeFailure: String?

    private static func reason() -> String { String(cString: strerror(errno)).lowercased() }

    /// After the last write: says once, on standard error if it still
    /// takes it, that output was lost. True when all output was written.
    public func finish() -> Bool {
        flush()
        guard let writeFailure else { return true }
        writeAll(STDERR_FILENO, HostMessage.cannotWriteOutput(reason: writeFailure).text)
        return false
    }

}

/// Writes all of `text` to `descriptor`, retrying after signals. Returns
/// false when the descriptor refuses (a closed pipe, a full disk).
@discardableResult
public func writeAll(_ descriptor: Int32, _ text: String) -> Bool {
    writeAll(descriptor, Array(text.utf8))
}

/// Writes all of `bytes` to `descriptor`, retrying after signals. Returns
/// false when the descriptor refuses (a closed pipe, a full disk).
@discardableResult
public func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBytes { raw in
        var offset = 0
        while offset < raw.count {
            let written = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }
}
