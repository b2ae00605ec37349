import Lifecycle

// The compiled form a session runs (Lua's lcode and lopcodes are the
// model): a flat array of small instructions, a constant pool, a parallel
// table of the source range each instruction's error points at (Lua's line
// info), and side tables for what a few instructions need only when they
// run their slow path (a comparison's operands' literals, a call's
// arguments' ranges, an `expect error` block's syntax).
//
// The machine keeps an operand stack of values; locals are slices of one
// stack of slots (a frame a call). Jumps are absolute instruction indices.

/// One instruction. Trivially copyable, eight bytes: what does not fit
/// lives in the chunk's side tables, found by the index the instruction
/// carries.
enum Instruction {
    // MARK: Statements

    /// Counts a step at the statement (or loop) the range points at, and
    /// first, when `rotate`, makes the statement before at this level the
    /// one `warnings()` reads.
    case tick(rotate: Bool)
    /// Before a top-level statement (the range is the statement's): the
    /// warnings rotate, its blocks' operations are counted from nothing,
    /// Ctrl-C is looked for (not before the first), the `--workspace` file
    /// marks it unsaved, and the step is counted.
    case topStart(first: Bool)
    /// After a top-level statement: what its blocks ran is summed up at
    /// the prompt, output is flushed, and the `--workspace` file saved.
    case topEnd
    /// A statement the machine runs from its syntax: `statements[index]`
    /// (see `Chunk.statement(at:)`), its literal parts read from there,
    /// the others taken from the stack, already read as the statement
    /// reads them (`convert`). `mode` says what it does first and after.
    case statement(UInt32, StatementMode)
    /// The same, after the step was counted and its parts that are not
    /// literals were pushed: `generic[index]` says which statement and how
    /// many parts.
    case statementOperands(UInt32)
    /// An operation on one existing service, run by its identity
    /// (`serviceOperations[index]`), its parts that are not literals on
    /// top.
    case operate(UInt32)
    /// A block's statements begin (one level deeper), and end.
    case enterBlock
    case leaveBlock

    // MARK: Values

    case constant(UInt32)
    case pop
    /// `$x` where `x` is local to the running procedure: the slot's value,
    /// or when the procedure has not set it, the global of that name.
    case getLocal(UInt16)
    case getGlobal(UInt32)
    /// `$x` looked up by name (`Symbol` raw value) in the running frame,
    /// then among the globals: in a procedure that loads a file, whose
    /// statements may set its locals.
    case getNamed(UInt32)
    /// `let`: sets the variable to the value on top (noting a secret).
    case setLocal(UInt16)
    case setGlobal(UInt32)
    case setNamed(UInt32)
    /// Reads the value on top as a use of it asks (see `Conversion`),
    /// failing at the operand's range.
    case convert(Conversion)

    // MARK: Expressions

    /// `"text ${expr} text"`: an empty string, then each part appended.
    case interpolationStart
    case interpolationAppend
    case list(UInt32)
    case range
    case negate
    case not
    /// A comparison (`comparisons[index]`).
    case compare(UInt32)
    /// One step of an arithmetic chain (`steps[index]`).
    case arithmetic(UInt32)
    /// `a.is(state)`, the service's state and the state on the stack.
    case isState(negated: Bool)
    /// The state of the service the text on top names (`is`, `can`).
    case serviceState
    /// `SUBJECT can OPERATION`, the subject on top (see
    /// `EngineBridge.refusal(_:on:_:)`).
    case can(Lifecycle.Operation, negated: Bool)
    /// `base[index]`, the index (a number) on top.
    case index
    /// A built-in function's call (`calls[index]`), its arguments on top.
    case callBuiltin(UInt32)
    /// A procedure's call: found (it may be redefined while its arguments
    /// run), then entered with its arguments on top.
    case callProcedure(UInt32)
    case enterProcedure(UInt32)
    /// After a call in an expression: a procedure that gave nothing is an
    /// error here.
    case requireValue(UInt32)
    /// A built-in function called with the wrong number of arguments
    /// (`calls[index]`): refused before they run.
    case wrongArgumentCount(UInt32)
    /// Leaves the procedure with the value on top.
    case `return`

    // MARK: Control

