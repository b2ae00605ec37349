@preconcurrency import CEditLine
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MabsHost

/// Line editing, history recall and Tab completion through libedit's
/// readline-compatible API (Swift cannot call libedit's variadic `el_set`
/// and `history`).
///
/// Signals: libedit's own handlers are turned off (`rl_catch_signals = 0`),
/// because with them a Ctrl-C makes `readline()` return NULL exactly as
/// end-of-input does, and libedit re-raises it to the whole process group.
/// Instead libedit reads keys through `rl_getc_function`, which waits with
/// `poll` and sees the SIGINT and SIGWINCH flags (see `Interrupt`):
/// - Ctrl-C: moves to the end of the line (`^E`), writes `^C`, and submits
///   the line (Enter); `readLine` throws the text away and answers
///   `.interrupted`. SIGTERM (or a lost standard output) does the same
///   without the `^C`: nobody pressed it.
/// - resize: `rl_resize_terminal()` then a forced redraw of the line.
/// - Ctrl-Z: the terminal put back as it was before the prompt, then the
///   process stopped; on `fg` (SIGCONT), raw mode again and the prompt and
///   the line redrawn on a line of their own (`TerminalStop`).
///
/// libedit's readline emulation is process-global, so there is at most one
/// live `EditLineReader`; its C callbacks find it through `active`.
public final class EditLineReader: LineReader {
    /// Candidates for the word that ends at `cursor` (a Character offset) in `line`.
    public typealias Completer = (_ line: String, _ cursor: Int) -> [String]

    nonisolated(unsafe) fileprivate static var active: EditLineReader?

    fileprivate let completer: Completer
    /// The terminal libedit draws on: standard output, or standard error or
    /// `/dev/tty` when standard output is redirected.
    fileprivate let outputDescriptor: Int32
    fileprivate var prompt = ""
    fileprivate var interruptState = InterruptState.none
    private var historyCount = 0
    /// The terminal's modes before this prompt (what statements run in,
    /// and what the shell gets back at Ctrl-Z), and libedit's raw mode for
    /// it, taken when libedit first asks for a key.
    private var cookedMode: termios?
    private var rawMode: termios?
    /// The next redraw starts on a fresh line (after Ctrl-Z and `fg`)
    /// rather than going back up over a line the terminal reflowed.
    fileprivate var redrawOnFreshLine = false
    /// What this prompt watches beside the keyboard, and whether it has
    /// something waiting: the next bound command runs it instead of
    /// redrawing.
    private var posted: PostedSlot?
    fileprivate var postedWaiting = false

    /// After Ctrl-C or SIGTERM: the line was moved to its end, and `mark`
    /// (`^C`, or nothing) is to be written before it is submitted.
    fileprivate enum InterruptState: Equatable { case none, movedToEnd(mark: String), submitted }

    /// Sets up libedit for this process. `historyLimit` mirrors `HistoryStore`.
    /// `outputDescriptor` is the terminal to draw the prompt and the line on
    /// (libedit insists that it is a terminal).
    public init(
        programName: String = "mabs",
        historyLimit: Int = HistoryStore.defaultLimit,
        outputDescriptor: Int32 = STDOUT_FILENO,
        completer: @escaping Completer
    ) {
        self.completer = completer
        self.outputDescriptor = outputDescriptor
        Self.active = self
        Interrupt.install()
        TerminalResize.install()
        TerminalStop.install()
        useUTF8Locale()

        // These must be set before rl_initialize(), which reads them.
        rl_readline_name = UnsafePointer(strdup(programName))
        rl_catch_signals = 0
        if outputDescriptor != STDOUT_FILENO, let stream = fdopen(outputDescriptor, "w") {
            rl_outstream = stream
        }
        rl_getc_function = editLineGetc
        rl_attempted_completion_function = editLineComplete
        let breaks = CompletionWord.breakCharacters
        rl_basic_word_break_characters = UnsafePointer(strdup(breaks))
        rl_completer_word_break_characters = strdup(breaks)
        rl_initialize()
        stifle_history(Int32(historyLimit))
        rl_add_defun("mabs-redraw", editLineRedraw, Int32(redrawKey))
    }

