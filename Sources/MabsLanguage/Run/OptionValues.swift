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
        read(text, Interpreter.chaosSeed)
    }

    /// `--name-hold D`: a duration from 0 up.
    public static func nameHold(_ text: String) -> Result<Interval, Message.Runtime> {
        read(text, Interpreter.nameHold)
    }

    private static func read<T>(_ text: String, _ check: (Value) throws(Message.Runtime) -> T) -> Result<T, Message.Runtime> {
        let file = SourceFile(name: "<command line>", text: text)
        let session = Session(output: Discard())
        let parsed = parse(file, interner: session.interner)
        let value: Value
        if !parsed.hasErrors, parsed.script.statements.count == 1, case .expression(let expression) = parsed.script.statements[0].kind {
            do {
                value = try session.interpreter.evaluate(expression, file)
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

extension Interpreter {
    /// `chaos ... seed N`'s N (and `--seed`): a whole number from 0 up.
    static func chaosSeed(_ value: Value) throws(Message.Runtime) -> UInt64 {
        guard case .int(let n) = value else { throw .expectedValue(.number, for: "seed", found: value.literal) }
        guard n >= 0 else { throw .negativeSeed(n) }
        return UInt64(n)
    }

    /// `hold names for D`'s D (and `--name-hold`): a duration from 0 up.
    static func nameHold(_ value: Value) throws(Message.Runtime) -> Interval {
        guard case .duration(let hold) = value else { throw .expectedValue(.duration, for: "hold names for", found: value.literal) }
        guard hold.seconds >= 0 else { throw .lifecycle(.negativeNameHold(hold)) }
        return hold
    }

    /// `check`'s reading of `expression`'s value; its refusal is an error
    /// at the expression.
    func value<T>(_ expression: Expr, _ file: SourceFile, _ check: (Value) throws(Message.Runtime) -> T) throws -> T {
        let value = try evaluate(expression, file)
        do throws(Message.Runtime) {
            return try check(value)
        } catch {
            throw RuntimeError(error, Site(file: file, range: expression.range))
        }
    }
}
extension Message.Runtime: Error {}
