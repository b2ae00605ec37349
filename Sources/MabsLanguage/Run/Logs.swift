import Lifecycle
import MabsPresentation

extension Interpreter {
    /// How many of the log's last entries `log` shows unless told `all` or
    /// `last N`: a screenful, so the prompt is not flooded.
    public static let logShown = 20

    /// `log [NAME] [all | last N]`.
    func log(_ name: Name?, _ span: LogSpan, _ file: SourceFile) throws {
        let name = try name.map { try text(of: $0, file) }
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
        emit(Reports.log(entries, dropped: engine.log.dropped, limit: engine.log.limit, last: shown))
    }
}
