/// The lifecycle engine: the services, their backups, the simulated clock,
/// the failures the user armed, and the operation log.
///
/// Every request either runs, appending one log entry and returning an
/// `OperationReport` (whether the run succeeded or failed), or is refused
/// with a `LifecycleError`, changing nothing. The engine does no I/O.
public struct Engine: Sendable {
    // Set here, and by a journal's changes (Changes.swift).
    public internal(set) var clock = SimulatedClock()
    public internal(set) var log = OperationLog()

    /// How many entries the operation log keeps (`OperationLog.limit`).
    public var logLimit: Int {
        get { log.limit }
        set {
            log.limit = newValue
            forgetDroppedServices()
        }
    }
    /// How long a deleted service's name stays unavailable (model decision:
    /// 1 hour by default; the seed only says it can take a while).
    public var nameHold: Interval

    // The tables a journal saves only the changes of (see Changes.swift);
    // each is saved as a table by name (see Saved.swift).
    /// The services, by identity, with the one index of their names.
    @usableFromInline
    var services = ServiceTable()
    /// Service backups, by identity and name (see BackupStore.swift).
    var backups = BackupStore()
    /// Names of deleted services, and when they are free again. A name,
    /// not a service: by key.
    var heldNames = Tracked<NameKey, Timestamp>()
    var faults = FaultPlan()
    /// What deleted services had processed, by number, so a restore can
    /// say how many messages their backups missed.
    var processedAtDeletion = Tracked<Int, Processed>()
    /// The number the next service created or restored gets
    /// (`Service.number`).
    var nextServiceNumber = 1
    /// Tracking databases by their name (the value of a service's
    /// `tracking-database` setting): how many tracking records each holds.
    var trackingDatabases = Tracked<String, Int>()
    /// Backups of tracking databases, which are not service backups.
    var databaseBackups = Tracked<NameKey, DatabaseBackup>()
    /// Scheduled backups, by service identity (see Schedules.swift).
    var schedules = ScheduleTable()
    /// The rules, as one lookup per operation and state.
    let transitions = Transitions.all
    /// Which services are of which backup lineage (see Lineage.swift):
    /// derived from the services, so neither saved nor compared.
    var lineages = Lineages()

    /// The edition `create` uses when none is given (model decision).
    public static let defaultEdition = Edition.standard

    /// How long a deleted service's name is held unless set otherwise
    /// (model decision).
    public static let defaultNameHold = Interval.hours(1)

    /// The most services and the most backups (of services and tracking
    /// databases together) one workspace holds: far beyond any fleet a
    /// lesson or a regression suite needs, and a bound on the memory a
    /// script that creates them in an endless loop can take.
    public static let maximumServices = 1_000_000
    public static let maximumBackups = 1_000_000
    /// The most portal artifacts (of every kind together) one service
    /// holds: the quotas bound bridges, agreements and hybrid connections,
    /// but not partners, profiles, schemas and the rest, and every backup
    /// of the service keeps what it held.
    public static let maximumContentItems = 10_000

    public init(nameHold: Interval = Engine.defaultNameHold) {
        self.nameHold = nameHold
    }

    // MARK: Queries by name

    public var now: Timestamp { clock.now }

    /// The service with this name, ignoring case, if it exists.
    public func service(named name: String) -> Service? {
        services[NameKey(name)]
    }

    /// How many services exist.
    public var serviceCount: Int { services.count }

    /// Every service's key (its name in lowercase) and name, in key order.
    public var serviceKeysAndNames: (keys: [String], names: [String]) {
        let keys = services.keys.sorted()
        return (keys.map(\.text), keys.map { services[$0]!.name })
    }

    /// All services, by name.
    public var allServices: [Service] {
        services.keys.sorted().map { services[$0]! }
    }

    /// The backup with this name, ignoring case, if it exists.
    public func backup(named name: String) -> Backup? {
        backups[NameKey(name)]
    }

    /// All backups, oldest first.
    public var allBackups: [Backup] {
        backups.values.sorted { ($0.takenAt, $0.name) < ($1.takenAt, $1.name) }
    }

