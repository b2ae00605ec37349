/// The state machine the tables describe, as a graph: every transition an
/// operation or platform event makes, on success and on failure. Diagrams,
/// paths and explanations all read it; it restates nothing.
public enum StateMachine {
    /// Where a transition starts or ends: a state, or no service at all
    /// (before create or restore, after delete).
    public enum Node: Hashable, Sendable {
        case none
        case state(ServiceState)
    }

    /// One transition: running `operation` from `from` leads to `to`,
    /// when the run succeeds or when it fails.
    public struct Transition: Hashable, Sendable {
        public let from: Node
        public let to: Node
        public let operation: Operation
        public let fails: Bool
    }

    /// Every transition, in the order of states, then operations, success
    /// before failure.
    public static let transitions: [Transition] = {
        var result: [Transition] = []
        for operation in Operation.allCases where Rules.states(allowing: operation).isEmpty {
            // create and restore make a service where there was none.
            let effect = Rules.effect(of: operation)
            for (outcome, fails) in [(effect.onSuccess, false), (effect.onFailure, true)] {
                if case .becomes(let state) = outcome {
                    result.append(Transition(from: .none, to: .state(state), operation: operation, fails: fails))
                }
            }
        }
        for state in ServiceState.allCases {
            for operation in Rules.allowedOperations(in: state).operations {
                let effect = Rules.effect(of: operation)
                for (outcome, fails) in [(effect.onSuccess, false), (effect.onFailure, true)] {
                    let to: Node = outcome.apply(to: state).map(Node.state) ?? .none
                    result.append(Transition(from: .state(state), to: to, operation: operation, fails: fails))
                }
            }
        }
        return result
    }()

    /// One step of a path: run `operation`, made to fail when `fails`;
    /// `armed` when that failure is armed already.
    public struct Step: Hashable, Sendable {
        public let operation: Operation
        public let fails: Bool
        public let to: Node
        public let armed: Bool

        public init(operation: Operation, fails: Bool, to: Node, armed: Bool = false) {
            self.operation = operation
            self.fails = fails
            self.to = to
            self.armed = armed
        }
    }

    /// The cheapest way from `start` to any of `targets` for a service in
    /// no particular situation: nothing armed, a backup to restore from
    /// (see `path(from:toAny:in:excluding:)`).
    public static func path(
        from start: Node, toAny targets: Set<Node>, excluding excluded: (Operation) -> Bool = { _ in false }
    ) -> [Step]? {
        path(from: start, toAny: targets, in: Situation(hasBackup: true), excluding: excluded)
    }

    /// The states reachable from a new service without any failure, and
    /// those reachable only through one.
    public static var reachability: (withoutFailures: [ServiceState], onlyThroughFailures: [ServiceState]) {
        func reachable(allowingFailures: Bool) -> Set<ServiceState> {
            var seen: Set<Node> = [.none]
            var frontier: [Node] = [.none]
            while let node = frontier.popLast() {
                for transition in transitions where transition.from == node && (allowingFailures || !transition.fails) {
                    if seen.insert(transition.to).inserted { frontier.append(transition.to) }
                }
            }
            return Set(seen.compactMap { if case .state(let state) = $0 { state } else { nil } })
        }
        let plain = reachable(allowingFailures: false)
        let all = reachable(allowingFailures: true)
        return (ServiceState.allCases.filter(plain.contains), ServiceState.allCases.filter { all.contains($0) && !plain.contains($0) })
    }

    /// The states whose only way out is delete.
    public static var onlyDeleteLeadsOut: [ServiceState] {
        ServiceState.allCases.filter { state in
            transitions.filter { $0.from == .state(state) && $0.to != .state(state) }.allSatisfy { $0.operation == .delete }
        }
    }
}
