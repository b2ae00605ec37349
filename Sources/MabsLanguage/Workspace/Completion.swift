import Lifecycle

/// What the REPL can offer at the cursor, knowing the language and the
/// workspace. The host adds file names itself when asked (`load`).
public enum CompletionCandidates: Equatable, Sendable {
    /// Words that may replace the partial word before the cursor.
    case words([String])
    /// File names starting with the partial word.
    case fileNames
}

extension Session {
    /// The completions for the partial word that ends at `cursor` (a
    /// character offset) in `line`.
    public func completions(line: String, cursor: Int) -> (partial: String, candidates: CompletionCandidates) {
        let prefix = String(line.prefix(cursor))
        let (partial, previous) = Self.split(prefix)
        let candidates = candidates(previous: previous, partial: partial)
        guard case .words(let words) = candidates else { return (partial, candidates) }
        let lowered = partial.lowercased()
        let matches = words.filter { $0.lowercased().hasPrefix(lowered) }
        return (partial, .words(Array(Set(matches)).sorted()))
    }

    private func candidates(previous: [String], partial: String) -> CompletionCandidates {
        let engine = interpreter.engine
        let services = engine.allServices.map(\.name)
        if partial.hasPrefix("$") {
            let variables = interpreter.globals.keys.map { "$" + interpreter.interner[$0] }
            return .words(variables)
        }
        let last = previous.last?.lowercased()
        let beforeLast = previous.dropLast().last?.lowercased()
        switch last {
        case nil, ";", "{", "}":
            let procedures = interpreter.procedures.keys.map { interpreter.interner[$0] }
            return .words(StatementKeyword.allCases.map(\.rawValue) + procedures + Builtins.names)
        case "start", "stop", "restart", "suspend", "resume", "delete", "scale", "update", "backup",
             "show", "log", "disable", "enable", "service-update", "on", "assert", "(", ",":
            if last == "on" && beforeLast.flatMap(Lifecycle.Operation.init(userInput:)) == nil { return .words([]) }
            return .words(services)
        case "restore":
            return .words(engine.allBackups.map(\.name))
        case "next", "can", "cannot":
            return .words(Lifecycle.Operation.allCases.map(\.keyword))
        case "is", "not":
            if last == "not" && beforeLast != "is" { return .words(services) }
            return .words(ServiceState.allCases.map(\.displayName))
        case "edition":
            return .words(Edition.allCases.map { $0.displayName.lowercased() })
        case "set":
            return .words(SettingKey.allCases.map(\.name))
        case "load":
            return .fileNames
        case "help":
            return .words(Help.topics.map(\.name))
        case "fail":
            return .words(["next"])
        case "list":
            return .words(["backups"])
        default:
            // After a service name in a statement that takes more words.
            switch previous.first?.lowercased() {
            case "create": return .words(["edition", "units", "region"])
            case "scale": return .words(["to"])
            case "update": return .words(["set"])
            case "backup": return .words(["as"])
            case "restore": return .words(["to", "edition"])
            case "assert", "if", "while":
                return .words(["is", "can", "cannot", "and", "or"])
            default: return .words([])
            }
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
        if inString { return (current, tokens) }
        // A statement starts after the last terminator or brace.
        if let start = tokens.lastIndex(where: { $0 == ";" || $0 == "{" || $0 == "}" }) {
            tokens = Array(tokens[start...])
            if tokens.count > 1 { tokens.removeFirst() }
        }
        return (current, tokens)
    }
}
