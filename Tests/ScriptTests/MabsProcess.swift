import Foundation

/// Runs the `mabs` binary that `swift build` put beside the test bundle.
struct MabsProcess {
    struct Result: Equatable {
        var stdout: String
        var stderr: String
        var status: Int32
    }

    /// The built `mabs` executable: the test bundle and the products share
    /// one build folder.
    static let executable: URL = {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = bundle.deletingLastPathComponent()
        while !FileManager.default.isExecutableFile(atPath: folder.appendingPathComponent("mabs").path) {
            precondition(folder.path != "/", "no built mabs binary beside \(bundle.path)")
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent("mabs")
    }()

    /// Runs `mabs ARGUMENTS` (or another `program`) in `directory` with
    /// `input` on standard input and a clean environment (no colour, no
    /// terminal).
    static func run(
        _ arguments: [String], input: String = "", in directory: URL? = nil,
        environment: [String: String] = [:], program: URL = executable
    ) throws -> Result {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "NO_COLOR": "1"]
            .merging(environment) { $1 }
        if let directory { process.currentDirectoryURL = directory }
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        // Read both pipes while the process runs, so a large output cannot
        // fill one and stall it.
        let group = DispatchGroup()
        nonisolated(unsafe) var out = Data(), err = Data()
        DispatchQueue.global().async(group: group) { out = stdout.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: group) { err = stderr.fileHandleForReading.readDataToEndOfFile() }
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        group.wait()
        process.waitUntilExit()
        return Result(
            stdout: String(decoding: out, as: UTF8.self),
            stderr: String(decoding: err, as: UTF8.self),
            status: process.terminationStatus
        )
    }

    /// Runs `mabs ARGUMENTS`, waits until its standard output contains
    /// `marker`, then sends `signal` (by default SIGINT, Ctrl-C) and
    /// collects what follows.
    static func runInterrupted(_ arguments: [String], after marker: String, signal: Int32 = SIGINT) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "NO_COLOR": "1"]
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        try process.run()
        var seen = Data()
        while !String(decoding: seen, as: UTF8.self).contains(marker) {
            let chunk = stdout.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen.append(chunk)
        }
        kill(process.processIdentifier, signal)
        seen.append(stdout.fileHandleForReading.readDataToEndOfFile())
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            stdout: String(decoding: seen, as: UTF8.self),
            stderr: String(decoding: errors, as: UTF8.self),
            status: process.terminationStatus
        )
    }
}

/// A new empty folder under the temporary directory, named after `purpose`;
/// the caller removes it.
func temporaryFolder(_ purpose: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("mabs-\(purpose)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// `mabs` started for what `run` cannot do: with standard output closed
/// (through the shell, as `>&-`), or on a pipe whose read end the test
/// alone holds and closes, or to be killed at a chosen moment.
struct SpawnedMabs {
    enum Output {
        /// A file, created or emptied.
        case file(String)
        /// A pipe; the test reads it with `read(until:)` and may close it.
        case pipe
        /// No standard output at all (`>&-`).
        case closed
    }

    let process = Process()
    /// The read end of standard output, for `.pipe`.
    let outputPipe: FileHandle?
    var pid: pid_t { process.processIdentifier }

    init(_ arguments: [String], standardOutput: Output, standardError: String) throws {
        if case .closed = standardOutput {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "exec \"$0\" \"$@\" >&-", MabsProcess.executable.path] + arguments
        } else {
            process.executableURL = MabsProcess.executable
            process.arguments = arguments
        }
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "NO_COLOR": "1"]
        process.standardInput = FileHandle.nullDevice
        func emptied(_ path: String) throws -> FileHandle {
            guard FileManager.default.createFile(atPath: path, contents: nil),
                  let handle = FileHandle(forWritingAtPath: path) else { throw CocoaError(.fileWriteUnknown) }
            return handle
        }
        process.standardError = try emptied(standardError)
        switch standardOutput {
        case .file(let path):
            process.standardOutput = try emptied(path)
            outputPipe = nil
        case .pipe:
            let pipe = Pipe()
            process.standardOutput = pipe
            outputPipe = pipe.fileHandleForReading
        case .closed:
            outputPipe = nil
        }
        try process.run()
    }

    /// Waits for the process to end: its exit status, or 128 + the signal
    /// that ended it, as a shell reports it.
    func wait() -> Int32 {
        process.waitUntilExit()
        return process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
    }

    /// Reads standard output until it holds `marker` (or ends).
    func read(until marker: String) -> String {
        guard let outputPipe else { return "" }
        var seen = Data()
        while !String(decoding: seen, as: UTF8.self).contains(marker) {
            let chunk = outputPipe.availableData
            if chunk.isEmpty { break }
            seen.append(chunk)
        }
        return String(decoding: seen, as: UTF8.self)
    }

    /// Closes the read end: the reader goes away, as `head` does.
    func closeOutput() {
        try? outputPipe?.close()
    }
}