    /// The backups taken from services of this name (ignoring case, and
    /// whichever service of the name it was), oldest first.
    public func backups(takenFrom service: String) -> [Backup] {
        let key = NameKey(service)
        return allBackups.filter { NameKey($0.service) == key }
    }

    /// When a deleted service's name frees up, if it is still held.
    public func nameHeldUntil(_ name: String) -> Timestamp? {
        heldNames[NameKey(name)].flatMap { $0 > now ? $0 : nil }
    }

    /// How many armed failures wait for `operation` on the named service.
    public func armedFailures(_ operation: Operation, on service: String) -> Int {
        faults.armedCount(operation, service: NameKey(service))
    }

    // MARK: Identities

    /// The identity of the service with this name, ignoring case: resolve
    /// a name once, then make requests by identity.
    public func id(of name: String) -> ServiceID? { services.id(of: NameKey(name)) }

    /// The identity of the service whose name has this key (a name folded
    /// once, where it is written, for every lookup after).
    public func id(of key: NameKey) -> ServiceID? { services.id(of: key) }

    /// The identity of the service whose name has this key, when `known`
    /// (an identity this key resolved to before, kept by the caller) still
    /// is that service's: checked in constant time, hashing nothing, and
    /// never mistaken (a stale identity, or one from another engine, is
    /// looked up again).
    @inline(__always)
    public func id(of key: NameKey, known: ServiceID?) -> ServiceID? {
        if let known, services.holds(known, under: key) { return known }
        return services.id(of: key)
    }

    /// A number that changes whenever a service is added or removed
    /// (created, restored, deleted, or read from a file), to one no engine
    /// in this process has had: an identity found while it had a value
    /// still is that name's service while it has it, so a caller that keeps
    /// identities checks them by comparing two numbers. Read in place,
    /// with no call.
    @inlinable
    public var identityVersion: UInt64 { services.version }

    /// Whether the service with this identity still exists (an identity
    /// kept past its service's delete is stale, and names no service).
    public func exists(_ id: ServiceID) -> Bool { services.slot(id) != nil }

    /// The service with this identity, if it still exists.
    public func service(_ id: ServiceID) -> Service? { services.slot(id).map { services[$0] } }

    /// The state of the service with this identity, if it still exists.
    public func state(of id: ServiceID) -> ServiceState? { services.slot(id).map { services[$0].state } }

    /// The name of the service with this identity as it was created: while
    /// it exists, and after it is deleted for as long as the operation log
    /// holds an entry about it.
    public func name(of id: ServiceID) -> String? { services.name(of: id) }

    /// The identity of the backup with this name, ignoring case.
    public func backupID(of name: String) -> BackupID? { backups.id(of: NameKey(name)) }

    /// The backup with this identity, if it still exists.
    public func backup(_ id: BackupID) -> Backup? { backups[id] }

    /// The service with this identity, or why there is none.
    @inline(__always)
    private func existing(_ id: ServiceID) throws(LifecycleError) -> UInt32 {
        guard let slot = services.slot(id) else { throw .serviceDeleted }
        return slot
    }

    /// The identity of the service with this name, or why there is none.
    @inline(__always)
    func existing(_ name: String) throws(LifecycleError) -> ServiceID {
        guard let id = services.id(of: NameKey(name)) else { throw .noSuchService(name) }
        return id
    }

    // MARK: The log, with names

    /// A log entry with its names, for printing or saving.
    public func describe(_ entry: LogEntry) -> LogRecord {
        let subject: LogRecord.Subject? = switch entry.subject {
        case .units(let units): .units(units)
        case .backup(let text): .backup(log.text(text))
        case .version(let text): .version(ProductVersion(log.text(text)))
        case .settings(let keys): .settings(keys.keys)
        case .purgedBackup(let text): .purgedBackup(log.text(text))
        case nil: nil
        }
        return LogRecord(
            time: entry.time, service: services.name(of: entry.service) ?? "", operation: entry.operation,
            succeeded: entry.succeeded, cause: entry.cause, from: entry.from, to: entry.to, subject: subject
        )
    }

    /// A text a kept log entry names.
    public func text(of text: LogEntry.Text) -> String { log.text(text) }

