import Lifecycle

// Secrets: what the language does with them, and where source text holds
// them.
//
// A secret setting's value (`setting(x, acs-key)`) is a `Secret`, a value
// with no text to show: it can be compared (`==`, `!=`) and copied into a
// secret setting, and nothing else; every other use is an error at its
// place, so no path can turn it into printable text by accident.
//
// Source text that holds a secret (`update x set acs-key = "k3y"`, text
// compared with a secret) is masked with `*` wherever source is shown:
// diagnostics, check names in reports, the REPL history, `mabs play`. What
// is masked is decided from the tokens (`SecretSource`), so a line that
// does not parse is masked as one that does; text compared with a secret
// at run time in a way the tokens cannot show (`$k == "k3y"` where `$k`
// holds one) is marked when the comparison runs, before anything shows
// the statement (`Machine.compared`).

// MARK: - The value

/// A secret setting's value, as the language holds it.
///
/// It has no text to show: no `description`; an empty mirror, so
/// `String(describing:)` and any dump of a value holding one show only
/// its type's name; string interpolation is flagged where it is written (the
/// overload below: a deprecation warning, as an unavailable one would lose
/// to the standard library's generic one) and gives `(secret)`; and it
/// encodes only for the workspace writer (see
/// `WorkspaceSnapshot.keepsSecrets`). Its text is read only in this file:
/// to compare it and to store it in a secret setting.
public struct Secret: Sendable, Equatable {
    fileprivate let text: String

    init(_ text: String) {
        self.text = text
    }

    /// Whether the secret is `text`.
    func matches(_ text: String) -> Bool { self.text == text }

    /// Its size, for `Value.maximumSize`.
    var byteCount: Int { text.utf8.count }
}

extension Secret: CustomReflectable {
    public var customMirror: Mirror { Mirror(self, unlabeledChildren: [Any]()) }
}

extension DefaultStringInterpolation {
    @available(*, deprecated, message: "a secret has no text to show: compare it, or copy it into a secret setting")
    public mutating func appendInterpolation(_ secret: Secret) {
        appendLiteral("(secret)")
    }
}

extension WorkspaceSnapshot {
    /// The encoder's `userInfo` key the workspace writer sets to `true`:
    /// only then does a secret encode (its text), since a saved workspace
    /// keeps secrets by decision (and is readable by its owner only). Any
    /// other encoding of a value holding a secret fails.
    public static let keepsSecrets = CodingUserInfoKey(rawValue: "mabs.workspace.keepsSecrets")!
}

extension Secret: Codable {
    public init(from decoder: any Decoder) throws {
        text = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        guard encoder.userInfo[WorkspaceSnapshot.keepsSecrets] as? Bool == true else {
            throw EncodingError.invalidValue(self, EncodingError.Context(
                codingPath: encoder.codingPath, debugDescription: "a secret is written only to a saved workspace"))
        }
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}

extension Value {
    var isSecret: Bool {
        if case .secret = self { true } else { false }
    }

    /// Whether the value is a secret or a list holding one, at any depth
    /// (walked without recursion: lists may nest thousands deep).
    var holdsSecret: Bool {
        switch self {
        case .secret: return true
        case .list(let items):
            var pending = Array(items)
            while let value = pending.popLast() {
                switch value {
                case .secret: return true
                case .list(let items): pending += Array(items)
                default: break
                }
            }
            return false
        default: return false
        }
    }

    /// The value as text, for a use that makes text of it (`use` says
    /// which, as the message puts it: "in a string", "as a name"): a
    /// secret, or a list holding one, never becomes text.
    func text(_ use: String, _ at: @autoclosure () -> Site) throws -> String {
        if holdsSecret { throw RuntimeError(.secretMisused(use), at()) }
        return description
    }
}

extension Machine {
    /// `value` as text, for `use` (see `Value.text(_:_:)`).
    func text(of value: Value, _ use: String, _ at: @autoclosure () -> Site) throws -> String {
        try value.text(use, at())
    }

