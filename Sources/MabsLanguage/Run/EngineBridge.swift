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
    /// Services found by the text of their names, as a run's values give
    /// them (`restart $s`).
    private var names = ServiceNames()

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

    /// The identity of the service `text` names, ignoring case, if it
    /// exists (see `ServiceNames`).
    @inline(__always)
    func serviceID(named text: String) -> ServiceID? {
        let version = engine.identityVersion
        let place = ServiceNames.place(of: text)
        if let known = names.known(text, at: place), known.version == version { return known.id }
        return findService(named: text, at: place, version: version)
    }

    /// `serviceID(named:)` when the text's place does not know it, or
    /// services were added or removed since.
    private func findService(named text: String, at place: Int, version: UInt64) -> ServiceID? {
        let (key, known) = names.keep(text, at: place)
        let id = serviceID(key, known: known?.id)
        names.remember(id.map { ($0, version) }, at: place)
        return id
    }

    /// The identity of the service filed under `key`, trying `known`
    /// first (`Engine.id(of:known:)`).
    func serviceID(_ key: Lifecycle.NameKey, known: ServiceID?) -> ServiceID? {
        Self.id(of: key, known: known, in: &engine)
    }

    /// The state of the service with this identity.
    func state(of id: ServiceID) -> ServiceState? {
        Self.state(of: id, in: &engine)
    }

    // The engine read in place: a stored property of a class read for a
    // call is copied first (the call might change it), and a copy of an
    // engine retains each of its tables; an `inout` one is not.
    private static func id(of key: Lifecycle.NameKey, known: ServiceID?, in engine: inout Engine) -> ServiceID? {
        engine.id(of: key, known: known)
    }

    private static func state(of id: ServiceID, in engine: inout Engine) -> ServiceState? {
        engine.state(of: id)
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
    @inline(__always)
    func announce(_ report: OperationReport, _ at: @autoclosure () -> Site) {
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
        if report.hasWarnings { self.report(report.warnings, at()) }
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

/// An identity a name resolved to, and the engine's `identityVersion`
/// then: while the version is the same, so is the service the name finds.
typealias KnownService = (id: ServiceID, version: UInt64)

/// Services found by the text of a name as a run gives it (a variable's,
/// an interpolated string's): each text's identity is kept, in a small
/// table a text's length and last bytes pick the place in, so a loop that
/// goes round the same names neither folds their case nor hashes them
/// again. A kept identity is taken while the engine's `identityVersion`
/// is the one it was found at, and checked (`Engine.id(of:known:)`) once
/// it is not; a text not kept is folded and looked up in the engine's one
/// name index, and takes the place.
struct ServiceNames {
    /// A power of two: a loop over this many names mostly stays in the
    /// table.
    private static let size = 1024
    // By place: the text kept there, its key, and the identity it had
    // with the engine's `identityVersion` then.
    private var texts = Array(repeating: "", count: ServiceNames.size)
    private var keys = Array(repeating: Lifecycle.NameKey(""), count: ServiceNames.size)
    private var ids = Array(repeating: KnownService?.none, count: ServiceNames.size)

    /// The identity `text` had last, if `place` keeps it.
    @inline(__always)
    func known(_ text: String, at place: Int) -> KnownService? {
        texts[place] == text && !text.isEmpty ? ids[place] : nil
    }

    /// The key of `text`, and the identity it had last: kept at `place`,
    /// or folded now, taking the place with none.
    mutating func keep(_ text: String, at place: Int) -> (key: Lifecycle.NameKey, known: KnownService?) {
        if texts[place] == text, !text.isEmpty { return (keys[place], ids[place]) }
        let key = Lifecycle.NameKey(text)
        texts[place] = text
        keys[place] = key
        ids[place] = nil
        return (key, nil)
    }

    /// The identity the text at `place` has now, and the engine's
    /// `identityVersion`.
    @inline(__always)
    mutating func remember(_ id: KnownService?, at place: Int) {
        ids[place] = id
    }

    /// The text's place: its length and its last (at most) eight bytes,
    /// mixed, with no seed and no pass over a long name.
    @inline(__always)
    static func place(of text: String) -> Int {
        var bits = text.utf8.withContiguousStorageIfAvailable { bytes in
            // Byte by byte: a small string's bytes are a copy just stored,
            // and a wider load across them would wait for the stores.
            var bits = UInt64(truncatingIfNeeded: bytes.count)
            for byte in bytes.suffix(8) { bits = bits &<< 8 | UInt64(byte) }
            return bits
        } ?? UInt64(truncatingIfNeeded: text.utf8.count)
        // Every byte moves the low bits (names often differ in their last
        // byte only).
        bits = bits &* 0x9E37_79B9_7F4A_7C15
        bits ^= bits &>> 32
        bits = bits &* 0x1656_67B1_9E37_79F9
        bits ^= bits &>> 29
        return Int(truncatingIfNeeded: bits) & (size - 1)
    }
}
