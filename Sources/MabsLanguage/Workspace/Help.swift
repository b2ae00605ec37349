import Lifecycle
import MabsPresentation

/// `help` and `help TOPIC`. A topic per statement, from the vocabulary, and
/// a few that are not statements. What the engine's tables say about an
/// operation (where it is allowed, what it leads to, which editions) is
/// read from the tables, never written out here.
public enum Help {
    public struct Topic: Sendable {
        public var name: String
        public var syntax: String
        public var summary: String
        /// What the engine's tables say about it, a sentence a line.
        public var facts: [String] = []
        public var example: String
    }

    /// One topic per statement keyword, then the topics that are not
    /// statements.
    public static let topics: [Topic] = Vocabulary.statements.map(topic(for:)) + [
        Topic(name: "expressions",
              syntax: "1  \"text ${expr}\"  90s  2.1  true  [a, b]  1..5  $var  NAME is [not] STATE  NAME can[not] OPERATION  == != < <= > >=  and or not  + - * / %",
              summary: "Bare words are names, states, editions or operations. A binary minus needs spaces around it.",
              example: "assert contoso-dr is suspended and edition(contoso-dr) == premium"),
        Topic(name: "functions",
              syntax: "NAME(ARGUMENT, ...)",
              summary: "Functions give values to print, compare and assert:",
              facts: Builtins.names.map { name in
                  let function = Builtins.function(name)!
                  return "\(name)(\(function.parameters.joined(separator: ", "))): \(function.summary)"
              },
              example: "assert contents(contoso, bridge) == [\"orders\"]"),
        Topic(name: "states", syntax: ServiceState.allCases.map(\.displayName).joined(separator: " "),
              summary: "Typed states ignore case, spaces, hyphens and underscores.", example: "assert contoso is stop-failed"),
        Topic(name: "operations", syntax: Vocabulary.operationWords.joined(separator: " "),
              summary: "The names used by fail next, can and cannot.", example: "assert contoso can backup"),
        Topic(name: "editions", syntax: Edition.allCases.map(\.displayName).joined(separator: " < "),
              summary: unitsSentence() + " " + backupSentence(),
              example: "create contoso edition basic units 3"),
    ]

    /// The text of `help` (no topic) or `help TOPIC`.
    static func text(for topic: String?, _ at: Site) throws -> String {
        guard let topic else {
            // Syntax in one column, what it does in the next; a syntax too
            // long for the column puts its summary on the line below.
            let width = 40
            let lines = Vocabulary.statements.map { entry in
                let outcome = entry.operation.flatMap(outcomeStates).map { ": " + $0 } ?? ""
                let summary = firstSentence(entry.summary) + outcome
                return entry.syntax.count <= width
                    ? "  " + entry.syntax.padded(to: width) + "  " + summary + "\n"
                    : "  " + entry.syntax + "\n" + String(repeating: " ", count: width + 4) + summary + "\n"
            }
            let others = topics.dropFirst(Vocabulary.statements.count).map(\.name).joined(separator: ", ")
            return "Statements (help TOPIC for more; topics also: \(others)):\n" + lines.joined()
        }
        guard let found = self.topic(named: topic) else {
            throw RuntimeError(.unknownHelpTopic(topic, suggestion: suggestion(for: topic, among: topics.map(\.name))), at)
        }
        return ([found.syntax, "  " + found.summary] + found.facts.map { "  " + $0 } + ["  Example: " + found.example])
            .map { $0 + "\n" }.joined()
    }

    public static func topic(named name: String) -> Topic? {
        let key = name.lowercased()
        return topics.first { $0.name == key } ?? (key == "else" ? topics.first { $0.name == "if" } : nil)
    }

    private static func topic(for entry: StatementEntry) -> Topic {
        Topic(name: entry.spelling, syntax: entry.syntax, summary: entry.summary,
              facts: entry.operation.map(facts(about:)) ?? [], example: entry.example)
    }

    // MARK: What the tables say

    /// Where an operation is allowed, what it leads to, and which editions
    /// it concerns, in the engine tables' own terms.
    static func facts(about operation: Lifecycle.Operation) -> [String] {
        var sentences: [String] = []
        let allowed = Rules.states(allowing: operation)
        if allowed.count == ServiceState.allCases.count {
            sentences.append("Allowed in every state.")
        } else if !allowed.isEmpty {
            sentences.append("Allowed in \(list(allowed.map(\.displayName))).")
        }
        let effect = Rules.effect(of: operation)
        if effect.onSuccess == effect.onFailure {
            sentences.append(outcome(effect.onSuccess, label: "Success or failure") + ".")
        } else {
            sentences.append(outcome(effect.onSuccess, label: "Success") + "; " + outcome(effect.onFailure, label: "failure") + ".")
        }
        switch operation {
        case .create, .scale: sentences.append(unitsSentence())
        case .backup, .restore: sentences.append(backupSentence())
        default: break
        }
        return sentences
    }

    /// `Active, or StartFailed`, where both outcomes are a state.
    private static func outcomeStates(_ operation: Lifecycle.Operation) -> String? {
        let effect = Rules.effect(of: operation)
        guard case .becomes(let success) = effect.onSuccess, case .becomes(let failure) = effect.onFailure else { return nil }
        return "\(success), or \(failure)"
    }

    private static func outcome(_ effect: Rules.Effect, label subject: String) -> String {
        switch effect {
        case .becomes(let state):
            return "\(subject): \(state)"
        case .keeps(nil):
            return "\(subject): the state stays as it was"
        case .keeps(let recovering?):
            return "\(subject): the state stays as it was, and \(recovering) recovers to \(ServiceState.active)"
        case .removed:
            return "\(subject): the service is gone"
        }
    }

    /// How many units each edition runs, grouping editions alike.
    static func unitsSentence() -> String {
        var groups: [(range: ClosedRange<Int>, editions: [Edition])] = []
        for edition in Edition.allCases {
            if let index = groups.firstIndex(where: { $0.range == edition.unitRange }) {
                groups[index].editions.append(edition)
            } else {
                groups.append((edition.unitRange, [edition]))
            }
        }
        let parts = groups.map { group in
            let count = group.range.count == 1
                ? "\(group.range.lowerBound) unit\(group.range.lowerBound == 1 ? "" : "s") and cannot scale"
                : "\(group.range.lowerBound) to \(group.range.upperBound) units"
            return "\(list(group.editions.map(\.displayName))) run\(group.editions.count == 1 ? "s" : "") \(count)"
        }
        return parts.joined(separator: "; ") + "."
    }

    /// Which editions cannot be backed up or restored.
    static func backupSentence() -> String {
        let without = Edition.allCases.filter { !$0.supportsBackup }
        guard !without.isEmpty else { return "Every edition can be backed up." }
        return "\(list(without.map(\.displayName))) cannot be backed up or restored."
    }

    /// `a`, `a and b`, `a, b and c`.
    private static func list(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " and " + items.last!
    }

    private static func firstSentence(_ text: String) -> String {
        guard let end = text.firstIndex(of: ".") else { return text }
        return String(text[..<end])
    }
}
