import Lifecycle

extension Interpreter {
    /// The value of an expression.
    func evaluate(_ expression: Expr, _ file: SourceFile) throws -> Value {
        let at = Site(file: file, range: expression.range)
        switch expression.kind {
        case .integer(let n):
            return .int(n)
        case .duration(let seconds):
            return .duration(Interval(seconds: Int64(seconds)))
        case .version(let text):
            return .version(ProductVersion(text))
        case .string(let s):
            return .string(s)
        case .interpolated(let parts):
            return .string(try interpolate(parts, file, at: expression.range))
        case .bool(let b):
            return .bool(b)
        case .word(let symbol):
            return .string(interner[symbol])
        case .variable(let symbol):
            return try variable(symbol, at)
        case .list(let items):
            return try bounded(.list(ListItems(try items.map { try evaluate($0, file) })), "this list", at)
        case .call(let callee, let arguments):
            let value = try call(callee, arguments, file)
            if value == .none { throw RuntimeError(.noValue(interner[callee.symbol]), at) }
            return value
        case .range(let low, let high):
            return .range(try integer(low, file, for: ".."), try integer(high, file, for: ".."))
        case .unary(.negate, let operand):
            let value = try evaluate(operand, file)
            switch value {
            case .secret: throw RuntimeError(.secretMisused("with '-'"), at)
            case .int(let n): return .int(try arithmetic(0, n, "-", at))
            case .duration(let d):
                guard let negated = d.negated else { throw RuntimeError(.overflow("-"), at) }
                return .duration(negated)
            default: throw RuntimeError(.expectedValue(.number, for: "-", found: value.literal), at)
            }
        case .unary(.not, let operand):
            return .bool(!(try condition(operand, file, for: "not")))
        case .chain(let first, let links):
            return try chain(first, links, file)
        case .binary(let op, let left, let right):
            let a = try evaluate(left, file), b = try evaluate(right, file)
            compared(a, [left], b, right, file, deep: true)
            do {
                return try binary(op, a, b, at)
            } catch let error as RuntimeError where error.message.isIncomparable {
                // `n == 3`: the word `n` is the text "n"; `$n` was meant.
                throw bareWord(left, beside: b, file) ?? bareWord(right, beside: a, file) ?? error
            }
        case .is(let subject, let state, let negated):
            let service = try service(subject, file)
            let wanted = try self.state(state, file)
            return .bool((service.state == wanted) != negated)
        case .can(let subject, let operation, _, let negated):
            let service = try service(subject, file)
            return .bool(Rules.isAllowed(operation, in: service.state) != negated)
        }
    }

    /// A chain, left to right. `and` and `or` stop at the first operand
    /// that decides the answer; an error in step k points at the chain up
    /// to its k-th operand, as the nested form `((a + b) + c)` would.
    func chain(_ first: Expr, _ links: [ChainLink], _ file: SourceFile) throws -> Value {
        switch links[0].op {
        case .and, .or:
            let op = links[0].op, word = op.rawValue
            let decisive = op == .or
            if try condition(first, file, for: word) == decisive { return .bool(decisive) }
            for link in links where try condition(link.operand, file, for: word) == decisive {
                return .bool(decisive)
            }
            return .bool(!decisive)
        default:
            var value = try evaluate(first, file)
            for (index, link) in links.enumerated() {
                let at = Site(file: file, range: first.range.union(link.operand.range))
                let operand = try evaluate(link.operand, file)
                compared(value, [first] + links[..<index].map(\.operand), operand, link.operand, file, deep: false)
                value = try binary(link.op, value, operand, at)
            }
            return value
        }
    }

    func variable(_ symbol: Symbol, _ at: Site) throws -> Value {
        try variables.value(of: symbol, interner, at: at)
    }

    /// The error for a bare word used where a value of `other`'s kind is
    /// needed, if `expression` is one: it is only text.
    func bareWord(_ expression: Expr, beside other: Value, _ file: SourceFile) -> RuntimeError? {
        guard case .word(let symbol) = expression.kind, let needed = ValueKind(other)?.expectation else { return nil }
        return RuntimeError(.bareWord(interner[symbol], needed: needed), Site(file: file, range: expression.range))
    }

    /// `value`, unless it is past `Value.maximumSize`.
    func bounded(_ value: Value, _ what: String, _ at: Site) throws -> Value {
        guard !value.isTooLarge else { throw RuntimeError(.valueTooLarge(what, limit: Value.maximumSize), at) }
        return value
    }

    /// The text of an interpolated string, refused as soon as it grows
    /// past `Value.maximumSize`, before it has all been built.
    func interpolate(_ parts: [StringPart], _ file: SourceFile, at: SourceRange) throws -> String {
        var text = ""
        for part in parts {
            switch part {
            case .text(let s): text += s
            case .interpolation(let expression):
                text += try self.text(expression, file, "in a string")
            }
            if text.utf8.count > Value.maximumSize {
                throw RuntimeError(.valueTooLarge("this string", limit: Value.maximumSize), Site(file: file, range: at))
            }
        }
        return text
    }

