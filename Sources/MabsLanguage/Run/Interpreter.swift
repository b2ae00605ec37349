import Lifecycle
import MabsPresentation

/// Where the interpreter's output goes. The host (the batch runner, the
/// REPL, a test) decides how to show it; the language never touches a
/// terminal or a file.
public protocol ScriptOutput: AnyObject {
    /// Text for standard output: `print`, `show`, `list`, `log`, echoed
    /// values, operation notices. Always whole lines.
    func write(_ text: String)
    /// A diagnostic: a runtime error, a failed check or a warning.
    func report(_ diagnostic: Diagnostic)
    /// A notice of what ran: an operation announced (a failed one, or any
    /// with tracing), what a block did. Not what the script itself writes,
    /// so a host may send it elsewhere (`mabs run --quiet`); by default it
    /// is written as output is.
    func notice(_ text: String)
    /// Makes what was written so far visible. The interpreter calls it after
    /// each statement that wrote something, so output appears as it
    /// happens, even in the middle of a long loop.
    func flush()
    /// What happened to a check (an `assert`, an `expect error`), or the
    /// error that stopped a script: the facts reports such as TAP and JUnit
    /// are made of. Called once per check as it is made, after any
    /// diagnostic it reported; an output that keeps no reports ignores it.
    func record(_ event: CheckEvent)
}

extension ScriptOutput {
    public func notice(_ text: String) { write(text) }
    public func flush() {}
    public func record(_ event: CheckEvent) {}
}

/// Reads the files `load` names. Paths are resolved by the host, relative
/// to the loading file.
public protocol SourceLoader {
    /// The file at `path`, as seen from `file`; throws a sentence saying
    /// why it cannot be read.
    func load(_ path: String, relativeTo file: SourceFile) throws -> SourceFile
}

/// How a run ended.
public enum RunOutcome: Equatable, Sendable {
    /// Every statement ran (checks may still have failed).
    case finished
    /// A runtime error stopped the script; it has been reported.
    case stopped
    /// `--bail`: a failed check stopped the script.
    case bailed
    /// The user interrupted a running statement.
    case interrupted
}

/// Runs statements against the lifecycle engine. It owns the variables,
/// the procedures and the call stack; the engine owns services and backups.
public final class Interpreter {
    /// Which successful operations are announced.
    public enum Trace: Sendable {
        case off
        /// Only those a top-level statement runs, not those inside blocks,
        /// loops and procedures: the REPL's default, so a loop does not
        /// flood the screen.
        case topLevel
        /// Every one (`--trace`).
        case all
    }

    public struct Options: Sendable {
        /// Which operations to announce as they run, with their transition
        /// (failed runs are always announced).
        public var trace = Trace.off
        /// Echo the value of bare expressions (the REPL).
        public var echoValues = false
        /// Stop at the first failed check.
        public var bail = false
        /// Show a statement's several warnings under one header, its source
        /// line and caret once (the prompt, a play), not each with its own.
        public var groupWarnings = false
        /// Colour announced transitions as the diagrams do (a failure red,
        /// a platform event blue): the host's output is a terminal that
        /// wants colour (the prompt, a play; never with NO_COLOR).
        public var colorTransitions = false
        /// After a runtime error, report it and go on with the next
        /// top-level statement (`mabs run --keep-going`), as the prompt
        /// and a play do.
        public var keepGoing = false
        /// The seed `chaos` uses when a script gives none.
        public var chaosSeed: UInt64 = 1
        /// How many statements a run may execute before it is stopped, so a
        /// runaway loop ends with an error instead of hanging.
        public var stepLimit = 100_000_000
        /// How deeply procedure calls may nest.
        public var callDepthLimit = 200
        /// How long a deleted service's name is held, when not the engine's
        /// default (`--name-hold`; `hold names for` changes it later).
        public var nameHold: Interval?
        /// How many entries the operation log keeps, when not the engine's
        /// default (`--log-limit`): older ones are dropped and counted.
        public var logLimit: Int?
        /// `--workspace FILE`: opened (if it exists) before the first
        /// statement runs, saved after each top-level statement.
        public var workspaceFile: String?
        /// What `graph` draws without `as` (or a file name that says):
        /// text for a person at the prompt, Mermaid for scripts, whose
        /// output goes to files and other tools.
        public var graphFormat = StateDiagram.Format.mermaid
        /// How many columns text laid out for reading (`help`, `table`)
        /// may take: the terminal's width, which only the host knows; 80
        /// where the output is no terminal.
        public var textWidth = 80
        public init() {}
    }

