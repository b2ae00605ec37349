#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MabsHost

/// A history file that can't be read or written. The REPL shows it once as
/// a warning and carries on without persistent history.
public struct HistoryError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public var description: String { "history file \(path): \(reason)" }
}

/// The persistent REPL history: where the file lives, what it holds, and
/// how it is written. No terminal involved, so unit tests drive it directly.
///
/// File format (one entry per line, UTF-8):
///
///     #mabs-history v1
///     list backups
///     if contoso is StopFailed {\n  restart contoso\n}
///
/// Inside an entry `\` is written `\\`, a newline `\n` and a carriage return
/// `\r`, so multi-line statements stay one entry. The first line is a
/// version header; it is skipped only in that position.
public struct HistoryStore: Sendable {
    public static let defaultLimit = 1000
    static let header = "#mabs-history v1"

    public let path: String
    public let limit: Int
    /// Oldest first; never two equal entries in a row; at most `limit`.
    public private(set) var entries: [String] = []
    /// Entries appended since the last save, which the next one adds to
    /// what the file holds by then.
    private var unsaved: [String] = []

    public init(path: String, limit: Int = HistoryStore.defaultLimit) {
        self.path = path
        self.limit = max(1, limit)
    }

    /// The history file's path: `$MABS_HISTORY`, else
    /// `$XDG_STATE_HOME/mabs/history`, else `~/.local/state/mabs/history`.
    /// Empty variables count as unset; a relative `XDG_STATE_HOME` is ignored
    /// as the XDG spec asks. Nil when not even a home directory is known.
    public static func resolvePath(environment: [String: String], homeDirectory: String?) -> String? {
        if let explicit = environment["MABS_HISTORY"], !explicit.isEmpty {
            return explicit
        }
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") {
            return join(state, "mabs/history")
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? homeDirectory
        guard let home, !home.isEmpty else { return nil }
        return join(home, ".local/state/mabs/history")
    }

    /// The home directory from the password database, for when `HOME` is unset.
    public static func passwordDatabaseHome() -> String? {
        guard let entry = getpwuid(getuid()), let dir = entry.pointee.pw_dir else { return nil }
        return String(cString: dir)
    }

    private static func join(_ directory: String, _ rest: String) -> String {
        directory.hasSuffix("/") ? directory + rest : directory + "/" + rest
    }

    /// Appends `entry` unless it is blank or equals the newest entry; drops
    /// the oldest entries beyond `limit`. Returns whether it was stored.
    @discardableResult
    public mutating func append(_ entry: String) -> Bool {
        guard !entry.allSatisfy(\.isWhitespace), entries.last != entry else { return false }
        entries.append(entry)
        unsaved.append(entry)
        if entries.count > limit {
            entries.removeFirst(entries.count - limit)
        }
        if unsaved.count > limit {
            unsaved.removeFirst(unsaved.count - limit)
        }
        return true
    }

    /// Reads the file. A missing or empty file is an empty history, not an
    /// error. A file that is not a mabs history (its first line is not the
    /// header) is an error, so that nobody saves over it: a mistyped
    /// `MABS_HISTORY` must not cost anyone a file.
    ///
    /// Like every file mabs reads, it must be a regular file: a pipe would
    /// hold the REPL before its banner (see `FileReader.openRegularFile`).
    public mutating func load() throws(HistoryError) {
        let opened = Result { () throws(FileFailure) in try FileReader.openRegularFile(path).descriptor }
        if case .failure(let error) = opened, error == .missing {
            entries = []
            return
        }
        let fd: Int32
        do {
            fd = try opened.get()
        } catch {
            throw failure("cannot read: \(error)")
        }
        defer { close(fd) }
        let stored = try entries(at: fd)
        entries = []
        for entry in stored {
            append(entry)
        }
        unsaved = []
    }

    /// The entries of the history file open at `descriptor`; throws when
    /// it cannot be read or is not a mabs history.
    private func entries(at descriptor: Int32) throws(HistoryError) -> [String] {
        let bytes: [UInt8]
        do {
            bytes = try FileReader.readAll(descriptor)
        } catch {
            throw failure("cannot read: \(error)")
        }
        guard bytes.isEmpty || Self.startsWithHeader(bytes) else {
            throw failure("not a mabs history (its first line is not '\(Self.header)'), so it is left as it is")
        }
        return Self.decode(String(decoding: bytes, as: UTF8.self))
    }

    /// `path` with its symbolic links resolved when it exists; as given
    /// otherwise.
    static func resolvingLinks(_ path: String) -> String {
        (try? FilePath.resolve(path)) ?? path
    }

