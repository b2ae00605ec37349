import Lifecycle

/// Compiles a checked script, a loaded file or a procedure's body into a
/// `Chunk` (Lua's `lparser`/`lcode` and clox's compiler are the model): one
/// pass over the tree, emitting code as it goes, with the operand stack's
/// depth kept so that an `expect error` block knows where to cut it back.
///
/// It compiles whatever the parser made, checked or not (a workspace's
/// procedures are not checked when opened), so every error the checker
/// would have reported still happens at run time, where the tree-walking
/// interpreter raised it, in the same order.
struct Compiler {
    let interner: Interner
    let resolver: Resolver
    let file: SourceFile
    /// A script's top level (not a loaded file's): each of its statements
    /// is one step of the `--workspace` journal, and flushes output.
    let topLevel: Bool
    let topStatements: [Stmt]

    private var code: [Instruction] = []
    private var ranges: [SourceRange] = []
    private var constants: [Value] = []
    private var wordConstants: [Symbol: Int] = [:]
    private var statements: [Stmt] = []
    private var generic: [(statement: Int, operands: Int)] = []
    private var serviceOperations: [ServiceOperation] = []
    private var serviceNames: [(text: String, key: Lifecycle.NameKey)] = []
    private var comparisons: [Comparison] = []
    private var steps: [ArithmeticStep] = []
    private var calls: [Call] = []
    private var loops: [Loop] = []
    private var expectations: [Expectation] = []
    private var warningExpectations: [WarningExpectation] = []
    private var marks: [MarkedBlock] = []
    private var assertions: [Assertion] = []
    private var procedures: [ProcedureCode] = []
    private var handlers: [Handler] = []
    /// The operand stack's depth in this chunk's code.
    private var depth = 0
    /// How many blocks deep the statement being compiled is.
    private var blockDepth = 0

    private init(interner: Interner, resolver: Resolver, file: SourceFile, topLevel: Bool, topStatements: [Stmt]) {
        self.interner = interner
        self.resolver = resolver
        self.file = file
        self.topLevel = topLevel
        self.topStatements = topStatements
    }

    // MARK: Entry points

    /// A script's statements (`topLevel`), or a loaded file's.
    static func script(
        _ statements: [Stmt], in file: SourceFile, topLevel: Bool, scope: Scope, variables: Variables, interner: Interner
    ) -> Chunk {
        let resolver = Resolver(variables: variables, interner: interner, scope: scope)
        var compiler = Compiler(interner: interner, resolver: resolver, file: file, topLevel: topLevel, topStatements: statements)
        compiler.emit(.enterBlock, SourceRange(at: 0))
        for (index, statement) in statements.enumerated() {
            compiler.statement(statement, index: index, first: index == 0, top: true)
        }
        compiler.emit(.end, SourceRange(at: 0))
        return compiler.chunk(localNames: [], localFallbacks: [], named: false)
    }

    /// One expression, its value left on the stack at `end`.
    static func expression(_ expression: Expr, in file: SourceFile, variables: Variables, interner: Interner) -> Chunk {
        let resolver = Resolver(variables: variables, interner: interner, scope: .global)
        var compiler = Compiler(interner: interner, resolver: resolver, file: file, topLevel: false, topStatements: [])
        compiler.expression(expression)
        compiler.emit(.end, SourceRange(at: 0))
        return compiler.chunk(localNames: [], localFallbacks: [], named: false)
    }

    /// A procedure defined by `def`: its body, with its parameters and the
    /// variables it sets as its locals.
    static func procedure(
        _ name: Identifier, _ parameters: [Identifier], _ body: Block, in file: SourceFile, source: String,
        variables: Variables, interner: Interner
    ) -> ProcedureCode {
        let (locals, loads) = Resolver.locals(parameters, body)
        let scope: Scope = loads ? .named : .procedure(locals: Dictionary(locals.enumerated().map { ($1, $0) }) { first, _ in first })
        let resolver = Resolver(variables: variables, interner: interner, scope: scope)
        var compiler = Compiler(interner: interner, resolver: resolver, file: file, topLevel: false, topStatements: [])
        compiler.emit(.enterBlock, body.range)
        for (index, statement) in body.statements.enumerated() {
            compiler.statement(statement, index: index, first: index == 0, top: false)
        }
        compiler.emit(.end, body.range)
        let chunk = compiler.chunk(localNames: locals, localFallbacks: locals.map { variables.globalSlot($0) }, named: loads)
        return ProcedureCode(name: name.symbol, parameters: parameters, chunk: chunk, source: source)
    }

