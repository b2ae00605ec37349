/// A backup's lineage: the service it was taken from and every service
/// restored from a backup of that line, existing or deleted (model
/// decision: the seed's "target the right environment" and "duplicate
/// control numbers" concern any two of them, not only a copy and its
/// source).
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
    /// identity. A service is of the line when it is the backup's source,
    /// or restored from a backup taken of one of the line, or the source
    /// of the backup one of the line was restored from; a deleted service
    /// is known by what it was restored from. A chain through a backup
    /// since purged is not followed.
    func lineage(of backup: Backup) -> [LineageMember] {
        var candidates: [(member: LineageMember, restoredFrom: String?)] = services.values.map { service in
            (LineageMember(id: service.number, name: service.name,
                           processed: Processed(messages: service.messagesProcessed, controlNumber: service.controlNumber),
                           exists: true),
             service.restoredFrom)
        }
        for (id, processed) in processedAtDeletion.dictionary {
            candidates.append((LineageMember(id: id, name: processed.name ?? backup.service, processed: processed, exists: false),
                               processed.restoredFrom))
        }
        var line: Set<Int> = [backup.sourceID]
        var grew = true
        while grew {
            grew = false
            for candidate in candidates {
                let parent = candidate.restoredFrom.flatMap { self.backup(named: $0)?.sourceID }
                if line.contains(candidate.member.id) {
                    // Up the line: the source of the backup it came from.
                    if let parent, line.insert(parent).inserted { grew = true }
                } else if let parent, line.contains(parent) {
                    line.insert(candidate.member.id)
                    grew = true
                }
            }
        }
        return candidates.map(\.member).filter { line.contains($0.id) }
            .sorted { ($0.id != backup.sourceID ? 1 : 0, $0.id) < ($1.id != backup.sourceID ? 1 : 0, $1.id) }
    }
}
