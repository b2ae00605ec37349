// "Did you mean ...?": the nearest known word to a likely typo.

/// Optimal-string-alignment distance (Levenshtein plus adjacent
/// transpositions, so `strat` is one edit from `start`).
func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous2 = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            var best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                best = min(best, previous2[j - 2] + 1)
            }
            current[j] = best
        }
        (previous2, previous, current) = (previous, current, previous2)
    }
    return previous[b.count]
}

/// The optimal-string-alignment distance of `a` and `b` when it is at
/// most `limit`; otherwise some number above `limit`. Allocates nothing
/// and stops as soon as no alignment can stay within `limit`, so it is
/// cheap to ask of a word nowhere near: the secret masker asks it of
/// every new name in a script.
func editDistance(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, limit: Int) -> Int {
    // Each edit changes the length by at most one.
    if abs(a.count - b.count) > limit { return limit + 1 }
    if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
    let width = b.count + 1
    return withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * width) { rows in
        var previous2 = rows.baseAddress!
        var previous = previous2 + width
        var current = previous + width
        for j in 0..<width { previous[j] = j }
        var previousLeast = 0
        for i in 1...a.count {
            current[0] = i
            var least = i
            for j in 1..<width {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    best = min(best, previous2[j - 2] + 1)
                }
                current[j] = best
                least = min(least, best)
            }
            // A cell comes from the row above, its left or two rows up,
            // never for less: two rows past the limit keep every later
            // row past it.
            if least > limit && previousLeast > limit { return limit + 1 }
            previousLeast = least
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
    }
}

/// The candidate closest to `word`, if it is close enough to be a likely
/// typo: one edit for words of up to four letters, two for longer ones.
/// Ties go to the earlier candidate.
func suggestion(for word: String, among candidates: [String]) -> String? {
    var lowered = word.lowercased()
    let count = lowered.utf8.count
    guard count <= 32 else { return nil }
    let limit = count <= 4 ? 1 : 2
    return lowered.withUTF8 { typed in
        let typedBytes = ByteSet(typed)
        var best: (String, Int)?
        for candidate in candidates {
            var candidate = candidate
            let distance = candidate.withUTF8 { candidate in
                // Each byte one has beyond the other's length is an edit.
                guard abs(candidate.count - typed.count) <= limit else { return limit + 1 }
                // Every byte of one that the other lacks takes an edit of
                // its own: most candidates are ruled out before aligning.
                let candidateBytes = ByteSet(candidate)
                guard typedBytes.missing(from: candidateBytes) <= limit, candidateBytes.missing(from: typedBytes) <= limit else {
                    return limit + 1
                }
                return editDistance(typed, candidate, limit: limit)
            }
            if distance <= limit, distance < (best?.1 ?? Int.max) {
                best = (candidate, distance)
            }
        }
        return best?.0
    }
}

/// Which bytes a text holds, as 128 bits (bytes past ASCII share bits
/// with ASCII ones, so `missing` can only count too few).
private struct ByteSet {
    var low: UInt64 = 0
    var high: UInt64 = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        for byte in bytes {
            let bit = UInt64(1) &<< UInt64(byte & 63)
            if byte & 64 == 0 { low |= bit } else { high |= bit }
        }
    }

    /// How many of these bytes `other` lacks.
    func missing(from other: ByteSet) -> Int {
        (low & ~other.low).nonzeroBitCount + (high & ~other.high).nonzeroBitCount
    }
}

/// The name among `names` (as they are written) nearest to `word`, names
/// being told apart ignoring case, if `word` is a likely typo of it.
func nearest(to word: String, among names: [String]) -> String? {
    let lowered = names.map { $0.lowercased() }
    return suggestion(for: word, among: lowered).flatMap { found in lowered.firstIndex(of: found).map { names[$0] } }
}
