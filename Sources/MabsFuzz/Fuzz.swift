// The fuzz target: libFuzzer hands each input to `LLVMFuzzerTestOneInput`,
// which runs it as a script through the language's front door (lexer,
// parser, checker, interpreter) and renders every diagnostic. An input
// that starts with `{` is a workspace file instead: read as `open` reads
// one from disk, opened (and so checked), then every service, backup and
// variable in it put through what scripts do with them; one that starts
// with 0xFF is a list of edits to a saved workspace (WorkspaceEdits.swift).
// A crash, a hang or runaway memory is a bug; an error message is not.
//
// Built by `Scripts/fuzz` with `-sanitize=fuzzer` and `-D FUZZING`, where
// libFuzzer supplies `main`. In the ordinary build (no libFuzzer to link)
// the `main` below stands in: `mabs-fuzz FILE...` runs each file through
// the same harness and prints what the harness discards, so a crash file
// can be replayed without the sanitizer toolchain.
//
// Each input runs after a prelude that sets a secret (`SecretWatch`): a
// channel that shows it (what the script prints, a rendered diagnostic, a
// check as reports name it, the entry a REPL's history keeps) is a crash
// too.
import Lifecycle
import MabsHost
import MabsLanguage

/// The secret every input runs after: set in secret settings, copied into
/// another and into a variable. Nothing the input makes mabs show may hold
/// it, unless the input spells (part of) it out itself.
struct SecretWatch {
    static let secret = "Fz9-s3cr3t-Qw7x"
    static let prelude = """
        create fuzz-secret
        update fuzz-secret set acs-key = "\(secret)", ssl-password = \(secret)
        update fuzz-secret set tracking-database = setting(fuzz-secret, acs-key)
        let fuzz-key = setting(fuzz-secret, ssl-password)
        """

    /// Off when the input holds six bytes in a row of the secret: it may
    /// then print its own text.
    let watching: Bool

    init(input: [UInt8]) {
        let secret = Array(Self.secret.utf8)
        let pieces = (0...(secret.count - 6)).map { secret[$0..<($0 + 6)] }
        watching = !pieces.contains { piece in
            input.count >= 6 && (0...(input.count - 6)).contains { input[$0..<($0 + 6)].elementsEqual(piece) }
        }
    }

    func check(_ text: String, _ channel: String) {
        if watching && text.contains(Self.secret) {
            fatalError("the secret shows on \(channel):\n\(text)")
        }
    }
}

/// Drops what a script prints, but renders every diagnostic, since the
/// renderer is under test too. Replaying by hand keeps both. Everything is
/// checked for the secret first.
final class DiscardingOutput: ScriptOutput {
    var keep: Bool
    let watch: SecretWatch
    var text = ""
    /// How much was rendered, so the rendering cannot be optimised away.
    var renderedBytes = 0
    init(keep: Bool, watch: SecretWatch) {
        self.keep = keep
        self.watch = watch
    }

    func write(_ text: String) {
        watch.check(text, "standard output")
        if keep { self.text += text }
    }

    func report(_ diagnostic: Diagnostic) {
        let plain = DiagnosticRenderer().render(diagnostic)
        // Colour on, and as a REPL entry (no location line).
        let typed = DiagnosticRenderer(useColor: true, typedInputName: diagnostic.file.name).render(diagnostic)
        watch.check(plain, "a diagnostic")
        watch.check(typed, "a diagnostic at the prompt")
        renderedBytes &+= plain.utf8.count &+ typed.utf8.count
        if keep { text += plain }
    }

