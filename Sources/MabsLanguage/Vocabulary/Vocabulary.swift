import Lifecycle

// The language's vocabulary: one entry per statement. The parser's
// dispatch, the REPL's completion, `help`, the language reference
// (docs/language.md) and the manual page read this table; the grammar
// (Grammar/mabs.ebnf) lists the statements too, and its sync test holds
// the two in step.
//
// Adding a statement: ARCHITECTURE.md has the recipe, which a test keeps
// true.

/// One statement of the language.
struct StatementEntry: Sendable {
    /// The keyword that starts it.
    let word: Word
    /// The engine operation it runs, if it runs exactly one.
    let operation: Lifecycle.Operation?
    /// What follows the keyword, for completion.
    let subject: Slot
    /// The contextual words that may follow, each with what follows it.
    let clauses: [Clause]
    /// `help WORD`: the syntax, what it does, and an example. Facts the
    /// engine's tables hold (states, outcomes, unit ranges) are not
    /// written here; `Help` adds them from the tables.
    let syntax: String
    let summary: String
    let example: String
    /// Parses the statement, the keyword being the current token.
    let parse: @Sendable (inout Parser) throws(ParseStop) -> StmtKind

    var spelling: String { word.spelling }
}

/// What a position in a statement holds: what completion offers there.
enum Slot: Sendable, Equatable {
    /// Nothing to offer (a new name, a number, free text).
    case none
    /// A kind of portal content (`bridge`, `agreement`, ...).
    case contentKind
    case state
    case diagramFormat
    case tableFormat
    /// A service, or straight to the statement's contextual words (`graph`).
    case serviceOrClause
    /// Nothing of its own: the statement's contextual words come next
    /// (`table` and `table wide`, then `wide` or `as`).
    case clauses
    /// A service, or a state (`graph around`).
    case serviceOrState
    /// What `graph ... without` leaves out.
    case omission
    /// An existing service's name.
    case service
    /// An existing backup's name.
    case backup
    case edition
    case operation
    case setting
    case helpTopic
    case file
    /// A condition: after its first word, `is`, `can`, `cannot`, `and`, `or`.
    case condition
    /// A kind of error (`ErrorKind`), or of warning.
    case errorKind
    case warningKind
    /// `warning`, after `expect no`.
    case warningWord
}

/// A contextual word inside a statement (`edition` in `create`) and what
/// follows it.
struct Clause: Sendable {
    let word: Word
    let slot: Slot

    init(_ word: Word, _ slot: Slot = .none) {
        self.word = word
        self.slot = slot
    }
}