    /// The text `update` stores under `key`: a secret's own text, copied
    /// only into another secret setting (an unknown key is the engine's to
    /// refuse); any other value as text.
    func settingText(_ value: Value, key: String, _ at: @autoclosure () -> Site) throws -> String {
        guard case .secret(let secret) = value else { return try text(of: value, "as part of a setting's value", at()) }
        if let target = SettingKey(userInput: key), !target.isSecret {
            throw RuntimeError(.secretIntoPlainSetting(key), at())
        }
        return secret.text
    }
}

// MARK: - Source text that holds secrets

/// The names a session has seen set from a secret, so that a later use of
/// them marks a statement as holding one (`let k = setting(x, acs-key)`,
/// then `$k == "k3y"`), and what each word is.
struct SecretNames {
    /// Variables set from a secret (in a statement that names one, or to a
    /// secret value at run time).
    var variables: Set<Symbol> = []
    /// Procedures whose body names a secret: the strings given to them are
    /// masked.
    var procedures: Set<Symbol> = []
    /// What each word is, worked out once per session: by symbol, a
    /// `WordClass` raw value, 0 for a word not yet seen.
    fileprivate var classes: [UInt8] = []
}

fileprivate enum WordClass: UInt8 {
    /// A secret setting's key, or a likely misspelling of one.
    case secretKey = 1
    /// A setting's key whose value is shown (`acs-namespace`).
    case plainKey
    /// An operator or reserved word (`and`, `is`, `true`, `set`, `let`...).
    case operatorWord
    case other
}

/// Where source text holds secrets, decided from its tokens alone.
///
/// The text is cut into statements (at a newline outside brackets and not
/// after a `,`, `=` or an operator; at `;`, `{` and `}`); the tokens of a
/// string's `${...}` count as the statement's. A statement holds a secret
/// when it names one: a secret setting's key (or a likely misspelling, as
/// a word or a string), a word set with `=` that is no setting's key (a
/// misspelt key still holds a secret), a variable set from a secret, or a
/// computed key (`setting(x, $key)`). In such a statement every literal
/// after that name is masked (strings, numbers, even malformed ones, bare
/// words that are not operators, keys or calls), and before it every
/// literal that stands as a value: beside an operator, in a list, or
/// given to a procedure (`"k3y" == $k`, `check("k3y", $k)`). Never the value of a key that is
/// shown (`acs-namespace`), nor a built-in function's arguments (names and
/// keys). A call of a procedure whose body names a secret has the strings
/// given to it masked.
///
/// A secret written anywhere else (`let key = "k3y"`) is ordinary text
/// until it is used, and is shown as written.
enum SecretSource {
    /// The ranges of `file` to mask, learning the names it sets from a
    /// secret into `names`. (`SecretMarks.parseMasking` works them
    /// out from the parser's reading of the tokens instead.)
    static func ranges(in file: SourceFile, interner: Interner, names: inout SecretNames) -> [SourceRange] {
        var scanner = Scanner(file: file, interner: interner, names: names)
        scanner.scan()
        return ranges(after: scanner, names: &names)
    }

    /// The ranges to mask, once `first` has read the file once.
    ///
    /// A procedure may call one defined after it that names a secret:
    /// while a reading teaches which procedures name one, the file is read
    /// again (four readings at most); a file that defines none is read once.
    static func ranges(after first: Scanner, names: inout SecretNames) -> [SourceRange] {
        var scanner = first
        for _ in 2...4 where scanner.names.procedures.count != scanner.knownProcedures {
            var again = Scanner(file: scanner.file, interner: scanner.interner, names: scanner.names)
            again.scan()
            scanner = again
        }
        names = scanner.names
        return scanner.found
    }

    /// The pieces of masked source a message may quote: each string's
    /// text and each word (a message quotes `"text"`, `'word'` or
    /// `$word`).
    static func pieces(of text: String) -> [String] {
        var pieces: [String] = []
        for (index, part) in text.split(separator: "\"", omittingEmptySubsequences: false).enumerated() {
            if index % 2 == 1 {
                pieces.append(String(part))
            } else {
                pieces += part.split(whereSeparator: { $0.isWhitespace || "+*/%()[],${}".contains($0) }).map(String.init)
            }
        }
        return pieces.filter { $0.contains(where: { $0.isLetter || $0.isNumber }) }
    }

