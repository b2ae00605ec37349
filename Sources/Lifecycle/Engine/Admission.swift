/// Whether a request would run now: the checks an operation passes before
/// it runs, asked without running it. `can`, `explain` and the routes read
/// them; the operations themselves make the very same checks, so an answer
/// of "yes" is never followed by a refusal.
extension Engine {
    /// The refusal `operation` would meet on the named service now, with
    /// its default arguments (as `perform` runs it), or nil when it would
    /// run. The rules are asked in the order the operation asks them: the
    /// name (create, restore: free, not held), the service (it exists), the
    /// seed table, then the edition. For restore, `name` is the target and
    /// the backup is not asked about (`restoreRefusal` is).
    public func refusal(of operation: Operation, on name: String) -> LifecycleError? {
        do throws(LifecycleError) {
            switch operation {
            case .create, .restore:
                _ = try checkNameIsFree(name)
            default:
                _ = try admit(operation, try existing(name))
            }
            return nil
        } catch {
            return error
        }
    }

    /// The refusal `restore BACKUP [to NAME] [edition EDITION]` would meet
    /// now, or nil when it would run.
    public func restoreRefusal(_ backupName: String, to target: String? = nil, edition: Edition? = nil) -> LifecycleError? {
        do throws(LifecycleError) {
            _ = try admitRestore(backupName, to: target, edition: edition)
            return nil
        } catch {
            return error
        }
    }

    /// The checks a restore passes before it runs: the backup exists, the
    /// name is free (seed: the old service deleted and its name available),
    /// and the edition is the backup's or higher (seed).
    func admitRestore(
        _ backupName: String, to target: String?, edition: Edition?
    ) throws(LifecycleError) -> (backup: Backup, name: String, key: NameKey, edition: Edition) {
        guard let backup = backup(named: backupName) else { throw .noSuchBackup(backupName) }
        let name = target ?? backup.service
        let key = try checkNameIsFree(name)
        let edition = edition ?? backup.edition
        guard edition >= backup.edition else {
            throw .restoreToLowerEdition(backup: backup.name, backupEdition: backup.edition, requested: edition)
        }
        return (backup, name, key, edition)
    }

    /// The refusal by `service`'s edition of `operation`, whatever its state
    /// (`EditionTable`: Developer neither scales nor backs up).
    static func editionRefusal(_ operation: Operation, of service: Service) -> LifecycleError? {
        guard !service.edition.allows(operation) else { return nil }
        return operation == .scale
            ? .cannotScaleEdition(service.edition, service: service.name)
            : .backupNotSupported(service: service.name, edition: service.edition)
    }
}