    public var engine: Engine
    public var options: Options
    public let interner: Interner
    /// Checks made so far: each `assert` and each `expect error`.
    public internal(set) var passed = 0
    public internal(set) var failed = 0
    /// Polled every 256 steps; returning true stops the running statement
    /// cleanly (Ctrl-C, SIGTERM), so a saved workspace holds every
    /// top-level statement before it.
    public var shouldStop: @Sendable () -> Bool = { false }
    /// What a stop `shouldStop` asked for reports, at the statement it
    /// stopped: `interrupted` (Ctrl-C) unless the host says otherwise
    /// (`terminated` for SIGTERM); nil stops without a word, for a host
    /// that says why itself (standard output lost), and reports keep it
    /// as `outputLost`.
    public var stopReport: @Sendable () -> Message.Runtime? = { .interrupted }

    let output: ScriptOutput
    let loader: SourceLoader?
    /// Where `save` and `open` (and `--workspace`) keep workspaces.
    public var workspaceStore: WorkspaceStore?
    /// Where `graph ... to FILE` writes.
    public var outputFiles: OutputFileWriter?
    /// Whether the `--workspace` file has been opened yet.
    var workspaceOpened = false
    /// The `--workspace` file's journal, once it is open (Snapshot.swift).
    var workspaceJournal: WorkspaceJournal?
    var workspaceFilePath: String?
    /// With a journal: the engine's changes last saved, the globals and
    /// procedures set since (nil without a journal), whether the next save
    /// must be whole (after `open`), and whether a top-level statement ran
    /// without its save (it stopped midway).
    var recordedEngineChanges: Engine.Changes?
    var changedGlobals: Set<Symbol>?
    var changedProcedures: Set<Symbol>?
    var workspaceNeedsWholeSave = false
    var unsavedStatement = false
    var globals: [Symbol: Value] = [:]
    var procedures: [Symbol: Procedure] = [:]
    /// Local variables of the procedure calls under way, innermost last.
    var frames: [[Symbol: Value]] = []
    /// Where each of those calls was made, and with what arguments.
    var callSites: [CallSite] = []
    /// Names set from a secret, for masking later source (`SecretSource`).
    var secretNames = SecretNames()
    /// Source found at run time to hold a secret (`compared`).
    let revealed = RevealedSecrets()
    /// The files being loaded, outermost first, to refuse cycles.
    var loading: [String] = []
    /// The files read for the script that runs now: at its check, and by
    /// its loads so far (see `PreparedScript.loadedFiles`).
    var loadedFiles: [LoadKey: SourceFile] = [:]
    /// How deeply files may load files that load files: a chain of computed
    /// paths has no cycle to find, and each level costs stack and checking.
    public static let loadDepthLimit = 64
    var steps = 0
    /// The warnings of the statement that ran before the current one, for
    /// `warnings()`: a block's are all those its statements gave.
    var lastWarnings: [LifecycleWarning] = []
    /// The warnings gathered by the statement under way at each nesting
    /// level (index 0 is the top level).
    var gathering: [[LifecycleWarning]] = [[]]
    /// The warnings of each `expect warning` block under way, outermost
    /// first.
    var expectingWarnings: [[LifecycleWarning]] = []
    /// The reasons of the `todo` blocks under way, outermost first.
    var todoReasons: [String] = []
    /// Operations run inside the current top-level statement's blocks.
    var blockOperations = (ran: 0, failed: 0)
    /// Something was written since the last flush.
    var wroteOutput = false
    /// How many statement lists are executing: 1 at a script's top level.
    var nesting = 0