    /// The kept entries about services of this name (ignoring case, and
    /// whichever service of the name it was), oldest first.
    public func logEntries(for service: String) -> [LogEntry] {
        let key = NameKey(service)
        return log.entries.filter { entry in services.name(of: entry.service).map { NameKey($0) } == key }
    }

    /// The kept log entries with their names, oldest first: all of them,
    /// or those about services of one name.
    public func logRecords(for service: String? = nil) -> [LogRecord] {
        (service.map(logEntries(for:)) ?? log.entries).map(describe)
    }

    // MARK: Creating services

    /// Creates a service. Succeeds into Active; an injected failure leaves
    /// the service in CreatedFailed. The report's entry holds the new
    /// service's identity.
    public mutating func create(
        _ name: String,
        edition: Edition = Engine.defaultEdition,
        units: Int = 1,
        region: String = defaultRegion,
        tracking: TrackingDatabaseDetails? = nil
    ) throws(LifecycleError) -> OperationReport {
        let key = try checkNameIsFree(name)
        guard edition.unitRange.contains(units) else { throw .unitsOutOfRange(units, edition: edition) }
        var settings = Settings()
        settings[.trackingDatabase] = tracking?.connectionString
        let service = Service(
            name: name, state: .active, edition: edition, units: units, region: region,
            productVersion: .initial, settings: settings, createdAt: now, restoredFrom: nil
        )
        return add(service, key, by: .create, subject: nil, warnings: [])
    }

    /// Restores a backup into a new service, by default under the name of
    /// the service it came from. The copy always starts Suspended; an
    /// injected failure leaves it in RestoreFailed.
    public mutating func restore(
        _ backupName: String,
        to target: String? = nil,
        edition: Edition? = nil
    ) throws(LifecycleError) -> OperationReport {
        let (backup, name, key, edition) = try admitRestore(backupName, to: target, edition: edition)
        indexLineages()
        var service = Service(
            name: name, state: .suspended, edition: edition, units: backup.units, region: backup.region,
            productVersion: backup.productVersion, settings: backup.settings, createdAt: now,
            restoredFrom: backup.name
        )
        service.lineage = lineJoined(restoring: backup)
        service.contents = backup.contents
        service.controlNumber = backup.controlNumber
        service.micValues = backup.micValues
        service.messagesProcessed = backup.messagesProcessed
        let warnings = restoreWarnings(backup, restoredAs: name)
        return add(service, key, by: .restore, subject: .backup(log.keep(backup.name)), warnings: warnings)
    }

    /// The checks a new service's name passes (create, restore): a name a
    /// service can have, of no service, not held, and room for one more.
    /// Returns the name's key.
    func checkNameIsFree(_ name: String) throws(LifecycleError) -> NameKey {
        if let problem = Names.serviceNameProblem(name) { throw .invalidServiceName(name, problem: problem) }
        let key = NameKey(name)
        if let existing = services[key] { throw .serviceExists(existing.name) }
        if let until = heldNames[key].flatMap({ $0 > now ? $0 : nil }) { throw .nameHeld(name, until: until, now: now) }
        guard services.count < Engine.maximumServices else { throw .tooManyServices(limit: Engine.maximumServices) }
        guard nextServiceNumber <= Engine.maximumServiceNumber else {
            throw .serviceNumbersUsedUp(limit: Engine.maximumServiceNumber)
        }
        return key
    }

    /// Runs create or restore: the new service lands in the operation's
    /// success state, or in its failure state when the run fails.
    private mutating func add(
        _ service: Service, _ key: NameKey, by operation: Operation, subject: LogEntry.Subject?, warnings: [LifecycleWarning]
    ) -> OperationReport {
        indexLineages()
        var service = service
        service.number = nextServiceNumber
        nextServiceNumber += 1
        // A created service starts a line; a restored one came with its
        // source's.
        service.lineage = service.lineage ?? service.number
        let cause = faults.isIdle ? nil : faults.nextRunFails(operation, service: key)
        let effect = Rules.effect(of: operation)
        if case .becomes(let state) = cause == nil ? effect.onSuccess : effect.onFailure {
            service.state = state
        }
        let id = services.add(service, filedUnder: key)
        heldNames[key] = nil
        lineages.add(service.number, line: service.lineage!, id: id)
        return record(operation, on: id, cause: cause, from: nil, to: service.state,
                      subject: subject, warnings: cause == nil ? warnings : [])
    }

