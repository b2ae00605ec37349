#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import MabsLanguage

/// Reads whole files and standard input as bytes, up to a limit, so an
/// endless input (`/dev/zero`, a runaway pipe) is refused instead of
/// filling memory.
public enum FileReader {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String

        /// A pipe, a device or a socket where a file that is read or
        /// replaced whole must be.
        static let notRegularFile = Failure(description: "it is not a regular file (a device, a pipe or a socket); name a file")
    }

    /// The most a script, a loaded file or a workspace may hold: far more
    /// than a million statements need.
    public static let maximumSize = 128 << 20

    /// The bytes of the file at `path`; throws a sentence saying why not.
    public static func read(_ path: String) throws(Failure) -> [UInt8] {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw Failure(description: String(cString: strerror(errno)).lowercased()) }
        defer { close(descriptor) }
        var status = stat()
        if fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
            throw Failure(description: "it is a directory")
        }
        return try readAll(descriptor)
    }

    /// Everything on standard input.
    public static func readStandardInput() throws(Failure) -> [UInt8] {
        try readAll(STDIN_FILENO)
    }

    /// Everything left to read at `descriptor`.
    public static func readAll(_ descriptor: Int32) throws(Failure) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { return bytes }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(description: String(cString: strerror(errno)).lowercased())
            }
            guard bytes.count + count <= maximumSize else {
                throw Failure(description: "it is larger than \(maximumSize >> 20) MiB, the most mabs reads")
            }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }
}

/// Resolves `load "PATH"` relative to the directory of the loading file.
public struct FileLoader: SourceLoader {
    public init() {}

    public func load(_ path: String, relativeTo file: SourceFile) throws -> SourceFile {
        let resolved = Self.resolve(path, relativeTo: file.name)
        return SourceFile(name: resolved, bytes: try FileReader.read(resolved))
    }

    /// `path` as seen from the directory of `base`; absolute paths, and
    /// files without a directory (`<stdin>`, the REPL), resolve as given.
    public static func resolve(_ path: String, relativeTo base: String) -> String {
        guard !path.hasPrefix("/"), !base.hasPrefix("<"), let slash = base.lastIndex(of: "/") else { return path }
        return normalize(String(base[...slash]) + path)
    }

    /// Removes `./` and `dir/../` so the same file has the same name
    /// however it was reached (load cycles are found by name).
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: false) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != "..", !last.isEmpty {
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        return parts.joined(separator: "/")
    }
}
