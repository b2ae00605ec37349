// The one traversal of the tree.
//
// What a node holds (its expressions, names and blocks, in the order they
// are written and evaluated, each with what the statement does with it) is
// listed here once, in `forEachPart`; every walk over the tree goes
// through it: the checker, the check sites, the compiler. An analysis is a
// `SyntaxVisitor` that overrides only the nodes it cares about; the
// defaults visit every part. (swift-syntax's `SyntaxVisitor` is the model:
// `visit` before a node's parts, saying whether to walk them, `visitPost`
// after.)

/// A part of a statement or an expression, with what is done with it.
public enum SyntaxPart {
    case expression(Expr, Use)
    case name(Name, NameUse)
    case block(Block)

    /// What a statement does with an expression's value: the checks it
    /// makes on it, in the words its errors use.
    public enum Use: Sendable {
        /// Any value (`print`, `let`, an operand).
        case value
        /// true or false, for the statement or operator named (`if`).
        case condition(String)
        /// A whole number, for what is named (`units`, `repeat`).
        case number(String)
        /// A duration, for what is named (`wait`, `every`).
        case duration(String)
        /// What `for` goes through.
        case listOrRange
        /// Text, for the use named (`as a file name`); never a secret.
        case text(String)
        /// Text the engine keeps (`as a region`, what is kept: `this
        /// region`), at most `Value.maximumSize` bytes.
        case stored(String, String)
        /// The value of a setting `update` sets (the key): a secret only
        /// into a secret setting.
        case setting(Symbol)
        /// `chaos`'s seed: a whole number from 0 up.
        case seed
        /// `hold names for`'s duration, from 0 up.
        case nameHold
    }

    /// What a statement does with a name position.
    public enum NameUse: Sendable {
        /// A service's, a backup's or an item's name: its text.
        case name
        case edition
        case state
        /// A service that must exist (`path`, `explain`, `graph`).
        case service
    }
}

/// Whether a walk goes into a node's parts.
public enum WalkChoice {
    case visitParts
    case skipParts
}

/// An analysis of the tree: the defaults walk everything, in source order;
/// a visitor overrides `visit` for the nodes it looks at (returning
/// `.skipParts` when it walks their parts itself, in an order or a context
/// of its own) and `visitPost` for what it does after them.
///
/// The walk recurses as the tree nests: the parser bounds nesting
/// (`Parser.maximumDepth`), and statement lists and chains are loops.
public protocol SyntaxVisitor {
    mutating func visit(_ statement: Stmt) -> WalkChoice
    mutating func visitPost(_ statement: Stmt)
    /// Each part of a statement or an expression, before it is walked.
    mutating func visit(_ part: SyntaxPart) -> WalkChoice
    mutating func visit(_ expression: Expr) -> WalkChoice
    mutating func visitPost(_ expression: Expr)
    mutating func visit(_ name: Name) -> WalkChoice
}

extension SyntaxVisitor {
    public mutating func visit(_ statement: Stmt) -> WalkChoice { .visitParts }
    public mutating func visitPost(_ statement: Stmt) {}
    public mutating func visit(_ part: SyntaxPart) -> WalkChoice { .visitParts }
    public mutating func visit(_ expression: Expr) -> WalkChoice { .visitParts }
    public mutating func visitPost(_ expression: Expr) {}
    public mutating func visit(_ name: Name) -> WalkChoice { .visitParts }

    /// Walks the statements, in order.
    public mutating func walk(_ statements: [Stmt]) {
        for statement in statements { walk(statement) }
    }

    public mutating func walk(_ statement: Stmt) {
        guard visit(statement) == .visitParts else { return }
        statement.kind.forEachPart { walk($0) }
        visitPost(statement)
    }

    public mutating func walk(_ expression: Expr) {
        guard visit(expression) == .visitParts else { return }
        expression.kind.forEachPart { walk($0) }
        visitPost(expression)
    }

    public mutating func walk(_ name: Name) {
        guard visit(name) == .visitParts else { return }
        if case .interpolated(let parts) = name.kind {
            for case .interpolation(let expression) in parts { walk(.expression(expression, .text("in a string"))) }
        }
    }

    public mutating func walk(_ part: SyntaxPart) {
        guard visit(part) == .visitParts else { return }
        switch part {
        case .expression(let expression, _): walk(expression)
        case .name(let name, _): walk(name)
        case .block(let block): walk(block.statements)
        }
    }
}

