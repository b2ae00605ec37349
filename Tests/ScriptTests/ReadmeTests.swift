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

    @Test("the README's two commands are the quick start")
    func quickStart() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("Scripts/run        #"))
        #expect(readme.contains("Scripts/test       #"))
        let ci = try String(contentsOf: Self.root.appendingPathComponent(".ci/run"), encoding: .utf8)
        #expect(ci.contains("Scripts/test"))
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
