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
        for (event, states) in PlatformEventTable.allowedFrom {
            for state in states { sets[Int(state.rawValue)].insert(OperationSet([event])) }
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
        switch operation {
        case .create: (.becomes(.active), .becomes(.createdFailed))
        case .start: (.becomes(.active), .becomes(.startFailed))
        case .stop: (.becomes(.stopped), .becomes(.stopFailed))
        case .restart: (.becomes(.active), .becomes(.restartFailed))
        case .suspend: (.becomes(.suspended), .becomes(.suspendedFailed))
        case .resume: (.becomes(.active), .becomes(.resumeFailed))
        case .delete: (.removed, .keeps(recovering: nil))
        case .scale: (.becomes(.active), .becomes(.scaleFailed))
        case .updateConfiguration: (.keeps(recovering: .configUpdateFailed), .becomes(.configUpdateFailed))
        case .backup: (.keeps(recovering: nil), .keeps(recovering: nil))
        case .restore: (.becomes(.suspended), .becomes(.restoreFailed))
        case .disable: (.becomes(.disabled), .becomes(.disableFailed))
        case .enable: (.becomes(.active), .becomes(.enableFailed))
        case .serviceUpdate: (.keeps(recovering: .serviceUpdateFailed), .becomes(.serviceUpdateFailed))
        }
    }

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
