import Lifecycle

/// The operators on values: what `==`, `<`, `+` and the rest give, or the
/// error they raise at `at`. Nothing here reads the workspace.
enum Operators {
    static func binary(_ op: BinaryOperator, _ left: Value, _ right: Value, _ at: @autoclosure () -> Site) throws -> Value {
        let left = left.plain, right = right.plain
        // A secret is only compared for equality, never combined.
        if left.isSecret || right.isSecret, op != .equal, op != .notEqual {
            throw RuntimeError(.secretMisused("with '\(op.rawValue)'"), at())
        }
        switch op {
        case .equal, .notEqual: return .bool(try equal(left, right, op, at()) == (op == .equal))
        case .less, .lessEqual, .greater, .greaterEqual:
            let order = try compare(left, right, op, at())
            switch op {
            case .less: return .bool(order < 0)
            case .lessEqual: return .bool(order <= 0)
            case .greater: return .bool(order > 0)
            default: return .bool(order >= 0)
            }
        case .add:
            switch (left, right) {
            case (.int(let a), .int(let b)): return .int(try arithmetic(a, b, "+", at()))
            case (.duration(let a), .duration(let b)):
                guard let sum = a.adding(b) else { throw RuntimeError(.overflow("+"), at()) }
                return .duration(sum)
            case (.time(let t), .duration(let d)), (.duration(let d), .time(let t)):
                guard let later = t.adding(d) else { throw RuntimeError(.overflow("+"), at()) }
                return .time(later)
            case (.list(let a), .list(let b)):
                guard ListItems.size(of: a, joinedWith: b) <= Value.maximumSize else {
                    throw RuntimeError(.valueTooLarge("the result of '+'", limit: Value.maximumSize), at())
                }
                return .list(a + b)
            // Text joined with a list holding a secret would show it as
            // `(secret)`: refused, as a secret itself is.
            case (.string(let a), _): return try bounded(.string(a + right.text("with '+'", at())), "the result of '+'", at())
            case (_, .string(let b)): return try bounded(.string(left.text("with '+'", at()) + b), "the result of '+'", at())
            default: break
            }
        case .subtract:
            switch (left, right) {
            case (.int(let a), .int(let b)): return .int(try arithmetic(a, b, "-", at()))
            case (.duration(let a), .duration(let b)):
                guard let negated = b.negated, let difference = a.adding(negated) else { throw RuntimeError(.overflow("-"), at()) }
                return .duration(difference)
            case (.time(let t), .duration(let d)):
                guard let negated = d.negated, let earlier = t.adding(negated) else { throw RuntimeError(.overflow("-"), at()) }
                return .time(earlier)
            case (.time(let a), .time(let b)):
                guard let span = a.interval(since: b) else { throw RuntimeError(.overflow("-"), at()) }
                return .duration(span)
            default: break
            }
        case .multiply:
            switch (left, right) {
            case (.int(let a), .int(let b)): return .int(try arithmetic(a, b, "*", at()))
            case (.duration(let d), .int(let n)), (.int(let n), .duration(let d)):
                return .duration(Interval(seconds: Int64(try arithmetic(Int(d.seconds), n, "*", at()))))
            default: break
            }
        case .divide, .remainder:
            if case (.int(let a), .int(let b)) = (left, right) {
                guard b != 0 else { throw RuntimeError(.divisionByZero, at()) }
                guard !(a == .min && b == -1) else { throw RuntimeError(.overflow(op.rawValue), at()) }
                return .int(op == .divide ? a / b : a % b)
            }
        case .in:
            return .bool(try contains(right, left, for: "in", at()))
        case .and, .or:
            break
        }
        throw RuntimeError(.operandTypes(op.rawValue, left.typeName, right.typeName), at())
    }

    /// `value`, unless it is past `Value.maximumSize`.
    static func bounded(_ value: Value, _ what: String, _ at: @autoclosure () -> Site) throws -> Value {
        guard !value.isTooLarge else { throw RuntimeError(.valueTooLarge(what, limit: Value.maximumSize), at()) }
        return value
    }

