import Lifecycle
import MabsPresentation

/// `path`, `explain` and `explore`: what the tables say about getting
/// somewhere, in the language's own statements, so a learner can paste
/// them. Everything is read from `StateMachine`; nothing is restated.
enum Explanations {
    /// What a route for `service` must know: its name, units and edition,
    /// the name hold, the failures armed for it, and the backup a restore
    /// would bring back (its newest, else the one it was restored from).
    struct Route {
        var service: String
        var units = 1
        var edition = Engine.defaultEdition
        var nameHold = Interval.zero
        var backup: String?
        /// The name a backup taken on the way gets, when there is none.
        var backupOnTheWay: String
        var situation: StateMachine.Situation

        init(_ service: Service, in engine: Engine) {
            self.service = service.name
            units = service.units
            edition = service.edition
            nameHold = engine.nameHold
            backup = engine.backups(takenFrom: service.name).last?.name
                ?? service.restoredFrom.flatMap { engine.backup(named: $0)?.name }
            backupOnTheWay = Route.freeBackupName(for: service.name, in: engine)
            var armed: [Lifecycle.Operation: Int] = [:]
            for operation in Lifecycle.Operation.allCases {
                let count = engine.armedFailures(operation, on: service.name)
                if count > 0 { armed[operation] = count }
            }
            situation = StateMachine.Situation(
                armed: armed, hasBackup: backup != nil, canBackUp: edition.supportsBackup, preferRestore: backup != nil)
        }

        /// What the edition refuses, whatever the state.
        func refuses(_ operation: Lifecycle.Operation) -> Bool {
            !edition.allows(operation)
        }

        /// `SERVICE-copy` (then `-copy-2`, ...), a backup name no backup
        /// has, spelled as backup names must be.
        static func freeBackupName(for service: String, in engine: Engine) -> String {
            var stem = service.lowercased().split(separator: "-").joined(separator: "-")
            if Names.backupNameProblem(stem + "-copy") != nil { stem = "route" }
            for attempt in 1... {
                let name = stem + "-copy" + (attempt == 1 ? "" : "-\(attempt)")
                if engine.backup(named: name) == nil && engine.databaseBackup(named: name) == nil { return name }
            }
            preconditionFailure("a free backup name")
        }
    }

    /// The statements that take the service along `steps`, ready to paste:
    /// scale keeps the unit count, a restore names the backup, a backup on
    /// the way is named for it, after a delete the name hold is waited
    /// out, and a failure is armed unless it is armed already.
    static func statements(_ steps: [StateMachine.Step], _ route: Route) -> [String] {
        let service = route.service
        var lines: [String] = []
        for step in steps {
            if step.operation == .create || step.operation == .restore, lines.last == "delete \(service)", route.nameHold.seconds > 0 {
                lines.append("wait \(route.nameHold)")
            }
            let run = switch step.operation {
            case .restore: "restore \(route.backup ?? route.backupOnTheWay) to \(service)"
            case .backup: "backup \(service) as \(route.backupOnTheWay)"
            case .scale: "scale \(service) to \(route.units)"
            case .updateConfiguration: "update \(service) set acs-namespace = \"\(service)-ns\""
            default: "\(step.operation.keyword) \(service)"
            }
            if step.fails && !step.armed { lines.append("fail next \(step.operation.keyword) on \(service)") }
            lines.append(run)
        }
        return lines
    }

    /// `path NAME to STATE`.
    static func path(_ service: Service, to target: ServiceState, in engine: Engine) -> String {
        let route = Route(service, in: engine)
        let from = StateMachine.Node.state(service.state)
        if service.state == target { return "'\(service.name)' is \(target) already\n" }
        if let steps = StateMachine.path(from: from, toAny: [.state(target)], in: route.situation, excluding: route.refuses) {
            return statements(steps, route).map { $0 + "\n" }.joined()
        }
        // More failures armed than a route works through: disarming them
        // is the way, not "no statements".
        var disarmed = route
        disarmed.situation.armed = [:]
        if !route.situation.armed.isEmpty,
           let steps = StateMachine.path(from: from, toAny: [.state(target)], in: disarmed.situation, excluding: route.refuses) {
            return (["fail clear on \(service.name)"] + statements(steps, disarmed)).map { $0 + "\n" }.joined()
        }
        return "no statements take '\(service.name)' from \(service.state) to \(target)"
            + (route.refuses(.scale) || route.refuses(.backup) ? " (a \(service.edition) service)" : "") + "\n"
    }

    /// The shortest way from the service's state to one that allows
    /// `operation`; nil when there is none, or its edition refuses it.
    static func wayTo(_ operation: Lifecycle.Operation, for service: Service, in engine: Engine) -> [String]? {
        let route = Route(service, in: engine)
        guard !route.refuses(operation) else { return nil }
        let targets = Set(Rules.states(allowing: operation).map(StateMachine.Node.state))
        return StateMachine.path(from: .state(service.state), toAny: targets, in: route.situation, excluding: route.refuses)
            .map { statements($0, route) }
    }

