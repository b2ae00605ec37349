/// One operation or platform event that ran (public: operation logs), as
/// the log keeps it: plain fields, with no text of its own. The service is
/// its identity, and the subject's names (a backup, a version) are the
/// log's texts; `Engine.describe(_:)` gives the entry with its names, for
/// printing and saving (`LogRecord`).
///
/// The log keeps up to 100,000 of these by default, and appends one per
/// operation, so an entry is small and trivially copied: appending one
/// copies bytes and counts no references.
public struct LogEntry: Sendable, Hashable, BitwiseCopyable {
    public let time: Timestamp
    /// The service it ran on. The log outlives services: the engine keeps
    /// a deleted service's name while the log holds entries about it
    /// (`Engine.name(of:)`).
    public let service: ServiceID
    /// The subject's number or text (see `subject`).
    private let payload: Int64
    public let cause: FailureCause?
    public let operation: Operation
    public let succeeded: Bool
    public let from: ServiceState?
    public let to: ServiceState?
    private let subjectKind: SubjectKind?

    /// What the operation acted on besides the service. Names are the
    /// log's texts (`Engine.text(of:)`).
    public enum Subject: Sendable, Hashable, BitwiseCopyable {
        case units(Int)
        case backup(Text)
        case version(Text)
        case settings(SettingKeys)
        /// A backup schedule purged this backup, past its retention period.
        /// The entry's `operation` is `.backup`; its log name is
        /// `LogEntry.purgeLogName`.
        case purgedBackup(Text)
    }

    /// A text the log keeps for its entries (a backup's name, a version),
    /// for as long as an entry names it.
    public struct Text: Sendable, Hashable, BitwiseCopyable {
        let index: UInt32
    }

    private enum SubjectKind: UInt8, BitwiseCopyable {
        case units, backup, version, settings, purgedBackup
    }

    init(
        time: Timestamp, service: ServiceID, operation: Operation, succeeded: Bool,
        cause: FailureCause?, from: ServiceState?, to: ServiceState?, subject: Subject?
    ) {
        self.time = time
        self.service = service
        self.operation = operation
        self.succeeded = succeeded
        self.cause = cause
        self.from = from
        self.to = to
        switch subject {
        case .units(let units): (subjectKind, payload) = (.units, Int64(units))
        case .backup(let text): (subjectKind, payload) = (.backup, Int64(text.index))
        case .version(let text): (subjectKind, payload) = (.version, Int64(text.index))
        case .settings(let keys): (subjectKind, payload) = (.settings, Int64(keys.rawValue))
        case .purgedBackup(let text): (subjectKind, payload) = (.purgedBackup, Int64(text.index))
        case nil: (subjectKind, payload) = (nil, 0)
        }
    }

    public var subject: Subject? {
        switch subjectKind {
        case .units: .units(Int(payload))
        case .backup: .backup(Text(index: UInt32(truncatingIfNeeded: payload)))
        case .version: .version(Text(index: UInt32(truncatingIfNeeded: payload)))
        case .settings: .settings(SettingKeys(rawValue: UInt8(truncatingIfNeeded: payload)))
        case .purgedBackup: .purgedBackup(Text(index: UInt32(truncatingIfNeeded: payload)))
        case nil: nil
        }
    }

    /// The log text the entry names, if any.
    var text: Text? {
        switch subjectKind {
        case .backup, .version, .purgedBackup: Text(index: UInt32(truncatingIfNeeded: payload))
        case .units, .settings, nil: nil
        }
    }

    /// The log name of a backup schedule's purge of an old backup (public:
    /// operation logs). A purge is not a user operation and not an
    /// `Operation`.
    public static let purgeLogName = "PurgeBackupBizTalkService"

    /// Whether a backup schedule purged an old backup (rather than an
    /// operation or platform event running).
    public var isPurge: Bool { subjectKind == .purgedBackup }

    /// The name the public operation logs give this entry:
    /// `operation.logName`, or `purgeLogName` for a purge.
    public var logName: String { isPurge ? LogEntry.purgeLogName : operation.logName }
}

/// A log entry with its names: what is printed (`LogText`, `Reports`) and
/// saved (a workspace's log, a journal's records). `Engine.describe(_:)`
/// makes one.
public struct LogRecord: Sendable, Hashable, Codable {
    public let time: Timestamp
    /// The service's name, as it was created.
    public let service: String
    public let operation: Operation
    public let succeeded: Bool
    public let cause: FailureCause?
    public let from: ServiceState?
    public let to: ServiceState?
    public let subject: Subject?

    /// What the operation acted on besides the service (as
    /// `LogEntry.Subject`, with its names).
    public enum Subject: Sendable, Hashable, Codable {
        case units(Int)
        case backup(String)
        case version(ProductVersion)
        case settings([SettingKey])
        case purgedBackup(String)
    }

    public var isPurge: Bool {
        if case .purgedBackup = subject { true } else { false }
    }

    /// `operation.logName`, or `LogEntry.purgeLogName` for a purge.
    public var logName: String { isPurge ? LogEntry.purgeLogName : operation.logName }
}

/// The operation log: the most recent `limit` operations and platform
/// events that ran, oldest first, and how many older ones were dropped.
///
/// A loop left running appends an entry per operation; keeping them all
/// would grow without bound (a runaway loop reached gigabytes), so the log
/// keeps the newest `limit` (model decision; settable, 100,000 by default).
/// Once full it is a ring: each new entry takes the oldest one's place, so
/// appending costs the same however long the run.
///
/// The log keeps the texts its entries name (`LogEntry.Text`), each for as
/// long as its entry is kept. The services they name are the engine's.
public struct OperationLog: Sendable {
    public static let defaultLimit = 100_000

