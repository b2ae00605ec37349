import Lifecycle

// Reading into lists and text: `X in LIST`, `contains(TEXT, PART)`,
// `$list[i]`.
extension Operators {
    /// Whether `container` holds `item`: a list an equal item, a range the
    /// number, a text the part (ignoring case, as `expect error "TEXT"`
    /// matches). `use` names the operator or function for errors.
    static func contains(_ container: Value, _ item: Value, for use: String, _ at: @autoclosure () -> Site) throws -> Bool {
        // Whether a secret is among the items would tell of it, and the
        // text typed to find it would show in the check's source.
        if container.holdsSecret || item.holdsSecret {
            throw RuntimeError(.secretMisused(use == "in" ? "with 'in'" : "in '\(use)'"), at())
        }
        switch container.plain {
        case .list(let items):
            for candidate in items {
                do {
                    if try equal(candidate, item, .equal, at()) { return true }
                } catch let error as RuntimeError where error.message.isIncomparable {
                    // A list may mix kinds: a number is not among its texts.
                    continue
                }
            }
            return false
        case .range(let low, let high):
            guard case .int(let n) = item.plain else {
                throw RuntimeError(.expectedValue(.number, for: use, found: item.literal), at())
            }
            return low <= n && n <= high
        case .string(let text):
            let part = try item.text(use == "in" ? "with 'in'" : "in '\(use)'", at())
            return text.lowercased().contains(part.lowercased())
        default:
            throw RuntimeError(.expectedValue(.listRangeOrString, for: use, found: container.literal), at())
        }
    }

    /// `base[index]`: a list's item, a range's number or a text's
    /// character, counted from 0; an index outside is an error at it.
    static func item(of base: Value, at position: Int, _ at: @autoclosure () -> Site) throws -> Value {
        switch base.plain {
        case .list(let items):
            guard items.indices.contains(position) else {
                throw RuntimeError(.indexOutOfRange(index: position, count: items.count, of: .list), at())
            }
            return items[position]
        case .range(let low, let high):
            let (number, overflow) = low.addingReportingOverflow(position)
            guard position >= 0, !overflow, number <= high else {
                let (span, spanOverflow) = high.subtractingReportingOverflow(low)
                let count = low > high ? 0 : spanOverflow || span == .max ? Int.max : span + 1
                throw RuntimeError(.indexOutOfRange(index: position, count: count, of: .range), at())
            }
            return .int(number)
        case .string(let text):
            guard position >= 0, let character = text.dropFirst(position).first else {
                throw RuntimeError(.indexOutOfRange(index: position, count: text.count, of: .text), at())
            }
            return .string(String(character))
        case .secret:
            throw RuntimeError(.secretMisused("with '[ ]'"), at())
        default:
            throw RuntimeError(.expectedValue(.listRangeOrString, for: "[ ]", found: base.literal), at())
        }
    }
}
