/// The service editions, ordered Developer < Basic < Standard < Premium
/// (public: the editions feature chart).
public enum Edition: UInt8, CaseIterable, Sendable, Hashable, Comparable, Codable {
    case developer
    case basic
    case standard
    case premium

    public var displayName: String {
        switch self {
        case .developer: "Developer"
        case .basic: "Basic"
        case .standard: "Standard"
        case .premium: "Premium"
        }
    }

    /// The unit counts the edition can run (`EditionTable`).
    public var unitRange: ClosedRange<Int> { EditionTable.row(for: self).units }

    /// Whether the edition runs more than one unit count.
    public var canScale: Bool { unitRange.count > 1 }

    /// Whether the edition can be backed up and restored (`EditionTable`).
    public var supportsBackup: Bool { EditionTable.row(for: self).backup }

    /// Whether a service of this edition can run `operation` at all,
    /// whatever its state: Developer neither scales nor backs up or
    /// restores (`EditionTable`).
    @inline(__always)
    public func allows(_ operation: Operation) -> Bool {
        switch operation {
        case .scale: canScale
        case .backup, .restore: supportsBackup
        default: true
        }
    }

    /// What one scale unit of the edition may hold (`EditionTable`).
    public var quotaPerUnit: Quota {
        let row = EditionTable.row(for: self)
        return Quota(bridges: row.bridges, agreements: row.agreements, hybridConnections: row.hybridConnections)
    }

    public static func < (lhs: Edition, rhs: Edition) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Matches an edition name ignoring case, spaces, hyphens and underscores.
    public init?(userInput: some StringProtocol) {
        guard let edition = LenientName.match(userInput, in: Edition.allCases, name: \.displayName) else { return nil }
        self = edition
    }
}

extension Edition: CustomStringConvertible {
    public var description: String { displayName }
}

/// How many artifacts of each kind a service may hold.
public struct Quota: Sendable, Hashable {
    public var bridges: Int
    public var agreements: Int
    public var hybridConnections: Int

    public static func * (quota: Quota, units: Int) -> Quota {
        Quota(
            bridges: quota.bridges * units,
            agreements: quota.agreements * units,
            hybridConnections: quota.hybridConnections * units
        )
    }
}