    /// Where `masked` (a file masked by `ranges`) held a secret as mabs
    /// shows it, masked: a literal masked here that was made only of `*`
    /// as written (a line recalled from the history, or copied from an
    /// echo). Running it would set or compare the stars themselves.
    static func maskedLiteral(in masked: SourceFile) -> SourceRange? {
        guard let original = masked.asWritten else { return nil }
        return masked.maskedRanges.first { range in
            original.bytes[Int(range.start)..<Int(range.end)].allSatisfy { $0 == UInt8(ascii: "*") }
        }
    }

    /// Reads a file's tokens in order, as the parser hands them over
    /// (`take`) or from a lexer of its own (`scan`), and gathers what to
    /// mask a statement at a time.
    struct Scanner {
        let file: SourceFile
        let bytes: [UInt8]
        let interner: Interner
        var names: SecretNames
        /// How many procedures were known to name a secret before this
        /// reading.
        let knownProcedures: Int
        var found: [SourceRange] = []
        /// The statement being gathered, and each token's symbol (its
        /// word, or its variable's name; unused for other tokens): the
        /// first `length` of each, the arrays being kept from statement
        /// to statement.
        var statement: [Token] = []
        var symbols: [Symbol] = []
        var length = 0
        /// Open `(` and `[` in it.
        var brackets = 0
        /// Open `{`, and the procedures being defined with the `{` depth
        /// their body opened at, innermost last.
        var braces = 0
        var defining: [(name: Symbol, depth: Int)] = []
        /// `.invalid` tokens read so far.
        var invalid = 0
        /// The reading is over: at the end of input, or past the parser's
        /// error limit.
        private(set) var isFinished = false

        init(file: SourceFile, interner: Interner, names: SecretNames) {
            self.file = file
            self.bytes = file.bytes
            self.interner = interner
            self.names = names
            self.knownProcedures = names.procedures.count
        }

        /// Reads the whole file with a lexer of its own.
        mutating func scan() {
            var lexer = Lexer(file: file)
            while !isFinished {
                let token = lexer.next()
                take(token, symbol: symbol(token))
            }
        }

        /// The next token of the file (outside `${...}`, whose tokens it
        /// reads itself), with its symbol if it is a word or a variable.
        mutating func take(_ token: Token, symbol: Symbol) {
            guard !isFinished else { return }
            switch token.kind {
            case .eof:
                endStatement()
                isFinished = true
            case .invalid:
                // The parser stops reading by its error limit, so
                // nothing past it is ever shown but what a diagnostic
                // shows of that line, masked whole: a file of invalid
                // bytes (a 128 MiB file of NULs) is not scanned to its
                // end.
                // What the lexer refused is still typed where it
                // stands (a malformed number as a key's value,
                // `acs-key = 12345x`), so it is masked as a literal.
                invalid += 1
                guard invalid >= Parser.maximumErrors else {
                    add(token, symbol)
                    return
                }
                let start = Int(token.range.end)
                let shown = min(bytes.count, start + 4 * DiagnosticRenderer.window.longLine)
                let end = bytes[start..<shown].firstIndex(of: UInt8(ascii: "\n")) ?? shown
                if start < end { found.append(SourceRange(start: token.range.end, end: UInt32(end))) }
                endStatement()
                isFinished = true
            case .newline:
                // A line ending in `,`, `=` or an operator goes on.
                let last = length > 0 ? statement[length - 1].kind : nil
                if brackets == 0 && !(last == .comma || last == .assign || last.map(Self.isOperator) == true) { endStatement() }
            case .semicolon:
                endStatement()
            case .leftBrace:
                let opensDefinition = definedName()
                endStatement()
                braces += 1
                if let opensDefinition { defining.append((opensDefinition, braces)) }
            case .rightBrace:
                endStatement()
                if defining.last?.depth == braces { defining.removeLast() }
                braces = max(0, braces - 1)
            default:
                add(token, symbol)
            }
        }

