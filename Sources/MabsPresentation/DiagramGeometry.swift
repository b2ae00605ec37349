import Lifecycle

/// A point in a picture, in pixels from its top left.
public struct Point: Hashable, Sendable {
    public var x: Double
    public var y: Double
    public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }

    static func + (a: Point, b: Point) -> Point { Point(a.x + b.x, a.y + b.y) }
    static func - (a: Point, b: Point) -> Point { Point(a.x - b.x, a.y - b.y) }
    static func * (a: Point, k: Double) -> Point { Point(a.x * k, a.y * k) }
    var length: Double { (x * x + y * y).squareRoot() }
    var unit: Point { length == 0 ? Point(1, 0) : self * (1 / length) }
}

/// A rectangle, from its top left.
public struct Rect: Hashable, Sendable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double

    public init(x: Double, y: Double, width: Double, height: Double) {
        (self.x, self.y, self.width, self.height) = (x, y, width, height)
    }

    init(center: Point, width: Double, height: Double) {
        self.init(x: center.x - width / 2, y: center.y - height / 2, width: width, height: height)
    }

    public var center: Point { Point(x + width / 2, y + height / 2) }
    public var maxX: Double { x + width }
    public var maxY: Double { y + height }

    /// Whether the two share any area (touching edges do not count).
    public func overlaps(_ other: Rect) -> Bool {
        x < other.maxX && other.x < maxX && y < other.maxY && other.y < maxY
    }

    public func contains(_ point: Point) -> Bool {
        point.x > x && point.x < maxX && point.y > y && point.y < maxY
    }

    func insetBy(_ amount: Double) -> Rect {
        Rect(x: x + amount, y: y + amount, width: width - 2 * amount, height: height - 2 * amount)
    }

    func union(_ other: Rect) -> Rect {
        let left = min(x, other.x), top = min(y, other.y)
        return Rect(x: left, y: top, width: max(maxX, other.maxX) - left, height: max(maxY, other.maxY) - top)
    }

    /// Where a line towards `point` leaves the rectangle, and the outward
    /// normal of the side it leaves by: a side for a point nearly level
    /// with it, else the top or the bottom (boxes are wide and low, and a
    /// line that leaves by a side would run along the row), at most a
    /// corner's width from the ends.
    func exit(towards point: Point) -> (point: Point, normal: Point) {
        let c = center, d = point - c
        if abs(d.y) < 0.2 * abs(d.x) || abs(d.y) <= height / 2 {
            let s = (width / 2) / abs(d.x)
            return (Point(d.x > 0 ? maxX : x, min(max(c.y + d.y * s, y + 8), maxY - 8)), Point(d.x > 0 ? 1 : -1, 0))
        }
        let s = (height / 2) / abs(d.y)
        return (Point(min(max(c.x + d.x * s, x + 12), maxX - 12), d.y > 0 ? maxY : y), Point(0, d.y > 0 ? 1 : -1))
    }

    /// The point of the rectangle's border nearest to `point`, outside it.
    func nearestBorderPoint(to point: Point) -> (point: Point, normal: Point) {
        let cx = min(max(point.x, x), maxX), cy = min(max(point.y, y), maxY)
        let nearest = Point(cx, cy)
        return (nearest, (point - nearest).unit)
    }
}

/// A cubic Bézier curve.
struct Curve: Hashable {
    var start: Point
    var control1: Point
    var control2: Point
    var end: Point

    static func line(_ a: Point, _ b: Point) -> Curve {
        Curve(start: a, control1: a + (b - a) * (1.0 / 3), control2: a + (b - a) * (2.0 / 3), end: b)
    }

    func point(at t: Double) -> Point {
        let u = 1 - t
        return start * (u * u * u) + control1 * (3 * u * u * t) + control2 * (3 * u * t * t) + end * (t * t * t)
    }

    /// A rectangle the curve stays inside (that of its control points).
    var bounds: Rect {
        let xs = [start.x, control1.x, control2.x, end.x], ys = [start.y, control1.y, control2.y, end.y]
        return Rect(x: xs.min()!, y: ys.min()!, width: xs.max()! - xs.min()!, height: ys.max()! - ys.min()!)
    }

    /// Points along the curve, for checking what it passes over.
    func samples(_ count: Int = 48) -> [Point] {
        (0...count).map { point(at: Double($0) / Double(count)) }
    }
}

/// The SVG picture laid out: every box, line and label where it is drawn.
/// Built from a `Diagram`; the designed layout places the whole machine,
/// and `around` is laid out as a fan (successes to the right, failures to
/// the left).
public struct DiagramGeometry {
    /// A place's box.
    public struct Box {
        let place: Place
        public let rect: Rect
        public var title: String { place.title }
        /// The state the box stands for, if it is one.
        public var state: ServiceState? { place.state }
        /// Whether only a failure reaches it.
        let isFailure: Bool
    }

    /// An edge's label, on a background, where its lines meet.
    public struct Label {
        public let rect: Rect
        public let text: String
        let style: EdgeStyle
        let walked: Bool
        /// Its edge is the service's last move.
        var last = false
    }

    /// The lines of one labelled edge: one from each place it starts from
    /// to its label, and one from the label to where it leads, with the
    /// arrow. Edges with the same label and target share the arrow.
    struct Bundle {
        let label: Label
        var branches: [Curve]
        var trunk: Curve
        let style: EdgeStyle
        /// The service took some of its edges: the label and the arrow.
        let walked: Bool
        /// Where each branch starts, in order.
        let sources: [Source]
        let target: Place
        /// The sources whose branch the service took.
        var walkedSources: Set<Source> = []
        /// The source whose branch was the service's last move.
        var lastSources: Set<Source> = []
    }