    public func readLine(prompt: String) -> LineReadResult {
        readLine(prompt: prompt, posted: nil)
    }

    public func readLine(prompt: String, posted: PostedSlot?) -> LineReadResult {
        Self.active = self
        interruptState = .none
        self.prompt = prompt
        self.posted = posted
        postedWaiting = false
        defer { self.posted = nil }
        _ = Interrupt.consume()  // a Ctrl-C typed before the prompt appeared is not meant for it
        _ = TerminalStop.consumeContinue()  // a stop while a statement ran left the terminal as it was
        cookedMode = Self.terminalMode()
        rawMode = nil
        TerminalStop.catchingStops(true)
        defer { TerminalStop.catchingStops(false) }
        guard let raw = readline(prompt) else {
            return .endOfInput
        }
        let line = String(cString: raw)
        free(raw)
        if interruptState != .none {
            interruptState = .none
            return .interrupted
        }
        return .line(line)
    }

    public func addHistory(_ entry: String) {
        add_history(entry)
    }

    /// libedit reads keys one byte at a time through `rl_getc_function`,
    /// so the rest of a paste is still in the terminal's input queue.
    public func hasPendingInput() -> Bool {
        isReadable(STDIN_FILENO, within: pasteGrace)
    }

    /// The next key for libedit: a Unicode scalar value, or -1 at end of input.
    fileprivate func nextKey() -> Int32 {
        switch interruptState {
        case .movedToEnd(let mark):
            writeAll(outputDescriptor, mark)
            interruptState = .submitted
            return 0x0A
        case .submitted, .none:
            break
        }
        if rawMode == nil { rawMode = Self.terminalMode() }
        while true {
            switch waitForInput(STDIN_FILENO, posted: posted?.descriptor) {
            case .posted:
                // Run as a bound libedit command, which sees the line as
                // typed so far (see `runPosted`).
                postedWaiting = true
                return Int32(redrawKey)
            case .interrupted:
                interruptState = .movedToEnd(mark: Interrupt.isTerminating || Interrupt.outputLost ? "" : "^C")
                return 0x05  // ^E, ed-move-to-end: "^C" then lands after the text
            case .suspended:
                suspend()
                return Int32(redrawKey)
            case .continued:
                // Stopped by something other than Ctrl-Z at this prompt
                // (SIGSTOP): the shell may have set the terminal its way.
                Self.setTerminalMode(rawMode)
                writeAll(outputDescriptor, "\r\n")
                redrawOnFreshLine = true
                return Int32(redrawKey)
            case .resized:
                // Run the redraw as a bound libedit command: libedit refreshes
                // rl_line_buffer and rl_point only before calling one.
                return Int32(redrawKey)
            case .ready:
                return readScalar()
            }
        }
    }

    /// Reads one UTF-8 encoded scalar from standard input. libedit's
    /// readline emulation stores whatever `rl_getc_function` returns as a
    /// `wchar_t` without decoding, so multi-byte characters are decoded here.
    private func readScalar() -> Int32 {
        guard let lead = readByte() else { return -1 }
        let length: Int
        var value: UInt32
        switch lead {
        case 0x00...0x7F: return Int32(lead)
        case 0xC0...0xDF: length = 2; value = UInt32(lead & 0x1F)
        case 0xE0...0xEF: length = 3; value = UInt32(lead & 0x0F)
        case 0xF0...0xF7: length = 4; value = UInt32(lead & 0x07)
        default: return 0xFFFD
        }
        for _ in 1..<length {
            guard let next = readByte() else { return -1 }
            guard next & 0xC0 == 0x80 else { return 0xFFFD }
            value = value << 6 | UInt32(next & 0x3F)
        }
        return Int32(bitPattern: value)
    }

