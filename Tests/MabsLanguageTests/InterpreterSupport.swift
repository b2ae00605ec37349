// Helpers for running scripts in-process.
import Lifecycle
import Testing
@testable import MabsLanguage

/// Keeps what a script printed and reported.
final class CapturedOutput: ScriptOutput {
    var text = ""
    var diagnostics: [Diagnostic] = []

    func write(_ text: String) { self.text += text }
    func report(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

    /// Every diagnostic, rendered without colour.
    var rendered: String { DiagnosticRenderer().render(diagnostics) }
    var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
}

/// Loads files from a dictionary, for `load` tests.
struct MemoryLoader: SourceLoader {
    var files: [String: String]
    struct Missing: Error, CustomStringConvertible { var description: String }

    func load(_ path: String, relativeTo file: SourceFile) throws -> SourceFile {
        guard let text = files[path] else { throw Missing(description: "no such file or directory") }
        return SourceFile(name: path, text: text)
    }
}

struct ScriptRun {
    var session: Session
    var output: CapturedOutput
    var outcome: RunOutcome?
    var engine: Engine { session.engine }
}

/// Parses, checks and runs `source` in a fresh session; a script with errors
/// runs nothing (outcome nil).
func runScript(
    _ source: String, name: String = "test.mabs", options: Session.Options = .init(),
    files: [String: String] = [:]
) -> ScriptRun {
    let output = CapturedOutput()
    let session = Session(options: options, output: output, loader: MemoryLoader(files: files))
    let file = SourceFile(name: name, text: source)
    let prepared = session.prepare(file)
    for diagnostic in prepared.diagnostics { output.report(diagnostic) }
    guard !prepared.hasErrors else { return ScriptRun(session: session, output: output, outcome: nil) }
    return ScriptRun(session: session, output: output, outcome: session.run(prepared))
}
