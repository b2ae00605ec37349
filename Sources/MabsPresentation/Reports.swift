import Lifecycle

/// The text of `show`, `list`, `list backups` and `log`.
public enum Reports {
    /// `operationName` spells an operation the way the reader writes it
    /// (the language's words; presentation does not know them).
    public static func show(_ service: Service, engine: Engine, operationName: (Operation) -> String) -> String {
        var rows: [(String, String)] = [
            ("state", service.state.displayName),
            ("edition", service.edition.displayName),
            ("units", String(service.units)),
            ("region", service.region),
            ("version", service.productVersion.text),
            ("created", service.createdAt.description),
        ]
        if let backup = service.restoredFrom {
            // The state a failed restore leaves is where only one leads.
            let failed = Rules.effect(of: .restore).onFailure == .becomes(service.state)
            rows.append(("restored", failed ? "from backup \(backup), and the restore failed" : "from backup \(backup)"))
        }
        let allowed = service.allowedOperations.operations
        let user = allowed.filter { !$0.isPlatformEvent }.map(operationName)
        let events = allowed.filter(\.isPlatformEvent).map(operationName)
        rows.append(("allowed", user.isEmpty ? "nothing" : user.joined(separator: ", ")))
        if !events.isEmpty { rows.append(("events", events.joined(separator: ", "))) }
        rows += settingRows(service.settings)
        rows += contentRows(service.contents)
        if !service.contents.isEmpty {
            let usage = service.contents.usage, quota = service.quota
            rows.append(("quotas", QuotaKind.allCases.map { "\($0.name) \(usage[$0]) of \(quota[$0])" }.joined(separator: ", ")))
        }
        if service.activeBatch > 0 { rows.append(("batch", "\(service.activeBatch) message\(service.activeBatch == 1 ? "" : "s") waiting")) }
        if service.controlNumber > 0 { rows.append(("control number", String(service.controlNumber))) }
        if service.micValues > 0 { rows.append(("AS2 MIC values", String(service.micValues))) }
        if let schedule = engine.schedule(of: service.name) {
            rows.append(("backups", schedule.summary + "; next at \(schedule.next)"))
        }
        if let connection = service.settings[.trackingDatabase] {
            let records = engine.trackingRecords(of: service.name).map { "\($0) record\($0 == 1 ? "" : "s")" }
            rows.append(("tracking", trackingDetails(connection).map { $0 + ": " + (records ?? "does not exist") } ?? records ?? "no database"))
            rows.append(("", "geo-replication recommended: no service backup holds its records"))
        }
        return block(service.name, rows)
    }

    /// What a backup holds, and, apart, what it does not.
    public static func show(_ backup: Backup) -> String {
        var rows: [(String, String)] = [
            ("service", backup.service),
            ("taken", backup.takenAt.description),
            ("edition", backup.edition.displayName),
            ("units", String(backup.units)),
            ("region", backup.region),
            ("version", backup.productVersion.text),
            ("control number", String(backup.controlNumber)),
            ("AS2 MIC values", String(backup.micValues)),
        ]
        rows += settingRows(backup.settings)
        if let details = backup.settings[.trackingDatabase].flatMap(trackingDetails) { rows.append(("tracking", details)) }
        rows += contentRows(backup.contents)
        var text = block(backup.name, rows)
        text += "  not in the backup:\n"
        let hybrid = backup.hybridConnectionsLeftOut
        text += "    hybrid connections: " + (hybrid.isEmpty ? "none" : TerminalText.escaped(hybrid.joined(separator: ", ")) + " (recreate them after a restore)") + "\n"
        text += "    messages in the active batch: "
            + (backup.messagesLost == 0 ? "none" : "\(backup.messagesLost) (lost)") + "\n"
        text += "    the tracking database's records: never in a service backup\n"
        return text
    }

    /// A tracking database's backup.
    public static func show(_ backup: DatabaseBackup) -> String {
        block(backup.name, [
            ("kind", "a backup of a tracking database"),
            ("taken", backup.takenAt.description),
            ("records", String(backup.records)),
        ])
    }

