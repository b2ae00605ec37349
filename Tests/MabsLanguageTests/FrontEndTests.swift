// The front end's fast paths against the plain ways they replace: a
// keyword found by its perfect hash, a name by its packed key, a line by
// eight bytes at a time, a suggestion by a bounded alignment, and masking
// decided from the parser's own reading of the tokens. Each must answer
// exactly as the plain way does.
import Foundation
import Lifecycle
import PropertyBased
import Testing
@testable import MabsLanguage

@Suite struct FrontEndTests {
    // MARK: - Keywords and names

    @Test("every keyword is spelled as its case is named")
    func spellings() {
        for word in Word.allCases {
            let named = "\(word)".replacing(/[A-Z]/) { "-" + $0.output.lowercased() }
            #expect(word.spelling == named)
        }
    }

    @Test("a keyword is found wherever it sits in the source; a near miss is a name")
    func keywordsInSource() {
        let interner = Interner()
        for word in Word.allCases {
            // Read from a longer buffer (16 bytes at once) and at its very
            // end (byte by byte), as the lexer hands names over.
            for (before, after) in [("x ", " 123456789012345678"), ("", "")] {
                let bytes = Array((before + word.spelling + after).utf8)
                let range = before.utf8.count..<(before.utf8.count + word.spelling.utf8.count)
                #expect(interner.intern(bytes, range) == word.symbol, "\(word.spelling)")
            }
        }
        #expect(interner.count == Word.allCases.count)
        let nearMisses = Word.allCases.flatMap { word in
            let spelling = word.spelling
            return [spelling.uppercased(), spelling + "s", String(spelling.dropLast()), "x" + spelling, spelling + "-"]
        }.filter { Word.allCases.map(\.spelling).contains($0) == false }
        for name in nearMisses {
            let symbol = interner.intern(name)
            #expect(Word(symbol) == nil, "\(name)")
            #expect(interner[symbol] == name)
        }
        #expect(Word(interner.intern("update-configurationx")) == nil)
        #expect(Word(interner.intern("update-configuratioN")) == nil)
    }

    @Test("names that share their first 16 bytes, or differ only past them, are different names")
    func longNames() {
        let interner = Interner()
        let names = (0..<300).map { "svc-0000000000000000-\($0)" } + (0..<300).map { "svc-000000000000000\($0 % 10)" }
            + ["", "a", "ab", "abcdefgh", "abcdefghi", "abcdefghijklmnop", "abcdefghijklmnopq"]
        let symbols = names.map { interner.intern($0) }
        let distinct = Set(names)
        #expect(Set(symbols).count == distinct.count)
        for (name, symbol) in zip(names, symbols) {
            #expect(interner[symbol] == name)
            #expect(interner.lookup(name) == symbol)
            // The same bytes, read from inside a larger buffer.
            let bytes = Array("(\(name))".utf8)
            #expect(interner.intern(bytes, 1..<(bytes.count - 1)) == symbol)
        }
        #expect(interner.lookup("svc-0000000000000000-300") == nil)
    }

    @Test("interning random names: equal bytes, equal symbols, whatever their length")
    func randomNames() async {
        let letters = Array("ab-_".utf8)
        let name = Gen.int(in: 0...3).array(of: 0...40).map { String(decoding: $0.map { letters[$0] }, as: UTF8.self) }
        await propertyCheck(count: 200, input: name.array(of: 1...60)) { names in
            let interner = Interner()
            var seen: [String: Symbol] = [:]
            for name in names {
                let symbol = interner.intern(name)
                if let earlier = seen[name] { #expect(symbol == earlier) }
                seen[name] = symbol
                #expect(interner[symbol] == name)
            }
            #expect(Set(seen.values).count == seen.count)
        }
    }

    // MARK: - Lines

    @Test("line starts found eight bytes at a time are those a byte at a time finds")
    func lineStarts() async {
        let choices: [UInt8] = [UInt8(ascii: "\n"), 0x0B, 0x0A ^ 0x80, UInt8(ascii: "a"), 0x00, 0xFF]
        let byte = Gen.int(in: 0...5).map { choices[$0] }
        await propertyCheck(count: 300, input: byte.array(of: 0...70)) { bytes in
            var expected: [UInt32] = [0]
            for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { expected.append(UInt32(index + 1)) }
            #expect(SourceFile(name: "t", bytes: bytes).lineStarts == expected)
        }
    }

    // MARK: - Suggestions

    @Test("the bounded distance agrees with the full one wherever it is within the bound")
    func boundedDistance() async {
        let word = Gen.int(in: 0...3).array(of: 0...9).map { $0.map { UInt8(ascii: "a") + UInt8($0) } }
        await propertyCheck(count: 500, input: word, word, Gen.int(in: 0...3)) { a, b, limit in
            let full = editDistance(a, b)
            let bounded = a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in editDistance(a, b, limit: limit) } }
            if full <= limit { #expect(bounded == full) } else { #expect(bounded > limit) }
        }
    }

