/// The lifecycle rules, derived from the seed table and the model's tables.
public enum Rules {
    /// The operations allowed in each state, indexed by the state's raw value.
    private static let allowedByState: [OperationSet] = {
        var sets = [OperationSet](repeating: [], count: ServiceState.allCases.count)
        for row in SeedTable.rows {
            precondition(row.allowed.count == Operation.seedColumns.count, "a seed row has a cell per column")
            let allowed = OperationSet(zip(Operation.seedColumns, row.allowed).filter(\.1).map(\.0))
            for state in row.states { sets[Int(state.rawValue)].formUnion(allowed) }
        }
        for row in PlatformEventTable.rows {
            for state in row.allowedFrom { sets[Int(state.rawValue)].insert(OperationSet([row.event])) }
        }
        return sets
    }()

    /// Whether `operation` may run on a service in `state`.
    ///
    /// Create and restore make a new service, so they are never allowed on an
    /// existing one.
    public static func isAllowed(_ operation: Operation, in state: ServiceState) -> Bool {
        allowedByState[Int(state.rawValue)].contains(operation)
    }

    /// The operations allowed in `state`.
    public static func allowedOperations(in state: ServiceState) -> OperationSet {
        allowedByState[Int(state.rawValue)]
    }

    /// The states in which `operation` is allowed, in the seed's order.
    public static func states(allowing operation: Operation) -> [ServiceState] {
        ServiceState.allCases.filter { isAllowed(operation, in: $0) }
    }

    /// The seed table's rows as the seed groups them, for printing it.
    public static var seedRows: [(states: [ServiceState], allowed: OperationSet)] {
        SeedTable.rows.map { row in
            (row.states, OperationSet(zip(Operation.seedColumns, row.allowed).filter(\.1).map(\.0)))
        }
    }

    /// What an operation does to the service's state when it runs.
    public static func effect(of operation: Operation) -> (onSuccess: Effect, onFailure: Effect) {
        effects[Int(operation.rawValue)]
    }

    /// Each operation's effects, indexed by its raw value: user operations
    /// from `OperationTable`, platform events from `PlatformEventTable`.
    private static let effects: [(onSuccess: Effect, onFailure: Effect)] = {
        var effects = [(onSuccess: Effect, onFailure: Effect)?](repeating: nil, count: Operation.allCases.count)
        let rows = OperationTable.rows.map { ($0.operation, $0.onSuccess, $0.onFailure) }
            + PlatformEventTable.rows.map { ($0.event, $0.onSuccess, $0.onFailure) }
        for (operation, onSuccess, onFailure) in rows {
            precondition(effects[Int(operation.rawValue)] == nil, "one effect row per operation")
            effects[Int(operation.rawValue)] = (onSuccess, onFailure)
        }
        return effects.map { effect in
            guard let effect else { preconditionFailure("an effect row for every operation") }
            return effect
        }
    }()

    /// What one outcome of an operation does to the service's state.
    public enum Effect: Sendable, Equatable {
        /// The service moves to this state.
        case becomes(ServiceState)
        /// The state stays as it was, except that a service in the given
        /// failure state is recovered to Active.
        case keeps(recovering: ServiceState?)
        /// The service is removed (delete).
        case removed

        /// The state after applying the effect to a service in `state`, or
        /// nil when the service is gone.
        public func apply(to state: ServiceState) -> ServiceState? {
            switch self {
            case .becomes(let next): next
            case .keeps(let recovering): state == recovering ? .active : state
            case .removed: nil
            }
        }
    }
}

/// `Rules` folded into one lookup per operation and state, for the engine's
/// hot path: whether the operation is allowed, and the state after a run
/// that succeeds and after one that fails (nil: the service is gone).
/// Derived from `Rules` when made; it restates nothing.
struct Transitions: Sendable {
    struct Cell: Sendable {
        let isAllowed: Bool
        let onSuccess: ServiceState?
        let onFailure: ServiceState?
    }

    private let cells: [Cell]

    static let all = Transitions()

    private init() {
        var cells: [Cell] = []
        for operation in Operation.allCases {
            let effect = Rules.effect(of: operation)
            for state in ServiceState.allCases {
                cells.append(Cell(
                    isAllowed: Rules.isAllowed(operation, in: state),
                    onSuccess: effect.onSuccess.apply(to: state), onFailure: effect.onFailure.apply(to: state)
                ))
            }
        }
        self.cells = cells
    }

    @inline(__always)
    subscript(operation: Operation, state: ServiceState) -> Cell {
        cells[Int(operation.rawValue) &* ServiceState.allCases.count &+ Int(state.rawValue)]
    }
}
