#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import MabsLanguage

/// Where `graph ... to "FILE"` writes: the file, seen from the script that
/// names it, replaced whole (`AtomicFile`: a reader sees the old file or
/// the new one), and never a file this run is using: the script being
/// run, the files given to run or written by the run (the workspace, a
/// report), compared as files (device and inode), not by name.
public struct OutputFile: OutputFileWriter {
    /// The files of this run that are not to be replaced, as named on the
    /// command line.
    public var protected: [String]

    public init(protecting protected: [String] = []) {
        self.protected = protected
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public func write(_ text: String, to path: String, relativeTo file: SourceFile) throws {
        let target = FileLoader.resolve(path, relativeTo: file.name)
        if Self.isSameFile(target, file.name) {
            throw Failure(description: "it is the script being run; write the graph to another file")
        }
        for used in protected where Self.isSameFile(target, used) {
            throw Failure(description: "this run reads or writes it ('\(used)'); write the graph to another file")
        }
        try AtomicFile(replacing: target).commit(text)
    }

    /// Whether the two names lead to one file: the same device and inode
    /// when both exist (through links, `./`, other spellings).
    static func isSameFile(_ a: String, _ b: String) -> Bool {
        var first = stat(), second = stat()
        guard stat(a, &first) == 0, stat(b, &second) == 0 else { return false }
        return first.st_dev == second.st_dev && first.st_ino == second.st_ino
    }
}
