#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
// FoundationEssentials has JSON coding without Foundation's
// internationalisation (ICU): linking only it saves every run of mabs
// several milliseconds of start-up.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import MabsLanguage

/// Saved workspaces on disk: JSON with a format name and version. A save
/// writes a temporary file in the same folder, flushes it to disk and
/// renames it over the old one, so a crash leaves the old file or the new
/// one, never half of either. A file that is not a workspace, is damaged,
/// or comes from a newer mabs is refused and left as it is.
///
/// Format 2 (format 1 files still open): the snapshot, one line of JSON,
/// then `--workspace`'s journal (`JournalFile`), one line a record:
/// `{"crc32":"XXXXXXXX","change":CHANGES}`, where CHANGES is one
/// statement's `WorkspaceChanges` and XXXXXXXX the CRC-32 of its bytes. A
/// last record without its newline or with another checksum is a write
/// that a kill or a power cut tore: it is ignored (the statement it was
/// saving had not finished saving). A bad record before the last one is
/// damage, and the file is refused.
public struct WorkspaceFile: WorkspaceStore {
    public typealias Failure = FileFailure

    /// The files this run reads and writes, which `save` must not replace.
    public let files: FilesInUse

    public init(files: FilesInUse = FilesInUse()) {
        self.files = files
    }

    /// The file holds secrets (keys, passwords, connection strings), so it
    /// is readable by its owner only; a path that is a symbolic link is
    /// followed (to where it points, even when nothing is there yet), and
    /// the link stays.
    public func save(_ snapshot: WorkspaceSnapshot, to path: String, relativeTo file: SourceFile) throws {
        let path = FileLoader.resolve(path, relativeTo: file.name)
        let replacing = try AtomicFile(replacing: path)
        let text = try Self.snapshotLine(snapshot)
        // The other mabs would write over it at its next statement.
        if FileLock.isHeldElsewhere(path) { throw Failure.inUse }
        try replacing.commit(text, permissions: 0o600)
    }

    public func checkReplaceable(_ path: String, relativeTo file: SourceFile) throws {
        try files.checkReplaceable(FileLoader.resolve(path, relativeTo: file.name))
    }

    public func open(_ path: String, relativeTo file: SourceFile) throws -> WorkspaceSnapshot? {
        let path = try FilePath.resolve(FileLoader.resolve(path, relativeTo: file.name))
        guard try Self.exists(path) else { return nil }
        let bytes: [UInt8]
        do {
            bytes = try FileReader.read(path)
        } catch {
            throw Failure(description: error.description)
        }
        return try Self.decode(bytes).snapshot
    }

    /// `--workspace`: the file is read through a descriptor that the
    /// journal keeps, so it appends to the very file it read, and locked
    /// (`flock`) for as long as the journal lives: a workspace is used by
    /// one mabs at a time. Two that each saved over the other would lose
    /// each other's work, a statement at a time.
    public func openJournaled(_ path: String, relativeTo file: SourceFile) throws -> (WorkspaceSnapshot?, WorkspaceJournal) {
        // Through any link, to where it points even when nothing is there
        // yet; a link loop is refused.
        let path = try FilePath.resolve(FileLoader.resolve(path, relativeTo: file.name))
        while true {
            guard try Self.exists(path) else { return (nil, JournalFile(path: path)) }
            let descriptor = try openForUpdate(path)
            guard descriptor >= 0 else { throw Failure.errno() }
            let locked = FileLock.tryLock(descriptor)
            if locked == false {
                close(descriptor)
                throw Failure.inUse
            }
            // Replaced since it was opened (the mabs that had it wrote it
            // whole, then let it go): the file there now is the one.
            guard FileLock.isStill(descriptor, at: path) else {
                close(descriptor)
                continue
            }
            do {
                let bytes = try FileReader.readAll(descriptor)
                let decoded = try Self.decode(bytes)
                return (decoded.snapshot, JournalFile(path: path, descriptor: descriptor, decoded, locked: locked == true))
            } catch {
                close(descriptor)
                throw Failure(description: "\(error)")
            }
        }
    }