public enum Vocabulary {
    /// Every statement, in the order `help` and the grammar list them.
    static let statements: [StatementEntry] = [
        StatementEntry(
            word: .create, operation: .create, subject: .none,
            clauses: [Clause(.edition, .edition), Clause(.units), Clause(.region), Clause(.trackingServer), Clause(.trackingDatabase)],
            syntax: "create NAME [edition EDITION] [units N] [region STRING] [tracking-server STRING tracking-database STRING]",
            summary: "Creates a service. Unless given: \(Engine.defaultEdition), 1 unit, \"\(defaultRegion)\". "
                + "The tracking database's server and name are entered here, kept as its tracking-database setting.",
            example: "create contoso edition basic units 2",
            parse: { p throws(ParseStop) in try p.createStatement() }),
        operation(.start, "Starts a stopped service.", example: "start contoso"),
        operation(.stop, "Stops a service.", example: "stop contoso"),
        operation(.restart, "Restarts a service.", example: "restart contoso"),
        operation(.suspend, "Suspends a service. While suspended it processes no messages.", example: "suspend contoso"),
        operation(.resume, "Resumes a suspended service. A restored service starts suspended.", example: "resume contoso"),
        operation(.delete, "Deletes a service. Its name is held (\(Engine.defaultNameHold) unless set otherwise) before it can be used again.", example: "delete contoso"),
        StatementEntry(
            word: .scale, operation: .scale, subject: .service, clauses: [Clause(.to)],
            syntax: "scale NAME to N", summary: "Changes the number of units.",
            example: "scale contoso to 4",
            parse: { p throws(ParseStop) in try p.scaleStatement() }),
        StatementEntry(
            word: .update, operation: .updateConfiguration, subject: .service, clauses: [Clause(.set, .setting)],
            syntax: "update NAME set KEY = VALUE [, KEY = VALUE]...",
            summary: "Updates configuration settings. The keys: \(SettingKey.allCases.map(\.name).joined(separator: ", ")).",
            example: "update contoso set acs-key = \"k1\", acs-namespace = \"ns\"",
            parse: { p throws(ParseStop) in try p.updateStatement() }),
        StatementEntry(
            word: .backup, operation: .backup, subject: .service, clauses: [Clause(.as)],
            syntax: "backup NAME [as BACKUP]",
            summary: "Takes a backup. An unnamed backup is named after the service and the time.",
            example: "backup contoso as nightly",
            parse: { p throws(ParseStop) in try p.backupStatement() }),
        StatementEntry(
            word: .restore, operation: .restore, subject: .backup, clauses: [Clause(.to), Clause(.edition, .edition)],
            syntax: "restore BACKUP [to NAME] [edition EDITION]",
            summary: "Restores a backup into a new service. Unless given, the name is that of the service the backup came from. Same or higher edition only.",
            example: "restore nightly to contoso-dr edition premium",
            parse: { p throws(ParseStop) in try p.restoreStatement() }),
        operation(.disable, "Disables the service (a platform event, as when its subscription is disabled).", example: "disable contoso"),
        operation(.enable, "Enables a disabled service (a platform event).", example: "enable contoso"),
        StatementEntry(
            word: .serviceUpdate, operation: .serviceUpdate, subject: .service, clauses: [Clause(.to)],
            syntax: "service-update NAME [to VERSION]",
            summary: "Moves the service to another product version (a platform event; by default the next version).",
            example: "service-update contoso to \"2.0\"",
            parse: { p throws(ParseStop) in try p.serviceUpdateStatement() }),
        StatementEntry(
            word: .add, operation: nil, subject: .contentKind, clauses: [Clause(.to, .service), Clause(.source)],
            syntax: "add KIND NAME to SERVICE [source STRING]",
            summary: "Adds an artifact (a partner, agreement, bridge and so on) to a service's portal. An agreement may read a source FTP folder.",
            example: "add agreement contoso-x12 to contoso source \"ftp://ftp.contoso.com/in\"",
            parse: { p throws(ParseStop) in try p.addStatement() }),
        StatementEntry(
            word: .remove, operation: nil, subject: .contentKind, clauses: [Clause(.from, .service)],
            syntax: "remove KIND NAME from SERVICE",
            summary: "Removes an artifact from a service's portal.",
            example: "remove bridge orders from contoso",
            parse: { p throws(ParseStop) in try p.removeStatement() }),
        StatementEntry(
            word: .receive, operation: nil, subject: .none, clauses: [Clause(.messages), Clause(.on, .service)],
            syntax: "receive N messages on SERVICE",
            summary: "Puts N messages into the service's active batch.",
            example: "receive 5 messages on contoso",
            parse: { p throws(ParseStop) in try p.receiveStatement() }),
        StatementEntry(
            word: .process, operation: nil, subject: .none, clauses: [Clause(.batch), Clause(.messages), Clause(.on, .service)],
            syntax: "process batch on SERVICE    process N messages on SERVICE",
            summary: "Processes the active batch (one EDI interchange), or N EDI interchanges: control numbers move on, tracking records are added.",
            example: "process batch on contoso",
            parse: { p throws(ParseStop) in try p.processStatement() }),
        StatementEntry(
            word: .schedule, operation: nil, subject: .none,
            clauses: [Clause(.backups), Clause(.of, .service), Clause(.every), Clause(.retain), Clause(.keep)],
            syntax: "schedule backups of SERVICE every DURATION retain DURATION [keep one]",
            summary: "Backs the service up as the clock moves: one backup every DURATION, those older than the retention purged (with 'keep one', never the last). The retention must be longer than the frequency.",
            example: "schedule backups of contoso every 1d retain 7d keep one",
            parse: { p throws(ParseStop) in try p.scheduleStatement() }),
        StatementEntry(
            word: .unschedule, operation: nil, subject: .none, clauses: [Clause(.backups), Clause(.of, .service)],
            syntax: "unschedule backups of SERVICE",
            summary: "Stops a service's scheduled backups.",
            example: "unschedule backups of contoso",
            parse: { p throws(ParseStop) in try p.unscheduleStatement() }),
        StatementEntry(
            word: .hold, operation: nil, subject: .none, clauses: [Clause(.names), Clause(.for)],
            syntax: "hold names for DURATION",
            summary: "Sets how long a deleted service's name stays unavailable (\(Engine.defaultNameHold) unless set; also --name-hold).",
            example: "hold names for 10m",
            parse: { p throws(ParseStop) in try p.holdStatement() }),
        StatementEntry(
            word: .fail, operation: nil, subject: .none,
            clauses: [Clause(.next, .operation), Clause(.clear, .operation), Clause(.on, .service), Clause(.times)],
            syntax: "fail next OPERATION on NAME [times N]    fail clear [OPERATION] [on NAME]",
            summary: "Makes the next N runs of an operation fail; the service need not exist yet. 'fail clear' disarms them. Armed failures belong to the name: they survive a delete.",
            example: "fail next stop on contoso",
            parse: { p throws(ParseStop) in try p.failStatement() }),
        StatementEntry(
            word: .chaos, operation: nil, subject: .none, clauses: [Clause(.seed), Clause(.off)],
            syntax: "chaos PERCENT [seed N]    chaos off",
            summary: "Fails operations at random with the given probability. The same seed fails the same runs.",
            example: "chaos 20 seed 7",
            parse: { p throws(ParseStop) in try p.chaosStatement() }),
        StatementEntry(
            word: .wait, operation: nil, subject: .none, clauses: [],
            syntax: "wait DURATION", summary: "Moves the simulated clock forward (90s, 30m, 2h, 1d).",
            example: "wait 1h",
            parse: { p throws(ParseStop) in try p.waitStatement() }),
        StatementEntry(
            word: .show, operation: nil, subject: .service, clauses: [],
            syntax: "show NAME    show backup BACKUP",
            summary: "Shows a service: its state, edition, units, settings, contents, messages and what it allows now; or what a backup holds and what it does not.",
            example: "show contoso",
            parse: { p throws(ParseStop) in try p.showStatement() }),
        StatementEntry(
            word: .list, operation: nil, subject: .none, clauses: [Clause(.backups), Clause(.failures)],
            syntax: "list    list backups    list failures",
            summary: "Lists the services, the backups, or the armed failures and chaos.",
            example: "list backups",
            parse: { p throws(ParseStop) in try p.listStatement() }),
        StatementEntry(
            word: .log, operation: nil, subject: .service, clauses: [Clause(.all), Clause(.last)],
            syntax: "log [NAME] [all | last N]",
            summary: "Shows the operation log, for one service or all: the last \(Session.logShown) entries and how many came before, "
                + "or all of them, or the last N. (A service named 'all' or 'last' is written in quotes.)",
            example: "log contoso last 5",
            parse: { p throws(ParseStop) in try p.logStatement() }),
        StatementEntry(
            word: .graph, operation: nil, subject: .serviceOrClause,
            clauses: [Clause(.around, .serviceOrState), Clause(.without, .omission), Clause(.and, .omission), Clause(.backups),
                      Clause(.as, .diagramFormat), Clause(.to, .file)],
            syntax: "graph [NAME] [around NAME|without failures|without delete|backups] [as mermaid|dot|svg|text] [to FILE]",
            summary: "Draws the state machine: every transition, with a legend; with NAME, marks the service's state and where it has been. "
                + "'around NAME' (or a state): where each operation leads from there, on success and on failure; "
                + "'without failures', 'without delete' (and both): less to read; 'backups': where backup and restore lead. "
                + "As text at the prompt, Mermaid in scripts; 'to FILE' writes the file, in the format its name ends with.",
            example: "graph contoso without failures as svg to \"contoso.svg\"",
            parse: { p throws(ParseStop) in try p.graphStatement() }),
        StatementEntry(
            word: .path, operation: nil, subject: .service, clauses: [Clause(.to, .state)],
            syntax: "path NAME to STATE",
            summary: "Prints the shortest statements that take the service from its state to STATE, arming a failure where only one leads there.",
            example: "path contoso to Suspended",
            parse: { p throws(ParseStop) in try p.pathStatement() }),
        StatementEntry(
            word: .explain, operation: nil, subject: .operation,
            clauses: [Clause(.on, .service), Clause(.to), Clause(.edition, .edition)],
            syntax: "explain OPERATION on NAME | explain restore BACKUP [to NAME] [edition EDITION]",
            summary: "Says whether an operation would run on the service now, and which rule decides: the table (with the shortest way there), "
                + "the edition, or the name and its hold. 'explain restore BACKUP' answers the restore's rules: the backup, the name, the edition.",
            example: "explain resume on contoso",
            parse: { p throws(ParseStop) in try p.explainStatement() }),
        StatementEntry(
            word: .trace, operation: nil, subject: .clauses, clauses: [Clause(.on), Clause(.off)],
            syntax: "trace on    trace off",
            summary: "'trace on' announces every operation as it runs, with its transition, in blocks too, and what each other statement did (as --trace); "
                + "'trace off' only failed runs. At the prompt, until either, a top-level statement's are announced, a block's counted.",
            example: "trace on",
            parse: { p throws(ParseStop) in try p.traceStatement() }),
        StatementEntry(
            word: .compare, operation: nil, subject: .service, clauses: [Clause(.with, .service)],
            syntax: "compare NAME with NAME",
            summary: "Says how two services or backups differ: state, edition, units, version, region, settings (secrets masked), "
                + "contents, control numbers, AS2 MIC values, batch and backup schedule, one line each; nothing when they are the same. "
                + "differences(A, B) gives the same as a list.",
            example: "compare nightly with contoso-dr",
            parse: { p throws(ParseStop) in try p.compareStatement() }),
        StatementEntry(
            word: .explore, operation: nil, subject: .none, clauses: [],
            syntax: "explore",
            summary: "Prints what a new service can reach: states without failures, states only through failures, states only delete leaves, and what each state allows.",
            example: "explore",
            parse: { p throws(ParseStop) in try p.exploreStatement() }),
        StatementEntry(
            word: .table, operation: nil, subject: .clauses, clauses: [Clause(.wide, .clauses), Clause(.as, .tableFormat)],
            syntax: "table [wide] [as markdown|csv]",
            summary: "Prints the seed's table of which operation each state allows. Too wide for the screen, its columns have short names, spelled out under it; 'wide' keeps the whole names.",
            example: "table as csv",
            parse: { p throws(ParseStop) in try p.tableStatement() }),
        StatementEntry(
            word: .assert, operation: nil, subject: .condition, clauses: [],
            syntax: "assert EXPRESSION [, NAME]",
            summary: "A check: fails, saying what was found, when the expression is false. NAME, in quotes, names it in every report.",
            example: "assert contoso is Active",
            parse: { p throws(ParseStop) in try p.assertStatement() }),
        StatementEntry(
            word: .expect, operation: nil, subject: .clauses,
            clauses: [Clause(.error, .errorKind), Clause(.warning, .warningKind), Clause(.no, .warningWord)],
            syntax: "expect error [KIND | STRING] { STATEMENTS }    expect warning [KIND | STRING] { STATEMENTS }    expect no warning { STATEMENTS }",
            summary: "A check: 'expect error' passes when the block stops with an error of KIND ('help errors' lists them) or containing STRING; 'expect warning' when the block gave such a warning ('help warnings'); 'expect no warning' when it gave none.",
            example: "expect error not-allowed { resume contoso }",
            parse: { p throws(ParseStop) in try p.expectStatement() }),
        StatementEntry(
            word: .skip, operation: nil, subject: .none, clauses: [],
            syntax: "skip REASON { STATEMENTS }",
            summary: "Does not run the block: each check in it is reported skipped, with the reason (TAP # SKIP, JUnit <skipped>).",
            example: "skip \"no API for this yet\" { assert contoso is Active }",
            parse: { p throws(ParseStop) in try p.markedStatement(.skip) }),
        StatementEntry(
            word: .todo, operation: nil, subject: .none, clauses: [],
            syntax: "todo REASON { STATEMENTS }",
            summary: "Runs the block; a check in it that fails is a known gap, reported to do (TAP # TODO, JUnit <skipped>), and does not fail the run.",
            example: "todo \"a restore keeps schedules\" { assert schedule(contoso) != \"none\" }",
            parse: { p throws(ParseStop) in try p.markedStatement(.todo) }),
        StatementEntry(
            word: .let, operation: nil, subject: .none, clauses: [],
            syntax: "let NAME = EXPRESSION", summary: "Sets a variable; read it as $NAME.",
            example: "let svc = \"contoso\"",
            parse: { p throws(ParseStop) in try p.letStatement() }),
        StatementEntry(
            word: .print, operation: nil, subject: .none, clauses: [],
            syntax: "print EXPRESSION", summary: "Prints a value.",
            example: "print \"${svc} is ${state($svc)}\"",
            parse: { p throws(ParseStop) in try p.printStatement() }),
        StatementEntry(
            word: .if, operation: nil, subject: .condition, clauses: [],
            syntax: "if EXPRESSION { } else if EXPRESSION { } else { }",
            summary: "Runs the first block whose condition holds.",
            example: "if contoso is StopFailed { restart contoso }",
            parse: { p throws(ParseStop) in try p.ifStatement() }),
        StatementEntry(
            word: .for, operation: nil, subject: .none, clauses: [Clause(.in)],
            syntax: "for NAME in EXPRESSION { }", summary: "Runs a block for each item of a list or range.",
            example: "for i in 1..3 { create \"svc-${i}-test\" }",
            parse: { p throws(ParseStop) in try p.forStatement() }),
        StatementEntry(
            word: .repeat, operation: nil, subject: .none, clauses: [],
            syntax: "repeat EXPRESSION { }", summary: "Runs a block N times.",
            example: "repeat 3 { restart contoso }",
            parse: { p throws(ParseStop) in try p.repeatStatement() }),
        StatementEntry(
            word: .while, operation: nil, subject: .condition, clauses: [],
            syntax: "while EXPRESSION { }", summary: "Runs a block while a condition holds.",
            example: "while contoso is not Active { restart contoso }",
            parse: { p throws(ParseStop) in try p.whileStatement() }),
        StatementEntry(
            word: .def, operation: nil, subject: .none, clauses: [],
            syntax: "def NAME(PARAM, ...) { }    NAME(ARGUMENT, ...)",
            summary: "Defines a procedure; call it by name. `return VALUE` gives a result.",
            example: "def recycle(svc) { stop $svc; start $svc }",
            parse: { p throws(ParseStop) in try p.defStatement() }),
        StatementEntry(
            word: .save, operation: nil, subject: .file, clauses: [],
            syntax: "save STRING",
            summary: "Saves the workspace (services, backups, the clock, armed failures, chaos, schedules, the log, variables, procedures) to a file, as JSON.",
            example: "save \"lesson.mabsw\"",
            parse: { p throws(ParseStop) in try p.saveStatement() }),
        StatementEntry(
            word: .open, operation: nil, subject: .file, clauses: [],
            syntax: "open STRING",
            summary: "Replaces the workspace with one saved to a file.",
            example: "open \"lesson.mabsw\"",
            parse: { p throws(ParseStop) in try p.openStatement() }),
        StatementEntry(
            word: .load, operation: nil, subject: .file, clauses: [],
            syntax: "load STRING", summary: "Runs another script file, relative to this one.",
            example: "load \"common.mabs\"",
            parse: { p throws(ParseStop) in try p.loadStatement() }),
        StatementEntry(
            word: .help, operation: nil, subject: .helpTopic, clauses: [],
            syntax: "help [TOPIC]",
            summary: "Lists the statements and topics, or explains one: a statement, a state, a function (state()), a kind of content, an edition, or backups, warnings, errors. Names are matched loosely (stop-failed, hybrid connections).",
            example: "help backups",
            parse: { p throws(ParseStop) in try p.helpStatement() }),
        StatementEntry(
            word: .return, operation: nil, subject: .none, clauses: [],
            syntax: "return [EXPRESSION]", summary: "Leaves a procedure, giving its result.",
            example: "def doubled(svc) { return units($svc) * 2 }",
            parse: { p throws(ParseStop) in try p.returnStatement() }),
    ]