    /// How many entries the log keeps (at least 1; a log read back from a
    /// file keeps the number it says, which `Engine.inconsistency` checks).
    public internal(set) var limit: Int {
        didSet {
            limit = max(1, limit)
            let kept = entries
            let dropping = kept.count - min(kept.count, limit)
            for entry in kept.prefix(dropping) { release(entry) }
            ring = Array(kept.suffix(limit))
            head = 0
            cut = OperationLog.sum(cut, dropping)
        }
    }

    /// How many entries were dropped is only reported, so its sums stop at
    /// `Int.max` rather than trap.
    private static func sum(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b > 0 ? .max : .min) : sum
    }

    /// The kept entries; once `limit` are kept, the oldest is at `head`.
    private var ring: [LogEntry] = []
    private var head = 0
    /// How many entries were dropped.
    private var cut = 0
    /// With a journal (see Changes.swift): `total` when the appended
    /// entries were last taken. Nil without one.
    private var journalMark: Int?
    /// The texts entries name, by `LogEntry.Text`; a free one is empty.
    private var texts: [String] = []
    private var freeTexts: [UInt32] = []
    /// How many texts kept entries name: while none does, an entry dropped
    /// is not read (the ring is larger than a cache, and reading the
    /// oldest entry back would cost every append a miss).
    private var textsKept = 0
    /// How many entries this log has appended (those read back with it
    /// included): the sequence number the next one gets. Unlike `total`,
    /// it is never set from outside, so the engine can tell by it which
    /// entries are gone (`firstKept`).
    private(set) var appended = 0

    init(limit: Int = OperationLog.defaultLimit) {
        self.limit = max(1, limit)
    }

    /// The entries kept, oldest first.
    public var entries: [LogEntry] {
        head == 0 ? ring : Array(ring[head...] + ring[..<head])
    }

    /// How many entries ran but are no longer kept.
    public var dropped: Int { cut }

    /// Every entry ever appended, kept or dropped (at most `Int.max`).
    public var total: Int { OperationLog.sum(cut, ring.count) }

    /// The newest entry.
    public var last: LogEntry? {
        ring.isEmpty ? nil : ring[(head + ring.count - 1) % ring.count]
    }

    /// The sequence number (`appended`) of the oldest entry kept: every
    /// entry before it is gone.
    var firstKept: Int { appended - ring.count }

    mutating func append(_ entry: LogEntry) {
        appended &+= 1
        if ring.count < limit {
            ring.append(entry)
        } else {
            if textsKept > 0 { release(ring[head]) }
            ring[head] = entry
            head += 1
            if head == ring.count { head = 0 }
            cut = OperationLog.sum(cut, 1)
        }
    }

    /// The newest `count` kept entries (all of them if fewer are kept),
    /// oldest first.
    func newest(_ count: Int) -> [LogEntry] {
        let count = min(count, ring.count)
        return (ring.count - count..<ring.count).map { ring[(head + $0) % ring.count] }
    }

    // MARK: Texts

    /// Keeps `text` for an entry about to be appended.
    mutating func keep(_ text: String) -> LogEntry.Text {
        textsKept += 1
        if let index = freeTexts.popLast() {
            texts[Int(index)] = text
            return LogEntry.Text(index: index)
        }
        texts.append(text)
        return LogEntry.Text(index: UInt32(texts.count - 1))
    }

    /// The text an entry kept names.
    func text(_ text: LogEntry.Text) -> String { texts[Int(text.index)] }

    /// How many places for texts the log has (kept or free).
    var textCount: Int { texts.count }

    /// Gives back the text of an entry no longer kept.
    private mutating func release(_ entry: LogEntry) {
        guard let text = entry.text else { return }
        textsKept -= 1
        texts[Int(text.index)] = ""
        freeTexts.append(text.index)
    }

    // MARK: Journal

    var isTracking: Bool {
        get { journalMark != nil }
        set { journalMark = newValue ? total : nil }
    }

    /// The entries appended since the last call (those still kept), and
    /// from now on none has been.
    mutating func takeAppended() -> [LogEntry] {
        guard let mark = journalMark else { return [] }
        journalMark = total
        return newest(total - mark)
    }

    /// Makes this log, as it was when its twin's appended entries were last
    /// taken, what the twin became: its limit, those entries (their texts
    /// already kept here), and its count of dropped ones (which counts
    /// entries appended and dropped since, which the journal does not
    /// keep).
    mutating func replay(limit: Int, appending entries: [LogEntry], dropped: Int) {
        if limit != self.limit { self.limit = limit }
        for entry in entries { append(entry) }
        cut = dropped
    }

    // MARK: Reading back

    /// An empty log to read a saved one's `count` entries back into:
    /// `limit` as the file says (below 1 or not, for
    /// `Engine.inconsistency` to refuse; only the entries kept need a limit
    /// of at least 1), and the dropped count with the entries that will not
    /// fit. The newest `OperationLog.kept(count, limit:)` of them are then
    /// appended with `appendRead(_:)`, each with its sequence number
    /// (`appended`).
    init(readingLimit limit: Int, dropped: Int, count: Int) {
        self.limit = limit
        let kept = OperationLog.kept(count, limit: limit)
        appended = count - kept
        cut = OperationLog.sum(dropped, count - kept)
    }

    /// How many of `count` saved entries a log of `limit` keeps.
    static func kept(_ count: Int, limit: Int) -> Int { min(count, max(1, limit)) }

    mutating func appendRead(_ entry: LogEntry) {
        appended += 1
        ring.append(entry)
    }
}