    /// The text of a name position: a bare word, a string or a variable.
    func text(of name: Name, _ file: SourceFile) throws -> String {
        switch name.kind {
        case .word(let symbol): interner[symbol]
        case .string(let s): s
        case .variable(let symbol):
            try self.text(of: try variable(symbol, Site(file: file, range: name.range)), "as a name", Site(file: file, range: name.range))
        case .interpolated(let parts): try interpolate(parts, file, at: name.range)
        }
    }

    func edition(_ name: Name, _ file: SourceFile) throws -> Edition {
        let text = try text(of: name, file)
        guard let edition = Edition(userInput: text) else {
            throw RuntimeError(.unknownEdition(text), Site(file: file, range: name.range))
        }
        return edition
    }

    func state(_ name: Name, _ file: SourceFile) throws -> ServiceState {
        let text = try text(of: name, file)
        guard let state = ServiceState(userInput: text) else {
            throw RuntimeError(.unknownState(text, suggestion: stateSuggestion(text)), Site(file: file, range: name.range))
        }
        return state
    }

    /// The service a name position names.
    func service(named name: Name, _ file: SourceFile) throws -> Service {
        let text = try text(of: name, file)
        guard let service = engine.service(named: text) else {
            throw RuntimeError(.lifecycle(.noSuchService(text)), Site(file: file, range: name.range))
        }
        return service
    }

    /// The service an expression names (`contoso`, `$svc`, `"contoso"`).
    func service(_ expression: Expr, _ file: SourceFile) throws -> Service {
        let name = try text(expression, file, "as a name")
        guard let service = engine.service(named: name) else {
            throw RuntimeError(.lifecycle(.noSuchService(name)), Site(file: file, range: expression.range))
        }
        return service
    }

    /// The value of `expression` as the kind `expected` names, or an error
    /// saying that `context` needs it and what was found instead.
    func value<T>(
        _ expression: Expr, _ file: SourceFile, as expected: Message.Expectation, for context: String, _ extract: (Value) -> T?
    ) throws -> T {
        let value = try evaluate(expression, file)
        guard let result = extract(value) else {
            throw RuntimeError(.expectedValue(expected, for: context, found: value.literal), Site(file: file, range: expression.range))
        }
        return result
    }

    func integer(_ expression: Expr, _ file: SourceFile, for context: String) throws -> Int {
        try value(expression, file, as: .number, for: context) { if case .int(let n) = $0 { n } else { nil } }
    }

    func duration(_ expression: Expr, _ file: SourceFile, for context: String) throws -> Interval {
        try value(expression, file, as: .duration, for: context) { if case .duration(let d) = $0 { d } else { nil } }
    }

    func condition(_ expression: Expr, _ file: SourceFile, for context: String) throws -> Bool {
        try value(expression, file, as: .condition, for: context) { if case .bool(let b) = $0 { b } else { nil } }
    }

    // MARK: Operators

