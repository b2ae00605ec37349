#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What one attempt to read a line produced.
public enum LineReadResult: Sendable, Equatable {
    /// A line, without its line terminator. May contain newlines when a
    /// multi-line history entry was recalled and submitted.
    case line(String)
    /// Ctrl-C at the prompt: the partial line is gone, show a fresh prompt.
    case interrupted
    /// Ctrl-D on an empty line, or the end of piped input.
    case endOfInput
}

/// Line editing behind one small seam: libedit on a terminal
/// (`EditLineReader`), plain reading otherwise (`PlainLineReader`), and
/// scripted fakes in tests.
public protocol LineReader: AnyObject {
    /// Shows `prompt` (if this reader shows prompts) and reads one line.
    func readLine(prompt: String) -> LineReadResult
    /// Makes `entry` available to history recall (Up/Down). The caller has
    /// already dropped blanks and consecutive duplicates.
    func addHistory(_ entry: String)
    /// Whether more input has already arrived, unread: pasted text comes in
    /// one burst, so after a pasted line the next one is waiting, while a
    /// person typing has sent nothing yet. May wait up to `pasteGrace` for
    /// a paste that arrives in pieces.
    func hasPendingInput() -> Bool
    /// As `readLine(prompt:)`, and while waiting, runs what `posted`
    /// says is waiting (statements from the live view), then shows the
    /// prompt and the line typed so far again.
    func readLine(prompt: String, posted: PostedSlot?) -> LineReadResult
}

extension LineReader {
    /// A reader that watches nothing but its input.
    public func readLine(prompt: String, posted: PostedSlot?) -> LineReadResult {
        readLine(prompt: prompt)
    }
}

/// Statements from elsewhere that a reader runs while it waits for a line.
public struct PostedSlot {
    /// Readable while something waits.
    public let descriptor: Int32
    /// Runs what waits. It calls `clear` before it shows anything, to take
    /// the prompt and the line being typed off the screen; it answers
    /// whether it showed anything (then the reader draws both again).
    public let run: (_ clear: () -> Void) -> Bool

    public init(descriptor: Int32, run: @escaping (_ clear: () -> Void) -> Bool) {
        self.descriptor = descriptor
        self.run = run
    }
}

/// How long `hasPendingInput` waits for the rest of a paste, in
/// milliseconds: far shorter than anyone takes to type the next key.
let pasteGrace: Int32 = 50

/// Whether `fd` has input to read within `milliseconds`. On a terminal in
/// canonical mode (the REPL's mode between reads), text that arrived while
/// the line editor had it in raw mode counts as readable.
func isReadable(_ fd: Int32, within milliseconds: Int32) -> Bool {
    var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
    while true {
        let n = poll(&descriptor, 1, milliseconds)
        if n < 0, errno == EINTR { continue }
        return n > 0 && descriptor.revents & Int16(POLLIN) != 0
    }
}

/// Where a completion word starts: the REPL's definition of a "word" for
/// Tab completion. A word is a run of name characters: letters, digits and
/// `-`, `_`, `$`, `.`, `/` (so file names complete as one word).
public enum CompletionWord {
    public static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || "-_$./".contains(character)
    }

    /// The start (a Character offset into `line`) of the word that ends at
    /// `cursor` (also a Character offset). Equals `cursor` when the cursor
    /// does not follow a word character.
    public static func start(in line: String, cursor: Int) -> Int {
        let characters = Array(line)
        var start = min(max(cursor, 0), characters.count)
        while start > 0, isWordCharacter(characters[start - 1]) {
            start -= 1
        }
        return start
    }

    /// The word that ends at `cursor`.
    public static func word(in line: String, cursor: Int) -> String {
        let characters = Array(line)
        let end = min(max(cursor, 0), characters.count)
        return String(characters[start(in: line, cursor: end)..<end])
    }

    /// Every printable ASCII character that is not a word character, plus
    /// whitespace: given to libedit as its word-break set, so libedit
    /// replaces exactly the word this type describes.
    static let breakCharacters: String = {
        var result = " \t\n"
        for code in UInt8(0x21)...UInt8(0x7E) {
            let character = Character(UnicodeScalar(code))
            if !isWordCharacter(character) { result.append(character) }
        }
        return result
    }()
}
