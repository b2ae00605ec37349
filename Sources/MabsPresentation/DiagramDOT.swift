import Lifecycle

/// A picture as Graphviz DOT (`dot -Tpng`): the SVG's colours, dashes
/// and shapes, every state in a cluster when delete leaves from all of
/// them, and the legend as a node of its own.
enum DiagramDOT {
    static func render(_ diagram: Diagram, _ operationName: (Operation) -> String) -> String {
        let font = "fontname=\"DejaVu Sans\""
        var lines = [
            "digraph mabs {",
            "    rankdir=LR;",
            "    compound=true;",
            "    \(font);",
            "    node [shape=box, style=\"rounded,filled\", fillcolor=\"\(DiagramColor.stateFill)\", color=\"\(DiagramColor.ink)\", penwidth=2, \(font)];",
            "    edge [color=\"\(DiagramColor.ink)\", fontcolor=\"\(DiagramColor.ink)\", \(font)];",
        ]
        let framed = diagram.places.contains(.everyState)
        for place in diagram.places where place.state == nil && place != .everyState {
            lines.append("    " + node(place, diagram))
        }
        if framed {
            lines.append("    subgraph cluster_\(Place.everyState.identifier) {")
            lines.append("        label=\"\(DiagramLayout.frameTitle)\";")
            lines.append("        style=\"rounded,dashed\";")
            lines.append("        color=\"\(DiagramColor.frame)\";")
            lines.append("        fontcolor=\"\(DiagramColor.muted)\";")
        }
        for place in diagram.places where place.state != nil {
            lines.append((framed ? "        " : "    ") + node(place, diagram))
        }
        if framed { lines.append("    }") }
        // An edge from every state leaves the cluster's border: its tail is
        // any state inside (the first), cut off at the border.
        let inside = diagram.places.first { $0.state != nil }
        for edge in diagram.edges {
            var attributes = ["label=\"\(edge.label(operationName))\""]
            switch edge.style {
            case .success: break
            case .failure: attributes.append("style=dashed, color=\"\(DiagramColor.failure)\", fontcolor=\"\(DiagramColor.failure)\"")
            case .event: attributes.append("style=dotted, color=\"\(DiagramColor.event)\", fontcolor=\"\(DiagramColor.event)\"")
            }
            if diagram.walked.contains(edge) { attributes.append("penwidth=4") }
            var from = edge.from
            if edge.from == .everyState, let inside {
                from = inside
                attributes.append("ltail=cluster_\(Place.everyState.identifier)")
            }
            lines.append("    \(from.identifier) -> \(edge.to.identifier) [\(attributes.joined(separator: ", "))];")
        }
        if let note = diagram.note { lines.append("    note [shape=plaintext, style=\"\", label=\"\(note)\"];") }
        lines.append("    legend [shape=plaintext, style=\"\", label=<\(legend(diagram))>];")
        lines.append("}")
        return lines.map { $0 + "\n" }.joined()
    }

    private static func node(_ place: Place, _ diagram: Diagram) -> String {
        var attributes: [String] = []
        switch place {
        case .noService:
            attributes.append("label=\"\(place.title)\", style=\"rounded,dashed,filled\", fillcolor=\"#f2f2f2\", color=\"\(DiagramColor.muted)\"")
        case .backup:
            attributes.append("label=\"\(place.title)\", shape=cylinder, style=filled, fillcolor=\"#f2f2f2\"")
        default:
            if DiagramGeometry.isFailure(place) {
                attributes.append("fillcolor=\"\(DiagramColor.failureFill)\", color=\"\(DiagramColor.failure)\"")
            }
        }
        if let current = diagram.current, place == .state(current) {
            attributes.append("fillcolor=\"\(DiagramColor.current)\", penwidth=5")
        } else if diagram.visited.contains(place) {
            attributes.append("fillcolor=\"\(DiagramColor.visited)\"")
        }
        return place.identifier + (attributes.isEmpty ? "" : " [\(attributes.joined(separator: ", "))]") + ";"
    }

    /// The legend as an HTML-like table, each line in its own colour.
    private static func legend(_ diagram: Diagram) -> String {
        let lines = DiagramMermaid.legend(diagram)
        let (styles, _, _) = diagram.legend
        var rows = ["<tr><td align=\"left\"><b>\(lines[0])</b></td></tr>"]
        for (index, line) in lines.dropFirst().enumerated() {
            let color = index < styles.count ? styles[index].color : DiagramColor.ink
            rows.append("<tr><td align=\"left\"><font color=\"\(color)\">\(line)</font></td></tr>")
        }
        return "<table border=\"1\" cellborder=\"0\" color=\"\(DiagramColor.frame)\">" + rows.joined() + "</table>"
    }
}
