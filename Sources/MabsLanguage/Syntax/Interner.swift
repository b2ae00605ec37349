// Name interning.
//
// Every name the parser sees (services, backups, variables, procedures,
// keywords) becomes a `Symbol`, a 32-bit index into one `Interner`. The AST
// therefore holds integers, not strings: comparisons are integer compares and
// the interpreter can key its tables by `Symbol`.
//
// Keywords hold the first symbols, in `Word` order, so `Symbol(rawValue: n)`
// for `n < Word.allCases.count` *is* that keyword: the parser recognises a
// contextual keyword with one integer comparison.
//
// Interning is on the parser's hot path (every word and variable), so it
// reads a name once: its first 16 bytes are packed into two 64-bit words
// (`NameKey`), which are both what is hashed and what is compared. A
// keyword is found by a perfect hash of that key (`KeywordTable`), with no
// probing; another name by one probe sequence whose slots hold 32 bits of
// the hash, so a probe that is not a hit costs one integer compare, and a
// hit compares two words and a length (a name longer than 16 bytes also
// compares its tail, once).

/// An interned name: an index into the `Interner` that produced it.
public struct Symbol: Hashable, Comparable, Sendable {
    public let rawValue: UInt32

    @inlinable
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    @inlinable
    public static func < (lhs: Symbol, rhs: Symbol) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Maps names to `Symbol`s and back. Reads raw bytes, so interning a name
/// straight out of the source buffer allocates nothing when the name is
/// already known.
///
/// Not thread-safe: one interner belongs to one parsing/interpreting session
/// (share it between the parser and the interpreter of that session).
public final class Interner {
    // All state lives in one struct so that each call makes one dynamic
    // exclusivity check on the class, not one per field access.
    private var table = SymbolTable()

    /// Creates an interner holding every keyword at its fixed symbol.
    public init() {}

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
        return name.withUTF8 { table.intern($0, 0..<$0.count) }
    }

    /// The symbol of `name` if it has been interned, without interning it.
    public func lookup(_ name: String) -> Symbol? {
        var name = name
        return name.withUTF8 { table.lookup($0, 0..<$0.count) }
    }

    /// Interns raw bytes (expected to be valid UTF-8; names from the lexer are ASCII).
    public func intern(bytes: UnsafeBufferPointer<UInt8>) -> Symbol {
        table.intern(bytes, 0..<bytes.count)
    }

    /// Interns `bytes[range]` of a larger buffer (the lexer's source bytes).
    @inline(__always)
    func intern(_ bytes: [UInt8], _ range: Range<Int>) -> Symbol {
        bytes.withUnsafeBufferPointer { table.intern($0, range) }
    }
}

/// A name's first 16 bytes, packed little-endian into two words (zeros
/// past its end), and its length: for a name of up to 16 bytes, the name.
struct NameKey: Equatable, Sendable {
    var low: UInt64
    var high: UInt64
    var count: Int

    /// The key of `buffer[range]`. Reads 16 bytes at once where the buffer
    /// has them, so a name costs two loads, not a load per byte.
    @inline(__always)
    init(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        count = range.count
        guard let base = buffer.baseAddress, count > 0 else {
            (low, high) = (0, 0)
            return
        }
        let start = base + range.lowerBound
        if range.lowerBound + 16 <= buffer.count {
            let raw = UnsafeRawPointer(start)
            let first = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
            let second = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            switch count {
            case ..<8:
                (low, high) = (first & (1 &<< UInt64(count &* 8) &- 1), 0)
            case 8:
                (low, high) = (first, 0)
            case ..<16:
                (low, high) = (first, second & (1 &<< UInt64((count &- 8) &* 8) &- 1))
            default:
                (low, high) = (first, second)
            }
        } else {
            // Near the buffer's end: byte by byte.
            (low, high) = (0, 0)
            for index in 0..<min(count, 16) {
                if index < 8 {
                    low |= UInt64(start[index]) &<< UInt64(index &* 8)
                } else {
                    high |= UInt64(start[index]) &<< UInt64((index &- 8) &* 8)
                }
            }
        }
    }

    init(_ name: String) {
        var name = name
        self = name.withUTF8 { NameKey($0, 0..<$0.count) }
    }

