import Lifecycle

// Expressions, names and strings.
//
// Expressions use precedence climbing (Lua's `subexpr`): one function for
// all binary levels, driven by `Infix.priority`. Priorities, low to high:
//
//   1 or   2 and   3 not (prefix)   4 comparisons, is, can
//   5 ..   6 + -   7 * / %   8 unary minus   (then calls and primaries)
//
// All binary operators are left-associative, except that comparisons do
// not chain (`a < b < c` is an error).

/// A binary operator position: what the current token would do there.
enum Infix {
    case binary(BinaryOperator)
    case range
    case `is`
    case can(negated: Bool)

    static let notPriority = 3
    static let unaryPriority = 8

    var priority: Int {
        switch self {
        case .binary(let op):
            switch op {
            case .or: 1
            case .and: 2
            case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .in: 4
            case .add, .subtract: 6
            case .multiply, .divide, .remainder: 7
            }
        case .range: 5
        case .is, .can: 4
        }
    }

    var isComparison: Bool { priority == 4 }
}

extension Parser {
    /// expr -> orexpr
    mutating func expression() throws(ParseStop) -> Expr {
        try subexpression(limit: 0)
    }

    /// orexpr     -> andexpr { 'or' andexpr }
    /// andexpr    -> notexpr { 'and' notexpr }
    /// notexpr    -> 'not' notexpr | comparison
    /// comparison -> rangeexpr [ compop rangeexpr | 'is' ['not'] name | ('can' | 'cannot') operation ]
    /// rangeexpr  -> sum [ '..' sum ]
    /// sum        -> product { ('+' | '-') product }
    /// product    -> unary { ('*' | '/' | '%') unary }
    /// unary      -> '-' unary | primary
    ///
    /// Parses operators binding tighter than `limit`. Every operator node
    /// counts as one nesting level, so the tree depth stays within
    /// `maximumDepth` and later recursive walks are safe. A run of one
    /// left-associative priority (`a + b - c + ...`) is one flat chain node
    /// and one level, however long it is: nothing in it is nested.
    mutating func subexpression(limit: Int) throws(ParseStop) -> Expr {
        try enterLevel()
        var levels = 1
        defer { depth -= levels }

        var left: Expr
        let start = token.range
        if at(.not) {
            advance()
            let operand = try subexpression(limit: Infix.notPriority)
            left = Expr(kind: .unary(.not, operand), range: start.union(operand.range))
        } else if token.kind == .minus {
            advance()
            if token.kind == .integer, token.range.start == start.end,
               Lexer.integerValue(bytes, Int(token.range.start)..<Int(token.range.end)) == nil {
                // -9223372036854775808: one literal, the least number (the
                // lexer lets its digits through only after a minus sign).
                left = Expr(kind: .integer(.min), range: start.union(token.range))
                advance()
            } else {
                let operand = try subexpression(limit: Infix.unaryPriority)
                left = Expr(kind: .unary(.negate, operand), range: start.union(operand.range))
            }
        } else {
            left = try postfix(try primary())
        }

        // The chain being built: `left` is its first operand until it ends.
        var links: [ChainLink] = []
        var chainPriority = 0
        func endChain(_ left: inout Expr, _ links: inout [ChainLink]) {
            guard let last = links.last else { return }
            left = Expr(kind: .chain(left, links), range: left.range.union(last.operand.range))
            links = []
        }

        var previousWasComparison = false
        while let infix = try infixOperator(), infix.priority > limit {
            if infix.isComparison && previousWasComparison {
                try fail(.chainedComparison, at: token.range)
            }
            if case .binary(let op) = infix, op.chains {
                if links.isEmpty || chainPriority != infix.priority {
                    endChain(&left, &links)
                    try enterLevel()
                    levels += 1
                    chainPriority = infix.priority
                }
                advance()
                let right = try subexpression(limit: infix.priority)
                links.append(ChainLink(op: op, operand: right))
                previousWasComparison = false
                continue
            }
            endChain(&left, &links)
            try enterLevel()
            levels += 1
            advance()
            switch infix {
            case .binary(let op):
                let right = try subexpression(limit: infix.priority)
                left = Expr(kind: .binary(op, left, right), range: left.range.union(right.range))
            case .range:
                let right = try subexpression(limit: infix.priority)
                left = Expr(kind: .range(left, right), range: left.range.union(right.range))
            case .is:
                var negated = false
                if at(.not) {
                    negated = true
                    advance()
                }
                let state = try name(.state)
                left = Expr(kind: .is(left, state: state, negated: negated), range: left.range.union(state.range))
            case .can(let negated):
                let (operation, operationRange) = try operation()
                left = Expr(
                    kind: .can(left, operation: operation, operationRange: operationRange, negated: negated),
                    range: left.range.union(operationRange)
                )
            }
            previousWasComparison = infix.isComparison
        }
        endChain(&left, &links)
        return left
    }