    /// A frame around boxes: every state (delete is drawn from it), a
    /// group of states (an edge from all of them leaves from it), or the
    /// band of places the platform's events reach.
    struct Frame {
        enum Kind: Hashable {
            case everyState
            case group(Int)
            case band
        }
        let kind: Kind
        var rect: Rect
        let title: String?
        var titleRect: Rect?
        /// The places inside, for lines that may cross them.
        let members: [Place]
        /// The edges between its own states, said in words at its top
        /// (`stop fails → StopFailed`): from every state in it.
        var caption: [(text: String, style: EdgeStyle)] = []
        var captionRect: Rect?
    }

    /// Where an edge's line starts: a place, or a frame (every state in it).
    enum Source: Hashable {
        case place(Place)
        case frame(Frame.Kind)
    }

    public private(set) var boxes: [Box] = []
    public private(set) var labels: [Label] = []
    /// The frame titles, the note and the legend's entries: text that
    /// must not overlap a label or a box either.
    public private(set) var captions: [Rect] = []
    var bundles: [Bundle] = []
    var frames: [Frame] = []
    var note: (rect: Rect, text: String)?
    /// Headings (`around`'s columns).
    var headings: [(text: String, rect: Rect)] = []
    /// The title, shown above the picture.
    var titleRect = Rect(x: 0, y: 0, width: 0, height: 0)
    static let titleSize = 26.0
    var legend: (rect: Rect, entries: [(kind: LegendEntry, rect: Rect, text: String)]) = (Rect(x: 0, y: 0, width: 0, height: 0), [])
    public private(set) var width = 0.0
    public private(set) var height = 0.0
    let current: Place?
    let visited: Set<Place>
    let title: String

    enum LegendEntry {
        case line(EdgeStyle)
        case frame
        case loop
        case current, visited
    }

    static let boxHeight = 48.0
    static let boxPadding = 18.0
    static let minimumBoxWidth = 150.0
    static let labelHeight = 26.0
    static let labelPadding = 7.0
    static let margin = 24.0

    init(_ diagram: Diagram, _ operationName: (Operation) -> String) {
        current = diagram.current.map(Place.state)
        visited = diagram.visited
        switch diagram.view {
        case .machine(let omissions):
            title = omissions.isEmpty ? "The lifecycle of a BizTalk Service"
                : "The lifecycle of a BizTalk Service, without " + [
                    omissions.contains(.failures) ? "failures" : nil, omissions.contains(.delete) ? "delete" : nil,
                ].compactMap { $0 }.joined(separator: " and ")
        case .around(let state): title = "Around \(state.displayName): where each operation leads"
        case .backups: title = "Backup and restore"
        }
        let layout = DiagramLayout.layout(for: diagram.view)
        var positions = layout?.positions ?? [:]
        declaredLabels = layout?.labels ?? [:]
        if case .around(let state) = diagram.view {
            let fan = Self.fan(diagram, around: state, operationName)
            (positions, fanLabels, headings) = (fan.positions, fan.labels, fan.headings)
            captions += headings.map(\.rect)
        }
        for place in diagram.places where place != .everyState {
            guard let center = positions[place] else { continue }
            var rect = Self.boxRect(place, at: center)
            if case .around(let state) = diagram.view, place == .state(state) {
                // The centre of a fan: tall enough for a port per line.
                let rows = max(diagram.edges.filter { $0.fails && $0.to != place }.count, diagram.edges.filter { !$0.fails && $0.to != place }.count)
                rect = Rect(center: center, width: rect.width, height: max(Self.boxHeight, Double(rows) * 16 + 16))
                fanCentre = place
            }
            boxes.append(Box(place: place, rect: rect, isFailure: Self.isFailure(place)))
        }
        layOutFrames(diagram)
        let pending = bundleEdges(diagram, operationName)
        layOutCaptions()
        layOutEveryStateFrame(diagram)
        layOutEdges(pending)
        layOutNoteAndLegend(diagram)
        fitCanvas()
    }

    static func isAround(_ view: StateDiagram.View) -> Bool {
        if case .around = view { true } else { false }
    }

    static func isFailure(_ place: Place) -> Bool {
        guard let state = place.state else { return false }
        return !StateMachine.reachability.withoutFailures.contains(state)
    }

    static func boxRect(_ place: Place, at center: Point) -> Rect {
        let text = DiagramType.width(place.title, size: DiagramType.stateSize, bold: place.state != nil)
        return Rect(center: center, width: max(minimumBoxWidth, text + 2 * boxPadding), height: boxHeight)
    }

    static func labelRect(_ text: String, at center: Point) -> Rect {
        Rect(center: center, width: DiagramType.width(text, size: DiagramType.labelSize) + 2 * labelPadding, height: labelHeight)
    }

    func box(_ place: Place) -> Box? { boxes.first { $0.place == place } }

    // MARK: Frames

