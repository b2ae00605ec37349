/// What happens in the BizTalk Services portal and at run time, beside the
/// management operations: contents added and removed, messages received
/// and processed, tracking databases. None of it is a management
/// operation, so none of it is in the operation log.
extension Engine {
    /// The states in which the portal's contents may change (model
    /// decision: the article lets a restored, Suspended service take
    /// configuration changes; Stopped and Active allow them too).
    public static let contentStates: [ServiceState] = [.active, .suspended, .stopped]

    /// The state in which messages are processed (model decision, from the
    /// public fact that a Suspended service processes none).
    public static let messageState = ServiceState.active

    // MARK: Contents

    /// Adds an artifact to a service. An agreement may read from a source
    /// FTP folder. Refused outside `contentStates`, for a name the service
    /// already has of that kind, and at a quota.
    public mutating func add(
        _ kind: ContentKind, named name: String, to serviceName: String, source: String? = nil
    ) throws(LifecycleError) {
        // The checks read the service where it is; the change is made in
        // place afterwards, so a service with thousands of items is not
        // copied for each one.
        let slot = try checkAdd(kind, named: name, to: serviceName, source: source)
        services[slot].contents.add(kind, ContentItem(name: name, source: source))
    }

    /// Why `add` is refused, if it is; where the service is if not.
    private func checkAdd(
        _ kind: ContentKind, named name: String, to serviceName: String, source: String?
    ) throws(LifecycleError) -> UInt32 {
        let slot = try portal(serviceName)
        let service = services[slot]
        if let problem = Names.contentNameProblem(name) { throw .invalidContentName(name, problem: problem) }
        guard source == nil || kind == .agreement else { throw .sourceOnlyForAgreements(kind) }
        if let source, source.allSatisfy(\.isWhitespace) { throw .emptySourceFolder(agreement: name) }
        if service.contents.item(kind, named: name) != nil {
            throw .contentExists(kind, name: name, service: service.name)
        }
        guard service.contents.totalCount < Engine.maximumContentItems else {
            throw .tooManyContentItems(service: service.name, limit: Engine.maximumContentItems)
        }
        let quota = service.quota, usage = service.contents.usage
        for quotaKind in QuotaKind.counted(for: kind) {
            let after = usage[quotaKind] + Contents.cost(of: kind)[quotaKind]
            if after > quota[quotaKind] {
                throw .quotaReached(quotaKind, kind: kind, wouldUse: after, limit: quota[quotaKind],
                                    service: service.name, edition: service.edition, units: service.units)
            }
        }
        return slot
    }

    /// Removes an artifact from a service.
    public mutating func remove(_ kind: ContentKind, named name: String, from serviceName: String) throws(LifecycleError) {
        let slot = try portal(serviceName)
        guard services[slot].contents.item(kind, named: name) != nil else {
            throw .noSuchContent(kind, name: name, service: services[slot].name)
        }
        services[slot].contents.remove(kind, named: name)
    }

    /// Where the named service is, if its contents may change now.
    private func portal(_ name: String) throws(LifecycleError) -> UInt32 {
        guard let slot = services.id(of: NameKey(name)).flatMap(services.slot) else { throw .noSuchService(name) }
        let state = services[slot].state
        guard Engine.contentStates.contains(state) else {
            throw .contentsNotAllowed(service: services[slot].name, state: state)
        }
        return slot
    }

    // MARK: Messages

    /// Puts `count` messages into the service's active batch.
    public mutating func receive(_ count: Int, messagesOn name: String) throws(LifecycleError) {
        let slot = try running(name, count: count)
        let (batch, overflow) = services[slot].activeBatch.addingReportingOverflow(count)
        guard !overflow else { throw .tooManyMessages(service: services[slot].name) }
        services[slot].activeBatch = batch
    }

    /// Processes the active batch: it goes out as one EDI interchange, so
    /// the control number moves by one, and each message leaves a tracking
    /// record. Returns how many messages were processed.
    @discardableResult
    public mutating func processBatch(on name: String) throws(LifecycleError) -> [LifecycleWarning] {
        let slot = try running(name, count: 1)
        let batch = services[slot].activeBatch
        guard batch > 0 else { return [] }
        return try deliver(slot, messages: batch, interchanges: 1, emptyingBatch: true)
    }

    /// Processes `count` EDI messages, each its own interchange: the
    /// control number moves by `count`, and each leaves a tracking record.
    @discardableResult
    public mutating func process(_ count: Int, messagesOn name: String) throws(LifecycleError) -> [LifecycleWarning] {
        let slot = try running(name, count: count)
        return try deliver(slot, messages: count, interchanges: count, emptyingBatch: false)
    }