    private func chunk(localNames: [Symbol], localFallbacks: [Int], named: Bool) -> Chunk {
        let chunk = Chunk(
            file: file, code: code, ranges: ranges, constants: constants, topStatements: topStatements,
            statements: statements, generic: generic, serviceOperations: serviceOperations,
            serviceNames: serviceNames, comparisons: comparisons, steps: steps, calls: calls,
            loops: loops, expectations: expectations, warningExpectations: warningExpectations, marks: marks,
            assertions: assertions, procedures: procedures,
            handlers: handlers, localNames: localNames, localFallbacks: localFallbacks, named: named)
        chunk.topLevel = topLevel
        return chunk
    }

    // MARK: Emitting

    @discardableResult
    private mutating func emit(_ instruction: Instruction, _ range: SourceRange) -> Int {
        code.append(instruction)
        ranges.append(range)
        return code.count - 1
    }

    private mutating func constant(_ value: Value) {
        constants.append(value)
        emit(.constant(UInt32(constants.count - 1)), SourceRange(at: 0))
        depth += 1
    }

    private mutating func word(_ symbol: Symbol) {
        let index: Int
        if let known = wordConstants[symbol] {
            index = known
        } else {
            constants.append(.string(interner[symbol]))
            index = constants.count - 1
            wordConstants[symbol] = index
        }
        emit(.constant(UInt32(index)), SourceRange(at: 0))
        depth += 1
    }

    private mutating func convert(_ conversion: Conversion, _ range: SourceRange) {
        emit(.convert(conversion), range)
    }

    /// A jump to be patched once its target is known.
    private mutating func jump(_ instruction: Instruction, _ range: SourceRange = SourceRange(at: 0)) -> Int {
        emit(instruction, range)
    }

    private mutating func patch(_ at: Int, to target: Int? = nil) {
        let target = UInt32(target ?? code.count)
        switch code[at] {
        case .jump: code[at] = .jump(target)
        case .jumpIfFalse: code[at] = .jumpIfFalse(target)
        case .jumpIfDecided(_, let decisive): code[at] = .jumpIfDecided(target, decisive: decisive)
        default: preconditionFailure("not a jump")
        }
    }

    // MARK: Statements

    /// A statement list in a block, one level deeper. A loop's block is
    /// entered by the loop's next turn (`forNext`, `repeatNext`) when
    /// `entered`, and left by `loopBack` when `looping`.
    private mutating func block(_ block: Block, entered: Bool = false, looping: Bool = false) {
        if !entered { emit(.enterBlock, block.range) }
        blockDepth += 1
        for (index, statement) in block.statements.enumerated() {
            self.statement(statement, index: index, first: index == 0, top: false)
        }
        blockDepth -= 1
        if !looping { emit(.leaveBlock, block.range) }
    }

    /// The index of `statement` for `statement` instructions: its place
    /// among the top-level statements, or a new one among the others.
    private mutating func index(of statement: Stmt, top: Bool, at position: Int) -> Int {
        if top { return position }
        statements.append(statement)
        return topStatements.count + statements.count - 1
    }