    private mutating func layOutFrames(_ diagram: Diagram) {
        if !Self.isAround(diagram.view) {
            // The groups the layout declares, when all their states are shown.
            for (index, group) in DiagramLayout.groups.enumerated() {
                let members = boxes.filter { group.contains($0.place) }
                guard members.count == group.count, var rect = members.first?.rect else { continue }
                for box in members { rect = rect.union(box.rect) }
                let pad = DiagramLayout.groupPadding
                rect = Rect(x: rect.x - pad, y: rect.y - pad, width: rect.width + 2 * pad, height: rect.height + 2 * pad)
                frames.append(Frame(kind: .group(index), rect: rect, title: nil, titleRect: nil, members: members.map(\.place)))
            }
            // The platform's band: the states an event leads to, but Active.
            let reached = Set(StateMachine.transitions.filter { $0.operation.isPlatformEvent && $0.from != $0.to }.map { Place($0.to) })
                .subtracting([.state(.active)])
            let band = boxes.filter { reached.contains($0.place) }
            if band.count > 1, var rect = band.first?.rect {
                for box in band { rect = rect.union(box.rect) }
                // The title below the boxes: every line comes in from above.
                rect = Rect(x: rect.x - 20, y: rect.y - 16, width: rect.width + 40, height: rect.height + 58)
                frames.append(frame(.band, rect, DiagramLayout.eventBandTitle, members: band.map(\.place), atBottom: true))
            }
        }
    }

    /// The frame of every state, around every box and frame of a state.
    private mutating func layOutEveryStateFrame(_ diagram: Diagram) {
        let stateBoxes = boxes.filter { $0.place.state != nil }
        if diagram.edges.contains(where: { $0.from == .everyState }), var rect = stateBoxes.first?.rect {
            for box in stateBoxes { rect = rect.union(box.rect) }
            for frame in frames { rect = rect.union(frame.rect) }
            let pad = DiagramLayout.framePadding
            rect = Rect(x: rect.x - pad, y: rect.y - pad - 30, width: rect.width + 2 * pad, height: rect.height + 2 * pad + 30)
            frames.append(frame(.everyState, rect, DiagramLayout.frameTitle, members: stateBoxes.map(\.place)))
        }
    }

    private mutating func frame(_ kind: Frame.Kind, _ rect: Rect, _ title: String, members: [Place], atBottom: Bool = false) -> Frame {
        let titleWidth = DiagramType.width(title, size: DiagramType.legendSize)
        let height = DiagramType.legendSize * 1.3
        let titleRect = Rect(x: rect.x + 14, y: atBottom ? rect.maxY - height - 8 : rect.y + 6, width: titleWidth, height: height)
        captions.append(titleRect)
        return Frame(kind: kind, rect: rect, title: title, titleRect: titleRect, members: members)
    }

    func frame(_ kind: Frame.Kind) -> Frame? { frames.first { $0.kind == kind } }

    // MARK: Edges

    /// An edge bundle before it is laid out.
    struct PendingBundle {
        var key: LabelKey
        var text: String
        var style: EdgeStyle
        var sources: [Source]
        /// The sources whose edge the service took.
        var walked: Set<Source>
        /// The source whose edge was its last move.
        var last: Set<Source> = []
    }

    /// Groups edges with the same target, label and style into one bundle;
    /// lets the states of a group frame that all have it start it from the
    /// frame; an edge from a frame to one of its own states becomes a line
    /// of the frame's caption.
    private mutating func bundleEdges(_ diagram: Diagram, _ operationName: (Operation) -> String) -> [PendingBundle] {
        var groups: [PendingBundle] = []
        for edge in diagram.edges {
            let text = edge.label(operationName)
            let source: Source = edge.from == .everyState ? .frame(.everyState) : .place(edge.from)
            let walked: Set<Source> = diagram.walked.contains(edge) ? [source] : []
            let last: Set<Source> = diagram.lastMove == edge ? [source] : []
            if let index = groups.firstIndex(where: { $0.key.to == edge.to && $0.text == text && $0.style == edge.style }) {
                groups[index].sources.append(source)
                groups[index].walked.formUnion(walked)
                groups[index].last.formUnion(last)
            } else {
                groups.append(PendingBundle(key: LabelKey(edge.to, edge.operations, fails: edge.fails), text: text, style: edge.style,
                                            sources: [source], walked: walked, last: last))
            }
        }
        for index in groups.indices {
            let before = groups[index].sources
            groups[index].sources = framed(groups[index].sources, groups[index].key)
            // A walked edge from a state now in a frame: the frame's line.
            for case .frame(let kind) in groups[index].sources where !before.contains(.frame(kind)) {
                if let members = frame(kind)?.members, members.contains(where: { groups[index].walked.contains(.place($0)) }) {
                    groups[index].walked.insert(.frame(kind))
                }
                if let members = frame(kind)?.members, members.contains(where: { groups[index].last.contains(.place($0)) }) {
                    groups[index].last.insert(.frame(kind))
                }
            }
            // A source the layout labels apart gets a bundle of its own.
            for key in declaredLabels.keys where key.from != nil && key.shared == groups[index].key {
                let source: Source = switch key.from! {
                case .place(let place): .place(place)
                case .group(let group): .frame(.group(group))
                }
                guard groups[index].sources.count > 1, groups[index].sources.contains(source) else { continue }
                groups[index].sources.removeAll { $0 == source }
                var apart = groups[index]
                apart.key = key
                apart.sources = [source]
                apart.walked = groups[index].walked.intersection([source])
                apart.last = groups[index].last.intersection([source])
                groups[index].walked.remove(source)
                groups[index].last.remove(source)
                groups.append(apart)
            }
            for (frameIndex, frame) in frames.enumerated() where frame.members.contains(groups[index].key.to) {
                guard groups[index].sources.contains(.frame(frame.kind)) else { continue }
                groups[index].sources.removeAll { $0 == .frame(frame.kind) }
                frames[frameIndex].caption.append(("\(groups[index].text) \u{2192} \(groups[index].key.to.title)", groups[index].style))
            }
        }
        return groups.filter { !$0.sources.isEmpty }
    }