    /// The tracking database a connection string names, as `database D on
    /// server S`: the details entered at create, not the rest of the
    /// string, which may hold a password.
    private static func trackingDetails(_ connection: String) -> String? {
        TrackingDatabaseDetails(connectionString: connection).map { "database \($0.database) on server \($0.server)" }
    }

    /// Settings, secrets masked.
    private static func settingRows(_ settings: Settings) -> [(String, String)] {
        settings.keys.map { key in (key.name, key.isSecret ? "(secret, not shown)" : settings[key] ?? "") }
    }

    /// One row per kind of content: the names, an agreement's source after it.
    private static func contentRows(_ contents: Contents) -> [(String, String)] {
        contents.kinds.map { kind in
            let names = contents.items(kind).map { item in item.source.map { "\(item.name) (reads \($0))" } ?? item.name }
            return (kind.name, names.joined(separator: ", "))
        }
    }

    /// A title, then its rows with the labels in one column; the title and
    /// the values escaped (`TerminalText`), so none can break its line.
    private static func block(_ title: String, _ rows: [(String, String)]) -> String {
        let width = rows.map(\.0.count).max() ?? 0
        return TerminalText.escaped(title) + "\n"
            + rows.map { "  " + $0.0.padded(to: width) + "  " + TerminalText.escaped($0.1) + "\n" }.joined()
    }

    public static func services(_ engine: Engine) -> String {
        let services = engine.allServices
        guard !services.isEmpty else { return "no services\n" }
        return TextTable.render(
            ["NAME", "STATE", "EDITION", "UNITS", "VERSION"],
            services.map { [$0.name, $0.state.displayName, $0.edition.displayName, String($0.units), $0.productVersion.text] }
        )
    }

    /// The armed failures and the seeded random failures in force.
    public static func failures(_ engine: Engine, operationName: (Operation) -> String) -> String {
        let armed = engine.allArmedFailures
        var text = armed.isEmpty
            ? "no armed failures\n"
            : TextTable.render(["SERVICE", "OPERATION", "RUNS TO FAIL"],
                               armed.map { [$0.service, operationName($0.operation), String($0.count)] })
        if let chaos = engine.chaos {
            text += "chaos: \(chaos.percent)% of runs fail (seed \(chaos.seed))\n"
        } else {
            text += "chaos: off\n"
        }
        return text
    }

    public static func backups(_ engine: Engine) -> String {
        let backups = engine.allBackups
        guard !backups.isEmpty else { return "no backups\n" }
        return TextTable.render(
            ["NAME", "SERVICE", "EDITION", "UNITS", "VERSION", "TAKEN"],
            backups.map { [$0.name, $0.service, $0.edition.displayName, String($0.units), $0.productVersion.text, $0.takenAt.description] }
        )
    }

    /// The log's entries as a table; when older entries were dropped
    /// (`OperationLog.limit`), a first line says how many. The names are
    /// looked up here, as the entries are printed.
    /// - Parameter last: show only the last this many entries, and say how
    ///   many came before (nil: every one).
    public static func log(_ engine: Engine, _ entries: [LogEntry], last: Int? = nil) -> String {
        let shown = last.map { entries.suffix($0) } ?? entries[...]
        return log(shown.map(engine.describe), earlier: entries.count - shown.count,
                   dropped: engine.log.dropped, limit: engine.log.limit)
    }

    /// Log entries, with their names, as a table (see `log(_:_:last:)`):
    /// `earlier` came before them and are not shown.
    public static func log(
        _ entries: [LogRecord], earlier: Int = 0, dropped: Int = 0, limit: Int = OperationLog.defaultLimit
    ) -> String {
        var note = dropped == 0 ? "" : "(\(dropped) older \(dropped == 1 ? "entry" : "entries") dropped: the log keeps the last \(limit); --log-limit sets how many)\n"
        guard !entries.isEmpty || earlier > 0 else { return note + "no operations yet\n" }
        if earlier > 0 {
            note += "(\(earlier) earlier \(earlier == 1 ? "entry" : "entries") not shown: 'log all' shows every one, 'log last N' the last N)\n"
        }
        return note + TextTable.render(
            ["TIME", "SERVICE", "OPERATION", "STATUS", "DETAIL"],
            entries.map { [$0.time.description, $0.service, $0.logName, LogText.status($0), LogText.detail($0)] }
        )
    }
}
