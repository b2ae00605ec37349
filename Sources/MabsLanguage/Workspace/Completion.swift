import Lifecycle
import MabsPresentation

/// What the REPL can offer at the cursor, knowing the language and the
/// workspace. The host adds file names itself when asked (`load`).
public enum CompletionCandidates: Equatable, Sendable {
    /// Words that may replace the partial word before the cursor.
    case words([String])
    /// File names starting with the partial word.
    case fileNames
}

/// What completion found at the cursor.
public struct Completions: Equatable, Sendable {
    /// The partial word before the cursor, which the candidates replace;
    /// inside a string, without the opening quote.
    public var partial: String
    public var candidates: CompletionCandidates
    /// The partial word is inside a string (`stop "con`), so a finished
    /// candidate may close it.
    public var inString: Bool
}

extension Session {
    /// The completions for the partial word that ends at `cursor` (a
    /// character offset) in `line`. Words match ignoring case, as names
    /// do: a service created as `Contoso` completes from `con`. A name
    /// completes inside a string too (`stop "con`).
    public func completions(line: String, cursor: Int) -> Completions {
        let prefix = String(line.prefix(cursor))
        var (partial, previous) = Self.split(prefix)
        let inString = partial.first == "\"" && partial.filter({ $0 == "\"" }).count == 1
        if inString {
            partial.removeFirst()
            // Only a plain name or path inside a string; not free text or
            // an interpolation.
            guard partial.allSatisfy({ $0.isLetter || $0.isNumber || "-_./~".contains($0) }) else {
                return Completions(partial: partial, candidates: .words([]), inString: true)
            }
        }
        let lowered = partial.lowercased()
        switch candidates(previous: previous, partial: partial) {
        case .services(let also):
            let words = also.filter { $0.lowercased().hasPrefix(lowered) && !inString }
            return Completions(partial: partial, candidates: .words(serviceNames(startingWith: lowered) + words.sorted()), inString: inString)
        case .fileNames:
            return Completions(partial: partial, candidates: .fileNames, inString: inString)
        case .words(let words):
            let matches = words.filter { $0.lowercased().hasPrefix(lowered) }
            return Completions(partial: partial, candidates: .words(Array(Set(matches)).sorted()), inString: inString)
        }
    }

    /// The names of the services whose key starts with `prefix` (in
    /// lowercase), in order: a binary search in the index, so Tab costs
    /// the same with 100,000 services as with ten, once the index is built.
    private func serviceNames(startingWith prefix: String) -> [String] {
        if serviceIndex?.names.count != engine.serviceCount {
            let (keys, names) = engine.serviceKeysAndNames
            serviceIndex = ServiceIndex(keys: keys, names: names)
        }
        let index = serviceIndex!
        func firstKey(where isPast: (String) -> Bool) -> Int {
            var low = 0, high = index.keys.count
            while low < high {
                let middle = (low + high) / 2
                if isPast(index.keys[middle]) { high = middle } else { low = middle + 1 }
            }
            return low
        }
        let start = firstKey { $0 >= prefix }
        let end = start + index.keys[start...].prefix { $0.hasPrefix(prefix) }.count
        return Array(index.names[start..<end])
    }

    /// What may fill the place at the cursor, before matching the partial word.
    private enum Found {
        case words([String])
        /// The workspace's services, from the index, then other words.
        case services(also: [String] = [])
        case fileNames
    }

