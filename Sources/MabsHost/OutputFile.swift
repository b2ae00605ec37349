import MabsLanguage

/// Where `graph ... to "FILE"` writes: the file, seen from the script that
/// names it, replaced whole (`AtomicFile`: a reader sees the old file or
/// the new one), and never a file this run is using (`FilesInUse`: a
/// script it runs or loads, a file an option or a redirection writes),
/// compared as files, not by name.
public struct OutputFile: OutputFileWriter {
    /// The files this run reads and writes.
    public let files: FilesInUse

    public init(files: FilesInUse = FilesInUse()) {
        self.files = files
    }

    public func write(_ text: String, to path: String, relativeTo file: SourceFile) throws {
        let target = FileLoader.resolve(path, relativeTo: file.name)
        try files.checkReplaceable(target, instead: "write the graph to another file")
        try AtomicFile(replacing: target).commit(text)
    }
}
