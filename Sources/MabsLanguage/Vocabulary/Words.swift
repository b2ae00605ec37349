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

    /// Each case's spelling, in case order (`KeywordTests` checks each
    /// against the case's name): a literal, so that no run pays for
    /// describing enum cases by reflection.
    private static let spellings: [String] = [
        "create", "start", "stop", "restart", "suspend", "resume", "delete", "scale", "update",
        "backup", "restore", "disable", "enable", "service-update", "add", "remove", "receive", "process",
        "schedule", "unschedule", "hold", "fail", "chaos", "wait", "graph", "path", "explain", "explore", "table", "save", "open",
        "show", "list", "log", "assert", "expect", "let", "print", "if", "for", "repeat",
        "while", "def", "load", "help", "return", "skip", "todo", "trace", "compare",
        "else", "edition", "units", "region", "to", "set", "as", "next", "on", "times", "seed",
        "off", "backups", "error", "in", "failures", "clear",
        "from", "source", "messages", "message", "batch", "tracking", "database", "of", "every", "retain", "keep", "one", "names",
        "dot", "mermaid", "csv", "markdown",
        "around", "without", "wide", "warning", "no", "all", "last", "with", "tracking-server", "tracking-database",
        "update-configuration",
        "and", "or", "not", "is", "can", "cannot", "true", "false",
    ]

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

// MARK: - Recognising keywords

/// Recognises keywords by a perfect hash of a name's key (`NameKey`):
/// `slot(key)` is a multiplicative hash whose multiplier is the first (of
/// a fixed sequence) that gives every keyword a slot of its own. Found
/// when first used, in a few dozen tries over 2,048 slots, so adding a
/// keyword needs no constant changed by hand.
struct KeywordTable: Sendable {
    static let shared = KeywordTable()

    static let bits = 11
    /// `Word.rawValue + 1` per slot, 0 where no keyword hashes.
    let slots: [UInt8]
    /// Each keyword's key, by raw value.
    let keys: [NameKey]
    let multiplier: UInt64

    init() {
        keys = Word.allCases.map { NameKey($0.spelling) }
        precondition(keys.count < 255, "keyword raw values fit a byte")
        var attempt: UInt64 = 1
        while true {
            let multiplier = 0x9E37_79B9_7F4A_7C15 &* (attempt &* 2) &+ 1
            var slots = [UInt8](repeating: 0, count: 1 << Self.bits)
            var clash = false
            for (index, key) in keys.enumerated() {
                let slot = Self.slot(key, multiplier)
                if slots[slot] != 0 {
                    clash = true
                    break
                }
                slots[slot] = UInt8(index + 1)
            }
            if !clash {
                self.slots = slots
                self.multiplier = multiplier
                return
            }
            attempt += 1
        }
    }

    /// The keyword `buffer[range]` spells (exactly: keywords are lower
    /// case), given the name's key: the hash picks the one keyword it
    /// could be, and one comparison of keys says whether it is. No
    /// probing, and nothing else read.
    @inline(__always)
    func word(_ key: NameKey, _ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Word? {
        let entry = slots[Self.slot(key, multiplier)]
        guard entry != 0, keys[Int(entry &- 1)] == key else { return nil }
        let word = Word(rawValue: UInt32(entry &- 1))!
        // Past 16 bytes (`update-configuration`), the rest compared too.
        guard key.count > 16 else { return word }
        return buffer[(range.lowerBound + 16)..<range.upperBound].elementsEqual(word.spelling.utf8.dropFirst(16)) ? word : nil
    }

    @inline(__always)
    static func slot(_ key: NameKey, _ multiplier: UInt64) -> Int {
        let mixed = ((key.low ^ (key.high &* 0x9E37_79B9_7F4A_7C15)) &+ UInt64(key.count)) &* multiplier
        return Int(truncatingIfNeeded: mixed &>> UInt64(64 - bits))
    }
}

/// The reserved words, spelled as in source.
public let reservedWords: [String] = Word.allCases.filter(\.isReserved).map(\.spelling)