    struct CallSite {
        var parameters: [Identifier]
        var arguments: [Expr]
        var file: SourceFile
    }

    struct Procedure {
        var parameters: [Identifier]
        var body: Block
        var file: SourceFile
        /// The `def` statement as written, for saved workspaces.
        var source: String
    }

    public init(
        engine: Engine = Engine(), options: Options = Options(), interner: Interner = Interner(),
        output: ScriptOutput, loader: SourceLoader? = nil
    ) {
        self.engine = engine
        if let hold = options.nameHold { self.engine.nameHold = hold }
        if let limit = options.logLimit { self.engine.logLimit = limit }
        self.options = options
        self.interner = interner
        self.output = output
        self.loader = loader
    }

    /// Runs a prepared script. Runtime errors are reported to the output,
    /// not thrown; the outcome says how the run ended.
    func run(_ prepared: PreparedScript) -> RunOutcome {
        steps = 0
        loading = [prepared.file.name]
        loadedFiles = prepared.loadedFiles
        defer {
            loading = []
            loadedFiles = [:]
            flushOutput()
            workspaceJournal?.flush()
        }
        do {
            try execute(prepared.script.statements, in: prepared.file)
            return .finished
        } catch let unwind as Unwind {
            switch unwind {
            case .bail: return .bailed
            case .return: return .finished
            }
        } catch let error as RuntimeError {
            return reportError(error)
        } catch {
            preconditionFailure("unexpected error \(error)")
        }
    }

    // MARK: Statements

    func execute(_ statements: [Stmt], in file: SourceFile) throws {
        nesting += 1
        defer { nesting -= 1 }
        let level = nesting - 1
        if level >= gathering.count { gathering.append([]) }
        if level == 0 {
            // A later run in the same workspace (a REPL entry, the next
            // -e, a statement `mabs play` shows): its first statement's
            // `warnings()` reads those of the run before's last statement.
            if !gathering[0].isEmpty || !lastWarnings.isEmpty {
                lastWarnings = gathering[0]
                gathering[0].removeAll()
            }
        } else if !gathering[level].isEmpty {
            gathering[level].removeAll()
        }
        for (index, statement) in statements.enumerated() {
            // `warnings()` reads those of the statement before at this
            // level; a block's first statement still sees those of the
            // statement before the block.
            if index > 0 && (!gathering[level].isEmpty || !lastWarnings.isEmpty) {
                lastWarnings = gathering[level]
                gathering[level].removeAll()
            }
            guard level == 0 else {
                try execute(statement, in: file)
                continue
            }
            blockOperations = (0, 0)
            // Between top-level statements, Ctrl-C and SIGTERM are looked
            // for, so a short script of slow statements stops as a loop does.
            if index > 0 { try stopIfAsked(Site(file: file, range: statement.range)) }
            unsavedStatement = true
            do {
                try execute(statement, in: file)
            } catch let error as RuntimeError where options.keepGoing && error.isRecoverable {
                _ = reportError(error)
            }
            // At the prompt, a block's operations are not announced one by
            // one; one line says what it did.
            if options.trace == .topLevel, blockOperations.ran > 0 {
                notify(Notice.blockRan(operations: blockOperations.ran, failed: blockOperations.failed).text)
            }
            flushOutput()
            try recordWorkspace(Site(file: file, range: statement.range))
        }
    }