    // MARK: Operations on a service

    /// Runs any operation with its default arguments: start, stop, restart,
    /// suspend, resume, delete, disable and enable need nothing more; scale
    /// keeps the unit count, update configuration changes no setting,
    /// backup and service update use their default names and versions.
    /// For create, `name` is the new service; for restore, the backup.
    public mutating func perform(_ operation: Operation, on name: String) throws(LifecycleError) -> OperationReport {
        switch operation {
        case .create: try create(name)
        case .restore: try restore(name)
        default: try perform(operation, on: try existing(name))
        }
    }

    /// Runs an operation with its default arguments (as `perform(_:on:)`
    /// by name) on the service with this identity, changing it in place.
    /// A stale identity is refused (`LifecycleError.serviceDeleted`), and
    /// so are create and restore, which make a new service.
    public mutating func perform(_ operation: Operation, on id: ServiceID) throws(LifecycleError) -> OperationReport {
        switch operation {
        case .start, .stop, .restart, .suspend, .resume, .delete, .disable, .enable, .create, .restore:
            let slot = try admit(operation, id)
            return finish(operation, slot, subject: nil)
        case .serviceUpdate:
            return try serviceUpdate(id)
        case .backup:
            return try backup(id)
        case .updateConfiguration:
            return try updateConfiguration(id, [])
        case .scale:
            return try scale(id, to: services[try existing(id)].units)
        }
    }

    /// Scales to `units` units (by name; see `scale(_:to:)` by identity).
    public mutating func scale(_ name: String, to units: Int) throws(LifecycleError) -> OperationReport {
        try scale(try existing(name), to: units)
    }

    /// Scales to `units` units. Succeeds into Active with the new count; a
    /// failure leaves the service in ScaleFailed with its old count. Scaling
    /// in below what is deployed is refused (model decision).
    public mutating func scale(_ id: ServiceID, to units: Int) throws(LifecycleError) -> OperationReport {
        let slot = try admit(.scale, id)
        // The service is read in place, not copied.
        let edition = services[slot].edition
        guard edition.unitRange.contains(units) else { throw .unitsOutOfRange(units, edition: edition) }
        let quota = edition.quotaPerUnit * units
        let usage = services[slot].contents.usage
        if QuotaKind.allCases.contains(where: { usage[$0] > quota[$0] }) {
            let over = QuotaKind.allCases.filter { usage[$0] > quota[$0] }
                .map { QuotaExcess(kind: $0, used: usage[$0], limit: quota[$0]) }
            throw .scaleBelowUsage(service: services[slot].name, units: units, over: over)
        }
        return finish(.scale, slot, subject: .units(units)) { $0.units = units }
    }

    /// Changes configuration settings (the seed's "update configuration").
    /// Success keeps the state, except that ConfigUpdateFailed recovers to
    /// Active; a failure leaves ConfigUpdateFailed and the old settings.
    public mutating func updateConfiguration(
        _ name: String, _ changes: [(key: String, value: String)]
    ) throws(LifecycleError) -> OperationReport {
        try updateConfiguration(try existing(name), changes)
    }

    /// `updateConfiguration(_:_:)` by identity.
    public mutating func updateConfiguration(
        _ id: ServiceID, _ changes: [(key: String, value: String)]
    ) throws(LifecycleError) -> OperationReport {
        let slot = try admit(.updateConfiguration, id)
        var resolved: [(SettingKey, String)] = []
        for (key, value) in changes {
            guard let setting = SettingKey(userInput: key) else { throw .unknownSetting(key) }
            resolved.append((setting, value))
        }
        return finish(.updateConfiguration, slot, subject: .settings(SettingKeys(resolved.map(\.0)))) { service in
            for (key, value) in resolved { service.settings[key] = value }
        }
    }