    private mutating func statement(_ s: Stmt, index position: Int, first: Bool, top listIsTop: Bool) {
        let top = topLevel && listIsTop
        // What every statement does first: count a step (at the top level,
        // after its bookkeeping), after rotating `warnings()` (not before a
        // list's first statement, whose rotation the list's start made).
        func prologue(_ compiler: inout Compiler) {
            compiler.emit(top ? .topStart(first: first) : .tick(rotate: !first), s.range)
        }
        func epilogue(_ compiler: inout Compiler) {
            if top { compiler.emit(.topEnd, s.range) }
        }
        switch s.kind {
        case .let(let identifier, let value):
            prologue(&self)
            expression(value)
            switch resolver.variable(identifier.symbol) {
            case .local(let slot): emit(.setLocal(UInt16(slot)), identifier.range)
            case .global(let slot): emit(.setGlobal(UInt32(slot)), identifier.range)
            case .named(let symbol): emit(.setNamed(symbol.rawValue), identifier.range)
            }
            depth -= 1
            epilogue(&self)
        case .expression(let e):
            prologue(&self)
            expression(e)
            emit(.echo, s.range)
            depth -= 1
            epilogue(&self)
        case .call(let callee, let arguments):
            prologue(&self)
            call(callee, arguments, range: s.range, needsValue: false)
            emit(.echo, s.range)
            depth -= 1
            epilogue(&self)
        case .return(let value):
            prologue(&self)
            if let value { expression(value) } else { constant(.none) }
            emit(.return, s.range)
            depth -= 1
            epilogue(&self)
        case .load(let path):
            prologue(&self)
            expression(path)
            convert(.text(.fileName), path.range)
            emit(.load, s.range)
            depth -= 1
            epilogue(&self)
        case .def(let name, let parameters, let body):
            prologue(&self)
            // Saved as written, secrets and all, so an opened workspace's
            // procedure sets what this one sets; never shown.
            let source = (file.asWritten ?? file).text(of: s.range)
            procedures.append(Compiler.procedure(
                name, parameters, body, in: file, source: source, variables: resolver.variables, interner: interner))
            emit(.define(UInt32(procedures.count - 1)), name.range)
            epilogue(&self)
        case .if(let branches, let otherwise):
            prologue(&self)
            var ends: [Int] = []
            for branch in branches {
                expression(branch.condition)
                convert(.condition(.if), branch.condition.range)
                let next = jump(.jumpIfFalse(0))
                depth -= 1
                block(branch.body)
                ends.append(jump(.jump(0)))
                patch(next)
            }
            if let otherwise { block(otherwise) }
            for end in ends { patch(end) }
            epilogue(&self)
        case .for(let variable, let sequence, let body):
            prologue(&self)
            expression(sequence)
            emit(.forStart, sequence.range)
            depth += 1
            loops.append(Loop(variable: resolver.variable(variable.symbol), exit: 0))
            let loop = loops.count - 1
            let next = emit(.forNext(UInt32(loop)), s.range)
            block(body, entered: true, looping: true)
            emit(.loopBack(UInt32(next)), s.range)
            loops[loop].exit = code.count
            depth -= 2
            epilogue(&self)
        case .repeat(let count, let body):
            prologue(&self)
            expression(count)
            convert(.number(.repeat), count.range)
            emit(.repeatStart, count.range)
            loops.append(Loop(variable: nil, exit: 0))
            let loop = loops.count - 1
            let next = emit(.repeatNext(UInt32(loop)), s.range)
            block(body, entered: true, looping: true)
            emit(.loopBack(UInt32(next)), s.range)
            loops[loop].exit = code.count
            depth -= 1
            epilogue(&self)
        case .while(let condition, let body):
            prologue(&self)
            let start = code.count
            expression(condition)
            convert(.condition(.while), condition.range)
            let exit = jump(.jumpIfFalse(0))
            depth -= 1
            block(body, looping: true)
            emit(.loopBack(UInt32(start)), s.range)
            patch(exit)
            epilogue(&self)
        case .expectError(let message, let body):
            prologue(&self)
            // A bare word is a kind of error (`expect error not-allowed`);
            // any other expression, a text the message contains.
            let kind = message.flatMap { if case .word = $0.kind { $0 } else { nil } }
            let text = kind == nil ? message : nil
            if let text {
                expression(text)
                convert(.text(.errorMessage), text.range)
            }
            expectations.append(Expectation(
                body: body, kind: kind, range: s.range, checkRange: CheckEvent.expectErrorRange(s.range, body: body),
                hasMessage: text != nil))
            let expectation = UInt32(expectations.count - 1)
            // An unknown kind stops the script: the block does not take it.
            if kind != nil { emit(.expectKind(expectation), s.range) }
            let start = emit(.expectStart(expectation), s.range)
            let handlerDepth = depth
            block(body)
            let end = emit(.expectEnd(expectation), s.range)
            let after = jump(.jump(0))
            handlers.append(Handler(start: start, end: end, target: code.count, depth: handlerDepth, level: blockDepth, swallows: false))
            emit(.expectCaught(expectation), s.range)
            patch(after)
            if text != nil { depth -= 1 }
            epilogue(&self)
        case .expectWarning(let wanted, let none, let body):
            prologue(&self)
            // A bare word is a kind of warning; any other expression, a
            // text the warning contains.
            let kind = wanted.flatMap { if case .word = $0.kind { $0 } else { nil } }
            let text = kind == nil ? wanted : nil
            if let text {
                expression(text)
                convert(.text(.warningText), text.range)
            }
            warningExpectations.append(WarningExpectation(
                kind: kind, hasText: text != nil, none: none, range: s.range,
                checkRange: CheckEvent.expectErrorRange(s.range, body: body)))
            let expectation = UInt32(warningExpectations.count - 1)
            emit(.expectWarningStart(expectation), s.range)
            block(body)
            emit(.expectWarningEnd(expectation), s.range)
            if text != nil { depth -= 1 }
            epilogue(&self)
        case .marked(let mark, let reason, let body):
            prologue(&self)
            expression(reason)
            convert(.text(.reason), reason.range)
            marks.append(MarkedBlock(mark: mark, body: body))
            let marked = UInt32(marks.count - 1)
            // Either takes the reason off the stack.
            switch mark {
            case .skip:
                // Nothing in the block runs.
                emit(.skip(marked), s.range)
                depth -= 1
            case .todo:
                emit(.todoStart, s.range)
                depth -= 1
                block(body)
                emit(.todoEnd, s.range)
            }
            epilogue(&self)
        case .assert(let condition, let name):
            prologue(&self)
            expression(condition)
            assertions.append(Assertion(condition: condition, name: name, end: 0))
            let assertion = assertions.count - 1
            emit(.assert(UInt32(assertion)), s.range)
            depth -= 1
            // What made it false, said by code that runs only then, where
            // running it again changes nothing; an error in it says nothing.
            let start = code.count
            if isPure(condition) { explain(condition) } else { emit(.remark(.none), condition.range) }
            let failed = emit(.assertFailed(UInt32(assertion)), s.range)
            handlers.append(Handler(start: start, end: failed, target: failed, depth: depth, level: blockDepth, swallows: true))
            assertions[assertion].end = code.count
            epilogue(&self)
        case .operation(let operation, let name) where operation != .create && operation != .restore:
            serviceOperation(s, operation, name, units: nil, top: top, first: first)
        case .scale(let name, let units):
            serviceOperation(s, .scale, name, units: units, top: top, first: first)
        default:
            generic(s, index: index(of: s, top: listIsTop, at: position), top: top, first: first)
        }
    }