    /// A statement that is an operation and a service name, nothing more.
    private static func operation(_ operation: Lifecycle.Operation, _ summary: String, example: String) -> StatementEntry {
        StatementEntry(
            word: operation.word, operation: operation, subject: .service, clauses: [],
            syntax: "\(operation.word.spelling) NAME", summary: summary, example: example,
            parse: { p throws(ParseStop) in try p.operationStatement(operation) })
    }

    /// The index in `statements` of the entry a keyword starts (-1 for
    /// none), indexed by the word's raw value.
    private static let byWord: [Int] = {
        var table = [Int](repeating: -1, count: Word.allCases.count)
        for (index, entry) in statements.enumerated() {
            precondition(table[Int(entry.word.rawValue)] == -1, "one entry per statement keyword")
            table[Int(entry.word.rawValue)] = index
        }
        return table
    }()

    /// The statement `word` starts, if it starts one.
    @inline(__always)
    static func statement(_ word: Word) -> StatementEntry? {
        let index = byWord[Int(word.rawValue)]
        return index < 0 ? nil : statements[index]
    }

    /// How to parse the statement `word` starts, if it starts one: the
    /// parser's dispatch, which reads no more of the entry.
    @inline(__always)
    static func parser(_ word: Word) -> (@Sendable (inout Parser) throws(ParseStop) -> StmtKind)? {
        let index = byWord[Int(word.rawValue)]
        return index < 0 ? nil : parsers[index]
    }

