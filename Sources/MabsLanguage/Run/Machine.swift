import Lifecycle

/// Runs compiled code (Lua's `lvm` and clox's `run` are the model): one
/// dispatch loop keeps the running chunk's code, `pc` and the frame's base
/// in locals; a call pushes an activation and a frame of local slots, and
/// never recurses on the native stack; an error unwinds activations to the
/// innermost `expect error` block that covers where it was raised, and
/// builds its place (a `Site`) only then.
final class Machine {
    unowned let session: Session
    let options: Session.Options
    let interner: Interner
    let variables: Variables
    let bridge: EngineBridge
    let output: RunOutput
    let steps: StepGuard
    let secrets: SecretMarks

    /// The operand stack.
    var stack: [Value] = []
    /// The code under way: the script, then each procedure called and file
    /// loaded, innermost last.
    private var activations: [Activation] = []
    /// Procedures found by `callProcedure`, entered once their arguments
    /// have run.
    private var pending: [ProcedureCode] = []
    /// The last error an `expect error` block caught, for `expectCaught`.
    private var caught: RuntimeError?
    /// What made an assertion false, and its source as it showed when it
    /// failed (before the code that says why ran).
    var remarkFound: Message.Remark?
    var assertionSource = ""
    /// The reasons of the `todo` blocks under way, outermost first.
    var todoReasons: [String] = []
    /// At each `expect error` block under way: how many `expect warning`
    /// and `todo` blocks were under way when it started, for an error it
    /// catches to leave those it started in.
    private var expecting: [(warnings: Int, todos: Int)] = []

    private struct Activation {
        enum Kind { case script, call, load }
        let chunk: Chunk
        let kind: Kind
        /// Where the code that started it goes on.
        let returnPC: Int
        let stackBase: Int
        let pendingBase: Int
        /// The statement lists executing when it started.
        let nesting: Int
    }

    init(session: Session) {
        self.session = session
        options = session.options
        interner = session.interner
        variables = session.variables
        bridge = session.bridge
        output = session.output
        steps = session.steps
        secrets = session.secrets
    }

    /// The bridge's engine, read in place (a copy of an engine would
    /// retain each of its tables).
    var engine: Engine {
        _read { yield bridge.engine }
        _modify { yield &bridge.engine }
    }

    // MARK: The loop

