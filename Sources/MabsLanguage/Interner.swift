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
    /// Spellings, indexed by symbol.
    private var names: [String] = []
    /// All spellings' bytes, back to back.
    private var storage: [UInt8] = []
    /// `storage[offsets[i]..<offsets[i + 1]]` are the bytes of symbol `i`.
    private var offsets: [UInt32] = [0]
    /// Open-addressing table of `symbol + 1` (0 = empty); count is a power of two.
    private var table: [UInt32] = Array(repeating: 0, count: 256)

    /// Creates an interner holding every keyword at its fixed symbol.
    public init() {
        for word in Word.allCases {
            let symbol = intern(word.spelling)
            assert(symbol.rawValue == word.rawValue)
        }
    }

    /// Number of distinct names interned so far (keywords included).
    public var count: Int { names.count }

    /// The spelling of `symbol`.
    public subscript(symbol: Symbol) -> String { names[Int(symbol.rawValue)] }

    /// The spelling of `symbol`.
    public func string(_ symbol: Symbol) -> String { names[Int(symbol.rawValue)] }

    /// Interns `name`, returning its symbol.
    @discardableResult
    public func intern(_ name: String) -> Symbol {
        var name = name
        return name.withUTF8 { intern(bytes: $0) }
    }

    /// The symbol of `name` if it has been interned, without interning it.
    public func lookup(_ name: String) -> Symbol? {
        var name = name
        return name.withUTF8 { buffer in
            let (slot, found) = findSlot(buffer, hash: Interner.hash(buffer))
            return found ? Symbol(rawValue: table[slot] - 1) : nil
        }
    }

    /// Interns raw bytes (expected to be valid UTF-8; names from the lexer are ASCII).
    public func intern(bytes: UnsafeBufferPointer<UInt8>) -> Symbol {
        let hash = Interner.hash(bytes)
        let (slot, found) = findSlot(bytes, hash: hash)
        if found { return Symbol(rawValue: table[slot] - 1) }
        let symbol = UInt32(names.count)
        names.append(String(decoding: bytes, as: UTF8.self))
        storage.append(contentsOf: bytes)
        offsets.append(UInt32(storage.count))
        table[slot] = symbol + 1
        if names.count * 2 > table.count { grow() }
        return Symbol(rawValue: symbol)
    }

    /// Interns `bytes[range]` of a larger buffer (the lexer's source bytes).
    func intern(_ bytes: [UInt8], _ range: Range<Int>) -> Symbol {
        bytes.withUnsafeBufferPointer { intern(bytes: UnsafeBufferPointer(rebasing: $0[range])) }
    }

    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        // FNV-1a: short keys, good spread, no setup.
        var hash: UInt32 = 2_166_136_261
        for byte in bytes {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        return hash
    }

    private func findSlot(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt32) -> (Int, Bool) {
        let mask = table.count - 1
        var slot = Int(hash) & mask
        while true {
            let entry = table[slot]
            if entry == 0 { return (slot, false) }
            if equals(Int(entry - 1), bytes) { return (slot, true) }
            slot = (slot + 1) & mask
        }
    }

    private func equals(_ symbol: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = Int(offsets[symbol])
        let end = Int(offsets[symbol + 1])
        guard end - start == bytes.count else { return false }
        return storage.withUnsafeBufferPointer { stored in
            var i = 0
            while i < bytes.count {
                if stored[start + i] != bytes[i] { return false }
                i += 1
            }
            return true
        }
    }

    private func grow() {
        var newTable = [UInt32](repeating: 0, count: table.count * 2)
        let mask = newTable.count - 1
        storage.withUnsafeBufferPointer { stored in
            for symbol in 0..<names.count {
                let start = Int(offsets[symbol])
                let end = Int(offsets[symbol + 1])
                var slot = Int(Interner.hash(UnsafeBufferPointer(rebasing: stored[start..<end]))) & mask
                while newTable[slot] != 0 { slot = (slot + 1) & mask }
                newTable[slot] = UInt32(symbol + 1)
            }
        }
        table = newTable
    }
}
