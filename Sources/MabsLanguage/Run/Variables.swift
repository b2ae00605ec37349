/// The variables and procedures of a workspace, and the procedure calls
/// under way with their local variables. A variable set at the top level
/// is global; one set in a procedure is local to that call, and a name it
/// has not set reads the global.
final class Variables {
    var globals: [Symbol: Value] = [:]
    var procedures: [Symbol: Procedure] = [:]
    /// Local variables of the procedure calls under way, innermost last.
    var frames: [[Symbol: Value]] = []
    /// Where each of those calls was made, and with what arguments.
    var callSites: [CallSite] = []
    /// With a `--workspace` journal: the globals and procedures set since
    /// its last record (nil: nobody asks).
    var changedGlobals: Set<Symbol>?
    var changedProcedures: Set<Symbol>?

    struct CallSite {
        var parameters: [Identifier]
        var arguments: [Expr]
        var file: SourceFile
    }

    /// The value of `$symbol` where the run is.
    func value(of symbol: Symbol, _ interner: Interner, at: Site) throws -> Value {
        if let frame = frames.last, let value = frame[symbol] { return value }
        if let value = globals[symbol] { return value }
        let known = (frames.last.map { Array($0.keys) } ?? []) + Array(globals.keys)
        let name = interner[symbol]
        throw RuntimeError(.undefinedVariable(name, suggestion: suggestion(for: name, among: known.map { interner[$0] })), at)
    }

    /// Sets `$symbol` where the run is: a global at the top level, a local
    /// in a procedure.
    func assign(_ symbol: Symbol, _ value: Value) {
        if frames.isEmpty {
            globals[symbol] = value
            changedGlobals?.insert(symbol)
        } else {
            frames[frames.count - 1][symbol] = value
        }
    }

    func define(_ symbol: Symbol, _ procedure: Procedure) {
        procedures[symbol] = procedure
        changedProcedures?.insert(symbol)
    }
}

/// A procedure, as `def` defined it.
struct Procedure {
    var parameters: [Identifier]
    var body: Block
    /// The (masked) file it is written in.
    var file: SourceFile
    /// The `def` statement as written, for saved workspaces.
    var source: String
}