    static let captionLine = 22.0

    /// Makes room for each frame's caption at its top.
    private mutating func layOutCaptions() {
        for index in frames.indices where !frames[index].caption.isEmpty {
            let lines = frames[index].caption
            let height = Double(lines.count) * Self.captionLine + 6
            var rect = frames[index].rect
            rect.y -= height
            rect.height += height
            let width = lines.map { DiagramType.width($0.text, size: DiagramType.legendSize) }.max() ?? 0
            let caption = Rect(x: rect.x + 12, y: rect.y + 8, width: width, height: height - 6)
            if caption.maxX > rect.maxX - 12 {
                let grow = caption.maxX - (rect.maxX - 12)
                rect.x -= grow / 2
                rect.width += grow
            }
            frames[index].rect = rect
            frames[index].captionRect = Rect(x: rect.x + 12, y: rect.y + 8, width: width, height: height - 6)
            captions.append(frames[index].captionRect!)
        }
    }

    /// Places each bundle's label, then routes its lines.
    private mutating func layOutEdges(_ groups: [PendingBundle]) {
        // Declared labels first, so computed ones keep clear of them.
        let order = groups.indices.sorted { (declaredLabels[groups[$0].key] != nil ? 0 : 1) < (declaredLabels[groups[$1].key] != nil ? 0 : 1) }
        var computed: [(bundle: Int, group: PendingBundle, sources: [(Source, Anchor)], target: Anchor)] = []
        for index in order {
            let group = groups[index]
            guard let target = anchor(.place(group.key.to)) else { continue }
            let sources = group.sources.compactMap { source in anchor(source).map { (source, $0) } }
            guard !sources.isEmpty else { continue }
            let center: Point
            if let declared = declaredLabels[group.key] {
                center = declared
            } else if let fanned = fannedLabel(group.key.to, group.text) {
                center = fanned
            } else {
                computed.append((bundles.count, group, sources, target))
                center = freeSpot(group, from: sources, to: target)
            }
            let label = Label(rect: Self.labelRect(group.text, at: center), text: group.text, style: group.style, walked: !group.walked.isEmpty,
                              last: !group.last.isEmpty)
            labels.append(label)
            var bundle = route(label, from: sources, to: target, targetPlace: group.key.to, style: group.style, walked: !group.walked.isEmpty)
            bundle.walkedSources = group.walked
            bundle.lastSources = group.last
            bundles.append(bundle)
        }
        // A computed label placed early may stand where a later line had
        // to go: place again, against everything else, each computed label
        // that is part of a problem, a few rounds.
        for _ in 0..<4 {
            var moved = false
            for entry in computed {
                let bundle = bundles[entry.bundle]
                let others = labels.enumerated().filter { $0.offset != entry.bundle }.map(\.element)
                let troubled = !lineProblems(bundle).isEmpty
                    || bundles.enumerated().contains { $0.offset != entry.bundle && !lineProblems($0.element, among: [bundle.label]).isEmpty }
                    || others.contains { $0.rect.overlaps(bundle.label.rect) }
                guard troubled else { continue }
                let (savedLabel, savedBundle) = (labels[entry.bundle], bundles[entry.bundle])
                // Out of the picture while its place is sought.
                let away = Label(rect: Rect(x: -1e6, y: -1e6, width: 0, height: 0), text: "", style: bundle.style, walked: false)
                labels[entry.bundle] = away
                bundles[entry.bundle] = Bundle(label: away, branches: [], trunk: .line(Point(-1e6, -1e6), Point(-1e6, -1e6)),
                                               style: bundle.style, walked: false, sources: [], target: bundle.target)
                let center = freeSpot(entry.group, from: entry.sources, to: entry.target)
                let label = Label(rect: Self.labelRect(entry.group.text, at: center), text: entry.group.text, style: entry.group.style, walked: !entry.group.walked.isEmpty,
                                  last: !entry.group.last.isEmpty)
                var placed = route(label, from: entry.sources, to: entry.target, targetPlace: entry.group.key.to, style: entry.group.style, walked: !entry.group.walked.isEmpty)
                placed.walkedSources = entry.group.walked
                placed.lastSources = entry.group.last
                if problems(of: placed, padding: 0).count < problems(of: savedBundle, padding: 0).count {
                    (labels[entry.bundle], bundles[entry.bundle]) = (label, placed)
                    moved = true
                } else {
                    (labels[entry.bundle], bundles[entry.bundle]) = (savedLabel, savedBundle)
                }
            }
            if !moved { break }
        }
        spreadPorts()
        let used = Set(groups.map(\.key))
        unusedLabelPositions = declaredLabels.keys.filter { !used.contains($0) }
            .map { "\($0.operations.map(\.description).joined(separator: ", "))\($0.fails ? " fails" : "") to \($0.to.title)" }.sorted()
    }

