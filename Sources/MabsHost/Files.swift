#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import MabsLanguage

/// Why a file cannot be read, written or used: a sentence that follows
/// the file's name (`cannot read 'x': it is a directory`).
public struct FileFailure: Error, CustomStringConvertible, Equatable {
    public var description: String

    public init(description: String) {
        self.description = description
    }

    /// A pipe, a device or a socket where a file that is read or
    /// replaced whole must be: opening a pipe waits for a writer, a device
    /// reads as anything, and renaming over either replaces it.
    static let notRegularFile = FileFailure(description: "it is not a regular file (a device, a pipe or a socket); name a file")
    static let directory = FileFailure(description: "it is a directory")
    static let emptyName = FileFailure(description: "the file name is empty; name a file")
    static let nulInName = FileFailure(description: "a file name cannot hold a NUL byte")
    static let linkLoop = FileFailure(description: "its symbolic links loop (a link leads back to itself); point the link at a file")
    /// Another mabs runs with this file as its `--workspace` (it holds its
    /// lock).
    static let inUse = FileFailure(description: "another mabs is using it as its workspace; wait until that one ends, or name another file")
    /// A `--workspace` file not there when the run began, or replaced
    /// since, by someone else.
    static let replacedMeanwhile = FileFailure(
        description: "another program made or replaced it while this run was using it, and it is left as it is; name another file")
    static let tooLarge = FileFailure(description: "it is larger than \(FileReader.maximumSize >> 20) MiB, the most mabs reads")

    /// No file by that name (ENOENT).
    public static let missing = errno(ENOENT)
    /// A file by that name already (EEXIST).
    public static let exists = errno(EEXIST)

    /// The reason the last system call failed.
    static func errno() -> FileFailure {
        errno(Glibc.errno)
    }

    /// The reason for `code`, an errno value (`no such file or directory`).
    static func errno(_ code: Int32) -> FileFailure {
        FileFailure(description: String(cString: strerror(code)).lowercased())
    }
}

/// Calls `body` with `path` as the system spells it: its own bytes (see
/// `SystemText`), NUL-terminated.
public func withSystemPath<Result>(_ path: String, _ body: (UnsafePointer<CChar>) -> Result) throws(FileFailure) -> Result {
    let bytes = SystemText.bytes(path)
    guard !bytes.contains(0) else { throw .nulInName }
    let characters = bytes.map { CChar(bitPattern: $0) } + [0]
    return characters.withUnsafeBufferPointer { body($0.baseAddress!) }
}

/// Paths as the file system resolves them.
public enum FilePath {
    /// How many symbolic links a path may go through, as the kernel allows.
    static let linkLimit = 40

    /// `path` made absolute, with every symbolic link followed: for a file
    /// that exists, its real path; for one that does not, where it would
    /// be made, following a last link that points nowhere yet (so a file
    /// written there is written where the link points, and the link stays).
    /// Throws for an empty name and for links that loop.
    public static func resolve(_ path: String) throws(FileFailure) -> String {
        guard !path.isEmpty else { throw .emptyName }
        var current = path
        for _ in 0...linkLimit {
            if let real = try realPath(current) { return real }
            // Missing: a dangling link is followed to where it points.
            if let target = try linkTarget(current) {
                current = target.hasPrefix("/") ? target : folder(of: current) + target
                continue
            }
            // Nothing there: the file would be made in its folder.
            let slash = current.lastIndex(of: "/")
            let name = slash.map { String(current[current.index(after: $0)...]) } ?? current
            let parent = slash.map { $0 == current.startIndex ? "/" : String(current[..<$0]) } ?? "."
            guard !name.isEmpty, name != ".", name != "..", let real = try realPath(parent) else { return current }
            return (real.hasSuffix("/") ? real : real + "/") + name
        }
        throw .linkLoop
    }

    /// The folder part of `path` with its slash (`a/b/` for `a/b/c`), or
    /// nothing for a bare name.
    static func folder(of path: String) -> String {
        path.lastIndex(of: "/").map { String(path[...$0]) } ?? ""
    }