        /// Adds a token to the statement, and the tokens inside a string's
        /// interpolations after it (strings in those too: a stack of
        /// lexers, not recursion). A string nested deeper than any script
        /// needs is masked whole, unread: reading each level again costs
        /// the rest of the string.
        mutating func add(_ token: Token, _ symbol: Symbol) {
            push(token, symbol)
            switch token.kind {
            case .leftParen, .leftBracket: brackets += 1
            case .rightParen, .rightBracket: brackets = max(0, brackets - 1)
            case .string where bytes[Int(token.range.start)..<Int(token.range.end)].contains(UInt8(ascii: "$")):
                addInterpolations(of: token)
            default: break
            }
        }

        /// The tokens of a string's `${...}`, and of the strings in them.
        mutating func addInterpolations(of string: Token) {
            var lexers = interpolations(in: string.range).reversed().map { Lexer(file: file, range: $0) }
            while !lexers.isEmpty {
                let token = lexers[lexers.count - 1].next()
                if token.kind == .eof {
                    lexers.removeLast()
                    continue
                }
                push(token, symbol(token))
                switch token.kind {
                case .leftParen, .leftBracket: brackets += 1
                case .rightParen, .rightBracket: brackets = max(0, brackets - 1)
                case .string where lexers.count >= 16:
                    if token.range.end - token.range.start > 2 {
                        found.append(SourceRange(start: token.range.start + 1, end: token.range.end - 1))
                    }
                case .string:
                    lexers += interpolations(in: token.range).reversed().map { Lexer(file: file, range: $0) }
                default: break
                }
            }
        }

        @inline(__always)
        mutating func push(_ token: Token, _ symbol: Symbol) {
            if length < statement.count {
                statement[length] = token
                symbols[length] = symbol
            } else {
                statement.append(token)
                symbols.append(symbol)
            }
            length += 1
        }

        /// `NAME` when the statement is `def NAME (...)`.
        func definedName() -> Symbol? {
            guard length >= 2, statement[0].kind == .word, statement[1].kind == .word,
                  symbols[0] == Word.def.symbol else { return nil }
            return symbols[1]
        }

        mutating func endStatement() {
            defer {
                length = 0
                brackets = 0
            }
            guard length > 0 else { return }
            let tokens = statement[..<length]
            let symbols = symbols[..<length]
            var names: [Int] = []
            var callsSecretProcedure = false
            for index in tokens.indices {
                switch tokens[index].kind {
                case .word:
                    let symbol = symbols[index]
                    let next = index + 1 < tokens.count ? tokens[index + 1].kind : nil
                    let afterLet = index > 0 && tokens[index - 1].kind == .word && symbols[index - 1] == Word.let.symbol
                    switch wordClass(symbol) {
                    case .secretKey where symbol == Word.trackingDatabase.symbol && symbols[0] == Word.create.symbol:
                        // create's clause: the database's name, shown by
                        // 'show' (a connection string there is masked all the same).
                        break
                    case .secretKey:
                        names.append(index)
                    case .other where next == .assign && !afterLet:
                        // `KEY = ...` with no such key: a misspelt one.
                        names.append(index)
                    case .other where next == .leftParen && self.names.procedures.contains(symbol):
                        callsSecretProcedure = true
                    default:
                        break
                    }
                case .string:
                    if settingKey(tokens[index].range)?.isSecret == true { names.append(index) }
                case .variable:
                    // A variable set from a secret, or a key computed in
                    // `setting(NAME, $key)`: it may be one.
                    if self.names.variables.contains(symbols[index]) || isComputedKey(tokens, symbols, index) {
                        names.append(index)
                    }
                default:
                    break
                }
            }
            // A connection string typed as the tracking database's server
            // or name at create (';' or '=' in it) is refused, and may hold
            // a password: masked, as the setting it would be.
            // (A symbol is read only beside a word: the parser hands other
            // tokens over with the last word's.)
            for index in tokens.indices.dropFirst() where tokens[index].kind == .string && tokens[index - 1].kind == .word
                && (symbols[index - 1] == Word.trackingServer.symbol || symbols[index - 1] == Word.trackingDatabase.symbol)
                && bytes[Int(tokens[index].range.start)..<Int(tokens[index].range.end)].contains(where: { $0 == UInt8(ascii: ";") || $0 == UInt8(ascii: "=") }) {
                found += textParts(of: tokens[index].range)
            }
            guard !names.isEmpty || callsSecretProcedure else { return }
            mask(tokens, symbols, names: names)
            // What the statement sets holds a secret too.
            if tokens.count >= 2, tokens[0].kind == .word, tokens[1].kind == .word,
               symbols[0] == Word.let.symbol || symbols[0] == Word.for.symbol {
                self.names.variables.insert(symbols[1])
            }
            for definition in defining { self.names.procedures.insert(definition.name) }
        }

