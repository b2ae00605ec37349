import Lifecycle

/// The state machine as a picture: Mermaid, Graphviz DOT, mabs's own SVG,
/// or aligned text. Every view is drawn from `StateMachine.transitions`,
/// in a stable order; nothing here restates where an operation leads.
///
/// The pictures share one model (`Diagram`): the places (the states, no
/// service at all, and a backup), the edges between them, a note, and the
/// marks of one service's state and history. Each format draws that model
/// its own way; the SVG uses the designed layout (`DiagramLayout`).
public enum StateDiagram {
    public enum Format: String, CaseIterable, Sendable {
        case mermaid, dot, svg, text

        /// The extension a file in this format usually has.
        public var fileExtension: String {
            switch self {
            case .mermaid: "mmd"
            case .dot: "dot"
            case .svg: "svg"
            case .text: "txt"
            }
        }

        /// The format a file name's extension asks for (`states.svg`), if
        /// it names one: the usual extension, or `gv` for DOT.
        public init?(fileName: String) {
            guard let dot = fileName.lastIndex(of: "."), !fileName[dot...].contains("/") else { return nil }
            let typed = fileName[fileName.index(after: dot)...].lowercased()
            guard let format = Format.allCases.first(where: { $0.fileExtension == typed }) ?? (typed == "gv" ? .dot : nil) else { return nil }
            self = format
        }
    }

    /// What to leave out of the whole machine.
    public struct Omissions: OptionSet, Hashable, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// Failed runs, and the states only a failure reaches: what is
        /// left is the ordinary life of a service.
        public static let failures = Omissions(rawValue: 1)
        /// Delete, allowed in every state: one note instead of an edge.
        public static let delete = Omissions(rawValue: 2)
    }

    /// Which part of the machine a picture shows.
    public enum View: Hashable, Sendable {
        /// Every transition, less what `Omissions` leaves out.
        case machine(without: Omissions)
        /// One state: where each operation it allows leads, on success and
        /// on failure (staying where it is included).
        case around(ServiceState)
        /// Backups and restores: the states that allow backup, where a
        /// restore lands when it succeeds and when it fails, and the way on
        /// from there.
        case backups

        public static let machine = View.machine(without: [])
    }

    /// What `graph NAME` marks: the service's state now, and the moves it
    /// made since it was created or restored.
    public struct Highlight: Sendable {
        /// The service's name, as text pictures say it.
        public var service: String
        public var current: ServiceState
        /// The moves, oldest first; the first starts with no service.
        public var history: [StateMachine.Step]
        /// Draw the last move apart, wider than the others (the live view).
        public var marksLastMove = false
        public init(service: String, current: ServiceState, history: [StateMachine.Step], marksLastMove: Bool = false) {
            self.service = service
            self.current = current
            self.history = history
            self.marksLastMove = marksLastMove
        }
    }

    /// The whole picture, ending with a newline. `operationName` spells an
    /// operation as the reader types it (`service-update`).
    public static func render(
        _ view: View = .machine, as format: Format, highlight: Highlight? = nil, operationName: (Operation) -> String
    ) -> String {
        let diagram = Diagram(view, highlight: highlight)
        switch format {
        case .mermaid: return DiagramMermaid.render(diagram, operationName)
        case .dot: return DiagramDOT.render(diagram, operationName)
        case .svg: return DiagramSVG.render(DiagramGeometry(diagram, operationName))
        case .text: return DiagramText.render(diagram, operationName)
        }
    }

    /// The SVG picture's geometry: every box and label where it is drawn,
    /// for checking that nothing overlaps.
    public static func geometry(_ view: View = .machine, highlight: Highlight? = nil, operationName: (Operation) -> String) -> DiagramGeometry {
        DiagramGeometry(Diagram(view, highlight: highlight), operationName)
    }
}

/// A place in a picture.
public enum Place: Hashable, Sendable {
    case state(ServiceState)
    /// No service at all: before create, after delete.
    case noService
    /// A backup: what backup makes and restore starts from.
    case backup
    /// Every state at once (delete, allowed everywhere, drawn as one edge).
    case everyState

    /// The place a transition's node is.
    init(_ node: StateMachine.Node) {
        switch node {
        case .none: self = .noService
        case .state(let state): self = .state(state)
        }
    }

    var state: ServiceState? {
        if case .state(let state) = self { state } else { nil }
    }

