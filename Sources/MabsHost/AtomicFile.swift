#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import MabsLanguage

/// A file replaced all at once: its new contents go to a temporary file
/// beside it (so on the same file system), which is flushed to disk and
/// then renamed over it. A reader sees the old file or the new one, never
/// half of one; a run that dies midway leaves the old file as it was.
///
/// The temporary file is made at `init`, so a folder that cannot take the
/// file is found before any work is done. It is named `.NAME.mabs-XXXXXX`
/// and locked (`flock`) by its writer for as long as it exists; the lock
/// dies with the process. A process killed midway (SIGKILL, a crash, power
/// loss) leaves its temporary file behind, so each `init` first removes the
/// temporary files of the same target that no process holds locked: at
/// most one such leftover waits for the next save.
public final class AtomicFile {
    public typealias Failure = FileReader.Failure

    /// The file to replace, as given (for messages).
    public let path: String
    /// The file the rename replaces: `path` with its links followed.
    private let target: String
    private var temporaryPath: String
    private var descriptor: Int32
    private let folder: String

    /// Makes the temporary file beside `path`, after removing abandoned
    /// ones; throws a sentence saying why it cannot.
    ///
    /// A symbolic link stays a link: the file it points to is replaced,
    /// or made when the link points nowhere yet; links that loop are
    /// refused.
    public convenience init(replacing given: String) throws(Failure) {
        let path = try FilePath.resolve(given)
        var status = stat()
        if try withSystemPath(path, { stat($0, &status) }) == 0 {
            switch status.st_mode & S_IFMT {
            case S_IFDIR: throw .directory
            case S_IFREG: break
            // Renaming over a device or a pipe would replace it with a file.
            default: throw .notRegularFile
            }
        }
        let folder = FilePath.folder(of: path)
        let name = String(path.dropFirst(folder.count))
        guard !name.isEmpty else { throw .directory }
        let prefix = "." + name + Self.marker
        Self.removeAbandoned(in: folder, prefix: prefix)
        // A remover may have opened the new file before its writer locked
        // it; then the writer finds it gone once it has the lock, and makes
        // another.
        while true {
            var template = SystemText.bytes(folder + prefix + "XXXXXX").map { CChar(bitPattern: $0) } + [0]
            let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard descriptor >= 0 else { throw .errno() }
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
            let temporary = SystemText.decode(template.dropLast().map { UInt8(bitPattern: $0) })
            guard FileLock.lock(descriptor, wait: true) else {
                // No locks on this file system: nothing is ever removed
                // as abandoned, so nothing can remove this one.
                self.init(path: given, target: path, temporary: temporary, descriptor: descriptor, folder: folder)
                return
            }
            if FileLock.isStill(descriptor, at: temporary) {
                self.init(path: given, target: path, temporary: temporary, descriptor: descriptor, folder: folder)
                return
            }
            close(descriptor)
        }
    }

    private init(path: String, target: String, temporary: String, descriptor: Int32, folder: String) {
        self.path = path
        self.target = target
        self.temporaryPath = temporary
        self.descriptor = descriptor
        self.folder = folder
    }

    deinit { discard() }

    /// Writes `text` and puts it in place of the file; throws a sentence
    /// saying why it cannot (the old file is then left as it was). The new
    /// file gets the permissions a new file would (mkstemp's are the
    /// owner's only), or `permissions` when given (a file holding secrets).
    public func commit(_ text: String, permissions: mode_t? = nil) throws(Failure) {
        defer { discard() }
        try put(text, permissions: permissions)
    }

    /// `commit`, then hands over the descriptor, open on the file now in
    /// place (the caller closes it): a journal appends to the very file it
    /// wrote, whatever the name holds by then. Unlocked, unless `locked`:
    /// then the lock the temporary file had holds on, so the file is never
    /// in place unlocked. With `onlyIfAbsent`, a file there already (made
    /// since the caller looked, even while this one was being written) is
    /// left as it is, and the commit fails with `Failure.exists`.
    public func commitKeepingOpen(
        _ text: String, permissions: mode_t? = nil, locked: Bool = false, onlyIfAbsent: Bool = false
    ) throws(Failure) -> Int32 {
        do {
            try put(text, permissions: permissions, onlyIfAbsent: onlyIfAbsent)
        } catch {
            discard()
            throw error
        }
        let kept = descriptor
        descriptor = -1
        if !locked { flock(kept, LOCK_UN) }
        return kept
    }

