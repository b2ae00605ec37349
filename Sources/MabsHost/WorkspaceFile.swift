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
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public init() {}

    /// The file holds secrets (keys, passwords, connection strings), so it
    /// is readable by its owner only; a path that is a symbolic link is
    /// followed, and the link stays.
    public func save(_ snapshot: WorkspaceSnapshot, to path: String, relativeTo file: SourceFile) throws {
        var path = FileLoader.resolve(path, relativeTo: file.name)
        if let resolved = realpath(path, nil) {
            path = String(cString: resolved)
            free(resolved)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // The one place a secret encodes: the file keeps them by decision.
        encoder.userInfo[WorkspaceSnapshot.keepsSecrets] = true
        let data: Data
        do {
            data = try encoder.encode(snapshot)
        } catch {
            // Never the encoder's words: they dump the whole workspace,
            // secrets and all.
            throw Failure(description: "it cannot be written as JSON")
        }
        try AtomicFile(replacing: path).commit(String(decoding: data, as: UTF8.self) + "\n", permissions: 0o600)
    }

    public func open(_ path: String, relativeTo file: SourceFile) throws -> WorkspaceSnapshot? {
        let path = FileLoader.resolve(path, relativeTo: file.name)
        guard access(path, F_OK) == 0 else {
            // No file yet: it will be made there, so its folder must be one
            // mabs can write in; better said now than at the first save.
            let slash = path.lastIndex(of: "/")
            let folder = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
            var status = stat()
            guard stat(folder, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR else {
                throw Failure(description: "its folder '\(folder)' does not exist")
            }
            guard access(folder, W_OK | X_OK) == 0 else {
                throw Failure(description: "its folder '\(folder)' cannot be written in")
            }
            return nil
        }
        // A workspace is a file: opening a pipe would wait for a writer
        // that never comes, a device would read as anything.
        var status = stat()
        if stat(path, &status) == 0, (status.st_mode & S_IFMT) != S_IFREG, (status.st_mode & S_IFMT) != S_IFDIR {
            throw Failure(description: FileReader.Failure.notRegularFile.description)
        }
        let bytes: [UInt8]
        do {
            bytes = try FileReader.read(path)
        } catch {
            throw Failure(description: error.description)
        }
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
        if let problem = snapshot.engine.inconsistency {
            throw Failure(description: "it holds what no run could make (\(problem)); it was left as it is")
        }
        return snapshot
    }
}
