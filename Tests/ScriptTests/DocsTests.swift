import Foundation
import MabsLanguage
import MabsRunner
import Testing

/// The pages people read stay true: the generated ones are what the code
/// generates, the manual page renders cleanly, every link goes somewhere,
/// the README stays a guide, and the benchmark page's writer keeps its
/// format.
@Suite("Documentation")
struct DocsTests {
    static let root = ReadmeTests.root

    static func read(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    @Test("docs/language.md is what mabs help --markdown prints", arguments: [
        ("docs/language.md", ["help", "--markdown"]), ("mabs.1", ["help", "--man"]),
    ])
    func generatedPageIsCurrent(_ page: String, _ command: [String]) throws {
        let generated = try MabsProcess.run(command)
        #expect(generated.status == 0, "\(generated.stderr)")
        #expect(generated.stderr.isEmpty, "\(generated.stderr)")
        let committed = try Self.read(page)
        #expect(generated.stdout == committed, "\(page) is not what 'mabs \(command.joined(separator: " "))' prints: run \(Help.markdownCommand) and commit \(page)")
    }

    @Test("the language reference has a row and a section for every statement, function and state")
    func referenceCoversTheLanguage() throws {
        let reference = try Self.read("docs/language.md")
        for keyword in Vocabulary.statementKeywords {
            #expect(reference.contains("| `\(keyword)"), "docs/language.md has no row for '\(keyword)'")
        }
        for topic in Help.topics {
            #expect(reference.contains("\n### " + topic.name.replacingOccurrences(of: "_", with: "\\_") + "\n"), "no section for \(topic.name)")
        }
    }

    @Test("mabs help --markdown and --man refuse a topic, and each other")
    func pageFlagsAreAlone() throws {
        for arguments in [["help", "--markdown", "backups"], ["help", "--man", "--markdown"]] {
            let result = try MabsProcess.run(arguments)
            #expect(result.status == 2)
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.contains("--m"), "\(result.stderr)")
        }
    }

    @Test("mabs.1 renders with groff without a warning, and names every command, statement and exit status")
    func manualPageRenders() throws {
        let groff = Process()
        groff.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // Plain text (-P-cbou: no bold or underline by overstriking).
        groff.arguments = ["groff", "-ww", "-man", "-Tutf8", "-P-cbou", Self.root.appendingPathComponent("mabs.1").path]
        let output = Pipe(), errors = Pipe()
        groff.standardOutput = output
        groff.standardError = errors
        try groff.run()
        let rendered = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let complaints = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        groff.waitUntilExit()
        #expect(groff.terminationStatus == 0, "groff (Scripts/test installs groff-base): \(complaints)")
        #expect(complaints.isEmpty, "\(complaints)")
        // What a reader sees, in words: groff's minus signs as typed, and
        // its justification's spaces and line breaks as one space.
        let words = { (text: String) in
            text.replacingOccurrences(of: "\u{2010}", with: "-").replacingOccurrences(of: "\u{2212}", with: "-")
                .split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        }
        let text = words(rendered)
        for command in ["run", "check", "play", "table", "graph", "help"] {
            #expect(text.contains("mabs " + command), "no 'mabs \(command)'")
        }
        for option in ["--bail", "--junit", "--workspace", "--delay", "--record", "--markdown"] {
            #expect(text.contains(option), "no \(option)")
        }
        for (syntax, summary) in Vocabulary.statementSummaries {
            // `code` shows in bold, without its quotes.
            #expect(text.contains(words((syntax + " " + summary).filter { $0 != "`" })), "no \(syntax)")
        }
        for status in BatchRunner.ExitStatus.allCases {
            #expect(text.contains(words("\(status.rawValue) \(status.meaning)")), "no status \(status.rawValue)")
        }
    }