    /// An operation on one existing service (`restart NAME`, `scale NAME
    /// to N`), run by the service's identity. A name written as a word or
    /// a string is folded to its key here, once; a variable is read by the
    /// instruction itself; any other name, and units not written as a
    /// number, are read onto the stack first, as a statement run from its
    /// syntax reads them. With nothing on the stack, the one instruction
    /// also does what every statement does first and last.
    private mutating func serviceOperation(
        _ s: Stmt, _ operation: Lifecycle.Operation, _ name: Name, units: Expr?, top: Bool, first: Bool
    ) {
        let writtenUnits = units.flatMap { Folded.integer($0) }
        let unitsOnStack = units != nil && writtenUnits == nil
        var source = ServiceOperation.NameSource.stack
        if let text = Folded.name(name, interner) {
            serviceNames.append((text, Lifecycle.NameKey(text)))
            source = .literal(serviceNames.count - 1)
        } else if case .variable(let symbol) = name.kind, !unitsOnStack {
            switch resolver.variable(symbol) {
            case .local(let slot): source = .local(slot)
            case .global(let slot): source = .global(slot)
            case .named: break
            }
        }
        var mode: StatementMode?
        if case .stack = source {
        } else if !unitsOnStack {
            mode = top ? [.top, .tick] : [.tick]
            mode!.insert(first ? .first : .rotate)
        }
        if mode == nil { emit(top ? .topStart(first: first) : .tick(rotate: !first), s.range) }
        var operands = 0
        s.kind.forEachPart { part in
            if case .name = part, !source.isStack { return }
            guard !Folded.isFolded(part, interner) else { return }
            operand(part)
            operands += 1
        }
        serviceOperations.append(ServiceOperation(
            operation: operation, name: source, nameRange: name.range, units: writtenUnits, operands: operands, mode: mode))
        emit(.operate(UInt32(serviceOperations.count - 1)), s.range)
        depth -= operands
        if mode == nil && top { emit(.topEnd, s.range) }
    }

