import Foundation
import MabsLanguage
import Testing

/// A behaviour of mabs, written as a script with what it must print beside
/// it: `NAME.mabs`, and `NAME.stdout`, `NAME.stderr`, `NAME.status` (a
/// missing file means empty output, or status 0).
///
/// A first line `# mabs: ARGUMENTS` says how to run it (default `run`); the
/// script's path (relative to the Golden folder, the working directory)
/// replaces the word `SCRIPT` there, or is appended. A `NAME.stdin` file is fed to standard input.
///
/// To record new expectations after a deliberate change, run
/// `MABS_UPDATE_GOLDEN=1 swift test --filter GoldenScriptTests` and review
/// the diff before committing it.
struct GoldenScript: CustomTestStringConvertible, Sendable {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    /// Paths of the scripts, relative to `folder`.
    static let all: [GoldenScript] = {
        let enumerator = FileManager.default.enumerator(atPath: folder.path)!
        return enumerator.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".mabs") && !$0.contains("/lib/") }
            .sorted()
            .map(GoldenScript.init)
    }()

    let path: String
    var testDescription: String { path }

    func sibling(_ suffix: String) -> URL {
        GoldenScript.folder.appendingPathComponent(String(path.dropLast(".mabs".count)) + suffix)
    }

    var arguments: [String] {
        let text = (try? String(contentsOf: GoldenScript.folder.appendingPathComponent(path), encoding: .utf8)) ?? ""
        let first = text.prefix { $0 != "\n" }
        guard first.hasPrefix("# mabs:") else { return ["run", path] }
        let words = first.dropFirst("# mabs:".count).split(separator: " ").map(String.init)
        return words.contains("SCRIPT") ? words.map { $0 == "SCRIPT" ? path : $0 } : words + [path]
    }
}

@Suite("Golden scripts")
struct GoldenScriptTests {
    @Test("every statement keyword runs in some golden script")
    func everyStatement() throws {
        var unused = Set(Vocabulary.statementKeywords)
        for script in GoldenScript.all {
            let file = SourceFile(name: script.path, bytes: Array(try Data(contentsOf: GoldenScript.folder.appendingPathComponent(script.path))))
            // The statements as parsed: a keyword that is only a name
            // (`stop load`) starts none.
            unused.subtract(parse(file, interner: Interner()).script.statementKeywords(in: file))
        }
        #expect(unused.isEmpty, "no golden script uses \(unused.sorted())")
    }

    @Test("prints what is written beside it", arguments: GoldenScript.all)
    func golden(_ script: GoldenScript) throws {
        let input = (try? String(contentsOf: script.sibling(".stdin"), encoding: .utf8)) ?? ""
        let result = try MabsProcess.run(script.arguments, input: input, in: GoldenScript.folder)
        let expected = MabsProcess.Result(
            stdout: (try? String(contentsOf: script.sibling(".stdout"), encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: script.sibling(".stderr"), encoding: .utf8)) ?? "",
            status: (try? String(contentsOf: script.sibling(".status"), encoding: .utf8))
                .flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 0
        )
        if ProcessInfo.processInfo.environment["MABS_UPDATE_GOLDEN"] == "1" {
            try record(result, for: script)
            return
        }
        #expect(result.stdout == expected.stdout, "stdout of \(script.path)")
        #expect(result.stderr == expected.stderr, "stderr of \(script.path)")
        #expect(result.status == expected.status, "exit status of \(script.path)")
    }

    private func record(_ result: MabsProcess.Result, for script: GoldenScript) throws {
        func write(_ text: String, _ suffix: String) throws {
            let url = script.sibling(suffix)
            if text.isEmpty {
                try? FileManager.default.removeItem(at: url)
            } else {
                try text.write(to: url, atomically: true, encoding: .utf8)
            }
        }
        try write(result.stdout, ".stdout")
        try write(result.stderr, ".stderr")
        try write(result.status == 0 ? "" : "\(result.status)\n", ".status")
    }
}

