@testable import Lifecycle
import Testing

private let everyCell: [(ServiceState, Operation)] = ServiceState.allCases.flatMap { state in
    Operation.seedColumns.map { (state, $0) }
}

@Suite("Operations")
struct OperationTests {
    @Test("run where the table allows them and are refused elsewhere, changing nothing", arguments: everyCell)
    func everyCellThroughTheEngine(state: ServiceState, operation: Operation) throws {
        var engine = try makeEngine(in: state)
        let before = engine
        if Rules.isAllowed(operation, in: state) {
            let report = try engine.perform(operation, on: "contoso")
            #expect(report.succeeded)
            #expect(engine.log.entries.count == before.log.entries.count + 1)
            #expect(engine.log.entries.last?.operation == operation)
        } else {
            let error = refusal { _ = try engine.perform(operation, on: "contoso") }
            #expect(error == .notAllowed(operation, service: "contoso", state: state))
            #expect(engine == before, "a refused operation changes nothing and is not logged")
        }
    }

    @Test(
        "succeed into the state the model says",
        arguments: [
            (ServiceState.stopped, Operation.start, ServiceState.active),
            (.active, .stop, .stopped),
            (.active, .restart, .active),
            (.stopped, .restart, .active),
            (.active, .suspend, .suspended),
            (.suspended, .resume, .active),
            (.active, .updateConfiguration, .active),
            (.configUpdateFailed, .updateConfiguration, .active),
            (.startFailed, .updateConfiguration, .startFailed),
            (.active, .backup, .active),
            (.suspended, .backup, .suspended),
            (.active, .disable, .disabled),
            (.disabled, .enable, .active),
            (.enableFailed, .enable, .active),
            (.active, .serviceUpdate, .active),
            (.serviceUpdateFailed, .serviceUpdate, .active),
            (.stopped, .serviceUpdate, .stopped),
            (.scaleFailed, .scale, .active),
            (.stopFailed, .start, .active),
            (.resumeFailed, .resume, .active),
            (.suspendedFailed, .suspend, .suspended),
        ]
    )
    func successOutcome(from: ServiceState, operation: Operation, to: ServiceState) throws {
        var engine = try makeEngine(in: from)
        let report = try engine.perform(operation, on: "contoso")
        #expect(report.succeeded)
        #expect(report.from == from)
        #expect(report.to == to)
        #expect(engine.service(named: "contoso")?.state == to)
    }

    @Test(
        "fail into the state the model says when a failure is injected",
        arguments: [
            (ServiceState.stopped, Operation.start, ServiceState.startFailed),
            (.active, .stop, .stopFailed),
            (.active, .restart, .restartFailed),
            (.active, .suspend, .suspendedFailed),
            (.suspended, .resume, .resumeFailed),
            (.active, .scale, .scaleFailed),
            (.active, .updateConfiguration, .configUpdateFailed),
            (.active, .backup, .active),
            (.active, .delete, .active),
            (.active, .disable, .disableFailed),
            (.disabled, .enable, .enableFailed),
            (.active, .serviceUpdate, .serviceUpdateFailed),
        ]
    )
    func failureOutcome(from: ServiceState, operation: Operation, to: ServiceState) throws {
        var engine = try makeEngine(in: from)
        try engine.armFailure(operation, on: "contoso")
        let report = try engine.perform(operation, on: "contoso")
        #expect(!report.succeeded)
        #expect(report.entry.cause == .injected)
        #expect(report.to == to)
        #expect(engine.service(named: "contoso")?.state == to)
        #expect(engine.log.entries.last?.succeeded == false)
    }

    @Test("create succeeds into Active and fails into CreatedFailed")
    func create() throws {
        var engine = Engine()
        let report = try engine.create("contoso", edition: .premium, units: 3, region: "North Europe")
        #expect(report.to == .active && report.from == nil)
        let service = try #require(engine.service(named: "contoso"))
        #expect(service.edition == .premium && service.units == 3 && service.region == "North Europe")
        #expect(service.productVersion == .initial)
        try engine.armFailure(.create, on: "fabrikam")
        let failed = try engine.create("fabrikam")
        #expect(!failed.succeeded && failed.to == .createdFailed)
        #expect(engine.service(named: "fabrikam")?.state == .createdFailed)
    }

    @Test("a not-allowed error names the operation, the service and its state")
    func notAllowedError() throws {
        var engine = try makeEngine(in: .stopFailed)
        let error = try #require(refusal { _ = try engine.perform(.resume, on: "contoso") })
        #expect(error == .notAllowed(.resume, service: "contoso", state: .stopFailed))
        #expect(Rules.states(allowing: .resume) == [.suspended, .suspendedFailed, .resumeFailed])
    }

