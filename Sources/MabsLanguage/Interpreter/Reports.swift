import Lifecycle

/// The text of `show`, `list`, `list backups` and `log`.
enum Reports {
    static func show(_ service: Service, engine: Engine) -> String {
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
        let user = allowed.filter { !$0.isPlatformEvent }.map(\.keyword)
        let events = allowed.filter(\.isPlatformEvent).map(\.keyword)
        rows.append(("allowed", user.isEmpty ? "nothing" : user.joined(separator: ", ")))
        if !events.isEmpty { rows.append(("events", events.joined(separator: ", "))) }
        for key in service.settings.keys {
            rows.append((key.name, key.isSecret ? "(secret, not shown)" : service.settings[key] ?? ""))
        }
        let width = rows.map(\.0.count).max() ?? 0
        return service.name + "\n" + rows.map { "  " + $0.0.padded(to: width) + "  " + $0.1 + "\n" }.joined()
    }

    static func services(_ engine: Engine) -> String {
        let services = engine.allServices
        guard !services.isEmpty else { return "no services\n" }
        return table(
            ["NAME", "STATE", "EDITION", "UNITS", "VERSION"],
            services.map { [$0.name, $0.state.displayName, $0.edition.displayName, String($0.units), $0.productVersion.text] }
        )
    }

    static func backups(_ engine: Engine) -> String {
        let backups = engine.allBackups
        guard !backups.isEmpty else { return "no backups\n" }
        return table(
            ["NAME", "SERVICE", "EDITION", "UNITS", "VERSION", "TAKEN"],
            backups.map { [$0.name, $0.service, $0.edition.displayName, String($0.units), $0.productVersion.text, $0.takenAt.description] }
        )
    }

    static func log(_ entries: [LogEntry]) -> String {
        guard !entries.isEmpty else { return "no operations yet\n" }
        return table(
            ["TIME", "SERVICE", "OPERATION", "STATUS", "DETAIL"],
            entries.map { [$0.time.description, $0.service, $0.operation.logName, $0.status, $0.detail] }
        )
    }

    /// Left-aligned columns, two spaces apart, no trailing spaces.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        return ([header] + rows).map { row in
            var line = ""
            for (index, cell) in row.enumerated() {
                line += index == row.count - 1 ? cell : cell.padded(to: widths[index]) + "  "
            }
            return line + "\n"
        }.joined()
    }
}

extension String {
    func padded(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
