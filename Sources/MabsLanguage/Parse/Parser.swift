import Lifecycle

// The parser: recursive descent over the lexer's tokens, one token of
// lookahead (like Lua's lparser). Each parse function's doc comment carries
// the grammar rule it implements; Grammar/mabs.ebnf is the normative
// grammar.
//
// This file holds the machinery (token handling, errors, recovery, statement
// lists and blocks). Statements are in ParseStatements.swift, expressions,
// names and strings in ParseExpressions.swift.
//
// Error handling, Go-style: a syntax error is recorded, then `ParseStop.syntax`
// unwinds to the nearest statement list, which skips to the next statement
// boundary and carries on. After `maximumErrors` errors parsing stops with a
// note. Nesting (blocks plus expressions) is limited to `maximumDepth` so
// hostile input cannot overflow the stack; statement lists are loops, so
// the number of statements is unlimited.

/// What parsing a source produced.
public struct ParseResult: Sendable {
    /// The statements that parsed. With errors, the statements in error are
    /// left out; run the script only if `hasErrors` is false.
    public var script: Script
    /// Errors and notes, in source order (a final "too many errors" note last).
    public var diagnostics: [Diagnostic]
    /// True when the input ended inside an unclosed `{`, `(`, `[`, string
    /// or interpolation, or right after a `,` that continues a statement:
    /// more input could close it, so a REPL asks for a continuation line
    /// and reports `diagnostics` (if any remain) only once it is closed.
    /// A block typed at the prompt is thus all or nothing.
    public var isIncomplete: Bool
    /// The last statement is an `if` without a final `else` and nothing
    /// follows it: an `else` on the next line would continue it.
    public var endsWithIf: Bool

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// Parses a whole source file. Names are interned into `interner`, which the
/// interpreter of the same session must share.
public func parse(_ file: SourceFile, interner: Interner) -> ParseResult {
    var parser = Parser(file: file, interner: interner)
    return parser.parseScript()
}

/// Why parsing of the current statement stopped.
enum ParseStop: Error {
    /// A syntax error, already reported: resynchronise.
    case syntax
    /// The error limit was reached: stop parsing altogether.
    case tooManyErrors
}

public struct Parser {
    /// Maximum nesting of blocks and expressions (parentheses, operators,
    /// lists, calls, interpolations) together.
    public static let maximumDepth = 200
    /// Parsing stops after this many errors.
    public static let maximumErrors = 10

    let file: SourceFile
    let bytes: [UInt8]
    let interner: Interner
    var lexer: Lexer

    /// The current token.
    var token = Token(kind: .eof, range: SourceRange(at: 0))
    /// The symbol of the current token if it is a `.word` (its text) or a
    /// `.variable` (its name, without `$`).
    var symbol = Symbol(rawValue: 0)
    /// The token before the current one, for "after '...'" in messages.
    var previousRange = SourceRange(at: 0)

    /// Open `(` and `[`: newlines are insignificant while positive.
    var bracketDepth = 0
    /// Open `{` blocks.
    var openBlocks = 0
    /// Parsing the expression of a `${...}`: its end of input is the `}`.
    var inInterpolation = false
    /// Current nesting, checked against `maximumDepth`.
    var depth = 0
    /// Open `def` bodies, for `return`.
    var procedureDepth = 0
    /// The content kinds words have named so far (`agreement`, `Bridges`):
    /// read leniently, so worked out once per word.
    var contentKinds: [Symbol: ContentKind] = [:]

    /// Where the source holds secrets, worked out from the tokens as they
    /// are read (see `SecretSource`), so that masking costs no second
    /// reading of the source; nil unless asked for.
    var secrets: SecretSource.Scanner?

    var diagnostics: [Diagnostic] = []
    var errorCount = 0
    /// The input ended inside an open construct (see `ParseResult.isIncomplete`).
    var endedInsideConstruct = false
    /// Right after a `,` that continues a statement onto the next line.
    var continuationPending = false
    var lastErrorStart: UInt32?
    var reachedErrorLimit = false
    /// Where the first error past the limit was; the final note points there.
    var errorLimitRange: SourceRange?

