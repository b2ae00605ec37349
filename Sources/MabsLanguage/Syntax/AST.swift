import Lifecycle
import MabsPresentation

// The abstract syntax tree.
//
// Value types only: a `Stmt` or `Expr` is a small struct holding a `kind`
// enum and the node's `SourceRange`. Large and recursive cases are
// `indirect` (one heap box each); leaves stay inline, so `[Stmt]` for a
// million simple statements stays compact. Names are `Symbol`s of the
// parser's `Interner`.
//
// Each case names the grammar production it comes from (see Grammar/mabs.ebnf).

/// script -> { statement terminator }
public struct Script: Sendable {
    public var statements: [Stmt]
    public init(statements: [Stmt]) { self.statements = statements }
}

/// block -> '{' { statement terminator } '}'
public struct Block: Sendable {
    public var statements: [Stmt]
    /// From `{` to `}` inclusive.
    public var range: SourceRange
}

/// One statement and the source it spans (without its terminator).
public struct Stmt: Sendable {
    public var kind: StmtKind
    public var range: SourceRange
}

/// What a tracking-database statement does.
public enum TrackingAction: Sendable {
    case delete, create
    /// Back up the database as the named database backup.
    case backup(as: Name)
    /// The statement's name is the database backup.
    case restore
}

/// A `KEY = VALUE` pair of `update ... set`.
/// setting -> word '=' expr
public struct Setting: Sendable {
    public var key: Symbol
    public var keyRange: SourceRange
    public var value: Expr
}

/// One `if` or `else if` arm.
public struct ConditionalBlock: Sendable {
    public var condition: Expr
    public var body: Block
}

/// A declared name (a `let` variable, `for` variable, procedure or
/// parameter): always a bare word, never `$x` or a string.
public struct Identifier: Sendable {
    public var symbol: Symbol
    public var range: SourceRange
}