    private func candidates(previous: [String], partial: String) -> Found {
        if partial.hasPrefix("$") {
            return .words(variables.setGlobals.map { "$" + interner[$0.0] })
        }
        let last = previous.last?.lowercased()
        switch last {
        case nil, ";", "{", "}":
            let procedures = variables.definedProcedures.map { interner[$0.name] }
            return .words(Vocabulary.statementKeywords + procedures + Builtins.names)
        case "(", ",":
            // Inside a call, the services: most functions take one (some
            // take a backup, a kind, a quota or a setting instead, which
            // are not offered here).
            return candidates(for: .service)
        default:
            break
        }
        // Words that belong to expressions, wherever they stand.
        switch last {
        case "is": return .words(ServiceState.allCases.map(\.displayName))
        case "not" where previous.dropLast().last?.lowercased() == "is": return .words(ServiceState.allCases.map(\.displayName))
        case "can", "cannot": return candidates(for: .operation)
        default: break
        }
        guard let first = previous.first?.lowercased(), let entry = Vocabulary.statement(named: first) else {
            return .words([])
        }
        if previous.count == 1 {
            if entry.subject == .serviceOrClause { return .services(also: entry.clauses.filter { $0.word != .and }.map(\.word.spelling)) }
            if entry.subject == .clauses { return .words(entry.clauses.map(\.word.spelling)) }
            return candidates(for: entry.subject)
        }
        // `expect no warning {`: no kind follows.
        if last == Word.warning.spelling, previous.dropLast().last?.lowercased() == Word.no.spelling { return .words([]) }
        if let clause = entry.clauses.first(where: { $0.word.spelling == last }) {
            if clause.slot == .clauses { return .words(entry.clauses.filter { !previous.contains($0.word.spelling) }.map(\.word.spelling)) }
            return candidates(for: clause.slot)
        }
        // After the subject: the statement's contextual words, or, in a
        // condition, the words that continue it.
        if entry.subject == .condition {
            return .words(["is", "can", "cannot", "and", "or"])
        }
        // Not `and`, which only continues a clause, nor a clause that
        // takes the subject's place (`graph around NAME`).
        return .words(entry.clauses.filter { $0.word != .and && $0.slot != .serviceOrState }.map(\.word.spelling))
    }

    /// What may fill a slot, from the workspace and the tables.
    private func candidates(for slot: Slot) -> Found {
        let engine = engine
        switch slot {
        case .none, .clauses: return .words([])
        case .service, .condition: return .services()
        case .serviceOrClause: return .services()
        case .serviceOrState: return .services(also: ServiceState.allCases.map(\.displayName))
        case .omission: return .words(["failures", "delete"])
        case .backup: return .words(engine.allBackups.map(\.name))
        case .edition: return .words(Edition.allCases.map { $0.displayName.lowercased() })
        case .operation: return .words(Vocabulary.operationWords)
        case .setting: return .words(SettingKey.allCases.map(\.name))
        case .helpTopic: return .words(Help.topics.map(\.name))
        case .file: return .fileNames
        case .contentKind: return .words(ContentKind.allCases.map(\.name))
        case .errorKind: return .words(ErrorKind.catchable.map(\.name))
        case .warningKind: return .words(LifecycleWarning.Kind.allCases.map(\.name))
        case .warningWord: return .words([Word.warning.spelling])
        case .state: return .words(ServiceState.allCases.map(\.displayName))
        case .diagramFormat: return .words(StateDiagram.Format.allCases.map(\.rawValue))
        case .tableFormat: return .words(SeedTableFormat.allCases.map(\.rawValue))
        }
    }

    /// The partial word before the cursor and the tokens before it, from
    /// the start of the current statement.
    static func split(_ text: String) -> (partial: String, previous: [String]) {
        var tokens: [String] = []
        var current = ""
        var inString = false
        for character in text {
            if inString {
                current.append(character)
                if character == "\"" { inString = false }
                continue
            }
            if character == "\"" {
                inString = true
                current.append(character)
            } else if character.isLetter || character.isNumber || "-_$./~".contains(character) {
                current.append(character)
            } else {
                if !current.isEmpty { tokens.append(current); current = "" }
                if !character.isWhitespace { tokens.append(String(character)) }
            }
        }
        // A statement starts after the last terminator or brace (also when
        // the cursor is inside a string).
        if let start = tokens.lastIndex(where: { $0 == ";" || $0 == "{" || $0 == "}" }) {
            tokens = Array(tokens[start...])
            if tokens.count > 1 { tokens.removeFirst() }
        }
        return (current, tokens)
    }
}

/// The service names in key order, with their keys, for completion.
struct ServiceIndex {
    var keys: [String]
    var names: [String]
}
