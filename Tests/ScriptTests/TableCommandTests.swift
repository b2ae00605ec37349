import Foundation
import Testing

@Suite("mabs table")
struct TableCommandTests {
    /// The fixture is the seed table transcribed by hand, independently of
    /// the engine's data.
    @Test("prints the seed table as CSV, cell for cell")
    func csv() throws {
        let result = try MabsProcess.run(["table", "--format", "csv"])
        let expected = try String(
            contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("../Fixtures/seed-table.csv"),
            encoding: .utf8
        )
        #expect(result == .init(stdout: expected, stderr: "", status: 0))
    }

    @Test("prints a Markdown table with a check mark in each allowed cell by default")
    func markdown() throws {
        let result = try MabsProcess.run(["table"])
        let lines = result.stdout.split(separator: "\n")
        #expect(result.status == 0)
        #expect(lines.count == 18)
        #expect(lines[0] == "| state               | start | stop | restart | suspend | resume | delete | scale | update-configuration | backup |")
        #expect(lines[2] == "| Active              |       | ✔    | ✔       | ✔       |        | ✔      | ✔     | ✔                    | ✔      |")
        #expect(lines[17] == "| ScaleFailed         |       |      |         |         |        | ✔      | ✔     |                      |        |")
    }
}