        /// Masks the statement's literals after the first of `names` (the
        /// tokens that name a secret), and before it those that stand as a
        /// value: beside an operator, in a list or in a procedure's
        /// arguments (`"k3y" == $k`, `check("k3y")`). Not the arguments of
        /// a built-in function (names and keys: a secret is refused
        /// there), nor the value of a key that is shown, which runs from
        /// its `=` to the next `,` at its depth (or the next name). With no
        /// name (a call of a procedure that names one), only strings.
        mutating func mask(_ tokens: ArraySlice<Token>, _ symbols: ArraySlice<Symbol>, names: [Int]) {
            enum Context { case group, list, builtin, procedure }
            let first = names.first ?? tokens.count
            let isName = Set(names)
            var contexts: [Context] = []
            var shownValue: Int?
            for (index, token) in tokens.enumerated() {
                let previous = index > 0 ? tokens[index - 1].kind : nil
                // After a string, the token after its interpolations.
                let following = tokens[(index + 1)...].first { $0.range.start >= token.range.end }
                let next = following?.kind
                switch token.kind {
                case .rightParen, .rightBracket:
                    _ = contexts.popLast()
                case .leftBracket:
                    contexts.append(.list)
                case .leftParen:
                    if previous == .word, wordClass(symbols[index - 1]) == .other {
                        contexts.append(Builtins.function(interner[symbols[index - 1]]) == nil ? .procedure : .builtin)
                    } else {
                        contexts.append(.group)
                    }
                default:
                    break
                }
                if let valueDepth = shownValue {
                    if token.kind == .comma && contexts.count == valueDepth { shownValue = nil }
                    if !isName.contains(index) { continue }
                    shownValue = nil
                }
                let literal: Bool
                switch token.kind {
                case .word:
                    let wordClass = wordClass(symbols[index])
                    if next == .assign, wordClass == .plainKey {
                        shownValue = contexts.count
                        continue
                    }
                    literal = wordClass == .other && next != .leftParen && next != .assign
                case .string:
                    literal = settingKey(token.range) == nil
                case .integer, .duration, .version, .invalid:
                    literal = true
                default:
                    literal = false
                }
                guard literal, contexts.last != .builtin, token.kind == .string || !names.isEmpty else { continue }
                let besideOperator = [previous, next].contains { $0.map(Self.isOperator) ?? false }
                guard index > first || besideOperator || contexts.last == .list || contexts.last == .procedure else { continue }
                found += token.kind == .string ? textParts(of: token.range) : [token.range]
            }
        }

        /// Whether the token at `index` is `$key` in `setting(NAME, $key)`
        /// or `backup_setting(NAME, $key)`.
        func isComputedKey(_ tokens: ArraySlice<Token>, _ symbols: ArraySlice<Symbol>, _ index: Int) -> Bool {
            guard index >= 4, tokens[index - 1].kind == .comma, tokens[index - 3].kind == .leftParen,
                  tokens[index - 4].kind == .word else { return false }
            let callee = interner[symbols[index - 4]]
            return callee == "setting" || callee == "backup_setting"
        }

        static func isOperator(_ kind: TokenKind) -> Bool {
            switch kind {
            case .plus, .minus, .star, .slash, .percent, .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: true
            default: false
            }
        }