    @Test("an armed failure waits for a run: refused attempts do not use it up")
    func armedFailureSurvivesRefusal() throws {
        var engine = try makeEngine(in: .active)
        try engine.armFailure(.resume, on: "contoso", times: 2)
        #expect(refusal { _ = try engine.perform(.resume, on: "contoso") } != nil)
        #expect(engine.armedFailures(.resume, on: "contoso") == 2)
        _ = try engine.perform(.suspend, on: "contoso")
        #expect(try !engine.perform(.resume, on: "contoso").succeeded)
        #expect(try !engine.perform(.resume, on: "contoso").succeeded)
        #expect(try engine.perform(.resume, on: "contoso").succeeded, "only the next two runs fail")
        #expect(engine.service(named: "contoso")?.state == .active)
    }

    @Test("an armed failure is for its own operation and service only")
    func armedFailureScope() throws {
        var engine = try makeEngine(in: .active)
        _ = try engine.create("fabrikam")
        try engine.armFailure(.stop, on: "contoso")
        #expect(try engine.perform(.stop, on: "fabrikam").succeeded)
        #expect(try engine.perform(.restart, on: "contoso").succeeded)
        #expect(try !engine.perform(.stop, on: "CONTOSO").succeeded, "service names ignore case")
    }

    @Test("failure counts must be positive")
    func failureCount() {
        var engine = Engine()
        #expect(refusal { try engine.armFailure(.stop, on: "contoso", times: 0) } == .invalidCount(0))
        #expect(Engine.failureCounts.lowerBound == 1)
    }