    /// Takes a backup, named `<service>-<yyyymmdd>-<hhmmss>` unless a name
    /// is given (a second unnamed backup in the same second gets `-2`, a
    /// third `-3`, ...). The state never changes; a failed run makes no
    /// backup.
    public mutating func backup(_ name: String, as backupName: String? = nil) throws(LifecycleError) -> OperationReport {
        try backup(try existing(name), as: backupName)
    }

    /// `backup(_:as:)` by identity.
    public mutating func backup(_ id: ServiceID, as backupName: String? = nil) throws(LifecycleError) -> OperationReport {
        let slot = try admit(.backup, id)
        let service = services[slot]
        let backupName = backupName ?? automaticBackupName(for: service.name)
        if let problem = Names.backupNameProblem(backupName) {
            throw .invalidBackupName(backupName, problem: problem)
        }
        let key = NameKey(backupName)
        guard backups[key] == nil, databaseBackups[key] == nil else { throw .backupExists(backupName) }
        try checkRoomForBackup()
        return takeBackup(of: slot, as: backupName)
    }

    func checkRoomForBackup() throws(LifecycleError) {
        guard backups.count + databaseBackups.count < Engine.maximumBackups else {
            throw .tooManyBackups(limit: Engine.maximumBackups)
        }
    }

    /// The automatic name of a backup of `service` taken now that no backup
    /// has yet: `Names.automaticBackupName` with a free attempt number.
    /// Attempts are taken in order, so the free ones follow the taken ones:
    /// doubling, then halving, finds the first free one in a logarithmic
    /// number of lookups (a loop taking thousands of backups in one second
    /// would otherwise try every earlier number each time). Should a purge
    /// have freed an earlier number, a later free one is as good a name.
    func automaticBackupName(for service: String) -> String {
        func isFree(_ attempt: Int) -> Bool {
            let key = NameKey(Names.automaticBackupName(service: service, at: now, attempt: attempt))
            return backups[key] == nil && databaseBackups[key] == nil
        }
        var taken = 0, free = 1
        while !isFree(free) {
            taken = free
            free *= 2
        }
        while free - taken > 1 {
            let middle = taken + (free - taken) / 2
            if isFree(middle) { free = middle } else { taken = middle }
        }
        return Names.automaticBackupName(service: service, at: now, attempt: free)
    }

    /// Runs a backup of the service in `slot` that passed every check
    /// `backup` makes (user and scheduled backups alike): it may still
    /// fail, by an armed failure or chaos.
    mutating func takeBackup(of slot: UInt32, as backupName: String) -> OperationReport {
        let report = finish(.backup, slot, subject: .backup(log.keep(backupName)))
        guard report.succeeded else { return report }
        let service = services[slot]
        backups[NameKey(backupName)] = Backup(
            name: backupName, service: service.name, sourceID: service.number, takenAt: now, edition: service.edition,
            units: service.units, region: service.region, productVersion: service.productVersion,
            settings: service.settings, contents: service.contents.keepingBackedUp(),
            controlNumber: service.controlNumber, micValues: service.micValues, messagesProcessed: service.messagesProcessed,
            hybridConnectionsLeftOut: service.contents.items(.hybridConnection).map(\.name),
            messagesLost: service.activeBatch
        )
        guard service.activeBatch > 0 else { return report }
        return OperationReport(entry: report.entry, warnings: [
            .batchMessagesLost(service: service.name, count: service.activeBatch, backup: backupName),
        ])
    }

    /// The platform moves the service to another product version, by
    /// default the next one.
    public mutating func serviceUpdate(_ name: String, to version: ProductVersion? = nil) throws(LifecycleError) -> OperationReport {
        try checkVersion(version)
        return try serviceUpdate(try existing(name), to: version)
    }

    /// `serviceUpdate(_:to:)` by identity.
    public mutating func serviceUpdate(_ id: ServiceID, to version: ProductVersion? = nil) throws(LifecycleError) -> OperationReport {
        try checkVersion(version)
        let slot = try admit(.serviceUpdate, id)
        let version = version ?? services[slot].productVersion.next
        return finish(.serviceUpdate, slot, subject: .version(log.keep(version.text))) { $0.productVersion = version }
    }

    private func checkVersion(_ version: ProductVersion?) throws(LifecycleError) {
        if let version, let problem = ProductVersion.problem(version.text) { throw .invalidVersion(version.text, problem: problem) }
    }