    /// Moves apart the ends of lines that meet a box's side at nearly the
    /// same point, keeping their order (by where each line goes), so that
    /// every line leaves or enters by a port of its own.
    private mutating func spreadPorts() {
        struct End {
            var bundle: Int
            /// The branch's index, or nil for the trunk.
            var branch: Int?
            var point: Point
            var toward: Point
        }
        let gap = 14.0
        for box in boxes {
            for side in [Point(0, -1), Point(0, 1), Point(-1, 0), Point(1, 0)] {
                let horizontal = side.x == 0
                var ends: [End] = []
                for (index, bundle) in bundles.enumerated() {
                    for (b, branch) in bundle.branches.enumerated() where Self.on(box.rect, side, branch.start) {
                        ends.append(End(bundle: index, branch: b, point: branch.start, toward: branch.end))
                    }
                    if Self.on(box.rect, side, bundle.trunk.end) {
                        ends.append(End(bundle: index, branch: nil, point: bundle.trunk.end, toward: bundle.trunk.start))
                    }
                }
                guard ends.count > 1 else { continue }
                func along(_ p: Point) -> Double { horizontal ? p.x : p.y }
                ends.sort { along($0.toward) < along($1.toward) }
                let low = horizontal ? box.rect.x + 12 : box.rect.y + 8
                let high = horizontal ? box.rect.maxX - 12 : box.rect.maxY - 8
                var positions = ends.map { along($0.point) }
                // Push apart, left to right, then pull back inside.
                for i in 1..<positions.count where positions[i] < positions[i - 1] + gap { positions[i] = positions[i - 1] + gap }
                if let last = positions.last, last > high {
                    positions[positions.count - 1] = high
                    for i in stride(from: positions.count - 2, through: 0, by: -1) where positions[i] > positions[i + 1] - gap {
                        positions[i] = positions[i + 1] - gap
                    }
                }
                for (end, position) in zip(ends, positions) {
                    let value = max(low, position)
                    let delta = horizontal ? Point(value - end.point.x, 0) : Point(0, value - end.point.y)
                    guard delta.length > 0.01 else { continue }
                    var bundle = bundles[end.bundle]
                    if let b = end.branch {
                        var curve = bundle.branches[b]
                        curve.start = curve.start + delta
                        curve.control1 = curve.control1 + delta
                        bundle.branches[b] = curve
                    } else {
                        var curve = bundle.trunk
                        curve.end = curve.end + delta
                        curve.control2 = curve.control2 + delta
                        bundle.trunk = curve
                    }
                    bundles[end.bundle] = bundle
                }
            }
        }
    }

    /// Whether `point` lies on the given side of `rect`.
    private static func on(_ rect: Rect, _ side: Point, _ point: Point) -> Bool {
        switch (side.x, side.y) {
        case (0, -1): abs(point.y - rect.y) < 0.5 && point.x >= rect.x - 0.5 && point.x <= rect.maxX + 0.5
        case (0, 1): abs(point.y - rect.maxY) < 0.5 && point.x >= rect.x - 0.5 && point.x <= rect.maxX + 0.5
        case (-1, 0): abs(point.x - rect.x) < 0.5 && point.y >= rect.y - 0.5 && point.y <= rect.maxY + 0.5
        default: abs(point.x - rect.maxX) < 0.5 && point.y >= rect.y - 0.5 && point.y <= rect.maxY + 0.5
        }
    }

    /// The sources with each group frame standing for its states, where
    /// every state of the group leads there: as a source, or because it
    /// is the target and the run leaves it where it is (a failed retry of
    /// a stop from StopFailed stays StopFailed).
    private func framed(_ sources: [Source], _ key: LabelKey) -> [Source] {
        var sources = sources
        for frame in frames {
            guard case .group = frame.kind else { continue }
            let members = Set(frame.members)
            let starting = members.filter { sources.contains(.place($0)) }
            guard !starting.isEmpty else { continue }
            var covered = starting
            if members.contains(key.to), let state = key.to.state, key.operations.allSatisfy({ operation in
                StateMachine.transitions.contains { $0.from == .state(state) && $0.to == .state(state) && $0.operation == operation && $0.fails == key.fails }
            }) {
                covered.insert(key.to)
            }
            guard covered == members else { continue }
            sources.removeAll { if case .place(let place) = $0 { members.contains(place) } else { false } }
            sources.append(.frame(frame.kind))
        }
        return sources
    }

    /// What an edge attaches to: a place's box, or a frame.
    private enum Anchor {
        case box(Rect)
        case frame(Rect)

        var rect: Rect {
            switch self {
            case .box(let rect), .frame(let rect): rect
            }
        }
    }

    private func anchor(_ source: Source) -> Anchor? {
        switch source {
        case .place(let place): box(place).map { .box($0.rect) }
        case .frame(let kind): frame(kind).map { .frame($0.rect) }
        }
    }

    /// The label's centre when no layout declares it: the first spot, near
    /// the line from the sources to the target (nearer the target when
    /// several sources meet there), where the label overlaps nothing, its
    /// lines cross no box and run under no label, and no line already
    /// drawn runs under it; failing that, the spot with the fewest such
    /// problems.
    private func freeSpot(_ group: PendingBundle, from sources: [(Source, Anchor)], to target: Anchor) -> Point {
        let start = sources.map { _, source -> Point in
            if case .frame(let rect) = source { return rect.nearestBorderPoint(to: target.rect.center).point }
            return source.rect.center
        }.reduce(Point(0, 0), +) * (1 / Double(sources.count))
        let end = target.rect.center
        let along = end - start, across = Point(-along.unit.y, along.unit.x)
        let base = sources.count > 1 ? 0.62 : 0.5
        var best: (point: Point, problems: Int)?
        for offset in stride(from: 0.0, through: 200, by: 20).flatMap({ $0 == 0 ? [0] : [$0, -$0] }) {
            for t in [base, base - 0.1, base + 0.1, base - 0.2, base + 0.2, base - 0.3, 0.85, 0.15] {
                let candidate = start + along * t + across * offset
                let label = Label(rect: Self.labelRect(group.text, at: candidate), text: group.text, style: group.style, walked: false)
                let bundle = route(label, from: sources, to: target, targetPlace: group.key.to, style: group.style, walked: false)
                let problems = problems(of: bundle, padding: 4).count
                if problems == 0 { return candidate }
                if best == nil || problems < best!.problems { best = (candidate, problems) }
            }
        }
        return best!.point
    }

