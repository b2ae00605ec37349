import Lifecycle

// Text a terminal (or a CI log) can show as it is.
//
// Names, regions, strings and comments come from scripts and workspace
// files, and may hold characters that act on a terminal instead of
// showing: a carriage return that goes back over what was printed, ESC
// sequences that move the cursor, recolour or retitle the window, and the
// bidirectional formatting characters that show text in another order
// than it is stored (`\u{202E}txt.exe` shows as `exe.txt`). Every channel
// that shows such text (what scripts print, the reports, diagnostics,
// TAP and JUnit, the REPL) passes it through `TerminalText.escaped`,
// which writes each of them as the language's escape (`\r`, `\u{1B}`,
// `\u{202E}`), so what shows is what is there.

public enum TerminalText {
    /// A JSON string literal: `"` and `\` escaped, line breaks and other
    /// control characters (`Names.isControl`, bidirectional ones included)
    /// as escapes, so any text stays on one line as it is; it is a YAML
    /// double-quoted scalar too (TAP's blocks, the asciicast recording and
    /// the live view's JSON write their strings with it).
    public static func jsonQuoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default:
                let value = scalar.value
                if Names.isControl(scalar) || value == 0x2028 || value == 0x2029 || value == 0xFEFF {
                    let digits = String(value, radix: 16, uppercase: true)
                    result += "\\u" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    /// Which layout characters a text may keep.
    public enum Layout: Sendable {
        /// Lines of text (what `print` writes): newlines and tabs stay.
        case lines
        /// One line (a diagnostic's source line): tabs stay.
        case line
        /// A value in a sentence or a table cell: nothing stays, so it
        /// cannot break the line or the columns it sits in.
        case field
    }

    /// `text` with every control character (`Names.isControl`) not kept by
    /// `layout` written as an escape: `\n`, `\t`, `\r`, else `\u{HEX}`.
    /// Text without any comes back as it is, after one pass over its bytes.
    public static func escaped(_ text: String, as layout: Layout = .field) -> String {
        guard needsEscaping(text, layout) else { return text }
        var result = ""
        result.unicodeScalars.reserveCapacity(text.utf8.count + 16)
        for scalar in text.unicodeScalars {
            if Names.isControl(scalar), !keeps(layout, scalar) {
                result += escape(scalar)
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// `text` as a string literal of the language, which reads back as
    /// the same text: in double quotes, with `"`, `\` and `$` escaped (a
    /// `$` then stays text whatever is typed after it), and control
    /// characters as in `escaped` (`"a\"b"`, `"x\u{1B}[2J"`).
    public static func literal(_ text: String) -> String {
        "\"" + literalBody(text) + "\""
    }

    /// `text` as it is written between the quotes of a string literal.
    public static func literalBody(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "$": result += "\\$"
            default:
                if Names.isControl(scalar) { result += escape(scalar) } else { result.unicodeScalars.append(scalar) }
            }
        }
        return result
    }

    /// The escape the language reads as `scalar`.
    static func escape(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\n": "\\n"
        case "\t": "\\t"
        case "\r": "\\r"
        default: "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
        }
    }

    private static func keeps(_ layout: Layout, _ scalar: Unicode.Scalar) -> Bool {
        switch layout {
        case .lines: scalar == "\n" || scalar == "\t"
        case .line: scalar == "\t"
        case .field: false
        }
    }

    /// Whether any byte of `text` may start a control character that
    /// `layout` does not keep: a byte below 0x20, DEL, or the lead byte of
    /// a C1 control (0xC2), of U+061C (0xD8) or of the other bidirectional
    /// formatting characters (0xE2). A cheap test that may say yes when
    /// the answer is no (0xC2 also leads `©`), never the other way.
    private static func needsEscaping(_ text: String, _ layout: Layout) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            for byte in bytes {
                switch byte {
                case 0x09: if layout == .field { return true }
                case 0x0A: if layout != .lines { return true }
                case 0x00..<0x20, 0x7F, 0xC2, 0xD8, 0xE2: return true
                default: continue
                }
            }
            return false
        }
    }

    // MARK: - Display width

    /// How many terminal columns `text` takes: East Asian wide and
    /// fullwidth characters and emoji take two, combining marks and other
    /// zero-width characters none, everything else one. Terminals differ
    /// at the edges (emoji sequences, ambiguous-width characters); this is
    /// what most of them do with most text.
    public static func width(of text: some StringProtocol) -> Int {
        // Printable ASCII, most of what mabs shows, is a column a byte.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text.utf8.count }
        var total = 0
        for character in text { total += width(of: character) }
        return total
    }

    /// The columns one character (a grapheme cluster) takes: the width of
    /// its first scalar that has one, two for an emoji made to show as one
    /// (U+FE0F) or a flag.
    public static func width(of character: Character) -> Int {
        if let ascii = character.asciiValue { return ascii < 0x20 || ascii == 0x7F ? 0 : 1 }
        var width = 0
        for scalar in character.unicodeScalars {
            if scalar == "\u{FE0F}", character.unicodeScalars.first?.properties.isEmoji == true { return 2 }
            if width == 0 { width = self.width(of: scalar) }
        }
        return width
    }

    /// The columns one scalar takes on its own.
    public static func width(of scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x20 || (0x7F..<0xA0).contains(value) { return 0 }
        if value < 0x300 { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if (0x1160...0x11FF).contains(value) || (0xD7B0...0xD7FF).contains(value) { return 0 }  // Hangul medial vowels and final consonants join the syllable
        if scalar.properties.isEmojiPresentation { return 2 }
        return wideRanges.contains { $0.contains(value) } ? 2 : 1
    }

    /// The East Asian Wide (W) and Fullwidth (F) blocks of Unicode's
    /// EastAsianWidth.txt, block by block (emoji are found by their
    /// Emoji_Presentation property instead).
    static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F,    // Hangul Jamo initial consonants
        0x2E80...0x303E,    // CJK radicals, Kangxi radicals, ideographic description, CJK symbols and punctuation
        0x3041...0x33FF,    // Hiragana, Katakana, Bopomofo, Hangul compatibility Jamo, Kanbun, CJK strokes, enclosed CJK, CJK compatibility
        0x3400...0x4DBF,    // CJK unified ideographs extension A
        0x4E00...0x9FFF,    // CJK unified ideographs
        0xA000...0xA4CF,    // Yi
        0xA960...0xA97F,    // Hangul Jamo extended A
        0xAC00...0xD7A3,    // Hangul syllables
        0xF900...0xFAFF,    // CJK compatibility ideographs
        0xFE10...0xFE19,    // vertical forms
        0xFE30...0xFE6F,    // CJK compatibility forms, small form variants
        0xFF00...0xFF60,    // fullwidth forms
        0xFFE0...0xFFE6,    // fullwidth signs
        0x16FE0...0x16FE4,  // ideographic symbols
        0x17000...0x18CFF,  // Tangut, Khitan
        0x1B000...0x1B2FF,  // Kana supplement and extensions, Nushu
        0x1F200...0x1F2FF,  // enclosed ideographic supplement
        0x20000...0x2FFFD,  // CJK extensions B to F, compatibility supplement
        0x30000...0x3FFFD,  // CJK extensions G and H
    ]

    // MARK: - Values in messages

    /// How many characters of a value a message quotes.
    public static let quotedLimit = 80

    /// `text` between `quote`s, or, when it is longer than `limit`
    /// characters, its start and an ellipsis between them, and how long it
    /// is after them (`'aaaa…' (8388608 characters)`): a message about an
    /// 8 MiB value is a line, not 8 MiB.
    public static func clipped(_ text: String, quote: String = "", limit: Int = quotedLimit) -> String {
        let start = text.utf8.count > limit ? text.prefix(limit) : text[...]
        guard start.endIndex < text.endIndex else { return quote + text + quote }
        return quote + text.prefix(limit - 1) + "…" + quote + " (\(text.count) characters)"
    }
}
