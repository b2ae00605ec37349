import Lifecycle

/// The state a mistyped state name was probably meant to be.
func stateSuggestion(_ text: String) -> String? {
    suggestion(for: text.lowercased(), among: ServiceState.allCases.map { $0.displayName.lowercased() })
        .flatMap { ServiceState(userInput: $0)?.displayName }
}

/// The functions every script has.
enum Builtins {
    struct Function: Sendable {
        var parameters: [String]
        var summary: String
        var body: @Sendable (Interpreter, [Value], Site) throws -> Value
    }

    static func function(_ name: String) -> Function? { table[name] }

    static var names: [String] { table.keys.sorted() }

    /// The named service, for functions that take one.
    private static func service(_ interpreter: Interpreter, _ value: Value, _ at: Site) throws -> Service {
        guard let service = interpreter.engine.service(named: value.description) else {
            throw RuntimeError(.lifecycle(.noSuchService(value.description)), at)
        }
        return service
    }

    static let table: [String: Function] = [
        "state": Function(parameters: ["service"], summary: "the service's state") { i, args, at in
            .state(try service(i, args[0], at).state)
        },
        "units": Function(parameters: ["service"], summary: "the service's unit count") { i, args, at in
            .int(try service(i, args[0], at).units)
        },
        "edition": Function(parameters: ["service"], summary: "the service's edition") { i, args, at in
            .edition(try service(i, args[0], at).edition)
        },
        "version": Function(parameters: ["service"], summary: "the service's product version") { i, args, at in
            .string(try service(i, args[0], at).productVersion.text)
        },
        "exists": Function(parameters: ["service"], summary: "whether the service exists") { i, args, _ in
            .bool(i.engine.service(named: args[0].description) != nil)
        },
        "backup_exists": Function(parameters: ["backup"], summary: "whether the backup exists") { i, args, _ in
            .bool(i.engine.backup(named: args[0].description) != nil)
        },
        "now": Function(parameters: [], summary: "the simulated time") { i, _, _ in
            .time(i.engine.now)
        },
        "len": Function(parameters: ["list"], summary: "how many items a list, range or string has") { _, args, at in
            switch args[0] {
            case .list(let items): return .int(items.count)
            case .range(let low, let high):
                guard low <= high else { return .int(0) }
                let (span, overflow) = high.subtractingReportingOverflow(low)
                guard !overflow, span < Int.max else { throw RuntimeError(.overflow("len"), at) }
                return .int(span + 1)
            case .string(let s): return .int(s.count)
            default: throw RuntimeError(.expectedValue(.listRangeOrString, for: "len", found: args[0].literal), at)
            }
        },
    ]
}
