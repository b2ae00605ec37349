import Lifecycle

// The resolver: after the checker, before the compiler (Lua's `singlevar`
// and clox's `resolveLocal` are the model). Every variable gets a slot (a
// procedure's locals a slot each, numbered per procedure; the others a
// slot in the session's table of globals, which grows across prompt
// entries and loads), every callee an index (a built-in function its place
// in `Builtins.all`, a procedure its slot in the session's table, bound
// when called), and every literal a statement reads (a name, a number, a
// state, an edition) its value, folded once.

/// Where the code being compiled runs, for its variables.
enum Scope {
    /// A script's or a loaded file's top level: every variable is global.
    case global
    /// A procedure's body: its parameters and the variables it sets are
    /// its locals, by slot; the others global.
    case procedure(locals: [Symbol: Int])
    /// By name: a procedure whose body loads a file (the file's statements
    /// set its locals), and a file loaded inside a procedure.
    case named
}

struct Resolver {
    let variables: Variables
    let interner: Interner
    let scope: Scope

    /// Where `$symbol` is read from.
    func variable(_ symbol: Symbol) -> Variable {
        switch scope {
        case .global: .global(variables.globalSlot(symbol))
        case .procedure(let locals): locals[symbol].map(Variable.local) ?? .global(variables.globalSlot(symbol))
        case .named: .named(symbol)
        }
    }

    /// A callee: a built-in function, or a procedure's slot.
    func callee(_ symbol: Symbol) -> (builtin: Bool, index: Int) {
        if let index = Builtins.index(interner[symbol]) { return (true, index) }
        return (false, variables.procedureSlot(symbol))
    }

    /// The locals of a procedure: its parameters, then every variable its
    /// body sets (`let`, `for`), outside the procedures it defines; and
    /// whether its body loads a file, which makes them all named.
    static func locals(_ parameters: [Identifier], _ body: Block) -> (names: [Symbol], named: Bool) {
        struct Locals: SyntaxVisitor {
            var names: [Symbol]
            var seen: Set<Symbol>
            var loads = false
            mutating func visit(_ statement: Stmt) -> WalkChoice {
                switch statement.kind {
                case .let(let identifier, _), .for(let identifier, _, _):
                    if seen.insert(identifier.symbol).inserted { names.append(identifier.symbol) }
                case .load:
                    loads = true
                case .def:
                    return .skipParts
                default:
                    break
                }
                return .visitParts
            }
            func visit(_ part: SyntaxPart) -> WalkChoice {
                if case .block = part { .visitParts } else { .skipParts }
            }
        }
        var locals = Locals(names: parameters.map(\.symbol), seen: Set(parameters.map(\.symbol)))
        locals.walk(body.statements)
        return (locals.names, locals.loads)
    }
}

/// The literal parts a statement reads as they are written, folded when
/// compiled, never evaluated: a part whose reading cannot fail. Both the
/// compiler (which then emits no code for the part) and the statements'
/// executor (which then reads it here, not from the stack) ask here, so
/// they agree part by part.
enum Folded {
    /// A name written as a word or a string.
    static func name(_ name: Name, _ interner: Interner) -> String? {
        switch name.kind {
        case .word(let symbol): interner[symbol]
        case .string(let text): text
        case .variable, .interpolated: nil
        }
    }

    static func edition(_ name: Name, _ interner: Interner) -> Edition? {
        self.name(name, interner).flatMap(Edition.init(userInput:))
    }

    static func state(_ name: Name, _ interner: Interner) -> ServiceState? {
        self.name(name, interner).flatMap(ServiceState.init(userInput:))
    }

    static func integer(_ expression: Expr) -> Int? {
        if case .integer(let n) = expression.kind { n } else { nil }
    }

    static func duration(_ expression: Expr) -> Interval? {
        if case .duration(let seconds) = expression.kind { Interval(seconds: Int64(seconds)) } else { nil }
    }

    /// A string the engine may keep (or any string, for other uses).
    static func text(_ expression: Expr, stored: Bool = false) -> String? {
        guard case .string(let text) = expression.kind, !stored || text.utf8.count <= Value.maximumSize else { return nil }
        return text
    }

    static func seed(_ expression: Expr) -> UInt64? {
        integer(expression).flatMap { $0 >= 0 ? UInt64($0) : nil }
    }

    /// Whether a part of a statement run by its syntax is read here.
    static func isFolded(_ part: SyntaxPart, _ interner: Interner) -> Bool {
        switch part {
        case .name(let name, .name): self.name(name, interner) != nil
        case .name(let name, .edition): edition(name, interner) != nil
        case .name(let name, .state): state(name, interner) != nil
        case .name(_, .service): false
        case .expression(let e, .number): integer(e) != nil
        case .expression(let e, .duration), .expression(let e, .nameHold): duration(e) != nil
        case .expression(let e, .text): text(e) != nil
        case .expression(let e, .stored), .expression(let e, .setting): text(e, stored: true) != nil
        case .expression(let e, .seed): seed(e) != nil
        case .expression(_, .value), .expression(_, .condition), .expression(_, .listOrRange): false
        case .block: true
        }
    }
}