    /// Runs `chunk` to its end: a script's statements, or an expression,
    /// whose value it gives. An error no `expect error` block caught, or
    /// `--bail`, ends it; the machine is then as it was before.
    @discardableResult
    func run(_ chunk: Chunk) throws -> Value? {
        let entry = (
            activations: activations.count, stack: stack.count, pending: pending.count, locals: variables.locals.count,
            frames: variables.frames.count, nesting: bridge.nesting, loading: session.loading.count,
            warnings: bridge.expectingWarnings.count, todos: todoReasons.count, expecting: expecting.count)
        activations.append(Activation(
            chunk: chunk, kind: .script, returnPC: 0, stackBase: stack.count, pendingBase: pending.count, nesting: bridge.nesting))
        defer {
            activations.removeSubrange(entry.activations...)
            stack.removeSubrange(entry.stack...)
            pending.removeSubrange(entry.pending...)
            variables.locals.removeSubrange(entry.locals...)
            variables.frames.removeSubrange(entry.frames...)
            bridge.nesting = entry.nesting
            session.loading.removeSubrange(entry.loading...)
            bridge.expectingWarnings.removeSubrange(entry.warnings...)
            todoReasons.removeSubrange(entry.todos...)
            expecting.removeSubrange(entry.expecting...)
        }
        var chunk = chunk
        var code = chunk.code
        var pc = 0
        var base = variables.frames.last?.base ?? 0
        /// Switches to the code of the innermost activation, at `at`.
        func resume(at target: Int) {
            chunk = activations[activations.count - 1].chunk
            code = chunk.code
            pc = target
            base = variables.frames.last?.base ?? 0
        }
        while true {
            let instruction = code[pc]
            pc += 1
            do {
                switch instruction {
                case .tick(let rotate):
                    if rotate { bridge.nextStatement(at: bridge.nesting - 1) }
                    try steps.tick(Site(file: chunk.file, range: chunk.ranges[pc - 1]))
                case .topStart(let first):
                    try topStart(first: first, Site(file: chunk.file, range: chunk.ranges[pc - 1]))
                case .topEnd:
                    try topEnd(Site(file: chunk.file, range: chunk.ranges[pc - 1]))
                case .statement(let index, let mode):
                    let statement = chunk.statement(at: Int(index))
                    if mode.contains(.top) {
                        try topStart(first: mode.contains(.first), Site(file: chunk.file, range: statement.range))
                    } else {
                        if mode.contains(.rotate) { bridge.nextStatement(at: bridge.nesting - 1) }
                        try steps.tick(Site(file: chunk.file, range: statement.range))
                    }
                    try execute(statement, in: chunk, operands: stack.count)
                    if mode.contains(.top) { try topEnd(Site(file: chunk.file, range: statement.range)) }
                case .statementOperands(let index):
                    let (statement, count) = chunk.generic[Int(index)]
                    try execute(chunk.statement(at: statement), in: chunk, operands: stack.count - count)
                    stack.removeLast(count)
                case .operate(let index):
                    try operate(Int(index), in: chunk, at: pc - 1, base: base)
                case .enterBlock:
                    enterBlock()
                case .leaveBlock:
                    bridge.nesting -= 1

                case .constant(let index):
                    stack.append(chunk.constants[Int(index)])
                case .pop:
                    stack.removeLast()
                case .getLocal(let slot):
                    if let value = variables.locals[base + Int(slot)] {
                        stack.append(value)
                    } else {
                        let global = chunk.localFallbacks[Int(slot)]
                        guard let value = variables.globals[global] else {
                            throw variables.undefined(chunk.localNames[Int(slot)], interner, at: Site(file: chunk.file, range: chunk.ranges[pc - 1]))
                        }
                        stack.append(value)
                    }
                case .getGlobal(let slot):
                    guard let value = variables.globals[Int(slot)] else {
                        throw variables.undefined(variables.globalNames[Int(slot)], interner, at: Site(file: chunk.file, range: chunk.ranges[pc - 1]))
                    }
                    stack.append(value)
                case .getNamed(let raw):
                    let symbol = Symbol(rawValue: raw)
                    guard let value = variables.named(symbol) else {
                        throw variables.undefined(symbol, interner, at: Site(file: chunk.file, range: chunk.ranges[pc - 1]))
                    }
                    stack.append(value)
                case .setLocal(let slot):
                    let value = stack.removeLast()
                    // Later source that uses it names a secret (`SecretSource`).
                    if value.isSecret { secrets.names.variables.insert(chunk.localNames[Int(slot)]) }
                    variables.locals[base + Int(slot)] = value
                case .setGlobal(let slot):
                    let value = stack.removeLast()
                    if value.isSecret { secrets.names.variables.insert(variables.globalNames[Int(slot)]) }
                    variables.setGlobal(Int(slot), value)
                case .setNamed(let raw):
                    let value = stack.removeLast()
                    if value.isSecret { secrets.names.variables.insert(Symbol(rawValue: raw)) }
                    variables.setNamed(Symbol(rawValue: raw), value)
                case .convert(let conversion):
                    let top = stack.count - 1
                    stack[top] = try convert(stack[top], conversion, Site(file: chunk.file, range: chunk.ranges[pc - 1]))

                case .interpolationStart:
                    stack.append(.string(""))
                case .interpolationAppend:
                    guard case .string(let part) = stack.removeLast(), case .string(var text) = stack.removeLast() else {
                        preconditionFailure("interpolation of text")
                    }
                    text += part
                    // Refused as soon as it grows past the limit, before its
                    // later parts run.
                    if text.utf8.count > Value.maximumSize {
                        throw RuntimeError(.valueTooLarge("this string", limit: Value.maximumSize), Site(file: chunk.file, range: chunk.ranges[pc - 1]))
                    }
                    stack.append(.string(text))
                case .list(let count):
                    let items = Array(stack[(stack.count - Int(count))...])
                    stack.removeLast(Int(count))
                    stack.append(try Operators.bounded(.list(ListItems(items)), "this list", Site(file: chunk.file, range: chunk.ranges[pc - 1])))
                case .range:
                    guard case .int(let high) = stack.removeLast(), case .int(let low) = stack.removeLast() else {
                        preconditionFailure("a range of numbers")
                    }
                    stack.append(.range(low, high))
                case .negate:
                    let top = stack.count - 1
                    stack[top] = try negate(stack[top], Site(file: chunk.file, range: chunk.ranges[pc - 1]))
                case .not:
                    guard case .bool(let value) = stack.removeLast() else { preconditionFailure("a condition") }
                    stack.append(.bool(!value))
                case .compare(let index):
                    let right = stack.removeLast(), left = stack.removeLast()
                    stack.append(try compare(left, right, Int(index), chunk, Site(file: chunk.file, range: chunk.ranges[pc - 1])))
                case .arithmetic(let index):
                    let operand = stack.removeLast(), value = stack.removeLast()
                    if value.isSecret != operand.isSecret {
                        compared(value, chunk.literals(before: Int(index)), operand, chunk.steps[Int(index)].operand, in: chunk.file, deep: false)
                    }
                    stack.append(try Operators.binary(chunk.steps[Int(index)].op, value, operand, Site(file: chunk.file, range: chunk.ranges[pc - 1])))
                case .isState(let negated):
                    guard case .state(let wanted) = stack.removeLast(), case .state(let state) = stack.removeLast() else {
                        preconditionFailure("two states")
                    }
                    stack.append(.bool((state == wanted) != negated))
                case .serviceState:
                    let top = stack.count - 1
                    stack[top] = .state(try serviceState(stack[top], Site(file: chunk.file, range: chunk.ranges[pc - 1])))
                case .can(let operation, let negated):
                    let subject = stack.removeLast()
                    let refusal = try bridge.refusal(operation, on: subject, Site(file: chunk.file, range: chunk.ranges[pc - 1]))
                    stack.append(.bool((refusal == nil) != negated))
                case .index:
                    guard case .int(let position) = stack.removeLast() else { preconditionFailure("an index") }
                    let top = stack.count - 1
                    stack[top] = try Operators.item(of: stack[top], at: position, Site(file: chunk.file, range: chunk.ranges[pc - 1]))
                case .callBuiltin(let index):
                    try callBuiltin(chunk.calls[Int(index)], chunk)
                case .wrongArgumentCount(let index):
                    let call = chunk.calls[Int(index)]
                    let name = interner[call.callee]
                    throw RuntimeError(.argumentCount(name, expected: Builtins.all[call.index].function.parameters.count,
                                                      found: call.argumentRanges.count), Site(file: chunk.file, range: call.calleeRange))
                case .callProcedure(let index):
                    pending.append(try procedure(for: Int(index), chunk))
                case .enterProcedure(let index):
                    let procedure = pending.removeLast()
                    let count = procedure.parameters.count
                    let frame = variables.locals.count
                    variables.locals.append(contentsOf: stack[(stack.count - count)...].lazy.map(Optional.some))
                    stack.removeLast(count)
                    let locals = procedure.chunk.localNames.count
                    if locals > count { variables.locals.append(contentsOf: repeatElement(nil, count: locals - count)) }
                    variables.frames.append(Variables.Frame(procedure: procedure, base: frame, caller: chunk, call: Int(index)))
                    activations.append(Activation(
                        chunk: procedure.chunk, kind: .call, returnPC: pc, stackBase: stack.count, pendingBase: pending.count,
                        nesting: bridge.nesting))
                    chunk = procedure.chunk
                    code = chunk.code
                    pc = 0
                    base = frame
                case .requireValue(let index):
                    if case .none = stack[stack.count - 1] {
                        let call = chunk.calls[Int(index)]
                        throw RuntimeError(.noValue(interner[call.callee]), Site(file: chunk.file, range: call.range))
                    }
                case .return:
                    let value = stack.removeLast()
                    // Out of the procedure (and any file it was loading).
                    while let activation = activations.last, activation.kind != .call {
                        if activation.kind == .script { return nil }
                        leave(activations.removeLast())
                    }
                    let activation = activations.removeLast()
                    leave(activation)
                    stack.append(value)
                    resume(at: activation.returnPC)

                case .jump(let target):
                    pc = Int(target)
                case .loopBack(let target):
                    bridge.nesting -= 1
                    try steps.tick(Site(file: chunk.file, range: chunk.ranges[pc - 1]))
                    pc = Int(target)
                case .jumpIfFalse(let target):
                    if case .bool(false) = stack.removeLast() { pc = Int(target) }
                case .jumpIfDecided(let target, let decisive):
                    guard case .bool(let value) = stack.removeLast() else { preconditionFailure("a condition") }
                    if value == decisive {
                        stack.append(.bool(decisive))
                        pc = Int(target)
                    }
                case .forStart:
                    let sequence = stack.removeLast()
                    switch sequence {
                    case .list:
                        stack.append(sequence)
                        stack.append(.int(0))
                    case .range(let low, let high):
                        stack.append(sequence)
                        stack.append(low <= high ? .int(low) : .none)
                    default:
                        throw RuntimeError(.expectedValue(.listOrRange, for: "for", found: sequence.literal),
                                           Site(file: chunk.file, range: chunk.ranges[pc - 1]))
                    }
                case .forNext(let index):
                    let top = stack.count - 1
                    let loop = chunk.loops[Int(index)]
                    // The item is read before the position is written: a list
                    // held across the write would be retained.
                    if case .int(let position) = stack[top], let item = Machine.item(of: stack[top - 1], at: position) {
                        stack[top] = .int(position + 1)
                        assign(item, to: loop.variable!, base)
                        enterBlock()
                    } else if case .int(let n) = stack[top], case .range(_, let high) = stack[top - 1] {
                        stack[top] = n == high ? .none : .int(n + 1)
                        assign(.int(n), to: loop.variable!, base)
                        enterBlock()
                    } else {
                        stack.removeLast(2)
                        pc = loop.exit
                    }
                case .repeatStart:
                    guard case .int(let count) = stack[stack.count - 1] else { preconditionFailure("a number") }
                    if count < 0 { throw RuntimeError(.negativeRepeat(count), Site(file: chunk.file, range: chunk.ranges[pc - 1])) }
                case .repeatNext(let index):
                    let top = stack.count - 1
                    guard case .int(let remaining) = stack[top] else { preconditionFailure("a count") }
                    if remaining > 0 {
                        stack[top] = .int(remaining - 1)
                        enterBlock()
                    } else {
                        stack.removeLast()
                        pc = chunk.loops[Int(index)].exit
                    }
                case .end:
                    let activation = activations[activations.count - 1]
                    // The script's end ends the run (the defer clears up).
                    if activation.kind == .script { return stack.count > activation.stackBase ? stack.removeLast() : nil }
                    activations.removeLast()
                    leave(activation)
                    // A procedure that returns nothing gives nothing.
                    if activation.kind == .call { stack.append(.none) }
                    resume(at: activation.returnPC)

                case .define(let index):
                    let procedure = chunk.procedures[Int(index)]
                    guard Builtins.index(interner[procedure.name]) == nil else {
                        throw RuntimeError(.builtinRedefined(interner[procedure.name]), Site(file: chunk.file, range: chunk.ranges[pc - 1]))
                    }
                    variables.define(procedure)
                case .load:
                    guard case .string(let path) = stack.removeLast() else { preconditionFailure("a file name") }
                    let loaded = try session.load(path, Site(file: chunk.file, range: chunk.ranges[pc - 1]),
                                                  scope: variables.frames.isEmpty ? .global : .named)
                    activations.append(Activation(
                        chunk: loaded, kind: .load, returnPC: pc, stackBase: stack.count, pendingBase: pending.count,
                        nesting: bridge.nesting))
                    chunk = loaded
                    code = chunk.code
                    pc = 0
                case .echo:
                    let value = stack.removeLast()
                    if session.echoValues, value != .none { output.emit(value.description + "\n") }
                case .expectKind(let index):
                    try expectKind(chunk.expectations[Int(index)], chunk)
                case .expectStart(let index):
                    expecting.append((bridge.expectingWarnings.count, todoReasons.count))
                    try expectStart(chunk.expectations[Int(index)], chunk)
                case .expectEnd(let index):
                    expecting.removeLast()
                    try expectEnd(chunk.expectations[Int(index)], chunk)
                case .expectCaught(let index):
                    let error = caught!
                    caught = nil
                    let (warnings, todos) = expecting.removeLast()
                    bridge.expectingWarnings.removeSubrange(warnings...)
                    todoReasons.removeSubrange(todos...)
                    try expectCaught(error, chunk.expectations[Int(index)], chunk)
                case .expectWarningStart(let index):
                    try expectWarningStart(chunk.warningExpectations[Int(index)], chunk)
                case .expectWarningEnd(let index):
                    try expectWarningEnd(chunk.warningExpectations[Int(index)], chunk)
                case .skip(let index):
                    skip(chunk.marks[Int(index)], chunk)
                case .todoStart:
                    todoStart()
                case .todoEnd:
                    todoEnd()
                case .assert(let index):
                    let assertion = chunk.assertions[Int(index)]
                    if try assert(assertion, chunk, at: chunk.ranges[pc - 1]) { pc = assertion.end }
                case .assertFailed(let index):
                    try assertFailed(chunk.assertions[Int(index)], chunk, at: chunk.ranges[pc - 1])
                case .remark(let kind):
                    try remark(kind, Site(file: chunk.file, range: chunk.ranges[pc - 1]))
                }
            } catch let error as RuntimeError {
                try unwind(error, from: pc - 1)
                resume(at: pcAfterUnwind)
            }
        }
    }