    private func put(_ text: String, permissions: mode_t?, onlyIfAbsent: Bool = false) throws(Failure) {
        guard descriptor >= 0 else { throw Failure(description: "it was already written") }
        let mask = umask(0)
        umask(mask)
        // Renamed while still locked, so no one takes it for abandoned.
        guard writeAll(descriptor, text),
              fchmod(descriptor, permissions ?? (0o666 & ~mask)) == 0,
              fsync(descriptor) == 0,
              try renameTemporary(onlyIfAbsent: onlyIfAbsent) == 0
        else { throw .errno() }
        temporaryPath = ""
        // The rename itself reaches the disk with its folder.
        let directory = (try? withSystemPath(folder.isEmpty ? "." : folder) { open($0, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }) ?? -1
        if directory >= 0 {
            fsync(directory)
            close(directory)
        }
    }

    /// Renames the temporary file over the target: 0, or -1 with `errno`.
    /// `onlyIfAbsent`: only where there is no file (EEXIST otherwise), in
    /// one step: a hard link made to the target name fails if anything is
    /// there. A file system without hard links looks first, then renames.
    private func renameTemporary(onlyIfAbsent: Bool) throws(Failure) -> Int32 {
        let target = try withSystemPath(self.target) { Array(UnsafeBufferPointer(start: $0, count: strlen($0) + 1)) }
        guard onlyIfAbsent else { return try withSystemPath(temporaryPath) { rename($0, target) } }
        if try withSystemPath(temporaryPath, { link($0, target) }) == 0 {
            _ = try withSystemPath(temporaryPath) { unlink($0) }
            return 0
        }
        guard errno != EEXIST else { return -1 }
        var status = stat()
        if stat(target, &status) == 0 {
            errno = EEXIST
            return -1
        }
        return try withSystemPath(temporaryPath) { rename($0, target) }
    }

    /// Removes the temporary file, leaving the file as it was.
    public func discard() {
        if !temporaryPath.isEmpty {
            _ = try? withSystemPath(temporaryPath) { unlink($0) }
            temporaryPath = ""
        }
        if descriptor >= 0 {
            close(descriptor)
            descriptor = -1
        }
    }

    /// What follows `.NAME` in a temporary file's name, before mkstemp's
    /// six characters.
    static let marker = ".mabs-"

    /// Removes the files `PREFIX` + six letters or digits in `folder`
    /// that no process holds locked: temporary files whose writer died.
    private static func removeAbandoned(in folder: String, prefix: String) {
        guard let handle = try? withSystemPath(folder.isEmpty ? "." : folder, { opendir($0) }) else { return }
        defer { closedir(handle) }
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { SystemText.decode($0.prefix { $0 != 0 }) }
            guard name.hasPrefix(prefix) else { continue }
            let suffix = name.utf8.dropFirst(prefix.utf8.count)
            guard suffix.count == 6, suffix.allSatisfy({ (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0) })
            else { continue }
            let candidate = folder + name
            guard let descriptor = try? withSystemPath(candidate, { open($0, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK) }),
                  descriptor >= 0 else { continue }
            var status = stat()
            if fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG,
               FileLock.lock(descriptor, wait: false), FileLock.isStill(descriptor, at: candidate) {
                _ = try? withSystemPath(candidate) { unlink($0) }
            }
            close(descriptor)
        }
    }

}

/// Whole-file locks (`flock`) between processes, held until the
/// descriptor closes, which a killed process's does too.
public enum FileLock {
    /// Takes an exclusive lock on `descriptor`: false when another process
    /// holds one (without `wait`) or the file system has none.
    public static func lock(_ descriptor: Int32, wait: Bool) -> Bool {
        guard wait else { return tryLock(descriptor) == true }
        while flock(descriptor, LOCK_EX) != 0 {
            if errno != EINTR { return false }
        }
        return true
    }

    /// Takes an exclusive lock on `descriptor` without waiting: nil when
    /// the file system has no locks, else whether it was free.
    public static func tryLock(_ descriptor: Int32) -> Bool? {
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            return errno == EWOULDBLOCK ? false : nil
        }
        return true
    }

    /// Whether another process holds a lock on the file at `path` (another
    /// mabs whose `--workspace` it is); false when there is no file or the
    /// file system has no locks. Looking takes a shared lock for a moment.
    public static func isHeldElsewhere(_ path: String) -> Bool {
        guard let descriptor = try? withSystemPath(path, { open($0, O_RDONLY | O_NONBLOCK | O_CLOEXEC) }), descriptor >= 0 else {
            return false
        }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_SH | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            return errno == EWOULDBLOCK
        }
        return false
    }

    /// Whether `path` still names the file open at `descriptor` (a file
    /// replaced by a rename since it was opened does not).
    public static func isStill(_ descriptor: Int32, at path: String) -> Bool {
        var open = stat(), named = stat()
        return fstat(descriptor, &open) == 0 && (try? withSystemPath(path) { stat($0, &named) }) == 0
            && open.st_dev == named.st_dev && open.st_ino == named.st_ino
    }
}
