import Lifecycle
import MabsPresentation

/// The statements the machine runs from their syntax: those that ask the
/// engine for something, report, or touch files, one case each. Their
/// parts come read as the statement reads them (`Operands`); control flow,
/// variables, procedures, checks and `load` are compiled to code of their
/// own instead.
extension Machine {
    func execute(_ statement: Stmt, in chunk: Chunk, operands start: Int) throws {
        var operands = Operands(machine: self, next: start)
        func at() -> Site { Site(file: chunk.file, range: statement.range) }
        switch statement.kind {
        case .create(let name, let edition, let units, let region, let tracking):
            let name = operands.name(name)
            let edition = edition.map { operands.edition($0) } ?? Engine.defaultEdition
            let units = units.map { operands.int($0) } ?? 1
            let region = region.map { operands.text($0, stored: true) } ?? defaultRegion
            let details = try tracking.map { tracking in
                let server = operands.text(tracking.server, stored: true), database = operands.text(tracking.database, stored: true)
                do throws(LifecycleError) {
                    return try TrackingDatabaseDetails(server: server, database: database)
                } catch {
                    // The caret under the part refused.
                    let refused = if case .invalidTrackingDetail(_, part: "database") = error { tracking.database } else { tracking.server }
                    throw RuntimeError(.lifecycle(error), Site(file: chunk.file, range: refused.range))
                }
            }
            try bridge.operate(at()) { try $0.create(name, edition: edition, units: units, region: region, tracking: details) }
        case .operation(let operation, let name):
            let name = operands.name(name)
            try bridge.operate(at()) { try $0.perform(operation, on: name) }
        case .scale(let name, let units):
            let name = operands.name(name), units = operands.int(units)
            try bridge.operate(at()) { try $0.scale(name, to: units) }
        case .update(let name, let settings):
            let name = operands.name(name)
            let changes = settings.map { (key: interner[$0.key], value: operands.text($0.value, stored: true)) }
            try bridge.operate(at()) { try $0.updateConfiguration(name, changes) }
        case .backup(let name, let backupName):
            let name = operands.name(name), backupName = backupName.map { operands.name($0) }
            try bridge.operate(at()) { try $0.backup(name, as: backupName) }
        case .restore(let backup, let target, let edition):
            let backup = operands.name(backup), target = target.map { operands.name($0) }
            let edition = edition.map { operands.edition($0) }
            try bridge.operate(at()) { try $0.restore(backup, to: target, edition: edition) }
        case .serviceUpdate(let name, let version):
            let name = operands.name(name), version = version.map { ProductVersion(operands.text($0, stored: true)) }
            try bridge.operate(at()) { try $0.serviceUpdate(name, to: version) }
        case .failNext(let operation, _, let name, let times):
            let name = operands.name(name), times = times.map { operands.int($0) } ?? 1
            try bridge.lifecycle(at()) { try $0.armFailure(operation, on: name, times: times) }
        case .chaos(let percent, let seed):
            let percent = operands.int(percent), seed = seed.map { operands.seed($0) } ?? options.chaosSeed
            try bridge.lifecycle(at()) { try $0.setChaos(percent: percent, seed: seed) }
        case .chaosOff:
            engine.disableChaos()
        case .trace(let on):
            bridge.trace = on ? .all : .off
        case .wait(let duration):
            let interval = operands.duration(duration)
            let shouldStop = steps.shouldStop
            let reports = try bridge.lifecycle(at()) { try $0.advance(by: interval, stoppingIf: shouldStop) }
            // Scheduled backups that came due: announced as operations are.
            for report in reports { bridge.announce(report, at()) }
            // Stopped between them: the clock stays where they got to.
            try steps.stopIfAsked(at())
            bridge.acknowledge { .clockMoved(to: $0.now, by: interval) }
        case .schedule(let name, let every, let retain, let keepOne):
            let name = operands.name(name), frequency = operands.duration(every), retention = operands.duration(retain)
            try bridge.lifecycle(at()) { try $0.scheduleBackups(of: name, every: frequency, retain: retention, keepOne: keepOne) }
            bridge.acknowledge { $0.schedule(of: name).map(Acknowledgement.backupsScheduled) }
        case .unschedule(let name):
            let name = operands.name(name)
            let had = try bridge.lifecycle(at()) { try $0.unscheduleBackups(of: name) }
            bridge.acknowledge { engine in engine.service(named: name).map { .backupsUnscheduled(service: $0.name, hadSchedule: had) } }
        case .graph(let request):
            let service = request.service.map { operands.service($0) }
            try graph(request, service: service, file: request.file.map { operands.text($0) }, at())
        case .path(let name, let target):
            let service = try existing(operands.service(name), at()), state = operands.state(target)
            output.emit(Explanations.path(service, to: state, in: engine))
        case .explain(let operation, let name):
            let text = operands.name(name)
            guard let answer = Explanations.explain(operation, on: text, in: engine) else {
                throw RuntimeError(.lifecycle(.noSuchService(text)), Site(file: chunk.file, range: name.range))
            }
            output.emit(answer)
        case .explainRestore(let backup, let target, let edition):
            let backup = operands.name(backup), target = target.map { operands.name($0) }
            let edition = edition.map { operands.edition($0) }
            output.emit(Explanations.explainRestore(backup, to: target, edition: edition, in: engine))
        case .compare(let first, let second):
            let firstName = operands.name(first), secondName = operands.name(second)
            let a = try bridge.holding(firstName, Site(file: chunk.file, range: first.range))
            let b = try bridge.holding(secondName, Site(file: chunk.file, range: second.range))
            output.emit(Comparisons.lines(a.differences(from: b), a.name, b.name))
        case .explore:
            output.emit(Explanations.explore())
        case .table(let format, let wide):
            output.emit(format.render(width: wide ? nil : session.textWidth))
        case .save(let path):
            try session.saveWorkspace(operands.text(path), at())
        case .open(let path):
            try session.openWorkspace(operands.text(path), at())
        case .hold(let duration):
            engine.nameHold = operands.duration(duration)
            bridge.acknowledge { .namesHeld($0.nameHold) }
        case .show(let name):
            let name = operands.name(name)
            guard let service = engine.service(named: name) else { throw RuntimeError(.lifecycle(.noSuchService(name)), at()) }
            output.emit(Reports.show(service, engine: engine, operationName: \.keyword))
        case .list:
            output.emit(Reports.services(engine))
        case .showBackup(let name):
            let name = operands.name(name)
            if let backup = engine.backup(named: name) {
                output.emit(Reports.show(backup))
            } else if let backup = engine.databaseBackup(named: name) {
                output.emit(Reports.show(backup))
            } else {
                throw RuntimeError(.lifecycle(.noSuchBackup(name)), at())
            }
        case .add(let kind, let item, let service, let source):
            let item = operands.name(item), service = operands.name(service)
            let source = source.map { operands.text($0, stored: true) }
            try bridge.lifecycle(at()) { try $0.add(kind, named: item, to: service, source: source) }
            bridge.acknowledge { .content(kind, item, on: service, added: true, in: $0) }
        case .remove(let kind, let item, let service):
            let item = operands.name(item), service = operands.name(service)
            var shown = item
            if bridge.tracesThisStatement { shown = engine.service(named: service)?.contents.item(kind, named: item)?.name ?? item }
            try bridge.lifecycle(at()) { try $0.remove(kind, named: item, from: service) }
            bridge.acknowledge { .content(kind, shown, on: service, added: false, in: $0) }
        case .receive(let count, let service):
            let count = operands.int(count), service = operands.name(service)
            try bridge.lifecycle(at()) { try $0.receive(count, messagesOn: service) }
            bridge.acknowledge { .received(count, on: service, in: $0) }
        case .processBatch(let service):
            let service = operands.name(service)
            let waiting = engine.service(named: service)?.activeBatch ?? 0
            try bridge.warn(at()) { try $0.processBatch(on: service) }
            bridge.acknowledge { .processed(waiting, batch: true, on: service, in: $0) }
        case .processMessages(let count, let service):
            let count = operands.int(count), service = operands.name(service)
            try bridge.warn(at()) { try $0.process(count, messagesOn: service) }
            bridge.acknowledge { .processed(count, batch: false, on: service, in: $0) }
        case .trackingDatabase(let action, let name):
            let name = operands.name(name)
            switch action {
            case .delete: try bridge.warn(at()) { try $0.deleteTrackingDatabase(of: name) }
            case .create: try bridge.lifecycle(at()) { try $0.createTrackingDatabase(of: name) }
            case .restore: try bridge.warn(at()) { try $0.restoreTrackingDatabase(name) }
            case .backup(let backupName):
                let backupName = operands.name(backupName)
                try bridge.lifecycle(at()) { try $0.backupTrackingDatabase(of: name, as: backupName) }
            }
        case .listFailures:
            output.emit(Reports.failures(engine, operationName: \.keyword))
        case .failClear(let operation, let name):
            let name = name.map { operands.name($0) }
            engine.clearFailures(operation, on: name)
        case .listBackups:
            output.emit(Reports.backups(engine))
        case .log(let written, let span):
            let name = written.map { operands.name($0) }
            let shown: Int?
            switch span {
            case .recent: shown = Session.logShown
            case .all: shown = nil
            case .last(let expression):
                let at = Site(file: chunk.file, range: expression.range)
                guard case .int(let count) = operands.value(expression).plain else {
                    throw RuntimeError(.expectedValue(.number, for: "log last", found: operands.last.literal), at)
                }
                guard count >= 1 else { throw RuntimeError(.logCount(count), at) }
                shown = count
            }
            let entries = name.map(engine.logEntries(for:)) ?? Array(engine.log.entries)
            // A name no service has and the log never saw is likely a typo:
            // "no operations yet" would answer the wrong question.
            if let name, let written, entries.isEmpty, engine.service(named: name) == nil {
                throw RuntimeError(.lifecycle(.noSuchService(name)), Site(file: chunk.file, range: written.range))
            }
            output.emit(Reports.log(engine, entries, last: shown))
        case .print(let value):
            output.emit(operands.value(value).description + "\n")
        case .help(let topic):
            output.emit(try Help.text(for: topic.map { interner[$0.symbol] }, width: session.textWidth, at()))
        case .let, .expression, .call, .return, .load, .def, .if, .for, .repeat, .while, .expectError, .assert,
             .expectWarning, .marked:
            preconditionFailure("compiled, not run from its syntax")
        }
    }