    /// Where `unwind` found a handler.
    private var pcAfterUnwind = 0

    /// Leaves activations until one covers `faulting` with a handler that
    /// takes `error`, and sets everything as the handler expects it; a
    /// call left adds its place to the error's traceback. An error nothing
    /// takes leaves `run`.
    private func unwind(_ error: RuntimeError, from faulting: Int) throws {
        var error = error
        var faulting = faulting
        // What `expect error` never takes: Ctrl-C, SIGTERM and the step
        // limit stop the run.
        let catchable = error.message != .interrupted && !error.message.isStepLimit
        while true {
            let activation = activations[activations.count - 1]
            var found: Handler?
            for handler in activation.chunk.handlers where handler.start <= faulting && faulting < handler.end {
                if (handler.swallows || catchable) && handler.start >= (found?.start ?? 0) { found = handler }
            }
            if let handler = found {
                stack.removeSubrange((activation.stackBase + handler.depth)...)
                pending.removeSubrange(activation.pendingBase...)
                bridge.nesting = activation.nesting + 1 + handler.level
                if handler.swallows { remarkFound = nil } else { caught = error }
                pcAfterUnwind = handler.target
                return
            }
            guard activation.kind != .script else {
                if session.keepGoing, catchable, activation.chunk.topLevel, activations.count == 1 {
                    return try keepGoing(after: error, from: faulting, activation)
                }
                throw error
            }
            activations.removeLast()
            if activation.kind == .call, let frame = variables.frames.last {
                // A traceback, innermost call first.
                let call = frame.caller.calls[frame.call]
                error.calledFrom(interner[call.callee], Site(file: frame.caller.file, range: call.calleeRange))
            }
            leave(activation)
            faulting = activation.returnPC - 1
        }
    }