public enum StmtKind: Sendable {
    /// createstat -> 'create' name ['edition' name] ['units' expr] ['region' expr]
    ///             ['tracking-server' expr 'tracking-database' expr]
    indirect case create(name: Name, edition: Name?, units: Expr?, region: Expr?, tracking: TrackingDetails?)
    /// simplestat -> simpleop name   (start, stop, restart, suspend, resume,
    /// delete, disable, enable: the vocabulary's operation statements)
    case operation(Lifecycle.Operation, Name)
    /// scalestat -> 'scale' name 'to' expr
    indirect case scale(Name, to: Expr)
    /// updatestat -> 'update' name 'set' setting {',' setting}
    indirect case update(Name, settings: [Setting])
    /// backupstat -> 'backup' name ['as' name]
    indirect case backup(Name, as: Name?)
    /// restorestat -> 'restore' name ['to' name] ['edition' name]
    indirect case restore(backup: Name, to: Name?, edition: Name?)
    /// serviceupdatestat -> 'service-update' name ['to' expr]
    indirect case serviceUpdate(Name, version: Expr?)
    /// failstat -> 'fail' 'next' operation 'on' name ['times' expr]
    indirect case failNext(Lifecycle.Operation, operationRange: SourceRange, on: Name, times: Expr?)
    /// schedulestat -> 'schedule' 'backups' 'of' name 'every' expr 'retain' expr ['keep' 'one']
    indirect case schedule(Name, every: Expr, retain: Expr, keepOne: Bool)
    /// unschedulestat -> 'unschedule' 'backups' 'of' name
    case unschedule(Name)
    /// graphstat -> 'graph' ['around' name | name [graphview] | graphview] ['as' format] ['to' expr]
    indirect case graph(GraphRequest)
    /// pathstat -> 'path' name 'to' name
    indirect case path(Name, to: Name)
    /// explainstat -> 'explain' operation 'on' name
    indirect case explain(Lifecycle.Operation, on: Name)
    /// explainstat -> 'explain' 'restore' name ['to' name] ['edition' name]
    indirect case explainRestore(backup: Name, to: Name?, edition: Name?)
    /// comparestat -> 'compare' name 'with' name
    indirect case compare(Name, with: Name)
    /// explorestat -> 'explore'
    case explore
    /// tablestat -> 'table' ['wide'] ['as' ('markdown' | 'csv')]
    case table(SeedTableFormat, wide: Bool)
    /// savestat -> 'save' expr
    case save(Expr)
    /// openstat -> 'open' expr
    case open(Expr)
    /// holdstat -> 'hold' 'names' 'for' expr
    case hold(Expr)
    /// failstat -> 'fail' 'clear' [operation] ['on' name]
    indirect case failClear(Lifecycle.Operation?, on: Name?)
    /// chaosstat -> 'chaos' expr ['seed' expr]
    indirect case chaos(percent: Expr, seed: Expr?)
    /// chaosstat -> 'chaos' 'off'
    case chaosOff
    /// tracestat -> 'trace' ('on' | 'off')
    case trace(Bool)
    /// waitstat -> 'wait' expr
    case wait(Expr)
    /// showstat -> 'show' name
    case show(Name)
    /// showstat -> 'show' 'backup' name
    case showBackup(Name)
    /// addstat -> 'add' contentkind name 'to' name ['source' expr]
    indirect case add(ContentKind, name: Name, to: Name, source: Expr?)
    /// removestat -> 'remove' contentkind name 'from' name
    indirect case remove(ContentKind, name: Name, from: Name)
    /// receivestat -> 'receive' expr 'messages' 'on' name
    indirect case receive(count: Expr, on: Name)
    /// processstat -> 'process' 'batch' 'on' name
    case processBatch(on: Name)
    /// processstat -> 'process' expr 'messages' 'on' name
    indirect case processMessages(count: Expr, on: Name)
    /// trackingstat -> ('delete' | 'create') 'tracking' 'database' 'of' name
    ///               | 'backup' 'tracking' 'database' 'of' name 'as' name
    ///               | 'restore' 'tracking' 'database' name
    indirect case trackingDatabase(TrackingAction, Name)
    /// liststat -> 'list'
    case list
    /// liststat -> 'list' 'backups'
    case listBackups
    /// liststat -> 'list' 'failures'
    case listFailures
    /// logstat -> 'log' [name] ['all' | 'last' expr]
    indirect case log(Name?, LogSpan)
    /// assertstat -> 'assert' expr [',' string]
    /// The string names the check in every report.
    indirect case assert(Expr, name: String?)
    /// expectstat -> 'expect' 'error' [expr] block
    indirect case expectError(message: Expr?, body: Block)
    /// expectstat -> 'expect' 'warning' [expr] block | 'expect' 'no' 'warning' block
    /// `wanted` is a kind (a bare word) or a text; `none` is `no warning`.
    indirect case expectWarning(wanted: Expr?, none: Bool, body: Block)
    /// skipstat -> 'skip' expr block;  todostat -> 'todo' expr block
    indirect case marked(BlockMark, reason: Expr, body: Block)
    /// letstat -> 'let' identifier '=' expr
    indirect case `let`(Identifier, Expr)
    /// printstat -> 'print' expr
    case print(Expr)
    /// ifstat -> 'if' expr block {'else' 'if' expr block} ['else' block]
    /// `branches` holds the `if` arm then each `else if` arm, in order.
    indirect case `if`(branches: [ConditionalBlock], else: Block?)
    /// forstat -> 'for' identifier 'in' expr block
    indirect case `for`(Identifier, in: Expr, body: Block)
    /// repeatstat -> 'repeat' expr block
    indirect case `repeat`(count: Expr, body: Block)
    /// whilestat -> 'while' expr block
    indirect case `while`(condition: Expr, body: Block)
    /// defstat -> 'def' identifier '(' [identifier {',' identifier}] ')' block
    indirect case def(Identifier, parameters: [Identifier], body: Block)
    /// callstat -> word '(' [expr {',' expr}] ')'   (a statement that is exactly one call)
    indirect case call(callee: Identifier, arguments: [Expr])
    /// exprstat -> expr   (any other statement not starting with a keyword;
    /// the REPL echoes its value)
    case expression(Expr)
    /// loadstat -> 'load' expr
    case load(Expr)
    /// helpstat -> 'help' [word {word} ['(' ')']]
    ///
    /// A topic of several words (`help hybrid connections`) is one
    /// identifier, its words joined by spaces, spanning them all.
    case help(topic: Identifier?)
    /// returnstat -> 'return' [expr]
    case `return`(Expr?)
}

/// How `skip` and `todo` mark the checks of their block.
public enum BlockMark: String, Sendable {
    /// The block does not run; its checks are reported skipped.
    case skip
    /// The block runs; a check in it that fails does not fail the run.
    case todo
}

/// What `graph` draws, how, and where to.
public struct GraphRequest: Sendable {
    /// The service whose state and moves are marked (`graph NAME`), or
    /// whose state is drawn around (`graph around NAME`).
    public var service: Name?
    public var view: GraphView
    /// `as FORMAT`; without it, the format the file's name asks for, else
    /// the host's (text at the prompt, Mermaid in scripts).
    public var format: StateDiagram.Format?
    /// `to "FILE"`: written there instead of shown.
    public var file: Expr?
}