    /// Whether there is a file at `path` to open: false when there is none
    /// yet (and one can be made there); throws when there is something
    /// that is not a workspace's file, or nowhere to make one.
    private static func exists(_ path: String) throws -> Bool {
        var status = stat()
        guard try withSystemPath(path, { stat($0, &status) }) == 0 else {
            // No file yet: it will be made there, so its folder must be one
            // mabs can write in; better said now than at the first save.
            let folder = path.lastIndex(of: "/").map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
            var folderStatus = stat()
            guard try withSystemPath(folder, { stat($0, &folderStatus) }) == 0, (folderStatus.st_mode & S_IFMT) == S_IFDIR else {
                throw Failure(description: "its folder '\(SystemText.shown(folder))' does not exist")
            }
            guard try withSystemPath(folder, { access($0, W_OK | X_OK) }) == 0 else {
                throw Failure(description: "its folder '\(SystemText.shown(folder))' cannot be written in")
            }
            return false
        }
        // A workspace is a file: opening a pipe would wait for a writer
        // that never comes, a device would read as anything.
        if (status.st_mode & S_IFMT) == S_IFDIR { throw Failure.directory }
        if (status.st_mode & S_IFMT) != S_IFREG { throw Failure.notRegularFile }
        return true
    }

    // MARK: The format

    /// What a file holds, read.
    struct Decoded {
        /// The snapshot with the journal's records applied.
        var snapshot: WorkspaceSnapshot
        /// Where the snapshot's line ends and where the last whole record
        /// ends (the file's length, unless a torn record follows).
        var snapshotLength: Int
        var length: Int
        /// Whether the file must be written whole before a record can be
        /// appended: format 1, or a torn record at the end.
        var needsWholeSave: Bool
    }

    /// The workspace a file's bytes hold, its journal's records applied;
    /// throws a sentence saying why they are none this mabs reads. What
    /// the workspace holds is checked when it is opened
    /// (`WorkspaceProblem`).
    public static func snapshot(from bytes: [UInt8]) throws -> WorkspaceSnapshot {
        try decode(bytes).snapshot
    }

