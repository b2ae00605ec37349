// Every cell of the seed table, run through the language.
import Foundation
import Lifecycle
import Testing
@testable import MabsLanguage

/// The seed table as `mabs table --format csv` must print it, transcribed
/// from the seed by hand into a fixture, independently of the engine's data.
private let seedCSV = try! String(
    contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../Fixtures/seed-table.csv"),
    encoding: .utf8
)

struct Cell: Sendable, CustomTestStringConvertible {
    var state: String
    var operation: String
    var allowed: Bool
    var testDescription: String { "\(operation) in \(state)" }
}

private let cells: [Cell] = {
    let rows = seedCSV.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
    let header = rows[0]
    return rows.dropFirst().flatMap { row in
        (1..<row.count).map { Cell(state: row[0], operation: header[$0], allowed: row[$0] == "yes") }
    }
}()

/// Statements that bring `contoso` into each state.
private let pathTo: [String: String] = [
    "Active": "create contoso",
    "Disabled": "create contoso; disable contoso",
    "Suspended": "create contoso; suspend contoso",
    "Stopped": "create contoso; stop contoso",
    "ServiceUpdateFailed": "create contoso; fail next service-update on contoso; service-update contoso",
    "DisableFailed": "create contoso; fail next disable on contoso; disable contoso",
    "EnableFailed": "create contoso; disable contoso; fail next enable on contoso; enable contoso",
    "StartFailed": "create contoso; stop contoso; fail next start on contoso; start contoso",
    "StopFailed": "create contoso; fail next stop on contoso; stop contoso",
    "RestartFailed": "create contoso; fail next restart on contoso; restart contoso",
    "SuspendedFailed": "create contoso; fail next suspend on contoso; suspend contoso",
    "ResumeFailed": "create contoso; suspend contoso; fail next resume on contoso; resume contoso",
    "CreatedFailed": "fail next create on contoso; create contoso",
    "RestoreFailed": "create source-svc; backup source-svc as seed; fail next restore on contoso; restore seed to contoso",
    "ConfigUpdateFailed": "create contoso; fail next update on contoso; update contoso set acs-namespace = \"ns\"",
    "ScaleFailed": "create contoso; fail next scale on contoso; scale contoso to 2",
]

/// The statement that runs each seed column's operation on `contoso`.
private let statementFor: [String: String] = [
    "start": "start contoso", "stop": "stop contoso", "restart": "restart contoso",
    "suspend": "suspend contoso", "resume": "resume contoso", "delete": "delete contoso",
    "scale": "scale contoso to 3", "update-configuration": "update contoso set acs-namespace = \"new\"",
    "backup": "backup contoso as cell-backup",
]

/// The word `can`/`cannot` and `fail next` use for each column.
private let keywordFor = ["update-configuration": "update"]

@Suite("The seed table through the language")
struct SeedTableScriptTests {
    @Test("has 144 cells")
    func count() {
        #expect(cells.count == 144)
    }

    @Test("each cell runs or is refused as the seed says", arguments: cells)
    func cell(_ cell: Cell) throws {
        let keyword = keywordFor[cell.operation] ?? cell.operation
        let statement = try #require(statementFor[cell.operation])
        let script = """
            \(try #require(pathTo[cell.state]))
            assert contoso is \(cell.state)
            assert contoso \(cell.allowed ? "can" : "cannot") \(keyword)
            \(cell.allowed ? statement : "expect error \"Operation not allowed\" { \(statement) }")
            \(cell.allowed ? "" : "assert contoso is \(cell.state)")
            """
        let run = runScript(script)
        #expect(run.output.errors.isEmpty, "\(run.output.rendered)")
        #expect(run.outcome == .finished)
        #expect(run.session.passed == (cell.allowed ? 2 : 4))
        if cell.allowed {
            let last = try #require(run.engine.log.entries.last)
            #expect(last.operation.keyword == keyword && last.succeeded)
        }
    }
}