    /// A 64-bit hash of the key, and of `tail` (the bytes past the 16th).
    @inline(__always)
    func hash(tail: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash = (low &* 0x9E37_79B9_7F4A_7C15) ^ ((high &+ UInt64(count)) &* 0xC2B2_AE3D_27D4_EB4F)
        if count > 16 {
            for byte in tail { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        }
        hash ^= hash &>> 32
        hash = hash &* 0x1656_67B1_9E37_79F9
        return hash ^ (hash &>> 29)
    }
}

/// The interner's table: keywords by perfect hash, other names in an
/// open-addressing hash table.
private struct SymbolTable {
    /// Spellings, indexed by symbol; keywords first.
    var names: [String] = Word.allCases.map(\.spelling)
    /// Keys, indexed by symbol (keywords' too, unused: they never probe).
    var keys: [NameKey] = Word.allCases.map { NameKey($0.spelling) }
    /// The bytes past the 16th of each name longer than 16 bytes, back to
    /// back, as read (`names` holds them decoded), and by symbol where
    /// each starts.
    var tails: [UInt8] = []
    var tailStarts: [UInt32] = Array(repeating: 0, count: Word.allCases.count)
    /// Keywords, recognised without probing.
    let keywords = KeywordTable.shared
    /// Per slot: 0 when empty, else the hash's top 32 bits and `symbol + 1`
    /// in the low 32. The count is a power of two, at most half full.
    var slots: [UInt64] = Array(repeating: 0, count: 256)

    @inline(__always)
    mutating func intern(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Symbol {
        let key = NameKey(buffer, range)
        if let word = keywords.word(key, buffer, range) { return word.symbol }
        let hash = key.hash(tail: Self.tail(buffer, range))
        let (slot, symbol) = find(key, hash, buffer, range)
        if let symbol { return symbol }
        let new = UInt32(names.count)
        names.append(String(decoding: UnsafeBufferPointer(rebasing: buffer[range]), as: UTF8.self))
        keys.append(key)
        tailStarts.append(UInt32(tails.count))
        if range.count > 16 { tails.append(contentsOf: Self.tail(buffer, range)) }
        slots[slot] = (hash & 0xFFFF_FFFF_0000_0000) | UInt64(new + 1)
        if names.count * 2 > slots.count { grow() }
        return Symbol(rawValue: new)
    }

    func lookup(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Symbol? {
        let key = NameKey(buffer, range)
        if let word = keywords.word(key, buffer, range) { return word.symbol }
        return find(key, key.hash(tail: Self.tail(buffer, range)), buffer, range).symbol
    }

    /// The bytes of a name past its 16th.
    @inline(__always)
    static func tail(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        range.count > 16 ? UnsafeBufferPointer(rebasing: buffer[(range.lowerBound + 16)..<range.upperBound]) : UnsafeBufferPointer(start: nil, count: 0)
    }

    /// The slot holding the name, with its symbol, or the empty slot where
    /// it would go.
    @inline(__always)
    func find(_ key: NameKey, _ hash: UInt64, _ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> (slot: Int, symbol: Symbol?) {
        slots.withUnsafeBufferPointer { slots in
            let mask = slots.count - 1
            let fragment = hash & 0xFFFF_FFFF_0000_0000
            var slot = Int(truncatingIfNeeded: hash) & mask
            while true {
                let entry = slots[slot]
                if entry == 0 { return (slot, nil) }
                if entry & 0xFFFF_FFFF_0000_0000 == fragment {
                    let symbol = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                    if keys[symbol] == key && (key.count <= 16 || tailMatches(symbol, buffer, range)) {
                        return (slot, Symbol(rawValue: UInt32(symbol)))
                    }
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Whether the name of `symbol`, longer than 16 bytes, ends as `buffer[range]` does.
    func tailMatches(_ symbol: Int, _ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        let start = Int(tailStarts[symbol])
        return tails[start..<(start + range.count - 16)].elementsEqual(buffer[(range.lowerBound + 16)..<range.upperBound])
    }

    mutating func grow() {
        var newSlots = [UInt64](repeating: 0, count: slots.count * 2)
        let mask = newSlots.count - 1
        for entry in slots where entry != 0 {
            // The slot's fragment is the hash's top half; the index its low
            // bits, which the fragment does not keep: hash again.
            let symbol = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
            let key = keys[symbol]
            let start = Int(tailStarts[symbol])
            let hash = tails.withUnsafeBufferPointer { tails in
                key.hash(tail: key.count > 16 ? UnsafeBufferPointer(rebasing: tails[start..<(start + key.count - 16)]) : UnsafeBufferPointer(start: nil, count: 0))
            }
            var slot = Int(truncatingIfNeeded: hash) & mask
            while newSlots[slot] != 0 { slot = (slot + 1) & mask }
            newSlots[slot] = entry
        }
        slots = newSlots
    }
}