    case jump(UInt32)
    case jumpIfFalse(UInt32)
    /// `and`/`or`: jumps when the condition on top decides, keeping it.
    case jumpIfDecided(UInt32, decisive: Bool)
    /// A `for`'s list or range, then its next turn (`loops[index]`): a
    /// turn enters the loop's block, as `enterBlock` does.
    case forStart
    case forNext(UInt32)
    case repeatStart
    case repeatNext(UInt32)
    /// A loop's turn ends: its block is left, a step is counted at the
    /// loop, and the loop goes on at `target` (its next turn, or its test).
    case loopBack(UInt32)
    /// The end of a chunk's code.
    case end

    // MARK: Statements with code of their own

    /// `def`: `procedures[index]` is defined.
    case define(UInt32)
    /// `load`: runs the file the text on top names.
    case load
    /// A value statement's value: echoed at the prompt, else dropped.
    case echo
    /// `expect error`: the block (`expectations[index]`) starts, ends
    /// with no error, or ends with one caught (the handler's target).
    case expectStart(UInt32)
    /// Before `expectStart`, outside the block's handler: the kind of
    /// error a bare word names, refused when there is none.
    case expectKind(UInt32)
    case expectEnd(UInt32)
    case expectCaught(UInt32)
    /// `expect warning` and `expect no warning`: the block
    /// (`warningExpectations[index]`) starts gathering warnings, and ends,
    /// judged by them.
    case expectWarningStart(UInt32)
    case expectWarningEnd(UInt32)
    /// `skip "REASON" { }` (`marks[index]`), the reason on top: each check
    /// written in the block is reported skipped, nothing in it runs.
    case skip(UInt32)
    /// `todo "REASON" { }`: the reason on top, its block's failed checks
    /// expected until `todoEnd`.
    case todoStart
    case todoEnd
    /// `assert`: the condition on top; false goes on into the code that
    /// says why, which ends in `assertFailed`.
    case assert(UInt32)
    case assertFailed(UInt32)
    /// What made a condition false, for `assertFailed`.
    case remark(Remark)
}

/// `restart NAME`, `scale NAME to N` and the other operations on one
/// existing service: what `operate` needs besides the stack. Plain
/// fields, copied as bytes.
struct ServiceOperation {
    /// Where the service's name comes from.
    enum NameSource {
        /// Written as a word or a string: `Chunk.serviceNames[index]`.
        case literal(Int)
        /// A variable's value, read by `operate` as `getLocal` and
        /// `getGlobal` read it, as a name.
        case local(Int)
        case global(Int)
        /// The first operand on the stack, already text.
        case stack

        var isStack: Bool { if case .stack = self { true } else { false } }
    }

    var operation: Lifecycle.Operation
    var name: NameSource
    /// Where the name is written, for an error about the variable.
    var nameRange: SourceRange
    /// `scale`'s units when written as a number; else its last operand.
    var units: Int?
    /// How many operands are on the stack.
    var operands: Int
    /// What `operate` does first and last, as `statement` does, when no
    /// operand is on the stack; nil when instructions before and after it
    /// do (its operands ran after the step was counted).
    var mode: StatementMode?
}

/// What a generic `statement` instruction does besides running it.
struct StatementMode: OptionSet {
    let rawValue: UInt8
    /// Counts a step first.
    static let tick = StatementMode(rawValue: 1)
    /// Rotates the warnings first (not the first statement of a list).
    static let rotate = StatementMode(rawValue: 2)
    /// A top-level statement: `topStart` first, `topEnd` after.
    static let top = StatementMode(rawValue: 4)
    /// The first top-level statement (no Ctrl-C check before it).
    static let first = StatementMode(rawValue: 8)
}

/// How an operand is read, at its range.
enum Conversion {
    /// Text for a use (`as a name`): never a secret.
    case text(TextUse)
    /// Text the engine keeps, at most `Value.maximumSize` bytes.
    case stored(StoredUse)
    /// A setting's value for the key (a `Symbol`'s raw value).
    case setting(UInt32)
    case number(Context)
    case duration(Context)
    case condition(Context)
    case seed
    case nameHold
    case edition
    case state
    /// The name of a service that must exist.
    case service
}

/// The uses of text, as messages name them.
enum TextUse: UInt8, CaseIterable {
    case name, inString, fileName, errorMessage, warningText, reason

    var words: String {
        switch self {
        case .name: "as a name"
        case .inString: "in a string"
        case .fileName: "as a file name"
        case .errorMessage: "as an error message"
        case .warningText: "as a warning's text"
        case .reason: "as a reason"
        }
    }
}

