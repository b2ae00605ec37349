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
///
/// A backup holds its service's contents as they were, and a workspace may
/// hold many backups of one service, each taken after one more artifact was
/// added. So the items are stored to be shared: each kind's items are a
/// `ContentList` of small immutable chunks, and copying a `Contents` (a
/// backup) copies no item. Adding or removing one item afterwards makes one
/// new chunk and a new list of chunk references; every other chunk stays
/// shared with the backups.
public struct Contents: Sendable, Hashable, Codable {
    /// Each kind's items, at the kind's raw value; kinds past the end have
    /// none (most services hold nothing, and then this holds nothing).
    private var lists: [ContentList] = []

    public init() {}

    private func list(_ kind: ContentKind) -> ContentList {
        Int(kind.rawValue) < lists.count ? lists[Int(kind.rawValue)] : ContentList()
    }

    /// The list of `kind`, to change (made if there is none yet).
    private subscript(changing kind: ContentKind) -> ContentList {
        get { list(kind) }
        set {
            while lists.count <= Int(kind.rawValue) { lists.append(ContentList()) }
            lists[Int(kind.rawValue)] = newValue
        }
        _modify {
            while lists.count <= Int(kind.rawValue) { lists.append(ContentList()) }
            yield &lists[Int(kind.rawValue)]
        }
    }

    /// Equal when every kind holds the same items (however the lists are
    /// stored).
    public static func == (a: Contents, b: Contents) -> Bool {
        ContentKind.allCases.allSatisfy { a.list($0) == b.list($0) }
    }

    public func hash(into hasher: inout Hasher) {
        for kind in ContentKind.allCases { hasher.combine(list(kind)) }
    }

    /// The items of one kind, in name order.
    public func items(_ kind: ContentKind) -> [ContentItem] { list(kind).items }

    public func count(_ kind: ContentKind) -> Int { list(kind).count }

    /// How many items of every kind together.
    public var totalCount: Int { lists.reduce(0) { $0 + $1.count } }

    /// The item of `kind` with this name, ignoring case.
    public func item(_ kind: ContentKind, named name: String) -> ContentItem? {
        list(kind).item(key: NameKey(name))
    }

    /// Every kind that has items, in `ContentKind` order.
    public var kinds: [ContentKind] { ContentKind.allCases.filter { count($0) > 0 } }

    public var isEmpty: Bool { totalCount == 0 }

    mutating func add(_ kind: ContentKind, _ item: ContentItem) {
        self[changing: kind].insert(item)
    }

    mutating func remove(_ kind: ContentKind, named name: String) {
        guard count(kind) > 0 else { return }
        self[changing: kind].remove(key: NameKey(name))
    }

    /// What the quotas count: each agreement is two bridges (a send and a
    /// receive side) besides being an agreement (public: editions chart).
    public var usage: Quota {
        var total = Quota(bridges: 0, agreements: 0, hybridConnections: 0)
        for kind in ContentKind.allCases {
            let n = count(kind)
            guard n > 0 else { continue }
            let cost = Contents.cost(of: kind)
            total = Quota(bridges: total.bridges + n * cost.bridges, agreements: total.agreements + n * cost.agreements,
                          hybridConnections: total.hybridConnections + n * cost.hybridConnections)
        }
        return total
    }

    /// What one item of `kind` counts against the quotas.
    public static func cost(of kind: ContentKind) -> Quota {
        switch kind {
        case .bridge: Quota(bridges: 1, agreements: 0, hybridConnections: 0)
        case .agreement: Quota(bridges: 2, agreements: 1, hybridConnections: 0)
        case .hybridConnection: Quota(bridges: 0, agreements: 0, hybridConnections: 1)
        default: Quota(bridges: 0, agreements: 0, hybridConnections: 0)
        }
    }

    /// The contents without the kinds a backup does not keep: the kept
    /// kinds' storage is shared, not copied.
    func keepingBackedUp() -> Contents {
        var kept = Contents()
        for kind in ContentKind.allCases where kind.isBackedUp && count(kind) > 0 { kept[changing: kind] = list(kind) }
        return kept
    }

    // Saved as it always was: the kinds that have items, with their items
    // in name order (`{"items": [KIND, [ITEM, ...], ...]}`).
    private enum CodingKeys: String, CodingKey { case items }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let saved = try container.decode([ContentKind: [ContentItem]].self, forKey: .items)
        for (kind, items) in saved where !items.isEmpty { self[changing: kind] = ContentList(items) }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        var saved: [ContentKind: [ContentItem]] = [:]
        for kind in kinds { saved[kind] = items(kind) }
        try container.encode(saved, forKey: .items)
    }
}

