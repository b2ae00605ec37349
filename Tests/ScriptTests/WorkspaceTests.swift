import Foundation
import Testing

/// Saved workspaces on disk: refused when damaged or too new (and left
/// alone), written whole, and kept up to date by --workspace.
@Suite("Saved workspaces")
struct WorkspaceTests {
    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mabs-workspace-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("--workspace opens the file if it exists and saves after every statement")
    func continuesAcrossRuns() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("lesson.mabsw").path
        let first = try MabsProcess.run(["--workspace", file, "-e", "create contoso; stop contoso; let n = 3"])
        #expect(first.status == 0, "\(first.stderr)")
        let second = try MabsProcess.run(["--workspace", file, "-e", "assert contoso is Stopped and $n == 3; start contoso"])
        #expect(second == .init(stdout: "1 passed, 0 failed\n", stderr: "", status: 0))
        let third = try MabsProcess.run(["--workspace", file, "-e", "assert contoso is Active"])
        #expect(third.status == 0, "the start of the second run was saved: \(third.stderr)")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(leftovers == ["lesson.mabsw"], "no temporary file is left behind")
    }

    @Test("a file that is not a workspace, or is damaged, is refused and left as it is")
    func refusesForeignFiles() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, text, reason) in [
            ("notes.txt", "just some notes\n", "it is not a mabs workspace"),
            ("damaged.mabsw", #"{"format":"mabs-workspace","version":1,"engine":{"#, "it is not a mabs workspace"),
            ("broken.mabsw", #"{"format":"mabs-workspace","version":1,"engine":42,"variables":{},"procedures":[]}"#, "it is damaged"),
            ("newer.mabsw", #"{"format":"mabs-workspace","version":9}"#, "it was saved by a newer mabs (format 9; this one reads up to 1)"),
        ] {
            let path = folder.appendingPathComponent(name).path
            try text.write(toFile: path, atomically: false, encoding: .utf8)
            let result = try MabsProcess.run(["--workspace", path, "-e", "create contoso"])
            #expect(result.status == 2, "\(name): nothing runs")
            #expect(result.stderr.contains("cannot use workspace '\(path)': \(reason)"), "\(name): \(result.stderr)")
            #expect(try String(contentsOfFile: path, encoding: .utf8) == text, "\(name) was left as it was")
        }
    }

    @Test("a workspace holding what no run could make is refused, not run into a crash")
    func refusesImpossibleValues() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("w.mabsw").path
        #expect(try MabsProcess.run(["-e", "create contoso; save \"\(path)\""]).status == 0)
        let saved = try String(contentsOfFile: path, encoding: .utf8)
        let broken = saved.replacingOccurrences(of: #""units":1"#, with: #""units":4611686018427387904"#)
        #expect(broken != saved)
        try broken.write(toFile: path, atomically: false, encoding: .utf8)
        let result = try MabsProcess.run(["-e", "open \"\(path)\"; show contoso"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("it holds what no run could make ('contoso' runs 4611686018427387904 units, which no Standard service can)"), "\(result.stderr)")
    }

    @Test("a saved workspace holds secrets, so only its owner may read it; procedures from --workspace are known to the checker")
    func ownerOnlyAndProcedures() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("w.mabsw").path
        #expect(try MabsProcess.run(["--workspace", path, "-e", "create contoso; update contoso set acs-key = \"k3y\"; def twice(n) { return $n * 2 }"]).status == 0)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let again = try MabsProcess.run(["--workspace", path, "-e", "print twice(21)"])
        #expect(again == .init(stdout: "42\n", stderr: "", status: 0))
        let clash = try MabsProcess.run(["--workspace", path, path])
        #expect(clash.status == 2 && clash.stderr.contains("--workspace would write over"))
    }

    @Test("a procedure keeps its secrets in a saved workspace; what its errors show has them masked")
    func procedureSecrets() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("w.mabsw").path
        let define = try MabsProcess.run(["--workspace", path, "-e", "create contoso; def rekey(s) { update $s set acs-key = \"k3y-0f-mine\" }"])
        #expect(define.status == 0, "\(define.stderr)")
        let use = try MabsProcess.run(["--workspace", path, "-e", "rekey(contoso); assert setting(contoso, acs-key) == \"k3y-0f-mine\"; rekey(nowhere)"])
        #expect(use.stdout == "1 passed, 0 failed\n", "the opened procedure set the real key")
        #expect(use.status == 1)
        #expect(use.stderr.hasPrefix("""
            <command line>:1:16: error: there is no service named 'nowhere'
            def rekey(s) { update $s set acs-key = "***********" }
            """), "\(use.stderr)")
        #expect(!use.stderr.contains("k3y-0f-mine"))
    }

    @Test("save writes the whole workspace as JSON with its format and version")
    func format() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("w.mabsw").path
        let result = try MabsProcess.run(["-e", "create contoso; def f(s) { stop $s }; save \"\(path)\""])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
        #expect(json?["format"] as? String == "mabs-workspace")
        #expect(json?["version"] as? Int == 1)
        #expect((json?["procedures"] as? [String]) == ["def f(s) { stop $s }"])
        #expect(json?["engine"] != nil)
    }
}
