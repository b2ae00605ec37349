import Lifecycle
import MabsPresentation

/// Writes the files a script names for what it draws (`graph ... to
/// "FILE"`). The host decides how (all at once, so a reader never sees
/// half a file) and which files must never be replaced: a script being
/// run, the workspace in use.
public protocol OutputFileWriter {
    /// Replaces the file at `path`, seen from `file`, with `text`; throws a
    /// sentence saying why it cannot (the file is then left as it was).
    func write(_ text: String, to path: String, relativeTo file: SourceFile) throws
}

extension Machine {
    /// `graph`: the picture MabsPresentation draws of the view asked for,
    /// shown, or written to a file. `service` and `path` are the
    /// statement's parts, read (the service found) in order.
    func graph(_ request: GraphRequest, service name: String?, file path: String?, _ at: @autoclosure () -> Site) throws {
        var highlight: StateDiagram.Highlight?
        if let name {
            guard let service = engine.service(named: name) else { throw RuntimeError(.lifecycle(.noSuchService(name)), at()) }
            // Its moves, from the log, since it was last created or restored.
            var history: [StateMachine.Step] = []
            for entry in engine.logEntries(for: service.name) where !entry.isPurge {
                if entry.from == nil { history = [] }
                history.append(StateMachine.Step(operation: entry.operation, fails: !entry.succeeded, to: entry.to.map(StateMachine.Node.state) ?? .none))
            }
            highlight = StateDiagram.Highlight(service: service.name, current: service.state, history: history)
        }
        let view: StateDiagram.View = switch request.view {
        case .machine(let omissions): .machine(without: omissions)
        case .backups: .backups
        case .aroundService: .around(highlight!.current)
        case .aroundState(let state): .around(state)
        }
        var format = request.format ?? options.graphFormat
        if request.format == nil, let path {
            guard let named = StateDiagram.Format(fileName: path) else {
                throw RuntimeError(.graphFormatUnknown(path, formats: StateDiagram.Format.allCases.map(\.rawValue)), at())
            }
            format = named
        }
        let picture = StateDiagram.render(view, as: format, highlight: highlight, operationName: \.keyword)
        guard let path else { return output.emit(picture) }
        guard let outputFiles = session.outputFiles else { throw RuntimeError(.graphFileUnavailable, at()) }
        do {
            try outputFiles.write(picture, to: path, relativeTo: at().file)
        } catch {
            throw RuntimeError(.graphFileFailed(path, reason: "\(error)"), at())
        }
    }
}