    func binary(_ op: BinaryOperator, _ left: Value, _ right: Value, _ at: Site) throws -> Value {
        // A secret is only compared for equality, never combined.
        if left.isSecret || right.isSecret, op != .equal, op != .notEqual {
            throw RuntimeError(.secretMisused("with '\(op.rawValue)'"), at)
        }
        switch op {
        case .equal, .notEqual: return .bool(try equal(left, right, op, at) == (op == .equal))
        case .less, .lessEqual, .greater, .greaterEqual:
            let order = try compare(left, right, op, at)
            switch op {
            case .less: return .bool(order < 0)
            case .lessEqual: return .bool(order <= 0)
            case .greater: return .bool(order > 0)
            default: return .bool(order >= 0)
            }
        case .add:
            switch (left, right) {
            case (.int(let a), .int(let b)): return .int(try arithmetic(a, b, "+", at))
            case (.duration(let a), .duration(let b)):
                guard let sum = a.adding(b) else { throw RuntimeError(.overflow("+"), at) }
                return .duration(sum)
            case (.time(let t), .duration(let d)), (.duration(let d), .time(let t)):
                guard let later = t.adding(d) else { throw RuntimeError(.overflow("+"), at) }
                return .time(later)
            case (.list(let a), .list(let b)):
                guard ListItems.size(of: a, joinedWith: b) <= Value.maximumSize else {
                    throw RuntimeError(.valueTooLarge("the result of '+'", limit: Value.maximumSize), at)
                }
                return .list(a + b)
            // Text joined with a list holding a secret would show it as
            // `(secret)`: refused, as a secret itself is.
            case (.string(let a), _): return try bounded(.string(a + text(of: right, "with '+'", at)), "the result of '+'", at)
            case (_, .string(let b)): return try bounded(.string(text(of: left, "with '+'", at) + b), "the result of '+'", at)
            default: break
            }
        case .subtract:
            switch (left, right) {
            case (.int(let a), .int(let b)): return .int(try arithmetic(a, b, "-", at))
            case (.duration(let a), .duration(let b)):
                guard let negated = b.negated, let difference = a.adding(negated) else { throw RuntimeError(.overflow("-"), at) }
                return .duration(difference)
            case (.time(let t), .duration(let d)):
                guard let negated = d.negated, let earlier = t.adding(negated) else { throw RuntimeError(.overflow("-"), at) }
                return .time(earlier)
            case (.time(let a), .time(let b)):
                guard let span = a.interval(since: b) else { throw RuntimeError(.overflow("-"), at) }
                return .duration(span)
            default: break
            }
        case .multiply:
            switch (left, right) {
            case (.int(let a), .int(let b)): return .int(try arithmetic(a, b, "*", at))
            case (.duration(let d), .int(let n)), (.int(let n), .duration(let d)):
                return .duration(Interval(seconds: Int64(try arithmetic(Int(d.seconds), n, "*", at))))
            default: break
            }
        case .divide, .remainder:
            if case (.int(let a), .int(let b)) = (left, right) {
                guard b != 0 else { throw RuntimeError(.divisionByZero, at) }
                guard !(a == .min && b == -1) else { throw RuntimeError(.overflow(op.rawValue), at) }
                return .int(op == .divide ? a / b : a % b)
            }
        case .and, .or:
            break
        }
        throw RuntimeError(.operandTypes(op.rawValue, left.typeName, right.typeName), at)
    }

    func arithmetic(_ a: Int, _ b: Int, _ symbol: String, _ at: Site) throws -> Int {
        let (result, overflow): (Int, Bool) = switch symbol {
        case "+": a.addingReportingOverflow(b)
        case "-": a.subtractingReportingOverflow(b)
        default: a.multipliedReportingOverflow(by: b)
        }
        guard !overflow else { throw RuntimeError(.overflow(symbol), at) }
        return result
    }