        /// A word's or a variable's symbol (as the parser interns them).
        func symbol(_ token: Token) -> Symbol {
            switch token.kind {
            case .word: interner.intern(bytes, Int(token.range.start)..<Int(token.range.end))
            case .variable: interner.intern(bytes, Int(token.range.start) + 1..<Int(token.range.end))
            default: Symbol(rawValue: 0)
            }
        }

        @inline(__always)
        fileprivate mutating func wordClass(_ symbol: Symbol) -> WordClass {
            let index = Int(symbol.rawValue)
            if index < names.classes.count, let known = WordClass(rawValue: names.classes[index]) { return known }
            let found = Self.classify(symbol, interner)
            if index >= names.classes.count {
                names.classes += repeatElement(0, count: max(index + 1, interner.count) - names.classes.count)
            }
            names.classes[index] = found.rawValue
            return found
        }

        /// What a word is, the first time it is met.
        fileprivate static func classify(_ symbol: Symbol, _ interner: Interner) -> WordClass {
            let word = Word(symbol)
            if let word, word.isReserved || word == .set { return .operatorWord }
            var name = interner[symbol]
            // Before the contextual words: `tracking-database` is one
            // (create's clause) and a secret setting's key.
            if let key = name.withUTF8(settingKey) { return key.isSecret ? .secretKey : .plainKey }
            if word != nil { return .other }
            if let near = suggestion(for: name, among: keyNames), SettingKey(userInput: near)?.isSecret == true {
                return .secretKey
            }
            return .other
        }

        static let keyNames = SettingKey.allCases.map(\.name)
        static let keyLengths = Set(keyNames.map(\.utf8.count))

        /// The setting a string token names (`"acs-key"`), as written: a
        /// key's name needs no escapes.
        func settingKey(_ range: SourceRange) -> SettingKey? {
            let start = Int(range.start) + 1, end = Int(range.end) - 1
            guard Self.keyLengthRange.contains(end - start) else { return nil }
            return bytes.withUnsafeBufferPointer { Self.settingKey(UnsafeBufferPointer(rebasing: $0[start..<end])) }
        }

        static let keyLengthRange = keyLengths.min()!...keyLengths.max()!

        /// `SettingKey(userInput:)` of the text `bytes` spell, without
        /// making a string of it when it is ASCII (as every name the lexer
        /// reads is): a key ignores case and `_` for `-`, which leave such
        /// text as long as it was.
        static func settingKey(_ bytes: UnsafeBufferPointer<UInt8>) -> SettingKey? {
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return SettingKey(userInput: String(decoding: bytes, as: UTF8.self)) }
            guard keyLengths.contains(bytes.count) else { return nil }
            let spelled = bytes.lazy.map { byte in
                byte == UInt8(ascii: "_") ? UInt8(ascii: "-") : (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
            }
            return SettingKey.allCases.first { $0.name.utf8.elementsEqual(spelled) }
        }

        /// The ranges of a string token's bodies of `${...}`.
        func interpolations(in range: SourceRange) -> [Range<Int>] {
            var found: [Range<Int>] = []
            var index = Int(range.start) + 1
            let end = Int(range.end)
            while index < end {
                switch bytes[index] {
                case UInt8(ascii: "\\"):
                    index += 2
                case UInt8(ascii: "$") where index + 1 < end && bytes[index + 1] == UInt8(ascii: "{"):
                    let close = Lexer.interpolationEnd(bytes, from: index + 2, end: end) ?? end
                    found.append(index + 2..<close)
                    index = close + 1
                default:
                    index += 1
                }
            }
            return found
        }