    private func readByte() -> UInt8? {
        var byte: UInt8 = 0
        while true {
            let n = read(STDIN_FILENO, &byte, 1)
            if n == 1 { return byte }
            if n < 0, errno == EINTR || errno == EAGAIN { continue }
            return nil
        }
    }

    /// Ctrl-Z at the prompt: leaves the line as it is, gives the shell the
    /// terminal in the mode it had before the prompt, and stops; once
    /// continued (`fg`), takes raw mode again and has the prompt and the
    /// line redrawn below whatever the shell wrote.
    private func suspend() {
        writeAll(outputDescriptor, "\r\n")
        Self.setTerminalMode(cookedMode)
        TerminalStop.stopProcess()
        _ = TerminalStop.consumeContinue()
        Self.setTerminalMode(rawMode)
        redrawOnFreshLine = true
    }

    private static func terminalMode() -> termios? {
        var mode = termios()
        return tcgetattr(STDIN_FILENO, &mode) == 0 ? mode : nil
    }

    private static func setTerminalMode(_ mode: termios?) {
        guard var mode else { return }
        tcsetattr(STDIN_FILENO, TCSADRAIN, &mode)
    }

    /// Redraws the prompt and the line: on a fresh line after `fg`, else
    /// after a terminal resize. Terminals such as tmux, VTE, iTerm2 and
    /// kitty reflow the screen, so the prompt now starts `rows` rows above
    /// the cursor at the new width: go there, clear to the end of the
    /// screen, and let libedit draw everything afresh.
    fileprivate func redraw() {
        if postedWaiting {
            postedWaiting = false
            return runPosted()
        }
        rl_resize_terminal()
        if redrawOnFreshLine {
            redrawOnFreshLine = false
            rl_forced_update_display()
            return
        }
        writeAll(outputDescriptor, "\r" + clearUp(over: prompt + textBeforeCursor()) + "\u{1B}[J")
        rl_forced_update_display()
    }

    /// Runs the statements posted from elsewhere as if typed: the prompt
    /// and the line typed so far come off the screen, each statement shows
    /// after a prompt of its own and runs in the terminal's mode from
    /// before the prompt (as a typed entry runs), then the prompt and the
    /// line come back as they were, the cursor where it was.
    private func runPosted() {
        guard let posted else { return }
        let shown = posted.run { [self] in
            writeAll(outputDescriptor, "\r" + clearUp(over: prompt + textBeforeCursor()) + "\u{1B}[J")
            Self.setTerminalMode(cookedMode)
        }
        guard shown else { return }
        Self.setTerminalMode(rawMode)
        if Interrupt.endingStatus != nil {
            // SIGTERM (or a lost output) came while it ran: end as at the prompt.
            interruptState = .movedToEnd(mark: "")
            return
        }
        rl_forced_update_display()
    }