    /// `restart NAME`, `scale NAME to N` and the other operations on one
    /// existing service (`ServiceOperation`): the service is found by its
    /// identity (a literal name's kept at the instruction, any other
    /// name's through the bridge's `ServiceNames`), and the operation runs
    /// on it in place. What it says and refuses is what the same request
    /// by name says and refuses; a place in the source is made only for an
    /// error or a warning. `base` is the running frame's first local.
    func operate(_ index: Int, in chunk: Chunk, at instruction: Int, base: Int) throws {
        func at() -> Site { Site(file: chunk.file, range: chunk.ranges[instruction]) }
        let request = chunk.serviceOperations[index]
        if let mode = request.mode {
            if mode.contains(.top) {
                try topStart(first: mode.contains(.first), at())
            } else {
                if mode.contains(.rotate) { bridge.nextStatement(at: bridge.nesting - 1) }
                try steps.tick(at())
            }
        }
        let operands = stack.count - request.operands
        let id: ServiceID?
        var text = ""
        switch request.name {
        case .literal(let literal):
            let version = engine.identityVersion
            if let known = chunk.knownServices[index], known.version == version {
                id = known.id
            } else {
                id = bridge.serviceID(chunk.serviceNames[literal].key, known: chunk.knownServices[index]?.id)
                chunk.knownServices[index] = id.map { ($0, version) }
            }
        case .local(let slot):
            text = try name(variables.locals[base + slot] ?? localFallback(slot, in: chunk, request), in: chunk, request)
            id = bridge.serviceID(named: text)
        case .global(let slot):
            guard let value = variables.globals[slot] else {
                throw variables.undefined(variables.globalNames[slot], interner, at: Site(file: chunk.file, range: request.nameRange))
            }
            text = try name(value, in: chunk, request)
            id = bridge.serviceID(named: text)
        case .stack:
            guard case .string(let written) = stack[operands] else { preconditionFailure("a name's text") }
            text = written
            id = bridge.serviceID(named: text)
        }
        var units = request.units ?? 0
        if request.operation == .scale, request.units == nil {
            guard case .int(let n) = stack[stack.count - 1] else { preconditionFailure("a number") }
            units = n
        }
        guard let id else {
            if case .literal(let literal) = request.name { text = chunk.serviceNames[literal].text }
            throw RuntimeError(.lifecycle(.noSuchService(text)), at())
        }
        let report: OperationReport
        do {
            report = request.operation == .scale ? try engine.scale(id, to: units) : try engine.perform(request.operation, on: id)
        } catch {
            throw bridge.refusal(error, at())
        }
        switch request.operands {
        case 0: break
        case 1: stack.removeLast()
        case let count: stack.removeLast(count)
        }
        bridge.announce(report, at())
        if let mode = request.mode, mode.contains(.top) { try topEnd(at()) }
    }

