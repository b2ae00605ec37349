// Size and depth: a million statements parse (statement lists are loops),
// and nesting past the limit is a diagnostic, never a stack overflow.
import Testing
@testable import MabsLanguage

@Suite struct ParserStressTests {
    @Test(.tags(.heavy), .heavy) func aMillionStatements() {
        let lines = [
            "create svc edition standard units 2", "start svc", "scale svc to $n + 1",
            "assert svc is active and units(svc) == 3", "let n = $n * 2 % 7",
            "if $n > 3 { stop svc } else { start svc }", "wait 1h30m", "print \"svc-${n}\"",
            "fail next stop on svc times 2", "restart svc",
        ]
        var bytes: [UInt8] = []
        bytes.reserveCapacity(30_000_000)
        for index in 0..<1_000_000 {
            bytes.append(contentsOf: lines[index % lines.count].utf8)
            bytes.append(UInt8(ascii: "\n"))
        }
        let parsed = parseSource(bytes: bytes)
        #expect(parsed.result.diagnostics.isEmpty)
        #expect(parsed.result.script.statements.count == 1_000_000)
        #expect(parsed.file.lineCount == 1_000_001)
    }

    @Test(.tags(.heavy), .heavy) func aMillionStatementsOnOneLine() {
        let source = String(repeating: "list;", count: 1_000_000)
        #expect(parseSource(source).result.script.statements.count == 1_000_000)
    }

    static let tooDeep: [String] = [
        String(repeating: "if x { ", count: 10_000),
        String(repeating: "if x {\n", count: 300) + String(repeating: "}\n", count: 300),
        "print " + String(repeating: "(", count: 100_000),
        "print " + String(repeating: "[", count: 100_000),
        "print " + String(repeating: "f(", count: 100_000),
        "print " + String(repeating: "-", count: 100_000) + "1",
        "print " + String(repeating: "not ", count: 100_000) + "x",
        "print " + String(repeating: "(1 + ", count: 100_000) + "1",
        "print " + String(repeating: "\"${", count: 100_000),
        "print " + String(repeating: "\"${", count: 300) + "1" + String(repeating: "}\"", count: 300),
    ]

    @Test(arguments: tooDeep.indices)
    func nestingTooDeepIsADiagnostic(_ index: Int) {
        let parsed = parseSource(ParserStressTests.tooDeep[index])
        let nesting = parsed.result.diagnostics.filter { $0.message == .syntax(.nestingTooDeep(limit: Parser.maximumDepth)) }
        // Unterminated strings are reported by the lexer before nesting comes into play.
        if index == 8 {
            #expect(parsed.messages == ["unterminated '${' in string"])
        } else {
            #expect(nesting.count == 1, "\(parsed.messages)")
        }
        _ = parsed.sexpr
    }

    @Test func nestingUpToTheLimitIsFine() {
        // Each block and each parenthesised expression is one level; the
        // `print` expression itself is one more.
        let blocks = String(repeating: "if x { ", count: 100) + "list" + String(repeating: " }", count: 100)
        #expect(parseSource(blocks).result.diagnostics.isEmpty)
        let parens = "print " + String(repeating: "(", count: 99) + "1" + String(repeating: ")", count: 99)
        #expect(parseSource(parens).result.diagnostics.isEmpty)
        let tooMany = "print " + String(repeating: "(", count: 200) + "1" + String(repeating: ")", count: 200)
        #expect(parseSource(tooMany).messages == ["blocks and expressions are nested too deeply (the limit is 200)"])
    }

    /// A run of one operator nests nothing, so no depth limit applies to
    /// it: 300,000 terms parse, check and run, and an error in the middle
    /// still points at the term where it happened.
    @Test func longFlatChainsAreNotNesting() {
        let sum = runScript("print " + String(repeating: "1 + ", count: 299_999) + "1")
        #expect(sum.output.errors.isEmpty)
        #expect(sum.output.text == "300000\n")

        let conjunction = runScript("assert " + String(repeating: "true and ", count: 100_000) + "1 < 2")
        #expect(conjunction.output.errors.isEmpty)
        #expect(conjunction.session.passed == 1)

        let mixed = runScript("print " + String(repeating: "2 * 3 - 1 + ", count: 50_000) + "0")
        #expect(mixed.output.text == "250000\n")

        let overflow = runScript("print " + String(repeating: "4611686018427387904 + ", count: 3) + "1")
        #expect(overflow.output.rendered.hasPrefix("""
            test.mabs:1:7: error: the result of '+' is too large for a number
            print 4611686018427387904 + 4611686018427387904 + 4611686018427387904 + 1
                  ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
            """), "\(overflow.output.rendered)")
    }

    @Test func afterANestingErrorParsingGoesOn() {
        let source = "print " + String(repeating: "(", count: 500) + "\nstart contoso"
        let parsed = parseSource(source)
        #expect(parsed.sexpr == "(start contoso)")
    }
}

@Suite struct LayoutTests {
    @Test func nodesStayCompact() {
        // A statement array of a million entries should not need a kilobyte each.
        #expect(MemoryLayout<Token>.size <= 12)
        #expect(MemoryLayout<Stmt>.stride <= 48)
        #expect(MemoryLayout<Expr>.stride <= 32)
    }
}
