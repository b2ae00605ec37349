/// Routes for one service as it is now: the table's transitions, with what
/// the service's situation adds. A failure already armed for an operation
/// makes its next run fail (no success that way, and no `fail next` to
/// write); a restore needs a backup, which a backup on the way can make.
extension StateMachine {
    /// What a route must respect beyond the table.
    public struct Situation: Sendable {
        /// Failures armed for the service's name, by operation: the next
        /// that many runs of each fail.
        public var armed: [Operation: Int] = [:]
        /// A backup exists to restore the service from.
        public var hasBackup = false
        /// The service's edition can take a backup on the way.
        public var canBackUp = false
        /// Restoring is preferred to creating: a restore brings back what
        /// the backup holds, where a create starts empty.
        public var preferRestore = false

        public init(armed: [Operation: Int] = [:], hasBackup: Bool = false, canBackUp: Bool = false, preferRestore: Bool = false) {
            self.armed = armed
            self.hasBackup = hasBackup
            self.canBackUp = canBackUp
            self.preferRestore = preferRestore
        }

        /// More armed failures than this are taken as never used up: a
        /// route through them all would be no route a person takes.
        static let armedLimit = 3

        /// The most places a search looks at: each armed operation
        /// multiplies them, and a route needing more is no route a person
        /// takes (nil, as for none).
        static let searchLimit = 4_096
    }

    /// Where a route search stands: the node, whether a backup exists, and
    /// the armed failures left, in `armedOperations` order.
    private struct Place: Hashable {
        var node: Node
        var hasBackup: Bool
        var armedLeft: [Int]
    }

    /// The cheapest way from `start` to any of `targets` in `situation`:
    /// fewest failures to arm first (an armed one costs nothing extra, it
    /// happens anyway), then fewest deletions, then fewest steps. Ties go
    /// to the transition found first in table order, so the answer is the
    /// same on every run. `excluding` leaves out operations the service
    /// cannot run (its edition cannot scale, say). Nil when no target can
    /// be reached within `Situation.searchLimit` places; empty when `start`
    /// is one.
    public static func path(
        from start: Node, toAny targets: Set<Node>, in situation: Situation,
        excluding excluded: (Operation) -> Bool = { _ in false }
    ) -> [Step]? {
        if targets.contains(start) { return [] }
        let failureCost = 1_000_000, throughNothingCost = 1_000
        let armedOperations = situation.armed.keys.filter { situation.armed[$0]! > 0 }.sorted { $0.rawValue < $1.rawValue }
        let never = Situation.armedLimit + 1
        let first = Place(
            node: start, hasBackup: situation.hasBackup,
            armedLeft: armedOperations.map { min(situation.armed[$0]!, never) }
        )
        var best: [Place: (cost: Int, order: Int, path: [Step])] = [first: (0, 0, [])]
        // Dijkstra: the cheapest open place, the first discovered among
        // equals. A place made cheaper is queued again, with its order.
        var open = Heap<(cost: Int, order: Int, place: Place)>(by: { ($0.cost, $0.order) < ($1.cost, $1.order) })
        open.push((0, 0, first))
        var done: Set<Place> = []
        while true {
            guard let (cost, _, place) = open.pop(), done.count < Situation.searchLimit else { return nil }
            guard !done.contains(place), let entry = best[place], entry.cost == cost else { continue }
            if targets.contains(place.node) { return entry.path }
            done.insert(place)
            for transition in transitions(from: place.node) where !excluded(transition.operation) {
                if transition.operation == .restore && !place.hasBackup { continue }
                var to = Place(node: transition.to, hasBackup: place.hasBackup, armedLeft: place.armedLeft)
                let armedIndex = armedOperations.firstIndex(of: transition.operation)
                let armed = armedIndex.map { place.armedLeft[$0] > 0 } ?? false
                // An armed failure leaves no success, and its failure is the
                // one that happens.
                if armed && !transition.fails { continue }
                if let armedIndex, armed, place.armedLeft[armedIndex] < never { to.armedLeft[armedIndex] -= 1 }
                if transition.operation == .backup && !transition.fails {
                    guard situation.canBackUp, !place.hasBackup else { continue }
                    to.hasBackup = true
                }
                // Going round in place is a step only when it changes
                // something: a backup made, an armed failure used up.
                if to == place { continue }
                var cost = entry.cost + (transition.fails && !armed ? failureCost : 1)
                if transition.to == .none || transition.from == .none { cost += throughNothingCost }
                // A create loses what a restore would bring back: with a
                // backup, any restore route beats one through create that
                // is not a whole deletion shorter.
                if situation.preferRestore {
                    if transition.operation == .create { cost += throughNothingCost / 2 }
                } else if transition.operation == .restore {
                    cost += 1
                }
                let path = entry.path + [Step(operation: transition.operation, fails: transition.fails, to: transition.to, armed: armed)]
                if let known = best[to], known.cost <= cost { continue }
                let order = best[to]?.order ?? best.count
                best[to] = (cost, order, path)
                open.push((cost, order, to))
            }
        }
    }

    /// The transitions out of each node, in table order.
    private static let transitionsByNode: [Node: [Transition]] = Dictionary(grouping: transitions, by: \.from)

    static func transitions(from node: Node) -> [Transition] { transitionsByNode[node] ?? [] }
}

/// A binary min-heap by `less`.
struct Heap<Element> {
    private var items: [Element] = []
    private let less: (Element, Element) -> Bool

    init(by less: @escaping (Element, Element) -> Bool) { self.less = less }

    mutating func push(_ item: Element) {
        items.append(item)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard less(items[child], items[parent]) else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Element? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let top = items.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < items.count && less(items[left], items[smallest]) { smallest = left }
            if right < items.count && less(items[right], items[smallest]) { smallest = right }
            if smallest == parent { return top }
            items.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