    func execute(_ statement: Stmt, in file: SourceFile) throws {
        try tick(statement.range, file)
        let at = Site(file: file, range: statement.range)
        switch statement.kind {
        case .create(let name, let edition, let units, let region, let tracking):
            let name = try text(of: name, file)
            let edition = try edition.map { try self.edition($0, file) } ?? Engine.defaultEdition
            let units = try units.map { try integer($0, file, for: "units") } ?? 1
            let region = try region.map { try stored(try text($0, file, "as a region"), "this region", Site(file: file, range: $0.range)) } ?? defaultRegion
            let details = try tracking.map { tracking in
                let server = try stored(try text(tracking.server, file, "as a server"), "this server", Site(file: file, range: tracking.server.range))
                let database = try stored(try text(tracking.database, file, "as a database"), "this database", Site(file: file, range: tracking.database.range))
                do throws(LifecycleError) {
                    return try TrackingDatabaseDetails(server: server, database: database)
                } catch {
                    // The caret under the part refused.
                    let refused = if case .invalidTrackingDetail(_, part: "database") = error { tracking.database } else { tracking.server }
                    throw RuntimeError(.lifecycle(error), Site(file: file, range: refused.range))
                }
            }
            try operate(at) { try $0.create(name, edition: edition, units: units, region: region, tracking: details) }
        case .operation(let operation, let name):
            let name = try text(of: name, file)
            try operate(at) { try $0.perform(operation, on: name) }
        case .scale(let name, let units):
            let name = try text(of: name, file)
            let units = try integer(units, file, for: "scale")
            try operate(at) { try $0.scale(name, to: units) }
        case .update(let name, let settings):
            let name = try text(of: name, file)
            let changes = try settings.map { setting in
                let key = interner[setting.key], value = try evaluate(setting.value, file)
                let at = Site(file: file, range: setting.value.range)
                return (key: key, value: try stored(try settingText(value, key: key, at), "this setting", at))
            }
            try operate(at) { try $0.updateConfiguration(name, changes) }
        case .backup(let name, let backupName):
            let name = try text(of: name, file)
            let backupName = try backupName.map { try text(of: $0, file) }
            try operate(at) { try $0.backup(name, as: backupName) }
        case .restore(let backup, let target, let edition):
            let backup = try text(of: backup, file)
            let target = try target.map { try text(of: $0, file) }
            let edition = try edition.map { try self.edition($0, file) }
            try operate(at) { try $0.restore(backup, to: target, edition: edition) }
        case .serviceUpdate(let name, let version):
            let name = try text(of: name, file)
            let version = try version.map { ProductVersion(try stored(try text($0, file, "as a version"), "this version", Site(file: file, range: $0.range))) }
            try operate(at) { try $0.serviceUpdate(name, to: version) }
        case .failNext(let operation, _, let name, let times):
            let name = try text(of: name, file)
            let times = try times.map { try integer($0, file, for: "times") } ?? 1
            try lifecycle(at) { try $0.armFailure(operation, on: name, times: times) }
        case .chaos(let percent, let seed):
            let percent = try integer(percent, file, for: "chaos")
            let seed = try seed.map { try value($0, file, Self.chaosSeed) }
            let chosen = seed ?? options.chaosSeed
            try lifecycle(at) { try $0.setChaos(percent: percent, seed: chosen) }
        case .chaosOff:
            engine.disableChaos()
        case .trace(let on):
            options.trace = on ? .all : .off
        case .wait(let duration):
            let interval = try self.duration(duration, file, for: "wait")
            var reports: [OperationReport] = []
            let shouldStop = self.shouldStop
            try lifecycle(at) { reports = try $0.advance(by: interval, stoppingIf: shouldStop) }
            // Scheduled backups that came due: announced as operations are.
            for report in reports { announce(report, at) }
            // Stopped between them: the clock stays where they got to.
            try stopIfAsked(at)
            acknowledge { .clockMoved(to: $0.now, by: interval) }
        case .schedule(let name, let every, let retain, let keepOne):
            let name = try text(of: name, file)
            let frequency = try duration(every, file, for: "every"), retention = try duration(retain, file, for: "retain")
            try lifecycle(at) { try $0.scheduleBackups(of: name, every: frequency, retain: retention, keepOne: keepOne) }
            acknowledge { $0.schedule(of: name).map(Acknowledgement.backupsScheduled) }
        case .unschedule(let name):
            let name = try text(of: name, file)
            var had = false
            try lifecycle(at) { had = try $0.unscheduleBackups(of: name) }
            acknowledge { engine in engine.service(named: name).map { .backupsUnscheduled(service: $0.name, hadSchedule: had) } }
        case .graph(let request):
            try graph(request, file, at)
        case .path(let name, let target):
            let service = try self.service(named: name, file)
            emit(Explanations.path(service, to: try state(target, file), in: engine))
        case .explain(let operation, let name):
            let text = try text(of: name, file)
            guard let answer = Explanations.explain(operation, on: text, in: engine) else {
                throw RuntimeError(.lifecycle(.noSuchService(text)), Site(file: file, range: name.range))
            }
            emit(answer)
        case .explainRestore(let backup, let target, let edition):
            let backup = try text(of: backup, file)
            let target = try target.map { try text(of: $0, file) }
            let edition = try edition.map { try self.edition($0, file) }
            emit(Explanations.explainRestore(backup, to: target, edition: edition, in: engine))
        case .explore:
            emit(Explanations.explore())
        case .compare(let first, let second):
            let a = try holding(try text(of: first, file), Site(file: file, range: first.range))
            let b = try holding(try text(of: second, file), Site(file: file, range: second.range))
            emit(Comparisons.lines(a.differences(from: b), a.name, b.name))
        case .table(let format, let wide):
            emit(format.render(width: wide ? nil : options.textWidth))
        case .save(let path):
            try saveWorkspace(try text(path, file, "as a file name"), at)
        case .open(let path):
            try openWorkspace(try text(path, file, "as a file name"), at)
        case .hold(let expression):
            engine.nameHold = try value(expression, file, Self.nameHold)
            acknowledge { .namesHeld($0.nameHold) }
        case .show(let name):
            let name = try text(of: name, file)
            guard let service = engine.service(named: name) else {
                throw RuntimeError(.lifecycle(.noSuchService(name)), at)
            }
            emit(Reports.show(service, engine: engine, operationName: \.keyword))
        case .list:
            emit(Reports.services(engine))
        case .showBackup(let name):
            let name = try text(of: name, file)
            if let backup = engine.backup(named: name) {
                emit(Reports.show(backup))
            } else if let backup = engine.databaseBackup(named: name) {
                emit(Reports.show(backup))
            } else {
                throw RuntimeError(.lifecycle(.noSuchBackup(name)), at)
            }
        case .add(let kind, let item, let service, let source):
            let item = try text(of: item, file), service = try text(of: service, file)
            let source = try source.map { try stored(try text($0, file, "as a source"), "this source folder", Site(file: file, range: $0.range)) }
            try lifecycle(at) { try $0.add(kind, named: item, to: service, source: source) }
            acknowledge { .content(kind, item, on: service, added: true, in: $0) }
        case .remove(let kind, let item, let service):
            let item = try text(of: item, file), service = try text(of: service, file)
            var shown = item
            if tracesThisStatement { shown = engine.service(named: service)?.contents.item(kind, named: item)?.name ?? item }
            try lifecycle(at) { try $0.remove(kind, named: item, from: service) }
            acknowledge { .content(kind, shown, on: service, added: false, in: $0) }
        case .receive(let count, let service):
            let count = try integer(count, file, for: "receive"), service = try text(of: service, file)
            try lifecycle(at) { try $0.receive(count, messagesOn: service) }
            acknowledge { .received(count, on: service, in: $0) }
        case .processBatch(let service):
            let service = try text(of: service, file)
            let waiting = engine.service(named: service)?.activeBatch ?? 0
            try warn(at) { try $0.processBatch(on: service) }
            acknowledge { .processed(waiting, batch: true, on: service, in: $0) }
        case .processMessages(let count, let service):
            let count = try integer(count, file, for: "process"), service = try text(of: service, file)
            try warn(at) { try $0.process(count, messagesOn: service) }
            acknowledge { .processed(count, batch: false, on: service, in: $0) }
        case .trackingDatabase(let action, let name):
            let name = try text(of: name, file)
            switch action {
            case .delete: try warn(at) { try $0.deleteTrackingDatabase(of: name) }
            case .create: try lifecycle(at) { try $0.createTrackingDatabase(of: name) }
            case .restore: try warn(at) { try $0.restoreTrackingDatabase(name) }
            case .backup(let backupName):
                let backupName = try text(of: backupName, file)
                try lifecycle(at) { try $0.backupTrackingDatabase(of: name, as: backupName) }
            }
        case .listFailures:
            emit(Reports.failures(engine, operationName: \.keyword))
        case .failClear(let operation, let name):
            let name = try name.map { try text(of: $0, file) }
            engine.clearFailures(operation, on: name)
        case .listBackups:
            emit(Reports.backups(engine))
        case .log(let name, let span):
            try log(name, span, file)
        case .assert(let condition, let name):
            try check(assertion: condition, named: name, at)
        case .marked(let mark, let reason, let body):
            try run(marked: mark, because: reason, body, at)
        case .expectError(let expected, let body):
            try check(expectError: expected, body: body, at)
        case .expectWarning(let wanted, let none, let body):
            try check(expectWarning: wanted, none: none, body: body, at)
        case .let(let identifier, let value):
            let value = try evaluate(value, file)
            // Later source that uses it names a secret (`SecretSource`).
            if value.isSecret { secretNames.variables.insert(identifier.symbol) }
            assign(identifier.symbol, value)
        case .print(let value):
            emit(try evaluate(value, file).description + "\n")
        case .if(let branches, let otherwise):
            for branch in branches where try condition(branch.condition, file, for: "if") {
                return try execute(branch.body.statements, in: file)
            }
            if let otherwise { try execute(otherwise.statements, in: file) }
        case .for(let variable, let sequence, let body):
            let value = try evaluate(sequence, file)
            switch value {
            case .list(let items):
                for item in items {
                    assign(variable.symbol, item)
                    try execute(body.statements, in: file)
                    try tick(statement.range, file)
                }
            case .range(let low, let high):
                guard low <= high else { break }
                for n in low...high {
                    assign(variable.symbol, .int(n))
                    try execute(body.statements, in: file)
                    try tick(statement.range, file)
                }
            default:
                throw RuntimeError(.expectedValue(.listOrRange, for: "for", found: value.literal),
                                   Site(file: file, range: sequence.range))
            }
        case .repeat(let countExpression, let body):
            let count = try integer(countExpression, file, for: "repeat")
            guard count >= 0 else { throw RuntimeError(.negativeRepeat(count), Site(file: file, range: countExpression.range)) }
            for _ in 0..<count {
                try execute(body.statements, in: file)
                try tick(statement.range, file)
            }
        case .while(let test, let body):
            while try condition(test, file, for: "while") {
                try execute(body.statements, in: file)
                try tick(statement.range, file)
            }
        case .def(let identifier, let parameters, let body):
            guard Builtins.function(interner[identifier.symbol]) == nil else {
                throw RuntimeError(.builtinRedefined(interner[identifier.symbol]),
                                   Site(file: file, range: identifier.range))
            }
            // Saved as written, secrets and all, so an opened workspace's
            // procedure sets what this one sets; never shown.
            procedures[identifier.symbol] = Procedure(
                parameters: parameters, body: body, file: file, source: (file.asWritten ?? file).text(of: statement.range))
            changedProcedures?.insert(identifier.symbol)
        case .call(let callee, let arguments):
            let value = try call(callee, arguments, file)
            if options.echoValues, value != .none { emit(value.description + "\n") }
        case .expression(let expression):
            let value = try evaluate(expression, file)
            if options.echoValues, value != .none { emit(value.description + "\n") }
        case .load(let path):
            try load(try text(path, file, "as a file name"), at)
        case .help(let topic):
            emit(try Help.text(for: topic.map { interner[$0.symbol] }, width: options.textWidth, at))
        case .return(let value):
            throw Unwind.return(try value.map { try evaluate($0, file) } ?? .none)
        }
    }

