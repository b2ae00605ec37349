import Testing
@testable import MabsLanguage

/// A file is read once for a run: what `load` read when the script was
/// checked is what runs (standard input, or a file written meanwhile,
/// would otherwise read differently the second time).
@Suite("Files are read once")
struct LoadOnceTests {
    /// Gives each file a different text every time it is read, and counts
    /// the reads.
    final class ChangingLoader: SourceLoader {
        var reads: [String: Int] = [:]
        var texts: [String: String]

        init(_ texts: [String: String]) {
            self.texts = texts
        }

        func load(_ path: String, relativeTo file: SourceFile) throws -> SourceFile {
            reads[path, default: 0] += 1
            let text = try #require(texts[path]).replacingOccurrences(of: "READ", with: "read \(reads[path]!)")
            return SourceFile(name: path, text: text)
        }
    }

    func run(_ source: String, _ loader: ChangingLoader) -> CapturedOutput {
        let output = CapturedOutput()
        let session = Session(output: output, loader: loader)
        let prepared = session.prepare(SourceFile(name: "test.mabs", text: source))
        #expect(!prepared.hasErrors, "\(prepared.diagnostics)")
        session.run(prepared)
        return output
    }

    @Test("a file loaded by a literal path, and the files it loads, are read at the check and run as read")
    func literalLoads() {
        let loader = ChangingLoader(["a.mabs": "print \"a READ\"\nload \"b.mabs\"\n", "b.mabs": "print \"b READ\"\n"])
        let output = run("load \"a.mabs\"\nload \"a.mabs\"\n", loader)
        #expect(output.text == "a read 1\nb read 1\na read 1\nb read 1\n")
        #expect(loader.reads == ["a.mabs": 1, "b.mabs": 1])
    }

    @Test("a file loaded by a computed path is read when it first runs, then not again in that run")
    func computedLoads() {
        let loader = ChangingLoader(["a.mabs": "print \"a READ\"\n"])
        let output = run("let name = \"a\"\nrepeat 3 { load \"${name}.mabs\" }\n", loader)
        #expect(output.text == "a read 1\na read 1\na read 1\n")
        #expect(loader.reads == ["a.mabs": 1])
    }

    @Test("each run reads afresh: a REPL entry after the file changed sees the change")
    func eachRunReadsAfresh() {
        let loader = ChangingLoader(["a.mabs": "print \"a READ\"\n"])
        let output = CapturedOutput()
        let session = Session(output: output, loader: loader)
        for _ in 1...2 {
            session.run(session.prepare(SourceFile(name: "<stdin>", text: "load \"a.mabs\"")))
        }
        #expect(output.text == "a read 1\na read 2\n")
    }
}
