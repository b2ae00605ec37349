@testable import Lifecycle
import Testing

@Suite("Service names, deletion and the clock")
struct ServiceNameTests {
    @Test(
        "service names follow the naming rules",
        arguments: [
            ("short", NameProblem.length),
            ("a-very-long-service-name", .length),
            ("1contoso", .firstCharacter),
            ("con_toso", .characters),
        ]
    )
    func invalidNames(name: String, problem: NameProblem) {
        var engine = Engine()
        #expect(refusal { _ = try engine.create(name) } == .invalidServiceName(name, problem: problem))
        #expect(Names.serviceNameProblem("contoso-2") == nil)
    }

    @Test("names are unique, ignoring case")
    func unique() throws {
        var engine = Engine()
        _ = try engine.create("Contoso")
        #expect(refusal { _ = try engine.create("contoso") } == .serviceExists("Contoso"))
        #expect(engine.service(named: "CONTOSO")?.name == "Contoso")
    }

    @Test("a deleted name is held for an hour by default, then frees up")
    func nameHold() throws {
        var engine = try makeEngine(in: .active)
        let report = try engine.perform(.delete, on: "contoso")
        #expect(report.to == nil && report.from == .active)
        #expect(refusal { _ = try engine.create("contoso") }
            == .nameHeld("contoso", until: .simulationStart + .hours(1), now: .simulationStart))
        try engine.advance(by: .minutes(59) + .seconds(59))
        #expect(engine.nameHeldUntil("contoso") != nil)
        try engine.advance(by: .seconds(1))
        #expect(engine.nameHeldUntil("contoso") == nil)
        #expect(try engine.create("contoso").succeeded)
    }

    @Test("the name hold is configurable")
    func configurableHold() throws {
        var engine = Engine(nameHold: .zero)
        _ = try engine.create("contoso")
        _ = try engine.perform(.delete, on: "contoso")
        #expect(try engine.create("contoso").succeeded)
    }

    @Test("a failed delete keeps the service")
    func failedDelete() throws {
        var engine = try makeEngine(in: .suspended)
        try engine.armFailure(.delete, on: "contoso")
        let report = try engine.perform(.delete, on: "contoso")
        #expect(!report.succeeded && engine.service(named: "contoso")?.state == .suspended)
        #expect(engine.nameHeldUntil("contoso") == nil)
    }

    @Test("the clock moves only when told to, and only forward")
    func clock() throws {
        var engine = Engine()
        #expect(engine.now.description == "2016-11-08 09:00:00")
        _ = try engine.create("contoso")
        #expect(engine.now == .simulationStart)
        try engine.advance(by: .days(60) + .hours(15))
        #expect(engine.now.description == "2017-01-08 00:00:00")
        #expect(refusal { try engine.advance(by: .seconds(-1)) } == .negativeInterval(.seconds(-1)))
        #expect(Timestamp(seconds: 951_782_400).description == "2000-02-29 00:00:00")
    }

    @Test("intervals print in the language's units", arguments: [
        (Int64(0), "0s"), (Int64(90), "1m30s"), (Int64(3600), "1h"), (Int64(86_400 + 7200 + 5), "1d2h5s"),
    ] as [(Int64, String)])
    func intervals(seconds: Int64, text: String) {
        #expect(Interval(seconds: seconds).description == text)
    }

    @Test("the log records every run with time, service, operation, outcome and transition")
    func log() throws {
        var engine = Engine()
        _ = try engine.create("contoso")
        try engine.advance(by: .minutes(5))
        try engine.armFailure(.stop, on: "contoso")
        _ = try engine.perform(.stop, on: "contoso")
        _ = try? engine.perform(.resume, on: "contoso")
        _ = try engine.perform(.restart, on: "contoso")
        let start = Timestamp.simulationStart
        #expect(engine.logRecords() == [
            LogRecord(time: start, service: "contoso", operation: .create, succeeded: true,
                      cause: nil, from: nil, to: .active, subject: nil),
            LogRecord(time: start + .minutes(5), service: "contoso", operation: .stop, succeeded: false,
                      cause: .injected, from: .active, to: .stopFailed, subject: nil),
            LogRecord(time: start + .minutes(5), service: "contoso", operation: .restart, succeeded: true,
                      cause: nil, from: .stopFailed, to: .active, subject: nil),
        ], "the refused resume is not logged")
        #expect(engine.logEntries(for: "CONTOSO").count == 3)
    }
}