    @Test("suggestions are those of a plain search for the nearest candidate")
    func suggestionsMatchAPlainSearch() async {
        let letters = Array("abcdekz-_".utf8)
        let word = Gen.int(in: 0...(letters.count - 1)).array(of: 0...12).map { String(decoding: $0.map { letters[$0] }, as: UTF8.self) }
        let candidates = SettingKey.allCases.map(\.name) + Vocabulary.statementKeywords
        await propertyCheck(count: 500, input: word) { word in
            // The plain way: every candidate's full distance.
            let lowered = Array(word.lowercased().utf8)
            let limit = lowered.count <= 4 ? 1 : 2
            var best: (String, Int)?
            for candidate in candidates {
                let distance = editDistance(lowered, Array(candidate.utf8))
                if distance <= limit, distance < (best?.1 ?? Int.max) { best = (candidate, distance) }
            }
            #expect(suggestion(for: word, among: candidates) == best?.0, "\(word)")
        }
        #expect(suggestion(for: "acs-kye", among: candidates) == "acs-key")
        #expect(suggestion(for: "ssl-pasword", among: candidates) == "ssl-password")
    }

    // MARK: - Masking from the parser's reading

    /// The ranges to mask as the parser reads the tokens, and as a reading
    /// of their own finds them (each in a session of its own).
    func maskedBothWays(_ file: SourceFile) -> (parsed: [SourceRange], read: [SourceRange]) {
        let parsing = Session(output: CapturedOutput())
        let masked = parsing.secrets.parseMasking(file, parsing.interner).1
        let reading = Session(output: CapturedOutput())
        let read = SecretSource.ranges(in: file, interner: reading.interner, names: &reading.secrets.names)
        return (masked.maskedRanges, file.masking(read).maskedRanges)
    }

    static let sources: [URL] = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return ["Tests/ScriptTests/Golden", "Tests/Fixtures", "Examples"].flatMap { folder -> [URL] in
            let base = root.appendingPathComponent(folder)
            let paths = FileManager.default.enumerator(atPath: base.path)?.compactMap { $0 as? String } ?? []
            return paths.filter { $0.hasSuffix(".mabs") || $0.hasSuffix(".stdin") }.sorted().map { base.appendingPathComponent($0) }
        }
    }()

    @Test("masking decided while parsing is masking decided by a reading of its own, on every script the tests hold")
    func maskingOnEveryScript() throws {
        #expect(Self.sources.count > 50)
        for url in Self.sources {
            let file = SourceFile(name: url.lastPathComponent, bytes: Array(try Data(contentsOf: url)))
            let (parsed, read) = maskedBothWays(file)
            #expect(parsed == read, "\(url.path)")
        }
    }

    @Test("masking decided while parsing is masking decided by a reading of its own, on scripts stopped at the error limit and on token soup")
    func maskingOnTokenSoup() async {
        let pieces = [
            "update", "x", "set", "acs-key", "acs_Key", "ssl-pasword", "acs-namespace", "=", "==", "\"k3y\"", "\"${\"k\"}\"",
            "\"a${$k}b\"", "$k", "let", "k", "def", "f", "(", ")", "{", "}", "[", "]", ",", ";", "\n", "setting", "12", "1h",
            "if", "print", "f(\"s\")", "!", "&&", "\u{0}", "\"open", "@", " ",
        ]
        let soup = Gen.int(in: 0...(pieces.count - 1)).array(of: 0...60).map { $0.map { pieces[$0] }.joined(separator: " ") }
        await propertyCheck(count: 400, input: soup) { text in
            let (parsed, read) = maskedBothWays(SourceFile(name: "soup.mabs", text: text))
            #expect(parsed == read, "\(text.debugDescription)")
        }
        // Past ten errors the parser stops reading; masking reads on.
        let text = String(repeating: "create 5\n", count: 12) + "update x set acs-key = \"k3y\"\n"
        let (parsed, read) = maskedBothWays(SourceFile(name: "late.mabs", text: text))
        #expect(parsed == read)
        #expect(!parsed.isEmpty)
    }
}
