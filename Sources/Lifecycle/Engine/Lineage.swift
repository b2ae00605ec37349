/// A backup's lineage: the service it was taken from and every service
/// restored from a backup of that line, existing or deleted (model
/// decision: the seed's "target the right environment" and "duplicate
/// control numbers" concern any two of them, not only a copy and its
/// source).
///
/// A line is decided when a service is made, never searched for: a
/// created service starts a line of its own, and a restored one joins the
/// line of the service its backup was taken from (`Service.lineage`, the
/// number of the line's first service). Lines never merge or split, so
/// the line of a backup is one lookup, however many services and deleted
/// services the engine has known, and a backup purged since does not cut
/// the line it was restored along.
extension Engine {
    /// One service of a lineage: what it is called and had processed
    /// (when it was deleted, if it was).
    struct LineageMember {
        var id: Int
        var name: String
        var processed: Processed
        /// A service that exists now, not one deleted.
        var exists: Bool
    }

    /// The services of `backup`'s lineage, its source first, then by
    /// number.
    func lineage(of backup: Backup) -> [LineageMember] {
        let numbers = lineages.members(ofLineOf: backup.sourceID)
        let members = numbers.compactMap { number -> LineageMember? in
            if let id = lineages.liveServices[number], let slot = services.slot(id) {
                let service = services[slot]
                return LineageMember(
                    id: number, name: service.name,
                    processed: Processed(messages: service.messagesProcessed, controlNumber: service.controlNumber),
                    exists: true)
            }
            return processedAtDeletion[number].map {
                LineageMember(id: number, name: $0.name ?? backup.service, processed: $0, exists: false)
            }
        }
        return members.sorted { ($0.id != backup.sourceID ? 1 : 0, $0.id) < ($1.id != backup.sourceID ? 1 : 0, $1.id) }
    }

    /// The line a service restored from `backup` joins: its source's.
    func lineJoined(restoring backup: Backup) -> Int {
        lineages.line(of: backup.sourceID)
    }

    /// Makes the index of lines whole again when it was left out of date
    /// (by opening a workspace, or applying a journal's changes), from the
    /// services and deleted services themselves.
    mutating func indexLineages() {
        guard !lineages.isCurrent else { return }
        var all: [(number: Int, line: Int?, restoredFrom: String?, id: ServiceID?)] = services.keys.map { key in
            let service = services[key]!
            return (service.number, service.lineage, service.restoredFrom, services.id(of: key))
        }
        for (number, processed) in processedAtDeletion.dictionary {
            all.append((number, processed.lineage, processed.restoredFrom, nil))
        }
        var index = Lineages()
        // A service's line was decided when it was made, after every
        // service numbered before it: number order meets each line's
        // first service before the others.
        for member in all.sorted(by: { $0.number < $1.number }) {
            // Workspaces saved before lines were kept say only which
            // backup a service came from: follow it while it is there.
            let line = member.line
                ?? member.restoredFrom.flatMap { backups[NameKey($0)] }.map { index.line(of: $0.sourceID) }
                ?? member.number
            index.add(member.number, line: line, id: member.id)
        }
        index.isCurrent = true
        lineages = index
    }
}

/// Which services (by number) are of which line, and which of them exist
/// (by identity). Derived from the services and the deleted
/// services' records, so it is neither saved nor compared.
struct Lineages: Sendable, Equatable {
    /// Each known service's line: the number of the line's first service.
    private var lineOf: [Int: Int] = [:]
    /// Each line's services, by number, in the order they were made.
    private var members: [Int: [Int]] = [:]
    /// The services that exist, by number.
    private(set) var liveServices: [Int: ServiceID] = [:]
    /// False until built, and again when services were set without the
    /// index knowing (an engine read from a file, a journal's changes
    /// applied): `Engine.indexLineages()` builds it before it is used.
    var isCurrent = false

    /// The line of the service numbered `number` (a service the index does
    /// not know is a line of its own).
    func line(of number: Int) -> Int { lineOf[number] ?? number }

    /// The services of the line of the service numbered `number`.
    func members(ofLineOf number: Int) -> [Int] {
        lineOf[number].flatMap { members[$0] } ?? [number]
    }

    /// A service made, of `line`, that exists as `id` (nil for a deleted
    /// one).
    mutating func add(_ number: Int, line: Int, id: ServiceID?) {
        lineOf[number] = line
        members[line, default: []].append(number)
        liveServices[number] = id
    }

    /// The service numbered `number` is deleted: still of its line.
    mutating func delete(_ number: Int) {
        liveServices[number] = nil
    }

    /// Derived data: two engines with the same services are equal however
    /// their indexes came about.
    static func == (_: Lineages, _: Lineages) -> Bool { true }
}
