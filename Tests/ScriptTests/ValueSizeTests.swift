// A value's size is kept with it, so that bounding values costs nothing as
// they grow: through the real binary, under a hang guard (not a timing).
import Foundation
import Testing

@Suite("Value sizes")
struct ValueSizeTests {
    /// `mabs ARGUMENTS`, killed if it has not ended within `seconds` (its
    /// status is then 137): a guard against a hang, not a measurement.
    private func runGuarded(_ arguments: [String], seconds: Int) throws -> MabsProcess.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = ["--signal=KILL", String(seconds), MabsProcess.executable.path] + arguments
        process.environment = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(), "NO_COLOR": "1"]
        process.standardInput = FileHandle.nullDevice
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let errors = DispatchQueue.global()
        nonisolated(unsafe) var err = Data()
        let group = DispatchGroup()
        errors.async(group: group) { err = stderr.fileHandleForReading.readDataToEndOfFile() }
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return .init(stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self),
                     status: process.terminationStatus)
    }

    /// Each step used to walk the whole list to measure it: 30,000 steps
    /// took 9 s, 200,000 would take hours. Now each step measures one item.
    @Test("a list nested in itself round a loop 200,000 times is measured in constant time at each step")
    func nestedListInALoop() throws {
        let result = try runGuarded(["-e", "let l = []", "-e", "repeat 200000 { let l = [$l] }", "-e", "print len($l)"], seconds: 120)
        #expect(result == .init(stdout: "1\n", stderr: "", status: 0))
    }

    @Test("a list that would pass the value limit is refused before it is built")
    func joinedListsAreBounded() throws {
        let result = try runGuarded(
            ["-e", "let l = [\"\(String(repeating: "x", count: 1000))\"]", "-e", "repeat 100 { let l = $l + $l }"], seconds: 120)
        #expect(result.status == 1)
        #expect(result.stderr.contains("error: the result of '+' would be too large: a value holds at most 16 Mi list items and bytes of text together"), "\(result.stderr)")
    }
}
