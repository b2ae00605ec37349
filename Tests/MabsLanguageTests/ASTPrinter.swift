import MabsLanguage
import MabsPresentation

// A compact S-expression rendering of the AST, for the parser's tests (only
// they read it). One statement per line at top level; blocks print inline.
//
//   create contoso edition standard units 2
//     => (create contoso (edition standard) (units 2))
//   assert contoso-dr is suspended and edition(contoso-dr) == premium
//     => (assert (and (is contoso-dr suspended) (== (call edition contoso-dr) premium)))

struct ASTPrinter {
    let interner: Interner

    init(interner: Interner) { self.interner = interner }

    /// Every statement on its own line.
    func print(_ script: Script) -> String {
        script.statements.map(print).joined(separator: "\n")
    }

    func print(_ statement: Stmt) -> String {
        switch statement.kind {
        case .create(let name, let edition, let units, let region, let tracking):
            return list("create", print(name), clause("edition", edition.map(print)),
                        clause("units", units.map(print)), clause("region", region.map(print)),
                        clause("tracking-server", tracking.map { print($0.server) }),
                        clause("tracking-database", tracking.map { print($0.database) }))
        case .operation(let operation, let name):
            return list(operation.keyword, print(name))
        case .scale(let name, let target):
            return list("scale", print(name), print(target))
        case .update(let name, let settings):
            return list(["update", print(name)] + settings.map { list("=", interner[$0.key], print($0.value)) })
        case .backup(let name, let backupName):
            return list("backup", print(name), clause("as", backupName.map(print)))
        case .restore(let backup, let target, let edition):
            return list("restore", print(backup), clause("to", target.map(print)), clause("edition", edition.map(print)))
        case .serviceUpdate(let name, let version):
            return list("service-update", print(name), clause("to", version.map(print)))
        case .failNext(let operation, _, let name, let times):
            return list("fail-next", operation.keyword, print(name), clause("times", times.map(print)))
        case .chaos(let percent, let seed):
            return list("chaos", print(percent), clause("seed", seed.map(print)))
        case .chaosOff:
            return "(chaos-off)"
        case .trace(let on):
            return on ? "(trace-on)" : "(trace-off)"
        case .wait(let duration):
            return list("wait", print(duration))
        case .show(let name):
            return list("show", print(name))
        case .schedule(let name, let every, let retain, let keepOne):
            return list("schedule", print(name), print(every), print(retain), keepOne ? "keep-one" : nil)
        case .unschedule(let name):
            return list("unschedule", print(name))
        case .graph(let request):
            let view: String? = switch request.view {
            case .machine(let omissions) where omissions.isEmpty: nil
            case .machine(let omissions):
                list(["without"] + [omissions.contains(.failures) ? "failures" : nil, omissions.contains(.delete) ? "delete" : nil].compactMap { $0 })
            case .backups: "backups"
            case .aroundService: "around"
            case .aroundState(let state): list("around", state.displayName)
            }
            return list("graph", request.service.map(print), view, request.format?.rawValue, clause("to", request.file.map(print)))
        case .path(let name, let target):
            return list("path", print(name), print(target))
        case .explain(let operation, let name):
            return list("explain", operation.keyword, print(name))
        case .compare(let first, let second):
            return list("compare", print(first), clause("with", print(second)))
        case .explainRestore(let backup, let target, let edition):
            return list("explain-restore", print(backup), clause("to", target.map(print)), clause("edition", edition.map(print)))
        case .explore:
            return "(explore)"
        case .table(let format, let wide):
            return list("table", wide ? "wide" : nil, format.rawValue)
        case .save(let path):
            return list("save", print(path))
        case .open(let path):
            return list("open", print(path))
        case .hold(let duration):
            return list("hold", print(duration))
        case .showBackup(let name):
            return list("show-backup", print(name))
        case .add(let kind, let item, let service, let source):
            return list("add", kind.name, print(item), print(service), clause("source", source.map(print)))
        case .remove(let kind, let item, let service):
            return list("remove", kind.name, print(item), print(service))
        case .receive(let count, let service):
            return list("receive", print(count), print(service))
        case .processBatch(let service):
            return list("process-batch", print(service))
        case .processMessages(let count, let service):
            return list("process", print(count), print(service))
        case .trackingDatabase(let action, let name):
            switch action {
            case .delete: return list("delete-tracking-database", print(name))
            case .create: return list("create-tracking-database", print(name))
            case .backup(let backup): return list("backup-tracking-database", print(name), print(backup))
            case .restore: return list("restore-tracking-database", print(name))
            }
        case .list:
            return "(list)"
        case .listBackups:
            return "(list-backups)"
        case .listFailures:
            return "(list-failures)"
        case .failClear(let operation, let name):
            return list("fail-clear", operation?.keyword, clause("on", name.map(print)))
        case .log(let name, let span):
            switch span {
            case .recent: return list("log", name.map(print))
            case .all: return list("log", name.map(print), "all")
            case .last(let count): return list("log", name.map(print), clause("last", print(count)))
            }
        case .assert(let condition, let name):
            return list("assert", print(condition), name.map(quoted))
        case .marked(let mark, let reason, let body):
            return list(mark.rawValue, print(reason), print(body))
        case .expectError(let message, let body):
            return list("expect-error", message.map(print), print(body))
        case .expectWarning(let wanted, let none, let body):
            return list(none ? "expect-no-warning" : "expect-warning", wanted.map(print), print(body))
        case .let(let variable, let value):
            return list("let", interner[variable.symbol], print(value))
        case .print(let value):
            return list("print", print(value))
        case .if(let branches, let elseBlock):
            var items = ["if", print(branches[0].condition), print(branches[0].body)]
            for branch in branches.dropFirst() {
                items.append(list("elif", print(branch.condition), print(branch.body)))
            }
            if let elseBlock { items.append(list("else", print(elseBlock))) }
            return list(items)
        case .for(let variable, let sequence, let body):
            return list("for", interner[variable.symbol], print(sequence), print(body))
        case .repeat(let count, let body):
            return list("repeat", print(count), print(body))
        case .while(let condition, let body):
            return list("while", print(condition), print(body))
        case .def(let name, let parameters, let body):
            return list("def", interner[name.symbol], list(parameters.map { interner[$0.symbol] }), print(body))
        case .call(let callee, let arguments):
            return list(["call", interner[callee.symbol]] + arguments.map(print))
        case .expression(let expr):
            return list("expr", print(expr))
        case .load(let path):
            return list("load", print(path))
        case .help(let topic):
            return list("help", topic.map { interner[$0.symbol] })
        case .return(let value):
            return list("return", value.map(print))
        }
    }

