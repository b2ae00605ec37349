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
    /// 1: the file is the snapshot. 2: the snapshot on the first line, then
    /// the journal, one `WorkspaceChanges` a line (see `WorkspaceJournal`).
    public static let currentVersion = 2
}

/// One top-level statement's changes to a workspace: a record of the
/// `--workspace` journal, which the snapshot before it and the records
/// before it make the workspace after that statement.
///
/// Why changes, not statements: a journal of the statements' source, run
/// again on open, would be shorter, but it would not give back the same
/// workspace. `load` and `open` read files that may have changed since;
/// a statement stopped midway by Ctrl-C or an error has done part of its
/// work, which a rerun would not stop at the same place; and chaos, the
/// step budget and the options a run was started with would all have to
/// be saved and replayed exactly. The changes a statement made are what
/// it did, however it did it: opening them needs nothing but the file.
public struct WorkspaceChanges: Codable, Sendable {
    public var engine: Engine.Changes
    /// The global variables set, with their values.
    public var variables: [String: Value] = [:]
    /// The procedures defined, by name: their `def` statements as written.
    public var procedures: [String: String] = [:]
}

extension WorkspaceSnapshot {
    /// The snapshot after the statement whose changes these are.
    public mutating func apply(_ changes: WorkspaceChanges) {
        engine.apply(changes.engine)
        variables.merge(changes.variables) { $1 }
        guard !changes.procedures.isEmpty else { return }
        procedures = (procedures.filter { source in
            WorkspaceSnapshot.procedureName(source).map { changes.procedures[$0] == nil } ?? true
        } + changes.procedures.values).sorted()
    }

    /// The name a procedure's `def NAME(...)` source defines.
    static func procedureName(_ source: String) -> String? {
        var lexer = Lexer(file: SourceFile(name: "", text: source))
        guard lexer.next().kind == .word else { return nil }
        let name = lexer.next()
        return name.kind == .word ? lexer.file.text(of: name.range) : nil
    }
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
    /// Throws a sentence when `save` must not replace `path`, seen from
    /// `file`: a script being run, or a file the run writes otherwise (a
    /// report, the `--workspace` file, which only its own saves replace).
    func checkReplaceable(_ path: String, relativeTo file: SourceFile) throws
    /// `--workspace FILE`: the workspace at `path` (nil when there is no
    /// file yet), and the journal that keeps that file up to date from now
    /// on; throws as `open` does.
    func openJournaled(_ path: String, relativeTo file: SourceFile) throws -> (WorkspaceSnapshot?, WorkspaceJournal)
}

/// The `--workspace` file, kept up to date after every top-level statement
/// at the cost of what the statement changed: a snapshot, then a journal
/// of changes appended to it, one record a statement; the snapshot is
/// written whole again (compacted) when the journal has grown past its
/// share of the file, and at a clean exit. Whatever moment a run is killed
/// at, the file holds every statement before the one that was running.
public protocol WorkspaceJournal: AnyObject {
    /// Whether the next save must write the workspace whole: there is no
    /// file yet, the file is of an older format or ends in a torn record,
    /// or a save failed.
    var needsWholeSave: Bool { get }
    /// Whether the file holds records after its snapshot.
    var hasRecords: Bool { get }
    /// Appends one statement's changes, then compacts (with `snapshot()`)
    /// if the journal has grown past its share, or if the file is no
    /// longer as this journal left it (another run wrote it). Throws a
    /// sentence saying why it cannot; the next save is then whole.
    func append(_ changes: WorkspaceChanges, snapshot: () -> WorkspaceSnapshot) throws
    /// Writes `snapshot` whole in place of the file, with no records.
    func compact(_ snapshot: WorkspaceSnapshot) throws
    /// Makes sure the records written so far are on the disk itself, not
    /// only in the system's cache (at the end of a run or REPL entry).
    func flush()
}

extension WorkspaceStore {
    /// A store with no journal of its own writes the workspace whole at
    /// every save, as `save` does.
    public func openJournaled(_ path: String, relativeTo file: SourceFile) throws -> (WorkspaceSnapshot?, WorkspaceJournal) {
        (try open(path, relativeTo: file), WholeSaves(store: self, path: path, file: file))
    }
}