    /// Stops the run at `site` if Ctrl-C, SIGTERM or a lost output asked.
    func stopIfAsked(_ site: Site) throws {
        if shouldStop() { throw RuntimeError(.interrupted, site) }
    }

    /// Counts a step (a statement, or a loop's turn, so that even an empty
    /// loop counts) and stops a runaway or interrupted run. Every 256 steps
    /// it also flushes output, so a long loop's prints appear as it runs
    /// without a system call per line.
    @inline(__always)
    func tick(_ range: SourceRange, _ file: SourceFile) throws {
        steps &+= 1
        if steps & 0xFF == 0 || steps > options.stepLimit {
            flushOutput()
            try stopIfAsked(Site(file: file, range: range))
            if steps > options.stepLimit {
                throw RuntimeError(.stepLimit(options.stepLimit), Site(file: file, range: range))
            }
        }
    }

    /// `text`, which the engine will keep (a region, a version, a setting,
    /// a source folder), if it is at most `Value.maximumSize` bytes, as
    /// every text a run gives the engine is. A list's text can be longer
    /// than the list, so it is measured.
    func stored(_ text: String, _ what: String, _ at: Site) throws -> String {
        guard text.utf8.count <= Value.maximumSize else { throw RuntimeError(.valueTooLarge(what, limit: Value.maximumSize), at) }
        return text
    }

