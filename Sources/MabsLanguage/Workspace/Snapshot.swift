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
    /// Throws a sentence when `save` must not replace `path`, seen from
    /// `file`: a script being run, or a file the run writes otherwise (a
    /// report, the `--workspace` file, which only its own saves replace).
    func checkReplaceable(_ path: String, relativeTo file: SourceFile) throws
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

extension Interpreter {
    /// What files named on the command line are relative to: the folder
    /// mabs started in.
    static let commandLine = SourceFile(name: "<command line>", text: "")

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
    ///
    /// A workspace no run could have made (see `WorkspaceProblem`) is
    /// refused, and the one in use kept.
    func restore(_ snapshot: WorkspaceSnapshot, from path: String, _ at: Site) throws {
        if let problem = snapshot.problem { throw RuntimeError(.workspaceImpossible(path, problem), at) }
        var restoredProcedures: [Symbol: Procedure] = [:]
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
            restoredProcedures[name.symbol] = Procedure(
                parameters: parameters, body: body, file: maskingSecrets(file, parsed), source: source)
        }
        engine = snapshot.engine
        // A limit given on the command line outlasts the one saved.
        if let limit = options.logLimit { engine.logLimit = limit }
        globals = Dictionary(uniqueKeysWithValues: snapshot.variables.map { (interner.intern($0.key), $0.value) })
        procedures = restoredProcedures
    }

    /// `save "FILE"` (`statement`), and the save after each top-level
    /// statement with `--workspace`. The statement never replaces a script
    /// being run or another file the run writes. The `--workspace` file is
    /// named on the command line, so it is found from the folder mabs
    /// started in, as it was opened, not from the script's.
    func saveWorkspace(_ path: String, _ at: Site, statement: Bool = false) throws {
        guard let store = workspaceStore else { throw RuntimeError(.workspaceUnavailable, at) }
        do {
            if statement { try store.checkReplaceable(path, relativeTo: at.file) }
            try store.save(snapshot(), to: path, relativeTo: statement ? at.file : Self.commandLine)
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
        try restore(snapshot, from: path, at)
    }
}

extension Session {
    /// Opens the `--workspace` file (`Interpreter.Options.workspaceFile`)
    /// before anything is prepared, so its procedures count as defined; a
    /// file that does not exist yet is a new workspace. Returns why it
    /// cannot be used: a mistake in the command line, not in any script,
    /// so the host stops before anything runs (and the file is never
    /// saved over). Call it once, before the first `prepare`.
    public func openWorkspaceFile() -> Message.Runtime? {
        guard let path = interpreter.options.workspaceFile, !interpreter.workspaceOpened else { return nil }
        // Relative to the folder mabs started in, as any file named on
        // the command line.
        let commandLine = Site(file: Interpreter.commandLine, range: SourceRange(at: 0))
        do {
            try interpreter.openWorkspace(path, commandLine, missingIsNew: true)
        } catch let error as RuntimeError {
            return error.message
        } catch {
            preconditionFailure("unexpected error \(error)")
        }
        interpreter.workspaceOpened = true
        return nil
    }
}
