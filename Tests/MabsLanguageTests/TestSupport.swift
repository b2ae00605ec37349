// Helpers shared by the language tests.
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