    /// Routes a bundle: each source leaves its box on the side facing the
    /// label and bends into the line that runs from the label to the
    /// target, so the lines meet at the label as one.
    private func route(_ label: Label, from sources: [(Source, Anchor)], to target: Anchor, targetPlace: Place,
                       style: EdgeStyle, walked: Bool) -> Bundle {
        let hub = label.rect.center
        if sources.count == 1, sources[0].0 == .place(targetPlace) {
            return loop(label, on: target.rect, place: targetPlace, style: style, walked: walked)
        }
        let entry = target.rect.exit(towards: hub)
        let direction = (entry.point - hub).unit
        let bend = min(70, (entry.point - hub).length * 0.5)
        let trunk = Curve(start: hub, control1: hub + direction * (bend * 0.5), control2: entry.point + entry.normal * bend,
                          end: entry.point)
        let branches = sources.map { _, anchor -> Curve in
            let exit = switch anchor {
            case .box(let rect) where sources.count == 1 && sources[0].0 == fanCentre.map(Source.place):
                // A fan leaves its centre by the side facing its column.
                (point: Point(hub.x > rect.center.x ? rect.maxX : rect.x, rect.center.y), normal: Point(hub.x > rect.center.x ? 1 : -1, 0))
            case .box(let rect): rect.exit(towards: hub)
            case .frame(let rect): Self.frameExit(rect, towards: hub, avoiding: entry.point)
            }
            let reach = min(90, (hub - exit.point).length * 0.45)
            return Curve(start: exit.point, control1: exit.point + exit.normal * reach, control2: hub - direction * reach, end: hub)
        }
        return Bundle(label: label, branches: branches, trunk: trunk, style: style, walked: walked,
                      sources: sources.map(\.0), target: targetPlace)
    }

    /// Where a line leaves a frame for `hub`: the nearest point of its
    /// border, moved along the border away from `target` when the line
    /// comes back into the frame there (a failed retry in a group lands
    /// on one of its own states), so the two lines do not run together.
    static func frameExit(_ rect: Rect, towards hub: Point, avoiding target: Point) -> (point: Point, normal: Point) {
        var exit = rect.nearestBorderPoint(to: hub)
        guard rect.insetBy(-1).contains(target) || abs(target.x - rect.x) < 1 || abs(target.x - rect.maxX) < 1 else { return exit }
        let corner = 24.0
        if abs(exit.normal.x) > abs(exit.normal.y) {
            // Left or right side: slide up or down.
            let y = exit.point.y + (exit.point.y <= target.y ? -44 : 44)
            exit.point.y = min(max(y, rect.y + corner), rect.maxY - corner)
            exit.normal = Point(exit.normal.x > 0 ? 1 : -1, 0)
        } else {
            let x = exit.point.x + (exit.point.x <= target.x ? -60 : 60)
            exit.point.x = min(max(x, rect.x + corner), rect.maxX - corner)
            exit.normal = Point(0, exit.normal.y > 0 ? 1 : -1)
        }
        return exit
    }

    /// An edge back to where it starts: an arch over (or under) the box,
    /// through its label.
    private func loop(_ label: Label, on rect: Rect, place: Place, style: EdgeStyle, walked: Bool) -> Bundle {
        let hub = label.rect.center
        let above = hub.y < rect.center.y
        let side = above ? rect.y : rect.maxY
        let out = Point(0, above ? -1 : 1)
        let middle = min(max(hub.x, rect.x + 40), rect.maxX - 40)
        let start = Point(middle - 26, side), end = Point(middle + 26, side)
        let reach = abs(hub.y - side) * 0.6
        let branch = Curve(start: start, control1: start + out * reach, control2: hub - Point(label.rect.width / 2 + 20, 0), end: hub)
        let trunk = Curve(start: hub, control1: hub + Point(label.rect.width / 2 + 20, 0), control2: end + out * reach, end: end)
        return Bundle(label: label, branches: [branch], trunk: trunk, style: style, walked: walked, sources: [.place(place)], target: place)
    }

    // MARK: Around: a fan

    /// The label positions the view's layout declares.
    private var declaredLabels: [LabelKey: Point] = [:]
    /// The declared positions no edge of the view used: mistakes.
    public private(set) var unusedLabelPositions: [String] = []

    /// In `around`, the state in the middle.
    private var fanCentre: Place?

    /// In `around`, where each label stands, by target and text.
    private var fanLabels: [Place: [String: Point]] = [:]

    private func fannedLabel(_ target: Place, _ text: String) -> Point? {
        fanLabels[target]?[text]
    }