/// The journal of a store that has none: every save is whole.
private final class WholeSaves: WorkspaceJournal {
    let store: WorkspaceStore, path: String, file: SourceFile
    init(store: WorkspaceStore, path: String, file: SourceFile) {
        self.store = store
        self.path = path
        self.file = file
    }
    var needsWholeSave: Bool { true }
    var hasRecords: Bool { false }
    func append(_ changes: WorkspaceChanges, snapshot: () -> WorkspaceSnapshot) throws { try compact(snapshot()) }
    func compact(_ snapshot: WorkspaceSnapshot) throws { try store.save(snapshot, to: path, relativeTo: file) }
    func flush() {}
}



/// What makes a saved workspace one that no run could have made. A
/// workspace is checked before it replaces the one in use, so that
/// nothing runs into a value the language never makes.
public enum WorkspaceProblem: Sendable, Hashable {
    /// In the engine's part.
    case engine(Inconsistency)
    /// A variable named as no script can name one.
    case variableName(String)
    /// A variable whose value is past `Value.maximumSize`.
    case variableTooLarge(String)
    /// The procedure at this position (from 1) is not one `def` statement
    /// that parses.
    case procedureUnparsed(Int)
    /// A procedure named like a built-in function, which `def` refuses.
    case builtinProcedure(String)
    /// Two procedures of one name.
    case procedureTwice(String)
    /// A variable holding (perhaps in a list) a version no run makes.
    case variableVersion(String, version: String, problem: NameProblem)
    /// A variable whose lists nest deeper than a workspace is saved with
    /// (`WorkspaceSnapshot.maximumNesting`).
    case variableTooDeep(String)
}

extension WorkspaceSnapshot {
    /// What no run could have made in this workspace, if anything: the
    /// engine's part (with the longest text a value holds), the variables'
    /// names and sizes. The procedures are checked as they are parsed.
    var problem: WorkspaceProblem? {
        if let inconsistency = engine.inconsistency(textLimit: Value.maximumSize) { return .engine(inconsistency) }
        for name in variables.keys.sorted() {
            let bytes = Array(name.utf8)
            guard let first = bytes.first, Lexer.isLetter(first), bytes.allSatisfy(Lexer.isNameCharacter) else {
                return .variableName(name)
            }
            if variables[name]!.isTooLarge { return .variableTooLarge(name) }
            if !variables[name]!.nests(within: WorkspaceSnapshot.maximumNesting) { return .variableTooDeep(name) }
            if let (version, problem) = variables[name]!.impossibleVersion {
                return .variableVersion(name, version: version, problem: problem)
            }
        }
        return nil
    }
}

extension Value {
    /// A version in the value (or in a list in it) that
    /// `ProductVersion.problem` refuses, which no run makes.
    var impossibleVersion: (String, NameProblem)? {
        switch self {
        case .version(let version): ProductVersion.problem(version.text).map { (version.text, $0) }
        case .list(let list): list.lazy.compactMap(\.impossibleVersion).first
        default: nil
        }
    }
}

/// The `--workspace` file in use: its journal, and what the next record
/// starts from.
struct JournalState {
    var journal: WorkspaceJournal
    var path: String
    /// The engine's changes last saved.
    var recordedEngineChanges: Engine.Changes?
    /// The next save must be whole (after `open`).
    var needsWholeSave = false
    /// A top-level statement ran without its save (it stopped midway).
    var unsavedStatement = false
}

extension Session {
    /// What files named on the command line are relative to: the folder
    /// mabs started in.
    static let commandLine = SourceFile(name: "<command line>", text: "")

    /// The workspace as it stands.
    func snapshot() -> WorkspaceSnapshot {
        WorkspaceSnapshot(
            engine: engine,
            variables: Dictionary(uniqueKeysWithValues: variables.setGlobals.map { (interner[$0.0], $0.1) }),
            procedures: variables.definedProcedures.map(\.source).sorted()
        )
    }

