// Keeps Grammar/mabs.ebnf, the parser and the tests in step: the grammar's
// statement keywords, operations and reserved words must be the parser's,
// every statement keyword must have a parse test, and every example in the
// grammar's comments must parse cleanly.
import Foundation
import Testing
@testable import MabsLanguage

/// The grammar file, read once: productions (name -> right-hand-side tokens)
/// and the `(* example: ... *)` lines.
struct Grammar {
    enum Token: Equatable {
        case name(String)
        case terminal(String)
        case special(String)
        case symbol(Character)
    }

    var productions: [String: [Token]] = [:]
    var order: [String] = []
    var examples: [String] = []

    static let url = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Grammar/mabs.ebnf")

    static func load() throws -> Grammar {
        try Grammar(text: String(contentsOf: url, encoding: .utf8))
    }

    init(text: String) throws {
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("(* example:") && trimmed.hasSuffix("*)") {
                examples.append(String(trimmed.dropFirst("(* example:".count).dropLast(2)).trimmingCharacters(in: .whitespaces))
            }
        }
        var tokens = Grammar.tokenize(Array(text))
        while !tokens.isEmpty {
            guard tokens.count >= 2, case .name(let name) = tokens[0], tokens[1] == .symbol("=") else {
                throw GrammarError.malformed("expected 'name =' at \(tokens.prefix(3))")
            }
            guard let end = tokens.firstIndex(of: .symbol(";")) else { throw GrammarError.malformed("no ';' after \(name)") }
            if productions[name] != nil { throw GrammarError.malformed("\(name) defined twice") }
            productions[name] = Array(tokens[2..<end])
            order.append(name)
            tokens.removeFirst(end + 1)
        }
    }

    enum GrammarError: Error { case malformed(String) }

    /// Comments (which nest) are dropped; terminals may use either quote.
    static func tokenize(_ chars: [Character]) -> [Token] {
        var tokens: [Token] = []
        var i = 0
        var commentDepth = 0
        while i < chars.count {
            let c = chars[i]
            let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
            if c == "(" && next == "*" { commentDepth += 1; i += 2; continue }
            if c == "*" && next == ")" && commentDepth > 0 { commentDepth -= 1; i += 2; continue }
            if commentDepth > 0 || c.isWhitespace { i += 1; continue }
            if c == "\"" || c == "'" || c == "?" {
                var j = i + 1
                while chars[j] != c { j += 1 }
                let body = String(chars[(i + 1)..<j])
                tokens.append(c == "?" ? .special(body) : .terminal(body))
                i = j + 1
            } else if c.isLetter {
                var j = i
                while j < chars.count, chars[j].isLetter || chars[j].isNumber { j += 1 }
                tokens.append(.name(String(chars[i..<j])))
                i = j
            } else {
                tokens.append(.symbol(c))
                i += 1
            }
        }
        return tokens
    }

    /// The terminals of a production that is a plain list of alternatives.
    func terminals(of name: String) -> [String] {
        (productions[name] ?? []).compactMap { if case .terminal(let t) = $0 { t } else { nil } }
    }

    /// The production names a production refers to.
    func references(of name: String) -> [String] {
        (productions[name] ?? []).compactMap { if case .name(let n) = $0 { n } else { nil } }
    }
}

@Suite struct GrammarSyncTests {
    let grammar: Grammar

    init() throws {
        grammar = try Grammar.load()
    }

    @Test func everyReferencedProductionIsDefined() {
        for name in grammar.order {
            for reference in grammar.references(of: name) {
                #expect(grammar.productions[reference] != nil, "\(name) refers to undefined \(reference)")
            }
        }
        // And every production but the start symbol is used somewhere.
        let used = Set(grammar.order.flatMap(grammar.references))
        for name in grammar.order where name != "script" && name != "statementkeyword" && name != "reserved" {
            #expect(used.contains(name), "\(name) is never used")
        }
    }

