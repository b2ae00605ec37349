import Lifecycle
// The lexer on its own: token kinds and exact ranges, and hostile bytes.
import Testing
@testable import MabsLanguage

/// `kind:text` for every token before `.eof`, plus the lexer's messages.
private func lex(_ bytes: [UInt8]) -> (tokens: [String], messages: [String]) {
    let file = SourceFile(name: "lex.mabs", bytes: bytes)
    var lexer = Lexer(file: file)
    let tokens = lexer.tokenize().dropLast().map { token in
        token.kind == .newline ? "newline" : "\(token.kind):\(file.text(of: token.range))"
    }
    return (tokens, lexer.diagnostics.map(\.message.text))
}

private func lex(_ source: String) -> (tokens: [String], messages: [String]) {
    lex(Array(source.utf8))
}

@Suite struct LexerTests {
    @Test func namesKeepHyphensAndUnderscores() {
        #expect(lex("contoso-dr my_svc a1-b2-").tokens == ["word:contoso-dr", "word:my_svc", "word:a1-b2-"])
    }

    @Test func binaryMinusNeedsSpaces() {
        #expect(lex("a-1 a - 1").tokens == ["word:a-1", "word:a", "minus:-", "integer:1"])
        #expect(lex("$a-1 $a - 1").tokens == ["variable:$a-1", "variable:$a", "minus:-", "integer:1"])
        #expect(lex("1-2").tokens == ["integer:1", "minus:-", "integer:2"])
    }

