/// What a service holds in the BizTalk Services portal: the kinds of
/// artifact the backup article lists, plus hybrid connections (seed).
///
/// The cases are in the article's order; `name` is how scripts write them.
public enum ContentKind: UInt8, CaseIterable, Sendable, Hashable, Codable {
    case partner
    case profile
    case agreement
    case bridge
    case assembly
    case certificate
    case transform
    case pipeline
    case template
    case x12Mapping
    case hybridConnection

    /// The kind as scripts write it: `partner`, `x12-mapping`, `hybrid-connection`.
    public var name: String {
        switch self {
        case .partner: "partner"
        case .profile: "profile"
        case .agreement: "agreement"
        case .bridge: "bridge"
        case .assembly: "assembly"
        case .certificate: "certificate"
        case .transform: "transform"
        case .pipeline: "pipeline"
        case .template: "template"
        case .x12Mapping: "x12-mapping"
        case .hybridConnection: "hybrid-connection"
        }
    }

    /// Matches a kind ignoring case, spaces, hyphens and underscores, and a
    /// final `s` (`bridges`, `X12 mappings`).
    public init?(userInput: some StringProtocol) {
        guard let kind = LenientName.match(userInput, in: ContentKind.allCases, singularOrPlural: true, name: \.name) else {
            return nil
        }
        self = kind
    }

    /// Whether a backup keeps items of this kind (the seed's list, as data
    /// in `BackupTable`).
    public var isBackedUp: Bool { BackupTable.keptContents.contains(self) }
}

/// One artifact: its name and, for an agreement, the FTP folder it reads
/// messages from.
public struct ContentItem: Sendable, Hashable, Codable {
    public let name: String
    /// For an agreement: the source FTP folder, if it has one.
    public let source: String?
}

/// What a service holds, by kind, each kind in name order.
public struct Contents: Sendable, Hashable, Codable {
    /// Each kind's items, sorted by lowercased name (names are unique per
    /// kind, ignoring case), so lookups and inserts are binary searches.
    private var items: [ContentKind: [ContentItem]] = [:]

    public init() {}

    /// The items of one kind, in name order.
    public func items(_ kind: ContentKind) -> [ContentItem] { items[kind] ?? [] }

    public func count(_ kind: ContentKind) -> Int { items[kind]?.count ?? 0 }

    /// The item of `kind` with this name, ignoring case.
    public func item(_ kind: ContentKind, named name: String) -> ContentItem? {
        guard let list = items[kind] else { return nil }
        let key = name.lowercased()
        let index = Contents.insertionIndex(of: key, in: list)
        return index < list.count && list[index].name.lowercased() == key ? list[index] : nil
    }

    /// Where an item named `key` (lowercased) is, or would go, in `list`.
    private static func insertionIndex(of key: String, in list: [ContentItem]) -> Int {
        var low = 0, high = list.count
        while low < high {
            let middle = (low + high) / 2
            if list[middle].name.lowercased() < key { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Every kind that has items, in `ContentKind` order.
    public var kinds: [ContentKind] { ContentKind.allCases.filter { count($0) > 0 } }

    public var isEmpty: Bool { items.values.allSatisfy(\.isEmpty) }

    mutating func add(_ kind: ContentKind, _ item: ContentItem) {
        let index = Contents.insertionIndex(of: item.name.lowercased(), in: items[kind] ?? [])
        items[kind, default: []].insert(item, at: index)
    }

    mutating func remove(_ kind: ContentKind, named name: String) {
        guard let list = items[kind] else { return }
        let key = name.lowercased()
        let index = Contents.insertionIndex(of: key, in: list)
        if index < list.count && list[index].name.lowercased() == key { items[kind]!.remove(at: index) }
    }

    /// What the quotas count: each agreement is two bridges (a send and a
    /// receive side) besides being an agreement (public: editions chart).
    public var usage: Quota {
        ContentKind.allCases.reduce(Quota(bridges: 0, agreements: 0, hybridConnections: 0)) { total, kind in
            let cost = Contents.cost(of: kind)
            let n = count(kind)
            return Quota(bridges: total.bridges + n * cost.bridges, agreements: total.agreements + n * cost.agreements,
                         hybridConnections: total.hybridConnections + n * cost.hybridConnections)
        }
    }

    /// What one item of `kind` counts against the quotas.
    static func cost(of kind: ContentKind) -> Quota {
        switch kind {
        case .bridge: Quota(bridges: 1, agreements: 0, hybridConnections: 0)
        case .agreement: Quota(bridges: 2, agreements: 1, hybridConnections: 0)
        case .hybridConnection: Quota(bridges: 0, agreements: 0, hybridConnections: 1)
        default: Quota(bridges: 0, agreements: 0, hybridConnections: 0)
        }
    }

    /// The contents without the kinds a backup does not keep.
    func keepingBackedUp() -> Contents {
        var kept = Contents()
        for kind in ContentKind.allCases where kind.isBackedUp { kept.items[kind] = items[kind] }
        return kept
    }
}

/// One quota an edition sets, per unit (public: editions chart).
public enum QuotaKind: UInt8, CaseIterable, Sendable, Hashable {
    case bridges, agreements, hybridConnections

    public var name: String {
        switch self {
        case .bridges: "bridges"
        case .agreements: "agreements"
        case .hybridConnections: "hybrid connections"
        }
    }

    /// Matches a quota ignoring case, spaces, hyphens and underscores, and
    /// a final `s` (`bridge`, `hybrid-connections`).
    public init?(userInput: some StringProtocol) {
        guard let kind = LenientName.match(userInput, in: QuotaKind.allCases, singularOrPlural: true, name: \.name) else {
            return nil
        }
        self = kind
    }

    /// The quotas an item of `kind` counts against.
    static func counted(for kind: ContentKind) -> [QuotaKind] {
        let cost = Contents.cost(of: kind)
        return [QuotaKind.agreements, .bridges, .hybridConnections].filter { cost[$0] > 0 }
    }
}

extension Quota {
    public subscript(kind: QuotaKind) -> Int {
        switch kind {
        case .bridges: bridges
        case .agreements: agreements
        case .hybridConnections: hybridConnections
        }
    }
}
