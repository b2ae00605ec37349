// TEMPORARY stand-in for the real `mabs` command.
//
// It runs the MabsREPL terminal layer with a toy evaluator so the REPL's
// end-to-end tests (Tests/MabsREPLTests) have something to drive before the
// language exists. Replace this whole file with the real ParsableCommand;
// the e2e tests that depend on the toy behaviour below are marked
// "toy evaluator" and need adapting at the same time.
//
// Toy behaviour:
// - echoes `=> <input>` for every finished statement;
// - a statement is incomplete while `{` outnumber `}`;
// - completes the words in `toyWords`;
// - `spin` loops until Ctrl-C, then prints `interrupted`.
import MabsREPL

#if canImport(Glibc)
import Glibc
#endif

final class ToyEvaluator: REPLEvaluator {
    let toyWords = ["deploy", "delete", "describe", "status", "spin", "samples/"]
    var statements = 0

    func evaluate(_ source: String) -> EvaluationResult {
        let opens = source.filter { $0 == "{" }.count
        let closes = source.filter { $0 == "}" }.count
        if opens > closes { return .incomplete }
        statements += 1
        if source.trimmingCharacters() == "spin" {
            print("spinning (Ctrl-C to stop)")
            fflush(nil)
            while !Interrupt.isRequested {
                usleep(10_000)
            }
            print("interrupted after statement \(statements)")
        } else {
            print("=> \(source)")
        }
        fflush(nil)
        return .done
    }

    func completions(line: String, cursor: Int) -> [String] {
        let word = CompletionWord.word(in: line, cursor: cursor)
        return toyWords.filter { $0.hasPrefix(word) }
    }
}

extension String {
    func trimmingCharacters() -> Substring {
        drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed().reduce(into: "") { $0.append($1) }
    }
}

var environment: [String: String] = [:]
var entry = environ
while let pointer = entry.pointee {
    let pair = String(cString: pointer)
    if let equals = pair.firstIndex(of: "=") {
        environment[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
    }
    entry += 1
}

let status = StandardREPL.run(
    evaluator: ToyEvaluator(),
    banner: "mabs (temporary REPL stand-in) - Ctrl-D to exit",
    environment: environment
)
exit(status)