    @Test func numbersAndDurations() {
        #expect(lex("0 42 90s 30m 2h 1d 1h30m 1d2h3m4s").tokens == [
            "integer:0", "integer:42", "duration:90s", "duration:30m", "duration:2h",
            "duration:1d", "duration:1h30m", "duration:1d2h3m4s",
        ])
        #expect(lex("1..5").tokens == ["integer:1", "dotDot:..", "integer:5"])
        #expect(Lexer.durationSeconds(Array("1h30m".utf8), 0..<5).seconds == 5_400)
    }

    @Test func versions() {
        #expect(lex("2.1 1.10.3 1..3 1.2..3 99999999999999999999.1").tokens == [
            "version:2.1", "version:1.10.3", "integer:1", "dotDot:..", "integer:3",
            "version:1.2", "dotDot:..", "integer:3", "version:99999999999999999999.1",
        ])
        #expect(lex("1.5h").messages == ["malformed duration '1.5h' (use units d, h, m, s, largest first, as in 1h30m)"])
        #expect(lex("2.1x").messages == ["malformed number '2.1x'"])
        #expect(lex("2.").messages == ["unexpected character '.'"])
    }

    @Test func malformedNumbers() {
        #expect(lex("12abc").messages == ["malformed number '12abc'"])
        #expect(lex("1m2h").messages == ["malformed duration '1m2h' (use units d, h, m, s, largest first, as in 1h30m)"])
        #expect(lex("1h1h").messages == ["malformed duration '1h1h' (use units d, h, m, s, largest first, as in 1h30m)"])
        #expect(lex("99999999999999999999").messages == ["integer '99999999999999999999' is too large"])
        #expect(lex("9999999999999999d").messages == ["integer '9999999999999999d' is too large"])
        #expect(lex("12abc").tokens == ["invalid:12abc"])
    }

    @Test func operatorsAndPunctuation() {
        #expect(lex("{ } ( ) [ ] , ; + - * / % = == != < <= > >= ..").tokens == [
            "leftBrace:{", "rightBrace:}", "leftParen:(", "rightParen:)", "leftBracket:[", "rightBracket:]",
            "comma:,", "semicolon:;", "plus:+", "minus:-", "star:*", "slash:/", "percent:%", "assign:=",
            "equal:==", "notEqual:!=", "less:<", "lessEqual:<=", "greater:>", "greaterEqual:>=", "dotDot:..",
        ])
    }

    @Test func wordOperatorsFromOtherLanguages() {
        #expect(lex("a && b || !c").messages == [
            "'&&' is not an operator; use 'and'", "'||' is not an operator; use 'or'", "'!' is not an operator; use 'not'",
        ])
    }

    @Test func stringsAreOneTokenWithTheirInterpolations() {
        #expect(lex(#""a" "b ${x} c" "${ "}" }" "\"q\"""#).tokens == [
            #"string:"a""#, #"string:"b ${x} c""#, #"string:"${ "}" }""#, #"string:"\"q\"""#,
        ])
        #expect(lex("\"multi\nline\" x").tokens == ["string:\"multi\nline\"", "word:x"])
    }

    @Test func carriageReturnAndUnicodeEscapes() {
        #expect(lex(#""\r \u{1B} \u{202e} \u{0} \u{10FFFF}""#).messages.isEmpty)
        // Not a scalar, no digits, too many digits, not hexadecimal, not closed: each is one error, quoting it.
        for (escape, shown) in [(#"\u{110000}"#, #"\u{110000}"#), (#"\u{D800}"#, #"\u{D800}"#), (#"\u{}"#, #"\u{}"#),
                                (#"\u{1234567}"#, #"\u{1234567}"#), (#"\u{12G}"#, #"\u{12"#), (#"\u1B"#, #"\u1B"#), (#"\u{1B"#, #"\u{1B"#)] {
            #expect(lex("\"" + escape + "\"").messages == ["invalid escape '\(shown)' in string (use \\\" \\\\ \\n \\t \\r \\$ or \\u{HEX})"], "\(escape)")
        }
    }

    @Test func invalidEscapes() {
        #expect(lex(#""\q""#).messages == [#"invalid escape '\q' in string (use \" \\ \n \t \r \$ or \u{HEX})"#])
        #expect(lex(#""\é""#).messages == [#"invalid escape '\é' in string (use \" \\ \n \t \r \$ or \u{HEX})"#])
    }

    @Test func unterminatedStrings() {
        var lexer = Lexer(file: SourceFile(name: "s", text: "print \"abc"))
        _ = lexer.tokenize()
        #expect(lexer.diagnostics.map(\.message.text) == ["unterminated string"])
        #expect(lexer.endedInsideString)
        #expect(lex(#""a ${ f("}") "#).messages == ["unterminated '${' in string"])
    }

    @Test func commentsAndShebang() {
        #expect(lex("#!/usr/bin/env mabs\nlist # all of them\n# done").tokens == ["newline", "word:list", "newline"])
        // A byte order mark is not an error.
        #expect(lex([0xEF, 0xBB, 0xBF] + Array("list".utf8)).tokens == ["word:list"])
        // Comments may hold any valid UTF-8.
        #expect(lex("# déjà vu ✓\n").messages.isEmpty)
    }

    @Test func variables() {
        #expect(lex("$x $long-name_2").tokens == ["variable:$x", "variable:$long-name_2"])
        #expect(lex("$ x").messages == ["expected a variable name after '$'"])
        #expect(lex("${x} y").tokens == ["invalid:${x}", "word:y"])
        #expect(lex("${x}").messages == ["'${' is only allowed inside a string; write $name for a variable"])
    }

    @Test func crlfLineEndings() {
        #expect(lex("start a\r\nstop a\r\n").tokens == ["word:start", "word:a", "newline", "word:stop", "word:a", "newline"])
    }

    @Test func hostileBytes() {
        #expect(lex([0x6C, 0x69, 0x73, 0x74, 0x00]).messages == ["unexpected NUL byte at byte offset 4; scripts are text"])
        #expect(lex([0x07]).messages == ["unexpected control character U+0007 at byte offset 0; scripts are text"])
        #expect(lex([0x1B, 0x5B, 0x32, 0x4A]).messages.first == "unexpected control character U+001B at byte offset 0; scripts are text")
        #expect(lex([0xFF]).messages == ["invalid UTF-8 byte 0xFF at byte offset 0; save the script as UTF-8"])
        #expect(lex([0xC3]).messages == ["invalid UTF-8 byte 0xC3 at byte offset 0; save the script as UTF-8"])          // truncated sequence
        #expect(lex([0xED, 0xA0, 0x80]).messages.first == "invalid UTF-8 byte 0xED at byte offset 0; save the script as UTF-8")  // surrogate
        #expect(lex("é").messages == ["unexpected character 'é'"])
        #expect(lex("@").messages == ["unexpected character '@'"])
        #expect(lex([0x22, 0x00, 0xFF, 0x22]).messages == [
            "unexpected NUL byte at byte offset 1; scripts are text", "invalid UTF-8 byte 0xFF at byte offset 2; save the script as UTF-8",
        ])
        #expect(lex([0x23, 0x00, 0xFE, 0x0A]).messages == [
            "unexpected NUL byte at byte offset 1; scripts are text", "invalid UTF-8 byte 0xFE at byte offset 2; save the script as UTF-8",
        ])
    }

    @Test func everyByteSequenceLexesWithoutCrashing() {
        // A deterministic pseudo-random soup of bytes, heavy on the
        // characters with special meaning.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let alphabet = Array("\"${}()[]\\#\n;.=-a1 ".utf8) + [0, 0x80, 0xFF, 0xC3, 0xE2]
        for _ in 0..<300 {
            var bytes: [UInt8] = []
            for _ in 0..<40 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let pick = Int(state >> 33)
                bytes.append(pick % 3 == 0 ? UInt8(truncatingIfNeeded: pick >> 8) : alphabet[pick % alphabet.count])
            }
            var lexer = Lexer(file: SourceFile(name: "fuzz", bytes: bytes))
            let tokens = lexer.tokenize()
            #expect(tokens.last?.kind == .eof)
            // Tokens are in order and inside the input.
            var offset: UInt32 = 0
            for token in tokens {
                #expect(token.range.start >= offset && token.range.end <= UInt32(bytes.count))
                offset = token.range.end
            }
            // The parser and renderer survive it too.
            let parsed = parseSource(bytes: bytes)
            _ = parsed.rendered
            _ = parsed.sexpr
        }
    }
}

