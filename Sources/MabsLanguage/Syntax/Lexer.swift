import Lifecycle

// The lexer: bytes in, tokens out, one at a time (like Lua's llex).
//
// It works on `[UInt8]` only; it never builds `Character`s or `String`s for
// tokens. Anything it cannot accept (NUL and other control bytes, invalid
// UTF-8, stray punctuation) becomes an `.invalid` token plus a diagnostic,
// so hostile input can never crash it.
//
// Strings are lexed as ONE token covering the quotes and every `${...}`
// inside. The lexer only checks their structure here; the parser decodes
// the escapes and parses each interpolation by running a second lexer over
// just that byte range. Interpolations are re-lexed, so the lexer reports
// problems inside them only then (never twice).

public struct Lexer {
    public let file: SourceFile
    @usableFromInline let bytes: [UInt8]
    @usableFromInline var position: Int
    /// Where `.eof` is reported; the parser narrows it to parse an interpolation.
    @usableFromInline var end: Int

    /// Problems found so far, in source order.
    public var diagnostics: [Diagnostic] = []
    /// True once the input ended inside a string or interpolation: more
    /// input could complete it, so the parse is "incomplete", not wrong.
    public private(set) var endedInsideString = false

    /// A lexer over the whole file. A UTF-8 byte order mark is skipped; a
    /// `#!` first line needs no special case, as `#` starts a comment.
    public init(file: SourceFile) {
        self.init(file: file, range: 0..<file.bytes.count)
        if file.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    }

    /// A lexer over `range` of the file (used for `${...}` interpolations).
    /// It reports `.eof` at `range.upperBound`.
    public init(file: SourceFile, range: Range<Int>) {
        self.file = file
        self.bytes = file.bytes
        self.position = range.lowerBound
        self.end = range.upperBound
    }

    /// All remaining tokens, ending with `.eof`. For tests and tools; the
    /// parser pulls tokens one at a time with `next()`.
    public mutating func tokenize() -> [Token] {
        var tokens: [Token] = []
        while true {
            let token = next()
            tokens.append(token)
            if token.kind == .eof { return tokens }
        }
    }

