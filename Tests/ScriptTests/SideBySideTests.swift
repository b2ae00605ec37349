import Foundation
import Testing

/// `Scripts/side-by-side` compares two binaries over generated scripts;
/// what it finds is only worth something when the generator's scripts
/// come back the same for a seed (a difference can be replayed) and get
/// past `mabs check` (a script the checker refuses runs nothing, so
/// compares nothing but one error).
@Suite("Side-by-side comparison")
struct SideBySideTests {
    static let scripts = ReadmeTests.root.appendingPathComponent("Scripts")
    static let env = URL(fileURLWithPath: "/usr/bin/env")

    /// Runs the generator: `count` scripts of `seed` into a new folder;
    /// returns each script's name and text.
    static func generate(seed: Int, count: Int) throws -> [String: String] {
        let folder = try temporaryFolder("side-by-side")
        defer { try? FileManager.default.removeItem(at: folder) }
        let generator = scripts.appendingPathComponent("side-by-side.d/generate.py").path
        let result = try MabsProcess.run(
            ["python3", generator, "--seed", "\(seed)", "--count", "\(count)", "--out", folder.path], program: env)
        #expect(result.status == 0, "\(result.stderr)")
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            files[name] = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
        }
        return files
    }

    @Test("the generator writes the same scripts for a seed, others for another seed, and mabs check accepts every one")
    func generatedScripts() throws {
        let count = 50
        let first = try Self.generate(seed: 7, count: count)
        #expect(first.count == count)
        #expect(try Self.generate(seed: 7, count: count) == first)
        // Script I does not depend on how many are asked for.
        let fewer = try Self.generate(seed: 7, count: 10)
        #expect(fewer == first.filter { fewer.keys.contains($0.key) })
        let other = try Self.generate(seed: 8, count: count)
        #expect(Set(other.keys) == Set(first.keys))
        #expect(other.filter { first[$0.key] == $0.value }.isEmpty)

        let folder = try temporaryFolder("side-by-side-check")
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, text) in first.sorted(by: { $0.key < $1.key }) {
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
            let checked = try MabsProcess.run(["check", name], in: folder)
            #expect(checked.status == 0, "mabs check \(name) (seed 7):\n\(checked.stderr)\n\(text)")
        }
    }

    @Test("Scripts/side-by-side refuses a binary that is not there, and a count that is not a number, with status 2")
    func usageErrors() throws {
        let tool = Self.scripts.appendingPathComponent("side-by-side")
        let missing = try MabsProcess.run(["/no/such/mabs", MabsProcess.executable.path], program: tool)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("'/no/such/mabs' is not an executable file"), "\(missing.stderr)")
        #expect(missing.stdout.isEmpty)
        let mabs = MabsProcess.executable.path
        let count = try MabsProcess.run([mabs, mabs, "--generated", "many"], program: tool)
        #expect(count.status == 2)
        #expect(count.stderr.contains("'many' is not a whole number"), "\(count.stderr)")
    }
}