    /// A local the procedure has not set: the global of its name, as
    /// `getLocal` reads it.
    private func localFallback(_ slot: Int, in chunk: Chunk, _ request: ServiceOperation) throws -> Value {
        guard let value = variables.globals[chunk.localFallbacks[slot]] else {
            throw variables.undefined(chunk.localNames[slot], interner, at: Site(file: chunk.file, range: request.nameRange))
        }
        return value
    }

    /// A variable's value as a service's name, as `convert(.text(.name))`
    /// reads it.
    @inline(__always)
    private func name(_ value: Value, in chunk: Chunk, _ request: ServiceOperation) throws -> String {
        if case .string(let text) = value { return text }
        return try text(of: value, TextUse.name.words, Site(file: chunk.file, range: request.nameRange))
    }

    /// The service a `.service` part named (it existed when read; a part
    /// read after it may have deleted it).
    private func existing(_ name: String, _ at: Site) throws -> Service {
        guard let service = engine.service(named: name) else { throw RuntimeError(.lifecycle(.noSuchService(name)), at) }
        return service
    }
}

/// A statement's parts, in order: a literal as written (`Folded`), else
/// the next value on the stack, which its conversion made of the kind the
/// part needs.
struct Operands {
    let machine: Machine
    var next: Int

    private mutating func take() -> Value {
        defer { next += 1 }
        return machine.stack[next]
    }