    /// Every Markdown page a reader may open from the README.
    static let pages = ["README.md", "ARCHITECTURE.md"] + (try! FileManager.default
        .contentsOfDirectory(atPath: root.appendingPathComponent("docs").path)
        .filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 })

    @Test("every link between the pages leads to a file, and to a heading that is there", arguments: pages)
    func linksResolve(_ page: String) throws {
        let text = try Self.read(page)
        let folder = URL(fileURLWithPath: page).deletingLastPathComponent().relativePath
        let links = text.matches(of: /\]\(([^)\s]+)\)/).map { String($0.output.1) }
        for link in links where !link.hasPrefix("http") {
            let parts = link.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let target = parts[0].isEmpty ? page : (folder == "." ? parts[0] : folder + "/" + parts[0])
            let url = Self.root.appendingPathComponent(target).standardizedFileURL
            #expect(FileManager.default.fileExists(atPath: url.path), "\(page): \(link) leads nowhere")
            if parts.count == 2, target.hasSuffix(".md") {
                let anchors = Help.headingAnchors(try String(contentsOf: url, encoding: .utf8)).map(\.anchor)
                #expect(anchors.contains(parts[1]), "\(page): \(link): no such heading")
            }
        }
    }

    @Test("the README is a guide: at most 200 lines, a link to every page of docs/, and every exit status")
    func readmeIsAGuide() throws {
        let readme = try Self.read("README.md")
        #expect(readme.split(separator: "\n", omittingEmptySubsequences: false).count <= 200)
        for page in Self.pages where page.hasPrefix("docs/") {
            #expect(readme.contains("](\(page))"), "the README does not lead to \(page)")
        }
        let section = try #require(readme.components(separatedBy: "## Exit status\n").dropFirst().first)
        let statuses = section.split(separator: "\n").prefix { !$0.hasPrefix("## ") }
            .compactMap { $0.split(separator: "|").first.flatMap { Int32($0.trimmingCharacters(in: .whitespaces)) } }
        #expect(statuses == BatchRunner.ExitStatus.allCases.map(\.rawValue))
    }

    // MARK: The benchmark page

    static let writer = root.appendingPathComponent("Scripts/bench.d/write_docs.py").path
    static let begin = "<!-- bench:results begin: written by Scripts/bench --write-docs -->"
    static let end = "<!-- bench:results end -->"

    /// Runs the writer on a copy of the page with `results` as the run.
    static func write(_ results: String, over page: String) throws -> (status: Int32, page: String, errors: String) {
        let folder = try temporaryFolder("bench-docs")
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = folder.appendingPathComponent("benchmarks.md")
        try page.write(to: copy, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", writer, copy.path]
        let input = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data(results.utf8))
        try input.fileHandleForWriting.close()
        let complaint = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, try String(contentsOf: copy, encoding: .utf8), complaint)
    }

    @Test("docs/benchmarks.md holds a run with its machine, date and command between the writer's markers")
    func benchmarkPageHasARun() throws {
        let page = try Self.read("docs/benchmarks.md")
        let run = try #require(page.components(separatedBy: Self.begin).dropFirst().first?.components(separatedBy: Self.end).first)
        for line in ["- Machine: ", "- Date: ", "- Command: `Scripts/bench", "| figure | value | baseline | ratio | target | verdict |"] {
            #expect(run.contains("\n" + line), "the run has no '\(line)'")
        }
        // Written again from its own run, the page is the same.
        let again = try Self.write(run, over: page)
        #expect(again.status == 0, "\(again.errors)")
        #expect(again.page == page)
    }

    @Test("Scripts/bench --write-docs replaces the run and nothing else, and refuses a run without its date")
    func benchmarkWriter() throws {
        let page = try Self.read("docs/benchmarks.md")
        let run = """
            - Machine: a test machine, 2 cores
            - Date: 2030-01-01 00:00 UTC
            - Command: `Scripts/bench --write-docs`

            | figure | value | baseline | ratio | target | verdict |
            |---|---|---|---|---|---|
            | startup | 1 ms |  |  |  |  |
            """
        let written = try Self.write(run, over: page)
        #expect(written.status == 0, "\(written.errors)")
        let before = page.components(separatedBy: Self.begin)
        let after = written.page.components(separatedBy: Self.begin)
        #expect(after[0] == before[0])
        #expect(after[1] == "\n" + run + "\n" + Self.end + before[1].components(separatedBy: Self.end)[1])

        let undated = try Self.write(run.replacingOccurrences(of: "- Date: 2030-01-01 00:00 UTC\n", with: ""), over: page)
        #expect(undated.status == 1)
        #expect(undated.page == page)
        #expect(undated.errors.contains("'- Date:'"), "\(undated.errors)")
    }
}
