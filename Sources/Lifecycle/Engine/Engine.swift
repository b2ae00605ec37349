/// The lifecycle engine: the services, their backups, the simulated clock,
/// the failures the user armed, and the operation log.
///
/// Every request either runs, appending one log entry and returning an
/// `OperationReport` (whether the run succeeded or failed), or is refused
/// with a `LifecycleError`, changing nothing. The engine does no I/O.
public struct Engine: Sendable, Equatable, Codable {
    // Set here, and by a journal's changes (Changes.swift).
    public internal(set) var clock = SimulatedClock()
    public internal(set) var log = OperationLog()

    /// How many entries the operation log keeps (`OperationLog.limit`).
    public var logLimit: Int {
        get { log.limit }
        set { log.limit = newValue }
    }
    /// How long a deleted service's name stays unavailable (model decision:
    /// 1 hour by default; the seed only says it can take a while).
    public var nameHold: Interval

    // The keyed tables are `Tracked`, so a workspace journal can save
    // only what changed (see Changes.swift); each is saved as a dictionary.
    var services = Tracked<String, Service>()
    /// Service backups, by name (see BackupStore.swift).
    var backups = BackupStore()
    var heldNames = Tracked<String, Timestamp>()
    var faults = FaultPlan()
    /// What deleted services had processed, by identity, so a restore can
    /// say how many messages their backups missed.
    var processedAtDeletion = Tracked<Int, Processed>()
    /// The identity the next service created or restored gets.
    var nextServiceID = 1
    /// Tracking databases by their name (the value of a service's
    /// `tracking-database` setting): how many tracking records each holds.
    var trackingDatabases = Tracked<String, Int>()
    /// Backups of tracking databases, which are not service backups.
    var databaseBackups = Tracked<String, DatabaseBackup>()
    /// Scheduled backups, by service name key (see Schedules.swift).
    var schedules = ScheduleTable()
    /// Which services are of which backup lineage (see Lineage.swift):
    /// derived from the services, so neither saved nor compared.
    var lineages = Lineages()

    /// What a workspace saves of an engine: all but what is derived.
    enum CodingKeys: String, CodingKey {
        case clock, log, nameHold, services, backups, heldNames, faults, processedAtDeletion
        case nextServiceID, trackingDatabases, databaseBackups, schedules
    }

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

    // MARK: Queries

    public var now: Timestamp { clock.now }

    /// The service with this name, ignoring case, if it exists.
    public func service(named name: String) -> Service? {
        services[Names.serviceKey(name)]
    }

    /// How many services exist.
    public var serviceCount: Int { services.count }

    /// Every service's key (its name in lowercase) and name, in key order.
    public var serviceKeysAndNames: (keys: [String], names: [String]) {
        let keys = services.keys.sorted()
        return (keys, keys.map { services[$0]!.name })
    }

    public var allServices: [Service] {
        services.values.sorted { Names.serviceKey($0.name) < Names.serviceKey($1.name) }
    }

    /// The backup with this name, if it exists.
    public func backup(named name: String) -> Backup? {
        backups[name.lowercased()]
    }

    /// All backups, oldest first.
    public var allBackups: [Backup] {
        backups.values.sorted { ($0.takenAt, $0.name) < ($1.takenAt, $1.name) }
    }

    /// When a deleted service's name frees up, if it is still held.
    public func nameHeldUntil(_ name: String) -> Timestamp? {
        heldNames[Names.serviceKey(name)].flatMap { $0 > now ? $0 : nil }
    }

    /// How many armed failures wait for `operation` on the named service.
    public func armedFailures(_ operation: Operation, on service: String) -> Int {
        faults.armedCount(operation, service: service)
    }

    // MARK: Creating services

    /// Creates a service. Succeeds into Active; an injected failure leaves
    /// the service in CreatedFailed.
    public mutating func create(
        _ name: String,
        edition: Edition = Engine.defaultEdition,
        units: Int = 1,
        region: String = defaultRegion,
        tracking: TrackingDatabaseDetails? = nil
    ) throws(LifecycleError) -> OperationReport {
        try checkNameIsFree(name)
        guard edition.unitRange.contains(units) else { throw .unitsOutOfRange(units, edition: edition) }
        var settings = Settings()
        settings[.trackingDatabase] = tracking?.connectionString
        let service = Service(
            name: name, state: .active, edition: edition, units: units, region: region,
            productVersion: .initial, settings: settings, createdAt: now, restoredFrom: nil
        )
        return add(service, by: .create, subject: nil, warnings: [])
    }

    /// Restores a backup into a new service, by default under the name of
    /// the service it came from. The copy always starts Suspended; an
    /// injected failure leaves it in RestoreFailed.
    public mutating func restore(
        _ backupName: String,
        to target: String? = nil,
        edition: Edition? = nil
    ) throws(LifecycleError) -> OperationReport {
        let (backup, name, edition) = try admitRestore(backupName, to: target, edition: edition)
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
        return add(service, by: .restore, subject: .backup(backup.name), warnings: restoreWarnings(backup, restoredAs: name))
    }