    /// `--keep-going`: the error is reported, and the run goes on after
    /// its top-level statement, whose end (`topEnd`) still runs.
    private func keepGoing(after error: RuntimeError, from faulting: Int, _ activation: Activation) throws {
        _ = session.reportError(error)
        stack.removeSubrange(activation.stackBase...)
        pending.removeSubrange(activation.pendingBase...)
        bridge.nesting = activation.nesting + 1
        bridge.expectingWarnings.removeAll()
        todoReasons.removeAll()
        expecting.removeAll()
        remarkFound = nil
        caught = nil
        let code = activation.chunk.code
        var pc = faulting + 1
        while pc < code.count {
            switch code[pc] {
            case .topEnd:
                pcAfterUnwind = pc
                return
            case .topStart, .end:
                break
            case .statement(_, let mode) where mode.contains(.top):
                break
            case .operate(let index) where activation.chunk.serviceOperations[Int(index)].mode?.contains(.top) == true:
                break
            default:
                pc += 1
                continue
            }
            break
        }
        // The statement's end was in the instruction that failed.
        try topEnd(Site(file: activation.chunk.file, range: activation.chunk.ranges[faulting]))
        pcAfterUnwind = pc
    }

    /// What ends with an activation: its frame, its file's place in the
    /// load chain, its statement lists.
    private func leave(_ activation: Activation) {
        stack.removeSubrange(activation.stackBase...)
        pending.removeSubrange(activation.pendingBase...)
        bridge.nesting = activation.nesting
        switch activation.kind {
        case .call:
            let frame = variables.frames.removeLast()
            variables.locals.removeSubrange(frame.base...)
        case .load:
            session.loading.removeLast()
        case .script:
            break
        }
    }