    static func arithmetic(_ a: Int, _ b: Int, _ symbol: String, _ at: @autoclosure () -> Site) throws -> Int {
        let (result, overflow): (Int, Bool) = switch symbol {
        case "+": a.addingReportingOverflow(b)
        case "-": a.subtractingReportingOverflow(b)
        default: a.multipliedReportingOverflow(by: b)
        }
        guard !overflow else { throw RuntimeError(.overflow(symbol), at()) }
        return result
    }

    /// Equality of two values of one type, reading a string as a state or
    /// an edition when compared with one, and a secret's text when compared
    /// with text (true or false is all it tells). Values of types that do
    /// not compare are an error, never silently unequal: `n == 3` (the word
    /// `n`, not `$n`) would otherwise quietly take the other branch.
    static func equal(_ left: Value, _ right: Value, _ op: BinaryOperator, _ at: @autoclosure () -> Site) throws -> Bool {
        switch (left.plain, right.plain) {
        case (.state(let s), .string(let text)), (.string(let text), .state(let s)):
            guard let other = ServiceState(userInput: text) else { throw RuntimeError(Lexicon.state.unknown(text), at()) }
            return s == other
        case (.edition(let e), .string(let text)), (.string(let text), .edition(let e)):
            guard let other = Edition(userInput: text) else { throw RuntimeError(Lexicon.edition.unknown(text), at()) }
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
            for (x, y) in zip(a, b) where !(try equal(x, y, op, at())) { return false }
            return true
        case (.range(let low, let high), .list(let items)), (.list(let items), .range(let low, let high)):
            return try equal(items, toRange: low, high, op, at())
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
            return try versionOrder(left, right, op, at()) == 0
        default:
            throw RuntimeError(.incomparable(op.rawValue, left.typeName, right.typeName), at())
        }
    }

    /// How two values order as versions, one of them a version and the
    /// other a version, or text or a number read as one (`"1.9"`, `2`).
    static func versionOrder(_ left: Value, _ right: Value, _ op: BinaryOperator, _ at: @autoclosure () -> Site) throws -> Int {
        func version(_ value: Value) throws -> ProductVersion? {
            switch value {
            case .version(let version): return version
            case .int(let n): return ProductVersion(String(n))
            case .string(let text):
                if let problem = ProductVersion.problem(text) { throw RuntimeError(.lifecycle(.invalidVersion(text, problem: problem)), at()) }
                return ProductVersion(text)
            default: return nil
            }
        }
        guard let a = try version(left), let b = try version(right) else {
            throw RuntimeError(.incomparable(op.rawValue, left.typeName, right.typeName), at())
        }
        return a.order(comparedWith: b)
    }

    /// Whether a list holds exactly the integers of `low...high`, found
    /// without building the range: its length is compared first, so a
    /// range of any size against a short list costs nothing.
    private static func equal(_ items: ListItems, toRange low: Int, _ high: Int, _ op: BinaryOperator, _ at: @autoclosure () -> Site) throws -> Bool {
        guard low <= high else { return items.isEmpty }
        let (span, overflow) = high.subtractingReportingOverflow(low)
        guard !overflow, span == items.count - 1 else { return false }
        for (offset, item) in items.enumerated() where !(try equal(item, .int(low + offset), op, at())) { return false }
        return true
    }

    /// -1, 0 or 1: numbers, durations, times, strings, editions and
    /// versions are ordered.
    static func compare(_ left: Value, _ right: Value, _ op: BinaryOperator, _ at: @autoclosure () -> Site) throws -> Int {
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
            case (_?, nil): throw RuntimeError(Lexicon.edition.unknown(b), at())
            case (nil, _?): throw RuntimeError(Lexicon.edition.unknown(a), at())
            case (nil, nil): return order(a, b)
            }
        case (.edition(let a), .edition(let b)): return order(a, b)
        case (.version, _), (_, .version): return try versionOrder(left, right, op, at())
        case (.edition(let a), .string(let text)):
            guard let b = Edition(userInput: text) else { throw RuntimeError(Lexicon.edition.unknown(text), at()) }
            return order(a, b)
        case (.string(let text), .edition(let b)):
            guard let a = Edition(userInput: text) else { throw RuntimeError(Lexicon.edition.unknown(text), at()) }
            return order(a, b)
        default:
            throw RuntimeError(.incomparable(op.rawValue, left.typeName, right.typeName), at())
        }
    }
}
