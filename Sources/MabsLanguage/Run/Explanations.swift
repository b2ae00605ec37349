import Lifecycle
import MabsPresentation

/// `path`, `explain` and `explore`: what the tables say about getting
/// somewhere, in the language's own statements, so a learner can paste
/// them. Everything is read from `StateMachine`; nothing is restated.
enum Explanations {
    /// What a route for `service` must know: its name, units and edition,
    /// the name hold, and its newest backup (for a restore).
    struct Route {
        var service: String
        var units = 1
        var edition = Engine.defaultEdition
        var nameHold = Interval.zero
        var backup: String?

        init(_ service: Service, in engine: Engine) {
            self.service = service.name
            units = service.units
            edition = service.edition
            nameHold = engine.nameHold
            backup = engine.allBackups.last { $0.service.lowercased() == service.name.lowercased() }?.name
        }

        /// What the edition refuses, whatever the state.
        func refuses(_ operation: Lifecycle.Operation) -> Bool {
            !edition.allows(operation) || (operation == .restore && backup == nil)
        }
    }

    /// The statements that take the service along `steps`, ready to paste:
    /// scale keeps the unit count, a restore names the newest backup, and
    /// after a delete the name hold is waited out.
    static func statements(_ steps: [StateMachine.Step], _ route: Route) -> [String] {
        let service = route.service
        var lines: [String] = []
        for step in steps {
            if step.operation == .create || step.operation == .restore, lines.last == "delete \(service)", route.nameHold.seconds > 0 {
                lines.append("wait \(route.nameHold)")
            }
            let run = switch step.operation {
            case .restore: "restore \(route.backup ?? "BACKUP") to \(service)"
            case .scale: "scale \(service) to \(route.units)"
            case .updateConfiguration: "update \(service) set acs-namespace = \"\(service)-ns\""
            default: "\(step.operation.keyword) \(service)"
            }
            if step.fails { lines.append("fail next \(step.operation.keyword) on \(service)") }
            lines.append(run)
        }
        return lines
    }

    /// `path NAME to STATE`.
    static func path(_ service: Service, to target: ServiceState, in engine: Engine) -> String {
        let route = Route(service, in: engine)
        let from = StateMachine.Node.state(service.state)
        if service.state == target { return "'\(service.name)' is \(target) already\n" }
        if let steps = StateMachine.path(from: from, toAny: [.state(target)], excluding: route.refuses) {
            return statements(steps, route).map { $0 + "\n" }.joined()
        }
        return "no statements take '\(service.name)' from \(service.state) to \(target)"
            + (route.refuses(.scale) || route.refuses(.backup) ? " (a \(service.edition) service)" : "") + "\n"
    }

    /// The shortest way from the service's state to one that allows
    /// `operation`; nil when there is none, or its edition refuses it.
    static func wayTo(_ operation: Lifecycle.Operation, for service: Service, in engine: Engine) -> [String]? {
        let route = Route(service, in: engine)
        guard !route.refuses(operation) || operation == .restore else { return nil }
        let targets = Set(Rules.states(allowing: operation).map(StateMachine.Node.state))
        return StateMachine.path(from: .state(service.state), toAny: targets, excluding: route.refuses).map { statements($0, route) }
    }

    /// `explain OPERATION on NAME`.
    static func explain(_ operation: Lifecycle.Operation, on service: Service, in engine: Engine) -> String {
        let word = operation.keyword
        if Rules.isAllowed(operation, in: service.state) {
            // The table allows it; the edition may not.
            if !service.edition.allows(operation) {
                return "no: the table allows \(word) while '\(service.name)' is \(service.state), but the \(service.edition) edition does not allow it\n"
            }
            let effect = Rules.effect(of: operation)
            let success = effect.onSuccess.apply(to: service.state).map(\.displayName) ?? "gone"
            let failure = effect.onFailure.apply(to: service.state).map(\.displayName) ?? "gone"
            return "yes: \(word) is allowed while '\(service.name)' is \(service.state); it leads to \(success), or \(failure) if it fails\n"
        }
        let allowed = Rules.states(allowing: operation)
        guard !allowed.isEmpty else {
            return "no: \(word) never runs on an existing service; it makes a new one\n"
        }
        var text = "no: '\(service.name)' is \(service.state), and \(word) is allowed in "
            + allowed.map(\.displayName).joined(separator: ", ")
        if Route(service, in: engine).refuses(operation) {
            text += "\nbut the \(service.edition) edition does not allow \(word) at all"
        } else if let steps = wayTo(operation, for: service, in: engine) {
            text += "\nthe shortest way there: " + steps.joined(separator: "; ")
        } else {
            text += "\nno statements lead there from \(service.state)"
        }
        return text + "\n"
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
