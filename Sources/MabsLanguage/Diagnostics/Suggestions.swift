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

/// The candidate closest to `word`, if it is close enough to be a likely
/// typo: one edit for words of up to four letters, two for longer ones.
/// Ties go to the earlier candidate.
func suggestion(for word: String, among candidates: [String]) -> String? {
    let lowered = Array(word.lowercased().utf8)
    guard lowered.count <= 32 else { return nil }
    let limit = lowered.count <= 4 ? 1 : 2
    var best: (String, Int)?
    for candidate in candidates {
        let distance = editDistance(lowered, Array(candidate.utf8))
        if distance <= limit, distance < (best?.1 ?? Int.max) {
            best = (candidate, distance)
        }
    }
    return best?.0
}

/// The name among `names` (as they are written) nearest to `word`, names
/// being told apart ignoring case, if `word` is a likely typo of it.
func nearest(to word: String, among names: [String]) -> String? {
    let lowered = names.map { $0.lowercased() }
    return suggestion(for: word, among: lowered).flatMap { found in lowered.firstIndex(of: found).map { names[$0] } }
}
