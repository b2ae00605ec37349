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
        static let armedLimit = 8
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
    /// be reached; empty when `start` is one.
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
        var best: [Place: (cost: Int, path: [Step])] = [first: (0, [])]
        var discovered: [Place] = [first]
        var done: Set<Place> = []
        while true {
            // Dijkstra over a few hundred places at most: the cheapest open
            // one, the first discovered among equals.
            var next: Place?
            for place in discovered where !done.contains(place) {
                if next == nil || best[place]!.cost < best[next!]!.cost { next = place }
            }
            guard let place = next else { return nil }
            let entry = best[place]!
            if targets.contains(place.node) { return entry.path }
            done.insert(place)
            for transition in transitions where transition.from == place.node && !excluded(transition.operation) {
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
                if best[to] == nil { discovered.append(to) }
                best[to] = (cost, path)
            }
        }
    }
}
