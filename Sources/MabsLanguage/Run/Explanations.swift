import Lifecycle
import MabsPresentation

/// `path`, `explain` and `explore`: what the tables say about getting
/// somewhere, in the language's own statements, so a learner can paste
/// them. Everything is read from `StateMachine`; nothing is restated.
enum Explanations {
    /// The statements that take `service` along `steps`, ready to paste
    /// (scale keeps the unit count; a restore needs a backup named).
    static func statements(_ steps: [StateMachine.Step], service: String, units: Int = 1) -> [String] {
        steps.flatMap { step -> [String] in
            let run = switch step.operation {
            case .restore: "restore BACKUP to \(service)"
            case .scale: "scale \(service) to \(units)"
            case .updateConfiguration: "update \(service) set acs-namespace = \"\(service)-ns\""
            default: "\(step.operation.keyword) \(service)"
            }
            return step.fails ? ["fail next \(step.operation.keyword) on \(service)", run] : [run]
        }
    }

    /// `path NAME to STATE`.
    static func path(_ service: Service, to target: ServiceState) -> String {
        let from = StateMachine.Node.state(service.state)
        if service.state == target { return "'\(service.name)' is \(target) already\n" }
        if let steps = StateMachine.path(from: from, toAny: [.state(target)]) {
            return statements(steps, service: service.name, units: service.units).map { $0 + "\n" }.joined()
        }
        var text = "no statements take '\(service.name)' from \(service.state) to \(target)"
        if let fresh = StateMachine.path(from: .none, toAny: [.state(target)]) {
            text += "; a new service gets there with: " + statements(fresh, service: service.name).joined(separator: "; ")
        }
        return text + "\n"
    }

    /// The shortest way from `state` to a state that allows `operation`.
    static func wayTo(_ operation: Lifecycle.Operation, from state: ServiceState, service: String) -> [String]? {
        let targets = Set(Rules.states(allowing: operation).map(StateMachine.Node.state))
        return StateMachine.path(from: .state(state), toAny: targets).map { statements($0, service: service) }
    }

    /// `explain OPERATION on NAME`.
    static func explain(_ operation: Lifecycle.Operation, on service: Service) -> String {
        let word = operation.keyword
        if Rules.isAllowed(operation, in: service.state) {
            // The table allows it; the edition may not.
            if operation == .scale && !service.edition.canScale {
                return "no: the table allows scale while '\(service.name)' is \(service.state), but a \(service.edition) service cannot scale\n"
            }
            if operation == .backup && !service.edition.supportsBackup {
                return "no: the table allows backup while '\(service.name)' is \(service.state), but a \(service.edition) service cannot be backed up\n"
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
        if let steps = wayTo(operation, from: service.state, service: service.name) {
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
