import Foundation
import Testing

/// The state machine's pictures: valid, and the same as the README shows.
@Suite("mabs graph")
struct GraphTests {
    @Test("the README's diagram is mabs graph's own output")
    func readmeDiagram() throws {
        let readme = try String(contentsOf: ReadmeTests.root.appendingPathComponent("README.md"), encoding: .utf8)
        let graph = try MabsProcess.run(["graph"])
        #expect(graph.status == 0)
        #expect(graph.stdout.hasPrefix("stateDiagram-v2\n"))
        #expect(readme.contains("```mermaid\n" + graph.stdout + "```"), "README.md's mermaid block differs from `mabs graph`")
    }

    @Test("Graphviz renders the DOT, every state in it")
    func dotRenders() throws {
        let graph = try MabsProcess.run(["graph", "--format", "dot"])
        #expect(graph.status == 0)
        for state in ["Active", "ServiceUpdateFailed", "RestoreFailed", "ScaleFailed"] {
            #expect(graph.stdout.contains("    \(state)"), "no node for \(state)")
        }
        let dot = Process()
        dot.executableURL = URL(fileURLWithPath: "/usr/bin/dot")
        dot.arguments = ["-Tsvg"]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        (dot.standardInput, dot.standardOutput, dot.standardError) = (input, output, errors)
        try dot.run()
        input.fileHandleForWriting.write(Data(graph.stdout.utf8))
        try input.fileHandleForWriting.close()
        let svg = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let complaints = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        dot.waitUntilExit()
        #expect(dot.terminationStatus == 0, "\(complaints)")
        #expect(complaints.isEmpty, "\(complaints)")
        #expect(svg.contains("<svg"))
    }

    @Test("graph NAME marks the service's state and where it has been")
    func highlight() throws {
        let result = try MabsProcess.run(["-e", "create contoso; suspend contoso; resume contoso; stop contoso; graph contoso"])
        #expect(result.stdout.contains("    class Stopped current\n"))
        #expect(result.stdout.contains("    class Suspended visited\n"))
        #expect(result.stdout.contains("    class Active visited\n"))
        #expect(!result.stdout.contains("class ScaleFailed"))
    }
}