    /// A statement the machine runs from its syntax: the parts that are
    /// not literals are compiled here, each read as the statement reads
    /// it, in order, after the step is counted.
    private mutating func generic(_ s: Stmt, index: Int, top: Bool, first: Bool) {
        var folded = true
        s.kind.forEachPart { part in if !Folded.isFolded(part, interner) { folded = false } }
        if folded {
            var mode: StatementMode = top ? [.top, .tick] : [.tick]
            if first { mode.insert(.first) } else { mode.insert(.rotate) }
            emit(.statement(UInt32(index), mode), s.range)
            return
        }
        emit(top ? .topStart(first: first) : .tick(rotate: !first), s.range)
        let operands = statementOperands(s)
        generic.append((index, operands))
        emit(.statementOperands(UInt32(generic.count - 1)), s.range)
        depth -= operands
        if top { emit(.topEnd, s.range) }
    }

    /// The parts of `s` that are not literals, each read onto the stack as
    /// the statement reads it, in order; how many.
    private mutating func statementOperands(_ s: Stmt) -> Int {
        var operands = 0
        s.kind.forEachPart { part in
            guard !Folded.isFolded(part, interner) else { return }
            operand(part)
            operands += 1
        }
        return operands
    }

    /// A statement's part, read as the statement reads it.
    private mutating func operand(_ part: SyntaxPart) {
        switch part {
        case .name(let name, let use):
            nameText(name)
            switch use {
            case .name: break
            case .edition: convert(.edition, name.range)
            case .state: convert(.state, name.range)
            case .service: convert(.service, name.range)
            }
        case .expression(let e, let use):
            expression(e)
            if let conversion = Compiler.conversion(use) { convert(conversion, e.range) }
        case .block:
            preconditionFailure("a statement run from its syntax has no block")
        }
    }

    private static func conversion(_ use: SyntaxPart.Use) -> Conversion? {
        switch use {
        case .value: nil
        case .condition(let context): .condition(Context(context))
        case .number(let context): .number(Context(context))
        case .duration(let context): .duration(Context(context))
        case .listOrRange: nil
        case .text(let use): .text(TextUse(use))
        case .stored(let use, _): .stored(StoredUse(use))
        case .setting(let key): .setting(key.rawValue)
        case .seed: .seed
        case .nameHold: .nameHold
        }
    }

    // MARK: Expressions