    static func decode(_ bytes: [UInt8]) throws(Failure) -> Decoded {
        let newline = bytes.firstIndex(of: UInt8(ascii: "\n"))
        let snapshot: WorkspaceSnapshot
        do {
            snapshot = try JSONDecoder().decode(WorkspaceSnapshot.self, from: Data(bytes[..<(newline ?? bytes.count)]))
        } catch {
            // Look at the format and version, so a newer file is refused
            // for what it is rather than for fields this mabs does not
            // know, and a format 1 file written over several lines (by
            // hand) is read whole.
            struct Header: Decodable { var format: String?; var version: Int? }
            let header = (try? JSONDecoder().decode(Header.self, from: Data(bytes[..<(newline ?? bytes.count)])))
                ?? (try? JSONDecoder().decode(Header.self, from: Data(bytes)))
            guard let header, header.format == WorkspaceSnapshot.formatName, let version = header.version else {
                throw Failure(description: "it is not a mabs workspace (it was left as it is)")
            }
            try checkVersion(version)
            guard version == 1, let whole = try? JSONDecoder().decode(WorkspaceSnapshot.self, from: Data(bytes)) else {
                throw Failure(description: "it is damaged and cannot be read (it was left as it is)")
            }
            return Decoded(snapshot: whole, snapshotLength: bytes.count, length: bytes.count, needsWholeSave: true)
        }
        guard snapshot.format == WorkspaceSnapshot.formatName else {
            throw Failure(description: "it is not a mabs workspace (it was left as it is)")
        }
        try checkVersion(snapshot.version)
        let snapshotLength = newline.map { $0 + 1 } ?? bytes.count
        var decoded = Decoded(snapshot: snapshot, snapshotLength: snapshotLength, length: snapshotLength,
                              needsWholeSave: snapshot.version < 2 || newline == nil)
        if snapshot.version < 2 {
            // Format 1 is one JSON document, with nothing after it.
            guard bytes[snapshotLength...].allSatisfy({ [0x20, 0x0A, 0x0D, 0x09].contains($0) }) else {
                throw Failure(description: "it is damaged and cannot be read (it was left as it is)")
            }
            return decoded
        }
        var start = snapshotLength
        while start < bytes.count {
            guard let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) else {
                decoded.needsWholeSave = true  // torn: its newline never came
                break
            }
            guard let changes = record(bytes[start..<end]) else {
                // Torn if it is the last (its bytes never all came), else
                // damage.
                guard end + 1 == bytes.count else {
                    throw Failure(description: "it is damaged and cannot be read (it was left as it is)")
                }
                decoded.needsWholeSave = true
                break
            }
            decoded.snapshot.apply(changes)
            start = end + 1
            decoded.length = start
        }
        return decoded
    }

    private static func checkVersion(_ version: Int) throws(Failure) {
        guard version <= WorkspaceSnapshot.currentVersion else {
            throw Failure(description: "it was saved by a newer mabs (format \(version); this one reads up to \(WorkspaceSnapshot.currentVersion)); it was left as it is")
        }
    }

    /// The JSON every save writes, snapshot and journal record alike:
    /// keys sorted, so the same workspace writes the same bytes. The one
    /// place a secret encodes: the file keeps them by decision.
    static func encode(_ value: some Encodable) throws(Failure) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.userInfo[WorkspaceSnapshot.keepsSecrets] = true
        do {
            return Array(try encoder.encode(value))
        } catch {
            // Never the encoder's words: they dump the whole workspace,
            // secrets and all.
            throw Failure(description: "it cannot be written as JSON")
        }
    }

    /// The snapshot's line: a whole format 2 file with no records.
    static func snapshotLine(_ snapshot: WorkspaceSnapshot) throws(Failure) -> String {
        String(decoding: try encode(snapshot), as: UTF8.self) + "\n"
    }

    private static let recordStart = Array(#"{"crc32":""#.utf8), recordMiddle = Array(#"","change":"#.utf8)

    /// A journal record's line.
    static func recordLine(_ changes: WorkspaceChanges) throws(Failure) -> [UInt8] {
        let body = try encode(changes)
        let checksum = Array(String(CRC32.checksum(body), radix: 16).leftPadded(to: 8).utf8)
        return recordStart + checksum + recordMiddle + body + Array("}\n".utf8)
    }

    /// The changes a record's line (without its newline) holds, if it is
    /// whole: its checksum matches and it decodes.
    private static func record(_ line: ArraySlice<UInt8>) -> WorkspaceChanges? {
        let bodyStart = line.startIndex + recordStart.count + 8 + recordMiddle.count
        guard line.count > bodyStart - line.startIndex + 1, line.last == UInt8(ascii: "}"),
              line.prefix(recordStart.count).elementsEqual(recordStart),
              line[(line.startIndex + recordStart.count + 8)..<bodyStart].elementsEqual(recordMiddle),
              let checksum = UInt32(String(decoding: line[(line.startIndex + recordStart.count)..<(line.startIndex + recordStart.count + 8)], as: UTF8.self), radix: 16)
        else { return nil }
        let body = line[bodyStart..<(line.endIndex - 1)]
        guard CRC32.checksum(body) == checksum else { return nil }
        return try? JSONDecoder().decode(WorkspaceChanges.self, from: Data(body))
    }
}