    /// Runs an engine request that returns a report, announcing what
    /// happened: a failed run always, a successful one when tracing.
    func operate(_ at: Site, _ request: (inout Engine) throws -> OperationReport) throws {
        let report: OperationReport
        do {
            report = try request(&engine)
        } catch let error as LifecycleError {
            throw refusal(error, at)
        }
        announce(report, at)
    }

    /// Says what an operation did: a failed run always, a successful one
    /// when tracing (at the prompt, a block's runs are summed up instead),
    /// and its warnings.
    func announce(_ report: OperationReport, _ at: Site) {
        let entry = report.entry
        if nesting > 1 {
            blockOperations.ran += 1
            if !entry.succeeded { blockOperations.failed += 1 }
        }
        if !entry.succeeded {
            notify(painted(Notice.failed(entry).text, .failure))
        } else if tracesThisStatement {
            notify(painted(Notice.ran(entry).text, entry.operation.isPlatformEvent ? .platformEvent : nil))
        }
        self.report(report.warnings, at)
    }

    /// Runs an engine request that may warn; reports the warnings.
    func warn(_ at: Site, _ request: (inout Engine) throws -> [LifecycleWarning]) throws {
        let warnings: [LifecycleWarning]
        do {
            warnings = try request(&engine)
        } catch let error as LifecycleError {
            throw refusal(error, at)
        }
        report(warnings, at)
    }