    /// Positions for `around STATE`: the state in the middle; the places a
    /// success leads to in a column on its right, those a failure leads to
    /// on its left, each in a row of its own with its label just before
    /// it, so no label can meet another; staying where it is, a loop
    /// above (success) or below (failure).
    private static func fan(
        _ diagram: Diagram, around state: ServiceState, _ operationName: (Operation) -> String
    ) -> (positions: [Place: Point], labels: [Place: [String: Point]], headings: [(text: String, rect: Rect)]) {
        let centre = Place.state(state)
        let row = 72.0, gap = 90.0
        var positions: [Place: Point] = [centre: Point(0, 0)]
        var labels: [Place: [String: Point]] = [:]
        let centreBox = boxRect(centre, at: Point(0, 0))
        for side in [false, true] {
            let edges = diagram.edges.filter { $0.fails == side && $0.to != centre }
            var targets: [Place] = []
            for edge in edges where !targets.contains(edge.to) { targets.append(edge.to) }
            let widest = edges.map { DiagramType.width($0.label(operationName), size: DiagramType.labelSize) + 2 * labelPadding }.max() ?? 0
            // The column's inner edge: past the centre box and the widest label.
            let inner = centreBox.width / 2 + gap + widest + 42
            for (index, target) in targets.enumerated() {
                let y = (Double(index) - Double(targets.count - 1) / 2) * row
                let width = boxRect(target, at: Point(0, 0)).width
                let x = side ? -(inner + width / 2) : inner + width / 2
                positions[target] = Point(x, y)
                for edge in edges where edge.to == target {
                    let text = edge.label(operationName)
                    let half = (DiagramType.width(text, size: DiagramType.labelSize) + 2 * labelPadding) / 2
                    labels[target, default: [:]][text] = Point(side ? -(inner - 34 - half) : inner - 34 - half, y)
                }
            }
        }
        // Loops: successes in a row above the box, failures in a row
        // below, clear of the columns' rows.
        let rows = max(diagram.edges.filter { !$0.fails && $0.to != centre }.count, diagram.edges.filter { $0.fails && $0.to != centre }.count)
        let clear = max(Double(rows) / 2 * row + 10, 80)
        for fails in [false, true] {
            let loops = diagram.edges.filter { $0.to == centre && $0.fails == fails }.map { $0.label(operationName) }
            let widths = loops.map { DiagramType.width($0, size: DiagramType.labelSize) + 2 * labelPadding }
            var x = -(widths.reduce(0, +) + 24 * Double(max(0, loops.count - 1))) / 2
            for (text, width) in zip(loops, widths) {
                labels[centre, default: [:]][text] = Point(x + width / 2, fails ? clear : -clear)
                x += width + 24
            }
        }
        // Each column's heading, over its boxes.
        var headings: [(text: String, rect: Rect)] = []
        for (fails, title) in [(true, DiagramLayout.failureColumnTitle), (false, DiagramLayout.successColumnTitle)] {
            let column = diagram.edges.filter { $0.fails == fails && $0.to != centre }.compactMap { positions[$0.to] }
            guard let top = column.map(\.y).min() else { continue }
            let x = column.map(\.x).reduce(0, +) / Double(column.count)
            let width = DiagramType.width(title, size: DiagramType.legendSize, bold: true)
            headings.append((title, Rect(center: Point(fails ? min(x, -width / 2 - 40) : max(x, width / 2 + 40), top - 50),
                                         width: width, height: DiagramType.legendSize * 1.3)))
        }
        return (positions, labels, headings)
    }

    // MARK: Note, legend, canvas

    private mutating func layOutNoteAndLegend(_ diagram: Diagram) {
        var bottom = boxes.map(\.rect.maxY).max() ?? 0
        bottom = max(bottom, frames.map(\.rect.maxY).max() ?? 0, labels.map(\.rect.maxY).max() ?? 0)
        let left = min(boxes.map(\.rect.x).min() ?? 0, frames.map(\.rect.x).min() ?? 0)
        var y = bottom + 30
        if let text = diagram.note {
            let rect = Rect(x: left, y: y, width: DiagramType.width(text, size: DiagramType.legendSize), height: DiagramType.legendSize * 1.3)
            note = (rect, text)
            captions.append(rect)
            y += 34
        }
        let (styles, hasCurrent, hasVisited) = diagram.legend
        var entries: [(LegendEntry, String)] = styles.map { (.line($0), $0.meaning) }
        if bundles.contains(where: { $0.sources.contains { if case .frame = $0 { true } else { false } } }) {
            entries.append((.frame, LegendText.frame))
        }
        if bundles.contains(where: { $0.sources == [.place($0.target)] }) {
            entries.append((.loop, LegendText.loop))
        }
        if hasCurrent { entries.append((.current, LegendText.current)) }
        if hasVisited { entries.append((.visited, LegendText.visited)) }
        // In rows no wider than the picture (or 900 pixels, if it is narrower).
        let right = max(left + 900, boxes.map(\.rect.maxX).max() ?? 0, frames.map(\.rect.maxX).max() ?? 0)
        var x = left
        var placed: [(kind: LegendEntry, rect: Rect, text: String)] = []
        for (kind, text) in entries {
            let sample = 52.0
            let width = sample + 10 + DiagramType.width(text, size: DiagramType.legendSize)
            if x > left, x + width > right {
                x = left
                y += 34
            }
            let rect = Rect(x: x, y: y, width: width, height: 26)
            placed.append((kind, rect, text))
            captions.append(rect)
            x += width + 34
        }
        let rect = placed.map(\.rect).reduce(placed.first?.rect ?? Rect(x: left, y: y, width: 0, height: 0)) { $0.union($1) }
        legend = (rect, placed)
    }

    private mutating func fitCanvas() {
        var extent = boxes.first?.rect ?? Rect(x: 0, y: 0, width: 1, height: 1)
        for frame in frames { extent = extent.union(frame.rect) }
        for caption in captions { extent = extent.union(caption) }
        // The title, above everything.
        titleRect = Rect(x: extent.x, y: extent.y - 56, width: DiagramType.width(title, size: Self.titleSize, bold: true), height: Self.titleSize * 1.3)
        captions.append(titleRect)
        for box in boxes { extent = extent.union(box.rect) }
        for label in labels { extent = extent.union(label.rect) }
        for frame in frames { extent = extent.union(frame.rect) }
        for caption in captions { extent = extent.union(caption) }
        for bundle in bundles {
            for curve in bundle.branches + [bundle.trunk] {
                for point in curve.samples(16) { extent = extent.union(Rect(x: point.x, y: point.y, width: 0, height: 0)) }
            }
        }
        // Move everything so the picture starts at the margin.
        let dx = Self.margin - extent.x, dy = Self.margin - extent.y
        shift(by: Point(dx, dy))
        width = (extent.width + 2 * Self.margin).rounded(.up)
        height = (extent.height + 2 * Self.margin).rounded(.up)
    }