    /// `realpath`: nil when some part is missing; throws for a loop.
    private static func realPath(_ path: String) throws(FileFailure) -> String? {
        let (resolved, code) = try withSystemPath(path) { pointer -> (String?, Int32) in
            guard let resolved = realpath(pointer, nil) else { return (nil, errno) }
            defer { free(resolved) }
            return (SystemText.decode(UnsafeRawBufferPointer(start: resolved, count: strlen(resolved))), 0)
        }
        if code == ELOOP { throw .linkLoop }
        return resolved
    }

    /// Where the symbolic link at `path` points; nil when it is no link.
    private static func linkTarget(_ path: String) throws(FileFailure) -> String? {
        try withSystemPath(path) { pointer in
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let count = readlink(pointer, &buffer, buffer.count - 1)
            guard count > 0 else { return nil }
            return SystemText.decode(buffer[..<count].map { UInt8(bitPattern: $0) })
        }
    }
}

/// Which file a path names, after links, so two names of one file are
/// told to be one: the same device and inode where the file exists (hard
/// links included), else the same resolved path.
public struct FileIdentity: Equatable, Sendable {
    /// The resolved absolute path (`FilePath.resolve`).
    public var path: String
    /// Device and inode, for a file that exists.
    var node: Node?

    struct Node: Equatable, Sendable {
        var device: UInt64
        var inode: UInt64
        init(_ status: stat) {
            device = UInt64(status.st_dev)
            inode = UInt64(status.st_ino)
        }
    }

    /// The identity of whatever `path` names now; throws for an empty name
    /// or links that loop.
    public init(of path: String) throws(FileFailure) {
        self.path = try FilePath.resolve(path)
        var status = stat()
        node = try withSystemPath(self.path) { stat($0, &status) } == 0 ? Node(status) : nil
    }

    init(path: String, node: Node?) {
        self.path = path
        self.node = node
    }

    /// Whether both name one file.
    public func isSame(as other: FileIdentity) -> Bool {
        path == other.path || (node != nil && node == other.node)
    }
}

/// Reads whole files and standard input as bytes, up to a limit, so an
/// endless input (`/dev/zero`, a runaway pipe) is refused instead of
/// filling memory.
public enum FileReader {
    public typealias Failure = FileFailure

    /// The most a script, a loaded file or a workspace may hold: far more
    /// than a million statements need.
    public static let maximumSize = 128 << 20

    /// The bytes of the file at `path`; throws a sentence saying why not.
    public static func read(_ path: String) throws(Failure) -> [UInt8] {
        try readFile(path).bytes
    }

    /// The bytes of the regular file at `path`, and which file it is.
    static func readFile(_ path: String) throws(Failure) -> (bytes: [UInt8], node: FileIdentity.Node) {
        let (descriptor, status) = try openRegularFile(path)
        defer { close(descriptor) }
        return (try readAll(descriptor, expecting: Int(status.st_size)), FileIdentity.Node(status))
    }

    /// Opens the regular file at `path` for reading, with its status;
    /// throws when it is missing, a directory, or not a regular file.
    ///
    /// Opening never waits: a pipe with no writer would hold `open` until
    /// one came, deaf to Ctrl-C and SIGTERM (their handlers restart it), so
    /// the file is opened without blocking and refused when `fstat` says it
    /// is not a regular file, before anything is read.
    public static func openRegularFile(_ path: String) throws(Failure) -> (descriptor: Int32, status: stat) {
        let descriptor = try withSystemPath(path) { open($0, O_RDONLY | O_NONBLOCK | O_CLOEXEC) }
        // A socket cannot be opened at all (ENXIO): say what it is.
        var status = stat()
        if descriptor < 0, errno == ENXIO, try withSystemPath(path, { stat($0, &status) }) == 0, (status.st_mode & S_IFMT) == S_IFSOCK {
            throw .notRegularFile
        }
        return try checkedRegularFile(descriptor)
    }

    /// Opens the regular file at `path` for reading, made empty with
    /// `permissions` when missing; a last link is not followed. Refused,
    /// without waiting, when it is not a regular file.
    public static func openRegularFile(_ path: String, creatingWith permissions: mode_t) throws(Failure) -> Int32 {
        try checkedRegularFile(try withSystemPath(path) {
            open($0, O_RDONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, permissions)
        }).descriptor
    }

