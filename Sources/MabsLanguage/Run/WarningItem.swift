import Lifecycle

/// An item of `warnings()`: the warning's text as it was shown, and its
/// kind. It compares, joins and prints as its text; `kind(w)` reads its
/// kind. Saved in a workspace as its kind's name and its text.
public struct WarningItem: Sendable, Hashable, Codable {
    public var kind: LifecycleWarning.Kind
    public var text: String

    public init(_ kind: LifecycleWarning.Kind, _ text: String) {
        self.kind = kind
        self.text = text
    }

    public init(_ warning: LifecycleWarning) {
        self.init(warning.kind, Message.text(of: warning))
    }

    private enum CodingKeys: String, CodingKey { case kind, text }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let name = try container.decode(String.self, forKey: .kind)
        guard let kind = LifecycleWarning.Kind(named: name) else {
            throw DecodingError.dataCorruptedError(forKey: .kind, in: container, debugDescription: "no kind of warning is named \(name)")
        }
        self.init(kind, try container.decode(String.self, forKey: .text))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind.name, forKey: .kind)
        try container.encode(text, forKey: .text)
    }
}

extension Value {
    /// The value as operators and comparisons read it: a warning item is
    /// its text.
    var plain: Value {
        if case .warning(let item) = self { return .string(item.text) }
        return self
    }
}