    /// The checks every operation on an existing service passes first: the
    /// service exists, the seed table allows the operation in its state,
    /// and its edition allows it at all (`refusal(of:on:)` asks the same).
    /// Returns where the service is.
    @inline(__always)
    func admit(_ operation: Operation, _ id: ServiceID) throws(LifecycleError) -> UInt32 {
        let slot = try existing(id)
        let state = services[slot].state
        guard transitions[operation, state].isAllowed else {
            throw .notAllowed(operation, service: services[slot].name, state: state)
        }
        if !services[slot].edition.allows(operation), let refusal = Engine.editionRefusal(operation, of: services[slot]) {
            throw refusal
        }
        return slot
    }

    /// Runs an admitted operation on the service in `slot`: decides whether
    /// it fails, applies the outcome's effect (and `change`, on success) in
    /// place, and logs it.
    private mutating func finish(
        _ operation: Operation, _ slot: UInt32, subject: LogEntry.Subject?, change: (inout Service) -> Void = { _ in }
    ) -> OperationReport {
        let id = services.id(ofSlot: slot)
        let from = services[slot].state
        let cause = faults.isIdle ? nil : faults.nextRunFails(operation, service: services.key(of: slot))
        let outcome = transitions[operation, from]
        let to = cause == nil ? outcome.onSuccess : outcome.onFailure
        if let to {
            Engine.update(&services[slot]) { service in
                if cause == nil { change(&service) }
                service.state = to
            }
        } else {
            delete(slot)
        }
        return record(operation, on: id, cause: cause, from: from, to: to, subject: subject, warnings: [])
    }

    /// Changes a service with one access to it.
    @inline(__always)
    static func update(_ service: inout Service, _ body: (inout Service) -> Void) { body(&service) }

    /// Removes the service in `slot` (a delete that ran): its name is held,
    /// its schedule ends, and what it processed is kept for restores of
    /// its backups. The log goes on naming it.
    private mutating func delete(_ slot: UInt32) {
        // The index of lines is made whole while it still holds the
        // service, whose line it gives below.
        indexLineages()
        let service = services[slot], key = services.key(of: slot)
        schedules.remove(services.id(ofSlot: slot))
        services.delete(slot, filedUnder: key, lastNamedAt: log.appended)
        heldNames[key] = now.adding(nameHold) ?? .latest
        let processed = Processed(
            messages: service.messagesProcessed, controlNumber: service.controlNumber,
            name: service.name, restoredFrom: service.restoredFrom, lineage: lineages.line(of: service.number))
        processedAtDeletion[service.number] = processed
        lineages.delete(service.number, processed: processed)
    }

    /// Appends an operation's entry to the log (its subject's texts already
    /// kept there), and reports it.
    mutating func record(
        _ operation: Operation, on service: ServiceID, cause: FailureCause?,
        from: ServiceState?, to: ServiceState?, subject: LogEntry.Subject?, warnings: [LifecycleWarning]
    ) -> OperationReport {
        let entry = LogEntry(
            time: now, service: service, operation: operation, succeeded: cause == nil,
            cause: cause, from: from, to: to, subject: subject
        )
        log.append(entry)
        forgetDroppedServices()
        return OperationReport(entry: entry, warnings: warnings)
    }

    /// Gives back the places of deleted services the log no longer names.
    @inline(__always)
    mutating func forgetDroppedServices() {
        if services.hasRetiring { services.forget(before: log.firstKept) }
    }

    // MARK: Failures and time

    /// How many failures `armFailure` arms at once, and the most that may
    /// wait for one operation on one service (model decision): a billion
    /// is more runs than ten runs at the default step limit can use up,
    /// and keeps every count, and every sum of counts a report gives, in
    /// range.
    public static let failureCounts = 1...1_000_000_000

    /// The failure rates `setChaos` takes, in percent.
    public static let chaosPercents = 0...100