    public init(file: SourceFile, interner: Interner) {
        self.file = file
        self.bytes = file.bytes
        self.interner = interner
        self.lexer = Lexer(file: file)
    }

    /// script -> { statement terminator }
    public mutating func parseScript() -> ParseResult {
        advance()
        var statements: [Stmt] = []
        // Most scripts hold about a statement a line; one allocation beats
        // twenty regrowths of a million-element array.
        statements.reserveCapacity(file.lineCount)
        do {
            try statementList(into: &statements, inBlock: false)
        } catch {
            // Only `.tooManyErrors` escapes a statement list.
        }
        diagnostics.sort { $0.range.start < $1.range.start }
        if reachedErrorLimit {
            diagnostics.append(Diagnostic(.note, .remark(.tooManyErrors), file: file, range: errorLimitRange ?? token.range))
        }
        var endsWithIf = false
        if case .if(_, nil)? = statements.last?.kind { endsWithIf = true }
        if secrets != nil { readRestForSecrets() }
        return ParseResult(
            script: Script(statements: statements),
            diagnostics: diagnostics,
            isIncomplete: endedInsideConstruct && !reachedErrorLimit,
            endsWithIf: endsWithIf
        )
    }

    // MARK: - Tokens

    /// Moves to the next token, skipping newlines inside brackets and
    /// interpolations, and collects the lexer's diagnostics. Every token
    /// of the source outside `${...}` is handed to `secrets` as it is read.
    mutating func advance() {
        previousRange = token.range
        repeat {
            token = lexer.next()
            switch token.kind {
            case .word:
                symbol = interner.intern(bytes, Int(token.range.start)..<Int(token.range.end))
            case .variable:
                symbol = interner.intern(bytes, Int(token.range.start) + 1..<Int(token.range.end))
            default:
                break
            }
            if !inInterpolation { secrets?.take(token, symbol: symbol) }
        } while token.kind == .newline && (bracketDepth > 0 || inInterpolation)
        if !lexer.diagnostics.isEmpty { collectLexerDiagnostics() }
    }

    /// Past the error limit the parser reads no further, but masking
    /// decides from the whole source: what is left of it goes to `secrets`
    /// (its lexical errors are not reported).
    mutating func readRestForSecrets() {
        while secrets?.isFinished == false {
            let token = lexer.next()
            let symbol = switch token.kind {
            case .word: interner.intern(bytes, Int(token.range.start)..<Int(token.range.end))
            case .variable: interner.intern(bytes, Int(token.range.start) + 1..<Int(token.range.end))
            default: Symbol(rawValue: 0)
            }
            secrets?.take(token, symbol: symbol)
            if !lexer.diagnostics.isEmpty { lexer.diagnostics.removeAll(keepingCapacity: true) }
        }
    }

    mutating func collectLexerDiagnostics() {
        for diagnostic in lexer.diagnostics {
            guard errorCount < Parser.maximumErrors else {
                reachedErrorLimit = true
                if errorLimitRange == nil { errorLimitRange = diagnostic.range }
                break
            }
            errorCount += 1
            switch diagnostic.message {
            case .lexical(.unterminatedString), .lexical(.unterminatedInterpolation):
                endedInsideConstruct = true
            default:
                break
            }
            diagnostics.append(diagnostic)
        }
        lexer.diagnostics.removeAll(keepingCapacity: true)
    }

    /// True if the current token is the word `word`.
    @inline(__always)
    func at(_ word: Word) -> Bool {
        token.kind == .word && symbol == word.symbol
    }

    /// The current token's word, if it is one of ours.
    @inline(__always)
    var currentWord: Word? {
        token.kind == .word ? Word(symbol) : nil
    }

