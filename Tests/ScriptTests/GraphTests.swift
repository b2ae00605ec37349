import Foundation
import Testing

/// The state machine's pictures, through the real `mabs`: every view in
/// every format, Graphviz's verdict on the DOT, the README's picture, the
/// text at the prompt, files written by `graph ... to`, and `--quiet` for
/// piping.
@Suite("mabs graph")
struct GraphTests {
    /// Every view, as `mabs graph` options.
    static let views: [[String]] = [
        [], ["--without", "failures"], ["--without", "delete"], ["--without", "failures", "--without", "delete"], ["--backups"],
        ["--around", "Active"], ["--around", "StopFailed"], ["--around", "Disabled"], ["--around", "RestoreFailed"],
    ]

    func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("mabs-graph-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Graphviz's `dot -Tsvg` on `source`: its status, output and complaints.
    func graphviz(_ source: String) throws -> (status: Int32, svg: String, complaints: String) {
        let dot = Process()
        dot.executableURL = URL(fileURLWithPath: "/usr/bin/dot")
        dot.arguments = ["-Tsvg"]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        (dot.standardInput, dot.standardOutput, dot.standardError) = (input, output, errors)
        try dot.run()
        input.fileHandleForWriting.write(Data(source.utf8))
        try input.fileHandleForWriting.close()
        let svg = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let complaints = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        dot.waitUntilExit()
        return (dot.terminationStatus, svg, complaints)
    }

    @Test("the README shows the designed SVG, and the committed file is what mabs graph --format svg prints")
    func readmePicture() throws {
        let readme = try String(contentsOf: ReadmeTests.root.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("![The lifecycle of a BizTalk Service](docs/images/states.svg)"))
        let committed = try String(contentsOf: ReadmeTests.root.appendingPathComponent("docs/images/states.svg"), encoding: .utf8)
        let graph = try MabsProcess.run(["graph", "--format", "svg"])
        #expect(graph.status == 0)
        #expect(graph.stdout == committed, "docs/images/states.svg is stale: mabs graph --format svg > docs/images/states.svg")
    }

    @Test("Graphviz renders the DOT of every view without a warning", arguments: views)
    func dotRenders(_ view: [String]) throws {
        let graph = try MabsProcess.run(["graph", "--format", "dot"] + view)
        #expect(graph.status == 0)
        let rendered = try graphviz(graph.stdout)
        #expect(rendered.status == 0, "\(rendered.complaints)")
        #expect(rendered.complaints.isEmpty, "\(rendered.complaints)")
        #expect(rendered.svg.contains("<svg"))
    }

    @Test("Graphviz renders the DOT of a service's marked picture without a warning")
    func dotOfAServiceRenders() throws {
        for view in ["", " without failures", " backups", " without delete"] {
            let graph = try MabsProcess.run(["-e", "create contoso; stop contoso; graph contoso\(view) as dot"])
            #expect(graph.status == 0)
            #expect(graph.stdout.contains("        Stopped [fillcolor=\"#f0e442\", penwidth=5];\n") || graph.stdout.contains("    Stopped [fillcolor=\"#f0e442\", penwidth=5];\n"), "\(view)")
            let rendered = try graphviz(graph.stdout)
            #expect(rendered.status == 0 && rendered.complaints.isEmpty, "\(view): \(rendered.complaints)")
        }
    }

    @Test("every view in every format has a legend", arguments: views)
    func legends(_ view: [String]) throws {
        for (format, legend) in [("mermaid", "legend[\"Legend<br/>"), ("dot", "legend [shape=plaintext"), ("svg", ">the operation succeeds</text>")] {
            let graph = try MabsProcess.run(["graph", "--format", format] + view)
            #expect(graph.stdout.contains(legend), "\(format) \(view)")
        }
        let text = try MabsProcess.run(["graph", "--format", "text"] + view)
        #expect(text.stdout.contains("Legend: "), "text \(view)")
    }

    @Test("backup leads from the states that allow it to a backup, and restore from the backup, in every format")
    func backupAndRestore() throws {
        let mermaid = try MabsProcess.run(["graph"]).stdout
        for state in ["Active", "Suspended", "Stopped"] { #expect(mermaid.contains("    \(state) -->|\"backup\"| a_backup\n")) }
        #expect(mermaid.contains("    a_backup -->|\"restore\"| Suspended\n"))
        #expect(mermaid.contains("    a_backup -.->|\"restore fails\"| RestoreFailed\n"))
        #expect(!mermaid.contains("no_service -->|\"restore\""))
        let dot = try MabsProcess.run(["graph", "--format", "dot"]).stdout
        for state in ["Active", "Suspended", "Stopped"] { #expect(dot.contains("    \(state) -> a_backup [label=\"backup\"];\n")) }
        #expect(dot.contains("    a_backup -> Suspended [label=\"restore\"];\n"))
        let text = try MabsProcess.run(["graph", "--format", "text", "--backups"]).stdout
        #expect(text == """
            from           operation      to
            a backup       restore        Suspended
            a backup       restore fails  RestoreFailed
            Active         backup         a backup
            Suspended      backup         a backup
            Stopped        backup         a backup
            Suspended      resume         Active
            Suspended      delete         no service
            RestoreFailed  delete         no service
            Legend: 'fails' = where a failed run leads.

            """)
        let svg = try MabsProcess.run(["graph", "--format", "svg", "--backups"]).stdout
        #expect(svg.contains(">a backup</text>") && svg.contains(">restore fails</text>") && svg.contains(">RestoreFailed</text>"))
    }

    @Test("without delete: no delete edge, one note that every state allows it, in every format")
    func withoutDelete() throws {
        let note = "Left out: delete, allowed in every state; it removes the service."
        for (format, edge) in [("mermaid", "|\"delete\"|"), ("dot", "[label=\"delete\""), ("svg", ">delete</text>"), ("text", "  delete  ")] {
            let with = try MabsProcess.run(["graph", "--format", format]).stdout
            let without = try MabsProcess.run(["graph", "--format", format, "--without", "delete"]).stdout
            #expect(with.contains(edge) && !with.contains(note), "\(format)")
            #expect(without.contains(note) && !without.contains(edge), "\(format)")
        }
    }

    @Test("the whole machine draws delete once, from every state")
    func deleteOnce() throws {
        let mermaid = try MabsProcess.run(["graph"]).stdout
        #expect(mermaid.components(separatedBy: "|\"delete\"|").count == 2)
        #expect(mermaid.contains("    service -->|\"delete\"| no_service\n"))
        #expect(try MabsProcess.run(["graph", "--format", "text"]).stdout.contains("\nevery state          delete"))
    }

    @Test("without failures: the ordinary states only, in every format")
    func withoutFailures() throws {
        for format in ["mermaid", "dot", "svg", "text"] {
            let graph = try MabsProcess.run(["graph", "--format", format, "--without", "failures"]).stdout
            for state in ["Active", "Suspended", "Stopped", "Disabled"] { #expect(graph.contains(state), "\(format)") }
            #expect(!graph.contains("Failed") && !graph.contains("fails"), "\(format)")
        }
    }

    @Test("as text without a service: the transitions as aligned lines")
    func textLines() throws {
        let text = try MabsProcess.run(["graph", "--format", "text", "--without", "failures", "--without", "delete"])
        #expect(text.stdout == """
            from        operation                 to
            no service  create                    Active
            a backup    restore                   Suspended
            Active      stop                      Stopped
            Active      suspend                   Suspended
            Active      backup                    a backup
            Active      disable (platform event)  Disabled
            Disabled    enable (platform event)   Active
            Suspended   resume                    Active
            Suspended   backup                    a backup
            Suspended   disable (platform event)  Disabled
            Stopped     start, restart            Active
            Stopped     backup                    a backup
            Stopped     disable (platform event)  Disabled
            Left out: delete, allowed in every state; it removes the service.
            Legend: (platform event) = raised by Azure, not by the customer.

            """)
    }

    @Test("graph around NAME: the service's state, and where each operation leads on success and on failure")
    func around() throws {
        let result = try MabsProcess.run(["-e", "create contoso; suspend contoso; graph around contoso as text; graph around contoso as svg"])
        #expect(result.stdout.hasPrefix("""
            contoso is Suspended.
            It went: create -> Active, suspend -> Suspended.
            operation                        on success                  on failure
            resume                           Active                      ResumeFailed
            delete                           no service                  stays Suspended
            backup                           a backup (stays Suspended)  stays Suspended
            disable (platform event)         Disabled                    DisableFailed
            service-update (platform event)  stays Suspended             ServiceUpdateFailed
            Legend: 'stays' = the state does not change; (platform event) = raised by Azure, not by the customer.
            <svg
            """))
        #expect(result.stdout.contains(">when it fails</text>") && result.stdout.contains(">when it succeeds</text>"))
        let state = try MabsProcess.run(["-e", "graph around stop-failed as text"])
        #expect(state.stdout.hasPrefix("In StopFailed:\n"))
    }

    @Test("graph NAME marks the service's state and where it has been")
    func highlight() throws {
        let result = try MabsProcess.run(["-e", "create contoso; suspend contoso; resume contoso; stop contoso; graph contoso"])
        #expect(result.stdout.hasPrefix("flowchart LR\n"))
        #expect(result.stdout.contains("    class Stopped current\n"))
        #expect(result.stdout.contains("    class Active,Suspended visited\n"))
        #expect(!result.stdout.contains("ScaleFailed visited"))
        #expect(result.stdout.contains("yellow, thick border: the service's state now<br/>light blue: where the service has been"))
    }

    @Test("the SVG bolds the lines the service took, and only those: not the other states' share of a label")
    func walkedLines() throws {
        let result = try MabsProcess.run(["-e", "create contoso; suspend contoso; resume contoso; fail next stop on contoso; stop contoso; graph contoso as svg", "--quiet"])
        // create, suspend, resume and the failed stop: each its own line and the arrow it shares.
        #expect(result.stdout.components(separatedBy: " walked\" d=").count - 1 == 8)
        #expect(result.stdout.contains("<rect x=") && result.stdout.contains("fill=\"#f0e442\" stroke=\"#b53d00\" stroke-width=\"5\"/>\n<text") )
        #expect(result.stdout.contains(">StopFailed</text>"))
    }

    @Test("graph ... to FILE writes the file, in the format its name ends with, and shows nothing")
    func toFile() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = """
            create contoso
            graph contoso to "contoso.svg"
            graph without failures to "ordinary.dot"
            graph backups as text to "backups.mmd"
            print "done"
            """
        try script.write(to: folder.appendingPathComponent("lesson.mabs"), atomically: true, encoding: .utf8)
        let result = try MabsProcess.run(["lesson.mabs"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "done\n")
        let svg = try String(contentsOf: folder.appendingPathComponent("contoso.svg"), encoding: .utf8)
        #expect(svg.hasPrefix("<svg ") && svg.hasSuffix("</svg>\n"))
        let dot = try String(contentsOf: folder.appendingPathComponent("ordinary.dot"), encoding: .utf8)
        #expect(dot.hasPrefix("digraph mabs {"))
        let text = try String(contentsOf: folder.appendingPathComponent("backups.mmd"), encoding: .utf8)
        #expect(text.hasPrefix("from "), "'as' wins over the file's name")
        // Nothing was left behind but the files asked for.
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names == ["backups.mmd", "contoso.svg", "lesson.mabs", "ordinary.dot"])
    }

    @Test("graph ... to never writes over the script being run or the workspace in use")
    func neverOverAFileInUse() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = "graph as text to \"lesson.mabs\"\n"
        try script.write(to: folder.appendingPathComponent("lesson.mabs"), atomically: true, encoding: .utf8)
        let result = try MabsProcess.run(["lesson.mabs"], in: folder)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("lesson.mabs:1:1: error: cannot write the graph to 'lesson.mabs': it is a script being run; write the graph to another file\n"))
        #expect(try String(contentsOf: folder.appendingPathComponent("lesson.mabs"), encoding: .utf8) == script)

        let workspace = try MabsProcess.run(["--workspace", "w.json", "-e", "create contoso", "-e", "graph as text to \"w.json\""], in: folder)
        #expect(workspace.status == 1)
        #expect(workspace.stderr.contains("error: cannot write the graph to 'w.json': it is the file --workspace writes; write the graph to another file\n"))
        #expect(try String(contentsOf: folder.appendingPathComponent("w.json"), encoding: .utf8).contains("\"format\""))

        let unknown = try MabsProcess.run(["-e", "graph to \"states.png\""], in: folder)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("'states.png' does not say which format to write: add 'as' and one of mermaid, dot, svg or text, or name a file ending .mmd, .dot, .svg or .txt"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("states.png").path))
    }

    @Test("graph ... to a secret is an error, as save to one is: no file named (secret)")
    func notToASecret() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for path in ["$k", "[$k]"] {
            let result = try MabsProcess.run(
                ["-e", "create contoso\nupdate contoso set acs-key = \"K3Y\"\nlet k = setting(contoso, acs-key)\ngraph contoso as svg to \(path)"], in: folder)
            #expect(result.status == 1)
            #expect(result.stderr.hasPrefix(
                "<command line>:4:25: error: a secret cannot be used as a file name; it can only be compared with '==' or '!=', or copied into a secret setting\n"),
                "\(result.stderr)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [])
    }

    @Test("mabs run --quiet leaves standard output to what scripts write: a graph pipes into dot")
    func quietPipes() throws {
        let script = "create contoso; fail next stop on contoso; stop contoso; assert contoso is StopFailed; graph contoso as dot"
        let loud = try MabsProcess.run(["-e", script])
        #expect(loud.stdout.hasPrefix("stop contoso failed: Active -> StopFailed; injected failure\ndigraph mabs {"))
        #expect(loud.stdout.hasSuffix("}\n1 passed, 0 failed\n"))
        let quiet = try MabsProcess.run(["-e", script, "--quiet"])
        #expect(quiet.status == 0)
        #expect(quiet.stdout.hasPrefix("digraph mabs {") && quiet.stdout.hasSuffix("}\n"))
        #expect(quiet.stderr == "stop contoso failed: Active -> StopFailed; injected failure\n1 passed, 0 failed\n")
        let rendered = try graphviz(quiet.stdout)
        #expect(rendered.status == 0 && rendered.complaints.isEmpty, "\(rendered.complaints)")
        // A TAP report is standard output's: the notice leaves it, the plan and summary stay.
        let tap = try MabsProcess.run(["-e", script, "--quiet", "--format", "tap"])
        #expect(!tap.stdout.contains("stop contoso failed") && tap.stdout.hasSuffix("# 1 passed, 0 failed\n1..1\n"))
        #expect(tap.stderr == "stop contoso failed: Active -> StopFailed; injected failure\n")
        // With --trace, every run is said, on standard error too.
        let traced = try MabsProcess.run(["-e", "create contoso; graph as text", "--quiet", "--trace"])
        #expect(traced.stdout.hasPrefix("from "))
        #expect(traced.stderr == "create contoso: -> Active\n")
    }

    @Test("mabs graph takes one view at a time")
    func oneView() throws {
        let result = try MabsProcess.run(["graph", "--around", "Active", "--backups"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--around and --backups are different views; give one"))
        let state = try MabsProcess.run(["graph", "--around", "Sleeping"])
        #expect(state.status == 2)
    }
}
