import Foundation
import Testing

// `--live` on the command line, where no browser is needed: what it
// refuses, where its address goes, and that without it nothing of the
// server is loaded (start-up unchanged).
@Suite struct LiveCommandLineTests {
    /// A two-entry lesson in a folder of its own; removed at the end of the test.
    func script() throws -> (Cleanup, String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mabs-live-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("lesson.mabs").path
        try "create contoso\nstop contoso\n".write(toFile: path, atomically: true, encoding: .utf8)
        return (Cleanup { try? FileManager.default.removeItem(at: folder) }, path)
    }

    final class Cleanup {
        let action: () -> Void
        init(_ action: @escaping () -> Void) { self.action = action }
        deinit { action() }
    }

    @Test("a batch run with --live is a usage error that says what --live is for")
    func batchRefused() throws {
        let result = try MabsProcess.run(["-e", "create contoso", "--live"])
        #expect(result == .init(stdout: "", stderr: "mabs: --live shows the REPL or 'mabs play' in a browser; a batch run (files, -e, piped input, --format, --junit) has nothing to show\n", status: 2))
        #expect(try MabsProcess.run(["--live"], input: "create contoso\n").status == 2, "piped input is a batch run")
    }

    @Test("--live takes a port from 0 to 65535, or none")
    func badPort() throws {
        let (folder, path) = try script()
        defer { withExtendedLifetime(folder) {} }
        for port in ["99999", "65536", "-1", "0x50"] {
            let result = try MabsProcess.run(["play", "--delay", "0", "--live=\(port)", path])
            #expect(result == .init(stdout: "", stderr: "mabs: --live takes a port from 1 to 65535 (0, or none, picks a free one), not '\(port)'\n", status: 2))
        }
    }

    @Test("a port in use is said, and nothing plays")
    func portInUse() throws {
        let (folder, path) = try script()
        defer { withExtendedLifetime(folder) {} }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        listen(fd, 1)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        let port = Int(UInt16(bigEndian: address.sin_port))
        let result = try MabsProcess.run(["play", "--delay", "0", "--live", "\(port)", path])
        #expect(result == .init(stdout: "", stderr: "mabs: cannot start the live view on 127.0.0.1:\(port): address already in use\n", status: 2))
    }

    @Test("the address goes to standard error when standard output is not a terminal; the play's output stays clean")
    func addressOnStandardError() throws {
        let (folder, path) = try script()
        defer { withExtendedLifetime(folder) {} }
        let result = try MabsProcess.run(["play", "--delay", "0", "--live", path])
        #expect(result.status == 0)
        #expect(result.stdout == "mabs> create contoso\ncreate contoso: -> Active\nmabs> stop contoso\nstop contoso: Active -> Stopped\n")
        let line = try #require(result.stderr.split(separator: "\n").first)
        #expect(line.hasPrefix("live view: http://127.0.0.1:"))
        #expect(line.range(of: #"^live view: http://127\.0\.0\.1:[0-9]+/\?token=[0-9a-f]{48}$"#, options: .regularExpression) != nil)
    }

    @Test("mabs -i FILE --live runs the script, then opens the prompt in its workspace with the live view")
    func interactiveAfterScript() throws {
        let (folder, path) = try script()
        defer { withExtendedLifetime(folder) {} }
        let result = try MabsProcess.run(["-i", path, "--live"], input: "print state(contoso)\n")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasSuffix("Stopped\n"), "the prompt is in the script's workspace: \(result.stdout)")
        let line = try #require(result.stderr.split(separator: "\n").first)
        #expect(line.range(of: #"^live view: http://127\.0\.0\.1:[0-9]+/\?token=[0-9a-f]{48}$"#, options: .regularExpression) != nil,
                "\(result.stderr)")
    }

    @Test("without --live, mabs loads neither the server library nor Foundation (start-up unchanged)")
    func startUpUnchanged() throws {
        let (folder, path) = try script()
        defer { withExtendedLifetime(folder) {} }
        // The dynamic loader lists every library it opens.
        let plain = try MabsProcess.run(["-e", "print 1"], environment: ["LD_DEBUG": "files"])
        #expect(plain.status == 0)
        #expect(plain.stderr.contains("libswiftCore.so"), "LD_DEBUG lists what is loaded")
        #expect(!plain.stderr.contains("libMabsLiveServer.so"))
        #expect(!plain.stderr.contains("libFoundation.so"))
        let live = try MabsProcess.run(["play", "--delay", "0", "--live", path], environment: ["LD_DEBUG": "files"])
        #expect(live.stderr.contains("libMabsLiveServer.so"))
    }

    @Test("a mabs without its server library beside it says so and what to do, and plays nothing")
    func serverMissing() throws {
        let (folder, path) = try script()
        defer { withExtendedLifetime(folder) {} }
        let alone = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("mabs")
        try FileManager.default.copyItem(at: MabsProcess.executable, to: alone)
        let result = try MabsProcess.run(["play", "--delay", "0", "--live", path], program: alone)
        #expect(result == .init(stdout: "", stderr: "mabs: the live view's server cannot be loaded from '\(alone.deletingLastPathComponent().path)/libMabsLiveServer.so': cannot open shared object file: No such file or directory; 'swift build' (or Scripts/run --live) builds it beside mabs\n", status: 2))
        #expect(try MabsProcess.run(["-e", "print 1"], program: alone).stdout == "1\n", "without --live it is not needed")
    }
}
