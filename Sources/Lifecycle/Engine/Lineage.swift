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
    /// One service of a lineage, as a restore's warnings read it: its
    /// number, what it had processed, and, while it exists, its identity.
    /// Its name is looked up only for a warning that names it
    /// (`name(of:otherwise:)`), so a long line costs a restore a scan of
    /// a few numbers each, not a copy of every name.
    struct LineageMember {
        var id: Int
        var messages: Int
        var controlNumber: Int
        /// The service, while it exists (nil once it is deleted).
        var live: ServiceID?

        var exists: Bool { live != nil }
    }

    /// The services of `backup`'s lineage, its source first, then by
    /// number (the order a line's members are kept in). A line's members
    /// are kept side by side, with what the deleted ones had processed, so
    /// this reads one short array and the services that exist.
    func lineage(of backup: Backup) -> [LineageMember] {
        let line = lineages.members(ofLineOf: backup.sourceID)
        var members: [LineageMember] = []
        members.reserveCapacity(line.count)
        func add(_ member: Lineages.Member) {
            if let id = member.live, let slot = services.slot(id) {
                members.append(LineageMember(
                    id: member.number, messages: services[slot].messagesProcessed,
                    controlNumber: services[slot].controlNumber, live: id))
            } else {
                members.append(LineageMember(
                    id: member.number, messages: member.messages, controlNumber: member.controlNumber, live: nil))
            }
        }
        if let source = line.first(where: { $0.number == backup.sourceID }) { add(source) }
        for member in line where member.number != backup.sourceID { add(member) }
        return members
    }

    /// What `member` is called: its name while it exists, the name it had
    /// when it was deleted, or `fallback` for a deleted service saved
    /// without its name (by a mabs before names were kept).
    func name(of member: LineageMember, otherwise fallback: String) -> String {
        if let id = member.live, let slot = services.slot(id) { return services[slot].name }
        return processedAtDeletion[member.id]?.name ?? fallback
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
        var all: [(number: Int, line: Int?, restoredFrom: String?, id: ServiceID?, processed: Processed?)] = services.keys.map { key in
            let service = services[key]!
            return (service.number, service.lineage, service.restoredFrom, services.id(of: key), nil)
        }
        for (number, processed) in processedAtDeletion.dictionary {
            all.append((number, processed.lineage, processed.restoredFrom, nil, processed))
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
            if let processed = member.processed { index.delete(member.number, processed: processed) }
        }
        index.isCurrent = true
        lineages = index
    }
}

/// Which services (by number) are of which line, each line's members side
/// by side: those that exist by identity, the deleted ones with what they
/// had processed. Derived from the services and the deleted services'
/// records, so it is neither saved nor compared.
struct Lineages: Sendable, Equatable {
    /// One service of a line.
    struct Member: Sendable {
        var number: Int
        /// The service while it exists; nil once it is deleted.
        var live: ServiceID?
        /// What a deleted service had processed (`Processed`).
        var messages = 0
        var controlNumber = 0
    }

    /// Each known service's line (the number of the line's first service)
    /// and its place among the line's members.
    private var placeOf: [Int: (line: Int, index: Int)] = [:]
    /// Each line's services, in the order they were made (by number).
    private var members: [Int: [Member]] = [:]
    /// False until built, and again when services were set without the
    /// index knowing (an engine read from a file, a journal's changes
    /// applied): `Engine.indexLineages()` builds it before it is used.
    var isCurrent = false

    /// The line of the service numbered `number` (a service the index does
    /// not know is a line of its own).
    func line(of number: Int) -> Int { placeOf[number]?.line ?? number }

    /// The services of the line of the service numbered `number` (none when
    /// the index does not know it).
    func members(ofLineOf number: Int) -> [Member] {
        placeOf[number].flatMap { members[$0.line] } ?? []
    }

    /// A service made, of `line`, that exists as `id`.
    mutating func add(_ number: Int, line: Int, id: ServiceID?) {
        placeOf[number] = (line, members[line, default: []].count)
        members[line, default: []].append(Member(number: number, live: id))
    }

    /// The service numbered `number` is deleted, having processed what
    /// `processed` says: still of its line.
    mutating func delete(_ number: Int, processed: Processed) {
        guard let place = placeOf[number] else { return }
        members[place.line]![place.index] = Member(
            number: number, live: nil, messages: processed.messages, controlNumber: processed.controlNumber)
    }

    /// Derived data: two engines with the same services are equal however
    /// their indexes came about.
    static func == (_: Lineages, _: Lineages) -> Bool { true }
}