    /// Where the named service is, if it processes messages now.
    private func running(_ name: String, count: Int) throws(LifecycleError) -> UInt32 {
        guard count >= 1 else { throw .invalidMessageCount(count) }
        guard let slot = services.id(of: NameKey(name)).flatMap(services.slot) else { throw .noSuchService(name) }
        let state = services[slot].state
        guard state == Engine.messageState else {
            throw .messagesNotProcessed(service: services[slot].name, state: state)
        }
        return slot
    }

    /// Every count moves on, or, where one would pass the largest number,
    /// nothing does.
    private mutating func deliver(
        _ slot: UInt32, messages: Int, interchanges: Int, emptyingBatch: Bool
    ) throws(LifecycleError) -> [LifecycleWarning] {
        let service = services[slot]
        let database = service.settings[.trackingDatabase]
        let records = database.flatMap { trackingDatabases[$0] }
        func plus(_ a: Int, _ b: Int) throws(LifecycleError) -> Int {
            let (sum, overflow) = a.addingReportingOverflow(b)
            if overflow { throw .tooManyMessages(service: service.name) }
            return sum
        }
        let controlNumber = try plus(service.controlNumber, interchanges)
        let micValues = try plus(service.micValues, messages)
        let processed = try plus(service.messagesProcessed, messages)
        let tracked = try records.map { records throws(LifecycleError) in try plus(records, messages) }
        Engine.update(&services[slot]) { service in
            if emptyingBatch { service.activeBatch = 0 }
            service.controlNumber = controlNumber
            service.micValues = micValues
            service.messagesProcessed = processed
        }
        guard let database else { return [] }
        guard let tracked else { return [.trackingDatabaseMissing(service: service.name, records: messages)] }
        trackingDatabases[database] = tracked
        return []
    }

    /// Whether two FTP folders are the same: the host ignores case, and a
    /// final `/` does not count.
    static func sameFolder(_ a: String) -> (String) -> Bool {
        { b in Engine.folderKey(a) == Engine.folderKey(b) }
    }

    private static func folderKey(_ folder: String) -> String {
        var text = Substring(folder)
        while text.hasSuffix("/") { text.removeLast() }
        // `scheme://host/path`: the scheme and host ignore case, the path not.
        let parts = text.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count >= 3, parts[0].hasSuffix(":"), parts[1].isEmpty else { return String(text) }
        return ([parts[0].lowercased(), "", parts[2].lowercased()] + parts.dropFirst(3).map(String.init)).joined(separator: "/")
    }

    // MARK: Tracking databases

    /// How many tracking records the service's tracking database holds;
    /// nil when the service names none, or the one it names is gone.
    public func trackingRecords(of name: String) -> Int? {
        service(named: name)?.settings[.trackingDatabase].flatMap { trackingDatabases[$0] }
    }

    /// Whether the tracking database the service names exists.
    func trackingDatabase(of name: String) throws(LifecycleError) -> String {
        guard let service = service(named: name) else { throw .noSuchService(name) }
        guard let database = service.settings[.trackingDatabase] else {
            throw .noTrackingDatabase(service: service.name)
        }
        return database
    }

    /// Deletes the service's tracking database: its records are gone
    /// (seed: only a backup of the database itself brings them back), and
    /// the warning says whether one exists.
    @discardableResult
    public mutating func deleteTrackingDatabase(of name: String) throws(LifecycleError) -> [LifecycleWarning] {
        let database = try trackingDatabase(of: name)
        guard let records = trackingDatabases[database] else { throw .trackingDatabaseMissing(service: service(named: name)!.name) }
        trackingDatabases[database] = nil
        let newest = databaseBackups.values.filter { $0.database == database }.max { ($0.takenAt, $0.name) < ($1.takenAt, $1.name) }
        return [.trackingDatabaseDeleted(service: service(named: name)!.name, records: records, backup: newest?.name)]
    }

    /// Creates a new, empty tracking database under the name the service
    /// gives (seed: the way out when no database backup exists).
    public mutating func createTrackingDatabase(of name: String) throws(LifecycleError) {
        let database = try trackingDatabase(of: name)
        guard trackingDatabases[database] == nil else { throw .trackingDatabaseExists(service: service(named: name)!.name) }
        trackingDatabases[database] = 0
    }