    /// The next token. After `.eof`, keeps returning `.eof`.
    public mutating func next() -> Token {
        // Blanks and names, most of any script, read straight from the
        // buffer; the rest below.
        let source = bytes
        let word: Token? = source.withUnsafeBufferPointer { buffer in
            while position < end {
                let byte = buffer[position]
                if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") {
                    position += 1
                    continue
                }
                guard Lexer.isLetter(byte) else { return nil }
                let start = position
                position += 1
                while position < end, Lexer.isNameCharacter(buffer[position]) { position += 1 }
                return token(.word, from: start)
            }
            return nil
        }
        if let word { return word }
        return other()
    }

    /// The next token, at anything but a blank or a letter.
    mutating func other() -> Token {
        while position < end {
            let start = position
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                position += 1
            case UInt8(ascii: "#"):
                skipComment()
            case UInt8(ascii: "\n"):
                return single(.newline)
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
                position += 1
                skipNameCharacters()
                return token(.word, from: start)
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                return number()
            case UInt8(ascii: "$"):
                return variable()
            case UInt8(ascii: "\""):
                return string()
            case UInt8(ascii: ";"): return single(.semicolon)
            case UInt8(ascii: "{"): return single(.leftBrace)
            case UInt8(ascii: "}"): return single(.rightBrace)
            case UInt8(ascii: "("): return single(.leftParen)
            case UInt8(ascii: ")"): return single(.rightParen)
            case UInt8(ascii: "["): return single(.leftBracket)
            case UInt8(ascii: "]"): return single(.rightBracket)
            case UInt8(ascii: ","): return single(.comma)
            case UInt8(ascii: "+"): return single(.plus)
            case UInt8(ascii: "-"): return single(.minus)
            case UInt8(ascii: "*"): return single(.star)
            case UInt8(ascii: "/"): return single(.slash)
            case UInt8(ascii: "%"): return single(.percent)
            case UInt8(ascii: "."):
                if peek(1) == UInt8(ascii: ".") { return double(.dotDot) }
                return unexpected()
            case UInt8(ascii: "="):
                return peek(1) == UInt8(ascii: "=") ? double(.equal) : single(.assign)
            case UInt8(ascii: "<"):
                return peek(1) == UInt8(ascii: "=") ? double(.lessEqual) : single(.less)
            case UInt8(ascii: ">"):
                return peek(1) == UInt8(ascii: "=") ? double(.greaterEqual) : single(.greater)
            case UInt8(ascii: "!"):
                if peek(1) == UInt8(ascii: "=") { return double(.notEqual) }
                position += 1
                report(.wordOperator(found: "!", use: "not"), from: start)
                return token(.invalid, from: start)
            case UInt8(ascii: "&"), UInt8(ascii: "|"):
                if peek(1) == byte {
                    position += 2
                    let found = byte == UInt8(ascii: "&") ? "&&" : "||"
                    report(.wordOperator(found: found, use: byte == UInt8(ascii: "&") ? "and" : "or"), from: start)
                    return token(.invalid, from: start)
                }
                return unexpected()
            default:
                return unexpected()
            }
        }
        return Token(kind: .eof, range: SourceRange(at: UInt32(end)))
    }

    // MARK: - Helpers

    @inline(__always)
    func peek(_ offset: Int) -> UInt8? {
        position + offset < end ? bytes[position + offset] : nil
    }

    @inline(__always)
    func token(_ kind: TokenKind, from start: Int) -> Token {
        Token(kind: kind, range: SourceRange(start: UInt32(start), end: UInt32(position)))
    }

    @inline(__always)
    mutating func single(_ kind: TokenKind) -> Token {
        position += 1
        return token(kind, from: position - 1)
    }

    @inline(__always)
    mutating func double(_ kind: TokenKind) -> Token {
        position += 2
        return token(kind, from: position - 2)
    }

    mutating func report(_ message: Message.Lexical, from start: Int, to stop: Int? = nil, notes: [Note] = []) {
        let range = SourceRange(start: UInt32(start), end: UInt32(stop ?? position))
        diagnostics.append(.error(.lexical(message), file: file, range: range, notes: notes))
    }

    /// Letters, digits, `-` and `_`: a bit per ASCII byte, below 64 and
    /// from 64 on.
    @inline(__always)
    static func isNameCharacter(_ byte: UInt8) -> Bool {
        let low: UInt64 = 0x03FF_2000_0000_0000  // '-' and '0'...'9'
        let high: UInt64 = 0x07FF_FFFE_87FF_FFFE  // 'A'...'Z', '_', 'a'...'z'
        return byte < 128 && ((byte < 64 ? low : high) &>> UInt64(byte & 63)) & 1 != 0
    }

    @inline(__always)
    static func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }

    @inline(__always)
    mutating func skipNameCharacters() {
        while position < end, Lexer.isNameCharacter(bytes[position]) { position += 1 }
    }

    /// Reports the byte (or UTF-8 character) at `position` and skips it.
    mutating func unexpected() -> Token {
        let start = position
        let byte = bytes[position]
        if byte < 0x20 || byte == 0x7F {
            position += 1
            report(.controlCharacter(byte, offset: start), from: start)
        } else if byte < 0x80 {
            position += 1
            report(.unexpectedCharacter(String(UnicodeScalar(byte))), from: start)
        } else {
            let length = Lexer.utf8SequenceLength(bytes, at: position, end: end)
            if length == 0 {
                position += 1
                report(.invalidUTF8(byte, offset: start), from: start)
            } else {
                position += length
                report(.unexpectedCharacter(String(decoding: bytes[start..<position], as: UTF8.self)), from: start)
            }
        }
        return token(.invalid, from: start)
    }

    /// Length of the valid UTF-8 sequence starting at `index`, or 0.
    static func utf8SequenceLength(_ bytes: [UInt8], at index: Int, end: Int) -> Int {
        let lead = bytes[index]
        func continuation(_ offset: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> Bool {
            index + offset < end && (low...high).contains(bytes[index + offset])
        }
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: return continuation(1) ? 2 : 0
        case 0xE0: return continuation(1, 0xA0) && continuation(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF: return continuation(1) && continuation(2) ? 3 : 0
        case 0xED: return continuation(1, 0x80, 0x9F) && continuation(2) ? 3 : 0
        case 0xF0: return continuation(1, 0x90) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF1...0xF3: return continuation(1) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF4: return continuation(1, 0x80, 0x8F) && continuation(2) && continuation(3) ? 4 : 0
        default: return 0
        }
    }

    /// `# ...` up to (not including) the newline. Comments may hold any
    /// text, but not NUL or invalid UTF-8.
    mutating func skipComment() {
        while position < end {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\n") { return }
            if byte == 0 {
                report(.controlCharacter(0, offset: position), from: position, to: position + 1)
                position += 1
            } else if byte >= 0x80 {
                let length = Lexer.utf8SequenceLength(bytes, at: position, end: end)
                if length == 0 {
                    report(.invalidUTF8(byte, offset: position), from: position, to: position + 1)
                    position += 1
                } else {
                    position += length
                }
            } else {
                position += 1
            }
        }
    }

    // MARK: - Numbers and durations

    /// integer -> digit {digit}
    /// duration -> {digit} unit { {digit} unit }, units d h m s, largest first
    /// version -> integer '.' integer { '.' integer }
    mutating func number() -> Token {
        let start = position
        while position < end, bytes[position] &- UInt8(ascii: "0") < 10 { position += 1 }
        // A dot and a digit: a version (`1..3` is a range).
        var isVersion = false
        while position + 1 < end, bytes[position] == UInt8(ascii: "."), bytes[position + 1] &- UInt8(ascii: "0") < 10 {
            isVersion = true
            position += 1
            while position < end, bytes[position] &- UInt8(ascii: "0") < 10 { position += 1 }
        }
        guard position < end, Lexer.isLetter(bytes[position]) || bytes[position] == UInt8(ascii: "_") else {
            if isVersion { return token(.version, from: start) }
            if Lexer.integerValue(bytes, start..<position) == nil {
                // The least number, -9223372036854775808, has no positive
                // counterpart: written with its minus sign attached, the
                // parser makes the two one literal (and says the number is
                // too large anywhere else).
                if start > 0, bytes[start - 1] == UInt8(ascii: "-"), Lexer.isLeastMagnitude(bytes, start..<position) {
                    return token(.integer, from: start)
                }
                report(.integerTooLarge(String(decoding: bytes[start..<position], as: UTF8.self)), from: start)
                return token(.invalid, from: start)
            }
            return token(.integer, from: start)
        }
        // Digits run straight into letters: a duration, or a malformed number.
        while position < end, Lexer.isNameCharacter(bytes[position]), bytes[position] != UInt8(ascii: "-") {
            position += 1
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        let looksLikeDuration = bytes[start..<position].allSatisfy {
            $0 &- UInt8(ascii: "0") < 10 || $0 == UInt8(ascii: ".") || Lexer.durationUnit($0) != nil
        }
        if isVersion {
            // `1.5h`: a duration's counts are whole.
            report(looksLikeDuration ? .malformedDuration(text) : .malformedNumber(text), from: start)
            return token(.invalid, from: start)
        }
        switch Lexer.durationSeconds(bytes, start..<position) {
        case .seconds:
            return token(.duration, from: start)
        case .malformed:
            report(looksLikeDuration ? .malformedDuration(text) : .malformedNumber(text), from: start)
        case .tooLarge:
            report(.integerTooLarge(text), from: start)
        }
        return token(.invalid, from: start)
    }

    /// The value of a run of decimal digits, or `nil` if it overflows `Int`.
    static func integerValue(_ bytes: [UInt8], _ range: Range<Int>) -> Int? {
        var value = 0
        for index in range {
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int(bytes[index] &- UInt8(ascii: "0")))
            if overflow1 || overflow2 { return nil }
            value = sum
        }
        return value
    }

    /// Whether a run of decimal digits is 9223372036854775808, the
    /// magnitude of `Int.min`.
    static func isLeastMagnitude(_ bytes: [UInt8], _ range: Range<Int>) -> Bool {
        var value: UInt64 = 0
        for index in range {
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(bytes[index] &- UInt8(ascii: "0")))
            if overflow1 || overflow2 { return false }
            value = sum
        }
        return value == UInt64(Int.max) + 1
    }

    static func durationUnit(_ byte: UInt8) -> (rank: Int, seconds: Int)? {
        switch byte {
        case UInt8(ascii: "d"): (4, 86_400)
        case UInt8(ascii: "h"): (3, 3_600)
        case UInt8(ascii: "m"): (2, 60)
        case UInt8(ascii: "s"): (1, 1)
        default: nil
        }
    }

    enum DurationValue { case seconds(Int), malformed, tooLarge }

    /// Seconds in a duration literal such as `1h30m`.
    static func durationSeconds(_ bytes: [UInt8], _ range: Range<Int>) -> DurationValue {
        var total = 0
        var lastRank = Int.max
        var index = range.lowerBound
        while index < range.upperBound {
            let digitsStart = index
            while index < range.upperBound, bytes[index] &- UInt8(ascii: "0") < 10 { index += 1 }
            guard index > digitsStart, index < range.upperBound,
                  let unit = durationUnit(bytes[index]), unit.rank < lastRank
            else { return .malformed }
            guard let count = integerValue(bytes, digitsStart..<index) else { return .tooLarge }
            let (seconds, overflow1) = count.multipliedReportingOverflow(by: unit.seconds)
            let (sum, overflow2) = total.addingReportingOverflow(seconds)
            if overflow1 || overflow2 { return .tooLarge }
            total = sum
            lastRank = unit.rank
            index += 1
        }
        return .seconds(total)
    }

    // MARK: - Variables

    /// variable -> '$' name
    mutating func variable() -> Token {
        let start = position
        position += 1
        if position < end, Lexer.isLetter(bytes[position]) {
            skipNameCharacters()
            return token(.variable, from: start)
        }
        if position < end, bytes[position] == UInt8(ascii: "{") {
            // `${...}` outside a string: skip it whole so the parser does not
            // trip over its insides, and explain.
            if let close = Lexer.interpolationEnd(bytes, from: position + 1, end: end) {
                position = close + 1
            } else {
                position = end
            }
            report(.interpolationOutsideString, from: start, to: start + 2)
            return token(.invalid, from: start)
        }
        report(.missingVariableName, from: start)
        return token(.invalid, from: start)
    }

    // MARK: - Strings

    /// string -> '"' { character | escape | '${' expr '}' } '"'
    /// escape -> '\\' ( '"' | '\\' | 'n' | 't' | 'r' | '$' | 'u{' hex {1-6} '}' )
    ///
    /// Strings may span lines. Reaching the end of input inside one makes
    /// the input incomplete.
    mutating func string() -> Token {
        let start = position
        position += 1
        while position < end {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return token(.string, from: start)
            case UInt8(ascii: "\\"):
                guard position + 1 < end else { position += 1; continue }
                let escaped = bytes[position + 1]
                switch escaped {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "n"), UInt8(ascii: "t"), UInt8(ascii: "r"), UInt8(ascii: "$"):
                    position += 2
                case UInt8(ascii: "u"):
                    let length = Lexer.unicodeEscape(bytes, at: position, end: end)?.length
                    if length == nil {
                        // As much of it as reads as one: `\u`, `\u{`, `\u{12G`...
                        var shown = position + 2
                        if shown < end, bytes[shown] == UInt8(ascii: "{") { shown += 1 }
                        while shown < end, shown - position < 11, Lexer.hexValue(bytes[shown]) != nil { shown += 1 }
                        if shown < end, bytes[shown] == UInt8(ascii: "}") { shown += 1 }
                        report(.invalidEscape(String(decoding: bytes[position..<shown], as: UTF8.self)), from: position, to: shown)
                    }
                    position += length ?? 2
                default:
                    let length = max(1, Lexer.utf8SequenceLength(bytes, at: position + 1, end: end))
                    let shown = escaped < 0x20 || escaped == 0x7F
                        ? "\\" + Message.codePoint(escaped)
                        : String(decoding: bytes[position..<(position + 1 + length)], as: UTF8.self)
                    report(.invalidEscape(shown), from: position, to: position + 1 + length)
                    position += 1 + length
                }
            case UInt8(ascii: "$") where peek(1) == UInt8(ascii: "{"):
                guard let close = Lexer.interpolationEnd(bytes, from: position + 2, end: end) else {
                    report(.unterminatedInterpolation, from: position, to: position + 2,
                           notes: [Note(.stringStartsHere, file: file, range: SourceRange(start: UInt32(start), end: UInt32(start + 1)))])
                    position = end
                    endedInsideString = true
                    return token(.string, from: start)
                }
                position = close + 1
            case UInt8(ascii: "\n"), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                position += 1
            case 0x00..<0x20, 0x7F:
                report(.controlCharacter(byte, offset: position), from: position, to: position + 1)
                position += 1
            case 0x80...:
                let length = Lexer.utf8SequenceLength(bytes, at: position, end: end)
                if length == 0 {
                    report(.invalidUTF8(byte, offset: position), from: position, to: position + 1)
                    position += 1
                } else {
                    position += length
                }
            default:
                position += 1
            }
        }
        report(.unterminatedString, from: start, to: start + 1)
        endedInsideString = true
        return token(.string, from: start)
    }

    /// `\u{HEX}` at `index` (the backslash): one to six hexadecimal
    /// digits naming a Unicode scalar (not a surrogate). Its scalar and
    /// length in bytes, or nil when it is not one.
    static func unicodeEscape(_ bytes: [UInt8], at index: Int, end: Int) -> (scalar: Unicode.Scalar, length: Int)? {
        guard index + 3 < end, bytes[index + 1] == UInt8(ascii: "u"), bytes[index + 2] == UInt8(ascii: "{") else { return nil }
        var value: UInt32 = 0
        var position = index + 3
        while position < end, position - (index + 3) < 6, let digit = hexValue(bytes[position]) {
            value = value << 4 | digit
            position += 1
        }
        guard position > index + 3, position < end, bytes[position] == UInt8(ascii: "}"),
              let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, position + 1 - index)
    }

    static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// Index of the `}` closing an interpolation whose body starts at
    /// `start`, or `nil` if the input ends first. Tracks nested braces and
    /// nested strings (with their own interpolations) iteratively, so no
    /// input can exhaust the stack. `#` is not special inside `${...}`.
    static func interpolationEnd(_ bytes: [UInt8], from start: Int, end: Int) -> Int? {
        // Fast path for the usual `${name}` or `${expr}` without strings:
        // count braces.
        var depth = 1
        var index = start
        while index < end {
            switch bytes[index] {
            case UInt8(ascii: "{"):
                depth += 1
            case UInt8(ascii: "}"):
                depth -= 1
                if depth == 0 { return index }
            case UInt8(ascii: "\""):
                return nestedInterpolationEnd(bytes, from: start, end: end)
            default:
                break
            }
            index += 1
        }
        return nil
    }

    /// `interpolationEnd` for bodies holding strings.
    private static func nestedInterpolationEnd(_ bytes: [UInt8], from start: Int, end: Int) -> Int? {
        // Each entry is a context: -1 inside a string, n > 0 inside an
        // interpolation with n open braces.
        var stack = [1]
        var index = start
        while index < end {
            let byte = bytes[index]
            if stack[stack.count - 1] < 0 {
                switch byte {
                case UInt8(ascii: "\\"):
                    index += 1
                case UInt8(ascii: "\""):
                    stack.removeLast()
                case UInt8(ascii: "$") where index + 1 < end && bytes[index + 1] == UInt8(ascii: "{"):
                    stack.append(1)
                    index += 1
                default:
                    break
                }
            } else {
                switch byte {
                case UInt8(ascii: "{"):
                    stack[stack.count - 1] += 1
                case UInt8(ascii: "}"):
                    stack[stack.count - 1] -= 1
                    if stack[stack.count - 1] == 0 {
                        stack.removeLast()
                        if stack.isEmpty { return index }
                    }
                case UInt8(ascii: "\""):
                    stack.append(-1)
                default:
                    break
                }
            }
            index += 1
        }
        return nil
    }
}
