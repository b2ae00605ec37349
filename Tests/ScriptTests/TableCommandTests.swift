import Testing

@Suite("mabs table")
struct TableCommandTests {
    @Test("prints the seed table as CSV, cell for cell")
    func csv() throws {
        let result = try MabsProcess.run(["table", "--format", "csv"])
        #expect(result == .init(stdout: """
            state,start,stop,restart,suspend,resume,delete,scale,update-configuration,backup
            Active,no,yes,yes,yes,no,yes,yes,yes,yes
            Disabled,no,no,no,no,no,yes,no,no,no
            Suspended,no,no,no,no,yes,yes,no,no,yes
            Stopped,yes,no,yes,no,no,yes,no,no,yes
            ServiceUpdateFailed,no,no,no,no,no,yes,no,no,no
            DisableFailed,no,no,no,no,no,yes,no,no,no
            EnableFailed,no,no,no,no,no,yes,no,no,no
            StartFailed,yes,yes,yes,no,no,yes,no,yes,no
            StopFailed,yes,yes,yes,no,no,yes,no,yes,no
            RestartFailed,yes,yes,yes,no,no,yes,no,yes,no
            SuspendedFailed,no,no,no,yes,yes,yes,no,no,no
            ResumeFailed,no,no,no,yes,yes,yes,no,no,no
            CreatedFailed,no,no,no,no,no,yes,no,no,no
            RestoreFailed,no,no,no,no,no,yes,no,no,no
            ConfigUpdateFailed,no,no,yes,no,no,yes,no,yes,no
            ScaleFailed,no,no,no,no,no,yes,yes,no,no

            """, stderr: "", status: 0))
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
