/// The named settings `update configuration` changes (public: the service
/// settings the backup article lists; the key spellings are ours).
public enum SettingKey: String, CaseIterable, Sendable, Hashable, Comparable, Codable {
    case acsNamespace = "acs-namespace"
    case acsKey = "acs-key"
    case trackingDatabase = "tracking-database"
    case archivingStorage = "archiving-storage"
    case monitoringStorage = "monitoring-storage"
    case sslCertificate = "ssl-certificate"
    case sslPassword = "ssl-password"

    /// The spelling users type and see.
    public var name: String { rawValue }

    /// Keys, connection strings and passwords: their values are never shown.
    public var isSecret: Bool {
        switch self {
        case .acsNamespace: false
        default: true
        }
    }

    public static func < (a: SettingKey, b: SettingKey) -> Bool { a.rawValue < b.rawValue }

    /// Matches a key ignoring case, and `_` for `-`.
    public init?(userInput: String) {
        // ASCII, as every key is, is matched byte by byte, with no string
        // made; other text is lowercased first (the Kelvin sign lowercases
        // to `k`).
        if userInput.utf8.allSatisfy({ $0 < 0x80 }) {
            let folded = userInput.utf8.lazy.map { $0 == UInt8(ascii: "_") ? UInt8(ascii: "-") : (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
            guard let key = SettingKey.allCases.first(where: { $0.rawValue.utf8.elementsEqual(folded) }) else { return nil }
            self = key
            return
        }
        let spelled = userInput.lowercased().replacingUnderscores()
        guard let key = SettingKey(rawValue: spelled) else { return nil }
        self = key
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String {
        String(map { $0 == "_" ? "-" : $0 })
    }
}

/// A service's configuration settings. Unset keys have no value.
public struct Settings: Sendable, Hashable, Codable {
    private var values: [SettingKey: String] = [:]

    public init() {}

    public subscript(key: SettingKey) -> String? {
        get { values[key] }
        set { values[key] = newValue }
    }

    /// The keys that have a value, in alphabetical order.
    public var keys: [SettingKey] { values.keys.sorted() }
}

extension Settings: CustomReflectable {
    /// A dump of settings (`String(describing:)`, an error that describes
    /// the value it failed on) never holds a secret's value.
    public var customMirror: Mirror {
        Mirror(self, children: keys.map { key -> Mirror.Child in
            (label: key.name, value: key.isSecret ? "(secret)" : values[key] ?? "")
        }, displayStyle: .dictionary)
    }
}

/// Some setting keys, a bit each: what a log entry of `update
/// configuration` names.
public struct SettingKeys: OptionSet, Sendable, Hashable, BitwiseCopyable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public init(_ keys: some Sequence<SettingKey>) {
        self.init(rawValue: keys.reduce(0) { $0 | SettingKeys.bit($1) })
    }

    private static func bit(_ key: SettingKey) -> UInt8 { 1 << SettingKey.allCases.firstIndex(of: key)! }

    public func contains(_ key: SettingKey) -> Bool { rawValue & SettingKeys.bit(key) != 0 }

    /// The keys, in alphabetical order.
    public var keys: [SettingKey] { SettingKey.allCases.filter(contains).sorted() }
}
