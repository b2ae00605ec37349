/// The sixteen states a BizTalk Service can be in (seed).
///
/// The cases are declared in the seed table's row order, so `allCases` is the
/// order every listing, table and diagram uses.
public enum ServiceState: UInt8, CaseIterable, Sendable, Hashable, Codable, BitwiseCopyable {
    case active
    case disabled
    case suspended
    case stopped
    case serviceUpdateFailed
    case disableFailed
    case enableFailed
    case startFailed
    case stopFailed
    case restartFailed
    case suspendedFailed
    case resumeFailed
    case createdFailed
    case restoreFailed
    case configUpdateFailed
    case scaleFailed

    /// The name users see. The seed writes one state as "Service Update
    /// Failed"; we display every state as one word.
    public var displayName: String {
        switch self {
        case .active: "Active"
        case .disabled: "Disabled"
        case .suspended: "Suspended"
        case .stopped: "Stopped"
        case .serviceUpdateFailed: "ServiceUpdateFailed"
        case .disableFailed: "DisableFailed"
        case .enableFailed: "EnableFailed"
        case .startFailed: "StartFailed"
        case .stopFailed: "StopFailed"
        case .restartFailed: "RestartFailed"
        case .suspendedFailed: "SuspendedFailed"
        case .resumeFailed: "ResumeFailed"
        case .createdFailed: "CreatedFailed"
        case .restoreFailed: "RestoreFailed"
        case .configUpdateFailed: "ConfigUpdateFailed"
        case .scaleFailed: "ScaleFailed"
        }
    }

    /// Matches what a user typed: case, spaces, hyphens and underscores are
    /// ignored (`stop-failed`, `Service Update Failed`), and `SuspendFailed`
    /// is accepted for SuspendedFailed.
    public init?(userInput: some StringProtocol) {
        let key = LenientName.key(userInput)
        if let state = ServiceState.byKey[key] {
            self = state
        } else if key == "suspendfailed" {
            self = .suspendedFailed
        } else {
            return nil
        }
    }

    private static let byKey: [String: ServiceState] = Dictionary(
        uniqueKeysWithValues: allCases.map { (LenientName.key($0.displayName), $0) }
    )
}

extension ServiceState: CustomStringConvertible {
    public var description: String { displayName }
}

/// The folding rule for names users type for states, operations and editions.
enum LenientName {
    /// The case whose name `input` spells, folded; with `singularOrPlural`,
    /// a final `s` more or less also matches (`bridges`, `agreement`).
    static func match<T>(_ input: some StringProtocol, in cases: [T], singularOrPlural: Bool = false, name: (T) -> String) -> T? {
        let typed = key(input)
        return cases.first { candidate in
            let own = key(name(candidate))
            return own == typed || (singularOrPlural && (own + "s" == typed || own == typed + "s"))
        }
    }

    /// Lowercases ASCII letters and drops spaces, hyphens and underscores.
    static func key(_ text: some StringProtocol) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "_"):
                continue
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                bytes.append(byte + 32)
            default:
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
