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

    /// Notices of what ran go to standard error instead of standard
    /// output (`mabs run --quiet`), which then holds only what the script
    /// itself writes (`print`, `show`, `graph`, ...): a graph can be piped.
    public var noticesOnStandardError = false

    public func notice(_ text: String) {
        noticesOnStandardError ? reportText(text) : write(text)
    }

    /// Where a diagnostic is rendered before it is written, kept from one
    /// to the next.
    private var rendered: [UInt8] = []

    open func report(_ diagnostic: Diagnostic) {
        rendered.removeAll(keepingCapacity: true)
        renderer.render(diagnostic, into: &rendered)
        rendered.withUnsafeBytes { reportBytes($0) }
    }

    /// Writes already-rendered text to standard error, after flushing
    /// standard output so the two streams stay in order. Once standard
    /// output's reader has gone (`mabs ... | head`), nothing more is said:
    /// the run ends quietly.
    public func reportText(_ text: String) {
        var text = text
        text.withUTF8 { reportBytes(UnsafeRawBufferPointer($0)) }
    }

    private func reportBytes(_ bytes: UnsafeRawBufferPointer) {
        flush()
        guard !readerGone else { return }
        if !writeAll(STDERR_FILENO, bytes) { noteFailure() }
    }

    public func flush() {
        guard !buffer.isEmpty else { return }
        if !writeAll(STDOUT_FILENO, buffer) { noteFailure() }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Why standard output or standard error refused a write (a full
    /// disk, a closed descriptor), if one did: the run then cannot claim
    /// success, since what it printed is lost.
    public private(set) var writeFailure: String?
    /// The errno of that refusal.
    private var failureCode: Int32 = 0

    /// Whether standard output's reader went away (EPIPE): `mabs ... |
    /// head` once `head` has what it wants. Not an error to report.
    public var readerGone: Bool { failureCode == EPIPE }

    private func noteFailure() {
        guard writeFailure == nil else { return }
        failureCode = errno
        writeFailure = String(cString: strerror(errno)).lowercased()
    }

    /// After the last write: says once, on standard error if it still
    /// takes it, that output was lost (unless its reader simply went
    /// away). True when all output was written.
    public func finish() -> Bool {
        flush()
        guard let writeFailure else { return true }
        if !readerGone { writeAll(STDERR_FILENO, HostMessage.cannotWriteOutput(reason: writeFailure).text) }
        return false
    }
}

/// Writes all of `text` to `descriptor`, retrying after signals. Returns
/// false when the descriptor refuses (a closed pipe, a full disk).
@discardableResult
public func writeAll(_ descriptor: Int32, _ text: String) -> Bool {
    var text = text
    return text.withUTF8 { writeAll(descriptor, UnsafeRawBufferPointer($0)) }
}

/// Writes all of `bytes` to `descriptor`, retrying after signals. Returns
/// false when the descriptor refuses (a closed pipe, a full disk), with
/// `errno` saying why. A refusal of standard output also asks the run to
/// stop (see `Interrupt`): nothing more can be shown.
@discardableResult
public func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBytes { writeAll(descriptor, $0) }
}

/// Writes all of `raw` to `descriptor` (see `writeAll(_:_:)`).
@discardableResult
public func writeAll(_ descriptor: Int32, _ raw: UnsafeRawBufferPointer) -> Bool {
    var written = true
    var offset = 0
    while offset < raw.count {
        let count = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
        if count < 0 {
            if errno == EINTR { continue }
            written = false
            break
        }
        offset += count
    }
    if !written, descriptor == STDOUT_FILENO {
        let code = errno
        Interrupt.noteOutputRefused(code)
        errno = code
    }
    return written
}

/// Keeps the numbers of the standard descriptors taken. Started with one
/// closed (`mabs >&-`), the next file mabs opens (a workspace, a report)
/// would get its number, and what scripts print would land in that file;
/// instead each closed one is opened on `/dev/null` the wrong way round
/// (standard output read-only), so it still refuses every write (EBADF,
/// an error as before) but no file can take its place. Call it first.
public func keepStandardDescriptors() {
    for (descriptor, access) in [(STDIN_FILENO, O_WRONLY), (STDOUT_FILENO, O_RDONLY), (STDERR_FILENO, O_RDONLY)] {
        guard fcntl(descriptor, F_GETFD) < 0, errno == EBADF else { continue }
        let opened = open("/dev/null", access)
        if opened >= 0, opened != descriptor {
            dup2(opened, descriptor)
            close(opened)
        }
    }
}
