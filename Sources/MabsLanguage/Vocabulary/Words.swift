// The language's words: every word the parser gives meaning to. The
// statements they start are in Vocabulary.swift.
//
// Keywords are contextual: the lexer emits plain words and the parser
// recognises a keyword only where one may appear (at the start of a
// statement, or at a contextual spot such as `to` in `scale x to 4`).
// Only `Word.isReserved` words can never be a name.

/// Every word the parser recognises. The raw value is the word's `Symbol`
/// in every `Interner` (they are interned first, in this order).
enum Word: UInt32, CaseIterable {
    // Statement keywords: each has an entry in `Vocabulary.statements`.
    case create, start, stop, restart, suspend, resume, delete, scale, update
    case backup, restore, disable, enable, serviceUpdate, add, remove, receive, process
    case schedule, unschedule, hold, fail, chaos, wait, graph, path, explain, explore, table, save, open
    case show, list, log, assert, expect, `let`, print, `if`, `for`, `repeat`
    case `while`, def, load, help, `return`, skip, todo, trace, compare
    // Contextual words.
    case `else`, edition, units, region, to, set, `as`, next, on, times, seed
    case off, backups, error, `in`, failures, clear
    case from, source, messages, message, batch, tracking, database, of, every, retain, keep, one, names, dot, mermaid, csv, markdown
    case around, without, wide, warning, no, all, last, with, trackingServer, trackingDatabase
    /// The seed table's name for `update`, accepted wherever an operation
    /// is named.
    case updateConfiguration
    // Operators and literals.
    case and, or, not, `is`, can, cannot, `true`, `false`

    /// The word as written in source.
    var spelling: String { Word.spellings[Int(rawValue)] }

    // Computed once: describing an enum case goes through reflection.
    private static let spellings: [String] = allCases.map { word in
        switch word {
        case .serviceUpdate: "service-update"
        case .updateConfiguration: "update-configuration"
        case .trackingServer: "tracking-server"
        case .trackingDatabase: "tracking-database"
        default: "\(word)"
        }
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

/// The reserved words, spelled as in source.
public let reservedWords: [String] = Word.allCases.filter(\.isReserved).map(\.spelling)