    /// A check as TAP and JUnit show it.
    func record(_ event: CheckEvent) {
        for part in [event.source, event.message, event.expected, event.found].compactMap({ $0 }) {
            watch.check(part, "a check's report")
        }
        if let diagnostic = event.diagnostic { watch.check(DiagnosticRenderer().render(diagnostic), "a check's report") }
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
    var options = Session.Options()
    options.stepLimit = 10_000
    options.callDepthLimit = 32
    options.trace = .all
    options.echoValues = true
    let watch = SecretWatch(input: bytes)
    let output = DiscardingOutput(keep: false, watch: watch)
    let session = Session(options: options, output: output, loader: FixedLoader(), workspaces: MemoryWorkspaces())
    session.run(session.prepare(SourceFile(name: "prelude.mabs", text: SecretWatch.prelude)))
    output.keep = keepOutput
    let prepared = session.prepare(SourceFile(name: name, bytes: bytes))
    for diagnostic in prepared.diagnostics { output.report(diagnostic) }
    if !prepared.hasErrors { session.run(prepared) }
    // What a REPL's history would keep of it.
    watch.check(session.shownText(of: prepared), "the history")
    return output.text
}

/// Reads `bytes` as a workspace file, as `open` does from disk, and opens
/// it in a fresh workspace. One that opens is then put through what a
/// script can do to what it holds: each statement below runs on its own
/// (an error in one stops only that one), for the first few services,
/// backups and variables, by their names as the opened engine has them.
/// The edits' starting point holds `SecretWatch.secret` in secret
/// settings and a variable: no channel may show it either, unless `input`
/// (the bytes the fuzzer gave) spells it out.
func runWorkspaceHarness(_ bytes: [UInt8], input: [UInt8], keepOutput: Bool = false) -> String {
    let output = DiscardingOutput(keep: keepOutput, watch: SecretWatch(input: input))
    let workspaces = MemoryWorkspaces()
    let snapshot: WorkspaceSnapshot
    do {
        snapshot = try WorkspaceFile.snapshot(from: bytes)
        workspaces.saved["fuzz.mabsw"] = snapshot
    } catch {
        if keepOutput { output.text += "\(error)\n" }
        return output.text
    }
    var options = Session.Options()
    options.stepLimit = 10_000
    options.callDepthLimit = 32
    options.trace = .all
    let session = Session(options: options, output: output, loader: FixedLoader(), workspaces: workspaces)
    func run(_ source: String) -> Bool {
        let prepared = session.prepare(SourceFile(name: "exercise.mabs", text: source))
        for diagnostic in prepared.diagnostics { output.report(diagnostic) }
        return !prepared.hasErrors && session.run(prepared) == .finished
    }
    guard run("open \"fuzz.mabsw\"") else { return output.text }
    let engine = session.engine
    var statements = ["list", "list backups", "list failures", "log", "print now()"]
    for service in engine.allServices.prefix(4).map(\.name) {
        statements += [
            "show \(service)", "print [state(\(service)), units(\(service)), schedule(\(service)), tracking_records(\(service))]",
            "print next_backup(\(service))", "explain start on \(service)", "graph \(service)",
            "add bridge fuzz-bridge to \(service)", "add agreement fuzz-agreement to \(service) source \"ftp://fuzz\"",
            "receive 2 messages on \(service)", "process batch on \(service)", "process 3 messages on \(service)",
            "create tracking database of \(service)", "backup tracking database of \(service) as fuzz-tdb",
            "update \(service) set acs-key = \"k\", tracking-database = \"fuzz-db\"",
            "fail next start on \(service)", "backup \(service)", "backup \(service) as fuzz-backup",
            "schedule backups of \(service) every 1h retain 3h keep one",
        ] + Lifecycle.Operation.allCases.map { "\($0.keyword) \(service)" } + ["scale \(service) to 2", "service-update \(service)"]
    }
    for backup in engine.allBackups.prefix(4).map(\.name) {
        statements += ["show backup \(backup)", "restore \(backup) to fuzz-restored", "restore \(backup)", "restore tracking database \(backup)"]
    }
    for failure in engine.allArmedFailures.prefix(4) {
        statements += ["fail next \(failure.operation.keyword) on \(failure.service) times 2", "fail clear \(failure.operation.keyword) on \(failure.service)"]
    }
    statements += snapshot.variables.keys.sorted().prefix(4).map { "print $\($0); print len($\($0))" }
    statements += ["wait 2h", "wait 30d", "create fuzz-created", "chaos 50 seed 3", "create fuzz-chaos", "fail clear",
                   "hold names for 1s", "save \"again.mabsw\"", "open \"again.mabsw\"", "list", "log"]
    for statement in statements { _ = run(statement) }
    return output.text
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    _ = runInput(bytes)
    return 0
}

/// One input, by its first byte: a workspace file (`{`), edits to a
/// workspace (0xFF, see WorkspaceEdits.swift), or a script.
func runInput(_ bytes: [UInt8], name: String = "fuzz.mabs", keepOutput: Bool = false) -> String {
    switch bytes.first {
    case UInt8(ascii: "{"): runWorkspaceHarness(bytes, input: bytes, keepOutput: keepOutput)
    case workspaceEditsMarker: runWorkspaceHarness(editedWorkspace(bytes.dropFirst()), input: bytes, keepOutput: keepOutput)
    default: runHarness(bytes, name: name, keepOutput: keepOutput)
    }
}

#if !FUZZING
@main
enum Replay {
    static func main() {
        let paths = CommandLine.arguments.dropFirst()
        if paths.isEmpty {
            print("usage: mabs-fuzz FILE...  (runs each file as the fuzz target does: a script, or a workspace from '{', or workspace edits from 0xFF; Scripts/fuzz builds the real fuzzer)")
        }
        for path in paths {
            do {
                print(runInput(try FileReader.read(path), name: path, keepOutput: true), terminator: "")
            } catch {
                print("\(path): \(error)")
            }
        }
    }
}
#endif
