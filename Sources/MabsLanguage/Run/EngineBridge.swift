import Lifecycle

/// The engine as statements reach it. Each request runs against the
/// engine; a refusal becomes the error at the statement (one by the seed
/// table with the shortest way to a state that allows the operation); what
/// ran is announced (a failed run always, a successful one when tracing,
/// a block's runs summed up at the prompt); warnings are reported at the
/// statement and kept for `warnings()`.
final class EngineBridge {
    var engine: Engine
    let output: RunOutput
    /// Which successful operations are announced: the host's choice, which
    /// `trace on` and `trace off` change.
    var trace: Session.Trace
    let secrets: SecretMarks
    /// Several warnings of one statement under one header (`Options`).
    let groupWarnings: Bool
    /// Announced transitions coloured as the diagrams draw them.
    let colorTransitions: Bool
    /// The warnings of each `expect warning` block under way, outermost
    /// first.
    var expectingWarnings: [[LifecycleWarning]] = []
    /// How many statement lists are executing: 1 at a script's top level.
    /// Inside blocks, loops, procedures and loaded files, operations are
    /// not announced one by one at the prompt.
    var nesting = 0
    /// Operations run inside the current top-level statement's blocks.
    var blockOperations = (ran: 0, failed: 0)
    /// The warnings of the statement that ran before the current one, for
    /// `warnings()`: a block's are all those its statements gave.
    var lastWarnings: [LifecycleWarning] = []
    /// The warnings gathered by the statement under way at each nesting
    /// level (index 0 is the top level).
    private var gathering: [[LifecycleWarning]] = [[]]

    init(engine: Engine, output: RunOutput, options: Session.Options, secrets: SecretMarks) {
        self.engine = engine
        self.output = output
        self.trace = options.trace
        self.groupWarnings = options.groupWarnings
        self.colorTransitions = options.colorTransitions
        self.secrets = secrets
    }

    // MARK: Requests

    /// Runs an engine request that returns a report, announcing what
    /// happened.
    func operate(_ at: Site, _ request: (inout Engine) throws -> OperationReport) throws {
        let report: OperationReport
        do {
            report = try request(&engine)
        } catch let error as LifecycleError {
            throw refusal(error, at)
        }
        announce(report, at)
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

    /// Runs an engine request that returns nothing.
    func lifecycle<T>(_ at: Site, _ request: (inout Engine) throws -> T) throws -> T {
        do {
            return try request(&engine)
        } catch let error as LifecycleError {
            throw refusal(error, at)
        }
    }

    /// What `SUBJECT can OPERATION` asks: the refusal the operation would
    /// meet now, everything considered (the name, the seed table, the
    /// edition), or nil when it would run. Create and restore ask about a
    /// name, which need not be a service's; every other operation needs
    /// the service.
    func refusal(_ operation: Lifecycle.Operation, on subject: Value, _ at: @autoclosure () -> Site) throws -> LifecycleError? {
        if Rules.states(allowing: operation).isEmpty {
            return engine.refusal(of: operation, on: try subject.text("as a name", at()))
        }
        let name = try subject.text("as a name", at())
        guard let service = engine.service(named: name) else { throw RuntimeError(.lifecycle(.noSuchService(name)), at()) }
        return engine.refusal(of: operation, on: service.name)
    }

    /// What `name` holds, for `compare` and `differences`: the service or
    /// the backup of that name.
    func holding(_ name: String, _ at: @autoclosure () -> Site) throws -> Holding {
        // A name that is both a service's and a backup's is refused:
        // taking either would be a silent guess.
        switch (engine.service(named: name), engine.backup(named: name)) {
        case (.some, .some): throw RuntimeError(.serviceAndBackup(name), at())
        case (let service?, nil): return Holding(service, in: engine)
        case (nil, let backup?): return Holding(backup)
        case (nil, nil): throw RuntimeError(.noSuchServiceOrBackup(name), at())
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

    // MARK: What ran

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
            output.notify(painted(Notice.failed(engine.describe(entry)).text, .failure))
        } else if tracesThisStatement {
            output.notify(painted(Notice.ran(engine.describe(entry)).text, entry.operation.isPlatformEvent ? .platformEvent : nil))
        }
        self.report(report.warnings, at)
    }

    /// Before a top-level statement: its blocks' operations are counted
    /// from nothing.
    func startTopLevelStatement() {
        blockOperations = (0, 0)
    }

    /// After a top-level statement: at the prompt, a block's operations are
    /// not announced one by one; one line says what it did.
    func endTopLevelStatement() {
        if trace == .topLevel, blockOperations.ran > 0 {
            output.notify(Notice.blockRan(operations: blockOperations.ran, failed: blockOperations.failed).text)
        }
    }

    // MARK: Warnings

    /// Reports warnings about the statement at `at`, and keeps them for
    /// `warnings()`.
    func report(_ warnings: [LifecycleWarning], _ at: Site) {
        if warnings.isEmpty { return }
        // Each enclosing statement gathers them too: a block's warnings are
        // its statements'.
        for level in 0..<min(max(1, nesting), gathering.count) { gathering[level] += warnings }
        for block in expectingWarnings.indices { expectingWarnings[block] += warnings }
        if groupWarnings, warnings.count > 1 {
            return output.report(secrets.asShown(Diagnostic(
                .warning, .runtime(.warningsOfOneStatement(warnings.count)), file: at.file, range: at.range,
                notes: warnings.map { Note(.groupedWarning($0)) })))
        }
        for warning in warnings {
            output.report(secrets.asShown(Diagnostic(.warning, .runtime(.lifecycleWarning(warning)), file: at.file, range: at.range)))
        }
    }

    /// A statement list starts at `level` (0: a script's or a prompt
    /// entry's). A later run in the same workspace (a REPL entry, the next
    /// -e, a statement `mabs play` shows): its first statement's
    /// `warnings()` reads those of the run before's last statement. A
    /// block's first statement still sees those of the statement before
    /// the block.
    func startList(at level: Int) {
        if level >= gathering.count { gathering.append([]) }
        if level == 0 {
            nextStatement(at: 0)
        } else if !gathering[level].isEmpty {
            gathering[level].removeAll()
        }
    }

    /// The next statement of a list at `level` starts: `warnings()` reads
    /// those of the statement before it.
    @inline(__always)
    func nextStatement(at level: Int) {
        if !gathering[level].isEmpty || !lastWarnings.isEmpty {
            lastWarnings = gathering[level]
            gathering[level].removeAll()
        }
    }
}