    /// Replaces the workspace with `snapshot`: nothing of the old one is
    /// kept. The procedures are parsed again from their source, which
    /// holds their secrets; what their errors show has them masked.
    ///
    /// A workspace no run could have made (see `WorkspaceProblem`) is
    /// refused, and the one in use kept.
    func restore(_ snapshot: WorkspaceSnapshot, from path: String, _ at: Site) throws {
        if let problem = snapshot.problem { throw RuntimeError(.workspaceImpossible(path, problem), at) }
        var restoredProcedures: [Symbol: ProcedureCode] = [:]
        for (index, source) in snapshot.procedures.enumerated() {
            let file = SourceFile(name: at.file.name, text: source)
            let parsed = parse(file, interner: interner)
            guard !parsed.hasErrors, parsed.script.statements.count == 1,
                  case .def(let name, let parameters, let body) = parsed.script.statements[0].kind else {
                throw RuntimeError(.workspaceImpossible(path, .procedureUnparsed(index + 1)), at)
            }
            let procedure = interner[name.symbol]
            if Builtins.function(procedure) != nil {
                throw RuntimeError(.workspaceImpossible(path, .builtinProcedure(procedure)), at)
            }
            if restoredProcedures[name.symbol] != nil {
                throw RuntimeError(.workspaceImpossible(path, .procedureTwice(procedure)), at)
            }
            restoredProcedures[name.symbol] = Compiler.procedure(
                name, parameters, body, in: secrets.masking(file, interner), source: source, variables: variables, interner: interner)
        }
        engine = snapshot.engine
        // A limit given on the command line outlasts the one saved.
        if let limit = options.logLimit { engine.logLimit = limit }
        variables.globals = variables.globals.map { _ in nil }
        for (name, value) in snapshot.variables {
            let symbol = interner.intern(name)
            variables.globals[variables.globalSlot(symbol)] = value
            // Later source that uses it names a secret (`SecretSource`).
            if value.isSecret { secrets.names.variables.insert(symbol) }
        }
        variables.procedures = variables.procedures.map { _ in nil }
        for procedure in restoredProcedures.values { variables.procedures[variables.procedureSlot(procedure.name)] = procedure }
        // `open` under `--workspace`: everything changed, so the next save
        // writes the workspace whole.
        if journal != nil {
            startJournal()
            journal?.needsWholeSave = true
        }
    }

    /// `--workspace FILE`: opens the file if there is one, and keeps it
    /// up to date from now on (`recordWorkspace`).
    func openJournaledWorkspace(_ path: String, _ at: Site) throws {
        guard let store = workspaceStore else { throw RuntimeError(.workspaceUnavailable, at) }
        let opened: (WorkspaceSnapshot?, WorkspaceJournal)
        do {
            opened = try store.openJournaled(path, relativeTo: at.file)
        } catch {
            throw RuntimeError(.workspaceFailed(path, reason: "\(error)"), at)
        }
        if let snapshot = opened.0 { try restore(snapshot, from: path, at) }
        journal = JournalState(journal: opened.1, path: path)
        startJournal()
    }

    /// From now on, the engine, the globals and the procedures remember
    /// what changes, starting from nothing.
    func startJournal() {
        engine.tracksChanges = true
        journal?.recordedEngineChanges = engine.takeChanges()
        variables.changedGlobals = []
        variables.changedProcedures = []
    }