    // MARK: Statements

    /// Before a top-level statement: `warnings()` rotates (not before the
    /// first, which the list's start did), its blocks' operations are
    /// counted from nothing, Ctrl-C and SIGTERM are looked for (so a short
    /// script of slow statements stops as a loop does), the `--workspace`
    /// file is told a statement runs, and the step is counted.
    @inline(__always)
    func topStart(first: Bool, _ at: @autoclosure () -> Site) throws {
        if !first { bridge.nextStatement(at: 0) }
        bridge.startTopLevelStatement()
        if !first { try steps.stopIfAsked(at()) }
        if session.journal != nil { session.journal?.unsavedStatement = true }
        try steps.tick(at())
    }

    /// After a top-level statement: what its blocks ran is summed up, what
    /// it wrote is flushed, and the `--workspace` file saved.
    @inline(__always)
    func topEnd(_ at: @autoclosure () -> Site) throws {
        bridge.endTopLevelStatement()
        output.flush()
        try session.recordWorkspace(at())
    }

    /// The item of a `for` loop's list at `position`, nil past its end
    /// (or when the loop goes through a range).
    @inline(__always)
    private static func item(of sequence: Value, at position: Int) -> Value? {
        guard case .list(let items) = sequence, position < items.count else { return nil }
        return items[position]
    }

