#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A file replaced all at once: its new contents go to a temporary file
/// beside it (so on the same file system), which is flushed to disk and
/// then renamed over it. A reader sees the old file or the new one, never
/// half of one; a run that dies midway leaves the old file as it was.
///
/// The temporary file is made at `init`, so a folder that cannot take the
/// file is found before any work is done.
public final class AtomicFile {
    public typealias Failure = FileReader.Failure

    /// The file to replace, as given.
    public let path: String
    private var temporaryPath: String
    private var descriptor: Int32

    /// Makes the temporary file beside `path` (`.NAME.XXXXXX`, hidden);
    /// throws a sentence saying why it cannot.
    public init(replacing path: String) throws(Failure) {
        var status = stat()
        if stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
            throw Failure(description: "it is a directory")
        }
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        guard !name.isEmpty else { throw Failure(description: "it is a directory") }
        var template = Array((folder + "." + name + ".XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw Failure(description: Self.reason()) }
        self.path = path
        self.descriptor = descriptor
        self.temporaryPath = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    deinit { discard() }

    /// Writes `text` and puts it in place of the file; throws a sentence
    /// saying why it cannot (the old file is then left as it was). The new
    /// file gets the permissions a new file would (mkstemp's are the
    /// owner's only), or `permissions` when given (a file holding secrets).
    public func commit(_ text: String, permissions: mode_t? = nil) throws(Failure) {
        guard descriptor >= 0 else { throw Failure(description: "it was already written") }
        defer { discard() }
        let mask = umask(0)
        umask(mask)
        guard writeAll(descriptor, text),
              fchmod(descriptor, permissions ?? (0o666 & ~mask)) == 0,
              fsync(descriptor) == 0
        else { throw Failure(description: Self.reason()) }
        let closed = close(descriptor)
        descriptor = -1
        guard closed == 0, rename(temporaryPath, path) == 0 else { throw Failure(description: Self.reason()) }
        temporaryPath = ""
    }

    /// Removes the temporary file, leaving the file as it was.
    public func discard() {
        if descriptor >= 0 {
            close(descriptor)
            descriptor = -1
        }
        if !temporaryPath.isEmpty {
            unlink(temporaryPath)
            temporaryPath = ""
        }
    }

    private static func reason() -> String {
        String(cString: strerror(errno)).lowercased()
    }
}
