// Syntax errors, Go-style: each source marks where its first error must be
// reported with ‸, next to the expected message. Then recovery, the error
// limit and incomplete input.
import Testing
@testable import MabsLanguage

/// A source with a ‸ where the (first) error is expected.
struct MarkedError: Sendable, CustomTestStringConvertible {
    var source: String
    var offset: UInt32
    var message: String

    init(_ marked: String, _ message: String) {
        let bytes = Array(marked.utf8)
        let marker = Array("‸".utf8)
        var index = 0
        while !bytes[index...].starts(with: marker) { index += 1 }
        self.offset = UInt32(index)
        self.source = String(decoding: bytes[..<index] + bytes[(index + marker.count)...], as: UTF8.self)
        self.message = message
    }

    var testDescription: String { source.debugDescription }
}

@Suite struct ParseErrorTests {
    static let errors: [MarkedError] = [
        MarkedError("start ‸42", "expected a service name after 'start', found '42'"),
        MarkedError("start‸\nstop x", "expected a service name after 'start', found end of line"),
        MarkedError("backup x as ‸[1]", "expected a backup name after 'as', found '['"),
        MarkedError("create x edition ‸5", "expected an edition after 'edition', found '5'"),
        MarkedError("assert x is ‸42", "expected a state after 'is', found '42'"),
        MarkedError("assert x can ‸42", "expected an operation after 'can', found '42'"),
        MarkedError("‸strat contoso", "unknown statement 'strat' (did you mean 'start'?)"),
        MarkedError("‸lsit backups", "unknown statement 'lsit' (did you mean 'list'?)"),
        MarkedError("‸servce-update x", "unknown statement 'servce-update' (did you mean 'service-update'?)"),
        MarkedError("‸frobnicate contoso", "unknown statement 'frobnicate'; 'help' lists the statements"),
        MarkedError("scale contoso ‸4", "expected 'to' after 'contoso', found '4'"),
        MarkedError("fail ‸stop on x", "expected 'next' after 'fail', found 'stop'"),
        MarkedError("expect ‸warnings { }", "expected 'error', 'warning' or 'no warning' after 'expect', found 'warnings'"),
        MarkedError("expect no ‸error { }", "expected 'warning' after 'no', found 'error'"),
        MarkedError("assert x is active, ‸why", "expected the check's name in quotes after ',', found 'why'"),
        MarkedError("assert x is active, ‸\"why ${1}\"", "a check's name is fixed text, the same in every report whether it runs or not: write it without ${...}"),
        MarkedError("skip \"r\" ‸assert x", "expected '{' after '\"r\"', found 'assert'"),
        MarkedError("print $l[0 + 1‸", "expected ']' to close '[' at line 1, found end of input"),
        MarkedError("fail next stop ‸x", "expected 'on' after 'stop', found 'x'"),
        MarkedError("fail next ‸stp on x", "unknown operation 'stp' (did you mean 'stop'?)"),
        MarkedError("update x ‸tracking = 1", "expected 'set' after 'x', found 'tracking'"),
        MarkedError("update x set ‸1 = 2", "expected a setting name after 'set', found '1'"),
        MarkedError("update x set a ‸== 1", "expected '=' after 'a', found '=='"),
        MarkedError("update x set a = 1, ‸", "expected a setting name after ',', found end of input"),
        MarkedError("update x set ‸if = 1", "'if' is a reserved word and cannot be a setting name"),
        MarkedError("expect ‸{ stop x }", "expected 'error', 'warning' or 'no warning' after 'expect', found '{'"),
        MarkedError("let x ‸1", "expected '=' after 'x', found '1'"),
        MarkedError("let ‸$x = 1", "write 'x' without '$' here: '$x' reads a variable, it does not name one"),
        MarkedError("let ‸if = 1", "'if' is a reserved word and cannot be a variable name"),
        MarkedError("for ‸in [1] { }", "'in' is a reserved word and cannot be a variable name"),
        MarkedError("for i ‸of [1] { }", "expected 'in' after 'i', found 'of'"),
        MarkedError("def ‸create() {}", "'create' is a statement keyword and cannot name a procedure"),
        MarkedError("def ‸(a) {}", "expected a procedure name after 'def', found '('"),
        MarkedError("def f ‸{}", "expected '(' after 'f', found '{'"),
        MarkedError("def f(a, ‸a) {}", "duplicate parameter 'a'"),
        MarkedError("def f(‸1) {}", "expected a parameter name after '(', found '1'"),
        MarkedError("start ‸if", "'if' is a reserved word and cannot be a service name; quote it (\"if\") to use it as a name"),
        MarkedError("assert 1 < 2 ‸< 3", "comparisons cannot be chained; join them with 'and'"),
        MarkedError("assert x is on ‸== true", "comparisons cannot be chained; join them with 'and'"),
        MarkedError("assert x ‸= 1", "'=' only assigns in 'let' and 'update ... set'; use '==' to compare"),
        MarkedError("print 1; ‸else { }", "'else' without a matching 'if'"),
        MarkedError("trace ‸maybe", "expected 'on' or 'off' after 'trace', found 'maybe'"),
        MarkedError("‸else { }", "'else' without a matching 'if'; write it on the line of the if's closing brace, '} else {' (at the prompt an 'if' runs once its block closes)"),
        MarkedError("if x { } else‸", "expected '{' after 'else', found end of input"),
        MarkedError("‸return 1", "'return' outside a procedure"),
        MarkedError("print (1 + 2 ‸3)", "expected ')' to close '(' at line 1, found '3'"),
        MarkedError("print [1, 2\n‸stop x", "expected ']' to close '[' at line 1, found 'stop'"),
        MarkedError("print f(1‸;", "expected ')' to close '(' at line 1, found ';'"),
        MarkedError("start x ‸now", "expected end of statement (a newline or ';'), found 'now'"),
        MarkedError("‸)", "expected a statement, found ')'"),
        MarkedError("‸}", "expected a statement, found '}'"),
        MarkedError("‸and", "expected a statement, found 'and'"),
        MarkedError("print 1 +‸\n", "expected an expression after '+', found end of line"),
        MarkedError("print ‸", "expected an expression after 'print', found end of input"),
        MarkedError("print ‸in", "expected an expression after 'print', found 'in'"),
        MarkedError("print [1, ‸]", "expected an expression after ',', found ']'"),
        MarkedError("if x ‸y { }", "expected '{' after 'x', found 'y'"),
        MarkedError("while $n < 3‸\n{ }", "expected '{' after '3', found end of line"),
        MarkedError("help ‸42", "expected a help topic after 'help', found '42'"),
        MarkedError("help hybrid ‸2", "expected a help topic after 'hybrid', found '2'"),
        MarkedError("help state(‸x)", "expected ')' to close '(' at line 1, found 'x'"),
        MarkedError("help state() ‸x", "expected end of statement (a newline or ';'), found 'x'"),
        MarkedError("table as ‸wide", "expected a format (markdown or csv), found 'wide'"),
        MarkedError("print \"${‸}\"", "expected an expression after '${', found '}'"),
        MarkedError("print \"${1 ‸2}\"", "expected '}' after '1', found '2'"),
        MarkedError("print \"${‸@}\"", "unexpected character '@'"),
        MarkedError("print \"${ \"‸\\q\" }\"", #"invalid escape '\q' in string (use \" \\ \n \t \r \$ or \u{HEX})"#),
        MarkedError("start \"svc-${‸if}\"", "expected an expression after '${', found 'if'"),
        MarkedError("print ‸@", "unexpected character '@'"),
        MarkedError("print 1 ‸! 2", "'!' is not an operator; use 'not'"),
        MarkedError("print ‸\"abc\\q", "unterminated string"),
    ]

    @Test(arguments: errors)
    func firstErrorIsReportedInPlace(_ example: MarkedError) {
        let parsed = parseSource(example.source)
        guard let first = parsed.result.diagnostics.first else {
            Issue.record("no error for \(example.source.debugDescription)")
            return
        }
        #expect(first.message.text == example.message)
        #expect(first.range.start == example.offset, "reported at \(first.location.line):\(first.location.column)")
        #expect(first.severity == .error)
        #expect(parsed.result.hasErrors)
    }

    @Test func interpolationErrorsAreReportedOnce() {
        let parsed = parseSource("print \"a ${ \"\\q\" } b\"")
        #expect(parsed.messages == [#"invalid escape '\q' in string (use \" \\ \n \t \r \$ or \u{HEX})"#])
    }

    // MARK: - Recovery

    @Test func recoveryResumesAtTheNextStatement() {
        let parsed = parseSource("strat a\nstart b\nscale c 4\nstop d; frob x; list")
        #expect(parsed.result.diagnostics.count == 3)
        #expect(parsed.sexpr == "(start b)\n(stop d)\n(list)")
    }

    @Test func anErrorInsideABlockKeepsTheRestOfTheBlock() {
        let parsed = parseSource("if x {\n  strat a\n  start b\n}\nstop c")
        #expect(parsed.messages == ["unknown statement 'strat' (did you mean 'start'?)"])
        #expect(parsed.sexpr == "(if x (block (start b)))\n(stop c)")
    }

    @Test func anErrorInABlockHeaderSkipsTheWholeBlock() {
        let parsed = parseSource("if x y {\n  start a\n  if z { stop a }\n}\nstop c")
        #expect(parsed.messages == ["expected '{' after 'x', found 'y'"])
        #expect(parsed.sexpr == "(stop c)")
    }

    @Test func anErrorInsideParenthesesRecoversAtTheLineEnd() {
        let parsed = parseSource("print (1 + * 2)\nprint 3")
        #expect(parsed.messages == ["expected an expression after '+', found '*'"])
        #expect(parsed.sexpr == "(print 3)")
    }

    @Test func oneErrorPerPlace() {
        // Unwinding from an unclosed block inside another reports once.
        let parsed = parseSource("if a {\n  while b {\n    stop c")
        #expect(parsed.messages == ["expected '}' to close '{' at line 2, found end of input"])
    }

    @Test func parsingStopsAfterTenErrors() {
        let parsed = parseSource(String(repeating: "strat x\n", count: 30))
        #expect(parsed.result.diagnostics.count == 11)
        #expect(parsed.result.diagnostics.filter { $0.severity == .error }.count == Parser.maximumErrors)
        #expect(parsed.result.diagnostics.last?.message == .remark(.tooManyErrors))
        #expect(parsed.result.diagnostics.last?.severity == .note)
        #expect(!parsed.result.isIncomplete)
    }

    @Test func aBinaryFileStopsAtTheLimitToo() {
        let parsed = parseSource(bytes: [UInt8](repeating: 0, count: 10_000))
        #expect(parsed.result.diagnostics.count == 11)
        #expect(parsed.result.diagnostics.last?.message == .remark(.tooManyErrors))
    }

    // MARK: - Incomplete input

    static let incomplete: [String] = [
        "if x {",
        "if x {\n  start a",
        "if x {\n  start a\n} else {",
        "while true {\n  if y {\n",
        "def f(",
        "def f(a,\n",
        "expect error {",
        "\"abc",
        "print \"abc",
        "print \"a\nb",
        "print \"${",
        "print \"${x",
        "print (1 +",
        "print (1 +\n",
        "print [1, 2",
        "print f(1,",
        "update x set a = f(",
        "for i in [1,\n2,",
        "if x {\n  strat a",      // a real error inside the open block: reported once it closes
        "strat a\nif x {",        // a real error before the open block: likewise
        "print \"a\\q",           // bad escape in an unterminated string
        "update x set acs-key = \"a\",",  // a comma continues the settings on the next line
        "update x set acs-key = \"a\",\n",
    ]

    @Test(arguments: incomplete)
    func incompleteInput(_ source: String) {
        let parsed = parseSource(source)
        #expect(parsed.result.isIncomplete, "\(parsed.rendered)")
        #expect(parsed.result.hasErrors)
    }

    static let erroneous: [String] = [
        "print 1 +",        // no bracket open: a statement ends at the end of input
        "start",
        "if x",
        "print (1 2",             // wrong before the end of input
        "update x set acs-key = \"a\" acs-namespace",  // no comma: nothing continues
        "}",
        "if x { }",               // complete: nothing wrong at all
    ]

    @Test(arguments: erroneous)
    func notIncomplete(_ source: String) {
        #expect(!parseSource(source).result.isIncomplete)
    }

    @Test func completingIncompleteInputParses() {
        #expect(parseSource("if x {").result.isIncomplete)
        #expect(sexpr("if x {\n  start a\n}") == "(if x (block (start a)))")
        #expect(parseSource("print (1 +").result.isIncomplete)
        #expect(sexpr("print (1 +\n 2)") == "(print (+ 1 2))")
    }
}