    /// The text of the line before the cursor, as libedit has it.
    private func textBeforeCursor() -> String {
        guard let buffer = rl_line_buffer else { return "" }
        let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self), count: strlen(buffer))
        return String(decoding: bytes.prefix(max(0, Int(rl_point))), as: UTF8.self)
    }

    /// The escape that moves the cursor up to the row where `text`, which
    /// ends at the cursor, starts.
    private func clearUp(over text: String) -> String {
        var rows: Int32 = 0
        var columns: Int32 = 0
        rl_get_screen_size(&rows, &columns)
        let up = rowsAbove(text, columns: Int(columns))
        return up > 0 ? "\u{1B}[\(up)A" : ""
    }

    /// The matches array libedit expects from `rl_attempted_completion_function`:
    /// the replacement for the word first, then the candidates, then NULL;
    /// everything malloc'd, because libedit frees it.
    fileprivate func completionMatches(word: String, startScalar: Int, endScalar: Int) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        let (line, cursor) = currentLine(word: word, startScalar: startScalar, endScalar: endScalar)
        let myWord = CompletionWord.word(in: line, cursor: cursor)
        // libedit replaces its own idea of the word (`word`); ours is the same
        // by construction of the break set, except for libedit's quirks around
        // quotes and backslashes, where we keep libedit's extra prefix.
        guard word.hasSuffix(myWord) else { return nil }
        let keep = String(word.dropLast(myWord.count))
        let candidates = completer(line, cursor).map { keep + $0 }
        guard !candidates.isEmpty else { return nil }

        // Candidates match the word ignoring case (a service created as
        // `Contoso` completes from `con`), and libedit inserts whatever
        // replacement it is given, without filtering again.
        var replacement = candidates.count == 1 ? candidates[0] : commonPrefix(candidates)
        if replacement.count < word.count || !replacement.lowercased().hasPrefix(word.lowercased()) { replacement = word }
        rl_completion_append_character = candidates.count == 1 && candidates[0].hasSuffix("/") ? 0 : 32

        let strings = [replacement] + candidates
        let array = malloc((strings.count + 1) * MemoryLayout<UnsafeMutablePointer<CChar>?>.stride)!
            .bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: strings.count + 1)
        for (index, string) in strings.enumerated() {
            array[index] = strdup(string)
        }
        array[strings.count] = nil
        return array
    }

    /// The whole line and the cursor as a Character offset. libedit passes
    /// the word and its scalar offsets; the line comes from `rl_line_buffer`,
    /// checked against the word because libedit refreshes that buffer lazily.
    private func currentLine(word: String, startScalar: Int, endScalar: Int) -> (String, Int) {
        if let buffer = rl_line_buffer {
            let line = String(cString: buffer)
            let scalars = Array(line.unicodeScalars)
            if startScalar >= 0, startScalar <= endScalar, endScalar <= scalars.count,
               String(String.UnicodeScalarView(scalars[startScalar..<endScalar])) == word {
                let prefix = String(String.UnicodeScalarView(scalars[..<endScalar]))
                return (line, prefix.count)
            }
        }
        return (word, word.count)
    }
}

/// A key that never reaches the line editor as input (ISIG turns ^\\ into
/// SIGQUIT), used to run the redraw as a libedit command.
private let redrawKey: UInt8 = 0x1C

/// How many rows above the cursor the first character of `text` sits, when
/// `text` ends at the cursor and the terminal is `columns` wide.
func rowsAbove(_ text: String, columns: Int) -> Int {
    guard columns > 0 else { return 0 }
    let segments = text.split(separator: "\n", omittingEmptySubsequences: false)
    var rows = 0
    for segment in segments.dropLast() {
        rows += max(1, (segment.count + columns - 1) / columns)
    }
    rows += (segments.last?.count ?? 0) / columns
    return rows
}

private func editLineRedraw(_ count: Int32, _ key: Int32) -> Int32 {
    EditLineReader.active?.redraw()
    return 0
}

/// The longest prefix all `strings` share, ignoring case, spelt as in the first.
func commonPrefix(_ strings: [String]) -> String {
    guard var prefix = strings.first.map(Array.init) else { return "" }
    for string in strings.dropFirst() {
        let characters = Array(string)
        var length = 0
        while length < min(prefix.count, characters.count), prefix[length].lowercased() == characters[length].lowercased() {
            length += 1
        }
        prefix.removeLast(prefix.count - length)
    }
    return String(prefix)
}

private func editLineGetc(_ stream: UnsafeMutablePointer<FILE>?) -> Int32 {
    EditLineReader.active?.nextKey() ?? -1
}

private func editLineComplete(_ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
    // Never fall back to libedit's file-name completion.
    rl_attempted_completion_over = 1
    guard let reader = EditLineReader.active, let text else { return nil }
    return reader.completionMatches(word: String(cString: text), startScalar: Int(start), endScalar: Int(end))
}

/// libedit decides at initialisation whether input is UTF-8, from LC_CTYPE.
/// Use the user's locale; if that is not UTF-8 (often plain "C"), use C.UTF-8.
private func useUTF8Locale() {
    setlocale(LC_CTYPE, "")
    if let codeset = nl_langinfo(nl_item(CODESET)), String(cString: codeset) == "UTF-8" { return }
    setlocale(LC_CTYPE, "C.UTF-8")
}
