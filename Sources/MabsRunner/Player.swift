#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import MabsHost
import MabsLanguage
import MabsPresentation

/// Plays a script for an audience (`mabs play`): the whole script is read
/// and checked first (an error anywhere plays nothing, as with `mabs
/// run`), then each top-level statement is typed at the REPL's prompt,
/// run in one workspace as the REPL runs an entry, and followed by a pause
/// (or, stepping, a wait for Enter). Comment lines between statements are
/// typed at the prompt too, as the presenter's narration.
///
/// Everything shown goes to standard output, in order (diagnostics
/// included), and, with a recording, to an asciicast v2 file.
public final class Player {
    public struct Settings: Sendable {
        /// The pause before each entry, in milliseconds; typing takes
        /// `typingDelay` per character. 0 plays at full speed.
        public var delay = Player.defaultDelay
        /// Wait for Enter instead of pausing.
        public var step = false
        /// Where to write an asciicast v2 recording of the show.
        public var recordPath: String?
        public var prompt = "mabs> "
        public var continuationPrompt = "...> "
        /// Colour diagnostics (standard output is a terminal that wants it).
        public var useColor = false
        /// For the recording's header: `TERM`, `SHELL`, and the size when
        /// standard output is no terminal (`COLUMNS`, `LINES`).
        public var environment: [String: String] = [:]

        public init() {}

        /// A twentieth of the pause per character, at most 50 ms.
        public var typingDelay: Int { min(delay / 20, 50) }
    }

    public static let defaultDelay = 800
    /// An hour: longer is surely a mistake.
    public static let maximumDelay = 3_600_000

    public let options: Session.Options
    public let settings: Settings
    /// Where errors found before anything plays go (standard error).
    public let errors: StandardStreams

    /// Who follows the play beside the terminal (the live view): what each
    /// entry shows, and each entry's end.
    public var watcher: SessionWatcher?

    public init(options: Session.Options, settings: Settings, errors: StandardStreams) {
        self.options = options
        self.settings = settings
        self.errors = errors
    }