    /// `descriptor` (an `open`'s result) with its status, if it is a
    /// regular file; else closed, and why not.
    private static func checkedRegularFile(_ descriptor: Int32) throws(Failure) -> (descriptor: Int32, status: stat) {
        guard descriptor >= 0 else { throw errno == ELOOP ? .linkLoop : .errno() }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let failure = Failure.errno()
            close(descriptor)
            throw failure
        }
        switch status.st_mode & S_IFMT {
        case S_IFREG:
            return (descriptor, status)
        case S_IFDIR:
            close(descriptor)
            throw .directory
        default:
            close(descriptor)
            throw .notRegularFile
        }
    }

    /// Everything on standard input.
    public static func readStandardInput() throws(Failure) -> [UInt8] {
        try readAll(STDIN_FILENO)
    }

    /// Everything left to read at `descriptor`. `size` (a regular file's,
    /// from `fstat`) sizes the buffer, so a file is read straight into the
    /// array it ends in, not copied from chunk to chunk as it grows; a file
    /// that grows meanwhile is still read to its end.
    public static func readAll(_ descriptor: Int32, expecting size: Int = 0) throws(Failure) -> [UInt8] {
        // One byte more than expected, to see the end without another read.
        let capacity = min(max(size, 0), maximumSize) + 1
        var failure: Failure?
        var bytes = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            count = 0
            while count < capacity {
                let read = Glibc.read(descriptor, buffer.baseAddress! + count, capacity - count)
                if read == 0 { return }
                if read < 0 {
                    if errno == EINTR { continue }
                    failure = .errno()
                    return
                }
                count += read
            }
        }
        if let failure { throw failure }
        if bytes.count < capacity { return bytes }
        // Longer than it was said to be: the rest in chunks.
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            guard bytes.count <= maximumSize else { throw .tooLarge }
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { return bytes }
            if count < 0 {
                if errno == EINTR { continue }
                throw .errno()
            }
            guard bytes.count + count <= maximumSize else { throw .tooLarge }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }
}

/// The files one run of mabs reads and writes, so that none of them is
/// another: a report (`--junit`), a recording (`--record`) or the
/// `--workspace` file never replaces a script being run, nor each other,
/// and `save` replaces none of them. Files are compared as files
/// (`FileIdentity`), not by how they are named.
///
/// The files the options write are reserved first; then every script read
/// (given to run, loaded, or standard input when it is a file) is noted as
/// it is read, and refused if an option would write over it.
public final class FilesInUse {
    private var scripts: [FileIdentity] = []
    private var outputs: [(option: String, file: FileIdentity)] = []
    /// Files mabs keeps for itself, which a script may read but no
    /// statement may replace: the REPL's history.
    private var kept: [(name: String, file: FileIdentity)] = []
    /// The options whose file turned out to be a script: never written.
    private var refused: Set<String> = []

    /// Standard output and standard error count as files the run writes
    /// when they are files (`mabs ... > out.txt`): replacing one, or
    /// reading it as a script, would lose what the run prints.
    public init() {
        for (descriptor, name) in [(STDOUT_FILENO, "standard output"), (STDERR_FILENO, "standard error")] {
            var status = stat()
            if fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG {
                outputs.append((name, FileIdentity(path: "<\(name)>", node: FileIdentity.Node(status))))
            }
        }
    }

    /// Reserves the file that `option` (`--junit`, `--record`,
    /// `--workspace`) writes; throws when another option writes it too, or
    /// its name is unusable (empty, links that loop).
    public func reserve(_ path: String, for option: String) throws(FileFailure) {
        let file = try FileIdentity(of: path)
        if let other = outputs.first(where: { $0.file.isSame(as: file) }) {
            throw FileFailure(description: "\(other.option) writes it too; give \(option) a file of its own")
        }
        if scripts.contains(where: { $0.isSame(as: file) }) { throw Self.wouldOverwrite(option) }
        outputs.append((option, file))
    }

    /// Keeps the file at `path` (`name` says what it is: "the REPL's
    /// history") from being replaced by `save` or `graph ... to`; throws
    /// when an option or a redirection writes it already.
    public func keep(_ path: String, as name: String) throws(FileFailure) {
        let file = try FileIdentity(of: path)
        if let other = outputs.first(where: { $0.file.isSame(as: file) }) {
            throw FileFailure(description: "\(other.option) writes it too")
        }
        kept.append((name, file))
    }

