import Lifecycle

/// `assert` and `expect error`: each is one check. A failed check is
/// reported with what was found, and the script goes on (unless `--bail`).
extension Interpreter {
    func check(assertion condition: Expr, _ at: Site) throws {
        if try self.condition(condition, at.file, for: "assert") {
            passed += 1
            return
        }
        let source = at.file.text(of: condition.range)
        let found = (try? explainFalse(condition, at.file)) ?? nil
        try fail(.assertionFailed(source), Site(file: at.file, range: condition.range), notes: found.map { [Note($0)] } ?? [])
    }

    func check(expectError expected: Expr?, body: Block, _ at: Site) throws {
        let expected = try expected.map { try evaluate($0, at.file).description }
        do {
            try execute(body.statements, in: at.file)
        } catch let error as RuntimeError where error.message != .interrupted && !error.message.isStepLimit {
            let text = error.message.text
            if let expected, !text.lowercased().contains(expected.lowercased()) {
                return try fail(.wrongError(expected: expected, got: text), at)
            }
            passed += 1
            return
        }
        try fail(.missingError(expected: expected), at)
    }

    private func fail(_ message: Message.Runtime, _ at: Site, notes: [Note] = []) throws {
        failed += 1
        output.report(Diagnostic(.error, .runtime(message), file: at.file, range: at.range, notes: notes))
        if options.bail { throw Unwind.bail }
    }

    /// What made a condition false, in words, for the forms where that can
    /// be said without running anything twice that has effects.
    private func explainFalse(_ expression: Expr, _ file: SourceFile) throws -> Message.Remark? {
        guard isPure(expression) else { return nil }
        switch expression.kind {
        case .is(let subject, _, _):
            let service = try service(subject, file)
            return .foundState(service: service.name, state: service.state)
        case .can(let subject, let operation, _, let negated):
            let service = try service(subject, file)
            return .foundAllowance(service: service.name, state: service.state, operation: operation.keyword, allowed: negated)
        case .binary(.and, let left, let right):
            let failing = try condition(left, file, for: "and") ? right : left
            return try explainFalse(failing, file)
        case .binary(let op, let left, let right) where op.isComparison:
            let l = try evaluate(left, file), r = try evaluate(right, file)
            // Beside a secret, the other side may be the secret typed out.
            if case .secret = l { return .foundSides(left: l.literal, right: "(not shown)") }
            if case .secret = r { return .foundSides(left: "(not shown)", right: r.literal) }
            return .foundSides(left: l.literal, right: r.literal)
        case .call(let callee, let arguments) where interner[callee.symbol] == "exists":
            return .foundNoService(try evaluate(arguments[0], file).description)
        default:
            return nil
        }
    }

    /// Whether evaluating the expression again cannot change anything: it
    /// calls no user procedure.
    private func isPure(_ expression: Expr) -> Bool {
        switch expression.kind {
        case .call(let callee, let arguments):
            return Builtins.function(interner[callee.symbol]) != nil && arguments.allSatisfy(isPure)
        case .list(let items): return items.allSatisfy(isPure)
        case .range(let a, let b), .binary(_, let a, let b): return isPure(a) && isPure(b)
        case .unary(_, let a), .is(let a, _, _), .can(let a, _, _, _): return isPure(a)
        case .interpolated(let parts):
            return parts.allSatisfy { if case .interpolation(let e) = $0 { isPure(e) } else { true } }
        default: return true
        }
    }
}
