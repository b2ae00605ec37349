import Lifecycle

/// The type of a value as far as it can be known before running: a
/// literal's, or what a built-in function gives. The checker uses it to see
/// comparisons that can only go wrong (`n == 3`, the word `n` where `$n`
/// was meant; `edition(x) == premum`).
enum ValueKind: Sendable {
    case number, duration, condition, list, text, time, state, edition, version

    /// The kind of a value at run time; nil for nothing.
    init?(_ value: Value) {
        switch value {
        case .none: return nil
        case .bool: self = .condition
        case .int: self = .number
        case .string, .secret, .warning: self = .text
        case .duration: self = .duration
        case .time: self = .time
        case .state: self = .state
        case .edition: self = .edition
        case .version: self = .version
        case .list, .range: self = .list
        }
    }

    /// What a bare word beside a value of this kind should have been, for
    /// the hint that it is text and `$word` reads the variable; nil where a
    /// word is read as a value of the kind (a state, an edition, a version)
    /// or is text already.
    var expectation: Message.Expectation? {
        switch self {
        case .number: .number
        case .duration: .duration
        case .condition: .condition
        case .list: .listOrRange
        case .text, .time, .state, .edition, .version: nil
        }
    }

    /// The words a bare word beside a value of this kind must be one of.
    var lexicon: Lexicon? {
        switch self {
        case .state: .state
        case .edition: .edition
        default: nil
        }
    }
}

/// The words a built-in function's argument, or a value compared with a
/// word, must be one of: the engine's names for them.
enum Lexicon: Sendable {
    case setting, quota, contentKind, state, edition

    /// The error for `text` when it names none of them (with the nearest
    /// one, where one is close); nil when it names one.
    func problem(_ text: String) -> Message.Runtime? {
        names(text) ? nil : unknown(text)
    }

    func names(_ text: String) -> Bool {
        switch self {
        case .setting: SettingKey(userInput: text) != nil
        case .quota: QuotaKind(userInput: text) != nil
        case .contentKind: ContentKind(userInput: text) != nil
        case .state: ServiceState(userInput: text) != nil
        case .edition: Edition(userInput: text) != nil
        }
    }

    /// The error for a word that is not one of them.
    func unknown(_ text: String) -> Message.Runtime {
        switch self {
        case .setting: .lifecycle(.unknownSetting(text))
        case .quota: .unknownQuota(text)
        case .contentKind: .unknownContentKind(text, suggestion: suggestion(for: text, among: ContentKind.allCases.map(\.name)))
        case .state: .unknownState(text, suggestion: stateSuggestion(text))
        case .edition: .unknownEdition(text)
        }
    }
}
