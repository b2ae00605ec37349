import Lifecycle
import MabsPresentation

/// The one line that says what a statement did when it runs no operation
/// (`add`, `receive`, `wait`, ...) or is a check that passed: at the prompt
/// and in a play, so an audience sees the lesson happen; in `mabs run`
/// only with `--trace`, so a script's output stays its own.
extension EngineBridge {
    /// Whether what a statement does now is said: as successful operations
    /// are announced (every one with `--trace`; at the prompt, those of
    /// top-level statements, not of blocks, loops and procedures).
    var tracesThisStatement: Bool {
        trace == .all || (trace == .topLevel && nesting == 1)
    }

    /// Says `acknowledgement` (made only when it is said) as a notice.
    func acknowledge(_ acknowledgement: (Engine) -> Acknowledgement?) {
        guard tracesThisStatement, let acknowledgement = acknowledgement(engine) else { return }
        output.notify(TerminalText.escaped(Notice.acknowledged(acknowledgement).text, as: .lines))
    }
}

extension Acknowledgement {
    /// After `receive`: the batch the service holds now.
    static func received(_ count: Int, on name: String, in engine: Engine) -> Acknowledgement? {
        engine.service(named: name).map { .messagesReceived(count, service: $0.name, batch: $0.activeBatch) }
    }

    /// After `process` (`batch` of `count` messages, or `count` alone).
    static func processed(_ count: Int, batch: Bool, on name: String, in engine: Engine) -> Acknowledgement? {
        guard let service = engine.service(named: name) else { return nil }
        if batch && count == 0 { return .batchEmpty(service: service.name) }
        return .messagesProcessed(count, service: service.name, batch: batch, controlNumber: service.controlNumber)
    }

    static func content(_ kind: ContentKind, _ item: String, on name: String, added: Bool, in engine: Engine) -> Acknowledgement? {
        guard let service = engine.service(named: name) else { return nil }
        // The item as the service keeps it (its name as first written).
        let shown = service.contents.item(kind, named: item)?.name ?? item
        return added ? .contentAdded(kind, name: shown, service: service.name) : .contentRemoved(kind, name: shown, service: service.name)
    }
}

/// How an announced transition is coloured on a terminal: as the diagrams
/// draw it (`DiagramColor`), a failure red, a platform event blue.
enum TransitionColor {
    case failure, platformEvent

    var code: String {
        switch self {
        case .failure: "\u{1B}[31m"
        case .platformEvent: "\u{1B}[34m"
        }
    }
}

extension EngineBridge {
    /// `line` (ending in a newline) in `color`, when the host wants colour.
    func painted(_ line: String, _ color: TransitionColor?) -> String {
        guard colorTransitions, let color, line.hasSuffix("\n") else { return line }
        return color.code + line.dropLast() + "\u{1B}[0m\n"
    }
}