    /// Reserves the files that options (`--junit`, `--record`,
    /// `--workspace`) write, those given, in order; returns the usage
    /// error to report when one cannot be (stop before anything runs).
    public func reserve(_ options: KeyValuePairs<String, String?>) -> HostMessage? {
        for case (let option, let path?) in options {
            do {
                try reserve(path, for: option)
            } catch {
                return option == "--workspace"
                    ? .workspaceOption(.workspaceFailed(path, reason: error.description)) : .cannotWrite(path, reason: error.description)
            }
        }
        return nil
    }

    /// The bytes of the script at `path`, noted as in use; throws why it
    /// cannot be read, or when an option would write over it.
    public func readScript(_ path: String) throws(FileFailure) -> [UInt8] {
        let (bytes, node) = try FileReader.readFile(path)
        try noteScript(FileIdentity(path: (try? FilePath.resolve(path)) ?? path, node: node))
        return bytes
    }

    /// Everything on standard input, read as a script: when it is a file
    /// (`mabs - < lesson.mabs`), that file is a script being run, as if
    /// named, so nothing this run writes replaces it.
    public func readStandardInputScript() throws(FileFailure) -> [UInt8] {
        var status = stat()
        if fstat(STDIN_FILENO, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG {
            try noteScript(FileIdentity(path: "<standard input>", node: FileIdentity.Node(status)))
        }
        return try FileReader.readStandardInput()
    }

    /// Notes `file` as a script in use; throws when an option writes it.
    private func noteScript(_ file: FileIdentity) throws(FileFailure) {
        if let output = outputs.first(where: { $0.file.isSame(as: file) }) {
            refused.insert(output.option)
            throw Self.wouldOverwrite(output.option)
        }
        if !scripts.contains(where: { $0.isSame(as: file) }) { scripts.append(file) }
    }

    /// Why the file `option` writes must not be written after all: a
    /// script this run was to load is that file (its load was refused).
    public func refusal(writing option: String) -> FileFailure? {
        refused.contains(option) ? FileFailure(description: "a script this run loads is that file; name another file for \(option)") : nil
    }

    /// Throws when a statement must not replace `path` (`save`, `graph ...
    /// to`): a script being run, a file an option writes, or one mabs
    /// keeps (the REPL's history); `instead`
    /// says what to do (`save the workspace to another file`).
    public func checkReplaceable(_ path: String, instead: String = "save the workspace to another file") throws(FileFailure) {
        let file = try FileIdentity(of: path)
        if scripts.contains(where: { $0.isSame(as: file) }) {
            throw FileFailure(description: "it is a script being run; \(instead)")
        }
        if let output = outputs.first(where: { $0.file.isSame(as: file) }) {
            throw FileFailure(description: "it is the file \(output.option) writes; \(instead)")
        }
        if let keeper = kept.first(where: { $0.file.isSame(as: file) }) {
            throw FileFailure(description: "it is \(keeper.name); \(instead)")
        }
    }

    private static func wouldOverwrite(_ option: String) -> FileFailure {
        guard option.hasPrefix("--") else { return FileFailure(description: "\(option) goes to it; send \(option) elsewhere") }
        return FileFailure(description: "\(option) would write over it; name another file for \(option)")
    }
}

/// Resolves `load "PATH"` relative to the directory of the loading file,
/// and reads it as a script in use (see `FilesInUse`).
public struct FileLoader: SourceLoader {
    public let files: FilesInUse

    public init(files: FilesInUse = FilesInUse()) {
        self.files = files
    }

    public func load(_ path: String, relativeTo file: SourceFile) throws -> SourceFile {
        let resolved = Self.resolve(path, relativeTo: file.name)
        return SourceFile(name: resolved, bytes: try files.readScript(resolved))
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

/// The process's command-line arguments (without the program's name), each
/// with its own bytes (see `SystemText`): `CommandLine.arguments` repairs
/// bytes that are not UTF-8, which would name another file.
public enum ProcessArguments {
    public static var arguments: [String] {
        (1..<Int(CommandLine.argc)).map { index in
            guard let argument = CommandLine.unsafeArgv[index] else { return "" }
            return SystemText.decode(UnsafeRawBufferPointer(start: argument, count: strlen(argument)))
        }
    }
}