    func checkNameIsFree(_ name: String) throws(LifecycleError) {
        if let problem = Names.serviceNameProblem(name) { throw .invalidServiceName(name, problem: problem) }
        if let existing = service(named: name) { throw .serviceExists(existing.name) }
        if let until = nameHeldUntil(name) { throw .nameHeld(name, until: until, now: now) }
        guard services.count < Engine.maximumServices else { throw .tooManyServices(limit: Engine.maximumServices) }
        guard nextServiceID <= Engine.maximumServiceNumber else {
            throw .serviceNumbersUsedUp(limit: Engine.maximumServiceNumber)
        }
    }

    /// Runs create or restore: the new service lands in the operation's
    /// success state, or in its failure state when the run fails.
    private mutating func add(
        _ service: Service, by operation: Operation, subject: LogEntry.Subject?, warnings: [LifecycleWarning]
    ) -> OperationReport {
        indexLineages()
        var service = service
        service.id = nextServiceID
        nextServiceID += 1
        // A created service starts a line; a restored one came with its
        // source's.
        service.lineage = service.lineage ?? service.id
        let cause = faults.nextRunFails(operation, service: service.name)
        let effect = Rules.effect(of: operation)
        if case .becomes(let state) = cause == nil ? effect.onSuccess : effect.onFailure {
            service.state = state
        }
        let key = Names.serviceKey(service.name)
        services[key] = service
        heldNames[key] = nil
        lineages.add(service.id, line: service.lineage!, key: key)
        return record(operation, on: service.name, cause: cause, from: nil, to: service.state,
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
        case .start, .stop, .restart, .suspend, .resume, .delete, .disable, .enable:
            let (service, index) = try admitted(operation, on: name)
            return finish(operation, service, at: index, subject: nil) { _ in }
        case .serviceUpdate:
            return try serviceUpdate(name)
        case .backup:
            return try backup(name)
        case .updateConfiguration:
            return try updateConfiguration(name, [])
        case .scale:
            return try scale(name, to: service(named: name)?.units ?? 1)
        case .create:
            return try create(name)
        case .restore:
            return try restore(name)
        }
    }

    /// Scales to `units` units. Succeeds into Active with the new count; a
    /// failure leaves the service in ScaleFailed with its old count. Scaling
    /// in below what is deployed is refused (model decision).
    public mutating func scale(_ name: String, to units: Int) throws(LifecycleError) -> OperationReport {
        let (service, index) = try admitted(.scale, on: name)
        guard service.edition.unitRange.contains(units) else { throw .unitsOutOfRange(units, edition: service.edition) }
        let quota = service.edition.quotaPerUnit * units
        let usage = service.contents.usage
        let over = QuotaKind.allCases.filter { usage[$0] > quota[$0] }
            .map { QuotaExcess(kind: $0, used: usage[$0], limit: quota[$0]) }
        guard over.isEmpty else { throw .scaleBelowUsage(service: service.name, units: units, over: over) }
        return finish(.scale, service, at: index, subject: .units(units)) { $0.units = units }
    }

    /// Changes configuration settings (the seed's "update configuration").
    /// Success keeps the state, except that ConfigUpdateFailed recovers to
    /// Active; a failure leaves ConfigUpdateFailed and the old settings.
    public mutating func updateConfiguration(
        _ name: String, _ changes: [(key: String, value: String)]
    ) throws(LifecycleError) -> OperationReport {
        let service = try admit(.updateConfiguration, on: name)
        var resolved: [(SettingKey, String)] = []
        for (key, value) in changes {
            guard let setting = SettingKey(userInput: key) else { throw .unknownSetting(key) }
            resolved.append((setting, value))
        }
        let keys = Array(Set(resolved.map(\.0))).sorted()
        return finish(.updateConfiguration, service, subject: .settings(keys)) { service in
            for (key, value) in resolved { service.settings[key] = value }
        }
    }