    /// Plays the script and returns the exit status, as `mabs run` would.
    public func play(_ input: BatchRunner.Input) -> BatchRunner.ExitStatus {
        // The files the options write are reserved before the script is
        // read, so none of them is the script, nor another's (`FilesInUse`).
        let files = FilesInUse()
        if let message = files.reserve(["--record": settings.recordPath, "--workspace": options.workspaceFile]) {
            errors.reportText(message.text)
            return .usage
        }
        let file: SourceFile
        do {
            switch input {
            case .file(let path): file = SourceFile(name: path, bytes: try files.readScript(path))
            case .standardInput: file = SourceFile(name: "<stdin>", bytes: try files.readStandardInputScript())
            case .commandLine(let code): file = SourceFile(name: "<command line>", bytes: SystemText.bytes(code))
            }
        } catch {
            errors.reportText(HostMessage.cannotRead(input.displayName, reason: "\(error)").text)
            return .usage
        }

        // As the REPL runs an entry: values echoed, what a top-level
        // statement does announced.
        var options = options
        options.echoValues = true
        if options.trace == .off { options.trace = .topLevel }
        options.graphFormat = .text
        options.colorTransitions = settings.useColor
        options.groupWarnings = true
        // `help` and `table` fit the terminal, as wide as the recording.
        options.textWidth = TerminalSize.current(environment: settings.environment).width
        let stage = Stage()
        // The statement is right above its diagnostics: no file:line:column.
        let output = PlayOutput(stage: stage, renderer: DiagnosticRenderer(useColor: settings.useColor, typedInputName: file.name))
        let session = Session(
            options: options, output: watcher.map { WatchedOutput(output, watcher: $0) } ?? output,
            loader: FileLoader(files: files), workspaces: WorkspaceFile(files: files), outputFiles: OutputFile(files: files))
        if let message = session.openWorkspace() {
            errors.reportText(message.text)
            return .usage
        }
        watcher?.entryFinished(session, shown: nil)

        let whole = session.prepare(file, warnUnusedValues: false)
        if whole.hasErrors {
            for diagnostic in whole.diagnostics { errors.report(diagnostic) }
            errors.flush()
            return .usage
        }
        if let path = settings.recordPath {
            do {
                stage.recorder = try AsciicastRecorder(path: path, header: header(for: file))
            } catch {
                errors.reportText(HostMessage.cannotWrite(path, reason: "\(error)").text)
                return .usage
            }
        }
        // From here on Ctrl-C ends the play cleanly (the terminal given
        // back, the summary shown), as it ends `mabs run`.
        Interrupt.install()
        session.shouldStop = { Interrupt.isRequested }
        session.stopReport = { Interrupt.stopReport }
        var keys = settings.step ? EnterKey(scriptReadsStandardInput: input == .standardInput) : nil
        let plan = PlayScript(whole, original: file)
        // A runtime error is shown under its entry and the play goes on,
        // as at the prompt (`--bail` stops at the first failure).
        var failedEntries = 0, bailed = false, interrupted = false

        /// Shows the prompt, pauses, and types `lines` (the first at the
        /// prompt, the rest at the continuation prompt). False when Ctrl-C
        /// cut it short.
        func present(_ lines: [String]) -> Bool {
            keys?.discardTypeAhead()
            stage.show(settings.prompt)
            if let waiting = keys {
                switch waiting.wait() {
                case .pressed: stage.advance(milliseconds: settings.delay)
                case .interrupted: return false
                case .exhausted:
                    keys = nil
                    guard stage.wait(milliseconds: settings.delay) else { return false }
                }
            } else {
                guard stage.wait(milliseconds: settings.delay) else { return false }
            }
            for (index, line) in lines.enumerated() {
                if index > 0 { stage.show(settings.continuationPrompt) }
                guard type(line + "\n", stage: stage) else { return false }
            }
            return true
        }

        entries: for entry in plan.entries {
            for line in entry.narration {
                guard present([line]) else {
                    interrupted = true
                    break entries
                }
            }
            guard present(entry.typed) else {
                interrupted = true
                break
            }
            let prepared = session.prepare(SourceFile(name: file.name, text: entry.source), warnUnusedValues: false, after: whole)
            for diagnostic in prepared.diagnostics { output.report(diagnostic) }
            let outcome = prepared.hasErrors ? .stopped : session.run(prepared)
            output.flush()
            watcher?.entryFinished(session, shown: entry.typed.joined(separator: "\n"))
            switch outcome {
            case .finished: continue
            case .interrupted: interrupted = true
            case .bailed: bailed = true
            case .stopped:
                failedEntries += 1
                bailed = options.bail
            }
            if bailed || interrupted { break }
        }
        if !bailed && !interrupted {
            for line in plan.closing {
                guard present([line]) else {
                    interrupted = true
                    break
                }
            }
        }
        session.closeWorkspace()
        keys?.restore()
        keys = nil

        let counts = RunCounts(passed: session.passed, failed: session.failed, errors: failedEntries)
        let failed = counts.failed + counts.errors
        if !stage.atLineStart { stage.show("\n") }
        if counts.total > 0 || interrupted { stage.show(counts.summary + "\n") }
        if let recorder = stage.recorder {
            do {
                // A load refused because its file is the recording's.
                if let refusal = files.refusal(writing: "--record") { throw refusal }
                try recorder.finish()
            } catch {
                errors.reportText(HostMessage.cannotWrite(recorder.path, reason: "\(error)").text)
                return .usage
            }
        }
        if interrupted && Interrupt.isTerminating { return .terminated }
        if Interrupt.outputReaderGone { return failed > 0 ? .failure : .outputClosed }
        if let reason = Interrupt.outputFailure {
            errors.reportText(HostMessage.cannotWriteOutput(reason: reason).text)
            return .failure
        }
        return failed > 0 || interrupted ? .failure : .success
    }

    /// Types `text` a character at a time, `typingDelay` apart (all at once
    /// at full speed). False when Ctrl-C cut it short.
    private func type(_ text: String, stage: Stage) -> Bool {
        let delay = settings.typingDelay
        guard delay > 0 else {
            stage.show(text)
            return !Interrupt.isRequested
        }
        for character in text {
            guard stage.wait(milliseconds: delay) else { return false }
            stage.show(String(character))
        }
        return true
    }

    private func header(for file: SourceFile) -> AsciicastRecorder.Header {
        let size = TerminalSize.current(environment: settings.environment)
        let title = file.name.split(separator: "/").last.map(String.init) ?? file.name
        let environment = ["SHELL", "TERM"].compactMap { name in settings.environment[name].map { (name: name, value: $0) } }
        return AsciicastRecorder.Header(width: size.width, height: size.height, title: SystemText.shown(title), environment: environment)
    }
}

