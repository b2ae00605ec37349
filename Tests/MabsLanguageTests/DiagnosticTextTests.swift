// The full rendered text of every message in the catalogue, as a user sees
// it. `everyCatalogueMessageHasARenderedTest` fails when a message is added
// to the catalogue without a case here (runtime messages are covered by the
// interpreter's tests).
import Testing
@testable import MabsLanguage

struct RenderedCase: Sendable, CustomTestStringConvertible {
    var bytes: [UInt8]
    var expected: String
    init(_ source: String, _ expected: String) {
        self.bytes = Array(source.utf8)
        self.expected = expected
    }
    init(bytes: [UInt8], _ expected: String) {
        self.bytes = bytes
        self.expected = expected
    }
    var testDescription: String { String(decoding: bytes, as: UTF8.self).debugDescription }
}

@Suite struct DiagnosticTextTests {
    static let cases: [RenderedCase] = [
        // MARK: Lexical
        RenderedCase("print @", """
            test.mabs:1:7: error: unexpected character '@'
            print @
                  ^

            """),
        RenderedCase("print 1\u{7}", """
            test.mabs:1:8: error: unexpected control character U+0007 at byte offset 7; scripts are text
            print 1\\u{7}
                   ^~~~~

            """),
        RenderedCase(bytes: Array("list".utf8) + [0], """
            test.mabs:1:5: error: unexpected NUL byte at byte offset 4; scripts are text
            list\\u{0}
                ^~~~~

            """),
        RenderedCase(bytes: Array("print ".utf8) + [0xFF], """
            test.mabs:1:7: error: invalid UTF-8 byte 0xFF at byte offset 6; save the script as UTF-8
            print \u{FFFD}
                  ^

            """),
        RenderedCase("assert a && b", """
            test.mabs:1:10: error: '&&' is not an operator; use 'and'
            assert a && b
                     ^~

            """),
        RenderedCase("print \"abc", """
            test.mabs:1:7: error: unterminated string
            print "abc
                  ^

            """),
        RenderedCase("print \"a ${f(1)", """
            test.mabs:1:10: error: unterminated '${' in string
            print "a ${f(1)
                     ^~
            test.mabs:1:7: note: the string starts here
            print "a ${f(1)
                  ^

            """),
        RenderedCase(#"print "a\qb""#, #"""
            test.mabs:1:9: error: invalid escape '\q' in string (use \" \\ \n \t \r \$ or \u{HEX})
            print "a\qb"
                    ^~

            """#),
        RenderedCase("wait 12abc", """
            test.mabs:1:6: error: malformed number '12abc'
            wait 12abc
                 ^~~~~

            """),
        RenderedCase("wait 1m2h", """
            test.mabs:1:6: error: malformed duration '1m2h' (use units d, h, m, s, largest first, as in 1h30m)
            wait 1m2h
                 ^~~~

            """),
        RenderedCase("print 99999999999999999999", """
            test.mabs:1:7: error: integer '99999999999999999999' is too large
            print 99999999999999999999
                  ^~~~~~~~~~~~~~~~~~~~

            """),
        RenderedCase("print $ x", """
            test.mabs:1:7: error: expected a variable name after '$'
            print $ x
                  ^

            """),
        RenderedCase("print ${x}", """
            test.mabs:1:7: error: '${' is only allowed inside a string; write $name for a variable
            print ${x}
                  ^~

            """),

        // MARK: Syntax
        RenderedCase("assert 1 == 1, why", """
            test.mabs:1:16: error: expected the check's name in quotes after ',', found 'why'
            assert 1 == 1, why
                           ^~~

            """),
        RenderedCase("assert 1 == 1, \"why ${1}\"", """
            test.mabs:1:16: error: a check's name is fixed text, the same in every report whether it runs or not: write it without ${...}
            assert 1 == 1, "why ${1}"
                           ^~~~~~~~~~

            """),
        RenderedCase("strat contoso", """
            test.mabs:1:1: error: unknown statement 'strat' (did you mean 'start'?)
            strat contoso
            ^~~~~

            """),
        RenderedCase("frobnicate contoso", """
            test.mabs:1:1: error: unknown statement 'frobnicate'; 'help' lists the statements
            frobnicate contoso
            ^~~~~~~~~~

            """),
        RenderedCase("list\n)", """
            test.mabs:2:1: error: expected a statement, found ')'
            )
            ^

            """),
        RenderedCase("start\n", """
            test.mabs:1:6: error: expected a service name after 'start', found end of line
            start
                 ^

            """),
        RenderedCase("print 1 +", """
            test.mabs:1:10: error: expected an expression after '+', found end of input
            print 1 +
                     ^

            """),
        RenderedCase("scale contoso 4", """
            test.mabs:1:15: error: expected 'to' after 'contoso', found '4'
            scale contoso 4
                          ^

            """),
        RenderedCase("if x {\n  start a\n", """
            test.mabs:2:10: error: expected '}' to close '{' at line 1, found end of input
              start a
                     ^
            test.mabs:1:6: note: '{' opened here
            if x {
                 ^

            """),
        RenderedCase("print (1 + 2 3)", """
            test.mabs:1:14: error: expected ')' to close '(' at line 1, found '3'
            print (1 + 2 3)
                         ^
            test.mabs:1:7: note: '(' opened here
            print (1 + 2 3)
                  ^

            """),
        RenderedCase("start x now", """
            test.mabs:1:9: error: expected end of statement (a newline or ';'), found 'now'
            start x now
                    ^~~

            """),
        RenderedCase("fail next stp on x", """
            test.mabs:1:11: error: unknown operation 'stp' (did you mean 'stop'?)
            fail next stp on x
                      ^~~

            """),
        RenderedCase("assert x can fly", """
            test.mabs:1:14: error: unknown operation 'fly' (operations: create, start, stop, restart, suspend, \
            resume, delete, scale, update, backup, restore, disable, enable, service-update)
            assert x can fly
                         ^~~

            """),
        RenderedCase("graph as png", """
            test.mabs:1:10: error: expected a format (mermaid, dot, svg or text), found 'png'
            graph as png
                     ^~~

            """),
        RenderedCase("graph without fridays", """
            test.mabs:1:15: error: expected 'failures' or 'delete' after 'without', found 'fridays'
            graph without fridays
                          ^~~~~~~

            """),
        RenderedCase("graph contoso without failures and", """
            test.mabs:1:35: error: expected 'failures' or 'delete' after 'and', found end of input
            graph contoso without failures and
                                              ^

            """),
        RenderedCase("add brige orders to contoso", """
            test.mabs:1:5: error: 'brige' is not a kind of content (did you mean 'bridge'?)
            add brige orders to contoso
                ^~~~~

            """),
        RenderedCase("start if", """
            test.mabs:1:7: error: 'if' is a reserved word and cannot be a service name; quote it ("if") to use it as a name
            start if
                  ^~

            """),
        RenderedCase("let if = 1", """
            test.mabs:1:5: error: 'if' is a reserved word and cannot be a variable name
            let if = 1
                ^~

            """),
        RenderedCase("def create() {}", """
            test.mabs:1:5: error: 'create' is a statement keyword and cannot name a procedure
            def create() {}
                ^~~~~~

            """),
        RenderedCase("let $x = 1", """
            test.mabs:1:5: error: write 'x' without '$' here: '$x' reads a variable, it does not name one
            let $x = 1
                ^~

            """),
        RenderedCase("assert 1 < 2 < 3", """
            test.mabs:1:14: error: comparisons cannot be chained; join them with 'and'
            assert 1 < 2 < 3
                         ^

            """),
        RenderedCase("assert x = 1", """
            test.mabs:1:10: error: '=' only assigns in 'let' and 'update ... set'; use '==' to compare
            assert x = 1
                     ^

            """),
        RenderedCase("print " + String(repeating: "-", count: 205) + "1", """
            test.mabs:1:207: error: blocks and expressions are nested too deeply (the limit is 200)
            print \(String(repeating: "-", count: 205))1
                  \(String(repeating: " ", count: 200))^

            """),
        RenderedCase("print 1\n  else { }", """
            test.mabs:2:3: error: 'else' without a matching 'if'; write it on the line of the if's closing brace, '} else {' (at the prompt an 'if' runs once its block closes)
              else { }
              ^~~~

            """),
        RenderedCase("print 1; else { }", """
            test.mabs:1:10: error: 'else' without a matching 'if'
            print 1; else { }
                     ^~~~

            """),
        RenderedCase("return 1", """
            test.mabs:1:1: error: 'return' outside a procedure
            return 1
            ^~~~~~

            """),
        RenderedCase("def f(a, a) {}", """
            test.mabs:1:10: error: duplicate parameter 'a'
            def f(a, a) {}
                     ^

            """),

        // MARK: Notes
        RenderedCase(String(repeating: "strat x\n", count: 12), (1...10).map { line in """
            test.mabs:\(line):1: error: unknown statement 'strat' (did you mean 'start'?)
            strat x
            ^~~~~

            """ }.joined() + """
            test.mabs:11:1: note: too many errors; stopping here
            strat x
            ^~~~~

            """),
    ]

    @Test(arguments: cases)
    func rendersExactly(_ example: RenderedCase) {
        let parsed = parseSource(bytes: example.bytes)
        #expect(parsed.rendered == example.expected)
    }

    @Test func everyCatalogueMessageHasARenderedTest() {
        var covered = Set<String>()
        for example in DiagnosticTextTests.cases {
            for diagnostic in parseSource(bytes: example.bytes).result.diagnostics {
                covered.insert(Catalogue.name(of: diagnostic.message))
                for note in diagnostic.notes { covered.insert(Catalogue.name(of: note.message)) }
            }
        }
        // Remarks are covered with the runtime messages, which include these cases.
        let all = Catalogue.cases(of: "Lexical") + Catalogue.cases(of: "Syntax")
        #expect(all.count > 25, "the catalogue's cases could not be read")
        for name in all {
            #expect(covered.contains(name), "no rendered-text test for Message.\(name)")
        }
    }

    // MARK: - The renderer itself

    @Test func tabsKeepTheCaretAligned() {
        let parsed = parseSource("\tif x {\n\t\tstart\t\"a\" 1\n\t}")
        #expect(parsed.rendered == """
            test.mabs:2:13: error: expected end of statement (a newline or ';'), found '1'
            \t\tstart\t"a" 1
            \t\t     \t    ^

            """)
    }

    @Test func controlCharactersShowAsEscapesWithTheCaretUnderThePlace() {
        // A raw CR and U+202E in a string, ESC in the file's name.
        let parsed = parseSource("print \"\r\u{202E}漢\" @", name: "a\u{1B}[2J.mabs")
        #expect(parsed.rendered == """
            a\\u{1B}[2J.mabs:1:13: error: unexpected character '@'
            print "\\r\\u{202E}漢" @
                                 ^

            """)
        // In a long line's window too: the escapes are made after the cut.
        let long = parseSource("print \"" + String(repeating: "x", count: 300) + "\r\" @")
        let lines = long.rendered.split(separator: "\n")
        #expect(lines[1].hasPrefix("…") && lines[1].hasSuffix("x\\r\" @"))
        #expect(lines[2].count == lines[1].count, "the caret is under the last character")
    }

    @Test func columnsCountCharacters() {
        let parsed = parseSource(#"print "déjà" @"#)
        #expect(parsed.rendered == """
            test.mabs:1:14: error: unexpected character '@'
            print "déjà" @
                         ^

            """)
        #expect(parsed.result.diagnostics[0].location == LineColumn(line: 1, column: 14, byteColumn: 16))
    }

    @Test func endOfInputAfterTheLastNewlineIsShownOnTheLastLine() {
        let parsed = parseSource("while true {\n  wait 1s\n")
        #expect(parsed.rendered.hasPrefix("test.mabs:2:10: error: expected '}' to close '{' at line 1, found end of input\n  wait 1s\n         ^\n"))
    }

    @Test func rangesSpanningLinesAreUnderlinedToTheEndOfTheFirstLine() {
        let file = SourceFile(name: "x.mabs", text: "print \"abc\ndef\"\n")
        let diagnostic = Diagnostic.error(.lexical(.unterminatedString), file: file, range: SourceRange(start: 6, end: 15))
        #expect(DiagnosticRenderer().render(diagnostic) == """
            x.mabs:1:7: error: unterminated string
            print "abc
                  ^~~~

            """)
    }

    @Test func notesWithoutALocation() {
        let file = SourceFile(name: "<stdin>", text: "list")
        let diagnostic = Diagnostic(.warning, .remark(.tooManyErrors), file: file, range: SourceRange(start: 0, end: 4),
                                    notes: [Note(.stringStartsHere)])
        #expect(DiagnosticRenderer().render(diagnostic) == """
            <stdin>:1:1: warning: too many errors; stopping here
            list
            ^~~~
            note: the string starts here

            """)
    }

    @Test func colourOnlyWhenAsked() {
        let parsed = parseSource("start 42")
        let coloured = DiagnosticRenderer(useColor: true).render(parsed.result.diagnostics)
        #expect(coloured == "\u{1B}[1mtest.mabs:1:7: \u{1B}[0m\u{1B}[1;31merror: \u{1B}[0m"
            + "\u{1B}[1mexpected a service name after 'start', found '42'\u{1B}[0m\n"
            + "start 42\n      \u{1B}[1;32m^~\u{1B}[0m\n")
        #expect(!parsed.rendered.contains("\u{1B}"))
    }

    @Test func diagnosticsComeInSourceOrder() {
        let parsed = parseSource("print \"${@}\" @\nstrat x")
        #expect(parsed.result.diagnostics.map { $0.location.line * 100 + $0.location.column } == [110, 114, 201])
    }
}
