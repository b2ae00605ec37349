import Foundation
import MabsLanguage
import Testing

/// ARCHITECTURE.md stays true: every file and folder it names is there,
/// every type it names is declared where it says, and each snippet of its
/// recipe for adding a statement is the code of the file it names, so the
/// recipe is code that builds, and it fails here the day the code moves
/// on without it.
@Suite("ARCHITECTURE.md")
struct ArchitectureTests {
    static let root = ReadmeTests.root

    static func read(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    /// Lines without their leading and trailing spaces, blank lines left
    /// out: a snippet may be indented differently on the page.
    static func lines(_ text: some StringProtocol) -> [String] {
        text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The recipe's snippets: each code block under a `<!-- recipe: PATH -->`
    /// line, with the path it names.
    static func snippets() throws -> [(path: String, code: String)] {
        let page = try read("ARCHITECTURE.md")
        return page.components(separatedBy: "<!-- recipe: ").dropFirst().map { part in
            let path = String(part.prefix { $0 != " " })
            let code = part.components(separatedBy: "```").dropFirst().first.map { block in
                String(block.drop { $0 != "\n" })
            } ?? ""
            return (path, code)
        }
    }

    @Test("each snippet of the recipe for adding a statement is in the file it names")
    func recipeIsTheCode() throws {
        let snippets = try Self.snippets()
        // Words, vocabulary, AST, parser, interpreter, a switch, grammar.
        #expect(snippets.count >= 7)
        for (path, code) in snippets {
            let file = Self.lines(try Self.read(path))
            let snippet = Self.lines(code)
            #expect(!snippet.isEmpty, "\(path): an empty snippet")
            let found = file.indices.contains { start in
                file[start...].starts(with: snippet)
            }
            #expect(found, "ARCHITECTURE.md's recipe is stale: its snippet for \(path) is not in that file:\n\(code)")
        }
    }

    @Test("the recipe's statement is one the language has, and its steps name every place a statement lives")
    func recipeStatementExists() throws {
        let page = try Self.read("ARCHITECTURE.md")
        let recipe = try #require(page.components(separatedBy: "## Adding a statement\n").dropFirst().first?.components(separatedBy: "\n## ").first)
        #expect(Vocabulary.statementKeywords.contains("trace"))
        for place in ["Words.swift", "Vocabulary.swift", "AST.swift", "ParseStatements.swift", "Statements.swift",
                      "Checker.swift", "ASTPrinter.swift", "Walk.swift", "mabs.ebnf", "Golden", "Scripts/docs"] {
            #expect(recipe.contains(place), "the recipe does not say what to do in \(place)")
        }
    }

    @Test("every path ARCHITECTURE.md names is in the repository")
    func pathsExist() throws {
        let page = try Self.read("ARCHITECTURE.md")
        let paths = page.matches(of: /`((?:Sources|Tests|Scripts|Grammar|Examples|docs)\/[^`*\s]*)`/).map { String($0.output.1) }
        #expect(paths.count > 20)
        for path in Set(paths) {
            #expect(FileManager.default.fileExists(atPath: Self.root.appendingPathComponent(path).path), "ARCHITECTURE.md names \(path), which is not there")
        }
    }

    @Test("each type the walk through one statement names is declared in the file named beside it")
    func typesAreWhereItSays() throws {
        let page = try Self.read("ARCHITECTURE.md")
        // `Type` (`Sources/.../File.swift`): the pairs the page writes.
        let pairs = page.matches(of: /`([A-Z][A-Za-z]+)`\s+\(`((?:Sources)\/[^`]+\.swift)`/).map { (String($0.output.1), String($0.output.2)) }
        #expect(pairs.count >= 8)
        for (type, path) in pairs {
            let source = try Self.read(path)
            let declared = ["struct ", "class ", "enum ", "protocol ", "actor "].contains { source.contains($0 + type) }
            #expect(declared, "ARCHITECTURE.md says \(type) is in \(path); it is not declared there")
        }
    }
}