    /// How the place is named in a picture.
    var title: String {
        switch self {
        case .state(let state): state.displayName
        case .noService: "no service"
        case .backup: "a backup"
        case .everyState: "every state"
        }
    }

    /// An identifier Mermaid and DOT accept.
    var identifier: String {
        switch self {
        case .state(let state): state.displayName
        case .noService: "no_service"
        case .backup: "a_backup"
        case .everyState: "service"
        }
    }
}

/// One drawn edge: the operations that lead from one place to another
/// with the same outcome.
struct DiagramEdge: Hashable {
    var from: Place
    var to: Place
    var fails: Bool
    var isEvent: Bool
    var operations: [Operation]

    /// The edge's label: its operations, then `fails` for a failure.
    func label(_ operationName: (Operation) -> String) -> String {
        let names = operations.map(operationName).joined(separator: ", ")
        return fails ? "\(names) fails" : names
    }

    /// How the edge is drawn: its colour and dashes say this.
    var style: EdgeStyle { fails ? .failure : isEvent ? .event : .success }
}

enum EdgeStyle: CaseIterable {
    case success, failure, event
}

/// What one view shows, in the order every format draws it.
struct Diagram {
    let view: StateDiagram.View
    /// The places shown, in a stable order: no service, the backup, then
    /// the states in the seed's order.
    var places: [Place] = []
    var edges: [DiagramEdge] = []
    /// Said once beside the picture (`without delete`).
    var note: String?
    var current: ServiceState?
    var service: String?
    var history: [StateMachine.Step] = []
    /// The places the service went through, and the edges it took.
    var visited: Set<Place> = []
    var walked: Set<DiagramEdge> = []
    /// The edge of the last move, when the highlight asks for it.
    var lastMove: DiagramEdge?

    /// The operation that makes a backup, and the one that starts from
    /// one: their edges lead to and from the backup.
    static let backupOperation = Operation.backup
    static let restoreOperation = Operation.restore

    init(_ view: StateDiagram.View, highlight: StateDiagram.Highlight?) {
        self.view = view
        switch view {
        case .machine(let omissions): machine(omissions)
        case .around(let state): around(state)
        case .backups: backups()
        }
        mark(highlight)
    }

    /// The edge a transition is drawn as, if any. A backup that runs leads
    /// to a backup (the service stays where it is); a restore starts from
    /// one. Other transitions that leave the state as it was are not drawn
    /// (`around` draws them).
    static func drawn(_ transition: StateMachine.Transition, keepingLoops: Bool = false) -> (from: Place, to: Place)? {
        drawn(from: transition.from, to: transition.to, transition.operation, fails: transition.fails, keepingLoops: keepingLoops)
    }

    static func drawn(
        from: StateMachine.Node, to: StateMachine.Node, _ operation: Operation, fails: Bool, keepingLoops: Bool = false
    ) -> (from: Place, to: Place)? {
        if operation == backupOperation {
            return fails ? (keepingLoops ? (Place(from), Place(to)) : nil) : (Place(from), .backup)
        }
        if operation == restoreOperation { return (.backup, Place(to)) }
        if from == to && !keepingLoops { return nil }
        return (Place(from), Place(to))
    }

    /// Adds an edge, or the operation to an edge between the same places
    /// with the same outcome (`start, restart`).
    mutating func add(_ transition: StateMachine.Transition, from: Place, to: Place) {
        let isEvent = transition.operation.isPlatformEvent
        if let index = edges.firstIndex(where: { $0.from == from && $0.to == to && $0.fails == transition.fails && $0.isEvent == isEvent }) {
            if !edges[index].operations.contains(transition.operation) { edges[index].operations.append(transition.operation) }
        } else {
            edges.append(DiagramEdge(from: from, to: to, fails: transition.fails, isEvent: isEvent, operations: [transition.operation]))
        }
    }

    /// Places in the stable order, those that some edge touches or `also`.
    mutating func collectPlaces(also: [Place] = []) {
        let used = Set(edges.flatMap { [$0.from, $0.to] } + also)
        places = ([.noService, .backup] + ServiceState.allCases.map(Place.state) + [.everyState]).filter(used.contains)
    }

    // MARK: Views

