import Lifecycle

/// Writes a laid-out picture as one self-contained SVG file: no fonts,
/// images or styles from elsewhere, a white background (it stays
/// readable on a dark page), and a title for screen readers.
enum DiagramSVG {
    static func render(_ geometry: DiagramGeometry) -> String {
        var out: [String] = []
        let width = number(geometry.width), height = number(geometry.height)
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-labelledby=\"title\">")
        out.append("<title id=\"title\">\(escape(geometry.title))</title>")
        out.append("<style>")
        out.append("text { font-family: \(DiagramType.fontFamily); fill: \(DiagramColor.ink); }")
        out.append(".state { font-size: \(number(DiagramType.stateSize))px; font-weight: bold; }")
        out.append(".place { font-size: \(number(DiagramType.stateSize))px; fill: \(DiagramColor.muted); }")
        out.append(".label { font-size: \(number(DiagramType.labelSize))px; }")
        out.append(".caption { font-size: \(number(DiagramType.legendSize))px; fill: \(DiagramColor.muted); }")
        out.append(".legend { font-size: \(number(DiagramType.legendSize))px; }")
        out.append(".title { font-size: \(number(DiagramGeometry.titleSize))px; font-weight: bold; }")
        out.append(".heading { font-size: \(number(DiagramType.legendSize))px; font-weight: bold; fill: \(DiagramColor.muted); }")
        for style in EdgeStyle.allCases {
            out.append("path.\(style.name) { fill: none; stroke: \(style.color); stroke-width: 2.2; stroke-dasharray: \(style.dashes); }")
            out.append("text.\(style.name) { fill: \(style.color); }")
        }
        out.append("path.walked { stroke-width: 5; }")
        out.append("text.walked { font-weight: bold; }")
        if geometry.bundles.contains(where: { !$0.lastSources.isEmpty }) {
            out.append("path.last { stroke-width: 9; stroke-dasharray: none; }")
            out.append("text.last { font-size: \(number(DiagramType.labelSize + 3))px; }")
        }
        out.append("</style>")
        out.append("<defs>")
        for style in EdgeStyle.allCases {
            out.append("<marker id=\"arrow-\(style.name)\" viewBox=\"0 0 12 12\" refX=\"11\" refY=\"6\" markerWidth=\"14\" markerHeight=\"14\" markerUnits=\"userSpaceOnUse\" orient=\"auto\"><path d=\"M0,1 L12,6 L0,11 z\" fill=\"\(style.color)\"/></marker>")
        }
        out.append("</defs>")
        out.append("<rect x=\"0\" y=\"0\" width=\"\(width)\" height=\"\(height)\" fill=\"#ffffff\"/>")

        // The frame of every state first, then the band, then groups.
        for frame in geometry.frames.sorted(by: { $0.kind.drawingOrder < $1.kind.drawingOrder }) {
            let (fill, dashes, width) = switch frame.kind {
            case .everyState: ("none", " stroke-dasharray=\"10 6\"", 1.5)
            case .band: (DiagramColor.band, "", 1.5)
            case .group: (DiagramColor.group, "", 2.0)
            }
            out.append("<rect x=\"\(number(frame.rect.x))\" y=\"\(number(frame.rect.y))\" width=\"\(number(frame.rect.width))\" height=\"\(number(frame.rect.height))\" rx=\"16\" fill=\"\(fill)\" stroke=\"\(DiagramColor.frame)\" stroke-width=\"\(number(width))\"\(dashes)/>")
            if let title = frame.title, let rect = frame.titleRect {
                out.append(text(title, x: rect.x, baseline: rect.y + DiagramType.legendSize, class: "caption"))
            }
            if let rect = frame.captionRect {
                for (index, line) in frame.caption.enumerated() {
                    out.append(text(line.text, x: rect.x, baseline: rect.y + DiagramType.legendSize + Double(index) * DiagramGeometry.captionLine,
                                    class: "legend \(line.style.name)"))
                }
            }
        }

