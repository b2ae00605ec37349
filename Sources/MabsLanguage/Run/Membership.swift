import Lifecycle

// Reading into lists and text: `X in LIST`, `contains(TEXT, PART)`,
// `$list[i]`.
extension Interpreter {
    /// Whether `container` holds `item`: a list an equal item, a range the
    /// number, a text the part (ignoring case, as `expect error "TEXT"`
    /// matches). `use` names the operator or function for errors.
    func contains(_ container: Value, _ item: Value, for use: String, _ at: Site) throws -> Bool {
        // Whether a secret is among the items would tell of it, and the
        // text typed to find it would show in the check's source.
        if container.holdsSecret || item.holdsSecret {
            throw RuntimeError(.secretMisused(use == "in" ? "with 'in'" : "in '\(use)'"), at)
        }
        switch container.plain {
        case .list(let items):
            for candidate in items {
                do {
                    if try equal(candidate, item, .equal, at) { return true }
                } catch let error as RuntimeError where error.message.isIncomparable {
                    // A list may mix kinds: a number is not among its texts.
                    continue
                }
            }
            return false
        case .range(let low, let high):
            guard case .int(let n) = item.plain else {
                throw RuntimeError(.expectedValue(.number, for: use, found: item.literal), at)
            }
            return low <= n && n <= high
        case .string(let text):
            let part = try self.text(of: item, use == "in" ? "with 'in'" : "in '\(use)'", at)
            return text.lowercased().contains(part.lowercased())
        default:
            throw RuntimeError(.expectedValue(.listRangeOrString, for: use, found: container.literal), at)
        }
    }

    /// Where some of `values` hold a secret (`"k3y" in [setting(x,
    /// acs-key)]`, `contains(...)`), the literals of the others' `expressions`
    /// may be the secret typed out: masked from now on, as `compared` does
    /// for `==`.
    func typedSecrets(among values: [Value], _ expressions: [Expr], _ file: SourceFile) {
        guard values.contains(where: \.holdsSecret) else { return }
        for (value, expression) in zip(values, expressions) where !value.holdsSecret {
            compared(.secret(Secret("")), [], .none, expression, file, deep: false)
        }
    }

    /// `base[index]`: a list's item, a range's number or a text's
    /// character, counted from 0; an index outside is an error at it.
    func item(of base: Value, at index: Expr, _ file: SourceFile) throws -> Value {
        let position = try integer(index, file, for: "[ ]")
        let at = Site(file: file, range: index.range)
        switch base.plain {
        case .list(let items):
            guard items.indices.contains(position) else {
                throw RuntimeError(.indexOutOfRange(index: position, count: items.count, of: .list), at)
            }
            return items[position]
        case .range(let low, let high):
            let (number, overflow) = low.addingReportingOverflow(position)
            guard position >= 0, !overflow, number <= high else {
                let (span, spanOverflow) = high.subtractingReportingOverflow(low)
                let count = low > high ? 0 : spanOverflow || span == .max ? Int.max : span + 1
                throw RuntimeError(.indexOutOfRange(index: position, count: count, of: .range), at)
            }
            return .int(number)
        case .string(let text):
            guard position >= 0, let character = text.dropFirst(position).first else {
                throw RuntimeError(.indexOutOfRange(index: position, count: text.count, of: .text), at)
            }
            return .string(String(character))
        case .secret:
            throw RuntimeError(.secretMisused("with '[ ]'"), at)
        default:
            throw RuntimeError(.expectedValue(.listRangeOrString, for: "[ ]", found: base.literal), at)
        }
    }
}