    private mutating func machine(_ omissions: StateDiagram.Omissions) {
        let shown = Set(omissions.contains(.failures) ? StateMachine.reachability.withoutFailures : ServiceState.allCases)
        func isShown(_ place: Place) -> Bool { place.state.map(shown.contains) ?? true }
        // An operation every shown state allows, leading to the same place,
        // is one edge from every state (delete), not one from each.
        var fromEveryState: [Operation: (transition: StateMachine.Transition, from: Set<ServiceState>)] = [:]
        for transition in StateMachine.transitions {
            if omissions.contains(.failures) && transition.fails { continue }
            if omissions.contains(.delete) && transition.operation == .delete { continue }
            guard let (from, to) = Self.drawn(transition), isShown(from), isShown(to) else { continue }
            if to == .noService, let state = from.state {
                fromEveryState[transition.operation, default: (transition, [])].from.insert(state)
                continue
            }
            add(transition, from: from, to: to)
        }
        for operation in Operation.allCases {
            guard let (transition, from) = fromEveryState[operation] else { continue }
            if from == shown {
                add(transition, from: .everyState, to: .noService)
            } else {
                for state in ServiceState.allCases where from.contains(state) { add(transition, from: .state(state), to: .noService) }
            }
        }
        if omissions.contains(.delete) {
            let deletable = Rules.states(allowing: .delete).filter(shown.contains)
            note = deletable.count == shown.count
                ? "Left out: delete, allowed in every state; it removes the service."
                : "Left out: delete, allowed in \(deletable.map(\.displayName).joined(separator: ", ")); it removes the service."
        }
        collectPlaces(also: ServiceState.allCases.filter(shown.contains).map(Place.state))
    }

    private mutating func around(_ state: ServiceState) {
        for transition in StateMachine.transitions where transition.from == .state(state) {
            guard let (from, to) = Self.drawn(transition, keepingLoops: true) else { continue }
            add(transition, from: from, to: to)
        }
        collectPlaces(also: [.state(state)])
    }

    private mutating func backups() {
        let backups = StateMachine.transitions.filter { $0.operation == Self.backupOperation || $0.operation == Self.restoreOperation }
        for transition in backups {
            guard let (from, to) = Self.drawn(transition) else { continue }
            add(transition, from: from, to: to)
        }
        // The way on from where a restore lands: what a person runs next,
        // so platform events and failures are left out.
        let landings = backups.filter { $0.operation == Self.restoreOperation }.map(\.to)
        for transition in StateMachine.transitions where landings.contains(transition.from) {
            guard !transition.fails, !transition.operation.isPlatformEvent, transition.operation != Self.backupOperation,
                  let (from, to) = Self.drawn(transition) else { continue }
            add(transition, from: from, to: to)
        }
        collectPlaces()
    }

    /// Marks the service's state, the places it went through and the
    /// edges it took.
    private mutating func mark(_ highlight: StateDiagram.Highlight?) {
        guard let highlight else { return }
        current = highlight.current
        service = highlight.service
        history = highlight.history
        var at = Place.noService
        visited = [at]
        for (index, step) in highlight.history.enumerated() {
            let next = Place(step.to)
            visited.insert(next)
            let node: StateMachine.Node = at.state.map(StateMachine.Node.state) ?? .none
            if let (from, to) = Self.drawn(from: node, to: step.to, step.operation, fails: step.fails, keepingLoops: true) {
                for edge in edges where edge.fails == step.fails && edge.operations.contains(step.operation)
                    && (edge.from == from || (edge.from == .everyState && from.state != nil)) && edge.to == to {
                    walked.insert(edge)
                    if highlight.marksLastMove && index == highlight.history.count - 1 { lastMove = edge }
                }
            }
            at = next
        }
        visited = visited.filter { $0.state != nil && places.contains($0) }
    }

    /// The legend's entries for this picture: the edge styles it uses, and
    /// the marks when it has them.
    var legend: (styles: [EdgeStyle], current: Bool, visited: Bool) {
        let used = Set(edges.map(\.style))
        return (EdgeStyle.allCases.filter(used.contains), current != nil && places.contains(.state(current!)),
                visited.contains { if case .state(let state) = $0 { state != current } else { false } })
    }
}

extension EdgeStyle {
    /// What the legend says an edge of this style is.
    var meaning: String {
        switch self {
        case .success: "the operation succeeds"
        case .failure: "the operation fails"
        case .event: "a platform event (Azure, not you)"
        }
    }
}

/// What the legend says the marks are.
enum LegendText {
    static let current = "the service's state now"
    static let visited = "where the service has been"
    static let frame = "from a frame: from each state in it"
    static let loop = "back to where it started: the state stays"
    static let eventInText = "(platform event) = raised by Azure, not by the customer"
}