    private mutating func expression(_ e: Expr) {
        switch e.kind {
        case .integer(let n):
            constant(.int(n))
        case .duration(let seconds):
            constant(.duration(Interval(seconds: Int64(seconds))))
        case .version(let text):
            constant(.version(ProductVersion(text)))
        case .string(let text):
            constant(.string(text))
        case .interpolated(let parts):
            interpolation(parts, e.range)
        case .bool(let b):
            constant(.bool(b))
        case .word(let symbol):
            word(symbol)
        case .variable(let symbol):
            get(symbol, e.range)
        case .list(let items):
            for item in items { expression(item) }
            emit(.list(UInt32(items.count)), e.range)
            depth -= items.count - 1
        case .call(let callee, let arguments):
            call(callee, arguments, range: e.range, needsValue: true)
        case .range(let low, let high):
            expression(low)
            convert(.number(.range), low.range)
            expression(high)
            convert(.number(.range), high.range)
            emit(.range, e.range)
            depth -= 1
        case .unary(.negate, let operand):
            expression(operand)
            emit(.negate, e.range)
        case .unary(.not, let operand):
            expression(operand)
            convert(.condition(.not), operand.range)
            emit(.not, e.range)
        case .chain(let first, let links) where links[0].op == .and || links[0].op == .or:
            // Left to right, stopping at the first operand that decides.
            let op = links[0].op
            let context: Context = op == .and ? .and : .or
            let decisive = op == .or
            var decided: [Int] = []
            for operand in [first] + links.map(\.operand) {
                expression(operand)
                convert(.condition(context), operand.range)
                decided.append(jump(.jumpIfDecided(0, decisive: decisive)))
                depth -= 1
            }
            constant(.bool(!decisive))
            for jump in decided { patch(jump) }
        case .chain(let first, let links):
            // An error in step k points at the chain up to its k-th
            // operand, as the nested form `((a + b) + c)` would.
            expression(first)
            let head = UInt32(steps.count)
            for (index, link) in links.enumerated() {
                expression(link.operand)
                steps.append(ArithmeticStep(
                    op: link.op, head: head, first: index == 0 ? literals(first) : Literals(), operand: literals(link.operand)))
                emit(.arithmetic(UInt32(steps.count - 1)), first.range.union(link.operand.range))
                depth -= 1
            }
        case .binary(let op, let left, let right):
            expression(left)
            expression(right)
            comparisons.append(Comparison(
                op: op, leftWord: bareWord(left), rightWord: bareWord(right), left: literals(left), right: literals(right)))
            emit(.compare(UInt32(comparisons.count - 1)), e.range)
            depth -= 1
        case .is(let subject, let state, let negated):
            expression(subject)
            emit(.serviceState, subject.range)
            if let folded = Folded.state(state, interner) {
                constant(.state(folded))
            } else {
                nameText(state)
                convert(.state, state.range)
            }
            emit(.isState(negated: negated), e.range)
            depth -= 1
        case .can(let subject, let operation, _, let negated):
            expression(subject)
            emit(.can(operation, negated: negated), subject.range)
        case .index(let base, let index):
            expression(base)
            expression(index)
            convert(.number(.index), index.range)
            emit(.index, index.range)
            depth -= 1
        }
    }

    private func bareWord(_ e: Expr) -> (Symbol, SourceRange)? {
        if case .word(let symbol) = e.kind { (symbol, e.range) } else { nil }
    }

    private mutating func get(_ symbol: Symbol, _ range: SourceRange) {
        switch resolver.variable(symbol) {
        case .local(let slot): emit(.getLocal(UInt16(slot)), range)
        case .global(let slot): emit(.getGlobal(UInt32(slot)), range)
        case .named(let symbol): emit(.getNamed(symbol.rawValue), range)
        }
        depth += 1
    }

    /// A name position's text: a word or a string as written, a variable's
    /// value as a name, an interpolation's text.
    private mutating func nameText(_ name: Name) {
        switch name.kind {
        case .word(let symbol):
            word(symbol)
        case .string(let text):
            constant(.string(text))
        case .variable(let symbol):
            get(symbol, name.range)
            convert(.text(.name), name.range)
        case .interpolated(let parts):
            interpolation(parts, name.range)
        }
    }

    /// The text of an interpolated string, refused as soon as it grows past
    /// `Value.maximumSize`, before its later parts run.
    private mutating func interpolation(_ parts: [StringPart], _ range: SourceRange) {
        emit(.interpolationStart, range)
        depth += 1
        for part in parts {
            switch part {
            case .text(let text):
                constant(.string(text))
            case .interpolation(let e):
                expression(e)
                convert(.text(.inString), e.range)
            }
            emit(.interpolationAppend, range)
            depth -= 1
        }
    }

    private mutating func call(_ callee: Identifier, _ arguments: [Expr], range: SourceRange, needsValue: Bool) {
        let (builtin, index) = resolver.callee(callee.symbol)
        calls.append(Call(
            callee: callee.symbol, calleeRange: callee.range, range: range, argumentRanges: arguments.map(\.range),
            index: index, arguments: arguments.map(literals)))
        let call = UInt32(calls.count - 1)
        if builtin {
            guard arguments.count == Builtins.all[index].function.parameters.count else {
                // Refused before its arguments run.
                emit(.wrongArgumentCount(call), callee.range)
                depth += 1
                return
            }
            for argument in arguments { expression(argument) }
            emit(.callBuiltin(call), callee.range)
            depth -= arguments.count - 1
        } else {
            // Found, counted and the depth checked before its arguments run.
            emit(.callProcedure(call), callee.range)
            for argument in arguments { expression(argument) }
            emit(.enterProcedure(call), callee.range)
            depth -= arguments.count - 1
            if needsValue { emit(.requireValue(call), range) }
        }
    }

