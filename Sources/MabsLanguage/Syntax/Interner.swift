// Name interning.
//
// Every name the parser sees (services, backups, variables, procedures,
// keywords) becomes a `Symbol`, a 32-bit index into one `Interner`. The AST
// therefore holds integers, not strings: comparisons are integer compares and
// the interpreter can key its tables by `Symbol`.
//
// Keywords are interned first, in `Word` order, so `Symbol(rawValue: n)` for
// `n < Word.allCases.count` *is* that keyword: the parser recognises a
// contextual keyword with one integer comparison.

/// An interned name: an index into the `Interner` that produced it.
public struct Symbol: Hashable, Comparable, Sendable {
    public let rawValue: UInt32

    @inlinable
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    @inlinable
    public static func < (lhs: Symbol, rhs: Symbol) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Maps names to `Symbol`s and back. Hashes raw bytes, so interning a name
/// straight out of the source buffer allocates nothing when the name is
/// already known.
///
/// Not thread-safe: one interner belongs to one parsing/interpreting session
/// (share it between the parser and the interpreter of that session).
public final class Interner {
    // All state lives in one struct so that each call makes one dynamic
    // exclusivity check on the class, not one per field access: interning
    // is on the parser's hot path.
    private var table = SymbolTable()

    /// Creates an interner holding every keyword at its fixed symbol.
    public init() {
        for word in Word.allCases {
            let symbol = intern(word.spelling)
            assert(symbol.rawValue == word.rawValue)
        }
    }

    /// Number of distinct names interned so far (keywords included).
    public var count: Int { table.names.count }

    /// The spelling of `symbol`.
    public subscript(symbol: Symbol) -> String { table.names[Int(symbol.rawValue)] }

    /// The spelling of `symbol`.
    public func string(_ symbol: Symbol) -> String { table.names[Int(symbol.rawValue)] }

    /// Interns `name`, returning its symbol.
    @discardableResult
    public func intern(_ name: String) -> Symbol {
        var name = name
        return name.withUTF8 { table.intern($0) }
    }

    /// The symbol of `name` if it has been interned, without interning it.
    public func lookup(_ name: String) -> Symbol? {
        var name = name
        return name.withUTF8 { table.lookup($0) }
    }

    /// Interns raw bytes (expected to be valid UTF-8; names from the lexer are ASCII).
    public func intern(bytes: UnsafeBufferPointer<UInt8>) -> Symbol {
        table.intern(bytes)
    }

    /// Interns `bytes[range]` of a larger buffer (the lexer's source bytes).
    func intern(_ bytes: [UInt8], _ range: Range<Int>) -> Symbol {
        bytes.withUnsafeBufferPointer { table.intern(UnsafeBufferPointer(rebasing: $0[range])) }
    }
}

/// The interner's hash table: open addressing over byte strings.
private struct SymbolTable {
    /// Spellings, indexed by symbol.
    var names: [String] = []
    /// All spellings' bytes, back to back.
    var storage: [UInt8] = []
    /// `storage[offsets[i]..<offsets[i + 1]]` are the bytes of symbol `i`.
    var offsets: [UInt32] = [0]
    /// `symbol + 1` per slot (0 = empty); the count is a power of two.
    var slots: [UInt32] = Array(repeating: 0, count: 256)

    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> Symbol {
        let (slot, found) = findSlot(bytes, hash: SymbolTable.hash(bytes))
        if found { return Symbol(rawValue: slots[slot] - 1) }
        let symbol = UInt32(names.count)
        names.append(String(decoding: bytes, as: UTF8.self))
        storage.append(contentsOf: bytes)
        offsets.append(UInt32(storage.count))
        slots[slot] = symbol + 1
        if names.count * 2 > slots.count { grow() }
        return Symbol(rawValue: symbol)
    }

    func lookup(_ bytes: UnsafeBufferPointer<UInt8>) -> Symbol? {
        let (slot, found) = findSlot(bytes, hash: SymbolTable.hash(bytes))
        return found ? Symbol(rawValue: slots[slot] - 1) : nil
    }

    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        // FNV-1a: short keys, good spread, no setup.
        var hash: UInt32 = 2_166_136_261
        for byte in bytes {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        return hash
    }

    func findSlot(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt32) -> (Int, Bool) {
        let mask = slots.count - 1
        var slot = Int(hash) & mask
        return storage.withUnsafeBufferPointer { stored in
            while true {
                let entry = slots[slot]
                if entry == 0 { return (slot, false) }
                let start = Int(offsets[Int(entry - 1)])
                let end = Int(offsets[Int(entry)])
                if end - start == bytes.count,
                   bytes.elementsEqual(UnsafeBufferPointer(rebasing: stored[start..<end])) {
                    return (slot, true)
                }
                slot = (slot + 1) & mask
            }
        }
    }

    mutating func grow() {
        var newSlots = [UInt32](repeating: 0, count: slots.count * 2)
        let mask = newSlots.count - 1
        storage.withUnsafeBufferPointer { stored in
            for symbol in 0..<names.count {
                let start = Int(offsets[symbol])
                let end = Int(offsets[symbol + 1])
                var slot = Int(SymbolTable.hash(UnsafeBufferPointer(rebasing: stored[start..<end]))) & mask
                while newSlots[slot] != 0 { slot = (slot + 1) & mask }
                newSlots[slot] = UInt32(symbol + 1)
            }
        }
        slots = newSlots
    }
}