    @Test("a billion failures may wait for one operation on one service; arming past that is refused, not a trap")
    func failureCountBound() throws {
        var engine = Engine()
        let most = Engine.failureCounts.upperBound
        #expect(most == 1_000_000_000)
        #expect(refusal { try engine.armFailure(.stop, on: "contoso", times: .max) } == .invalidCount(.max))
        try engine.armFailure(.stop, on: "contoso", times: most - 1)
        try engine.armFailure(.stop, on: "CONTOSO", times: 1)
        #expect(refusal { try engine.armFailure(.stop, on: "contoso", times: 1) }
            == .tooManyArmedFailures(.stop, service: "contoso", armed: most, adding: 1))
        #expect(engine.armedFailures(.stop, on: "contoso") == most, "a refused arm changes nothing")
        try engine.armFailure(.start, on: "contoso", times: most)
        try engine.armFailure(.stop, on: "fabrikam", times: most)
        #expect(engine.clearFailures() == 3 * most)
        #expect(engine.allArmedFailures.isEmpty)
    }

    @Test("chaos fails runs at the given rate, the same way for the same seed")
    func chaos() throws {
        // Restart is allowed in both Active and RestartFailed, so it can run
        // again whatever the last run did.
        func restarts(seed: UInt64) throws -> [Bool] {
            var engine = try makeEngine(in: .active)
            try engine.setChaos(percent: 50, seed: seed)
            return try (0..<100).map { _ in
                let report = try engine.perform(.restart, on: "contoso")
                #expect(report.succeeded || report.entry.cause == .chaos)
                return report.succeeded
            }
        }
        let first = try restarts(seed: 7)
        #expect(first == (try restarts(seed: 7)))
        #expect(first != (try restarts(seed: 8)))
        #expect((20...80).contains(first.filter { $0 }.count))
        var engine = try makeEngine(in: .active)
        try engine.setChaos(percent: 100, seed: 1)
        #expect(try !engine.perform(.restart, on: "contoso").succeeded)
        engine.disableChaos()
        #expect(try engine.perform(.restart, on: "contoso").succeeded)
        #expect(refusal { try engine.setChaos(percent: 101, seed: 1) } == .invalidChaosPercent(101))
        #expect(refusal { try engine.setChaos(percent: -1, seed: 1) } == .invalidChaosPercent(-1))
        #expect(Engine.chaosPercents == 0...100)
    }

    @Test("scale changes the unit count within the edition's range")
    func scale() throws {
        var engine = try makeEngine(in: .active)
        let report = try engine.scale("contoso", to: 8)
        #expect(report.succeeded && engine.service(named: "contoso")?.units == 8)
        #expect(engine.service(named: "contoso")?.quota.agreements == 2000)
        #expect(refusal { _ = try engine.scale("contoso", to: 9) } == .unitsOutOfRange(9, edition: .standard))
        #expect(refusal { _ = try engine.scale("contoso", to: 0) } == .unitsOutOfRange(0, edition: .standard))
        try engine.armFailure(.scale, on: "contoso")
        _ = try engine.scale("contoso", to: 2)
        #expect(engine.service(named: "contoso")?.units == 8, "a failed scale keeps the old count")
        #expect(engine.service(named: "contoso")?.state == .scaleFailed)
        _ = try engine.scale("contoso", to: 2)
        #expect(engine.service(named: "contoso")?.state == .active)
        #expect(engine.service(named: "contoso")?.units == 2)
    }

    @Test("the Developer edition runs one unit and cannot scale")
    func developerCannotScale() throws {
        var engine = Engine()
        _ = try engine.create("devbox", edition: .developer)
        #expect(refusal { _ = try engine.scale("devbox", to: 2) } == .cannotScaleEdition(.developer, service: "devbox"))
        #expect(refusal { _ = try engine.scale("devbox", to: 1) } == .cannotScaleEdition(.developer, service: "devbox"))
        #expect(refusal { _ = try engine.create("devbox2", edition: .developer, units: 2) }
            == .unitsOutOfRange(2, edition: .developer))
    }

    @Test("a setting's key is read ignoring case and '_' for '-', in any text a user types")
    func settingKeySpellings() {
        #expect(SettingKey(userInput: "ACS_Key") == .acsKey)
        #expect(SettingKey(userInput: "ssl_PASSWORD") == .sslPassword)
        // The Kelvin sign lowercases to an ASCII 'k'.
        #expect(SettingKey(userInput: "acs-\u{212A}ey") == .acsKey)
        for typed in ["acs-keys", "acs key", "acs-ke", "", "acs-k\u{E9}y", "acs_\u{301}key"] {
            #expect(SettingKey(userInput: typed) == nil, "\(typed)")
        }
    }

    @Test("update configuration sets named settings; a failure keeps the old ones")
    func updateConfiguration() throws {
        var engine = try makeEngine(in: .active)
        _ = try engine.updateConfiguration("contoso", [("acs-namespace", "contoso-acs"), ("ACS_KEY", "s3cret")])
        let settings = try #require(engine.service(named: "contoso")?.settings)
        #expect(settings[.acsNamespace] == "contoso-acs" && settings[.acsKey] == "s3cret")
        #expect(SettingKey.acsKey.isSecret && !SettingKey.acsNamespace.isSecret)
        try engine.armFailure(.updateConfiguration, on: "contoso")
        _ = try engine.updateConfiguration("contoso", [("acs-namespace", "other")])
        #expect(engine.service(named: "contoso")?.settings[.acsNamespace] == "contoso-acs")
        #expect(engine.service(named: "contoso")?.state == .configUpdateFailed)
        let before = engine
        #expect(refusal { _ = try engine.updateConfiguration("contoso", [("colour", "blue")]) } == .unknownSetting("colour"))
        #expect(engine == before)
    }

    @Test("service update moves to the next product version, or the one given")
    func serviceUpdate() throws {
        var engine = try makeEngine(in: .stopped)
        _ = try engine.serviceUpdate("contoso")
        #expect(engine.service(named: "contoso")?.productVersion == ProductVersion("1.1"))
        _ = try engine.serviceUpdate("contoso", to: ProductVersion("2.5"))
        #expect(engine.service(named: "contoso")?.productVersion == ProductVersion("2.5"))
        #expect(ProductVersion("2.9").next == ProductVersion("2.10"))
    }

    @Test("a service update to an empty version, or one with a space or an invisible character, is refused and changes nothing")
    func invalidVersion() throws {
        var engine = try makeEngine(in: .active)
        let before = engine
        for (text, problem) in [("", NameProblem.length), ("2 0", .characters), ("2.0\n", .characters), ("2.\u{202E}1", .characters), ("\u{A0}", .characters)] {
            #expect(refusal { _ = try engine.serviceUpdate("contoso", to: ProductVersion(text)) } == .invalidVersion(text, problem: problem))
        }
        #expect(engine == before)
        _ = try engine.serviceUpdate("contoso", to: ProductVersion("2.0-beta"))
        #expect(engine.service(named: "contoso")?.productVersion == ProductVersion("2.0-beta"))
    }

    @Test("versions order part by part, as numbers of any length, a missing part counting as 0")
    func versionOrder() {
        func order(_ a: String, _ b: String) -> Int { ProductVersion(a).order(comparedWith: ProductVersion(b)) }
        #expect(order("1.10", "1.9") == 1)
        #expect(order("1.9", "1.10") == -1)
        #expect(order("1.0", "1") == 0)
        #expect(order("1.01", "1.1") == 0)
        #expect(order("2", "10") == -1)
        #expect(order("1.0.1", "1.0") == 1)
        #expect(order("99999999999999999999999.1", "99999999999999999999998.9") == 1, "past Int")
        #expect(order("2.0", "2.beta") == -1, "numbers come before text")
        #expect(order("2.alpha", "2.beta") == -1)
        #expect(order("3.0", "3.0") == 0)
    }

    @Test("operations on unknown services are refused")
    func unknownService() {
        var engine = Engine()
        #expect(refusal { _ = try engine.perform(.start, on: "nosuchsvc") } == .noSuchService("nosuchsvc"))
    }
}