    /// Equality of two values of one type, reading a string as a state or
    /// an edition when compared with one, and a secret's text when compared
    /// with text (true or false is all it tells). Values of types that do
    /// not compare are an error, never silently unequal: `n == 3` (the word
    /// `n`, not `$n`) would otherwise quietly take the other branch.
    func equal(_ left: Value, _ right: Value, _ op: BinaryOperator, _ at: Site) throws -> Bool {
        switch (left, right) {
        case (.state(let s), .string(let text)), (.string(let text), .state(let s)):
            guard let other = ServiceState(userInput: text) else { throw RuntimeError(Lexicon.state.unknown(text), at) }
            return s == other
        case (.edition(let e), .string(let text)), (.string(let text), .edition(let e)):
            guard let other = Edition(userInput: text) else { throw RuntimeError(Lexicon.edition.unknown(text), at) }
            return e == other
        case (.secret(let a), .string(let b)), (.string(let b), .secret(let a)):
            return a.matches(b)
        case (.secret(let a), .secret(let b)):
            return a == b
        case (.string(let a), .string(let b)):
            if let x = ServiceState(userInput: a), let y = ServiceState(userInput: b) { return x == y }
            if let x = Edition(userInput: a), let y = Edition(userInput: b) { return x == y }
            return a == b
        case (.list(let a), .list(let b)):
            guard a.count == b.count else { return false }
            for (x, y) in zip(a, b) where !(try equal(x, y, op, at)) { return false }
            return true
        case (.range(let low, let high), .list(let items)), (.list(let items), .range(let low, let high)):
            return try equal(items, toRange: low, high, op, at)
        case (.range(let a, let b), .range(let c, let d)):
            // Every empty range is the same empty sequence.
            return (a > b && c > d) || (a == c && b == d)
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.duration(let a), .duration(let b)): return a == b
        case (.time(let a), .time(let b)): return a == b
        case (.state(let a), .state(let b)): return a == b
        case (.edition(let a), .edition(let b)): return a == b
        case (.version, _), (_, .version):
            return try versionOrder(left, right, op, at) == 0
        default:
            throw RuntimeError(.incomparable(op.rawValue, left.typeName, right.typeName), at)
        }
    }

    /// How two values order as versions, one of them a version and the
    /// other a version, or text or a number read as one (`"1.9"`, `2`).
    func versionOrder(_ left: Value, _ right: Value, _ op: BinaryOperator, _ at: Site) throws -> Int {
        func version(_ value: Value) throws -> ProductVersion? {
            switch value {
            case .version(let version): return version
            case .int(let n): return ProductVersion(String(n))
            case .string(let text):
                if let problem = ProductVersion.problem(text) { throw RuntimeError(.lifecycle(.invalidVersion(text, problem: problem)), at) }
                return ProductVersion(text)
            default: return nil
            }
        }
        guard let a = try version(left), let b = try version(right) else {
            throw RuntimeError(.incomparable(op.rawValue, left.typeName, right.typeName), at)
        }
        return a.order(comparedWith: b)
    }

    /// Whether a list holds exactly the integers of `low...high`, found
    /// without building the range: its length is compared first, so a
    /// range of any size against a short list costs nothing.
    private func equal(_ items: ListItems, toRange low: Int, _ high: Int, _ op: BinaryOperator, _ at: Site) throws -> Bool {
        guard low <= high else { return items.isEmpty }
        let (span, overflow) = high.subtractingReportingOverflow(low)
        guard !overflow, span == items.count - 1 else { return false }
        for (offset, item) in items.enumerated() where !(try equal(item, .int(low + offset), op, at)) { return false }
        return true
    }

    /// -1, 0 or 1: numbers, durations, times, strings, editions and
    /// versions are ordered.
    func compare(_ left: Value, _ right: Value, _ op: BinaryOperator, _ at: Site) throws -> Int {
        func order<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : a == b ? 0 : 1 }
        switch (left, right) {
        case (.int(let a), .int(let b)): return order(a, b)
        case (.duration(let a), .duration(let b)): return order(a, b)
        case (.time(let a), .time(let b)): return order(a, b)
        case (.string(let a), .string(let b)):
            // Editions have an order; a word that names one orders only
            // against another (`premium > standard`, not `zzz > premium`).
            switch (Edition(userInput: a), Edition(userInput: b)) {
            case (let x?, let y?): return order(x, y)
            case (_?, nil): throw RuntimeError(Lexicon.edition.unknown(b), at)
            case (nil, _?): throw RuntimeError(Lexicon.edition.unknown(a), at)
            case (nil, nil): return order(a, b)
            }
        case (.edition(let a), .edition(let b)): return order(a, b)
        case (.version, _), (_, .version): return try versionOrder(left, right, op, at)
        case (.edition(let a), .string(let text)):
            guard let b = Edition(userInput: text) else { throw RuntimeError(Lexicon.edition.unknown(text), at) }
            return order(a, b)
        case (.string(let text), .edition(let b)):
            guard let a = Edition(userInput: text) else { throw RuntimeError(Lexicon.edition.unknown(text), at) }
            return order(a, b)
        default:
            throw RuntimeError(.incomparable(op.rawValue, left.typeName, right.typeName), at)
        }
    }


    // MARK: Calls

    func call(_ callee: Identifier, _ arguments: [Expr], _ file: SourceFile) throws -> Value {
        let name = interner[callee.symbol]
        let at = Site(file: file, range: callee.range)
        if let builtin = Builtins.function(name) {
            guard arguments.count == builtin.parameters.count else {
                throw RuntimeError(.argumentCount(name, expected: builtin.parameters.count, found: arguments.count), at)
            }
            let values = try arguments.map { try evaluate($0, file) }
            // No built-in function takes a secret: each would make a name
            // or a count of it.
            if let index = values.firstIndex(where: \.isSecret) {
                throw RuntimeError(.secretMisused("in '\(name)'"), Site(file: file, range: arguments[index].range))
            }
            // `backups(x)` lists every backup's name: bounded like any value.
            return try bounded(try builtin.body(bridge, values, at), "the result of '\(name)'", at)
        }
        guard let procedure = variables.procedures[callee.symbol] else {
            let known = variables.procedures.keys.map { interner[$0] } + Builtins.names
            throw RuntimeError(.undefinedProcedure(name, suggestion: suggestion(for: name, among: known)), at)
        }
        guard arguments.count == procedure.parameters.count else {
            throw RuntimeError(.argumentCount(name, expected: procedure.parameters.count, found: arguments.count), at)
        }
        guard variables.frames.count < options.callDepthLimit else {
            throw RuntimeError(.callDepth(options.callDepthLimit), at)
        }
        var frame: [Symbol: Value] = [:]
        for (parameter, argument) in zip(procedure.parameters, arguments) {
            frame[parameter.symbol] = try evaluate(argument, file)
        }
        variables.frames.append(frame)
        // Where each parameter's value was written, should it be compared
        // with a secret (see `compared`).
        variables.callSites.append(Variables.CallSite(parameters: procedure.parameters, arguments: arguments, file: file))
        defer {
            variables.frames.removeLast()
            variables.callSites.removeLast()
        }
        do {
            try execute(procedure.body.statements, in: procedure.file)
        } catch Unwind.return(let value) {
            return value
        } catch var error as RuntimeError {
            // A traceback, innermost call first.
            error.calledFrom(name, Site(file: file, range: callee.range))
            throw error
        }
        return .none
    }
}
