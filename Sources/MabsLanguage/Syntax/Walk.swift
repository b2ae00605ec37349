// The one traversal of the tree.
//
// What a node holds (its expressions, names and blocks, in the order they
// are written and evaluated) is listed here once, in `forEachPart`; every
// walk over the tree goes through it. An analysis is a `SyntaxVisitor` that
// overrides only the nodes it cares about; the defaults visit every part.
// (swift-syntax's `SyntaxVisitor` is the model: `visit` before a node's
// parts, saying whether to walk them, `visitPost` after.)

/// A part of a statement, an expression or a name.
public enum SyntaxPart {
    case expression(Expr)
    case name(Name)
    case block(Block)
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
    mutating func visit(_ expression: Expr) -> WalkChoice
    mutating func visitPost(_ expression: Expr)
    mutating func visit(_ name: Name) -> WalkChoice
}

extension SyntaxVisitor {
    public mutating func visit(_ statement: Stmt) -> WalkChoice { .visitParts }
    public mutating func visitPost(_ statement: Stmt) {}
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
            for case .interpolation(let expression) in parts { walk(expression) }
        }
    }

    public mutating func walk(_ part: SyntaxPart) {
        switch part {
        case .expression(let expression): walk(expression)
        case .name(let name): walk(name)
        case .block(let block): walk(block.statements)
        }
    }
}

extension StmtKind {
    /// The statement's expressions, names and blocks, in the order they are
    /// written (and evaluated): the one place that says what a statement
    /// holds.
    public func forEachPart(_ body: (SyntaxPart) -> Void) {
        func name(_ name: Name?) { if let name { body(.name(name)) } }
        func expression(_ expression: Expr?) { if let expression { body(.expression(expression)) } }
        switch self {
        case .create(let service, let edition, let units, let region, let tracking):
            name(service)
            name(edition)
            expression(units)
            expression(region)
            expression(tracking?.server)
            expression(tracking?.database)
        case .operation(_, let service), .unschedule(let service), .explain(_, let service), .show(let service),
             .showBackup(let service), .processBatch(let service):
            name(service)
        case .scale(let service, let units):
            name(service)
            expression(units)
        case .update(let service, let settings):
            name(service)
            for setting in settings { expression(setting.value) }
        case .backup(let service, let backup):
            name(service)
            name(backup)
        case .restore(let backup, let target, let edition), .explainRestore(let backup, let target, let edition):
            name(backup)
            name(target)
            name(edition)
        case .serviceUpdate(let service, let version):
            name(service)
            expression(version)
        case .failNext(_, _, let service, let times):
            name(service)
            expression(times)
        case .schedule(let service, let every, let retain, _):
            name(service)
            expression(every)
            expression(retain)
        case .graph(let request):
            name(request.service)
            expression(request.file)
        case .path(let service, let state):
            name(service)
            name(state)
        case .compare(let first, let second):
            name(first)
            name(second)
        case .save(let e), .open(let e), .hold(let e), .wait(let e), .assert(let e, _), .let(_, let e), .print(let e),
             .expression(let e), .load(let e):
            expression(e)
        case .failClear(_, let service), .log(let service, .recent), .log(let service, .all):
            name(service)
        case .log(let service, .last(let count)):
            name(service)
            expression(count)
        case .chaos(let percent, let seed):
            expression(percent)
            expression(seed)
        case .add(_, let item, let service, let source):
            name(item)
            name(service)
            expression(source)
        case .remove(_, let item, let service):
            name(item)
            name(service)
        case .receive(let count, let service), .processMessages(let count, let service):
            expression(count)
            name(service)
        case .trackingDatabase(let action, let service):
            name(service)
            if case .backup(let backup) = action { name(backup) }
        case .expectError(let message, let block), .expectWarning(let message, _, let block):
            expression(message)
            body(.block(block))
        case .marked(_, let reason, let block):
            expression(reason)
            body(.block(block))
        case .if(let branches, let otherwise):
            for branch in branches {
                expression(branch.condition)
                body(.block(branch.body))
            }
            if let otherwise { body(.block(otherwise)) }
        case .for(_, let sequence, let block):
            expression(sequence)
            body(.block(block))
        case .repeat(let count, let block):
            expression(count)
            body(.block(block))
        case .while(let condition, let block):
            expression(condition)
            body(.block(block))
        case .def(_, _, let block):
            body(.block(block))
        case .call(_, let arguments):
            for argument in arguments { expression(argument) }
        case .return(let value):
            expression(value)
        case .explore, .table, .chaosOff, .trace, .list, .listBackups, .listFailures, .help:
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
            for case .interpolation(let e) in parts { body(.expression(e)) }
        case .list(let items), .call(_, let items):
            for item in items { body(.expression(item)) }
        case .range(let a, let b), .binary(_, let a, let b), .index(let a, let b):
            body(.expression(a))
            body(.expression(b))
        case .unary(_, let a), .can(let a, _, _, _):
            body(.expression(a))
        case .chain(let first, let links):
            body(.expression(first))
            for link in links { body(.expression(link.operand)) }
        case .is(let subject, let state, _):
            body(.expression(subject))
            body(.name(state))
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