/// What the engine keeps, as messages name it.
enum StoredUse: UInt8, CaseIterable {
    case region, version, source, server, database

    var words: (use: String, what: String) {
        switch self {
        case .region: ("as a region", "this region")
        case .version: ("as a version", "this version")
        case .source: ("as a source", "this source folder")
        case .server: ("as a server", "this server")
        case .database: ("as a database", "this database")
        }
    }
}

/// What needs a number, a duration or a condition, as messages name it.
enum Context: UInt8, CaseIterable {
    case units, scale, times, chaos, receive, process, `repeat`, range, index, wait, every, retain
    case `if`, `while`, assert, not, and, or

    var word: String {
        switch self {
        case .units: "units"
        case .scale: "scale"
        case .times: "times"
        case .chaos: "chaos"
        case .receive: "receive"
        case .process: "process"
        case .repeat: "repeat"
        case .range: ".."
        case .index: "[ ]"
        case .wait: "wait"
        case .every: "every"
        case .retain: "retain"
        case .if: "if"
        case .while: "while"
        case .assert: "assert"
        case .not: "not"
        case .and: "and"
        case .or: "or"
        }
    }
}

/// What `remark` says made an assertion's condition false.
enum Remark {
    /// The service the text on top names, and its state.
    case state
    /// The service the text on top names, its state, and whether it allows
    /// the operation.
    case allowance(Lifecycle.Operation, negated: Bool)
    /// The two sides of a comparison, on top.
    case sides
    /// The service the text on top names does not exist.
    case noService
    /// Nothing can be said.
    case none
}

/// The literals an expression holds, and the parameters whose arguments'
/// literals count as its own: what `compared` masks once the expression is
/// found to have been compared with a secret.
struct Literals {
    var ranges: [SourceRange] = []
    /// Variables read (a parameter's are its argument's).
    var variables: [Symbol] = []

    var isEmpty: Bool { ranges.isEmpty && variables.isEmpty }
}

/// A comparison's operands: a bare word on either side (for the error that
/// it is only text) and their literals.
struct Comparison {
    var op: BinaryOperator
    var leftWord: (Symbol, SourceRange)?
    var rightWord: (Symbol, SourceRange)?
    var left: Literals
    var right: Literals
}

/// One step of an arithmetic chain: its operand's literals, and where the
/// chain's steps start (whose `first` holds the first operand's). What is
/// before a step is gathered only when a secret meets text (see
/// `Chunk.literals(before:)`), so a chain of n terms keeps n entries, not
/// n² (a flat chain of 100,000 terms).
struct ArithmeticStep {
    var op: BinaryOperator
    var head: UInt32
    var first: Literals
    var operand: Literals
}

extension Chunk {
    /// The literals of the operands before step `index` of its chain.
    func literals(before index: Int) -> Literals {
        let head = Int(steps[index].head)
        var before = steps[head].first
        for step in steps[head..<index] {
            before.ranges += step.operand.ranges
            before.variables += step.operand.variables
        }
        return before
    }
}

/// A call site.
struct Call {
    var callee: Symbol
    var calleeRange: SourceRange
    /// Where the call is, for `requireValue`.
    var range: SourceRange
    var argumentRanges: [SourceRange]
    /// For a built-in function, its index; for a procedure, its slot.
    var index: Int
    /// Each argument's literals, should a parameter be compared with a
    /// secret.
    var arguments: [Literals]
}

/// A `for` or `repeat` loop's variable and end.
struct Loop {
    var variable: Variable?
    var exit: Int
}

/// Where a variable lives.
enum Variable {
    case local(Int)
    case global(Int)
    case named(Symbol)
}

/// An `expect error` block.
struct Expectation {
    var body: Block
    /// A bare word naming a kind of error (`expect error not-allowed`),
    /// checked when the block starts; nil for a text or nothing.
    var kind: Expr?
    /// The statement's range, and the check's (without the block).
    var range: SourceRange
    var checkRange: SourceRange
    var hasMessage: Bool
}

/// An `expect warning` or `expect no warning` block.
struct WarningExpectation {
    /// A bare word naming a kind of warning, checked when the block starts.
    var kind: Expr?
    /// A text the warning contains is on the stack.
    var hasText: Bool
    var none: Bool
    var range: SourceRange
    var checkRange: SourceRange
}

/// A `skip` or `todo` block.
struct MarkedBlock {
    var mark: BlockMark
    var body: Block
}