    /// Adds the entries appended since the last save to what the file
    /// holds now (another session may have saved since this one loaded),
    /// keeping the newest `limit`, and writes the whole history to a
    /// temporary file beside the real one (mode 0600), flushed, then
    /// renamed over it (see `AtomicFile`): a crash never leaves half a
    /// file, and the file never exists with wider permissions.
    ///
    /// Sessions saving at once take turns: each holds an exclusive lock
    /// (`flock`) on the history file from reading it to replacing it, so
    /// no entry of another session is lost and no line is torn. A session
    /// that waited on a file since replaced reads the new one.
    ///
    /// Missing parent directories are created with mode 0700. A history
    /// path that is a symbolic link is followed: the file it points to is
    /// replaced, and the link stays a link.
    public mutating func save() throws(HistoryError) {
        let path = Self.resolvingLinks(self.path)
        let directory = Self.parent(of: path)
        if !directory.isEmpty, let problem = Self.makeDirectories(directory) {
            throw failure("cannot create directory \(directory): \(problem)")
        }
        let lock = try lockedFile(path)
        defer { close(lock) }
        var merged = HistoryStore(path: self.path, limit: limit)
        for entry in try entries(at: lock) + unsaved {
            merged.append(entry)
        }
        do {
            try AtomicFile(replacing: path).commit(Self.encode(merged.entries), permissions: 0o600)
        } catch {
            throw failure("cannot write: \(error)")
        }
        entries = merged.entries
        unsaved = []
    }

    /// The history file at `path` (created, empty, if missing), open and
    /// locked; the file the path names once the lock is held.
    private func lockedFile(_ path: String) throws(HistoryError) -> Int32 {
        while true {
            let descriptor: Int32
            do {
                descriptor = try FileReader.openRegularFile(path, creatingWith: 0o600)
            } catch {
                throw failure("cannot write: \(error)")
            }
            // A file system without locks: save without taking turns.
            guard FileLock.lock(descriptor, wait: true) else { return descriptor }
            if FileLock.isStill(descriptor, at: path) { return descriptor }
            close(descriptor)
        }
    }

    /// Whether the first line of `bytes` is the header (CRLF accepted).
    static func startsWithHeader(_ bytes: [UInt8]) -> Bool {
        var line = bytes.prefix { $0 != UInt8(ascii: "\n") }
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        return Array(line) == Array(header.utf8)
    }

    /// The file text for `entries`, header first.
    public static func encode(_ entries: [String]) -> String {
        var text = header + "\n"
        for entry in entries {
            for character in entry.unicodeScalars {
                switch character {
                case "\\": text += "\\\\"
                case "\n": text += "\\n"
                case "\r": text += "\\r"
                default: text.unicodeScalars.append(character)
                }
            }
            text += "\n"
        }
        return text
    }

    /// The entries in a file's text. Unknown escapes are kept as written;
    /// blank lines are skipped; CRLF line ends are accepted.
    public static func decode(_ text: String) -> [String] {
        // "\r\n" is one Character in Swift, so it is a separator of its own.
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).map { line in
            line.hasSuffix("\r") ? line.dropLast() : line
        }
        if lines.first == Substring(header) { lines.removeFirst() }
        return lines.compactMap { line in
            guard !line.isEmpty else { return nil }
            var entry = ""
            var escaping = false
            for scalar in line.unicodeScalars {
                if escaping {
                    switch scalar {
                    case "n": entry += "\n"
                    case "r": entry += "\r"
                    case "\\": entry += "\\"
                    default: entry += "\\"; entry.unicodeScalars.append(scalar)
                    }
                    escaping = false
                } else if scalar == "\\" {
                    escaping = true
                } else {
                    entry.unicodeScalars.append(scalar)
                }
            }
            if escaping { entry += "\\" }
            return entry
        }
    }

    private func failure(_ reason: String) -> HistoryError {
        HistoryError(path: path, reason: reason)
    }

    private static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// `mkdir -p` with mode 0700; nil on success, else the reason.
    private static func makeDirectories(_ directory: String) -> String? {
        var info = stat()
        if (try? withSystemPath(directory, { stat($0, &info) })) == 0 {
            return (info.st_mode & S_IFMT) == S_IFDIR ? nil : "not a directory"
        }
        let up = parent(of: directory)
        if !up.isEmpty, up != directory, let problem = makeDirectories(up) {
            return problem
        }
        if (try? withSystemPath(directory, { mkdir($0, 0o700) })) != 0, errno != EEXIST {
            return errnoText()
        }
        return nil
    }
}

func errnoText() -> String {
    String(cString: strerror(errno))
}