/// `--workspace`'s file as a journal (see `WorkspaceJournal`): records are
/// appended to the file this journal read or last wrote, through its
/// descriptor, at the length it left it, under an exclusive lock (`flock`)
/// the journal holds from open to end, across its compactions. A file no
/// longer that long is written whole instead; one that is gone is made
/// again. A file put in its place by someone else since (another mabs that
/// began before it existed, a copy) is never written over: that is an
/// error at each statement, and the file is left as it is.
///
/// A record is in the file once written, so a run killed at any moment
/// (SIGKILL, a crash) loses nothing written before. It reaches the disk
/// itself (`fdatasync`) at once, unless the journal was flushed less than
/// `flushInterval` ago; then it waits for the next record after that, or
/// for the end of the run or REPL entry (`flush`). So a script of many
/// short statements is not held to the disk's pace (a flush takes from a
/// tenth of a millisecond to several on a busy disk), and a power cut
/// loses at most the statements of that interval, never the file: a torn
/// or missing end of the journal is ignored when the file is opened. (Redis
/// flushes its append-only file the same way, once a second.)
final class JournalFile: WorkspaceJournal {
    /// The journal is compacted when it is longer than the snapshot (so
    /// writing snapshots costs at most as much as writing records), and
    /// at least this long (a small workspace is not written whole every
    /// few statements); and before the file would pass what mabs reads.
    static let minimumJournalBytes = 1 << 20

    /// The longest a written record waits for the disk while records keep
    /// coming (in nanoseconds).
    static let flushInterval: UInt64 = 50_000_000

    private let path: String
    /// The file as this journal left it, and its length; -1 before there
    /// is one.
    private var descriptor: Int32 = -1
    private var length = 0
    private var snapshotLength = 0
    private var compactAt = JournalFile.minimumJournalBytes
    private(set) var needsWholeSave = true
    /// Whether this journal holds the lock on its file (not on a file
    /// system without locks).
    private var holdsLock = false
    /// When the journal was last flushed to disk, and whether a record was
    /// written since.
    private var flushedAt: UInt64 = 0
    private var unflushed = false

    var hasRecords: Bool { length > snapshotLength }

    /// No file yet: the first save makes it.
    init(path: String) { self.path = path }

    init(path: String, descriptor: Int32, _ decoded: WorkspaceFile.Decoded, locked: Bool) {
        self.path = path
        self.descriptor = descriptor
        holdsLock = locked
        length = decoded.length
        snapshotLength = decoded.snapshotLength
        needsWholeSave = decoded.needsWholeSave
        compactAt = Self.compactionPoint(snapshotLength)
    }

    deinit {
        flush()
        if descriptor >= 0 { close(descriptor) }
    }

    private static func compactionPoint(_ snapshotLength: Int) -> Int {
        max(minimumJournalBytes, min(snapshotLength, (FileReader.maximumSize - snapshotLength) / 2))
    }

    func append(_ changes: WorkspaceChanges, snapshot: () -> WorkspaceSnapshot) throws {
        guard !needsWholeSave, descriptor >= 0 else { return try compact(snapshot()) }
        let line = try WorkspaceFile.recordLine(changes)
        // A file mabs could not read back is never made by an append.
        guard length + line.count <= FileReader.maximumSize else { return try compact(snapshot()) }
        // Without locks (a file system that has none), appends go on
        // unguarded, as whole saves do.
        let locked = !holdsLock && FileLock.lock(descriptor, wait: true)
        defer { if locked { flock(descriptor, LOCK_UN) } }
        var status = stat()
        guard FileLock.isStill(descriptor, at: path), fstat(descriptor, &status) == 0, Int(status.st_size) == length else {
            return try compact(snapshot())
        }
        guard Self.write(line, to: descriptor, at: length) else {
            let reason = String(cString: strerror(errno)).lowercased()
            // What was written of the record is cut off; if even that
            // fails, the next save is whole anyway.
            _ = ftruncate(descriptor, off_t(length))
            needsWholeSave = true
            throw WorkspaceFile.Failure(description: reason)
        }
        length += line.count
        unflushed = true
        if Self.monotonicNow() - flushedAt >= Self.flushInterval { flush() }
        guard length - snapshotLength > compactAt else { return }
        do {
            try write(snapshot())
        } catch {
            // The record is saved; compaction waits until the journal has
            // doubled, rather than being tried at every statement.
            compactAt = 2 * (length - snapshotLength)
        }
    }

