import Lifecycle

/// The state machine as a picture: Graphviz DOT or Mermaid, drawn from
/// `StateMachine.transitions`, in a stable order. Operations that leave the
/// state as it was are not drawn; transitions between the same two places
/// with the same outcome share one edge, their operations listed.
public enum StateDiagram {
    public enum Format: String, CaseIterable, Sendable {
        case mermaid, dot
    }

    /// What `graph NAME` marks: the service's state now, and the states and
    /// moves of its history.
    public struct Highlight: Sendable {
        public var current: ServiceState?
        public var visited: [StateMachine.Node]
        public init(current: ServiceState?, visited: [StateMachine.Node]) {
            self.current = current
            self.visited = visited
        }
    }

    /// One drawn edge.
    struct Edge: Hashable {
        let from: StateMachine.Node
        let to: StateMachine.Node
        let fails: Bool
        let isEvent: Bool
        var operations: [Operation]
    }

    static var edges: [Edge] {
        var edges: [Edge] = []
        for transition in StateMachine.transitions where transition.from != transition.to {
            let isEvent = transition.operation.isPlatformEvent
            if let index = edges.firstIndex(where: {
                $0.from == transition.from && $0.to == transition.to && $0.fails == transition.fails && $0.isEvent == isEvent
            }) {
                edges[index].operations.append(transition.operation)
            } else {
                edges.append(Edge(from: transition.from, to: transition.to, fails: transition.fails,
                                  isEvent: isEvent, operations: [transition.operation]))
            }
        }
        return edges
    }

    /// The whole diagram, ending with a newline.
    public static func render(
        _ format: Format, highlight: Highlight? = nil, operationName: (Operation) -> String
    ) -> String {
        switch format {
        case .mermaid: mermaid(highlight, operationName)
        case .dot: dot(highlight, operationName)
        }
    }

    private static func label(_ edge: Edge, _ operationName: (Operation) -> String) -> String {
        let names = edge.operations.map(operationName).joined(separator: ", ")
        return edge.fails ? "\(names) fails" : names
    }

    private static func walked(_ edge: Edge, _ highlight: Highlight?) -> Bool {
        guard let visited = highlight?.visited else { return false }
        return zip(visited, visited.dropFirst()).contains { $0 == edge.from && $1 == edge.to }
    }

    // MARK: Mermaid

    private static func mermaid(_ highlight: Highlight?, _ operationName: (Operation) -> String) -> String {
        func node(_ node: StateMachine.Node) -> String {
            if case .state(let state) = node { state.displayName } else { "[*]" }
        }
        var lines = ["stateDiagram-v2"]
        for edge in edges {
            let kind = edge.isEvent ? " (platform event)" : ""
            lines.append("    \(node(edge.from)) --> \(node(edge.to)) : \(label(edge, operationName))\(kind)")
        }
        if let highlight {
            lines.append("    classDef visited fill:#dde8f8")
            lines.append("    classDef current fill:#f9c74f,stroke:#333,stroke-width:3px")
            let visited = Set(highlight.visited.compactMap { if case .state(let s) = $0, s != highlight.current { s } else { nil } })
            for state in ServiceState.allCases where visited.contains(state) {
                lines.append("    class \(state.displayName) visited")
            }
            if let current = highlight.current { lines.append("    class \(current.displayName) current") }
        }
        return lines.map { $0 + "\n" }.joined()
    }

    // MARK: DOT

    private static func dot(_ highlight: Highlight?, _ operationName: (Operation) -> String) -> String {
        // No service at all is two places in the picture: before create and
        // restore (a dot), after delete (a ringed dot).
        func node(_ node: StateMachine.Node, from: Bool) -> String {
            if case .state(let state) = node { state.displayName } else { from ? "new" : "deleted" }
        }
        var lines = [
            "digraph mabs {",
            "    rankdir=LR;",
            "    node [shape=box, style=rounded];",
            "    new [shape=point, width=0.2, label=\"\"];",
            "    deleted [shape=doublecircle, width=0.15, label=\"\"];",
        ]
        let visited = Set(highlight?.visited ?? [])
        for state in ServiceState.allCases {
            var attributes: [String] = []
            if state == highlight?.current {
                attributes.append("style=\"rounded,filled,bold\", fillcolor=\"#f9c74f\"")
            } else if visited.contains(.state(state)) {
                attributes.append("style=\"rounded,filled\", fillcolor=\"#dde8f8\"")
            }
            lines.append("    \(state.displayName)" + (attributes.isEmpty ? "" : " [\(attributes.joined(separator: ", "))]") + ";")
        }
        for edge in edges {
            var attributes = ["label=\"\(label(edge, operationName))\""]
            if edge.fails {
                attributes.append("style=dashed, color=red, fontcolor=red")
            } else if edge.isEvent {
                attributes.append("style=dotted, color=blue, fontcolor=blue")
            }
            if walked(edge, highlight) { attributes.append("penwidth=3") }
            lines.append("    \(node(edge.from, from: true)) -> \(node(edge.to, from: false)) [\(attributes.joined(separator: ", "))];")
        }
        lines.append("}")
        return lines.map { $0 + "\n" }.joined()
    }
}
