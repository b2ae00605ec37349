import Foundation
import MabsLanguage
import Testing

/// The README stays true: its language reference names every statement,
/// and the examples it points to run clean.
@Suite("README and examples")
struct ReadmeTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test("the language reference shows every statement")
    func everyStatement() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        for keyword in Vocabulary.statementKeywords {
            #expect(readme.contains("| `\(keyword)"), "README has no reference row for '\(keyword)'")
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
