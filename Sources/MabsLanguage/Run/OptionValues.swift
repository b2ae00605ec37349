import Lifecycle

/// Values that a command-line option and a statement both take, read and
/// checked in one place, so each takes the same values and refuses the
/// others with the same words: `--seed N` as `chaos ... seed N`,
/// `--name-hold D` as `hold names for D`.
///
/// An option's text is read as the statement reads its value: as an
/// expression (`-1`, `90s`, `1h30m`), or, when it is none, as text.
public enum OptionValue {
    /// `--seed N`: a whole number from 0 up.
    public static func chaosSeed(_ text: String) -> Result<UInt64, Message.Runtime> {
        read(text, Machine.chaosSeed)
    }

    /// `--name-hold D`: a duration from 0 up.
    public static func nameHold(_ text: String) -> Result<Interval, Message.Runtime> {
        read(text, Machine.nameHold)
    }

    private static func read<T>(_ text: String, _ check: (Value) throws(Message.Runtime) -> T) -> Result<T, Message.Runtime> {
        let file = SourceFile(name: "<command line>", text: text)
        let session = Session(output: Discard())
        let parsed = parse(file, interner: session.interner)
        let value: Value
        if !parsed.hasErrors, parsed.script.statements.count == 1, case .expression(let expression) = parsed.script.statements[0].kind {
            do {
                value = try session.evaluate(expression, in: file)
            } catch let error as RuntimeError {
                return .failure(error.message)
            } catch {
                preconditionFailure("unexpected error \(error)")
            }
        } else {
            value = .string(text)
        }
        do throws(Message.Runtime) {
            return .success(try check(value))
        } catch {
            return .failure(error)
        }
    }

    private final class Discard: ScriptOutput {
        func write(_ text: String) {}
        func report(_ diagnostic: Diagnostic) {}
    }
}

extension Message.Runtime: Error {}