    func print(_ block: Block) -> String {
        list(["block"] + block.statements.map(print))
    }

    func print(_ name: Name) -> String {
        switch name.kind {
        case .word(let symbol): interner[symbol]
        case .variable(let symbol): "$" + interner[symbol]
        case .string(let text): quoted(text)
        case .interpolated(let parts): print(parts)
        }
    }

    func print(_ expr: Expr) -> String {
        switch expr.kind {
        case .integer(let value): String(value)
        case .duration(let seconds): ASTPrinter.duration(seconds)
        case .version(let text): text
        case .string(let text): quoted(text)
        case .interpolated(let parts): print(parts)
        case .bool(let value): value ? "true" : "false"
        case .word(let symbol): interner[symbol]
        case .variable(let symbol): "$" + interner[symbol]
        case .list(let elements): list(["list"] + elements.map(print))
        case .call(let callee, let arguments): list(["call", interner[callee.symbol]] + arguments.map(print))
        case .range(let low, let high): list("..", print(low), print(high))
        case .index(let base, let index): list("[]", print(base), print(index))
        case .unary(let op, let operand): list(op.rawValue, print(operand))
        case .binary(let op, let left, let right): list(op.rawValue, print(left), print(right))
        case .chain(let first, let links): print(first, links)
        case .is(let subject, let state, let negated): list(negated ? "is-not" : "is", print(subject), print(state))
        case .can(let subject, let operation, _, let negated):
            list(negated ? "cannot" : "can", print(subject), operation.keyword)
        }
    }

    /// A chain as the nested form it stands for, `(+ (+ a b) c)`, built in
    /// one pass: the heads in reverse, the first operand, then each operand
    /// with its closing parenthesis.
    func print(_ first: Expr, _ links: [ChainLink]) -> String {
        var text = links.reversed().map { "(\($0.op.rawValue) " }.joined() + print(first)
        for link in links { text += " " + print(link.operand) + ")" }
        return text
    }

    func print(_ parts: [StringPart]) -> String {
        list(["str"] + parts.map { part in
            switch part {
            case .text(let text): quoted(text)
            case .interpolation(let expr): print(expr)
            }
        })
    }

    /// Seconds as the largest-units-first literal that denotes them: 5400 -> 1h30m.
    static func duration(_ seconds: Int) -> String {
        if seconds == 0 { return "0s" }
        var rest = seconds
        var text = ""
        for (unit, size) in [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)] where rest >= size {
            text += "\(rest / size)\(unit)"
            rest %= size
        }
        return text
    }

    func quoted(_ text: String) -> String {
        TerminalText.literal(text)
    }

    func clause(_ head: String, _ value: String?) -> String? {
        value.map { "(\(head) \($0))" }
    }

    func list(_ items: String?...) -> String {
        list(items.compactMap { $0 })
    }

    func list(_ items: [String]) -> String {
        "(" + items.joined(separator: " ") + ")"
    }
}
