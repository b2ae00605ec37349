@testable import Lifecycle
import Testing

@Suite("Comparing services and backups")
struct ComparisonTests {
    @Test("a copy restored at the backup's edition holds what the backup holds; only the source's hybrid connections and state set it apart")
    func restoredCopy() throws {
        var engine = Engine()
        _ = try engine.create("contoso")
        _ = try engine.updateConfiguration("contoso", [("acs-key", "k3y-one")])
        try engine.add(.hybridConnection, named: "onprem-sql", to: "contoso")
        try engine.add(.bridge, named: "orders", to: "contoso")
        _ = try engine.backup("contoso", as: "nightly")
        _ = try engine.restore("nightly", to: "contoso-dr")
        let backup = Holding(try #require(engine.backup(named: "nightly")))
        let copy = Holding(try #require(engine.service(named: "contoso-dr")), in: engine)
        let source = Holding(try #require(engine.service(named: "contoso")), in: engine)
        #expect(backup.differences(from: copy).isEmpty)
        #expect(source.differences(from: copy).map(\.aspect) == [.state, .contents(.hybridConnection)])
        _ = try engine.updateConfiguration("contoso", [("acs-key", "k3y-two")])
        let changed = Holding(try #require(engine.service(named: "contoso")), in: engine)
        // A secret that differs is said to, and its values are not given.
        #expect(changed.differences(from: copy).contains(.secret(.acsKey, first: true, second: true)))
    }
}