        /// A string token's text, without its quotes and its `${...}`
        /// (whose tokens are masked on their own).
        func textParts(of range: SourceRange) -> [SourceRange] {
            var start = Int(range.start) + 1
            var end = Int(range.end)
            if end > start, bytes[end - 1] == UInt8(ascii: "\"") { end -= 1 }
            var parts: [SourceRange] = []
            for body in interpolations(in: range) {
                if body.lowerBound - 2 > start { parts.append(SourceRange(start: UInt32(start), end: UInt32(body.lowerBound - 2))) }
                start = min(end, body.upperBound + 1)
            }
            if end > start { parts.append(SourceRange(start: UInt32(start), end: UInt32(end))) }
            return parts
        }
    }
}

// MARK: - Marks made at run time

/// Source found at run time to hold a secret: text compared with a secret
/// where the tokens could not tell (`$k == "k3y"`), by file.
///
/// A class, so that asking how a file may be shown can bring its masked
/// copy up to date: that copy is made again only when the file has new
/// marks and something is shown from it (a loop comparing the same
/// literal marks it once).
final class RevealedSecrets {
    private struct Marked {
        /// A prepared (masked) file.
        var file: SourceFile
        var ranges: Set<SourceRange>
        /// The copy with `ranges` masked too, once made.
        var shown: SourceFile?
    }

    private var files: [Marked] = []

    var isEmpty: Bool { files.isEmpty }

    func mark(_ range: SourceRange, in file: SourceFile) {
        if let index = files.firstIndex(where: { $0.file === file }) {
            if files[index].ranges.insert(range).inserted { files[index].shown = nil }
        } else {
            files.append(Marked(file: file, ranges: [range]))
        }
    }

    /// `file` as it may be shown now.
    func shown(_ file: SourceFile) -> SourceFile {
        guard let index = files.firstIndex(where: { $0.file === file || $0.shown === file }) else { return file }
        if let shown = files[index].shown { return shown }
        let shown = files[index].file.masking(files[index].ranges.sorted { $0.start < $1.start })
        files[index].shown = shown
        return shown
    }
}

/// What a session knows of where its sources hold secrets: the names set
/// from one (which mask later source), and the literals found at run time
/// to be compared with one.
final class SecretMarks {
    /// Names set from a secret, for masking later source (`SecretSource`).
    var names = SecretNames()
    /// Source found at run time to hold a secret (`Machine.compared`).
    let revealed = RevealedSecrets()

    /// Parses `file`, and masks the secrets its tokens show (see
    /// `SecretSource`) from the same reading of them: the parsed script,
    /// and the file as it may be shown.
    func parseMasking(_ file: SourceFile, _ interner: Interner) -> (ParseResult, SourceFile) {
        var parser = Parser(file: file, interner: interner)
        parser.secrets = SecretSource.Scanner(file: file, interner: interner, names: names)
        let parsed = parser.parseScript()
        let ranges = SecretSource.ranges(after: parser.secrets!, names: &names)
        return (parsed, file.masking(ranges))
    }

    /// `file` with the secrets its tokens show masked (see `SecretSource`).
    func masking(_ file: SourceFile, _ interner: Interner) -> SourceFile {
        file.masking(SecretSource.ranges(in: file, interner: interner, names: &names))
    }

    /// A diagnostic as it may be shown: about its files as they may be
    /// shown now, with what its message quotes of a secret hidden.
    func asShown(_ diagnostic: Diagnostic) -> Diagnostic {
        var diagnostic = diagnostic
        if !revealed.isEmpty {
            diagnostic.file = revealed.shown(diagnostic.file)
            diagnostic.notes = diagnostic.notes.map { note in
                var note = note
                note.file = note.file.map(revealed.shown)
                return note
            }
        }
        return diagnostic.hidingSecrets()
    }

    /// A check's event as it may be shown (see `asShown(_:)`).
    func asShown(_ event: CheckEvent) -> CheckEvent {
        var event = event
        if !revealed.isEmpty { event.sourceFile = event.sourceFile.map(revealed.shown) }
        event.diagnostic = event.diagnostic.map(asShown)
        return event
    }
}

extension Machine {
    /// After `left op right` was evaluated: when one side holds a secret
    /// and the other does not, the other side's literals are the secret
    /// typed out (or text combined with it), masked from now on. `deep`
    /// (a comparison) looks inside lists of the same length, which the
    /// comparison walks anyway.
    @inline(__always)
    func compared(_ left: Value, _ leftLiterals: Literals, _ right: Value, _ rightLiterals: Literals, in file: SourceFile, deep: Bool) {
        var (l, r) = (left.isSecret, right.isSecret)
        if deep, case .list(let a) = left, case .list(let b) = right, a.count == b.count {
            (l, r) = (left.holdsSecret, right.holdsSecret)
        }
        guard l != r else { return }
        mark(l ? rightLiterals : leftLiterals, in: file, frame: variables.frames.count - 1)
    }