    /// True at a statement boundary: newline, `;`, `}` or end of input.
    var atTerminator: Bool {
        switch token.kind {
        case .newline, .semicolon, .rightBrace, .eof: true
        default: false
        }
    }

    /// Consumes the word `word` or fails with "expected 'word' after ...".
    mutating func expect(_ word: Word) throws(ParseStop) {
        guard at(word) else {
            try failAtToken { .expectedToken(word.spelling, after: $1, found: $0) }
        }
        advance()
    }

    /// Consumes a token of `kind` or fails with "expected 'x' after ...".
    mutating func expect(_ kind: TokenKind) throws(ParseStop) {
        guard token.kind == kind else {
            try failAtToken { .expectedToken(kind.fixedSpelling ?? "\(kind)", after: $1, found: $0) }
        }
        advance()
    }

    // MARK: - Describing source in messages

    /// How a token reads in "found ...".
    func describe(_ token: Token) -> String {
        switch token.kind {
        case .newline: "end of line"
        case .eof: inInterpolation ? "'}'" : "end of input"
        default: quote(token.range)
        }
    }

    /// The previous token, quoted, for "after ...".
    var describePrevious: String {
        if previousRange.end == previousRange.start + 1, bytes[Int(previousRange.start)] == UInt8(ascii: "\n") {
            return "end of line"
        }
        return quote(previousRange)
    }

    /// Source text in single quotes, shortened if long.
    func quote(_ range: SourceRange) -> String {
        let limit: UInt32 = 24
        if range.end - range.start > limit {
            return "'" + file.text(of: SourceRange(start: range.start, end: range.start + limit)) + "...'"
        }
        return "'" + file.text(of: range) + "'"
    }

    // MARK: - Errors

    /// Records an error unless one was already reported at the same place
    /// (Go's rule against cascades).
    mutating func error(_ message: Message.Syntax, at range: SourceRange, notes: [Note] = [], atEndOfInput: Bool = false) {
        if atEndOfInput && (bracketDepth > 0 || openBlocks > 0 || continuationPending) && !inInterpolation {
            endedInsideConstruct = true
        }
        if lastErrorStart == range.start { return }
        append(.error(.syntax(message), file: file, range: range, notes: notes))
    }

    /// Records an error the lexer would have made had it known the
    /// token's context.
    mutating func lexicalError(_ message: Message.Lexical, at range: SourceRange) {
        append(.error(.lexical(message), file: file, range: range))
    }

    /// Keeps an error, unless there are already `maximumErrors`.
    private mutating func append(_ error: Diagnostic) {
        guard errorCount < Parser.maximumErrors else {
            reachedErrorLimit = true
            if errorLimitRange == nil { errorLimitRange = error.range }
            return
        }
        lastErrorStart = error.range.start
        errorCount += 1
        diagnostics.append(error)
    }

    /// Reports an error about the current token and abandons the statement.
    /// `make` receives the description of the current token ("found") and
    /// of the previous one ("after"). Nothing is reported at an `.invalid`
    /// token: the lexer already explained it.
    mutating func failAtToken(notes: [Note] = [], _ make: (_ found: String, _ after: String) -> Message.Syntax) throws(ParseStop) -> Never {
        if token.kind != .invalid {
            error(make(describe(token), describePrevious), at: token.range, notes: notes, atEndOfInput: token.kind == .eof)
        }
        throw .syntax
    }

    /// Reports `message` at `range` and abandons the statement.
    mutating func fail(_ message: Message.Syntax, at range: SourceRange) throws(ParseStop) -> Never {
        error(message, at: range)
        throw .syntax
    }

    /// Enters one nesting level; fails when the limit is exceeded.
    mutating func enterLevel() throws(ParseStop) {
        depth += 1
        if depth > Parser.maximumDepth {
            depth -= 1
            try fail(.nestingTooDeep(limit: Parser.maximumDepth), at: token.range)
        }
    }

