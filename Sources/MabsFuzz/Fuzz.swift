// The fuzz target: libFuzzer hands each input to `LLVMFuzzerTestOneInput`,
// which runs it as a script through the language's front door (lexer,
// parser, checker, interpreter) and renders every diagnostic. A crash, a
// hang or runaway memory is a bug; an error message is not.
//
// Built by `Scripts/fuzz` with `-sanitize=fuzzer` and `-D FUZZING`, where
// libFuzzer supplies `main`. In the ordinary build (no libFuzzer to link)
// the `main` below stands in: `mabs-fuzz FILE...` runs each file through
// the same harness and prints what the harness discards, so a crash file
// can be replayed without the sanitizer toolchain.
import MabsLanguage
#if !FUZZING
import MabsHost
#endif

/// Drops what a script prints, but renders every diagnostic, since the
/// renderer is under test too. Replaying by hand keeps both.
final class DiscardingOutput: ScriptOutput {
    let keep: Bool
    var text = ""
    /// How much was rendered, so the rendering cannot be optimised away.
    var renderedBytes = 0
    init(keep: Bool) { self.keep = keep }

    func write(_ text: String) {
        if keep { self.text += text }
    }

    func report(_ diagnostic: Diagnostic) {
        let plain = DiagnosticRenderer().render(diagnostic)
        // Colour on, and as a REPL entry (no location line).
        let typed = DiagnosticRenderer(useColor: true, typedInputName: diagnostic.file.name).render(diagnostic)
        renderedBytes &+= plain.utf8.count &+ typed.utf8.count
        if keep { text += plain }
    }
}

/// `load` reads from memory, never the disk: a few fixed files (one that
/// defines a procedure, one that loads itself, one with a syntax error);
/// any other path is missing.
struct FixedLoader: SourceLoader {
    struct Missing: Error, CustomStringConvertible { var description: String }

    static let files: [String: String] = [
        "lib.mabs": "def twice(n) { return $n * 2 }\ncreate lib-svc edition premium units 2\n",
        "loop.mabs": "load \"loop.mabs\"\n",
        "broken.mabs": "start (\n",
    ]

    func load(_ path: String, relativeTo file: SourceFile) throws -> SourceFile {
        guard let text = Self.files[path] else { throw Missing(description: "no such file or directory") }
        return SourceFile(name: path, text: text)
    }
}

/// `save` and `open` keep workspaces in memory, for one input only.
final class MemoryWorkspaces: WorkspaceStore {
    var saved: [String: WorkspaceSnapshot] = [:]

    func save(_ snapshot: WorkspaceSnapshot, to path: String, relativeTo file: SourceFile) throws {
        saved[path] = snapshot
    }

    /// Nothing in memory is a script.
    func checkReplaceable(_ path: String, relativeTo file: SourceFile) throws {}

    func open(_ path: String, relativeTo file: SourceFile) throws -> WorkspaceSnapshot? {
        saved[path]
    }
}

/// Runs `bytes` as a script in a fresh workspace with a small budget, so
/// that every input ends quickly: a runaway loop or recursion is stopped
/// with an error, as in `mabs run`, long before libFuzzer's timeout.
func runHarness(_ bytes: [UInt8], name: String = "fuzz.mabs", keepOutput: Bool = false) -> String {
    var options = Interpreter.Options()
    options.stepLimit = 10_000
    options.callDepthLimit = 32
    options.trace = .all
    options.echoValues = true
    let output = DiscardingOutput(keep: keepOutput)
    let session = Session(options: options, output: output, loader: FixedLoader(), workspaces: MemoryWorkspaces())
    let prepared = session.prepare(SourceFile(name: name, bytes: bytes))
    for diagnostic in prepared.diagnostics { output.report(diagnostic) }
    if !prepared.hasErrors { session.run(prepared) }
    return output.text
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    _ = runHarness(bytes)
    return 0
}

#if !FUZZING
@main
enum Replay {
    static func main() {
        let paths = CommandLine.arguments.dropFirst()
        if paths.isEmpty {
            print("usage: mabs-fuzz FILE...  (runs each file as the fuzz target does; Scripts/fuzz builds the real fuzzer)")
        }
        for path in paths {
            do {
                print(runHarness(try FileReader.read(path), name: path, keepOutput: true), terminator: "")
            } catch {
                print("\(path): \(error)")
            }
        }
    }
}
#endif