    /// Flushes the records written since the last flush to disk. A flush
    /// that fails loses nothing a killed run would: the records are in the
    /// file, and the system writes them out in its own time.
    func flush() {
        guard unflushed, descriptor >= 0 else { return }
        _ = fdatasync(descriptor)
        unflushed = false
        flushedAt = Self.monotonicNow()
    }

    private static func monotonicNow() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }

    func compact(_ snapshot: WorkspaceSnapshot) throws {
        do {
            try write(snapshot)
        } catch {
            needsWholeSave = true
            throw error
        }
    }

    /// Replaces the file with `snapshot` alone, keeping the new file's
    /// descriptor.
    private func write(_ snapshot: WorkspaceSnapshot) throws {
        // The temporary file first: a folder that cannot take it is found
        // before the snapshot is encoded.
        let file = try AtomicFile(replacing: path)
        let text = try WorkspaceFile.snapshotLine(snapshot)
        // A file there that is not this journal's (there was none when the
        // run began, or the one it wrote was replaced) was put there since,
        // by another mabs or someone else, with work of its own: only where
        // there is none is one made. The new file comes locked (the
        // temporary file was), so no other mabs opens it in between.
        let onlyIfAbsent = descriptor < 0 || !FileLock.isStill(descriptor, at: path)
        let committed = Result { () throws(WorkspaceFile.Failure) in
            try file.commitKeepingOpen(text, permissions: 0o600, locked: true, onlyIfAbsent: onlyIfAbsent)
        }
        if case .failure(.exists) = committed {
            throw FileLock.isHeldElsewhere(path) ? WorkspaceFile.Failure.inUse : WorkspaceFile.Failure.replacedMeanwhile
        }
        let kept = try committed.get()
        // The old file's unflushed records are in the new one, flushed.
        if descriptor >= 0 { close(descriptor) }
        descriptor = kept
        holdsLock = FileLock.lock(kept, wait: false)
        length = text.utf8.count
        snapshotLength = length
        compactAt = Self.compactionPoint(snapshotLength)
        needsWholeSave = false
        unflushed = false  // AtomicFile flushed it
    }

    /// Writes all of `bytes` at `offset`, retrying after signals.
    private static func write(_ bytes: [UInt8], to descriptor: Int32, at offset: Int) -> Bool {
        bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let written = pwrite(descriptor, raw.baseAddress! + done, raw.count - done, off_t(offset + done))
                if written < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                done += written
            }
            return true
        }
    }
}

/// CRC-32 (IEEE 802.3, as zlib and PNG compute it), which a journal record
/// carries so that a torn one is told from a whole one.
enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func checksum(_ bytes: some Collection<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}

/// `open(2)` for reading and writing (a name `WorkspaceFile.open` hides).
/// Opens `path` to read and append, never waiting (a pipe put there since
/// it was looked at is refused by the read, not waited for).
private func openForUpdate(_ path: String) throws(FileFailure) -> Int32 {
    let descriptor = try withSystemPath(path) { open($0, O_RDWR | O_CLOEXEC | O_NONBLOCK) }
    if descriptor >= 0 {
        var status = stat()
        if fstat(descriptor, &status) != 0 || (status.st_mode & S_IFMT) != S_IFREG {
            close(descriptor)
            throw .notRegularFile
        }
        // Reads and appends from here on wait as a file's do.
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
    }
    return descriptor
}

private extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

extension Session {
    /// Opens the `--workspace` file, once it is reserved (see
    /// `FilesInUse.reserve(workspace:)`); returns what to report when it
    /// cannot be used (a usage error: stop before anything runs).
    public func openWorkspace() -> HostMessage? {
        openWorkspaceFile().map(HostMessage.workspaceOption)
    }
}