/// An `assert`.
struct Assertion {
    var condition: Expr
    /// `assert EXPR, "NAME"`'s name.
    var name: String?
    /// Where the explaining code ends (past `assertFailed`).
    var end: Int
}

/// Where an error in `start..<end` is caught: an `expect error` block.
struct Handler {
    var start: Int
    var end: Int
    var target: Int
    /// The operand stack's height in the chunk's code at the handler (the
    /// loops around it, the expected message).
    var depth: Int
    /// How many blocks deep the `expect error` statement is.
    var level: Int
    /// Catches everything and goes on at `target` (an assertion's
    /// explanation), not only what `expect error` catches.
    var swallows: Bool
}

/// The compiled code of a script, a loaded file or a procedure's body.
final class Chunk {
    let file: SourceFile
    let code: [Instruction]
    /// Where each instruction's error points.
    let ranges: [SourceRange]
    let constants: [Value]
    /// The top-level statements (the script's own array, not a copy), then
    /// the statements of blocks that `statement` runs.
    let topStatements: [Stmt]
    let statements: [Stmt]
    let generic: [(statement: Int, operands: Int)]
    let serviceOperations: [ServiceOperation]
    /// The service names written as words or strings, as written and
    /// folded once (`ServiceOperation.NameSource.literal`).
    let serviceNames: [(text: String, key: Lifecycle.NameKey)]
    /// The identity each `serviceOperations` entry with a literal name
    /// found last, and the engine's `identityVersion` then: taken while
    /// the version is the same, else tried first (`Engine.id(of:known:)`).
    var knownServices: [KnownService?]
    let comparisons: [Comparison]
    let steps: [ArithmeticStep]
    let calls: [Call]
    let loops: [Loop]
    let expectations: [Expectation]
    let warningExpectations: [WarningExpectation]
    let marks: [MarkedBlock]
    let assertions: [Assertion]
    let procedures: [ProcedureCode]
    let handlers: [Handler]
    /// Locals: each slot's name, and the global its reads fall back to.
    let localNames: [Symbol]
    let localFallbacks: [Int]
    /// Variables are looked up by name (a procedure that loads a file).
    let named: Bool
    /// A script's top level (not a loaded file's, not a procedure's):
    /// `--keep-going` goes on after its statements.
    var topLevel = false

    init(
        file: SourceFile, code: [Instruction], ranges: [SourceRange], constants: [Value], topStatements: [Stmt],
        statements: [Stmt], generic: [(statement: Int, operands: Int)], serviceOperations: [ServiceOperation],
        serviceNames: [(text: String, key: Lifecycle.NameKey)], comparisons: [Comparison], steps: [ArithmeticStep], calls: [Call], loops: [Loop],
        expectations: [Expectation], warningExpectations: [WarningExpectation], marks: [MarkedBlock], assertions: [Assertion], procedures: [ProcedureCode], handlers: [Handler],
        localNames: [Symbol], localFallbacks: [Int], named: Bool
    ) {
        self.file = file
        self.code = code
        self.ranges = ranges
        self.constants = constants
        self.topStatements = topStatements
        self.statements = statements
        self.generic = generic
        self.serviceOperations = serviceOperations
        self.serviceNames = serviceNames
        knownServices = Array(repeating: nil, count: serviceOperations.count)
        self.comparisons = comparisons
        self.steps = steps
        self.calls = calls
        self.loops = loops
        self.expectations = expectations
        self.warningExpectations = warningExpectations
        self.marks = marks
        self.assertions = assertions
        self.procedures = procedures
        self.handlers = handlers
        self.localNames = localNames
        self.localFallbacks = localFallbacks
        self.named = named
    }

    @inline(__always)
    func statement(at index: Int) -> Stmt {
        index < topStatements.count ? topStatements[index] : statements[index - topStatements.count]
    }
}

/// A procedure as `def` defines it: its syntax (for saved workspaces, and
/// for the checker of an `expect error` block), its parameters and its
/// compiled body.
final class ProcedureCode {
    let name: Symbol
    let parameters: [Identifier]
    let chunk: Chunk
    /// The `def` statement as written, secrets and all, for saved
    /// workspaces; never shown.
    let source: String

    init(name: Symbol, parameters: [Identifier], chunk: Chunk, source: String) {
        self.name = name
        self.parameters = parameters
        self.chunk = chunk
        self.source = source
    }
}