    private mutating func shift(by d: Point) {
        func moved(_ r: Rect) -> Rect { Rect(x: r.x + d.x, y: r.y + d.y, width: r.width, height: r.height) }
        func moved(_ c: Curve) -> Curve { Curve(start: c.start + d, control1: c.control1 + d, control2: c.control2 + d, end: c.end + d) }
        func moved(_ l: Label) -> Label { Label(rect: moved(l.rect), text: l.text, style: l.style, walked: l.walked, last: l.last) }
        boxes = boxes.map { Box(place: $0.place, rect: moved($0.rect), isFailure: $0.isFailure) }
        labels = labels.map(moved)
        captions = captions.map(moved)
        bundles = bundles.map {
            Bundle(label: moved($0.label), branches: $0.branches.map(moved), trunk: moved($0.trunk), style: $0.style,
                   walked: $0.walked, sources: $0.sources, target: $0.target, walkedSources: $0.walkedSources, lastSources: $0.lastSources)
        }
        frames = frames.map { frame in
            var frame = frame
            frame.rect = moved(frame.rect)
            frame.titleRect = frame.titleRect.map(moved)
            frame.captionRect = frame.captionRect.map(moved)
            return frame
        }
        note = note.map { (moved($0.rect), $0.text) }
        headings = headings.map { ($0.text, moved($0.rect)) }
        titleRect = moved(titleRect)
        legend = (moved(legend.rect), legend.entries.map { ($0.kind, moved($0.rect), $0.text) })
    }

    // MARK: Checks

    /// What would make the picture hard to read: labels over labels,
    /// boxes or captions, and lines through boxes they do not join or
    /// under labels that are not theirs. Empty for every view (a test).
    public var problems: [String] {
        var problems: [String] = []
        let texts = labels.map { (rect: $0.rect, name: "label '\($0.text)'") } + captions.map { (rect: $0, name: "caption") }
        for (i, a) in texts.enumerated() {
            for b in texts[(i + 1)...] where a.rect.overlaps(b.rect) { problems.append("\(a.name) overlaps \(b.name)") }
            for box in boxes where a.rect.overlaps(box.rect) { problems.append("\(a.name) overlaps the box \(box.title)") }
        }
        for bundle in bundles { problems += lineProblems(bundle) }
        return problems
    }

    /// The places a bundle's lines may touch: its own ends, and the states
    /// in a frame it starts from.
    private func ownPlaces(_ bundle: Bundle) -> Set<Place> {
        var own: Set<Place> = [bundle.target]
        for source in bundle.sources {
            switch source {
            case .place(let place): own.insert(place)
            case .frame(let kind): own.formUnion(frame(kind)?.members ?? [])
            }
        }
        return own
    }

    /// Where a bundle's lines cross a box not their own or run under a
    /// label not theirs.
    private func lineProblems(_ bundle: Bundle, among labels: [Label]? = nil) -> [String] {
        var problems: [String] = []
        let own = ownPlaces(bundle)
        // The arrow must show: its head well clear of the label.
        if labels == nil, bundle.label.rect.insetBy(-18).contains(bundle.trunk.end) {
            problems.append("the arrow of '\(bundle.label.text)' is hidden by its label")
        }
        for curve in bundle.branches + [bundle.trunk] {
            // Only what the curve's bounds reach can be under it.
            let bounds = curve.bounds.insetBy(-1)
            var points: ArraySlice<Point>?
            func passes(_ rect: Rect) -> Bool {
                let inner = rect.insetBy(2)
                guard bounds.overlaps(inner) else { return false }
                if points == nil { points = curve.samples().dropFirst(2).dropLast(2) }
                return points!.contains(where: inner.contains)
            }
            for box in boxes where !own.contains(box.place) && passes(box.rect) {
                problems.append("the line of '\(bundle.label.text)' crosses the box \(box.title)")
            }
            for label in labels ?? self.labels where label.rect != bundle.label.rect && passes(label.rect) {
                problems.append("the line of '\(bundle.label.text)' runs under the label '\(label.text)'")
            }
            if labels == nil {
                for caption in captions where passes(caption) {
                    problems.append("the line of '\(bundle.label.text)' runs under a caption")
                }
            }
        }
        return problems
    }

    /// Everything wrong with adding `bundle` to what is laid out so far
    /// (its label padded by `padding`, for breathing room).
    private func problems(of bundle: Bundle, padding: Double) -> [String] {
        var problems: [String] = []
        let rect = bundle.label.rect.insetBy(-padding)
        if boxes.contains(where: { $0.rect.overlaps(rect) }) { problems.append("box") }
        if labels.contains(where: { $0.rect.overlaps(rect) }) { problems.append("label") }
        if captions.contains(where: { $0.overlaps(rect) }) { problems.append("caption") }
        problems += lineProblems(bundle)
        let padded = Label(rect: rect, text: bundle.label.text, style: bundle.style, walked: false)
        for other in bundles {
            problems += lineProblems(other, among: [padded])
        }
        return problems
    }
}
