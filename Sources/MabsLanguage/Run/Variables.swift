/// The variables and procedures of a workspace, and the procedure calls
/// under way with their local variables. A variable set at the top level
/// is global; one set in a procedure is local to that call, and a name it
/// has not set reads the global.
///
/// Globals and procedures live in tables by slot, which the resolver gives
/// each name once (the tables grow across prompt entries, loads and
/// opened workspaces); a slot is empty until set. The locals of the calls
/// under way are slices of one stack of slots, a frame a call.
final class Variables {
    private(set) var globalNames: [Symbol] = []
    private var globalSlots: [Symbol: Int] = [:]
    /// By slot; nil: never set.
    var globals: [Value?] = []

    private(set) var procedureNames: [Symbol] = []
    private var procedureSlots: [Symbol: Int] = [:]
    /// By slot; nil: not defined.
    var procedures: [ProcedureCode?] = []

    /// The locals of the calls under way; each frame's start in `frames`.
    var locals: [Value?] = []
    var frames: [Frame] = []

    /// With a `--workspace` journal: the slots of the globals and the
    /// procedures set since its last record (nil: nobody asks).
    var changedGlobals: Set<Int>?
    var changedProcedures: Set<Int>?

    /// A procedure call under way.
    struct Frame {
        let procedure: ProcedureCode
        /// Where its locals start in `locals`.
        let base: Int
        /// Where it was called: the chunk and its call's index there.
        let caller: Chunk
        let call: Int
        /// Locals set by name that have no slot (statements of a file
        /// loaded in the procedure).
        var named: [Symbol: Value] = [:]
    }

    func globalSlot(_ symbol: Symbol) -> Int {
        if let slot = globalSlots[symbol] { return slot }
        globalSlots[symbol] = globalNames.count
        globalNames.append(symbol)
        globals.append(nil)
        return globalNames.count - 1
    }

    func procedureSlot(_ symbol: Symbol) -> Int {
        if let slot = procedureSlots[symbol] { return slot }
        procedureSlots[symbol] = procedureNames.count
        procedureNames.append(symbol)
        procedures.append(nil)
        return procedureNames.count - 1
    }

    @inline(__always)
    func setGlobal(_ slot: Int, _ value: Value) {
        globals[slot] = value
        changedGlobals?.insert(slot)
    }

    func define(_ procedure: ProcedureCode) {
        let slot = procedureSlot(procedure.name)
        procedures[slot] = procedure
        changedProcedures?.insert(slot)
    }

    /// The globals that are set, by name.
    var setGlobals: [(Symbol, Value)] {
        globals.indices.compactMap { slot in globals[slot].map { (globalNames[slot], $0) } }
    }

    /// The procedures that are defined.
    var definedProcedures: [ProcedureCode] { procedures.compactMap { $0 } }

    /// The value of `$symbol` looked up by name: the innermost call's local
    /// (in its slot, or set by name), else the global.
    func named(_ symbol: Symbol) -> Value? {
        if let frame = frames.last {
            if let slot = frame.procedure.chunk.localNames.firstIndex(of: symbol), let value = locals[frame.base + slot] {
                return value
            }
            if let value = frame.named[symbol] { return value }
        }
        return globalSlots[symbol].flatMap { globals[$0] }
    }

    /// Sets `$symbol` by name: the innermost call's local (its slot, or by
    /// name), else the global.
    func setNamed(_ symbol: Symbol, _ value: Value) {
        guard let frame = frames.last else { return setGlobal(globalSlot(symbol), value) }
        if let slot = frame.procedure.chunk.localNames.firstIndex(of: symbol) {
            locals[frame.base + slot] = value
        } else {
            frames[frames.count - 1].named[symbol] = value
        }
    }

    /// The names a variable could have been meant as: the innermost call's
    /// locals that are set, then the globals that are.
    func knownNames() -> [Symbol] {
        var known: [Symbol] = []
        if let frame = frames.last {
            for (slot, name) in frame.procedure.chunk.localNames.enumerated() where locals[frame.base + slot] != nil {
                known.append(name)
            }
            known += frame.named.keys.sorted()
        }
        return known + globals.indices.filter { globals[$0] != nil }.map { globalNames[$0] }
    }

    /// The error for `$symbol`, set nowhere.
    func undefined(_ symbol: Symbol, _ interner: Interner, at: Site) -> RuntimeError {
        let name = interner[symbol]
        return RuntimeError(.undefinedVariable(name, suggestion: suggestion(for: name, among: knownNames().map { interner[$0] })), at)
    }
}
