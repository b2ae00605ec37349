/// The naming rules for services and backups (public: REST reference; the
/// character set of service names is a model decision).
public enum Names {
    public static let serviceNameLength = 6...20
    public static let backupNameLength = 3...63

    /// Why `name` is not a valid service name, or nil when it is.
    ///
    /// Letters, digits and hyphens, starting with a letter, 6 to 20
    /// characters.
    public static func serviceNameProblem(_ name: String) -> String? {
        let bytes = Array(name.utf8)
        guard serviceNameLength.contains(bytes.count) else {
            return "a service name has \(serviceNameLength.lowerBound) to \(serviceNameLength.upperBound) characters, and '\(name)' has \(name.count)"
        }
        guard isLetter(bytes[0]) else {
            return "a service name starts with a letter"
        }
        guard bytes.allSatisfy({ isLetter($0) || isDigit($0) || $0 == hyphen }) else {
            return "a service name has only letters, digits and hyphens"
        }
        return nil
    }

    /// Why `name` is not a valid backup name, or nil when it is.
    ///
    /// Lowercase letters, digits and hyphens, starting with a letter or
    /// digit, no two hyphens in a row, 3 to 63 characters.
    public static func backupNameProblem(_ name: String) -> String? {
        let bytes = Array(name.utf8)
        guard backupNameLength.contains(bytes.count) else {
            return "a backup name has \(backupNameLength.lowerBound) to \(backupNameLength.upperBound) characters, and '\(name)' has \(name.count)"
        }
        guard bytes.allSatisfy({ isLowercase($0) || isDigit($0) || $0 == hyphen }) else {
            return "a backup name has only lowercase letters, digits and hyphens"
        }
        guard bytes[0] != hyphen else {
            return "a backup name starts with a letter or a digit"
        }
        guard !zip(bytes, bytes.dropFirst()).contains(where: { $0 == hyphen && $1 == hyphen }) else {
            return "a backup name has no two hyphens in a row"
        }
        return nil
    }

    /// The name a backup taken without one gets: `<service>-<yyyymmdd>-<hhmmss>`.
    static func automaticBackupName(service: String, at time: Timestamp) -> String {
        let c = time.components
        return "\(service.lowercased())-\(pad(c.year, 4))\(pad(c.month, 2))\(pad(c.day, 2))-\(pad(c.hour, 2))\(pad(c.minute, 2))\(pad(c.second, 2))"
    }

    /// The key services are stored under: names are case-insensitive, as
    /// the DNS names they stand for are.
    static func serviceKey(_ name: String) -> String { name.lowercased() }

    private static let hyphen = UInt8(ascii: "-")
    private static func isLetter(_ b: UInt8) -> Bool { isLowercase(b) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(b) }
    private static func isLowercase(_ b: UInt8) -> Bool { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b) }
    private static func isDigit(_ b: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) }
}

/// Zero-pads a non-negative number to `width` digits.
func pad(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}
