import Lifecycle

/// A picture as text, for the prompt: for one state (a service's, or
/// `around STATE`), each operation it allows with where it leads on
/// success and on failure; otherwise the edges as aligned lines.
enum DiagramText {
    static func render(_ diagram: Diagram, _ operationName: (Operation) -> String) -> String {
        switch diagram.view {
        case .around(let state):
            return around(state, diagram, omissions: [], operationName)
        case .machine(let omissions):
            if let state = diagram.current { return around(state, diagram, omissions: omissions, operationName) }
            return lines(diagram, operationName)
        case .backups:
            return lines(diagram, operationName)
        }
    }

    /// The operations `state` allows, one a line: where each leads when it
    /// succeeds and when it fails.
    private static func around(
        _ state: ServiceState, _ diagram: Diagram, omissions: StateDiagram.Omissions, _ operationName: (Operation) -> String
    ) -> String {
        var out: [String] = []
        if let service = diagram.service {
            out.append("\(service) is \(state.displayName).")
            if !diagram.history.isEmpty { out.append(history(diagram.history, operationName)) }
        } else {
            out.append("In \(state.displayName):")
        }
        let stays = "stays \(state.displayName)"
        func outcome(_ transition: StateMachine.Transition?) -> String {
            guard let transition, let (_, to) = Diagram.drawn(transition, keepingLoops: true) else { return "" }
            if to == .state(state) { return stays }
            if to == .backup { return "\(Place.backup.title) (\(stays))" }
            return to.title
        }
        var rows: [[String]] = [omissions.contains(.failures) ? ["operation", "on success"] : ["operation", "on success", "on failure"]]
        var events = false
        var stayed = false
        for operation in Rules.allowedOperations(in: state).operations {
            if omissions.contains(.delete) && operation == .delete { continue }
            let runs = StateMachine.transitions.filter { $0.from == .state(state) && $0.operation == operation }
            var name = operationName(operation)
            if operation.isPlatformEvent {
                name += " (platform event)"
                events = true
            }
            var row = [name, outcome(runs.first { !$0.fails })]
            if !omissions.contains(.failures) { row.append(outcome(runs.first { $0.fails })) }
            stayed = stayed || row.dropFirst().contains { $0.hasPrefix(stays) }
            rows.append(row)
        }
        out += aligned(rows)
        if let note = diagram.note { out.append(note) }
        var legend: [String] = []
        if stayed { legend.append("'stays' = the state does not change") }
        if events { legend.append(LegendText.eventInText) }
        if !legend.isEmpty { out.append("Legend: " + legend.joined(separator: "; ") + ".") }
        return out.map { $0 + "\n" }.joined()
    }

    /// How the service got where it is: its last moves.
    private static func history(_ steps: [StateMachine.Step], _ operationName: (Operation) -> String) -> String {
        let shown = 8
        let moves = steps.suffix(shown).map { step in
            "\(operationName(step.operation))\(step.fails ? " fails" : "") -> \(Place(step.to).title)"
        }
        let earlier = steps.count > shown ? "..., " : ""
        return "It went: " + earlier + moves.joined(separator: ", ") + "."
    }

    /// Every edge of the picture: where it starts, its operations, where it
    /// leads.
    private static func lines(_ diagram: Diagram, _ operationName: (Operation) -> String) -> String {
        func place(_ place: Place) -> String {
            if let current = diagram.current, place == .state(current) { return place.title + " [now]" }
            if diagram.visited.contains(place), place.state != nil { return place.title + " [visited]" }
            return place.title
        }
        var rows = [["from", "operation", "to"]]
        for edge in diagram.edges {
            rows.append([place(edge.from), edge.label(operationName) + (edge.isEvent ? " (platform event)" : ""), place(edge.to)])
        }
        var out = aligned(rows)
        if let note = diagram.note { out.append(note) }
        let (styles, current, visited) = diagram.legend
        var legend: [String] = []
        if styles.contains(.failure) { legend.append("'fails' = where a failed run leads") }
        if styles.contains(.event) { legend.append(LegendText.eventInText) }
        if current { legend.append("[now] = \(LegendText.current)") }
        if visited { legend.append("[visited] = \(LegendText.visited)") }
        if !legend.isEmpty { out.append("Legend: " + legend.joined(separator: "; ") + ".") }
        return out.map { $0 + "\n" }.joined()
    }

    /// Rows as columns, two spaces apart, without trailing spaces.
    private static func aligned(_ rows: [[String]]) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        return rows.map { row in
            var line = ""
            for (index, cell) in row.enumerated() {
                line += cell
                if index < row.count - 1 { line += String(repeating: " ", count: widths[index] - cell.count + 2) }
            }
            return line
        }
    }
}