/// One kind's items in name order (by `NameKey`), in chunks of at most
/// `chunkCapacity` items that are never changed once made, so that copies
/// of the list share them (see `Contents`). Finding an item is a binary
/// search over the chunks, then within one.
struct ContentList: Sendable, Hashable {
    /// Small enough that a change copies little, large enough that the
    /// list of chunks stays short (157 references for 10,000 items).
    static let chunkCapacity = 64

    /// Items and their keys, in key order. Immutable.
    final class Chunk: Sendable {
        let keys: [NameKey]
        let items: [ContentItem]
        init(keys: [NameKey], items: [ContentItem]) {
            self.keys = keys
            self.items = items
        }
    }

    private var chunks: [Chunk] = []
    private(set) var count = 0

    init() {}

    /// A list of `items`, sorted by key here.
    init(_ items: [ContentItem]) {
        let sorted = items.map { (NameKey($0.name), $0) }.sorted { $0.0 < $1.0 }
        var start = 0
        while start < sorted.count {
            let slice = sorted[start..<min(start + Self.chunkCapacity, sorted.count)]
            chunks.append(Chunk(keys: slice.map(\.0), items: slice.map(\.1)))
            start += Self.chunkCapacity
        }
        count = sorted.count
    }

    var items: [ContentItem] { chunks.flatMap(\.items) }

    /// Where `key` is, or would go: the chunk (the last one for a key past
    /// every chunk), and the place in it.
    private func position(of key: NameKey) -> (chunk: Int, index: Int) {
        var low = 0, high = chunks.count
        while low < high {
            let middle = (low + high) / 2
            if chunks[middle].keys.last! < key { low = middle + 1 } else { high = middle }
        }
        let chunk = min(low, chunks.count - 1)
        let keys = chunks[chunk].keys
        var first = 0, last = keys.count
        while first < last {
            let middle = (first + last) / 2
            if keys[middle] < key { first = middle + 1 } else { last = middle }
        }
        return (chunk, first)
    }

    func item(key: NameKey) -> ContentItem? {
        guard !chunks.isEmpty else { return nil }
        let (chunk, index) = position(of: key)
        let found = chunks[chunk]
        return index < found.keys.count && found.keys[index] == key ? found.items[index] : nil
    }

    /// Inserts an item whose key the list does not hold yet.
    mutating func insert(_ item: ContentItem) {
        let key = NameKey(item.name)
        count += 1
        guard !chunks.isEmpty else {
            chunks = [Chunk(keys: [key], items: [item])]
            return
        }
        let (chunk, index) = position(of: key)
        var keys = chunks[chunk].keys, items = chunks[chunk].items
        keys.insert(key, at: index)
        items.insert(item, at: index)
        if keys.count <= Self.chunkCapacity {
            chunks[chunk] = Chunk(keys: keys, items: items)
        } else {
            let half = keys.count / 2
            chunks[chunk] = Chunk(keys: Array(keys[..<half]), items: Array(items[..<half]))
            chunks.insert(Chunk(keys: Array(keys[half...]), items: Array(items[half...])), at: chunk + 1)
        }
    }

    /// Removes the item with this key, if there is one.
    mutating func remove(key: NameKey) {
        guard !chunks.isEmpty else { return }
        let (chunk, index) = position(of: key)
        guard index < chunks[chunk].keys.count, chunks[chunk].keys[index] == key else { return }
        count -= 1
        var keys = chunks[chunk].keys, items = chunks[chunk].items
        keys.remove(at: index)
        items.remove(at: index)
        if keys.isEmpty {
            chunks.remove(at: chunk)
        } else {
            chunks[chunk] = Chunk(keys: keys, items: items)
        }
    }

    static func == (a: ContentList, b: ContentList) -> Bool {
        guard a.count == b.count else { return false }
        // Shared chunks are equal without looking into them.
        if a.chunks.count == b.chunks.count, zip(a.chunks, b.chunks).allSatisfy({ $0 === $1 }) { return true }
        return a.items == b.items
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for chunk in chunks { for item in chunk.items { hasher.combine(item) } }
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
    public static func counted(for kind: ContentKind) -> [QuotaKind] {
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
