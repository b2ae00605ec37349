// Tokens: a kind and a byte range, nothing else. The parser reads a token's
// text (a word's symbol, a number's value, a string's contents) from the
// source bytes when it needs it.

public enum TokenKind: UInt8, Sendable {
    /// End of input (or of an interpolation's expression).
    case eof
    /// `\n`. Statement terminator, except inside `( )` and `[ ]`.
    case newline
    /// `;`
    case semicolon
    /// `letter { letter | digit | '-' | '_' }`: names and keywords alike.
    case word
    /// `$name`; the range covers the `$`.
    case variable
    /// `digit { digit }`
    case integer
    /// `90s`, `1h30m`: digits followed by units d, h, m, s (largest first).
    case duration
    /// `2.1`, `1.10.3`: numbers joined by dots, a product version.
    case version
    /// `"..."`, including the quotes and any `${...}` interpolations.
    case string
    case leftBrace, rightBrace, leftParen, rightParen, leftBracket, rightBracket
    case comma
    /// `..`
    case dotDot
    case plus, minus, star, slash, percent
    /// `=`
    case assign
    case equal, notEqual, less, lessEqual, greater, greaterEqual
    /// Bytes the lexer could not accept; it has already reported them.
    case invalid
}

public struct Token: Hashable, Sendable {
    public var kind: TokenKind
    public var range: SourceRange

    @inlinable
    public init(kind: TokenKind, range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

extension TokenKind {
    /// Spelling of fixed tokens, as quoted in diagnostics.
    var fixedSpelling: String? {
        switch self {
        case .semicolon: ";"
        case .leftBrace: "{"
        case .rightBrace: "}"
        case .leftParen: "("
        case .rightParen: ")"
        case .leftBracket: "["
        case .rightBracket: "]"
        case .comma: ","
        case .dotDot: ".."
        case .plus: "+"
        case .minus: "-"
        case .star: "*"
        case .slash: "/"
        case .percent: "%"
        case .assign: "="
        case .equal: "=="
        case .notEqual: "!="
        case .less: "<"
        case .lessEqual: "<="
        case .greater: ">"
        case .greaterEqual: ">="
        default: nil
        }
    }
}
