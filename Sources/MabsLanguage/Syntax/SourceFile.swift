// Source text and positions.
//
// Everything downstream of the lexer speaks in byte offsets (`UInt32`) into
// one `SourceFile`; only the diagnostic renderer (and whoever else needs to
// show a position to a person) turns an offset into line:column. This keeps
// tokens and AST nodes small and makes position arithmetic trivial.

/// A half-open range of byte offsets `start..<end` in a `SourceFile`.
public struct SourceRange: Hashable, Sendable, CustomStringConvertible {
    public var start: UInt32
    public var end: UInt32

    @inlinable
    public init(start: UInt32, end: UInt32) {
        self.start = start
        self.end = end
    }

    /// The empty range at `offset`.
    @inlinable
    public init(at offset: UInt32) {
        self.start = offset
        self.end = offset
    }

    /// The smallest range covering both `self` and `other`.
    @inlinable
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(start: min(start, other.start), end: max(end, other.end))
    }

    public var description: String { "\(start)..<\(end)" }
}

/// A human-facing position: 1-based line and column.
public struct LineColumn: Hashable, Sendable {
    /// 1-based line number.
    public var line: Int
    /// 1-based column, counted in characters (grapheme clusters) from the
    /// start of the line. A tab counts as one character; the renderer keeps
    /// tabs in the caret line so carets still line up.
    public var column: Int
    /// 1-based column counted in UTF-8 bytes.
    public var byteColumn: Int
}

/// One immutable source text: a script file, standard input, a `-e`
/// argument or one REPL entry.
///
/// Line starts are computed once, eagerly, in `init` (a single pass over the
/// bytes, far cheaper than lexing), so the type stays immutable and `Sendable`.
public final class SourceFile: Sendable {
    /// The path, or a pseudo-name such as `<stdin>` or `<command line>`.
    public let name: String
    /// The raw bytes, exactly as read. They need not be valid UTF-8; the
    /// lexer reports what it cannot accept.
    public let bytes: [UInt8]
    /// Byte offset of the first byte of each line; `lineStarts[0] == 0`.
    /// A line ends at `\n` (a preceding `\r` is not part of the line text).
    public let lineStarts: [UInt32]

    /// For a copy made by `masking`: the file as written, secrets and all,
    /// for what must keep them (a procedure's source in a saved workspace),
    /// never to be shown; nil for a file as read.
    public let asWritten: SourceFile?
    /// For a copy made by `masking`: the ranges now made of `*`, in
    /// source order.
    public let maskedRanges: [SourceRange]

    /// The largest source the `UInt32` offsets can address.
    public static let maximumSize = Int(UInt32.max) - 1

    /// Creates a source file from raw bytes. Inputs larger than
    /// `maximumSize` are truncated (no script comes close to 4 GiB).
    public convenience init(name: String, bytes: [UInt8]) {
        let bytes = bytes.count > SourceFile.maximumSize ? Array(bytes.prefix(SourceFile.maximumSize)) : bytes
        self.init(name: name, bytes: bytes, lineStarts: SourceFile.lineStarts(bytes), asWritten: nil, maskedRanges: [])
    }

    /// Where each line starts: 0, and after each `\n`. Reads eight bytes
    /// at a time, a line being some thirty bytes long.
    static func lineStarts(_ bytes: [UInt8]) -> [UInt32] {
        var starts: [UInt32] = [0]
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let ones: UInt64 = 0x0101_0101_0101_0101
            let newlines = ones &* UInt64(UInt8(ascii: "\n"))
            var index = 0
            while index + 8 <= buffer.count {
                // A zero byte in `word ^ newlines` is a newline; the
                // classic test marks each in its top bit.
                let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)) ^ newlines
                var found = (word &- ones) & ~word & (ones &<< 7)
                while found != 0 {
                    // A borrow can mark the byte above a real zero; check.
                    let at = index + found.trailingZeroBitCount / 8
                    if buffer[at] == UInt8(ascii: "\n") { starts.append(UInt32(at + 1)) }
                    found &= found &- 1
                }
                index += 8
            }
            for at in index..<buffer.count where buffer[at] == UInt8(ascii: "\n") { starts.append(UInt32(at + 1)) }
        }
        return starts
    }

    private init(name: String, bytes: [UInt8], lineStarts: [UInt32], asWritten: SourceFile?, maskedRanges: [SourceRange]) {
        self.name = name
        self.bytes = bytes
        self.lineStarts = lineStarts
        self.asWritten = asWritten
        self.maskedRanges = maskedRanges
    }

    /// The same file with the given ranges replaced by `*`, byte for byte
    /// and line for line (line breaks stay), so every offset and line
    /// still points where it did; a range that starts and ends with a
    /// quote keeps its quotes. Secrets are masked this way before any
    /// source is shown.
    public func masking(_ ranges: [SourceRange]) -> SourceFile {
        guard !ranges.isEmpty else { return self }
        var masked = bytes
        var done: [SourceRange] = []
        let quote = UInt8(ascii: "\"")
        for range in ranges where range.end > range.start && Int(range.end) <= masked.count {
            var (start, end) = (Int(range.start), Int(range.end))
            if end - start >= 2, masked[start] == quote, masked[end - 1] == quote {
                start += 1
                end -= 1
            }
            for offset in start..<end where masked[offset] != UInt8(ascii: "\n") { masked[offset] = UInt8(ascii: "*") }
            done.append(SourceRange(start: UInt32(start), end: UInt32(end)))
        }
        var all = maskedRanges + done
        if !all.isEmpty, zip(all, all.dropFirst()).contains(where: { $0.start > $1.start }) { all.sort { $0.start < $1.start } }
        return SourceFile(name: name, bytes: masked, lineStarts: lineStarts, asWritten: asWritten ?? self, maskedRanges: all)
    }

    public convenience init(name: String, text: String) {
        self.init(name: name, bytes: Array(text.utf8))
    }

    /// Number of lines (a final line without `\n` counts; an empty file has one).
    public var lineCount: Int { lineStarts.count }

    /// The 1-based line containing `offset`. Offsets past the end belong to
    /// the last line.
    public func line(of offset: UInt32) -> Int {
        // Binary search for the last line start <= offset.
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low + 1
    }

    /// Byte range of a 1-based line, without its `\n` and a `\r` before it.
    public func byteRange(ofLine line: Int) -> Range<Int> {
        precondition(line >= 1 && line <= lineStarts.count, "line \(line) out of range")
        let start = Int(lineStarts[line - 1])
        var end = line < lineStarts.count ? Int(lineStarts[line]) - 1 : bytes.count
        if end > start && bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return start..<max(start, end)
    }

    /// Line and column of a byte offset.
    public func location(of offset: UInt32) -> LineColumn {
        let offset = min(Int(offset), bytes.count)
        let line = line(of: UInt32(offset))
        let start = Int(lineStarts[line - 1])
        // ASCII before the place (no line break can be) is a character a
        // byte; only other text is decoded and its characters counted.
        let characters = bytes[start..<offset].allSatisfy { $0 < 0x80 }
            ? offset - start : String(decoding: bytes[start..<offset], as: UTF8.self).count
        return LineColumn(line: line, column: characters + 1, byteColumn: offset - start + 1)
    }

    /// The source text of a range (invalid UTF-8 replaced by U+FFFD).
    public func text(of range: SourceRange) -> String {
        let start = min(Int(range.start), bytes.count)
        let end = min(max(Int(range.end), start), bytes.count)
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