/// graphview -> 'without' omission ['and' omission] | 'backups'
public enum GraphView: Sendable, Equatable {
    case machine(without: StateDiagram.Omissions)
    case backups
    /// `around NAME`: around the service's state.
    case aroundService
    /// `around STATE`: a bare word that spells a state.
    case aroundState(ServiceState)
}

/// A name position: where the grammar says `name`, a bare word, a string
/// (possibly interpolated) or a `$variable` is accepted. The interpreter
/// turns it into a string.
public struct Name: Sendable {
    public var kind: NameKind
    public var range: SourceRange
}

/// name -> word | variable | string
public enum NameKind: Sendable {
    /// `contoso-dr`
    case word(Symbol)
    /// `$target`
    case variable(Symbol)
    /// `"contoso dr"` (escapes decoded). Boxed, as a `String` is twice
    /// the size of the other cases: every name in the tree is smaller.
    indirect case string(String)
    /// `"svc-${i}"`
    case interpolated([StringPart])
}

/// string -> '"' { text | '${' expr '}' } '"'
public enum StringPart: Sendable {
    case text(String)
    /// `${expr}`. A lone bare word `${i}` means the variable `i`, as in a
    /// shell; the parser records it as `.variable`.
    case interpolation(Expr)
}

public struct Expr: Sendable {
    public var kind: ExprKind
    public var range: SourceRange
}

/// One `op operand` step of a chain: `- b` in `a - b`.
public struct ChainLink: Sendable {
    public var op: BinaryOperator
    public var operand: Expr
}

public enum UnaryOperator: String, Sendable {
    /// `-x`  (unary -> '-' unary)
    case negate = "-"
    /// `not x`  (notexpr -> 'not' notexpr)
    case not
}

public enum BinaryOperator: String, Sendable, CaseIterable {
    case or, and
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%"
    /// `X in LIST`, `PART in TEXT`: membership, a comparison.
    case `in`

    public var isArithmetic: Bool {
        switch self {
        case .add, .subtract, .multiply, .divide, .remainder: true
        default: false
        }
    }

    /// Whether a run of this operator is left-associative and kept flat
    /// (`ExprKind.chain`); comparisons do not chain.
    public var chains: Bool { !isComparison }

    public var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .in: true
        default: false
        }
    }
}

public enum ExprKind: Sendable {
    /// primary -> integer
    case integer(Int)
    /// primary -> duration   (value in seconds)
    case duration(Int)
    /// primary -> version   (as written: `1.10`)
    indirect case version(String)
    /// primary -> string   (without interpolation). Boxed, as `version`:
    /// a `String` is twice the size of the other cases.
    indirect case string(String)
    /// primary -> string   (with at least one `${...}`)
    case interpolated([StringPart])
    /// primary -> 'true' | 'false'
    case bool(Bool)
    /// primary -> word   (a name, state, edition, operation...: the
    /// interpreter decides what it means)
    case word(Symbol)
    /// primary -> variable
    case variable(Symbol)
    /// primary -> '[' [expr {',' expr}] ']'
    case list([Expr])
    /// primary -> word '(' [expr {',' expr}] ')'
    indirect case call(callee: Identifier, arguments: [Expr])
    /// rangeexpr -> sum '..' sum
    indirect case range(Expr, Expr)
    /// postfix -> primary '[' expr ']'   (`$list[0]`)
    indirect case index(Expr, Expr)
    /// unary -> '-' unary;  notexpr -> 'not' notexpr
    indirect case unary(UnaryOperator, Expr)
    /// comparison -> rangeexpr compop rangeexpr
    indirect case binary(BinaryOperator, Expr, Expr)
    /// orexpr, andexpr, sum, product: a left-associative run of operators
    /// of one priority, `a + b - c`, kept flat so that a chain of any
    /// length is one level deep and every walk over it is a loop.
    indirect case chain(Expr, [ChainLink])
    /// comparison -> rangeexpr 'is' ['not'] name
    indirect case `is`(Expr, state: Name, negated: Bool)
    /// comparison -> rangeexpr ('can' | 'cannot') operation
    indirect case can(Expr, operation: Lifecycle.Operation, operationRange: SourceRange, negated: Bool)
}

/// How much of the operation log `log` shows.
public enum LogSpan: Sendable {
    /// The last `Session.logShown` entries, and how many came before.
    case recent
    /// `log all`.
    case all
    /// `log last N`.
    case last(Expr)
}

/// `tracking-server EXPR tracking-database EXPR` of a `create`: the
/// tracking database's details, entered when the service is created.
public struct TrackingDetails: Sendable {
    public var server: Expr
    public var database: Expr
}
