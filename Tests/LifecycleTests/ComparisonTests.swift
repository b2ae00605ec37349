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

@Suite("The tracking database's details")
struct TrackingDetailsTests {
    @Test("entered at create, held as the connection string a backup keeps and a restore brings back")
    func entered() throws {
        var engine = Engine()
        let details = try TrackingDatabaseDetails(server: "contoso-sql", database: "tracking")
        _ = try engine.create("contoso", tracking: details)
        _ = try engine.backup("contoso", as: "nightly")
        _ = try engine.restore("nightly", to: "contoso-dr")
        let restored = try #require(engine.service(named: "contoso-dr")?.settings[.trackingDatabase])
        #expect(TrackingDatabaseDetails(connectionString: restored) == details)
    }

    @Test("a connection string holding more than the server and the name gives nothing of itself")
    func secretStaysWhole() {
        #expect(TrackingDatabaseDetails(connectionString: "Server=sql1;Database=t;Password=p4ss") == nil)
        #expect(TrackingDatabaseDetails(connectionString: "opaque") == nil)
        #expect(TrackingDatabaseDetails(connectionString: "Data Source=sql1; Initial Catalog=t;")?.database == "t")
    }
}