        // Lines first, then labels on their backgrounds, then boxes.
        for bundle in geometry.bundles {
            let classes = bundle.style.name + (bundle.walked ? " walked" : "") + (bundle.lastSources.isEmpty ? "" : " last")
            for (branch, source) in zip(bundle.branches, bundle.sources) {
                let walked = (bundle.walkedSources.contains(source) ? " walked" : "") + (bundle.lastSources.contains(source) ? " last" : "")
                out.append("<path class=\"\(bundle.style.name)\(walked)\" d=\"\(path(branch))\"/>")
            }
            out.append("<path class=\"\(classes)\" d=\"\(path(bundle.trunk))\" marker-end=\"url(#arrow-\(bundle.style.name))\"/>")
        }
        for label in geometry.labels {
            let r = label.rect
            out.append("<rect x=\"\(number(r.x))\" y=\"\(number(r.y))\" width=\"\(number(r.width))\" height=\"\(number(r.height))\" rx=\"6\" fill=\"#ffffff\" fill-opacity=\"0.94\" stroke=\"\(label.style.color)\" stroke-width=\"1\" stroke-opacity=\"0.5\"/>")
            let classes = "label \(label.style.name)" + (label.walked ? " walked" : "") + (label.last ? " last" : "")
            out.append(text(label.text, x: r.center.x, baseline: r.center.y + DiagramType.labelSize * 0.36, class: classes, anchor: "middle"))
        }
        for box in geometry.boxes {
            out.append(contentsOf: self.box(box, current: geometry.current == box.place, visited: geometry.visited.contains(box.place)))
        }

