/// Text from the system that need not be UTF-8: file names, command-line
/// arguments, environment variables. A Swift `String` cannot hold invalid
/// UTF-8, and repairing it (as `String(cString:)` does, with U+FFFD) loses
/// the bytes, so a file named with them could not be opened again.
///
/// Instead each byte that is not part of valid UTF-8 is held as one
/// private-use character, U+EF80 + (byte - 0x80) (MirBSD's OPTU-8 does the
/// same), and turned back into that byte when the text is handed to the
/// system. Decoding then encoding gives back the bytes exactly: a valid
/// sequence that would itself decode to U+EF80...U+EFFF is held byte by
/// byte too. (So a script cannot name, by writing those characters in a
/// string, a file whose name holds them; it names the raw bytes instead.)
public enum SystemText {
    /// The text for `bytes`, whatever they are.
    public static func decode<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let bytes = Array(bytes)
        var scalars = String.UnicodeScalarView()
        var index = 0
        while index < bytes.count {
            if let (scalar, length) = sequence(bytes, at: index), !escapes.contains(scalar.value) {
                scalars.append(scalar)
                index += length
            } else {
                scalars.append(Unicode.Scalar(escapeBase + UInt32(bytes[index]))!)
                index += 1
            }
        }
        return String(scalars)
    }

    /// The bytes `text` stands for.
    public static func bytes(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if escapes.contains(scalar.value) {
                bytes.append(UInt8(scalar.value - escapeBase))
            } else {
                bytes.append(contentsOf: String(scalar).utf8)
            }
        }
        return bytes
    }

    /// `text` as a person reads it: each byte that is not UTF-8 as `\xFF`.
    public static func shown(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { escapes.contains($0.value) }) else { return text }
        var shown = ""
        for scalar in text.unicodeScalars {
            if escapes.contains(scalar.value) {
                let byte = String(scalar.value - escapeBase, radix: 16, uppercase: true)
                shown += "\\x" + byte
            } else {
                shown.unicodeScalars.append(scalar)
            }
        }
        return shown
    }

    /// The characters that hold bytes 0x80...0xFF.
    static let escapeBase: UInt32 = 0xEF00
    static let escapes: ClosedRange<UInt32> = 0xEF80...0xEFFF

    /// The scalar a well-formed UTF-8 sequence at `index` encodes, and its
    /// length; nil when the bytes there are not one (a stray continuation
    /// byte, a truncated or overlong sequence, a surrogate, past U+10FFFF).
    private static func sequence(_ bytes: [UInt8], at index: Int) -> (Unicode.Scalar, Int)? {
        let lead = bytes[index]
        let length: Int, minimum: UInt32
        var value: UInt32
        switch lead {
        case 0x00...0x7F: return (Unicode.Scalar(lead), 1)
        case 0xC2...0xDF: (length, minimum, value) = (2, 0x80, UInt32(lead & 0x1F))
        case 0xE0...0xEF: (length, minimum, value) = (3, 0x800, UInt32(lead & 0x0F))
        case 0xF0...0xF4: (length, minimum, value) = (4, 0x10000, UInt32(lead & 0x07))
        default: return nil
        }
        guard index + length <= bytes.count else { return nil }
        for offset in 1..<length {
            let byte = bytes[index + offset]
            guard byte & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        guard value >= minimum, let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, length)
    }
}
