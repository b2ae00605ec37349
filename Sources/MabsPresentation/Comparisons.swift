import Lifecycle

/// The text of `compare A with B` and the words of `differences(A, B)`.
public enum Comparisons {
    /// The word naming what differs, as `differences` lists it: the
    /// setting's key, the kind of content, or the aspect.
    public static func label(_ aspect: Difference.Aspect) -> String {
        switch aspect {
        case .state: "state"
        case .edition: "edition"
        case .units: "units"
        case .version: "version"
        case .region: "region"
        case .setting(let key): key.name
        case .contents(let kind): kind.name
        case .controlNumber: "control number"
        case .micValues: "AS2 MIC values"
        case .batch: "batch"
        case .schedule: "backup schedule"
        }
    }

    /// One line per difference, `label: ...`, each side named; nothing
    /// when there is none. Secrets are never shown.
    public static func lines(_ differences: [Difference], _ first: String, _ second: String) -> String {
        differences.map { difference in
            let text: String = switch difference {
            case .value(let aspect, let mine, let theirs):
                "\(side(mine, aspect)) in \(first), \(side(theirs, aspect)) in \(second)"
            case .secret(_, let mine, let theirs):
                mine && theirs
                    ? "a different secret in each (not shown)"
                    : "a secret (not shown) only in \(mine ? first : second)"
            case .items(_, let mine, let theirs):
                [only(mine, first), only(theirs, second)].compactMap { $0 }.joined(separator: "; ")
            }
            return TerminalText.escaped(label(difference.aspect) + ": " + text) + "\n"
        }.joined()
    }

    private static func side(_ value: String?, _ aspect: Difference.Aspect) -> String {
        guard let value else { return "not set" }
        switch aspect {
        case .batch: return value == "0" ? "no messages" : "\(value) message\(value == "1" ? "" : "s") waiting"
        case .region, .setting: return "\"\(value)\""
        default: return value
        }
    }

    private static func only(_ items: [ContentItem], _ holder: String) -> String? {
        guard !items.isEmpty else { return nil }
        let names = items.map { item in item.source.map { "\(item.name) (reads \($0))" } ?? item.name }
        return names.joined(separator: ", ") + " only in \(holder)"
    }
}
