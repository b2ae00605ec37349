import Lifecycle
import MabsLanguage
import MabsPresentation

/// The session at rest, as the session's thread hands it to the server
/// after each entry. Taking it is cheap (the engine is a value, copied
/// only when the next entry changes it); everything the page reads is
/// made from it later, on the server's threads, so a slow client never
/// holds up the prompt.
struct LiveSnapshot: Sendable {
    var sequence = 0
    var engine = Engine()
    /// The latest warnings, oldest first, each rendered as the terminal
    /// shows it (without colour).
    var warnings: [String] = []
    /// The last entry, as the prompt and the history show it.
    var lastEntry: String?
    var acceptsStatements = true
}

/// The JSON of `GET /state` and of each `/events` event. Secrets are never
/// in it: settings come masked from the reports (`Reports.show`), and
/// entries and warnings as the terminal shows them.
enum LiveState {
    /// At most this many services, backups and log entries are listed;
    /// the totals say how many there are.
    static let serviceLimit = 500
    static let backupLimit = 100
    static let logTail = 12
    static let warningLimit = 8

    static func json(_ snapshot: LiveSnapshot) -> JSON {
        let engine = snapshot.engine
        let services = engine.allServices
        let visited = visitedStates(engine)
        let backups = engine.allBackups
        let entries = engine.log.entries.suffix(logTail).map(engine.describe)
        return .object([
            ("sequence", .int(snapshot.sequence)),
            ("acceptsStatements", .bool(snapshot.acceptsStatements)),
            ("clock", .string(engine.now.description)),
            ("services", .array(services.prefix(serviceLimit).map { service($0, engine: engine, visited: engine.id(of: $0.name).flatMap { visited[$0] } ?? []) })),
            ("servicesTotal", .int(services.count)),
            ("backups", .array(backups.suffix(backupLimit).map { backup in
                .object([
                    ("name", .string(backup.name)), ("service", .string(backup.service)),
                    ("taken", .string(backup.takenAt.description)), ("show", .string(Reports.show(backup))),
                ])
            })),
            ("backupsTotal", .int(backups.count)),
            ("armedFailures", .array(engine.allArmedFailures.map { armed in
                .object([("service", .string(armed.service)), ("operation", .string(armed.operation.keyword)), ("count", .int(armed.count))])
            })),
            ("chaos", engine.chaos.map { .object([("percent", .int($0.percent)), ("seed", .string(String($0.seed)))]) } ?? .null),
            ("lastTransition", engine.log.last.map { transition(engine.describe($0)) } ?? .null),
            ("log", .array(entries.map { entry in
                .object([
                    ("time", .string(entry.time.description)), ("service", .string(entry.service)),
                    ("operation", .string(entry.logName)), ("status", .string(LogText.status(entry))),
                    ("detail", .string(LogText.detail(entry))),
                ])
            })),
            ("logTotal", .int(engine.log.total)),
            ("warnings", .array(snapshot.warnings.suffix(warningLimit).map(JSON.string))),
            ("lastEntry", .string(snapshot.lastEntry)),
        ])
    }

    private static func service(_ service: Service, engine: Engine, visited: [ServiceState]) -> JSON {
        let allowed = service.allowedOperations.operations.filter { service.edition.allows($0) }
        return .object([
            ("name", .string(service.name)),
            ("state", .string(service.state.displayName)),
            ("failed", .bool(StateMachine.reachability.onlyThroughFailures.contains(service.state))),
            ("edition", .string(service.edition.displayName)),
            ("units", .int(service.units)),
            ("version", .string(service.productVersion.text)),
            ("visited", .array(visited.map { .string($0.displayName) })),
            ("show", .string(Reports.show(service, engine: engine, operationName: \.keyword))),
            ("operations", .array(allowed.map { operation($0, of: service) })),
        ])
    }

    /// An operation the service allows now, where it leads on success and
    /// on failure, and the statement that runs it (to complete first when
    /// it needs a value: scale's units, update's settings).
    private static func operation(_ operation: Lifecycle.Operation, of service: Service) -> JSON {
        func target(fails: Bool) -> JSON {
            guard let transition = StateMachine.transitions.first(where: {
                $0.from == .state(service.state) && $0.operation == operation && $0.fails == fails
            }) else { return .null }
            return .string(place(transition.to))
        }
        let statement: String
        var complete = false
        switch operation {
        case .scale:
            statement = "scale \(service.name) to "
            complete = true
        case .updateConfiguration:
            statement = "update \(service.name) set "
            complete = true
        default:
            statement = "\(operation.keyword) \(service.name)"
        }
        return .object([
            ("operation", .string(operation.keyword)),
            ("event", .bool(operation.isPlatformEvent)),
            ("success", target(fails: false)),
            ("failure", target(fails: true)),
            ("statement", .string(statement)),
            ("complete", .bool(complete)),
        ])
    }

    private static func transition(_ entry: LogRecord) -> JSON {
        .object([
            ("service", .string(entry.service)),
            ("operation", .string(entry.operation.keyword)),
            ("from", .string(entry.from?.displayName)),
            ("to", .string(entry.to?.displayName)),
            ("succeeded", .bool(entry.succeeded)),
            ("event", .bool(entry.operation.isPlatformEvent)),
            ("detail", .string(LogText.detail(entry))),
            ("time", .string(entry.time.description)),
        ])
    }

    static func place(_ node: StateMachine.Node) -> String {
        switch node {
        case .state(let state): state.displayName
        case .none: "no service"
        }
    }

    /// The states each service went through since it was last created or
    /// restored, by identity, in one pass over the log.
    static func visitedStates(_ engine: Engine) -> [ServiceID: [ServiceState]] {
        var visited: [ServiceID: [ServiceState]] = [:]
        for entry in engine.log.entries where !entry.isPurge {
            let key = entry.service
            if entry.from == nil { visited[key] = [] }
            if let state = entry.to, visited[key]?.contains(state) != true { visited[key, default: []].append(state) }
        }
        return visited
    }

    /// The moves of one service since it was last created or restored, as
    /// `graph NAME` marks them.
    static func history(of name: String, in engine: Engine) -> [StateMachine.Step] {
        var history: [StateMachine.Step] = []
        for entry in engine.logEntries(for: name) where !entry.isPurge {
            if entry.from == nil { history = [] }
            history.append(StateMachine.Step(operation: entry.operation, fails: !entry.succeeded, to: entry.to.map(StateMachine.Node.state) ?? .none))
        }
        return history
    }
}
