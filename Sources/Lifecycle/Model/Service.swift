/// One BizTalk Service: its state and what a backup captures of it.
public struct Service: Sendable, Hashable, Codable {
    /// The name as it was created; lookups ignore case.
    public let name: String
    /// Tells this service apart from earlier and later ones of the same
    /// name, in a saved workspace too (the engine numbers every service it
    /// creates or restores). Not its `ServiceID`, which is where the engine
    /// keeps it while it exists.
    public internal(set) var number = 0
    public internal(set) var state: ServiceState
    public internal(set) var edition: Edition
    public internal(set) var units: Int
    public internal(set) var region: String
    public internal(set) var productVersion: ProductVersion
    public internal(set) var settings: Settings
    public let createdAt: Timestamp
    /// The backup this service was restored from, if any.
    public internal(set) var restoredFrom: String?
    /// The number of the first service of its backup lineage: its own
    /// when created, its backup's source's lineage when restored (see
    /// Lineage.swift). Absent in workspaces saved before lineages were
    /// kept.
    var lineage: Int? = nil
    /// What the portal holds: partners, agreements, bridges, ...
    public internal(set) var contents = Contents()
    /// Messages received into the active batch and not yet processed.
    public internal(set) var activeBatch = 0
    /// The last EDI interchange control number used (0 before the first).
    public internal(set) var controlNumber = 0
    /// AS2 message MIC values recorded (one per message processed), which
    /// a backup keeps (seed).
    public internal(set) var micValues = 0
    /// Every message processed since the service was created (or, for a
    /// restored service, since its backup was taken, counted from there).
    public internal(set) var messagesProcessed = 0

    /// The most this service may hold at its edition and unit count.
    public var quota: Quota { edition.quotaPerUnit * units }

    /// The operations allowed in the service's current state.
    public var allowedOperations: OperationSet { Rules.allowedOperations(in: state) }

    /// What the engine's table holds where no service is (`Vacant`).
    static let vacant = Service(
        name: "", state: .active, edition: .developer, units: 0, region: "", productVersion: ProductVersion(""),
        settings: Settings(), createdAt: .simulationStart, restoredFrom: nil
    )

    // Saved as it always was: the number under `id`.
    private enum CodingKeys: String, CodingKey {
        case name, number = "id", state, edition, units, region, productVersion, settings, createdAt, restoredFrom, lineage
        case contents, activeBatch, controlNumber, micValues, messagesProcessed
    }
}

/// The service software's version (public: a restore brings back the
/// backup's version; a service update moves to a new one).
public struct ProductVersion: Sendable, Hashable, CustomStringConvertible, Codable {
    public var text: String
    public init(_ text: String) { self.text = text }
    public var description: String { text }

    /// The version every new service runs (model decision).
    public static let initial = ProductVersion("1.0")

    /// Which rule `text` breaks as a version a service update moves to, or
    /// nil when it is one: not empty, and no spaces, control or other
    /// invisible characters (model decision).
    public static func problem(_ text: String) -> NameProblem? {
        guard !text.isEmpty else { return .length }
        let invisible = text.unicodeScalars.contains {
            $0.properties.isWhitespace || $0.properties.generalCategory == .control || $0.properties.generalCategory == .format
        }
        return invisible ? .characters : nil
    }

    /// -1, 0 or 1, as versions order: part by part, split at dots, a
    /// missing part counting as `0` (so `1` is `1.0`); parts of digits
    /// compare as numbers, of any length (`1.10` comes after `1.9`), and
    /// before parts of other text, which compare as text.
    public func order(comparedWith other: ProductVersion) -> Int {
        let mine = text.split(separator: ".", omittingEmptySubsequences: false)
        let theirs = other.text.split(separator: ".", omittingEmptySubsequences: false)
        for index in 0..<max(mine.count, theirs.count) {
            let order = ProductVersion.order(index < mine.count ? mine[index] : "0", index < theirs.count ? theirs[index] : "0")
            if order != 0 { return order }
        }
        return 0
    }

    private static func order(_ a: Substring, _ b: Substring) -> Int {
        func number(_ part: Substring) -> Substring.UTF8View.SubSequence? {
            guard !part.isEmpty, part.utf8.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }) else { return nil }
            let digits = part.utf8.drop { $0 == UInt8(ascii: "0") }
            return digits
        }
        switch (number(a), number(b)) {
        case (let x?, let y?):
            // Without leading zeros, the longer number is the larger.
            if x.count != y.count { return x.count < y.count ? -1 : 1 }
            return x.elementsEqual(y) ? 0 : x.lexicographicallyPrecedes(y) ? -1 : 1
        case (_?, nil): return -1
        case (nil, _?): return 1
        case (nil, nil): return a == b ? 0 : a < b ? -1 : 1
        }
    }

    /// The version a service update without an explicit target moves to:
    /// the last number goes up by one (`1.0` becomes `1.1`).
    /// The number is counted up as decimal digits, so no version is too
    /// long to have a next one.
    public var next: ProductVersion {
        var parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let last = parts.last, !last.isEmpty, last.utf8.allSatisfy({ (48...57).contains($0) }) else {
            return ProductVersion(text.isEmpty ? ProductVersion.initial.text : text + ".1")
        }
        var digits = Array(last.utf8)
        var index = digits.count - 1
        while index >= 0 && digits[index] == UInt8(ascii: "9") {
            digits[index] = UInt8(ascii: "0")
            index -= 1
        }
        if index >= 0 { digits[index] += 1 } else { digits.insert(UInt8(ascii: "1"), at: 0) }
        parts[parts.count - 1] = String(decoding: digits, as: UTF8.self)
        return ProductVersion(parts.joined(separator: "."))
    }
}

/// The region a service runs in when none is given (model decision).
public let defaultRegion = "West US"

/// A backup: what the service was at the moment it was taken. Backups
/// outlive the service they came from.
public struct Backup: Sendable, Hashable, Codable {
    public let name: String
    /// The name of the service it was taken from.
    public let service: String
    /// That service's number (`Service.number`).
    let sourceID: Int
    public let takenAt: Timestamp
    public let edition: Edition
    public let units: Int
    public let region: String
    public let productVersion: ProductVersion
    /// Every setting, secrets included (the SSL certificate and password,
    /// the ACS key, the connection strings).
    public let settings: Settings
    /// The portal contents, without the kinds a backup does not keep.
    public let contents: Contents
    /// The EDI control number when the backup was taken.
    public let controlNumber: Int
    /// The AS2 message MIC values recorded when the backup was taken.
    public let micValues: Int
    /// The source's processed-message count when the backup was taken.
    public let messagesProcessed: Int
    /// The hybrid connections the service had, which the backup does not
    /// hold (seed): they must be recreated after a restore.
    public let hybridConnectionsLeftOut: [String]
    /// Messages that were in the active batch when the backup was taken:
    /// not in the backup, and lost (seed).
    public let messagesLost: Int
}

extension Service: Vacant {}

extension Backup: Vacant {
    /// What the engine's table holds where no backup is.
    static let vacant = Backup(
        name: "", service: "", sourceID: 0, takenAt: .simulationStart, edition: .developer, units: 0, region: "",
        productVersion: ProductVersion(""), settings: Settings(), contents: Contents(), controlNumber: 0, micValues: 0,
        messagesProcessed: 0, hybridConnectionsLeftOut: [], messagesLost: 0
    )
}
