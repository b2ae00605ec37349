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

/// Runs statements, a session's: it walks the tree, statement by
/// statement, with what the session holds (the variables, the engine
/// through its bridge, the run policy, the secrets found so far).
final class Interpreter {
    unowned let session: Session
    let options: Session.Options
    let interner: Interner
    let variables: Variables
    let bridge: EngineBridge
    let output: RunOutput
    let steps: StepGuard
    let secrets: SecretMarks

    init(session: Session) {
        self.session = session
        options = session.options
        interner = session.interner
        variables = session.variables
        bridge = session.bridge
        output = session.output
        steps = session.steps
        secrets = session.secrets
    }

    var engine: Engine {
        get { bridge.engine }
        _modify { yield &bridge.engine }
    }

    // MARK: Statements

    func execute(_ statements: [Stmt], in file: SourceFile) throws {
        bridge.nesting += 1
        defer { bridge.nesting -= 1 }
        let level = bridge.nesting - 1
        bridge.startList(at: level)
        for (index, statement) in statements.enumerated() {
            // `warnings()` reads those of the statement before at this
            // level; a block's first statement still sees those of the
            // statement before the block.
            if index > 0 { bridge.nextStatement(at: level) }
            guard level == 0 else {
                try execute(statement, in: file)
                continue
            }
            bridge.startTopLevelStatement()
            // Between top-level statements, Ctrl-C and SIGTERM are looked
            // for, so a short script of slow statements stops as a loop does.
            if index > 0 { try steps.stopIfAsked(Site(file: file, range: statement.range)) }
            session.journal?.unsavedStatement = true
            try execute(statement, in: file)
            bridge.endTopLevelStatement()
            output.flush()
            try session.recordWorkspace(Site(file: file, range: statement.range))
        }
    }