extension Lexer.DurationValue {
    var seconds: Int? {
        if case .seconds(let value) = self { return value }
        return nil
    }
}

@Suite struct KeywordTests {
    @Test func wordsHaveTheirFixedSymbols() {
        let interner = Interner()
        for word in Word.allCases {
            #expect(interner.lookup(word.spelling) == word.symbol)
        }
        #expect(interner.count == Word.allCases.count)
    }

    @Test func operationWordsMapToOperations() {
        let interner = Interner()
        for operation in Lifecycle.Operation.allCases {
            let word = Word(interner.lookup(operation.keyword)!)
            #expect(word.flatMap(Vocabulary.operation) == operation)
        }
        #expect(Vocabulary.operation(.print) == nil)
        #expect(Vocabulary.operation(.update) == .updateConfiguration)
    }

    @Test func everyStatementKeywordHasOneEntry() {
        let words = Vocabulary.statements.map(\.word)
        #expect(Set(words).count == words.count)
        for word in words { #expect(Vocabulary.statement(word)?.word == word) }
        #expect(Vocabulary.statement(.else) == nil)
    }

    @Test func internerRoundTripsManyNames() {
        let interner = Interner()
        let symbols = (0..<5_000).map { interner.intern("name-\($0)") }
        #expect(Set(symbols).count == 5_000)
        #expect((0..<5_000).allSatisfy { interner[symbols[$0]] == "name-\($0)" && interner.intern("name-\($0)") == symbols[$0] })
        #expect(interner.lookup("absent") == nil)
    }

    @Test func suggestions() {
        let keywords = Vocabulary.statementKeywords
        #expect(suggestion(for: "strat", among: keywords) == "start")
        #expect(suggestion(for: "Stop", among: keywords) == "stop")
        #expect(suggestion(for: "restor", among: keywords) == "restore")
        #expect(suggestion(for: "xyzzy", among: keywords) == nil)
        #expect(editDistance(Array("kitten".utf8), Array("sitting".utf8)) == 3)
    }
}