extension StmtKind {
    /// The statement's expressions, names and blocks, in the order they are
    /// written and evaluated, each with what the statement does with it:
    /// the one place that says what a statement holds.
    public func forEachPart(_ body: (SyntaxPart) -> Void) {
        func name(_ name: Name?, _ use: SyntaxPart.NameUse = .name) { if let name { body(.name(name, use)) } }
        func expression(_ expression: Expr?, _ use: SyntaxPart.Use) {
            if let expression { body(.expression(expression, use)) }
        }
        switch self {
        case .create(let service, let edition, let units, let region, let tracking):
            name(service)
            name(edition, .edition)
            expression(units, .number("units"))
            expression(region, .stored("as a region", "this region"))
            expression(tracking?.server, .stored("as a server", "this server"))
            expression(tracking?.database, .stored("as a database", "this database"))
        case .operation(_, let service), .unschedule(let service), .show(let service), .showBackup(let service),
             .processBatch(let service), .failClear(_, let service?), .log(let service?, .recent), .log(let service?, .all):
            name(service)
        case .scale(let service, let units):
            name(service)
            expression(units, .number("scale"))
        case .update(let service, let settings):
            name(service)
            for setting in settings { expression(setting.value, .setting(setting.key)) }
        case .backup(let service, let backup):
            name(service)
            name(backup)
        case .restore(let backup, let target, let edition), .explainRestore(let backup, let target, let edition):
            name(backup)
            name(target)
            name(edition, .edition)
        case .serviceUpdate(let service, let version):
            name(service)
            expression(version, .stored("as a version", "this version"))
        case .failNext(_, _, let service, let times):
            name(service)
            expression(times, .number("times"))
        case .chaos(let percent, let seed):
            expression(percent, .number("chaos"))
            expression(seed, .seed)
        case .wait(let duration):
            expression(duration, .duration("wait"))
        case .schedule(let service, let every, let retain, _):
            name(service)
            expression(every, .duration("every"))
            expression(retain, .duration("retain"))
        case .graph(let request):
            name(request.service, .service)
            expression(request.file, .text("as a file name"))
        case .path(let service, let state):
            name(service, .service)
            name(state, .state)
        case .explain(_, let service):
            name(service)
        case .compare(let first, let second):
            name(first)
            name(second)
        case .save(let path), .open(let path), .load(let path):
            expression(path, .text("as a file name"))
        case .hold(let duration):
            expression(duration, .nameHold)
        case .log(let service, .last(let count)):
            name(service)
            // Read as `log` reads it (`for log last`), never by the checker.
            expression(count, .value)
        case .add(_, let item, let service, let source):
            name(item)
            name(service)
            expression(source, .stored("as a source", "this source folder"))
        case .remove(_, let item, let service):
            name(item)
            name(service)
        case .receive(let count, let service):
            expression(count, .number("receive"))
            name(service)
        case .processMessages(let count, let service):
            expression(count, .number("process"))
            name(service)
        case .trackingDatabase(let action, let service):
            name(service)
            if case .backup(let backup) = action { name(backup) }
        case .assert(let condition, _):
            expression(condition, .condition("assert"))
        // A bare word is a kind of error or warning, any other expression
        // a text the message contains (see `Expectations`).
        case .expectError(let message, let block):
            expression(message, .value)
            body(.block(block))
        case .expectWarning(let wanted, _, let block):
            expression(wanted, .value)
            body(.block(block))
        case .marked(_, let reason, let block):
            expression(reason, .text("as a reason"))
            body(.block(block))
        case .let(_, let value), .print(let value), .expression(let value):
            expression(value, .value)
        case .if(let branches, let otherwise):
            for branch in branches {
                expression(branch.condition, .condition("if"))
                body(.block(branch.body))
            }
            if let otherwise { body(.block(otherwise)) }
        case .for(_, let sequence, let block):
            expression(sequence, .listOrRange)
            body(.block(block))
        case .repeat(let count, let block):
            expression(count, .number("repeat"))
            body(.block(block))
        case .while(let condition, let block):
            expression(condition, .condition("while"))
            body(.block(block))
        case .def(_, _, let block):
            body(.block(block))
        case .call(_, let arguments):
            for argument in arguments { expression(argument, .value) }
        case .return(let value):
            expression(value, .value)
        case .explore, .table, .chaosOff, .trace, .list, .listBackups, .listFailures, .help, .failClear(_, nil),
             .log(nil, .recent), .log(nil, .all):
            break
        }
    }
}

extension ExprKind {
    /// The expression's operands (and the state name of `is`), in the
    /// order they are written and evaluated.
    public func forEachPart(_ body: (SyntaxPart) -> Void) {
        switch self {
        case .integer, .duration, .version, .string, .bool, .word, .variable:
            break
        case .interpolated(let parts):
            for case .interpolation(let e) in parts { body(.expression(e, .text("in a string"))) }
        case .list(let items), .call(_, let items):
            for item in items { body(.expression(item, .value)) }
        case .range(let a, let b):
            body(.expression(a, .number("..")))
            body(.expression(b, .number("..")))
        case .index(let a, let b):
            body(.expression(a, .value))
            body(.expression(b, .number("[ ]")))
        case .binary(_, let a, let b):
            body(.expression(a, .value))
            body(.expression(b, .value))
        case .unary(.negate, let a):
            body(.expression(a, .value))
        case .unary(.not, let a):
            body(.expression(a, .condition("not")))
        case .can(let subject, _, _, _):
            body(.expression(subject, .text("as a name")))
        case .chain(let first, let links):
            let use: SyntaxPart.Use = links[0].op == .and || links[0].op == .or ? .condition(links[0].op.rawValue) : .value
            body(.expression(first, use))
            for link in links { body(.expression(link.operand, use)) }
        case .is(let subject, let state, _):
            body(.expression(subject, .text("as a name")))
            body(.name(state, .state))
        }
    }
}

extension Stmt {
    /// The keyword the statement starts with, as written (`stop`,
    /// `service-update`); nil for a call or an expression statement, which
    /// start with no keyword.
    public func keyword(in file: SourceFile) -> String? {
        switch kind {
        case .call, .expression: return nil
        default:
            let start = Int(range.start)
            let end = file.bytes[start...].firstIndex { !Lexer.isNameCharacter($0) } ?? file.bytes.count
            return String(decoding: file.bytes[start..<end], as: UTF8.self)
        }
    }
}

extension Script {
    /// The keywords its statements start with, at any depth: the statements
    /// it uses (a keyword that is only a name, `stop load`, starts none).
    public func statementKeywords(in file: SourceFile) -> Set<String> {
        struct Keywords: SyntaxVisitor {
            let file: SourceFile
            var found: Set<String> = []
            mutating func visit(_ statement: Stmt) -> WalkChoice {
                if let keyword = statement.keyword(in: file) { found.insert(keyword) }
                return .visitParts
            }
        }
        var keywords = Keywords(file: file)
        keywords.walk(statements)
        return keywords.found
    }
}