    mutating func name(_ name: Name) -> String {
        if let text = Folded.name(name, machine.interner) { return text }
        guard case .string(let text) = take() else { preconditionFailure("a name's text") }
        return text
    }

    /// A service's name: always read, as the service must exist.
    mutating func service(_ name: Name) -> String {
        guard case .string(let text) = take() else { preconditionFailure("a service's name") }
        return text
    }

    mutating func edition(_ name: Name) -> Edition {
        if let edition = Folded.edition(name, machine.interner) { return edition }
        guard case .edition(let edition) = take() else { preconditionFailure("an edition") }
        return edition
    }

    mutating func state(_ name: Name) -> ServiceState {
        if let state = Folded.state(name, machine.interner) { return state }
        guard case .state(let state) = take() else { preconditionFailure("a state") }
        return state
    }

    mutating func int(_ expression: Expr) -> Int {
        if let n = Folded.integer(expression) { return n }
        guard case .int(let n) = take() else { preconditionFailure("a number") }
        return n
    }

    mutating func duration(_ expression: Expr) -> Interval {
        if let duration = Folded.duration(expression) { return duration }
        guard case .duration(let duration) = take() else { preconditionFailure("a duration") }
        return duration
    }

    mutating func text(_ expression: Expr, stored: Bool = false) -> String {
        if let text = Folded.text(expression, stored: stored) { return text }
        guard case .string(let text) = take() else { preconditionFailure("text") }
        return text
    }

    mutating func seed(_ expression: Expr) -> UInt64 {
        if let seed = Folded.seed(expression) { return seed }
        guard case .int(let n) = take() else { preconditionFailure("a seed") }
        return UInt64(n)
    }

    mutating func value(_ expression: Expr) -> Value {
        take()
    }

    /// The value `value(_:)` took last.
    var last: Value { machine.stack[next - 1] }
}
