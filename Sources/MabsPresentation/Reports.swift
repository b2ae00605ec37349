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
        if let backup = service.restoredFrom { rows.append(("restored", "from backup \(backup)")) }
        let allowed = service.allowedOperations.operations
        let user = allowed.filter { !$0.isPlatformEvent }.map(operationName)
        let events = allowed.filter(\.isPlatformEvent).map(operationName)
        rows.append(("allowed", user.isEmpty ? "nothing" : user.joined(separator: ", ")))
        if !events.isEmpty { rows.append(("events", events.joined(separator: ", "))) }
        for key in service.settings.keys {
            rows.append((key.name, key.isSecret ? "(secret, not shown)" : service.settings[key] ?? ""))
        }
        let width = rows.map(\.0.count).max() ?? 0
        return service.name + "\n" + rows.map { "  " + $0.0.padded(to: width) + "  " + $0.1 + "\n" }.joined()
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

    public static func log(_ entries: [LogEntry]) -> String {
        guard !entries.isEmpty else { return "no operations yet\n" }
        return TextTable.render(
            ["TIME", "SERVICE", "OPERATION", "STATUS", "DETAIL"],
            entries.map { [$0.time.description, $0.service, $0.operation.logName, LogText.status($0), LogText.detail($0)] }
        )
    }
}