    /// Skips to the start of the next statement: past the next newline or
    /// `;` outside braces, or up to the `}` closing the current block.
    /// Braces opened on the way are skipped whole, so an error in an `if`
    /// line does not turn its body into stray statements.
    mutating func synchronize() {
        bracketDepth = 0
        var braces = 0
        // Past the error limit nothing more is reported, so there is no
        // reason to read on: a 128 MiB file of NUL bytes stops here too.
        while !reachedErrorLimit {
            switch token.kind {
            case .eof:
                return
            case .newline, .semicolon:
                if braces == 0 {
                    advance()
                    return
                }
            case .leftBrace:
                braces += 1
            case .rightBrace:
                if braces == 0 { return }
                braces -= 1
            default:
                break
            }
            advance()
        }
    }

    // MARK: - Statement lists and blocks

    /// Parses statements until `}` (in a block) or end of input, appending
    /// to `statements`. Iterative, so a million statements need no stack.
    mutating func statementList(into statements: inout [Stmt], inBlock: Bool) throws(ParseStop) {
        while true {
            while token.kind == .newline || token.kind == .semicolon { advance() }
            if reachedErrorLimit { throw .tooManyErrors }
            switch token.kind {
            case .eof:
                return
            case .rightBrace:
                if inBlock { return }
                error(.expectedStatement(found: describe(token)), at: token.range)
                advance()
                continue
            default:
                break
            }
            do throws(ParseStop) {
                let statement = try statement()
                statements.append(statement)
                try endOfStatement()
            } catch .syntax {
                synchronize()
            }
        }
    }

    /// terminator -> newline | ';' | (before '}') | (at end of input)
    mutating func endOfStatement() throws(ParseStop) {
        switch token.kind {
        case .newline, .semicolon:
            advance()
        case .rightBrace, .eof:
            break
        default:
            try failAtToken { found, _ in .expectedEndOfStatement(found: found) }
        }
    }

    /// block -> '{' { statement terminator } '}'
    ///
    /// The `{` must be on the same line as what precedes it. At end of input
    /// an unclosed block is reported (as incomplete input) and returned as is.
    mutating func block() throws(ParseStop) -> Block {
        guard token.kind == .leftBrace else {
            try failAtToken { .expectedToken("{", after: $1, found: $0) }
        }
        try enterLevel()
        defer { depth -= 1 }
        let open = token.range
        openBlocks += 1
        advance()
        var statements: [Stmt] = []
        try statementList(into: &statements, inBlock: true)
        if token.kind == .rightBrace {
            openBlocks -= 1
            let close = token.range
            advance()
            return Block(statements: statements, range: open.union(close))
        }
        error(
            .unclosed(closer: "}", opener: "{", line: file.line(of: open.start), found: describe(token)),
            at: token.range, notes: [Note(.openedHere("{"), file: file, range: open)], atEndOfInput: true
        )
        openBlocks -= 1
        return Block(statements: statements, range: SourceRange(start: open.start, end: token.range.end))
    }

    /// Consumes the closing bracket `kind` of a `(` or `[` opened at `open`.
    /// Must be called with `bracketDepth` still counting that bracket.
    mutating func closeBracket(_ kind: TokenKind, opener: String, openedAt open: SourceRange) throws(ParseStop) -> SourceRange {
        guard token.kind == kind else {
            let closer = kind.fixedSpelling!
            let line = file.line(of: open.start)
            try failAtToken(notes: [Note(.openedHere(opener), file: file, range: open)]) { found, _ in
                .unclosed(closer: closer, opener: opener, line: line, found: found)
            }
        }
        bracketDepth -= 1  // before advancing: a newline after the closer counts again
        let range = token.range
        advance()
        return range
    }

    /// The range from `start` to the end of the previous token.
    @inline(__always)
    func rangeFrom(_ start: UInt32) -> SourceRange {
        SourceRange(start: start, end: max(start, previousRange.end))
    }
}