    /// postfix -> primary { '[' expr ']' }
    ///
    /// `$list[0]`, `warnings()[1]`: the `[` must follow at once, so a list
    /// written after a value (`print $x [1]`) is not read as an index.
    mutating func postfix(_ base: Expr) throws(ParseStop) -> Expr {
        var base = base
        // Each index is one level of the tree: `$a[0][0]...` stays within
        // `maximumDepth`, as every walk over it recurses.
        var levels = 0
        defer { depth -= levels }
        while token.kind == .leftBracket, token.range.start == base.range.end, !isWord(base) {
            try enterLevel()
            levels += 1
            let open = token.range
            bracketDepth += 1
            advance()
            let index = try expression()
            let close = try closeBracket(.rightBracket, opener: "[", openedAt: open)
            base = Expr(kind: .index(base, index), range: base.range.union(close))
        }
        return base
    }

    private func isWord(_ expression: Expr) -> Bool {
        if case .word = expression.kind { true } else { false }
    }

    /// The operator the current token stands for, or `nil` if it ends the
    /// expression. A lone `=` is an error here: it can only be a mistyped `==`.
    mutating func infixOperator() throws(ParseStop) -> Infix? {
        switch token.kind {
        case .plus: return .binary(.add)
        case .minus: return .binary(.subtract)
        case .star: return .binary(.multiply)
        case .slash: return .binary(.divide)
        case .percent: return .binary(.remainder)
        case .equal: return .binary(.equal)
        case .notEqual: return .binary(.notEqual)
        case .less: return .binary(.less)
        case .lessEqual: return .binary(.lessEqual)
        case .greater: return .binary(.greater)
        case .greaterEqual: return .binary(.greaterEqual)
        case .dotDot: return .range
        case .assign: try fail(.assignmentInExpression, at: token.range)
        case .word:
            switch currentWord {
            case .and: return .binary(.and)
            case .or: return .binary(.or)
            case .is: return .is
            case .can: return .can(negated: false)
            case .cannot: return .can(negated: true)
            case .in: return .binary(.in)
            default: return nil
            }
        default:
            return nil
        }
    }

    /// primary -> integer | duration | version | string | 'true' | 'false' | variable
    ///          | word [ '(' [expr { ',' expr }] ')' ]
    ///          | '(' expr ')' | '[' [expr { ',' expr }] ']'
    mutating func primary() throws(ParseStop) -> Expr {
        let range = token.range
        switch token.kind {
        case .integer:
            // The lexer has checked that the value fits, except for the
            // digits of the least number after a minus that is no sign
            // (`5 -9223372036854775808`).
            guard let value = Lexer.integerValue(bytes, Int(range.start)..<Int(range.end)) else {
                lexicalError(.integerTooLarge(file.text(of: range)), at: range)
                advance()
                return Expr(kind: .integer(0), range: range)
            }
            advance()
            return Expr(kind: .integer(value), range: range)
        case .duration:
            var seconds = 0
            if case .seconds(let value) = Lexer.durationSeconds(bytes, Int(range.start)..<Int(range.end)) {
                seconds = value
            }
            advance()
            return Expr(kind: .duration(seconds), range: range)
        case .version:
            advance()
            return Expr(kind: .version(String(decoding: bytes[Int(range.start)..<Int(range.end)], as: UTF8.self)), range: range)
        case .string:
            return Expr(kind: try stringLiteral(), range: range)
        case .variable:
            let variable = symbol
            advance()
            return Expr(kind: .variable(variable), range: range)
        case .word:
            if let word = currentWord {
                if word == .true || word == .false {
                    advance()
                    return Expr(kind: .bool(word == .true), range: range)
                }
                if word.isReserved {
                    try failAtToken { .expectedExpression(after: $1, found: $0) }
                }
            }
            let word = Identifier(symbol: symbol, range: range)
            advance()
            if token.kind == .leftParen {
                let (arguments, close) = try bracketedList(closer: .rightParen, opener: "(")
                return Expr(kind: .call(callee: word, arguments: arguments), range: range.union(close))
            }
            return Expr(kind: .word(word.symbol), range: range)
        case .leftParen:
            bracketDepth += 1
            advance()
            let inner = try expression()
            let close = try closeBracket(.rightParen, opener: "(", openedAt: range)
            return Expr(kind: inner.kind, range: range.union(close))
        case .leftBracket:
            let (elements, close) = try bracketedList(closer: .rightBracket, opener: "[")
            return Expr(kind: .list(elements), range: range.union(close))
        default:
            try failAtToken { .expectedExpression(after: $1, found: $0) }
        }
    }