    /// A block's statements begin, one level deeper.
    @inline(__always)
    private func enterBlock() {
        bridge.nesting += 1
        bridge.startList(at: bridge.nesting - 1)
    }

    /// Sets a `for` loop's variable (no secret is noted: only `let` does).
    @inline(__always)
    private func assign(_ value: Value, to variable: Variable, _ base: Int) {
        switch variable {
        case .local(let slot): variables.locals[base + slot] = value
        case .global(let slot): variables.setGlobal(slot, value)
        case .named(let symbol): variables.setNamed(symbol, value)
        }
    }

    // MARK: Calls

    /// The procedure a call names, checked before its arguments run.
    /// (The call is read in place: a copy would retain its lists.)
    private func procedure(for index: Int, _ chunk: Chunk) throws -> ProcedureCode {
        func name() -> String { interner[chunk.calls[index].callee] }
        func at() -> Site { Site(file: chunk.file, range: chunk.calls[index].calleeRange) }
        guard let procedure = variables.procedures[chunk.calls[index].index] else {
            let known = variables.definedProcedures.map { interner[$0.name] } + Builtins.names
            throw RuntimeError(.undefinedProcedure(name(), suggestion: suggestion(for: name(), among: known)), at())
        }
        let count = chunk.calls[index].argumentRanges.count
        guard count == procedure.parameters.count else {
            throw RuntimeError(.argumentCount(name(), expected: procedure.parameters.count, found: count), at())
        }
        guard variables.frames.count < options.callDepthLimit else {
            throw RuntimeError(.callDepth(options.callDepthLimit), at())
        }
        return procedure
    }

