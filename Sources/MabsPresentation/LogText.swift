import Lifecycle

/// The words of the operation log: an entry's status and detail, from the
/// entry with its names (`Engine.describe(_:)`).
public enum LogText {
    /// `Succeeded` or `Failed`, as the public logs spell it.
    public static func status(_ entry: LogRecord) -> String {
        entry.succeeded ? "Succeeded" : "Failed"
    }

    /// A short account of what happened: the transition, what was acted on,
    /// and why it failed.
    public static func detail(_ entry: LogRecord) -> String {
        var parts: [String] = []
        switch (entry.from, entry.to) {
        case (let from?, let to?) where from != to: parts.append("\(from.displayName) -> \(to.displayName)")
        case (let from?, nil): parts.append("\(from.displayName) -> deleted")
        case (nil, let to?): parts.append("-> \(to.displayName)")
        case (let state?, _): parts.append("stays \(state.displayName)")
        case (nil, nil): break
        }
        switch entry.subject {
        case .units(let n): parts.append("\(n) unit\(n == 1 ? "" : "s")")
        case .backup(let name): parts.append(entry.operation == .restore ? "from backup \(name)" : "backup \(name)")
        case .version(let version): parts.append("version \(version.text)")
        case .settings(let keys): parts.append(keys.map(\.name).joined(separator: ", "))
        case .purgedBackup(let name): parts.append("backup \(name), past its retention")
        case nil: break
        }
        switch entry.cause {
        case .injected: parts.append("injected failure")
        case .chaos: parts.append("chaos failure")
        case .notAllowed(let state): parts.append("scheduled, but not allowed while \(state.displayName)")
        case .backupLimit(let limit): parts.append("scheduled, but the workspace already holds \(limit) backups, the most it may")
        case nil: break
        }
        return parts.joined(separator: "; ")
    }
}
