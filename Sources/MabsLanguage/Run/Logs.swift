import Lifecycle
import MabsPresentation

extension Interpreter {
    /// How many of the log's last entries `log` shows unless told `all` or
    /// `last N`: a screenful, so the prompt is not flooded.
    public static let logShown = 20

    /// `log [NAME] [all | last N]`.
    func log(_ written: Name?, _ span: LogSpan, _ file: SourceFile) throws {
        let name = try written.map { try text(of: $0, file) }
        let shown: Int?
        switch span {
        case .recent: shown = Self.logShown
        case .all: shown = nil
        case .last(let expression):
            let count = try integer(expression, file, for: "log last")
            guard count >= 1 else { throw RuntimeError(.logCount(count), Site(file: file, range: expression.range)) }
            shown = count
        }
        let entries = name.map(engine.log.entries(for:)) ?? engine.log.entries
        // A name no service has and the log never saw is likely a typo:
        // "no operations yet" would answer the wrong question.
        if let name, let written, entries.isEmpty, engine.service(named: name) == nil {
            throw RuntimeError(.lifecycle(.noSuchService(name)), Site(file: file, range: written.range))
        }
        emit(Reports.log(entries, dropped: engine.log.dropped, limit: engine.log.limit, last: shown))
    }
}
