import Lifecycle

/// A workspace as it can be saved and opened again: the engine (services,
/// backups, clock, armed failures, chaos, schedules, the log), the global
/// variables, and the procedures, kept as their source text.
public struct WorkspaceSnapshot: Codable, Sendable {
    /// What the file is, so a stray JSON file is not taken for one.
    public var format = WorkspaceSnapshot.formatName
    /// Files written by a newer mabs are refused, not misread.
    public var version = WorkspaceSnapshot.currentVersion
    public var engine: Engine
    public var variables: [String: Value]
    /// Each procedure's `def` statement, as written.
    public var procedures: [String]

    /// How deeply a saved variable's lists may nest: JSON writers and
    /// readers refuse a few hundred levels (each list is three), so a
    /// deeper one is refused, by name, before anything is written.
    public static let maximumNesting = 100

    public static let formatName = "mabs-workspace"
    public static let currentVersion = 1
}

/// Where `save` and `open` keep workspaces: the host reads and writes the
/// files (the language does no I/O).
public protocol WorkspaceStore {
    /// Writes `snapshot` to `path`, seen from `file`; throws a sentence
    /// saying why it cannot.
    func save(_ snapshot: WorkspaceSnapshot, to path: String, relativeTo file: SourceFile) throws
    /// The workspace at `path`, or nil when there is no file there; throws
    /// a sentence saying why it cannot be read or is no workspace.
    func open(_ path: String, relativeTo file: SourceFile) throws -> WorkspaceSnapshot?
}



extension Interpreter {
    /// The workspace as it stands.
    func snapshot() -> WorkspaceSnapshot {
        WorkspaceSnapshot(
            engine: engine,
            variables: Dictionary(uniqueKeysWithValues: globals.map { (interner[$0.key], $0.value) }),
            procedures: procedures.values.map(\.source).sorted()
        )
    }

    /// Replaces the workspace with `snapshot`: nothing of the old one is
    /// kept. The procedures are parsed again from their source, which
    /// holds their secrets; what their errors show has them masked.
    func restore(_ snapshot: WorkspaceSnapshot, _ at: Site) throws {
        var restoredProcedures: [Symbol: Procedure] = [:]
        for source in snapshot.procedures {
            let file = SourceFile(name: at.file.name, text: source)
            let parsed = parse(file, interner: interner)
            guard !parsed.hasErrors, parsed.script.statements.count == 1,
                  case .def(let name, let parameters, let body) = parsed.script.statements[0].kind else {
                throw RuntimeError(.workspaceUnreadable(reason: "a procedure in it does not parse"), at)
            }
            restoredProcedures[name.symbol] = Procedure(
                parameters: parameters, body: body, file: maskingSecrets(file), source: source)
        }
        engine = snapshot.engine
        // A limit given on the command line outlasts the one saved.
        if let limit = options.logLimit { engine.logLimit = limit }
        globals = Dictionary(uniqueKeysWithValues: snapshot.variables.map { (interner.intern($0.key), $0.value) })
        // Later source that uses them names a secret (`SecretSource`).
        for (symbol, value) in globals where value.isSecret { secretNames.variables.insert(symbol) }
        procedures = restoredProcedures
    }

    /// `save "FILE"`, and the save after each top-level statement with
    /// `--workspace`.
    func saveWorkspace(_ path: String, _ at: Site) throws {
        guard let store = workspaceStore else { throw RuntimeError(.workspaceUnavailable, at) }
        for (symbol, value) in globals where !value.nests(within: WorkspaceSnapshot.maximumNesting) {
            throw RuntimeError(.workspaceValueTooDeep(path: path, variable: interner[symbol], limit: WorkspaceSnapshot.maximumNesting), at)
        }
        do {
            try store.save(snapshot(), to: path, relativeTo: at.file)
        } catch {
            throw RuntimeError(.workspaceFailed(path, reason: "\(error)"), at)
        }
    }

    /// `open "FILE"`: a missing file is an error here (with `--workspace`,
    /// a missing file is a new workspace).
    func openWorkspace(_ path: String, _ at: Site, missingIsNew: Bool = false) throws {
        guard let store = workspaceStore else { throw RuntimeError(.workspaceUnavailable, at) }
        let snapshot: WorkspaceSnapshot?
        do {
            snapshot = try store.open(path, relativeTo: at.file)
        } catch {
            throw RuntimeError(.workspaceFailed(path, reason: "\(error)"), at)
        }
        guard let snapshot else {
            if missingIsNew { return }
            throw RuntimeError(.workspaceFailed(path, reason: "no such file"), at)
        }
        try restore(snapshot, at)
    }
}

extension Value {
    /// Whether the value's lists nest at most `limit` deep (walked without
    /// recursion, stopping at the first too deep).
    func nests(within limit: Int) -> Bool {
        guard case .list = self else { return true }
        var pending: [(Value, depth: Int)] = [(self, 0)]
        while let (value, depth) = pending.popLast() {
            guard case .list(let items) = value else { continue }
            if depth >= limit { return false }
            for item in items { if case .list = item { pending.append((item, depth + 1)) } }
        }
        return true
    }
}
