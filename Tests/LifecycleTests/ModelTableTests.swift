@testable import Lifecycle
import Testing

/// DOMAIN.md's editions chart, transcribed a second time in the chart's own
/// shape (a column per edition), independently of `EditionTable`.
private let chart: [Edition: (units: ClosedRange<Int>, quota: Quota, backup: Bool)] = [
    .developer: (1...1, Quota(bridges: 25, agreements: 10, hybridConnections: 5), false),
    .basic: (1...8, Quota(bridges: 25, agreements: 50, hybridConnections: 10), true),
    .standard: (1...8, Quota(bridges: 125, agreements: 250, hybridConnections: 50), true),
    .premium: (1...8, Quota(bridges: 500, agreements: 1000, hybridConnections: 100), true),
]

@Suite("The model's tables")
struct ModelTableTests {
    @Test("give every operation and platform event exactly one effect row")
    func oneEffectRowEach() {
        let operations = OperationTable.rows.map(\.operation) + PlatformEventTable.rows.map(\.event)
        #expect(operations.sorted { $0.rawValue < $1.rawValue } == Operation.allCases)
    }

    /// DOMAIN.md's platform events with their "allowed from" column,
    /// transcribed a second time, independently of `PlatformEventTable`.
    static let platformEventsAllowedFrom: [Operation: Set<ServiceState>] = [
        .disable: [.active, .suspended, .stopped, .disableFailed],
        .enable: [.disabled, .enableFailed],
        .serviceUpdate: [.active, .suspended, .stopped, .serviceUpdateFailed],
    ]

    @Test("make disable, enable and service update the platform events, each allowed only from DOMAIN.md's states")
    func platformEvents() {
        #expect(Set(Operation.allCases.filter(\.isPlatformEvent)) == Set(Self.platformEventsAllowedFrom.keys))
        for (event, allowedFrom) in Self.platformEventsAllowedFrom {
            #expect(Set(ServiceState.allCases.filter { Rules.isAllowed(event, in: $0) }) == allowedFrom, "\(event)")
        }
    }

    @Test("give each edition the editions chart's units, quotas and backup", arguments: Edition.allCases)
    func edition(edition: Edition) throws {
        let expected = try #require(chart[edition])
        #expect(edition.unitRange == expected.units)
        #expect(edition.canScale == (expected.units.count > 1))
        #expect(edition.quotaPerUnit == expected.quota)
        #expect(edition.supportsBackup == expected.backup)
    }

    @Test("list the editions in order, Developer < Basic < Standard < Premium")
    func editionOrder() {
        #expect(EditionTable.rows.map(\.edition) == [.developer, .basic, .standard, .premium])
        #expect(Edition.allCases.sorted() == [.developer, .basic, .standard, .premium])
    }
}