    /// Reports warnings about the statement at `at`, and keeps them for
    /// `warnings()`.
    func report(_ warnings: [LifecycleWarning], _ at: Site) {
        if warnings.isEmpty { return }
        // Each enclosing statement gathers them too: a block's warnings are
        // its statements'.
        for level in 0..<min(max(1, nesting), gathering.count) { gathering[level] += warnings }
        for block in expectingWarnings.indices { expectingWarnings[block] += warnings }
        if options.groupWarnings, warnings.count > 1 {
            return output.report(asShown(Diagnostic(
                .warning, .runtime(.warningsOfOneStatement(warnings.count)), file: at.file, range: at.range,
                notes: warnings.map { Note(.groupedWarning($0)) })))
        }
        for warning in warnings {
            output.report(asShown(Diagnostic(.warning, .runtime(.lifecycleWarning(warning)), file: at.file, range: at.range)))
        }
    }

    /// The runtime error for a refusal; one by the seed table gets a note
    /// with the shortest way to a state that allows the operation.
    func refusal(_ error: LifecycleError, _ at: Site) -> RuntimeError {
        guard case .notAllowed(let operation, let name, _) = error, let service = engine.service(named: name),
              let way = Explanations.wayTo(operation, for: service, in: engine) else {
            return RuntimeError(.lifecycle(error), at)
        }
        return RuntimeError(.lifecycle(error), at, notes: [Note(.wayThere(way))])
    }

    /// Runs an engine request that returns nothing.
    func lifecycle(_ at: Site, _ request: (inout Engine) throws -> Void) throws {
        do {
            try request(&engine)
        } catch let error as LifecycleError {
            throw refusal(error, at)
        }
    }

    /// Writes to standard output, every control character in it escaped
    /// (`TerminalText`): what scripts print, reports, echoed values and
    /// notices all pass here. The host may hold it back; it is flushed
    /// after each top-level statement and every 256 steps.
    func emit(_ text: String) {
        output.write(TerminalText.escaped(text, as: .lines))
        wroteOutput = true
    }