    private func callBuiltin(_ call: Call, _ chunk: Chunk) throws {
        let (name, function) = Builtins.all[call.index]
        let count = call.argumentRanges.count
        let arguments = Array(stack[(stack.count - count)...])
        stack.removeLast(count)
        typedSecrets(among: arguments, call.arguments, in: chunk.file)
        // No built-in function takes a secret: each would make a name or a
        // count of it.
        if let index = arguments.firstIndex(where: \.isSecret) {
            throw RuntimeError(.secretMisused("in '\(name)'"), Site(file: chunk.file, range: call.argumentRanges[index]))
        }
        let at = Site(file: chunk.file, range: call.calleeRange)
        // `backups(x)` lists every backup's name: bounded like any value.
        stack.append(try Operators.bounded(try function.body(bridge, arguments, at), "the result of '\(name)'", at))
    }

    // MARK: Values

    /// `value` read as `conversion` asks, or the error at `at`.
    private func convert(_ value: Value, _ conversion: Conversion, _ at: @autoclosure () -> Site) throws -> Value {
        switch conversion {
        case .text(let use):
            if case .string = value { return value }
            return .string(try text(of: value, use.words, at()))
        case .stored(let use):
            let (words, what) = use.words
            return .string(try stored(try text(of: value, words, at()), what, at()))
        case .setting(let key):
            return .string(try stored(try settingText(value, key: interner[Symbol(rawValue: key)], at()), "this setting", at()))
        case .number(let context):
            guard case .int = value else { throw RuntimeError(.expectedValue(.number, for: context.word, found: value.literal), at()) }
            return value
        case .duration(let context):
            guard case .duration = value else { throw RuntimeError(.expectedValue(.duration, for: context.word, found: value.literal), at()) }
            return value
        case .condition(let context):
            guard case .bool = value else { throw RuntimeError(.expectedValue(.condition, for: context.word, found: value.literal), at()) }
            return value
        case .seed:
            do throws(Message.Runtime) {
                return .int(Int(try Machine.chaosSeed(value)))
            } catch {
                throw RuntimeError(error, at())
            }
        case .nameHold:
            do throws(Message.Runtime) {
                return .duration(try Machine.nameHold(value))
            } catch {
                throw RuntimeError(error, at())
            }
        case .edition:
            let text = try text(of: value, "as a name", at())
            guard let edition = Edition(userInput: text) else { throw RuntimeError(.unknownEdition(text), at()) }
            return .edition(edition)
        case .state:
            let text = try text(of: value, "as a name", at())
            guard let state = ServiceState(userInput: text) else {
                throw RuntimeError(.unknownState(text, suggestion: stateSuggestion(text)), at())
            }
            return .state(state)
        case .service:
            return .string(try service(value, at()).name)
        }
    }

    /// `text`, which the engine will keep (a region, a version, a setting,
    /// a source folder), if it is at most `Value.maximumSize` bytes, as
    /// every text a run gives the engine is. A list's text can be longer
    /// than the list, so it is measured.
    private func stored(_ text: String, _ what: String, _ at: @autoclosure () -> Site) throws -> String {
        guard text.utf8.count <= Value.maximumSize else { throw RuntimeError(.valueTooLarge(what, limit: Value.maximumSize), at()) }
        return text
    }

