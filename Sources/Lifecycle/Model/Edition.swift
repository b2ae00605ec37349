/// The service editions, ordered Developer < Basic < Standard < Premium
/// (public: the editions feature chart).
public enum Edition: UInt8, CaseIterable, Sendable, Hashable, Comparable {
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

    /// The unit counts the edition can run. Developer runs exactly one unit
    /// and cannot scale.
    public var unitRange: ClosedRange<Int> {
        self == .developer ? 1...1 : 1...8
    }

    public var canScale: Bool { unitRange.count > 1 }

    /// Whether the edition can be backed up and restored (model decision:
    /// not Developer; the editions chart and the REST reference disagree).
    public var supportsBackup: Bool { self != .developer }

    /// What one scale unit of the edition may hold (public: editions chart).
    public var quotaPerUnit: Quota {
        switch self {
        case .developer: Quota(bridges: 25, agreements: 10, hybridConnections: 5)
        case .basic: Quota(bridges: 25, agreements: 50, hybridConnections: 10)
        case .standard: Quota(bridges: 125, agreements: 250, hybridConnections: 50)
        case .premium: Quota(bridges: 500, agreements: 1000, hybridConnections: 100)
        }
    }

    public static func < (lhs: Edition, rhs: Edition) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Matches an edition name ignoring case, spaces, hyphens and underscores.
    public init?(userInput: some StringProtocol) {
        let key = LenientName.key(userInput)
        guard let edition = Edition.allCases.first(where: { LenientName.key($0.displayName) == key }) else {
            return nil
        }
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