    @Test func statementKeywordsMatchTheParser() {
        let keywords = grammar.terminals(of: "statementkeyword")
        #expect(keywords == Vocabulary.statementKeywords)
        for keyword in keywords {
            // The parser treats it as a statement, not as a call or expression.
            let parsed = parseSource(keyword)
            let isExpression = parsed.result.script.statements.contains {
                if case .expression = $0.kind { true } else if case .call = $0.kind { true } else { false }
            }
            let unknown = parsed.result.diagnostics.contains { Catalogue.name(of: $0.message) == "syntax.unknownStatement" }
            #expect(!isExpression && !unknown, "'\(keyword)' is not recognised as a statement")
        }
    }

    @Test func everyStatementRuleStartsWithAStatementKeyword() {
        let keywords = Set(grammar.terminals(of: "statementkeyword"))
        var starters = Set<String>()
        for rule in grammar.references(of: "statement") where rule != "callstat" && rule != "exprstat" {
            guard let first = grammar.productions[rule]?.first else {
                Issue.record("no rule \(rule)")
                continue
            }
            switch first {
            case .terminal(let keyword):
                // Every alternative of the rule starts with the same keyword.
                starters.insert(keyword)
            case .name(let alternatives):
                starters.formUnion(grammar.terminals(of: alternatives))
            default:
                Issue.record("\(rule) starts with \(first)")
            }
        }
        #expect(starters == keywords)
    }

    /// The statement keywords the sources use, as parsed: a keyword that
    /// is only a name (`stop load`) starts no statement.
    func statementKeywords(_ sources: [String]) -> Set<String> {
        sources.reduce(into: []) { found, source in
            let parsed = parseSource(source)
            found.formUnion(parsed.result.script.statementKeywords(in: parsed.file))
        }
    }

    @Test func everyStatementKeywordHasAParseTest() {
        let tested = statementKeywords(StatementExamples.all.map(\.source))
        for keyword in grammar.terminals(of: "statementkeyword") {
            #expect(tested.contains(keyword), "no parse test uses '\(keyword)'")
        }
    }

    @Test func operationsReservedWordsAndSimpleOperationsMatch() {
        #expect(grammar.terminals(of: "operation") == Vocabulary.operationWords)
        #expect(Set(grammar.terminals(of: "reserved")) == Set(reservedWords))
        // simplestat's words: the statements that are an operation and a
        // service name, nothing more.
        let simple = Vocabulary.statements.filter { $0.operation != nil && $0.subject == .service && $0.clauses.isEmpty }
        #expect(grammar.terminals(of: "simpleop") == simple.map(\.spelling))
    }

    @Test func everyProductionHasAComment() throws {
        // The non-blank line before each production must end a comment that
        // is not an example (examples follow their production).
        var previous = ""
        for line in try String(contentsOf: Grammar.url, encoding: .utf8).split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            if let name = line.split(separator: " ").first, line.hasPrefix(name + " = "), name.allSatisfy(\.isLetter) {
                #expect(previous.hasSuffix("*)") && !previous.hasPrefix("(* example:"), "production \(name) has no comment")
            }
            previous = trimmed
        }
    }

    @Test func everyStatementRuleHasAnExample() {
        // Each statement keyword starts a statement of some example.
        let exampled = statementKeywords(grammar.examples)
        for keyword in Vocabulary.statementKeywords {
            #expect(exampled.contains(keyword), "the grammar has no example of a '\(keyword)' statement")
        }
    }

    /// The examples are not only grammatical: `mabs check` accepts them
    /// (warnings, such as an unused value, are allowed).
    @Test func everyExamplePassesTheChecker() {
        for example in grammar.examples {
            let session = Session(output: DiscardedOutput())
            let prepared = session.prepare(SourceFile(name: "mabs.ebnf", text: example))
            let errors = prepared.diagnostics.filter { $0.severity == .error }
            #expect(errors.isEmpty, "example \(example.debugDescription):\n\(DiagnosticRenderer().render(errors))")
        }
    }

    @Test func everyExampleParsesCleanly() {
        for example in grammar.examples {
            let parsed = parseSource(example, name: "mabs.ebnf")
            #expect(parsed.result.diagnostics.isEmpty, "example \(example.debugDescription):\n\(parsed.rendered)")
            #expect(!parsed.result.script.statements.isEmpty)
        }
    }
}

/// Output nobody reads.
final class DiscardedOutput: ScriptOutput {
    func write(_ text: String) {}
    func report(_ diagnostic: Diagnostic) {}
}
