import Foundation
import MabsLanguage
import Testing

/// The README stays true: its quick start is the repository's scripts,
/// its tour is what mabs prints, and the examples it points to run clean.
/// (The language reference, which it leads to, is `DocsTests`'.)
@Suite("README and examples")
struct ReadmeTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test("the tour's session is what mabs prints for each entry")
    func tour() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "## A tour\n").dropFirst().first)
        let session = try #require(section.components(separatedBy: "```\n").dropFirst().first?.components(separatedBy: "```").first)
        // Entries: a typed line, then what mabs printed for it.
        var entries: [(input: String, output: [String])] = []
        for line in session.split(separator: "\n").map(String.init) {
            if line.hasPrefix("mabs> ") {
                entries.append((String(line.dropFirst(6)), []))
            } else {
                try #require(!entries.isEmpty, "the session starts with a prompt")
                entries[entries.count - 1].output.append(line)
            }
        }
        #expect(entries.count >= 4)
        // Each entry runs after the ones before it that succeeded; all it
        // printed at the prompt is in what the same statements print when run
        // (with --trace, as the prompt announces each operation).
        var before: [String] = []
        for entry in entries {
            let result = try MabsProcess.run(["run", "--trace", "-e", (before + [entry.input]).joined(separator: "\n")])
            for line in entry.output {
                #expect((result.stdout + result.stderr).contains(line), "'\(entry.input)' does not print '\(line)': \(result.stdout)\(result.stderr)")
            }
            if result.status == 0 { before.append(entry.input) }
        }
        // The lesson the tour turns into: the refused entry as the
        // `expect error` the README writes, and its `assert`; both checks
        // pass, run or played.
        let prose = section.replacingOccurrences(of: "\n", with: " ")
        let expectation = try #require(prose.firstMatch(of: /`(expect error [^`]+)`/)).output.1
        let assertion = try #require(prose.firstMatch(of: /`(assert [^`]+)`/)).output.1
        let lesson = entries.map { before.contains($0.input) ? $0.input : String(expectation) }
        #expect(lesson.filter { $0 == expectation }.count == 1)
        let folder = try temporaryFolder("tour")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("lesson.mabs")
        try ((lesson + [String(assertion)]).joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        for command in [["run"], ["play", "--delay", "0"]] {
            let result = try MabsProcess.run(command + [file.path])
            #expect(result.status == 0, "\(command): \(result.stdout)\(result.stderr)")
            #expect(result.stdout.hasSuffix("2 passed, 0 failed\n"), "\(command): \(result.stdout)")
        }
    }

    /// The commands of the README's quick start: the first shell block
    /// after its heading, a command a line (before any `#` comment).
    static func quickStartCommands() throws -> [[String]] {
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.components(separatedBy: "## Quick start\n").dropFirst().first)
        let block = try #require(section.components(separatedBy: "```sh\n").dropFirst().first?.components(separatedBy: "```").first)
        return block.split(separator: "\n").map { line in
            line.prefix { $0 != "#" }.split(separator: " ").map(String.init)
        }.filter { !$0.isEmpty }
    }

    @Test("the quick start's commands are the repository's scripts, and CI runs its test command")
    func quickStart() throws {
        let commands = try Self.quickStartCommands()
        #expect(commands.map { $0[0] } == ["Scripts/run", "Scripts/test"])
        for command in commands {
            #expect(FileManager.default.isExecutableFile(atPath: Self.root.appendingPathComponent(command[0]).path), "\(command)")
        }
        // CI runs the README's test command, and nothing else.
        let ci = try String(contentsOf: Self.root.appendingPathComponent(".ci/run"), encoding: .utf8)
        let runs = ci.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.hasPrefix("set ") && !$0.hasPrefix("cd ") }
        #expect(runs == ["exec " + commands[1].joined(separator: " ")])
    }

    /// Examples may warn (a restore's consequences are the lesson), but
    /// nothing in them is an error.
    @Test("every example script passes", arguments: try! FileManager.default
        .contentsOfDirectory(atPath: root.appendingPathComponent("Examples").path)
        .filter { $0.hasSuffix(".mabs") }.sorted())
    func example(_ name: String) throws {
        let result = try MabsProcess.run(["run", "Examples/" + name], in: Self.root)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains("error:"), "\(result.stderr)")
    }
}