    /// `explain OPERATION on NAME`: yes or no, and the rule that decides
    /// (the name, the seed table, the edition), with the way there. Nil
    /// when no service has the name and the operation needs one.
    static func explain(_ operation: Lifecycle.Operation, on name: String, in engine: Engine) -> String? {
        let word = operation.keyword
        let makesOne = Rules.states(allowing: operation).isEmpty
        guard let refusal = engine.refusal(of: operation, on: name) else {
            let (success, failure) = outcomes(operation, from: engine.service(named: name)?.state)
            if makesOne {
                return "yes: the name '\(name)' is free, so \(word) can make a service of it; it leads to \(success), or \(failure) if it fails\n"
            }
            let service = engine.service(named: name)!
            return "yes: \(word) is allowed while '\(service.name)' is \(service.state); it leads to \(success), or \(failure) if it fails\n"
        }
        switch refusal {
        case .noSuchService:
            return nil
        case .serviceExists:
            return "no: \(word) never runs on an existing service; it makes a new one\n"
        case .nameHeld(_, let until, let now):
            let wait = "wait \(until - now)"
            let then = operation == .create ? "create \(name)" : "restore BACKUP to \(name)"
            return "no: " + Message.text(of: refusal) + "\nthe shortest way there: \(wait); \(then)\n"
        case .cannotScaleEdition, .backupNotSupported:
            let service = engine.service(named: name)!
            return "no: the table allows \(word) while '\(service.name)' is \(service.state), but the \(service.edition) edition does not allow it\n"
        case .notAllowed:
            let service = engine.service(named: name)!
            var text = "no: '\(service.name)' is \(service.state), and \(word) is allowed in "
                + Rules.states(allowing: operation).map(\.displayName).joined(separator: ", ")
            if Route(service, in: engine).refuses(operation) {
                text += "\nbut the \(service.edition) edition does not allow \(word) at all"
            } else if let steps = wayTo(operation, for: service, in: engine) {
                text += "\nthe shortest way there: " + steps.joined(separator: "; ")
            } else {
                text += "\nno statements lead there from \(service.state)"
            }
            return text + "\n"
        default:
            return "no: " + Message.text(of: refusal) + "\n"
        }
    }

    /// `explain restore BACKUP [to NAME] [edition EDITION]`: whether the
    /// restore would run now, and which rule decides (the backup, the
    /// name and its hold, the edition).
    static func explainRestore(_ backupName: String, to target: String?, edition: Edition?, in engine: Engine) -> String {
        guard let refusal = engine.restoreRefusal(backupName, to: target, edition: edition) else {
            let backup = engine.backup(named: backupName)!
            let name = target ?? backup.service
            let (success, failure) = outcomes(.restore, from: nil)
            return "yes: backup '\(backup.name)' (of '\(backup.service)', \(backup.edition)) can be restored to '\(name)' as \(edition ?? backup.edition);"
                + " it leads to \(success), or \(failure) if it fails\n"
        }
        var text = "no: " + Message.text(of: refusal)
        if case .nameHeld(let name, let until, let now) = refusal {
            text += "\nthe shortest way there: wait \(until - now); restore \(backupName) to \(name)"
                + (edition.map { " edition \($0.displayName.lowercased())" } ?? "")
        }
        return text + "\n"
    }

    /// Where `operation` leads from `state` (nil: no service yet), on
    /// success and on failure.
    private static func outcomes(_ operation: Lifecycle.Operation, from state: ServiceState?) -> (String, String) {
        let effect = Rules.effect(of: operation)
        func name(_ outcome: Rules.Effect) -> String {
            if case .becomes(let next) = outcome { return next.displayName }
            return state.flatMap { outcome.apply(to: $0) }?.displayName ?? "gone"
        }
        return (name(effect.onSuccess), name(effect.onFailure))
    }

    /// `explore`.
    static func explore() -> String {
        let reach = StateMachine.reachability
        let lines = [
            "A new service reaches, without failures: " + reach.withoutFailures.map(\.displayName).joined(separator: ", "),
            "only through a failure: " + reach.onlyThroughFailures.map(\.displayName).joined(separator: ", "),
            "only delete leads out of: " + StateMachine.onlyDeleteLeadsOut.map(\.displayName).joined(separator: ", "),
            "What each state allows:",
        ]
        let rows = ServiceState.allCases.map { state -> [String] in
            let allowed = Rules.allowedOperations(in: state).operations.map(\.keyword)
            return [state.displayName, allowed.isEmpty ? "nothing" : allowed.joined(separator: ", ")]
        }
        return lines.map { $0 + "\n" }.joined() + TextTable.render(["STATE", "ALLOWS"], rows)
    }
}
