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
        let file = try AtomicFile(replacing: FileLoader.resolve(path, relativeTo: file.name))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data: Data
        do {
            data = try encoder.encode(snapshot)
        } catch {
            throw Failure(description: "it cannot be written as JSON (\(error))")
        }
        try file.commit(String(decoding: data, as: UTF8.self) + "\n", permissions: 0o600)
    }

    public func checkReplaceable(_ path: String, relativeTo file: SourceFile) throws {
        try files.checkReplaceable(FileLoader.resolve(path, relativeTo: file.name))
    }

    public func open(_ path: String, relativeTo file: SourceFile) throws -> WorkspaceSnapshot? {
        let path = try FilePath.resolve(FileLoader.resolve(path, relativeTo: file.name))
        let read = Result { () throws(Failure) in try FileReader.read(path) }
        if case .failure(let failure) = read, failure == .missing {
            // No file yet: it will be made there, so its folder must be one
            // mabs can write in; better said now than at the first save.
            let folder = path.lastIndex(of: "/").map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
            var status = stat()
            guard try withSystemPath(folder, { stat($0, &status) }) == 0, (status.st_mode & S_IFMT) == S_IFDIR else {
                throw Failure(description: "its folder '\(SystemText.shown(folder))' does not exist")
            }
            guard try withSystemPath(folder, { access($0, W_OK | X_OK) }) == 0 else {
                throw Failure(description: "its folder '\(SystemText.shown(folder))' cannot be written in")
            }
            return nil
        }
        let bytes = try read.get()
        return try WorkspaceFile.snapshot(from: bytes)
    }

    /// The workspace a file's bytes hold; throws a sentence saying why
    /// they are none this mabs reads. What the workspace holds is checked
    /// when it is opened (`WorkspaceProblem`).
    public static func snapshot(from bytes: [UInt8]) throws -> WorkspaceSnapshot {
        // Look at the format and version first, so a newer file is refused
        // for what it is rather than for fields this mabs does not know.
        struct Header: Decodable { var format: String?; var version: Int? }
        guard let header = try? JSONDecoder().decode(Header.self, from: Data(bytes)),
              header.format == WorkspaceSnapshot.formatName, let version = header.version else {
            throw Failure(description: "it is not a mabs workspace (it was left as it is)")
        }
        guard version <= WorkspaceSnapshot.currentVersion else {
            throw Failure(description: "it was saved by a newer mabs (format \(version); this one reads up to \(WorkspaceSnapshot.currentVersion)); it was left as it is")
        }
        let snapshot: WorkspaceSnapshot
        do {
            snapshot = try JSONDecoder().decode(WorkspaceSnapshot.self, from: Data(bytes))
        } catch {
            throw Failure(description: "it is damaged and cannot be read (it was left as it is)")
        }
        return snapshot
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
