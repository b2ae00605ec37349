/// The naming rules for services and backups (public: REST reference; the
/// character set of service names is a model decision).
public enum Names {
    public static let serviceNameLength = 6...20
    public static let backupNameLength = 3...63

    /// Which rule `name` breaks as a service name, or nil when it is valid.
    ///
    /// Letters, digits and hyphens, starting with a letter,
    /// `serviceNameLength` characters.
    public static func serviceNameProblem(_ name: String) -> NameProblem? {
        let bytes = Array(name.utf8)
        guard serviceNameLength.contains(bytes.count) else { return .length }
        guard isLetter(bytes[0]) else { return .firstCharacter }
        guard bytes.allSatisfy({ isLetter($0) || isDigit($0) || $0 == hyphen }) else { return .characters }
        return nil
    }

    /// The length an artifact's name in the portal may have (model decision).
    public static let contentNameLength = 1...80

    /// Why `name` is not a valid name for a partner, bridge, ...: blank,
    /// too long, or holding a control character (`isControl`).
    public static func contentNameProblem(_ name: String) -> NameProblem? {
        guard contentNameLength.contains(name.count), !name.allSatisfy(\.isWhitespace) else { return .length }
        guard !name.unicodeScalars.contains(where: isControl) else { return .characters }
        return nil
    }

    /// Whether `scalar` is a control character: a C0 control, DEL, a C1
    /// control, or one of the bidirectional formatting characters
    /// (Unicode's Bidi_Control: U+061C, U+200E, U+200F, U+202A to U+202E,
    /// U+2066 to U+2069), which show the text around them in another
    /// order than it is written. No name may hold one, and everything
    /// mabs shows writes them as escapes.
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00..<0x20, 0x7F...0x9F, 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// Which rule `name` breaks as a backup name, or nil when it is valid.
    ///
    /// Lowercase letters, digits and hyphens, starting with a letter or
    /// digit, no two hyphens in a row, `backupNameLength` characters.
    public static func backupNameProblem(_ name: String) -> NameProblem? {
        let bytes = Array(name.utf8)
        guard backupNameLength.contains(bytes.count) else { return .length }
        guard bytes.allSatisfy({ isLowercase($0) || isDigit($0) || $0 == hyphen }) else { return .characters }
        guard bytes[0] != hyphen else { return .firstCharacter }
        guard !zip(bytes, bytes.dropFirst()).contains(where: { $0 == hyphen && $1 == hyphen }) else {
            return .doubleHyphen
        }
        return nil
    }

    /// The name a backup taken without one gets: `<service>-<yyyymmdd>-<hhmmss>`
    /// (public: "service name-date-time"), and, for the `attempt`th backup
    /// of that service in the same second, `-<attempt>` after it
    /// (`contoso-20161108-090000-2`; model decision).
    ///
    /// The result is always a valid backup name: the service name is
    /// lowercased, each run of hyphens in it becomes one hyphen (service
    /// names may have `--`, backup names may not), and it is shortened, if
    /// need be, so that the whole name fits `backupNameLength`.
    static func automaticBackupName(service: String, at time: Timestamp, attempt: Int = 1) -> String {
        let c = time.components
        var tail = "-\(pad(c.year, 4))\(pad(c.month, 2))\(pad(c.day, 2))-\(pad(c.hour, 2))\(pad(c.minute, 2))\(pad(c.second, 2))"
        if attempt > 1 { tail += "-\(attempt)" }
        var head: [UInt8] = []
        for byte in NameKey(service).text.utf8 where isLowercase(byte) || isDigit(byte) || byte == hyphen {
            if byte == hyphen && (head.isEmpty || head.last == hyphen) { continue }
            head.append(byte)
        }
        head = Array(head.prefix(max(0, backupNameLength.upperBound - tail.utf8.count)))
        while head.last == hyphen { head.removeLast() }
        let name = head.isEmpty ? String(tail.dropFirst()) : String(decoding: head, as: UTF8.self) + tail
        return String(name.prefix(backupNameLength.upperBound))
    }

    private static let hyphen = UInt8(ascii: "-")
    private static func isLetter(_ b: UInt8) -> Bool { isLowercase(b) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(b) }
    private static func isLowercase(_ b: UInt8) -> Bool { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b) }
    private static func isDigit(_ b: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) }
}

/// The naming rule a proposed service or backup name breaks (the rules
/// are `Names.serviceNameProblem` and `Names.backupNameProblem`).
public enum NameProblem: Sendable, Hashable {
    /// Too short or too long (`Names.serviceNameLength`,
    /// `Names.backupNameLength`).
    case length
    /// Starts with a character the name may not start with.
    case firstCharacter
    /// Has a character the name may not have.
    case characters
    /// Has two hyphens in a row (backup names).
    case doubleHyphen
}

/// Zero-pads a non-negative number to `width` digits.
func pad(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}

/// A name as the engine files it: without regard to case, as the DNS names
/// services stand for are. It is the one owner of that rule: every table
/// keyed by a name (services, backups, held names, armed failures, a
/// service's artifacts) and every lookup by one uses a `NameKey`, built
/// once from the name.
///
/// ASCII letters fold to lowercase. Names are ASCII and usually typed in
/// lowercase already, so the key is then the name itself, with no new
/// string; other text (an artifact's name may hold any) lowercases as
/// Unicode does.
public struct NameKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The folded name.
    public let text: String

    public init(_ name: String) {
        var name = name
        let fold = name.withUTF8 { bytes -> Fold in
            var fold = Fold.none
            for byte in bytes {
                if byte >= 0x80 { return .unicode }
                if byte &- UInt8(ascii: "A") < 26 { fold = .ascii }
            }
            return fold
        }
        switch fold {
        case .none: text = name
        case .ascii:
            text = name.withUTF8 { bytes in
                String(unsafeUninitializedCapacity: bytes.count) { buffer in
                    for (index, byte) in bytes.enumerated() {
                        buffer[index] = byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
                    }
                    return bytes.count
                }
            }
        case .unicode: text = name.lowercased()
        }
    }

    /// A key as a saved workspace files something, not folded: a file
    /// edited by hand may file a name under a key that is not its own,
    /// which `Engine.inconsistency` reports rather than this hides.
    init(filed text: String) { self.text = text }

    private enum Fold { case none, ascii, unicode }

    /// The key of no name, where a table's place holds nothing.
    static let vacant = NameKey(filed: "")

    public static func < (a: NameKey, b: NameKey) -> Bool { a.text < b.text }

    public var description: String { text }
}

// Saved as its text, and as the text of a table's keys (a JSON object, as
// a table keyed by strings is), so tables keyed by names are saved as they
// always were. Read back as filed (`init(filed:)`).
extension NameKey: Codable, CodingKeyRepresentable {
    public init(from decoder: Decoder) throws {
        self.init(filed: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }

    public var codingKey: CodingKey { Key(stringValue: text) }

    public init?<T: CodingKey>(codingKey: T) { self.init(filed: codingKey.stringValue) }

    private struct Key: CodingKey {
        var stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }
}