    // MARK: Assertions

    /// Whether evaluating the expression again cannot change anything: it
    /// calls no user procedure.
    private func isPure(_ expression: Expr) -> Bool {
        struct Purity: SyntaxVisitor {
            let interner: Interner
            var pure = true
            mutating func visit(_ expression: Expr) -> WalkChoice {
                if case .call(let callee, _) = expression.kind, Builtins.function(interner[callee.symbol]) == nil { pure = false }
                return pure ? .visitParts : .skipParts
            }
            /// A name (`is`'s state) is not evaluated again.
            func visit(_ part: SyntaxPart) -> WalkChoice {
                if case .name = part { .skipParts } else { .visitParts }
            }
        }
        var purity = Purity(interner: interner)
        purity.walk(expression)
        return purity.pure
    }

    /// The code that says what made a pure condition false, for the forms
    /// where that can be said: it runs parts of it again.
    private mutating func explain(_ e: Expr) {
        switch e.kind {
        case .is(let subject, _, _):
            expression(subject)
            emit(.remark(.state), subject.range)
            depth -= 1
        case .can(let subject, let operation, _, let negated):
            expression(subject)
            emit(.remark(.allowance(operation, negated: negated)), subject.range)
            depth -= 1
        case .chain(let first, let links) where links[0].op == .and:
            // The first operand that is false says why.
            var failing: [(Int, Expr)] = []
            for operand in [first] + links.map(\.operand) {
                expression(operand)
                convert(.condition(.and), operand.range)
                failing.append((jump(.jumpIfFalse(0)), operand))
                depth -= 1
            }
            emit(.remark(.none), e.range)
            var ends = [jump(.jump(0))]
            for (jump, operand) in failing {
                patch(jump)
                explain(operand)
                ends.append(self.jump(.jump(0)))
            }
            for end in ends { patch(end) }
        case .binary(let op, let left, let right) where op.isComparison:
            expression(left)
            expression(right)
            emit(.remark(.sides), e.range)
            depth -= 2
        case .call(let callee, let arguments) where interner[callee.symbol] == "exists" && arguments.count == 1:
            expression(arguments[0])
            convert(.text(.name), arguments[0].range)
            emit(.remark(.noService), arguments[0].range)
            depth -= 1
        default:
            emit(.remark(.none), e.range)
        }
    }

    // MARK: Secrets

    /// The literals of an expression, and the variables whose arguments'
    /// literals count (see `Literals`).
    private func literals(_ expression: Expr) -> Literals {
        struct Finder: SyntaxVisitor {
            let interner: Interner
            var found = Literals()
            mutating func visit(_ expression: Expr) -> WalkChoice {
                switch expression.kind {
                case .string, .interpolated, .integer, .duration, .version, .word:
                    found.ranges.append(expression.range)
                    return .skipParts
                case .variable(let symbol):
                    found.variables.append(symbol)
                    return .skipParts
                case .call(let callee, _):
                    // A built-in function's arguments are names and keys.
                    return Builtins.function(interner[callee.symbol]) == nil ? .visitParts : .skipParts
                default:
                    return .visitParts
                }
            }
            /// `is`'s state is no literal a secret was compared with.
            func visit(_ part: SyntaxPart) -> WalkChoice {
                if case .name = part { .skipParts } else { .visitParts }
            }
        }
        var finder = Finder(interner: interner)
        finder.walk(expression)
        return finder.found
    }
}

extension Context {
    /// The context a use names (`units`), as the walk writes it.
    init(_ word: String) {
        guard let context = Context.allCases.first(where: { $0.word == word }) else { preconditionFailure("no context '\(word)'") }
        self = context
    }
}

extension TextUse {
    init(_ words: String) {
        guard let use = TextUse.allCases.first(where: { $0.words == words }) else { preconditionFailure("no text use '\(words)'") }
        self = use
    }
}

extension StoredUse {
    init(_ words: String) {
        guard let use = StoredUse.allCases.first(where: { $0.words.use == words }) else { preconditionFailure("no stored use '\(words)'") }
        self = use
    }
}