    /// '(' [expr { ',' expr }] ')'  and  '[' [expr { ',' expr }] ']'
    /// Starts at the opener; returns the elements and the closer's range.
    mutating func bracketedList(closer: TokenKind, opener: String) throws(ParseStop) -> ([Expr], SourceRange) {
        let open = token.range
        bracketDepth += 1
        advance()
        var elements: [Expr] = []
        if token.kind != closer {
            while true {
                elements.append(try expression())
                guard token.kind == .comma else { break }
                advance()
            }
        }
        let close = try closeBracket(closer, opener: opener, openedAt: open)
        return (elements, close)
    }

    /// operation -> 'create' | 'start' | 'stop' | 'restart' | 'suspend' | 'resume'
    ///            | 'delete' | 'scale' | 'update' | 'backup' | 'restore'
    ///            | 'disable' | 'enable' | 'service-update'
    mutating func operation() throws(ParseStop) -> (Lifecycle.Operation, SourceRange) {
        guard token.kind == .word else {
            try failAtToken { .expectedName(.operation, after: $1, found: $0) }
        }
        let range = token.range
        guard let word = currentWord, let operation = Vocabulary.operation(word) else {
            let spelling = interner[symbol]
            let candidates = Vocabulary.operationWords
            try fail(.unknownOperation(spelling, suggestion: suggestion(for: spelling, among: candidates)), at: range)
        }
        advance()
        return (operation, range)
    }

    /// contentkind -> 'partner' | 'profile' | 'agreement' | 'bridge' | 'assembly'
    ///              | 'certificate' | 'transform' | 'pipeline' | 'template'
    ///              | 'x12-mapping' | 'hybrid-connection'
    mutating func contentKind() throws(ParseStop) -> ContentKind {
        guard token.kind == .word else {
            try failAtToken { .expectedName(.contentKind, after: $1, found: $0) }
        }
        if let kind = contentKinds[symbol] {
            advance()
            return kind
        }
        let spelling = interner[symbol]
        guard let kind = ContentKind(userInput: spelling) else {
            let candidates = ContentKind.allCases.map(\.name)
            try fail(.unknownContentKind(spelling, suggestion: suggestion(for: spelling, among: candidates)), at: token.range)
        }
        contentKinds[symbol] = kind
        advance()
        return kind
    }

    // MARK: - Names

    /// name -> word | variable | string
    ///
    /// Reserved words are not names (quote them: `"if"`).
    mutating func name(_ role: NameRole) throws(ParseStop) -> Name {
        let range = token.range
        switch token.kind {
        case .word:
            if let word = currentWord, word.isReserved {
                try fail(.reservedWord(word.spelling, role), at: range)
            }
            let word = symbol
            advance()
            return Name(kind: .word(word), range: range)
        case .variable:
            let variable = symbol
            advance()
            return Name(kind: .variable(variable), range: range)
        case .string:
            switch try stringLiteral() {
            case .string(let text): return Name(kind: .string(text), range: range)
            case .interpolated(let parts): return Name(kind: .interpolated(parts), range: range)
            default: fatalError("unreachable: stringLiteral returns strings")
            }
        default:
            try failAtToken { .expectedName(role, after: $1, found: $0) }
        }
    }

