// The language's vocabulary: every word the parser gives meaning to.
//
// Keywords are contextual: the lexer emits plain words and the parser
// recognises a keyword only where one may appear (at the start of a
// statement, or at a contextual spot such as `to` in `scale x to 4`).
// Only `Word.isReserved` words can never be a name.

/// Every word the parser recognises. The raw value is the word's `Symbol`
/// in every `Interner` (they are interned first, in this order).
enum Word: UInt32, CaseIterable {
    // Statement keywords.
    case create, start, stop, restart, suspend, resume, delete, scale, update
    case backup, restore, disable, enable, serviceUpdate, fail, chaos, wait
    case show, list, log, assert, expect, `let`, print, `if`, `for`, `repeat`
    case `while`, def, load, help, `return`
    // Contextual words.
    case `else`, edition, units, region, to, set, `as`, next, on, times, seed
    case off, backups, error, `in`
    // Operators and literals.
    case and, or, not, `is`, can, cannot, `true`, `false`

    /// The word as written in source.
    var spelling: String { Word.spellings[Int(rawValue)] }

    // Computed once: describing an enum case goes through reflection.
    private static let spellings: [String] = allCases.map { word in
        word == .serviceUpdate ? "service-update" : "\(word)"
    }

    var symbol: Symbol { Symbol(rawValue: rawValue) }

    /// The keyword a symbol stands for, if any.
    @inline(__always)
    init?(_ symbol: Symbol) {
        self.init(rawValue: symbol.rawValue)
    }

    /// Reserved words can never name a variable, procedure, parameter,
    /// service or backup (quote them, `"if"`, to use them as service names).
    var isReserved: Bool {
        switch self {
        case .and, .or, .not, .is, .can, .cannot, .in, .true, .false,
             .if, .else, .for, .while, .repeat, .def, .let:
            true
        default:
            false
        }
    }
}

/// The words that start a statement, in the order the grammar lists them.
/// The REPL can use this for completion and `help`.
public enum StatementKeyword: String, CaseIterable, Sendable {
    case create, start, stop, restart, suspend, resume, delete, scale, update
    case backup, restore, disable, enable
    case serviceUpdate = "service-update"
    case fail, chaos, wait, show, list, log, assert, expect
    case `let`, print, `if`, `for`, `repeat`, `while`, def, load, help, `return`

}

/// An operation name as written in `fail next OPERATION` and
/// `NAME can OPERATION`. The interpreter maps it onto the engine's operations.
public enum OperationKeyword: String, CaseIterable, Sendable {
    case create, start, stop, restart, suspend, resume, delete, scale, update
    case backup, restore, disable, enable
    case serviceUpdate = "service-update"

    init?(_ word: Word) {
        switch word {
        case .create: self = .create
        case .start: self = .start
        case .stop: self = .stop
        case .restart: self = .restart
        case .suspend: self = .suspend
        case .resume: self = .resume
        case .delete: self = .delete
        case .scale: self = .scale
        case .update: self = .update
        case .backup: self = .backup
        case .restore: self = .restore
        case .disable: self = .disable
        case .enable: self = .enable
        case .serviceUpdate: self = .serviceUpdate
        default: return nil
        }
    }
}

/// The reserved words, spelled as in source.
public let reservedWords: [String] = Word.allCases.filter(\.isReserved).map(\.spelling)