    func execute(_ statement: Stmt, in file: SourceFile) throws {
        try steps.tick(Site(file: file, range: statement.range))
        let at = Site(file: file, range: statement.range)
        switch statement.kind {
        case .create(let name, let edition, let units, let region):
            let name = try text(of: name, file)
            let edition = try edition.map { try self.edition($0, file) } ?? Engine.defaultEdition
            let units = try units.map { try integer($0, file, for: "units") } ?? 1
            let region = try region.map { try stored(try text($0, file, "as a region"), "this region", Site(file: file, range: $0.range)) } ?? defaultRegion
            try operate(at) { try $0.create(name, edition: edition, units: units, region: region) }
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
        case .wait(let duration):
            let interval = try self.duration(duration, file, for: "wait")
            var reports: [OperationReport] = []
            let shouldStop = steps.shouldStop
            try lifecycle(at) { reports = try $0.advance(by: interval, stoppingIf: shouldStop) }
            // Scheduled backups that came due: announced as operations are.
            for report in reports { bridge.announce(report, at) }
            // Stopped between them: the clock stays where they got to.
            try steps.stopIfAsked(at)
        case .schedule(let name, let every, let retain, let keepOne):
            let name = try text(of: name, file)
            let frequency = try duration(every, file, for: "every"), retention = try duration(retain, file, for: "retain")
            try lifecycle(at) { try $0.scheduleBackups(of: name, every: frequency, retain: retention, keepOne: keepOne) }
        case .unschedule(let name):
            let name = try text(of: name, file)
            try lifecycle(at) { _ = try $0.unscheduleBackups(of: name) }
        case .graph(let request):
            try graph(request, file, at)
        case .path(let name, let target):
            let service = try self.service(named: name, file)
            emit(Explanations.path(service, to: try state(target, file), in: engine))
        case .explain(let operation, let name):
            emit(Explanations.explain(operation, on: try service(named: name, file), in: engine))
        case .explore:
            emit(Explanations.explore())
        case .table(let format, let wide):
            emit(format.render(width: wide ? nil : session.textWidth))
        case .save(let path):
            try session.saveWorkspace(try text(path, file, "as a file name"), at)
        case .open(let path):
            try session.openWorkspace(try text(path, file, "as a file name"), at)
        case .hold(let expression):
            engine.nameHold = try value(expression, file, Self.nameHold)
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
        case .remove(let kind, let item, let service):
            let item = try text(of: item, file), service = try text(of: service, file)
            try lifecycle(at) { try $0.remove(kind, named: item, from: service) }
        case .receive(let count, let service):
            let count = try integer(count, file, for: "receive"), service = try text(of: service, file)
            try lifecycle(at) { try $0.receive(count, messagesOn: service) }
        case .processBatch(let service):
            let service = try text(of: service, file)
            try warn(at) { try $0.processBatch(on: service) }
        case .processMessages(let count, let service):
            let count = try integer(count, file, for: "process"), service = try text(of: service, file)
            try warn(at) { try $0.process(count, messagesOn: service) }
        case .trackingDatabase(let action, let name):
            let name = try text(of: name, file)
            switch action {
            case .delete: try lifecycle(at) { try $0.deleteTrackingDatabase(of: name) }
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
        case .log(let name):
            let name = try name.map { try text(of: $0, file) }
            emit(Reports.log(name.map(engine.log.entries(for:)) ?? engine.log.entries, dropped: engine.log.dropped, limit: engine.log.limit))
        case .assert(let condition):
            try check(assertion: condition, at)
        case .expectError(let expected, let body):
            try check(expectError: expected, body: body, at)
        case .let(let identifier, let value):
            let value = try evaluate(value, file)
            // Later source that uses it names a secret (`SecretSource`).
            if value.isSecret { secrets.names.variables.insert(identifier.symbol) }
            variables.assign(identifier.symbol, value)
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
                    variables.assign(variable.symbol, item)
                    try execute(body.statements, in: file)
                    try steps.tick(Site(file: file, range: statement.range))
                }
            case .range(let low, let high):
                guard low <= high else { break }
                for n in low...high {
                    variables.assign(variable.symbol, .int(n))
                    try execute(body.statements, in: file)
                    try steps.tick(Site(file: file, range: statement.range))
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
                try steps.tick(Site(file: file, range: statement.range))
            }
        case .while(let test, let body):
            while try condition(test, file, for: "while") {
                try execute(body.statements, in: file)
                try steps.tick(Site(file: file, range: statement.range))
            }
        case .def(let identifier, let parameters, let body):
            guard Builtins.function(interner[identifier.symbol]) == nil else {
                throw RuntimeError(.builtinRedefined(interner[identifier.symbol]),
                                   Site(file: file, range: identifier.range))
            }
            // Saved as written, secrets and all, so an opened workspace's
            // procedure sets what this one sets; never shown.
            variables.define(identifier.symbol, Procedure(
                parameters: parameters, body: body, file: file, source: (file.asWritten ?? file).text(of: statement.range)))
        case .call(let callee, let arguments):
            let value = try call(callee, arguments, file)
            if options.echoValues, value != .none { emit(value.description + "\n") }
        case .expression(let expression):
            let value = try evaluate(expression, file)
            if options.echoValues, value != .none { emit(value.description + "\n") }
        case .load(let path):
            try session.load(try text(path, file, "as a file name"), at)
        case .help(let topic):
            emit(try Help.text(for: topic.map { interner[$0.symbol] }, width: session.textWidth, at))
        case .return(let value):
            throw Unwind.return(try value.map { try evaluate($0, file) } ?? .none)
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

    func operate(_ at: Site, _ request: (inout Engine) throws -> OperationReport) throws {
        try bridge.operate(at, request)
    }

    func lifecycle<T>(_ at: Site, _ request: (inout Engine) throws -> T) throws -> T {
        try bridge.lifecycle(at, request)
    }

    func warn(_ at: Site, _ request: (inout Engine) throws -> [LifecycleWarning]) throws {
        try bridge.warn(at, request)
    }

    func emit(_ text: String) {
        output.emit(text)
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