    /// The state of the service a value names, found by identity (see
    /// `EngineBridge.serviceID(named:)`), not copied.
    private func serviceState(_ value: Value, _ at: @autoclosure () -> Site) throws -> ServiceState {
        let name = try text(of: value, "as a name", at())
        guard let state = bridge.serviceID(named: name).flatMap(bridge.state) else {
            throw RuntimeError(.lifecycle(.noSuchService(name)), at())
        }
        return state
    }

    /// The service a value names (`contoso`, `$svc`, `"contoso"`).
    func service(_ value: Value, _ at: @autoclosure () -> Site) throws -> Service {
        let name = try text(of: value, "as a name", at())
        guard let service = engine.service(named: name) else { throw RuntimeError(.lifecycle(.noSuchService(name)), at()) }
        return service
    }

    private func negate(_ value: Value, _ at: @autoclosure () -> Site) throws -> Value {
        switch value {
        case .secret: throw RuntimeError(.secretMisused("with '-'"), at())
        case .int(let n): return .int(try Operators.arithmetic(0, n, "-", at()))
        case .duration(let d):
            guard let negated = d.negated else { throw RuntimeError(.overflow("-"), at()) }
            return .duration(negated)
        default: throw RuntimeError(.expectedValue(.number, for: "-", found: value.literal), at())
        }
    }

    /// A comparison. `n == 3`: the word `n` is the text "n"; `$n` was meant.
    /// (The comparison, `chunk.comparisons[index]`, is read in place: a
    /// copy would retain its lists of literals.)
    private func compare(_ left: Value, _ right: Value, _ index: Int, _ chunk: Chunk, _ at: @autoclosure () -> Site) throws -> Value {
        let op = chunk.comparisons[index].op
        if left.isSecret || right.isSecret || left.isList && right.isList {
            let comparison = chunk.comparisons[index]
            compared(left, comparison.left, right, comparison.right, in: chunk.file, deep: true)
        }
        if op == .in {
            let comparison = chunk.comparisons[index]
            typedSecrets(among: [left, right], [comparison.left, comparison.right], in: chunk.file)
        }
        do {
            return try Operators.binary(op, left, right, at())
        } catch let error as RuntimeError where error.message.isIncomparable {
            let comparison = chunk.comparisons[index]
            throw bareWord(comparison.leftWord, beside: right, chunk) ?? bareWord(comparison.rightWord, beside: left, chunk) ?? error
        }
    }

    /// The error for a bare word used where a value of `other`'s kind is
    /// needed: it is only text.
    private func bareWord(_ word: (Symbol, SourceRange)?, beside other: Value, _ chunk: Chunk) -> RuntimeError? {
        guard let (symbol, range) = word, let needed = ValueKind(other)?.expectation else { return nil }
        return RuntimeError(.bareWord(interner[symbol], needed: needed), Site(file: chunk.file, range: range))
    }

    /// `chaos ... seed N`'s N (and `--seed`): a whole number from 0 up.
    static func chaosSeed(_ value: Value) throws(Message.Runtime) -> UInt64 {
        guard case .int(let n) = value else { throw .expectedValue(.number, for: "seed", found: value.literal) }
        guard n >= 0 else { throw .negativeSeed(n) }
        return UInt64(n)
    }

    /// `hold names for D`'s D (and `--name-hold`): a duration from 0 up.
    static func nameHold(_ value: Value) throws(Message.Runtime) -> Interval {
        guard case .duration(let hold) = value else { throw .expectedValue(.duration, for: "hold names for", found: value.literal) }
        guard hold.seconds >= 0 else { throw .lifecycle(.negativeNameHold(hold)) }
        return hold
    }
}

/// A place in the source: the file and the range of a statement or
/// expression.
struct Site {
    var file: SourceFile
    var range: SourceRange
}

private extension Value {
    var isList: Bool { if case .list = self { true } else { false } }
}