    /// Says what ran (see `ScriptOutput.notice`).
    func notify(_ text: String) {
        output.notice(text)
        wroteOutput = true
    }

    func flushOutput() {
        if wroteOutput {
            wroteOutput = false
            output.flush()
        }
    }

    func assign(_ symbol: Symbol, _ value: Value) {
        if frames.isEmpty {
            globals[symbol] = value
            changedGlobals?.insert(symbol)
        } else {
            frames[frames.count - 1][symbol] = value
        }
    }

    // MARK: load

    func load(_ path: String, _ at: Site) throws {
        guard let loader else { throw RuntimeError(.loadUnavailable, at) }
        let key = LoadKey(path: path, from: at.file.name)
        let file: SourceFile
        do {
            file = try loadedFiles[key] ?? loader.load(path, relativeTo: at.file)
            loadedFiles[key] = file
        } catch {
            throw RuntimeError(.loadFailed(path, reason: "\(error)"), at)
        }
        if let index = loading.firstIndex(of: file.name) {
            throw RuntimeError(.loadCycle(loading[index...] + [file.name]), at)
        }
        guard loading.count < Interpreter.loadDepthLimit else {
            throw RuntimeError(.loadDepth(Interpreter.loadDepthLimit), at)
        }
        let prepared = prepare(file, warnUnusedValues: true, chain: loading, files: loadedFiles)
        loadedFiles = prepared.loadedFiles
        guard !prepared.hasErrors else {
            // A loop found further down is this load's error, as it would
            // be had it been found here.
            for diagnostic in prepared.diagnostics {
                if case .runtime(.loadCycle(let chain)) = diagnostic.message { throw RuntimeError(.loadCycle(chain), at) }
                if case .runtime(.loadDepth(let limit)) = diagnostic.message { throw RuntimeError(.loadDepth(limit), at) }
            }
            for diagnostic in prepared.diagnostics { output.report(diagnostic) }
            throw RuntimeError(.loadHasErrors(file.name), at)
        }
        for diagnostic in prepared.diagnostics { output.report(diagnostic) }
        loading.append(file.name)
        defer { loading.removeLast() }
        // In the masked file, as every source runs: what its errors and
        // checks show hides its secrets.
        try execute(prepared.script.statements, in: prepared.file)
    }
}

/// A place in the source: the file and the range of a statement or
/// expression.
struct Site {
    var file: SourceFile
    var range: SourceRange
}

/// An error that stops the script, unless an `expect error` block catches it.
struct RuntimeError: Error {
    var message: Message.Runtime
    var site: Site
    var notes: [Note] = []
    /// Calls unwound past the traceback's limit.
    var hiddenCalls = 0

    /// The most calls a traceback lists; a runaway recursion says how many
    /// more there were instead of listing two hundred.
    static let tracebackLimit = 8

    /// Notes that the error left the procedure `name`, called at `site`.
    /// A recursion's repeated call site is listed once.
    mutating func calledFrom(_ name: String, _ site: Site) {
        let calls = notes.filter { if case .remark(.calledFrom) = $0.message { true } else { false } }
        let repeated = calls.last.map { $0.range == site.range && $0.file?.name == site.file.name } ?? false
        if !repeated && calls.count < Self.tracebackLimit {
            notes.append(Note(.calledFrom(name), file: site.file, range: site.range))
        } else {
            hiddenCalls += 1
        }
    }

    init(_ message: Message.Runtime, _ site: Site, notes: [Note] = []) {
        self.message = message
        self.site = site
        self.notes = notes
    }

    var diagnostic: Diagnostic {
        Diagnostic(.error, .runtime(message), file: site.file, range: site.range,
                   notes: notes + (hiddenCalls > 0 ? [Note(.moreCalls(hiddenCalls))] : []))
    }
}

/// Control leaving statements early: not errors.
enum Unwind: Error {
    case `return`(Value)
    /// `--bail` after a failed check.
    case bail
}