    /// Takes a backup, named `<service>-<yyyymmdd>-<hhmmss>` unless a name
    /// is given (a second unnamed backup in the same second gets `-2`, a
    /// third `-3`, ...). The state never changes; a failed run makes no
    /// backup.
    public mutating func backup(_ name: String, as backupName: String? = nil) throws(LifecycleError) -> OperationReport {
        let service = try admit(.backup, on: name)
        let backupName = backupName ?? automaticBackupName(for: service.name)
        if let problem = Names.backupNameProblem(backupName) {
            throw .invalidBackupName(backupName, problem: problem)
        }
        guard backup(named: backupName) == nil, databaseBackups[backupName] == nil else { throw .backupExists(backupName) }
        try checkRoomForBackup()
        return takeBackup(of: service, as: backupName)
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
            let name = Names.automaticBackupName(service: service, at: now, attempt: attempt)
            return backup(named: name) == nil && databaseBackups[name] == nil
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

    /// Runs a backup that passed every check `backup` makes (user and
    /// scheduled backups alike): it may still fail, by an armed failure or
    /// chaos.
    mutating func takeBackup(of service: Service, as backupName: String) -> OperationReport {
        let report = finish(.backup, service, subject: .backup(backupName)) { _ in }
        guard report.succeeded else { return report }
        backups[backupName] = Backup(
            name: backupName, service: service.name, sourceID: service.id, takenAt: now, edition: service.edition,
            units: service.units, region: service.region, productVersion: service.productVersion,
            settings: service.settings, contents: service.contents.keepingBackedUp(),
            controlNumber: service.controlNumber, micValues: service.micValues, messagesProcessed: service.messagesProcessed,
            hybridConnectionsLeftOut: service.contents.items(.hybridConnection).map(\.name),
            messagesLost: service.activeBatch
        )
        let warnings: [LifecycleWarning] = service.activeBatch > 0
            ? [.batchMessagesLost(service: service.name, count: service.activeBatch, backup: backupName)] : []
        return OperationReport(entry: report.entry, warnings: warnings)
    }

    /// The platform moves the service to another product version, by
    /// default the next one.
    public mutating func serviceUpdate(_ name: String, to version: ProductVersion? = nil) throws(LifecycleError) -> OperationReport {
        if let version, let problem = ProductVersion.problem(version.text) { throw .invalidVersion(version.text, problem: problem) }
        let service = try admit(.serviceUpdate, on: name)
        let version = version ?? service.productVersion.next
        return finish(.serviceUpdate, service, subject: .version(version)) { $0.productVersion = version }
    }

    /// The checks every operation on an existing service passes first: the
    /// service exists, the seed table allows the operation in its state,
    /// and its edition allows it at all (`refusal(of:on:)` asks the same).
    private func admit(_ operation: Operation, on name: String) throws(LifecycleError) -> Service {
        try admitted(operation, on: name).service
    }

    /// `admit`, with where the service is in the table, so that `finish`
    /// need not look it up again.
    private func admitted(
        _ operation: Operation, on name: String
    ) throws(LifecycleError) -> (service: Service, index: Dictionary<String, Service>.Index) {
        guard let index = services.index(forKey: Names.serviceKey(name)) else { throw .noSuchService(name) }
        let service = services[at: index]
        guard Rules.isAllowed(operation, in: service.state) else {
            throw .notAllowed(operation, service: service.name, state: service.state)
        }
        if let refusal = Engine.editionRefusal(operation, of: service) { throw refusal }
        return (service, index)
    }

    /// Runs an admitted operation: decides whether it fails, applies the
    /// outcome's effect (and `change`, on success), and logs it.
    private mutating func finish(
        _ operation: Operation, _ service: Service, at knownIndex: Dictionary<String, Service>.Index? = nil,
        subject: LogEntry.Subject?, change: (inout Service) -> Void
    ) -> OperationReport {
        let from = service.state
        let cause = faults.nextRunFails(operation, service: service.name)
        let effect = Rules.effect(of: operation)
        let to = (cause == nil ? effect.onSuccess : effect.onFailure).apply(to: from)
        if let to {
            // In place: no copy of the service goes back into the table.
            let index = knownIndex ?? services.index(forKey: Names.serviceKey(service.name))!
            if cause == nil { change(&services[at: index]) }
            services[at: index].state = to
        } else {
            let key = Names.serviceKey(service.name)
            services[key] = nil
            heldNames[key] = now.adding(nameHold) ?? .latest
            schedules[key] = nil
            indexLineages()
            processedAtDeletion[service.id] = Processed(
                messages: service.messagesProcessed, controlNumber: service.controlNumber,
                name: service.name, restoredFrom: service.restoredFrom, lineage: lineages.line(of: service.id))
            lineages.delete(service.id)
        }
        return record(operation, on: service.name, cause: cause, from: from, to: to, subject: subject, warnings: [])
    }

    mutating func record(
        _ operation: Operation, on service: String, cause: FailureCause?,
        from: ServiceState?, to: ServiceState?, subject: LogEntry.Subject?, warnings: [LifecycleWarning]
    ) -> OperationReport {
        let entry = LogEntry(
            time: now, service: service, operation: operation, succeeded: cause == nil,
            cause: cause, from: from, to: to, subject: subject
        )
        log.append(entry)
        return OperationReport(entry: entry, warnings: warnings)
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
        let armed = faults.armedCount(operation, service: service)
        guard times <= Engine.failureCounts.upperBound - armed else {
            throw .tooManyArmedFailures(operation, service: service, armed: armed, adding: times)
        }
        faults.arm(operation, service: service, times: times)
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
        faults.disarm(operation, service: service)
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
            reports += runScheduledBackup(of: next.key)
        }
        clock.advance(by: end - now)
        return reports
    }
}

/// What happened when an operation ran: its log entry, plus warnings the
/// user should see.
public struct OperationReport: Sendable, Hashable {
    public let entry: LogEntry
    public let warnings: [LifecycleWarning]

    public var succeeded: Bool { entry.succeeded }
    public var from: ServiceState? { entry.from }
    public var to: ServiceState? { entry.to }
}