    /// After each top-level statement with `--workspace`: saves what the
    /// statement changed (nothing, when it changed nothing), or the
    /// workspace whole when the journal asks for it.
    func recordWorkspace(_ at: @autoclosure () -> Site) throws {
        guard var state = journal else { return }
        let engineChanges = engine.takeChanges()
        var changes = WorkspaceChanges(engine: engineChanges)
        for slot in variables.changedGlobals ?? [] {
            guard let value = variables.globals[slot] else { continue }
            let symbol = variables.globalNames[slot]
            try checkSavable(symbol, value, state.path, at())
            changes.variables[interner[symbol]] = value
        }
        for slot in variables.changedProcedures ?? [] {
            if let procedure = variables.procedures[slot] { changes.procedures[interner[procedure.name]] = procedure.source }
        }
        variables.changedGlobals = []
        variables.changedProcedures = []
        let changedNothing = engineChanges.changeNothing(after: state.recordedEngineChanges)
            && changes.variables.isEmpty && changes.procedures.isEmpty
        state.recordedEngineChanges = engineChanges
        defer { journal = state }
        do {
            if state.needsWholeSave || state.journal.needsWholeSave {
                try state.journal.compact(snapshot())
                state.needsWholeSave = false
            } else if !changedNothing {
                try state.journal.append(changes, snapshot: snapshot)
            }
        } catch {
            throw RuntimeError(.workspaceFailed(state.path, reason: "\(error)"), at())
        }
        state.unsavedStatement = false
    }

    /// At a clean end of the session's runs (the end of a batch run, the
    /// REPL's exit): the `--workspace` file is written whole, without its
    /// journal, so it opens without one. Not after a statement that
    /// stopped midway (an error, Ctrl-C): the file holds every statement
    /// before it, and that statement's part stays out. A compaction that
    /// fails loses nothing: the journal stays.
    public func closeWorkspace() {
        guard let state = journal, state.journal.hasRecords, !state.unsavedStatement else { return }
        try? state.journal.compact(snapshot())
    }

    /// A variable's value nests no deeper than a saved workspace keeps
    /// (the encoder would fail, and its words would show the workspace).
    private func checkSavable(_ symbol: Symbol, _ value: Value, _ path: String, _ at: Site) throws {
        guard value.nests(within: WorkspaceSnapshot.maximumNesting) else {
            throw RuntimeError(.workspaceValueTooDeep(path: path, variable: interner[symbol], limit: WorkspaceSnapshot.maximumNesting), at)
        }
    }

    /// `save "FILE"`: the whole workspace, in one file of its own.
    func saveWorkspace(_ path: String, _ at: Site) throws {
        guard let store = workspaceStore else { throw RuntimeError(.workspaceUnavailable, at) }
        for (symbol, value) in variables.setGlobals { try checkSavable(symbol, value, path, at) }
        do {
            // Never over a script being run or a file the run writes.
            try store.checkReplaceable(path, relativeTo: at.file)
            try store.save(snapshot(), to: path, relativeTo: at.file)
        } catch {
            throw RuntimeError(.workspaceFailed(path, reason: "\(error)"), at)
        }
    }

    /// `open "FILE"`: a missing file is an error here (with `--workspace`,
    /// a missing file is a new workspace).
    func openWorkspace(_ path: String, _ at: Site) throws {
        guard let store = workspaceStore else { throw RuntimeError(.workspaceUnavailable, at) }
        let snapshot: WorkspaceSnapshot?
        do {
            snapshot = try store.open(path, relativeTo: at.file)
        } catch {
            throw RuntimeError(.workspaceFailed(path, reason: "\(error)"), at)
        }
        guard let snapshot else { throw RuntimeError(.workspaceFailed(path, reason: "no such file"), at) }
        try restore(snapshot, from: path, at)
    }

    /// Opens the `--workspace` file (`Options.workspaceFile`) before
    /// anything is prepared, so its procedures count as defined; a file
    /// that does not exist yet is a new workspace. Returns why it cannot
    /// be used: a mistake in the command line, not in any script, so the
    /// host stops before anything runs (and the file is never saved over).
    /// Call it once, before the first `prepare`.
    public func openWorkspaceFile() -> Message.Runtime? {
        guard let path = options.workspaceFile, !workspaceOpened else { return nil }
        // Relative to the folder mabs started in, as any file named on
        // the command line.
        let commandLine = Site(file: Session.commandLine, range: SourceRange(at: 0))
        do {
            try openJournaledWorkspace(path, commandLine)
        } catch let error as RuntimeError {
            return error.message
        } catch {
            preconditionFailure("unexpected error \(error)")
        }
        workspaceOpened = true
        return nil
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