    /// Where some of `values` hold a secret (`"k3y" in [setting(x,
    /// acs-key)]`, `contains(...)`), the literals of the others may be the
    /// secret typed out: masked from now on, as `compared` does for `==`.
    func typedSecrets(among values: [Value], _ literals: [Literals], in file: SourceFile) {
        guard values.contains(where: \.holdsSecret) else { return }
        for (value, literals) in zip(values, literals) where !value.holdsSecret {
            mark(literals, in: file, frame: variables.frames.count - 1)
        }
    }

    /// Masks `literals` of `file`, evaluated in `frame` (-1: the top
    /// level). A parameter's are those of the argument it was given.
    private func mark(_ literals: Literals, in file: SourceFile, frame: Int) {
        for range in literals.ranges { secrets.revealed.mark(range, in: file) }
        guard frame >= 0 else { return }
        let call = variables.frames[frame]
        let site = call.caller.calls[call.call]
        for symbol in literals.variables {
            if let index = call.procedure.parameters.firstIndex(where: { $0.symbol == symbol }), index < site.arguments.count {
                mark(site.arguments[index], in: call.caller.file, frame: frame - 1)
            }
        }
    }
}

extension Diagnostic {
    /// The diagnostic with what its message would quote of a secret
    /// replaced by `*`, as its source line shows it: an error about a
    /// secret value itself (`acs-key = -"k3y"`, `acs-key = k3y*x`) names
    /// what it found there.
    func hidingSecrets() -> Diagnostic {
        guard let original = file.asWritten else { return self }
        var pieces: [String] = []
        // The masked literals on the lines the diagnostic points at (the
        // ranges are in source order).
        let lines = file.lineStarts[file.line(of: range.start) - 1]..<(
            file.line(of: range.end) < file.lineCount ? file.lineStarts[file.line(of: range.end)] : UInt32.max)
        let masked = file.maskedRanges
        var low = 0, high = masked.count
        while low < high {
            let middle = (low + high) / 2
            if masked[middle].start < lines.lowerBound { low = middle + 1 } else { high = middle }
        }
        for range in masked[low...] {
            guard lines.contains(range.start) else { break }
            pieces += SecretSource.pieces(of: original.text(of: range))
        }
        guard !pieces.isEmpty else { return self }
        let text = message.text
        var hidden = text
        for piece in pieces.sorted(by: { $0.count > $1.count }) {
            let stars = String(repeating: "*", count: piece.utf8.count)
            for (open, close) in [("'", "'"), ("\"", "\""), ("$", "")] {
                hidden = hidden.replacing(open + piece + close, with: open + stars + close)
            }
            // Numbers and durations are quoted bare (`found 12345`).
            if piece.first?.isNumber == true { hidden = Self.replacingWord(piece, with: stars, in: hidden) }
        }
        guard hidden != text else { return self }
        var diagnostic = self
        diagnostic.message = .runtime(.secretHidden(hidden))
        return diagnostic
    }

    /// `text` with each whole-word `word` (not inside a longer name)
    /// replaced.
    static func replacingWord(_ word: String, with replacement: String, in text: String) -> String {
        func isNameCharacter(_ character: Character?) -> Bool {
            character.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" } ?? false
        }
        var result = ""
        var rest = text[...]
        while let found = rest.firstRange(of: word) {
            let before = found.lowerBound == rest.startIndex ? result.last : rest[rest.index(before: found.lowerBound)]
            let after = found.upperBound == rest.endIndex ? nil : rest[found.upperBound]
            result += rest[..<found.lowerBound]
            result += isNameCharacter(before) || isNameCharacter(after) ? word : replacement
            rest = rest[found.upperBound...]
        }
        return result + rest
    }
}