/// What the audience sees: standard output, and the recording, on a
/// simulated clock that moves only by the pauses and typing delays.
final class Stage {
    var recorder: AsciicastRecorder?
    /// Microseconds since the play began, as the recording tells them.
    private(set) var clock: UInt64 = 0
    /// The last thing shown ended a line (or nothing was shown).
    private(set) var atLineStart = true

    func show(_ text: String) {
        guard let last = text.utf8.last else { return }
        writeAll(STDOUT_FILENO, text)
        recorder?.output(text, at: clock)
        atLineStart = last == UInt8(ascii: "\n")
    }

    /// Waits for real and on the clock; false when Ctrl-C cut it short.
    func wait(milliseconds: Int) -> Bool {
        advance(milliseconds: milliseconds)
        return Pause.sleep(milliseconds: milliseconds)
    }

    /// Moves the clock only (the time a presenter took to press Enter
    /// counts as one pause).
    func advance(milliseconds: Int) {
        clock += UInt64(max(0, milliseconds)) * 1000
    }
}

/// The interpreter's output during a play: on the stage, diagnostics in
/// line with the rest.
final class PlayOutput: ScriptOutput {
    let stage: Stage
    let renderer: DiagnosticRenderer
    private var buffer = ""

    init(stage: Stage, renderer: DiagnosticRenderer) {
        self.stage = stage
        self.renderer = renderer
    }

    func write(_ text: String) {
        buffer += text
    }

    func report(_ diagnostic: Diagnostic) {
        flush()
        stage.show(renderer.render(diagnostic))
    }

    func flush() {
        guard !buffer.isEmpty else { return }
        stage.show(buffer)
        buffer = ""
    }
}

/// A checked script cut into what a play types: each top-level statement
/// with its exact source text, and the comment lines before it.
struct PlayScript {
    struct Entry {
        /// Comment lines before the statement, each typed at the prompt.
        var narration: [String]
        /// The statement as shown: its source lines (secret setting values
        /// masked), with a comment that ends its last line.
        var typed: [String]
        /// The statement as it runs.
        var source: String
    }

    var entries: [Entry] = []
    /// Comment lines after the last statement.
    var closing: [String] = []

    /// - Parameters:
    ///   - prepared: the checked script (its file has secrets masked).
    ///   - original: the file as read, which runs.
    init(_ prepared: PreparedScript, original: SourceFile) {
        let shown = prepared.file.bytes
        var cursor = 0
        for statement in prepared.script.statements {
            let (start, end) = (Int(statement.range.start), Int(statement.range.end))
            let narration = Self.comments(shown, cursor..<max(cursor, start))
            // A comment after the statement, on its line, is typed with it.
            var shownEnd = end
            var next = Self.skipBlanks(shown, from: end)
            if next < shown.count, shown[next] == UInt8(ascii: ";") { next = Self.skipBlanks(shown, from: next + 1) }
            if next < shown.count, shown[next] == UInt8(ascii: "#") {
                shownEnd = shown[next...].firstIndex(of: UInt8(ascii: "\n")) ?? shown.count
            }
            let typed = Self.lines(shown[start..<shownEnd])
            entries.append(Entry(
                narration: narration, typed: typed,
                source: original.text(of: SourceRange(start: UInt32(start), end: UInt32(end)))
            ))
            cursor = shownEnd
        }
        closing = Self.comments(shown, cursor..<shown.count)
    }

    private static func skipBlanks(_ bytes: [UInt8], from index: Int) -> Int {
        var index = index
        while index < bytes.count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") { index += 1 }
        return index
    }

    /// The comment lines in `range` (which holds only blanks, `;` and
    /// comments), without the `#!` line that may start a file.
    private static func comments(_ bytes: [UInt8], _ range: Range<Int>) -> [String] {
        var found: [String] = []
        for (index, line) in lines(bytes[range]).enumerated() {
            if range.lowerBound == 0, index == 0, line.hasPrefix("#!") { continue }
            let text = line.drop { $0 == " " || $0 == "\t" || $0 == ";" }
            if text.hasPrefix("#") { found.append(String(text)) }
        }
        return found
    }

    /// The lines of `bytes`, without `\r\n` or `\n`, trailing blanks
    /// dropped, control characters escaped (`TerminalText`), as a
    /// diagnostic shows a source line.
    private static func lines(_ bytes: ArraySlice<UInt8>) -> [String] {
        bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { line in
            var text = String(decoding: line.last == UInt8(ascii: "\r") ? line.dropLast() : line, as: UTF8.self)
            while text.last == " " || text.last == "\t" { text.removeLast() }
            return TerminalText.escaped(text, as: .line)
        }
    }
}