    private static let parsers = statements.map(\.parse)

    /// The statement a keyword spelled `text` starts (exact spelling).
    static func statement(named text: String) -> StatementEntry? {
        statements.first { $0.spelling == text }
    }

    /// The statement keywords, in order.
    public static var statementKeywords: [String] { statements.map(\.spelling) }

    /// The operation a word names, where an operation is expected
    /// (`fail next WORD`, `NAME can WORD`).
    @inline(__always)
    static func operation(_ word: Word) -> Lifecycle.Operation? {
        operationsByWord[Int(word.rawValue)]
    }

    private static let operationsByWord: [Lifecycle.Operation?] = {
        var table = [Lifecycle.Operation?](repeating: nil, count: Word.allCases.count)
        for operation in Lifecycle.Operation.allCases { table[Int(operation.word.rawValue)] = operation }
        for (word, operation) in operationAliases { table[Int(word.rawValue)] = operation }
        return table
    }()

    /// Other words for operations: the seed table's column name.
    static let operationAliases: [(Word, Lifecycle.Operation)] = [(.updateConfiguration, .updateConfiguration)]

    /// The operation words, in the engine's order, then their aliases.
    public static var operationWords: [String] {
        Lifecycle.Operation.allCases.map(\.word.spelling) + operationAliases.map(\.0.spelling)
    }
}

extension Lifecycle.Operation {
    /// The word the language spells the operation with.
    var word: Word {
        switch self {
        case .create: .create
        case .start: .start
        case .stop: .stop
        case .restart: .restart
        case .suspend: .suspend
        case .resume: .resume
        case .delete: .delete
        case .scale: .scale
        case .updateConfiguration: .update
        case .backup: .backup
        case .restore: .restore
        case .disable: .disable
        case .enable: .enable
        case .serviceUpdate: .serviceUpdate
        }
    }

    /// The operation as scripts write it: `update`, `service-update`.
    public var keyword: String { word.spelling }
}