    /// identifier -> word   (not reserved; for `let`, `for`, `def` and parameters)
    ///
    /// Procedures may not be named after statement keywords, so that a call
    /// statement is never mistaken for a keyword statement.
    mutating func identifier(_ role: NameRole) throws(ParseStop) -> Identifier {
        let range = token.range
        switch token.kind {
        case .word:
            if let word = currentWord {
                if word.isReserved {
                    try fail(.reservedWord(word.spelling, role), at: range)
                }
                if role == .procedure, Vocabulary.statement(word) != nil {
                    try fail(.keywordAsProcedureName(word.spelling), at: range)
                }
            }
            let identifier = Identifier(symbol: symbol, range: range)
            advance()
            return identifier
        case .variable:
            try fail(.dollarInBinding(interner[symbol]), at: range)
        default:
            try failAtToken { .expectedName(role, after: $1, found: $0) }
        }
    }

    // MARK: - Strings

    /// string -> '"' { character | escape | '${' expr '}' } '"'
    ///
    /// Returns `.string` for a plain string, `.interpolated` otherwise.
    /// Decodes straight from the source bytes: a string without escapes or
    /// interpolations costs one `String` and nothing else. Invalid escapes
    /// (reported by the lexer) are kept as written; an unterminated string
    /// or interpolation simply ends the literal.
    mutating func stringLiteral() throws(ParseStop) -> ExprKind {
        let range = token.range
        advance()
        let end = Int(range.end)
        var parts: [StringPart] = []
        var text = ""
        var index = Int(range.start) + 1
        var runStart = index
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") { break }  // the closing quote: nested strings sit inside ${...}
            if byte == UInt8(ascii: "\\"), index + 1 < end {
                text += String(decoding: bytes[runStart..<index], as: UTF8.self)
                switch bytes[index + 1] {
                case UInt8(ascii: "n"): text += "\n"
                case UInt8(ascii: "t"): text += "\t"
                case UInt8(ascii: "r"): text += "\r"
                case UInt8(ascii: "\""): text += "\""
                case UInt8(ascii: "\\"): text += "\\"
                case UInt8(ascii: "$"): text += "$"
                case UInt8(ascii: "u"):
                    guard let (scalar, length) = Lexer.unicodeEscape(bytes, at: index, end: end) else { fallthrough }  // to keep it as written
                    text.unicodeScalars.append(scalar)
                    index += length
                    runStart = index
                    continue
                default:
                    index += 1  // keep an invalid escape as written
                    runStart = index - 1
                    continue
                }
                index += 2
                runStart = index
            } else if byte == UInt8(ascii: "$"), index + 1 < end, bytes[index + 1] == UInt8(ascii: "{") {
                guard let close = Lexer.interpolationEnd(bytes, from: index + 2, end: end) else { break }
                text += String(decoding: bytes[runStart..<index], as: UTF8.self)
                if !text.isEmpty {
                    parts.append(.text(text))
                    text = ""
                }
                parts.append(.interpolation(try interpolation((index + 2)..<close)))
                index = close + 1
                runStart = index
            } else {
                index += 1
            }
        }
        text += String(decoding: bytes[runStart..<index], as: UTF8.self)
        if parts.isEmpty { return .string(text) }
        if !text.isEmpty { parts.append(.text(text)) }
        return .interpolated(parts)
    }

    /// interpolation -> '${' expr '}'
    ///
    /// Parses `body` (the bytes between `${` and `}`) by pointing the lexer
    /// at just those bytes, then restores the outer parser state. Newlines
    /// inside are insignificant. A lone word means the variable of that name.
    mutating func interpolation(_ body: Range<Int>) throws(ParseStop) -> Expr {
        try enterLevel()
        let saved = (lexer.position, lexer.end, token, symbol, previousRange, bracketDepth, inInterpolation)
        defer {
            (lexer.position, lexer.end, token, symbol, previousRange, bracketDepth, inInterpolation) = saved
            depth -= 1
        }
        lexer.position = body.lowerBound
        lexer.end = body.upperBound
        bracketDepth = 0
        inInterpolation = true
        advance()
        previousRange = SourceRange(start: UInt32(body.lowerBound - 2), end: UInt32(body.lowerBound))
        var expr = try expression()
        guard token.kind == .eof else {
            try failAtToken { .expectedToken("}", after: $1, found: $0) }
        }
        if case .word(let word) = expr.kind {
            expr.kind = .variable(word)
        }
        return expr
    }
}