    /// Takes a backup of the service's tracking database, a backup of the
    /// database itself, not of the service.
    public mutating func backupTrackingDatabase(of name: String, as backupName: String) throws(LifecycleError) {
        let database = try trackingDatabase(of: name)
        guard let records = trackingDatabases[database] else { throw .trackingDatabaseMissing(service: service(named: name)!.name) }
        if let problem = Names.backupNameProblem(backupName) { throw .invalidBackupName(backupName, problem: problem) }
        let key = NameKey(backupName)
        guard databaseBackups[key] == nil, backups[key] == nil else { throw .backupExists(backupName) }
        try checkRoomForBackup()
        databaseBackups[key] = DatabaseBackup(name: backupName, database: database, records: records, takenAt: now)
    }

    /// Restores a tracking database from its backup, under the name it had,
    /// in place of the database of that name if there is one: records
    /// newer than the backup are then gone, and the warning says how many.
    @discardableResult
    public mutating func restoreTrackingDatabase(_ backupName: String) throws(LifecycleError) -> [LifecycleWarning] {
        guard let backup = databaseBackups[NameKey(backupName)] else { throw .noSuchBackup(backupName) }
        let replaced = trackingDatabases[backup.database]
        trackingDatabases[backup.database] = backup.records
        guard let replaced, replaced != backup.records else { return [] }
        return [.trackingRecordsReplaced(backup: backupName, had: replaced, restored: backup.records)]
    }

    /// The tracking-database backup with this name, ignoring case.
    public func databaseBackup(named name: String) -> DatabaseBackup? { databaseBackups[NameKey(name)] }

    // MARK: Restore

    /// What a restore of `backup` into `name` should tell the user (seed:
    /// the article's consequences of a restore).
    func restoreWarnings(_ backup: Backup, restoredAs name: String) -> [LifecycleWarning] {
        var warnings: [LifecycleWarning] = []
        if !backup.hybridConnectionsLeftOut.isEmpty {
            warnings.append(.hybridConnectionsToRecreate(service: name, names: backup.hybridConnectionsLeftOut))
        }
        // The backup's source (the very service, even if another of the
        // same name has come since) and its restored copies, existing or
        // deleted: the one that went furthest past the backup's control
        // number is the one whose numbers may repeat.
        let line = lineage(of: backup)
        let past = line.filter { member in
            member.messages > backup.messagesProcessed
                && (member.id == backup.sourceID || member.controlNumber > backup.controlNumber)
        }
        if let furthest = past.max(by: { $0.controlNumber < $1.controlNumber }) {
            let (messages, overflow1) = furthest.messages.subtractingReportingOverflow(backup.messagesProcessed)
            let (numbers, overflow2) = furthest.controlNumber.subtractingReportingOverflow(backup.controlNumber)
            warnings.append(.controlNumbersMayRepeat(
                source: furthest.id == backup.sourceID ? backup.service : self.name(of: furthest, otherwise: backup.service),
                backup: backup.name,
                messagesSince: overflow1 ? .max : messages, controlNumbersSince: overflow2 ? .max : numbers
            ))
        }
        for agreement in backup.contents.items(.agreement) {
            guard let folder = agreement.source else { continue }
            for other in allServices where NameKey(other.name) != NameKey(name) {
                for theirs in other.contents.items(.agreement) where theirs.source.map(Engine.sameFolder(folder)) == true {
                    warnings.append(.sharedSourceFolder(
                        agreement: agreement.name, folder: folder, otherService: other.name, otherAgreement: theirs.name
                    ))
                }
            }
        }
        let others = line.filter(\.exists).map { self.name(of: $0, otherwise: backup.service) }
            .filter { NameKey($0) != NameKey(name) }
        if !others.isEmpty {
            warnings.append(.targetTheRightEnvironment(service: name, others: others))
        }
        warnings.append(.updateAccessControlCredentials(service: name))
        warnings.append(.scheduleBackups(service: name))
        return warnings
    }
}

/// A backup of a tracking database: the records it held.
public struct DatabaseBackup: Sendable, Hashable, Codable {
    public let name: String
    /// The database's name (a service's `tracking-database` setting).
    let database: String
    public let records: Int
    public let takenAt: Timestamp
}

/// What a service had processed: messages, and the control number reached;
/// for a deleted service, also its name, the backup it was restored from
/// and its lineage (`Service.lineage`), so its lineage is known (absent in
/// workspaces saved before).
struct Processed: Sendable, Hashable, Codable {
    var messages: Int
    var controlNumber: Int
    var name: String? = nil
    var restoredFrom: String? = nil
    var lineage: Int? = nil
}

/// A quota that what is deployed would exceed.
public struct QuotaExcess: Sendable, Hashable {
    public let kind: QuotaKind
    public let used: Int
    public let limit: Int
}