        out.append(text(geometry.title, x: geometry.titleRect.x, baseline: geometry.titleRect.y + DiagramGeometry.titleSize, class: "title"))
        for heading in geometry.headings {
            out.append(text(heading.text, x: heading.rect.center.x, baseline: heading.rect.y + DiagramType.legendSize, class: "heading", anchor: "middle"))
        }
        if let note = geometry.note {
            out.append(text(note.text, x: note.rect.x, baseline: note.rect.y + DiagramType.legendSize, class: "legend"))
        }
        for entry in geometry.legend.entries {
            out.append(contentsOf: legend(entry.kind, entry.rect, entry.text))
        }
        out.append("</svg>")
        return out.map { $0 + "\n" }.joined()
    }

    private static func box(_ box: DiagramGeometry.Box, current: Bool, visited: Bool) -> [String] {
        let r = box.rect
        let baseline = r.center.y + DiagramType.stateSize * 0.36
        switch box.place {
        case .noService:
            return [
                "<rect x=\"\(number(r.x))\" y=\"\(number(r.y))\" width=\"\(number(r.width))\" height=\"\(number(r.height))\" rx=\"\(number(r.height / 2))\" fill=\"\(visited ? DiagramColor.visited : "#f2f2f2")\" stroke=\"\(DiagramColor.muted)\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>",
                text(box.title, x: r.center.x, baseline: baseline, class: "place", anchor: "middle"),
            ]
        case .backup:
            // A cylinder: what stores are drawn as.
            let e = 7.0
            let fill = visited ? DiagramColor.visited : "#f2f2f2"
            return [
                "<path d=\"M\(number(r.x)),\(number(r.y + e)) A\(number(r.width / 2)),\(number(e)) 0 0 1 \(number(r.maxX)),\(number(r.y + e)) L\(number(r.maxX)),\(number(r.maxY - e)) A\(number(r.width / 2)),\(number(e)) 0 0 1 \(number(r.x)),\(number(r.maxY - e)) Z\" fill=\"\(fill)\" stroke=\"\(DiagramColor.ink)\" stroke-width=\"2\"/>",
                "<path d=\"M\(number(r.x)),\(number(r.y + e)) A\(number(r.width / 2)),\(number(e)) 0 0 0 \(number(r.maxX)),\(number(r.y + e))\" fill=\"none\" stroke=\"\(DiagramColor.ink)\" stroke-width=\"2\"/>",
                text(box.title, x: r.center.x, baseline: baseline + e / 2, class: "place", anchor: "middle"),
            ]
        default:
            let fill = current ? DiagramColor.current : visited ? DiagramColor.visited : box.isFailure ? DiagramColor.failureFill : DiagramColor.stateFill
            let stroke = box.isFailure ? DiagramColor.failure : DiagramColor.ink
            return [
                "<rect x=\"\(number(r.x))\" y=\"\(number(r.y))\" width=\"\(number(r.width))\" height=\"\(number(r.height))\" rx=\"10\" fill=\"\(fill)\" stroke=\"\(stroke)\" stroke-width=\"\(current ? 5 : 2)\"/>",
                text(box.title, x: r.center.x, baseline: baseline, class: "state", anchor: "middle"),
            ]
        }
    }

    private static func legend(_ kind: DiagramGeometry.LegendEntry, _ r: Rect, _ text: String) -> [String] {
        var out: [String] = []
        let y = r.center.y
        switch kind {
        case .line(let style):
            out.append("<path class=\"\(style.name)\" d=\"M\(number(r.x)),\(number(y)) L\(number(r.x + 50)),\(number(y))\" marker-end=\"url(#arrow-\(style.name))\"/>")
        case .frame:
            out.append("<rect x=\"\(number(r.x + 2))\" y=\"\(number(r.y + 1))\" width=\"26\" height=\"24\" rx=\"6\" fill=\"\(DiagramColor.group)\" stroke=\"\(DiagramColor.frame)\" stroke-width=\"2\"/>")
            out.append("<path class=\"success\" d=\"M\(number(r.x + 28)),\(number(y)) L\(number(r.x + 50)),\(number(y))\" marker-end=\"url(#arrow-success)\"/>")
        case .loop:
            out.append("<rect x=\"\(number(r.x + 12))\" y=\"\(number(r.y + 12))\" width=\"30\" height=\"14\" rx=\"4\" fill=\"#ffffff\" stroke=\"\(DiagramColor.ink)\" stroke-width=\"2\"/>")
            out.append("<path class=\"success\" d=\"M\(number(r.x + 18)),\(number(r.y + 12)) C\(number(r.x + 18)),\(number(r.y - 2)) \(number(r.x + 36)),\(number(r.y - 2)) \(number(r.x + 36)),\(number(r.y + 12))\" marker-end=\"url(#arrow-success)\"/>")
        case .current:
            out.append("<rect x=\"\(number(r.x + 4))\" y=\"\(number(r.y + 2))\" width=\"44\" height=\"22\" rx=\"5\" fill=\"\(DiagramColor.current)\" stroke=\"\(DiagramColor.ink)\" stroke-width=\"4\"/>")
        case .visited:
            out.append("<rect x=\"\(number(r.x + 4))\" y=\"\(number(r.y + 2))\" width=\"44\" height=\"22\" rx=\"5\" fill=\"\(DiagramColor.visited)\" stroke=\"\(DiagramColor.ink)\" stroke-width=\"2\"/>")
        }
        out.append(self.text(text, x: r.x + 62, baseline: y + DiagramType.legendSize * 0.36, class: "legend"))
        return out
    }

    private static func text(_ text: String, x: Double, baseline: Double, class name: String, anchor: String? = nil) -> String {
        "<text x=\"\(number(x))\" y=\"\(number(baseline))\" class=\"\(name)\"" + (anchor.map { " text-anchor=\"\($0)\"" } ?? "") + ">\(escape(text))</text>"
    }

    private static func path(_ curve: Curve) -> String {
        "M\(number(curve.start.x)),\(number(curve.start.y)) C\(number(curve.control1.x)),\(number(curve.control1.y)) \(number(curve.control2.x)),\(number(curve.control2.y)) \(number(curve.end.x)),\(number(curve.end.y))"
    }

    /// A coordinate with at most one decimal: the file stays small and
    /// the same on every machine.
    static func number(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        let whole = Int(tenths) / 10, fraction = abs(Int(tenths)) % 10
        if fraction == 0 { return "\(whole)" }
        return (tenths < 0 && whole == 0 ? "-" : "") + "\(whole).\(fraction)"
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}

extension DiagramGeometry.Frame.Kind {
    var drawingOrder: Int {
        switch self {
        case .everyState: 0
        case .band: 1
        case .group: 2
        }
    }
}

extension EdgeStyle {
    var name: String {
        switch self {
        case .success: "success"
        case .failure: "failure"
        case .event: "event"
        }
    }

    var color: String {
        switch self {
        case .success: DiagramColor.ink
        case .failure: DiagramColor.failure
        case .event: DiagramColor.event
        }
    }

    /// Dashes tell the styles apart without colour.
    var dashes: String {
        switch self {
        case .success: "none"
        case .failure: "9 5"
        case .event: "2 4"
        }
    }
}
