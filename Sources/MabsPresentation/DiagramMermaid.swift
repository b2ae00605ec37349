import Lifecycle

/// A picture as a Mermaid flowchart (GitHub and most Markdown viewers draw
/// it): the places, the edges, the legend and any note as nodes of their
/// own, and the colours and dashes of the SVG.
enum DiagramMermaid {
    static func render(_ diagram: Diagram, _ operationName: (Operation) -> String) -> String {
        var lines = ["flowchart LR"]
        let framed = diagram.places.contains(.everyState)
        for place in diagram.places where place.state == nil && place != .everyState {
            lines.append("    " + node(place))
        }
        if framed { lines.append("    subgraph \(Place.everyState.identifier) [\"\(DiagramLayout.frameTitle)\"]") }
        for place in diagram.places where place.state != nil {
            lines.append((framed ? "        " : "    ") + node(place))
        }
        if framed { lines.append("    end") }
        for edge in diagram.edges {
            let arrow = edge.style == .success ? "-->" : "-.->"
            lines.append("    \(edge.from.identifier) \(arrow)|\"\(edge.label(operationName))\"| \(edge.to.identifier)")
        }
        if let note = diagram.note { lines.append("    note[\"\(note)\"]") }
        lines.append("    legend[\"\(legend(diagram).joined(separator: "<br/>"))\"]")

        lines.append("    classDef failure fill:\(DiagramColor.failureFill),stroke:\(DiagramColor.failure),stroke-width:2px")
        lines.append("    classDef current fill:\(DiagramColor.current),stroke:\(DiagramColor.ink),stroke-width:4px")
        lines.append("    classDef visited fill:\(DiagramColor.visited),stroke:\(DiagramColor.ink)")
        lines.append("    classDef place fill:#f2f2f2,stroke:\(DiagramColor.muted),stroke-dasharray:6 4")
        lines.append("    classDef caption fill:#ffffff,stroke:\(DiagramColor.frame)")
        var classes: [String: [String]] = [:]
        for place in diagram.places where place != .everyState {
            let name: String
            if let current = diagram.current, place == .state(current) {
                name = "current"
            } else if diagram.visited.contains(place) {
                name = "visited"
            } else if place.state == nil {
                name = "place"
            } else if DiagramGeometry.isFailure(place) {
                name = "failure"
            } else {
                continue
            }
            classes[name, default: []].append(place.identifier)
        }
        classes["caption"] = diagram.note == nil ? ["legend"] : ["note", "legend"]
        for name in ["failure", "place", "visited", "current", "caption"] {
            if let members = classes[name] { lines.append("    class \(members.joined(separator: ",")) \(name)") }
        }
        for style in [EdgeStyle.failure, .event] {
            let indices = diagram.edges.indices.filter { diagram.edges[$0].style == style }
            guard !indices.isEmpty else { continue }
            lines.append("    linkStyle \(indices.map(String.init).joined(separator: ",")) stroke:\(style.color),color:\(style.color),stroke-dasharray:\(style.dashes)")
        }
        let walked = diagram.edges.indices.filter { diagram.walked.contains(diagram.edges[$0]) }
        if !walked.isEmpty { lines.append("    linkStyle \(walked.map(String.init).joined(separator: ",")) stroke-width:5px") }
        return lines.map { $0 + "\n" }.joined()
    }

    private static func node(_ place: Place) -> String {
        switch place {
        case .noService: "\(place.identifier)([\"\(place.title)\"])"
        case .backup: "\(place.identifier)[(\"\(place.title)\")]"
        default: "\(place.identifier)(\"\(place.title)\")"
        }
    }

    /// The legend's lines: what each line and mark means, in the picture's
    /// own colours' names.
    static func legend(_ diagram: Diagram) -> [String] {
        let (styles, current, visited) = diagram.legend
        var lines = ["Legend"]
        for style in styles {
            switch style {
            case .success: lines.append("solid black arrow: \(style.meaning)")
            case .failure: lines.append("dashed red arrow: \(style.meaning)")
            case .event: lines.append("dotted blue arrow: \(style.meaning)")
            }
        }
        if current { lines.append("yellow, thick border: \(LegendText.current)") }
        if visited { lines.append("light blue: \(LegendText.visited)") }
        return lines
    }
}
