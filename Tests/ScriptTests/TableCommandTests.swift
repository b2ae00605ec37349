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

    @Test("prints a Markdown table with a check mark in each allowed cell, with --wide")
    func markdown() throws {
        let result = try MabsProcess.run(["table", "--wide"])
        let lines = result.stdout.split(separator: "\n")
        #expect(result.status == 0)
        #expect(lines.count == 18)
        #expect(lines[0] == "| state               | start | stop | restart | suspend | resume | delete | scale | update-configuration | backup |")
        #expect(lines[2] == "| Active              |       | ✔    | ✔       | ✔       |        | ✔      | ✔     | ✔                    | ✔      |")
        #expect(lines[17] == "| ScaleFailed         |       |      |         |         |        | ✔      | ✔     |                      |        |")
    }

    /// Not on a terminal, the table fits 80 columns: the same cells under
    /// short column names, each spelled out in a key under the table.
    @Test("fits 80 columns without --wide: short names, and a key under the table")
    func narrow() throws {
        let wide = try MabsProcess.run(["table", "--wide"]).stdout.split(separator: "\n").map(String.init)
        let result = try MabsProcess.run(["table"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for line in lines { #expect(line.count <= 80, "\(line)") }
        func cells(_ line: String) -> [String] {
            line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        }
        // Row for row, cell for cell, what --wide shows.
        #expect(lines.count == wide.count + 4)
        for (short, whole) in zip(lines.dropFirst(2).prefix(16), wide.dropFirst(2)) {
            #expect(cells(short) == cells(whole))
        }
        // Each short name stands for one whole name, in the key's words.
        let key = lines.suffix(3).joined(separator: " ")
        #expect(lines[lines.count - 4] == "", "a blank line between the table and its key")
        for (short, whole) in zip(cells(lines[0]).dropFirst(), cells(wide[0]).dropFirst()) {
            #expect(key.contains("\(short) \(whole)"), "the key spells out \(short) as \(whole)")
        }
    }
}
