// Helpers shared by the language tests.
import Foundation
import Testing
@testable import MabsLanguage

/// One source and what it should turn into.
struct Example: Sendable, CustomTestStringConvertible {
    var source: String
    var expected: String
    init(_ source: String, _ expected: String) {
        self.source = source
        self.expected = expected
    }
    var testDescription: String { source.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "⏎") }
}

struct Parsed {
    var file: SourceFile
    var interner: Interner
    var result: ParseResult

    /// The statements as S-expressions, one per line.
    var sexpr: String { ASTPrinter(interner: interner).print(result.script) }
    /// Every diagnostic, rendered without colour.
    var rendered: String { DiagnosticRenderer().render(result.diagnostics) }
    var messages: [String] { result.diagnostics.map(\.message.text) }
}

func parseSource(_ source: String, name: String = "test.mabs") -> Parsed {
    parseSource(bytes: Array(source.utf8), name: name)
}

func parseSource(bytes: [UInt8], name: String = "test.mabs") -> Parsed {
    let file = SourceFile(name: name, bytes: bytes)
    let interner = Interner()
    return Parsed(file: file, interner: interner, result: parse(file, interner: interner))
}

/// Parses `source`, which must be free of diagnostics, and returns its S-expression.
func sexpr(_ source: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
    let parsed = parseSource(source)
    #expect(parsed.result.diagnostics.isEmpty, "unexpected diagnostics:\n\(parsed.rendered)", sourceLocation: sourceLocation)
    return parsed.sexpr
}

/// The S-expression of the expression in `print EXPR`.
func exprSexpr(_ expression: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
    let printed = sexpr("print " + expression, sourceLocation: sourceLocation)
    guard printed.hasPrefix("(print "), printed.hasSuffix(")") else { return printed }
    return String(printed.dropFirst(7).dropLast())
}

/// The catalogue's cases, read from its source, so coverage tests need no
/// second list of them.
enum Catalogue {
    static let source: String = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/MabsLanguage/Diagnostics/Messages.swift")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }()

    /// `phase.case` for every case of `Message.Lexical`, `.Syntax`,
    /// `.Runtime` and `.Remark`, as declared.
    static func cases(of phase: String) -> [String] {
        guard let start = source.range(of: "public enum \(phase): Hashable, Sendable {") else { return [] }
        let rest = source[start.upperBound...]
        let end = rest.range(of: "public var text: String")?.lowerBound ?? rest.endIndex
        return rest[..<end].split(separator: "\n").compactMap { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("case ") else { return nil }
            let name = trimmed.dropFirst(5).prefix { $0.isLetter || $0.isNumber }
            return phase.lowercased() + "." + name
        }
    }

    /// `phase.case` of a message, ignoring its arguments.
    static func name(of message: Message) -> String {
        func caseName(_ value: Any) -> String { String(String(describing: value).prefix { $0 != "(" }) }
        switch message {
        case .lexical(let m): return "lexical." + caseName(m)
        case .syntax(let m): return "syntax." + caseName(m)
        case .runtime(let m): return "runtime." + caseName(m)
        case .remark(let m): return "remark." + caseName(m)
        }
    }
}
