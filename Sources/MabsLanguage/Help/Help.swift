import Lifecycle
import MabsPresentation

/// `help` and `help TOPIC`: one table of topics, each with its text built
/// from the tables that hold the facts (the vocabulary for statements; the
/// engine's tables for states, operations, editions, kinds of content,
/// backups and warnings; the built-in functions' table). Nothing here
/// restates a rule; a topic says what the tables say, in words.
///
/// The host says how wide the text may be; the language does no I/O.
public enum Help {
    /// Every topic, once, in the order the index lists them.
    public static let topics: [HelpTopic] = {
        let all = statementTopics + subjectTopics + stateTopics + functionTopics + kindTopics + editionTopics
        var keys = Set<String>()
        for topic in all {
            for name in [topic.name] + topic.otherNames {
                precondition(keys.insert(key(name)).inserted, "one topic answers to \(name)")
            }
        }
        return all
    }()

    /// The widest text help writes, however wide the terminal: longer
    /// lines are hard to read.
    public static let widestText = 100
    /// The narrowest it lays out; narrower terminals get this width.
    public static let narrowestText = 20

    /// The text of `help` (no topic: the index) or `help TOPIC`, in lines
    /// of at most `width` columns (within `narrowestText...widestText`).
    public static func text(for topic: String?, width: Int) -> Result<String, Message.Runtime> {
        let width = min(max(width, narrowestText), widestText)
        guard let topic else { return .success(index(width: width)) }
        guard let found = self.topic(named: topic) else { return .failure(unknownTopic(topic)) }
        return .success(found.text(width: width))
    }

    /// `help` and `help TOPIC` as a statement runs them.
    static func text(for topic: String?, width: Int, _ at: Site) throws -> String {
        switch text(for: topic, width: width) {
        case .success(let text): return text
        case .failure(let message): throw RuntimeError(message, at)
        }
    }

    /// The error for a topic there is none of, with the nearest name.
    static func unknownTopic(_ name: String) -> Message.Runtime {
        .unknownHelpTopic(name, suggestion: nearestTopic(to: name))
    }

    /// The topic name nearest to `name`, if it is close enough to be
    /// what was meant.
    public static func nearestTopic(to name: String) -> String? {
        let names = topics.flatMap { [$0.name] + $0.otherNames }
        return suggestion(for: key(name), among: names.map(key)).flatMap { found in names.first { key($0) == found } }
    }

    /// The topic `name` names, matched as the language matches names:
    /// ignoring case, spaces, hyphens and underscores (`stop-failed`,
    /// `Hybrid Connections`), a final `s` more or less (`backup`,
    /// `warning`), and a function's name without its `()`.
    public static func topic(named name: String) -> HelpTopic? {
        let typed = key(name)
        guard !typed.isEmpty else { return nil }
        func answers(_ topic: HelpTopic, _ matches: (String) -> Bool) -> Bool {
            ([topic.name] + topic.otherNames).contains { matches(key($0)) }
        }
        return topics.first { answers($0) { $0 == typed } }
            ?? topics.first { answers($0) { $0 == typed + "s" || $0 + "s" == typed } }
            ?? topics.first { $0.group == .function && answers($0) { $0 == typed + "()" } }
    }

    /// Lowercased, without spaces, hyphens and underscores.
    static func key(_ name: String) -> String {
        String(name.lowercased().filter { $0 != " " && $0 != "-" && $0 != "_" })
    }

    // MARK: The index

    /// `help` alone: each statement and what it does, then every other
    /// topic by group.
    static func index(width: Int) -> String {
        let statements = Vocabulary.statements.map { entry in
            HelpTerm(entry.spelling, firstSentence(entry.summary) + (entry.operation.flatMap(outcomeStates).map { ": " + $0 } ?? ""))
        }
        var blocks: [HelpBlock] = [.terms(statements)]
        for group in HelpTopic.Group.allCases where group != .statement {
            let names = topics.filter { $0.group == group }.map(\.name)
            blocks.append(.heading(group.listName.map { "\(group.title) (help \($0)):" } ?? group.title + ":"))
            blocks.append(.text(names.joined(separator: ", ")))
        }
        return HelpText.render(title: ["Statements (help NAME for one's syntax and more):"], blocks, width: width)
    }

    // MARK: Statements

    /// A topic per statement, from the vocabulary; `backup` is the
    /// `backups` subject, which says all a backup keeps.
    static var statementTopics: [HelpTopic] {
        Vocabulary.statements.filter { $0.word != .backup }.map { entry in
            let other: [String] = switch entry.word {
            case .update: Vocabulary.operationAliases.map(\.0.spelling)
            case .if: [Word.else.spelling]
            default: []
            }
            return HelpTopic(
                entry.spelling, .statement, otherNames: other, summary: firstSentence(entry.summary),
                title: forms(of: entry.syntax)
            ) {
                var blocks: [HelpBlock] = [.text(entry.summary)]
                blocks += (entry.operation.map(facts(about:)) ?? []).map(HelpBlock.text)
                if entry.word == .restore { blocks.append(.text("What a backup keeps: 'help backups'.")) }
                blocks.append(.example(entry.example))
                if entry.word == .restore { blocks += restoreBlocks() }
                return blocks
            }
        }
    }

    /// Where an operation is allowed, what it leads to, which editions it
    /// concerns, and its name in the operation log, in the engine tables'
    /// own terms.
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
        sentences.append((operation.isPlatformEvent ? "A platform event, not a user operation; in" : "In")
            + " the operation log as \(operation.logName).")
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
    static func list(_ items: [String], conjunction: String = "and") -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " \(conjunction) " + items.last!
    }

    /// A statement's forms: its syntax puts four spaces between them
    /// (`list    list backups`).
    static func forms(of syntax: String) -> [String] {
        var forms: [String] = [], form = "", spaces = 0
        for character in syntax {
            if character == " " {
                spaces += 1
                continue
            }
            if spaces >= 4 {
                forms.append(form)
                form = ""
            } else if spaces > 0 {
                form += String(repeating: " ", count: spaces)
            }
            spaces = 0
            form.append(character)
        }
        return forms + [form]
    }

    static func firstSentence(_ text: String) -> String {
        guard let end = text.firstIndex(of: ".") else { return text }
        return String(text[..<end])
    }
}

extension HelpTopic.Group {
    /// The subject topic that lists the group's topics.
    var listName: String? {
        switch self {
        case .statement, .subject: nil
        case .state: "states"
        case .function: "functions"
        case .contentKind: "kinds"
        case .edition: "editions"
        }
    }
}