    /// Arms a failure for the next `times` runs of `operation` on the named
    /// service, which need not exist yet (for create and restore), but must
    /// be a name a service can have.
    ///
    /// Armed failures belong to the name, not to one service: they survive
    /// a delete, so a failure armed for `create` waits for the name's next
    /// service (model decision).
    public mutating func armFailure(_ operation: Operation, on service: String, times: Int = 1) throws(LifecycleError) {
        if let problem = Names.serviceNameProblem(service) { throw .invalidServiceName(service, problem: problem) }
        guard Engine.failureCounts.contains(times) else { throw .invalidCount(times) }
        let key = NameKey(service)
        let armed = faults.armedCount(operation, service: key)
        guard times <= Engine.failureCounts.upperBound - armed else {
            throw .tooManyArmedFailures(operation, service: service, armed: armed, adding: times)
        }
        faults.arm(operation, service: key, spelled: service, times: times)
    }

    /// Every armed failure, by service then operation.
    public var allArmedFailures: [ArmedFailure] { faults.all }

    /// The seeded random failures in force, if any.
    public var chaos: (percent: Int, seed: UInt64)? { faults.chaos.map { ($0.percent, $0.seed) } }

    /// Disarms the failures armed for `operation` (every operation, if nil)
    /// on `service` (every name, if nil). Returns how many runs were to
    /// fail. Seeded random failures are left as they are.
    @discardableResult
    public mutating func clearFailures(_ operation: Operation? = nil, on service: String? = nil) -> Int {
        faults.disarm(operation, service: service.map { NameKey($0) })
    }

    /// Turns on seeded random failures: each operation that runs fails with
    /// probability `percent`%.
    public mutating func setChaos(percent: Int, seed: UInt64) throws(LifecycleError) {
        guard Engine.chaosPercents.contains(percent) else { throw .invalidChaosPercent(percent) }
        faults.setChaos(percent == 0 ? nil : Chaos(percent: percent, seed: seed))
    }

    public mutating func disableChaos() { faults.setChaos(nil) }

    /// Moves the simulated clock forward, running the scheduled backups
    /// that come due on the way: the clock stops at each due time in turn
    /// (in time order across services, then by service name), the backup
    /// runs there as a user's would, and the service's old backups are
    /// purged; then the clock goes on to the end of the wait.
    ///
    /// Returns what ran, in log order: scheduled backups (succeeded or
    /// failed, with their warnings) and purges. A wait that would run more
    /// than `maximumScheduledBackupsPerWait` scheduled backups is refused.
    /// `stoppingIf` is asked before each scheduled backup; when it says
    /// stop, the clock stays at the last one run (a wait the user stopped).
    @discardableResult
    public mutating func advance(
        by interval: Interval, stoppingIf shouldStop: () -> Bool = { false }
    ) throws(LifecycleError) -> [OperationReport] {
        guard interval.seconds >= 0 else { throw .negativeInterval(interval) }
        guard let end = now.adding(interval) else { throw .clockOverflow(interval) }
        let due = scheduledBackupsDue(by: end)
        guard due <= Engine.maximumScheduledBackupsPerWait else {
            throw .tooManyScheduledBackups(interval, count: due)
        }
        var reports: [OperationReport] = []
        while let next = nextScheduledBackup(by: end) {
            if shouldStop() { return reports }
            clock.advance(by: next.time - now)
            reports += runScheduledBackup(of: next.service)
        }
        clock.advance(by: end - now)
        return reports
    }
}

/// What happened when an operation ran: its log entry, plus warnings the
/// user should see. Most runs warn of nothing: the report then holds only
/// the entry's plain fields.
public struct OperationReport: Sendable, Hashable {
    public let entry: LogEntry
    /// Nil when there are none, so a report of a run without warnings
    /// holds no reference.
    private let someWarnings: [LifecycleWarning]?

    init(entry: LogEntry, warnings: [LifecycleWarning]) {
        self.entry = entry
        someWarnings = warnings.isEmpty ? nil : warnings
    }

    public var warnings: [LifecycleWarning] { someWarnings ?? [] }

    /// Whether there are warnings, without making an empty list.
    public var hasWarnings: Bool { someWarnings != nil }

    public var succeeded: Bool { entry.succeeded }
    public var from: ServiceState? { entry.from }
    public var to: ServiceState? { entry.to }
}
