import ArgumentParser
import Lifecycle
import MabsLanguage
import MabsREPL
import MabsHost
import MabsPresentation
import MabsRunner
import MabsLive

#if canImport(Glibc)
import Glibc
#endif

/// The `mabs` command: a thin shell over the runner, the REPL and the
/// engine's table. Usage errors exit with status 2, like syntax errors.
@main
struct Mabs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mabs",
        abstract: "Simulate the lifecycle of an Azure BizTalk Service.",
        discussion: """
            With no arguments on a terminal, mabs opens the REPL. Otherwise it runs scripts: \
            `mabs FILE...`, `mabs -` for standard input, `mabs -e 'STATEMENTS'`.

            Exit status: \(BatchRunner.ExitStatus.allCases.map { "\($0.rawValue), \($0.meaning)" }.joined(separator: "; ")).
            """,
        version: Mabs.version,
        subcommands: [Run.self, Check.self, Play.self, Table.self, Graph.self, LanguageHelp.self],
        defaultSubcommand: Run.self
    )

    static let version = "0.1.0"

    static func main() {
        // Deep scripts need more stack than the main thread has.
        LargeStack.run(mainOnLargeStack)
    }

    private static func mainOnLargeStack() {
        // Before any file is opened: a closed standard descriptor keeps its
        // number, and a reader that goes away is an error (EPIPE), not a
        // death in mid-write.
        keepStandardDescriptors()
        Interrupt.ignoreBrokenPipe()
        do {
            // The arguments' own bytes: a file named with bytes that are
            // not UTF-8 is still that file (see `SystemText`).
            var command = try parseAsRoot(LiveArguments.normalized(ProcessArguments.arguments))
            try command.run()
        } catch {
            // ArgumentParser's usage errors exit 64; ours exit 2.
            if exitCode(for: error) == .validationFailure {
                // It may quote what was typed: escaped, as all output is.
                let message = TerminalText.escaped(fullMessage(for: error), as: .lines)
                StandardStreams(useColor: false).reportText(message.hasSuffix("\n") ? message : message + "\n")
                Glibc.exit(BatchRunner.ExitStatus.usage.rawValue)
            }
            exit(withError: error)
        }
    }
}

/// Options every command that runs scripts shares.
struct RunOptions: ParsableArguments {
    @Flag(help: "Stop at the first failed check.")
    var bail = false

    @Flag(help: "Print each operation as it runs, with its transition.")
    var trace = false

    // Options whose values may start with '-' take them as values, so
    // `--seed -1` is refused for what it is, not as a missing value.
    @Option(parsing: .unconditional, help: "The seed for 'chaos' when a script gives none: a whole number from 0 up, as in 'chaos ... seed N'.")
    var seed: String?

    @Option(parsing: .unconditional, help: "Stop a script after this many statements, at least 1 (a guard against endless loops).")
    var maxSteps: Int = Session.Options().stepLimit

    @Option(help: ArgumentHelp("A saved workspace: opened first if it exists, saved after every statement.", valueName: "file"))
    var workspace: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("How long a deleted service's name stays unavailable, as in 'hold names for' (default 1h).", valueName: "duration"))
    var nameHold: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("How many entries the operation log keeps, at least 1; older ones are dropped and counted (default 100000).", valueName: "count"))
    var logLimit: Int?

    func validate() throws {
        if let logLimit, logLimit < 1 { throw ValidationError("--log-limit takes a number of entries from 1 up, not \(logLimit)") }
        // Read and checked as the statements that take them do.
        if let nameHold, case .failure(let message) = OptionValue.nameHold(nameHold) {
            throw ValidationError(HostMessage.optionValue(option: "--name-hold", message).sentence)
        }
        if let seed, case .failure(let message) = OptionValue.chaosSeed(seed) {
            throw ValidationError(HostMessage.optionValue(option: "--seed", message).sentence)
        }
        if maxSteps < 1 { throw ValidationError("--max-steps takes a number of statements from 1 up, not \(maxSteps)") }
    }

    var interpreterOptions: Session.Options {
        var options = Session.Options()
        options.bail = bail
        options.trace = trace ? .all : .off
        if let seed, case .success(let value) = OptionValue.chaosSeed(seed) { options.chaosSeed = value }
        options.stepLimit = maxSteps
        if let nameHold, case .success(let value) = OptionValue.nameHold(nameHold) { options.nameHold = value }
        options.logLimit = logLimit
        options.workspaceFile = workspace
        return options
    }
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run scripts (the default): files, '-' for standard input, or -e STATEMENTS."
    )

    @OptionGroup var options: RunOptions

    @Option(name: .customShort("e"), help: ArgumentHelp("Run STATEMENTS given on the command line.", valueName: "statements"))
    var statements: [String] = []

    @Argument(help: ArgumentHelp("Script files to run; '-' reads standard input.", valueName: "file"))
    var files: [String] = []

    @Option(help: "How checks show on standard output: text, tap (TAP version 13, which every harness reads), or tap14 (TAP version 14, a subtest per script).")
    var format: ReportFormat = .text

    @Option(help: ArgumentHelp("Also write a JUnit XML report of the checks to this file (replaced whole).", valueName: "file"))
    var junit: String?

    @Flag(help: "Standard output holds only what scripts write (print, show, graph, ...): what ran, and the summary line, go to standard error. For piping: mabs -e '...; graph x as dot' --quiet | dot -Tpng.")
    var quiet = false

    @Flag(help: "After a runtime error, go on with the next statement (as mabs play and the prompt do); the error counts, and the exit status is 1.")
    var keepGoing = false

    @Flag(name: .customShort("i"), help: "Run the scripts (files and -e), then open the prompt in their workspace, as python -i does.")
    var interactive = false

    @Option(help: ArgumentHelp("The REPL's prompt (also $MABS_PROMPT).", valueName: "text"))
    var prompt: String?

    @Option(help: ArgumentHelp("The REPL's prompt while a block or string is open (also $MABS_PROMPT2).", valueName: "text"))
    var continuationPrompt: String?

    func validate() throws {
        guard interactive else { return }
        if files.contains("-") { throw ValidationError("-i reads the prompt's statements from standard input; it cannot read a script there too") }
        if format != .text || junit != nil { throw ValidationError("-i opens the prompt, which makes no report: leave out --format and --junit") }
    }

    @OptionGroup var live: LiveOption

    func run() throws {
        var inputs: [BatchRunner.Input] = statements.map { .commandLine($0) }
        inputs += files.map { $0 == "-" ? .standardInput : .file($0) }
        let environment = Terminal.environment
        let capabilities = TerminalCapabilities.current(environment: environment)
        // A report is of a batch run: with one, standard input is read
        // even on a terminal.
        if interactive || (inputs.isEmpty && capabilities.isInteractive && format == .text && junit == nil) {
            // Diagnostics go to standard error: colour follows it, even when
            // standard output is redirected to a file.
            let files = FilesInUse()
            var promptOptions = options.interpreterOptions
            // Transitions in the diagrams' colours, where standard output is a terminal that wants them.
            promptOptions.colorTransitions = isatty(STDOUT_FILENO) == 1 && !capabilities.environmentForbidsColor
            let view = try live.start(.repl)
            let evaluator = LanguageEvaluator(
                options: promptOptions, useColor: Terminal.colorOnStandardError, files: files, watcher: view)
            if let message = files.reserve(["--workspace": options.workspace]) ?? evaluator.session.openWorkspace() {
                StandardStreams(useColor: false).reportText(message.text)
                throw ExitCode(BatchRunner.ExitStatus.usage.rawValue)
            }
            // -i: the scripts first, each in turn, in the prompt's workspace.
            for input in inputs {
                let file: SourceFile
                switch input {
                case .commandLine(let code): file = SourceFile(name: "<command line>", bytes: SystemText.bytes(code))
                case .file(let path):
                    do {
                        file = SourceFile(name: path, bytes: try files.readScript(path))
                    } catch {
                        StandardStreams(useColor: false).reportText(HostMessage.cannotRead(path, reason: "\(error)").text)
                        throw ExitCode(BatchRunner.ExitStatus.usage.rawValue)
                    }
                case .standardInput: continue
                }
                if !evaluator.runFirst(file, trace: options.trace ? .all : .off, keepGoing: keepGoing) { break }
            }
            view?.entryFinished(evaluator.session, shown: nil)
            let status = StandardREPL.run(
                evaluator: evaluator, banner: Mabs.banner, environment: environment,
                prompt: prompt, continuationPrompt: continuationPrompt, files: files, posted: view
            )
            evaluator.session.closeWorkspace()
            if status != 0 { throw ExitCode(status) }
            return
        }
        try live.refuse()
        if inputs.isEmpty { inputs = [.standardInput] }
        var runner = BatchRunner(options: options.interpreterOptions, output: StandardStreams(useColor: Terminal.colorOnStandardError))
        runner.options.textWidth = capabilities.textWidth
        runner.options.keepGoing = keepGoing
        runner.format = format
        runner.junitPath = junit
        runner.quiet = quiet
        let status = runner.run(inputs)
        if status != .success { throw ExitCode(status.rawValue) }
    }
}

/// `--live [PORT]` (see `LiveArguments`): the session in a browser.
struct LiveOption: ParsableArguments {
    @Option(name: .customLong("live"), help: ArgumentHelp(
        "Show the session in a browser: an HTTP server on 127.0.0.1:PORT (none or 0: a free port) whose address, with its token, is printed first.",
        valueName: "port"))
    var port: String?

    /// The live view, started; nil without `--live`. Exits 2 when it cannot start.
    func start(_ mode: LiveView.Mode) throws -> LiveView? {
        guard let port else { return nil }
        guard let view = LiveView.start(option: port, mode: mode) else { throw ExitCode(BatchRunner.ExitStatus.usage.rawValue) }
        return view
    }

    /// A batch run has no live view.
    func refuse() throws {
        guard port != nil else { return }
        StandardStreams(useColor: false).reportText("mabs: " + LiveMessage.needsSession.text + "\n")
        throw ExitCode(BatchRunner.ExitStatus.usage.rawValue)
    }
}

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Parse and check scripts without running them."
    )

    @Argument(help: ArgumentHelp("Script files to check; '-' reads standard input.", valueName: "file"))
    var files: [String]

    func run() throws {
        let runner = BatchRunner(options: .init(), output: StandardStreams(useColor: Terminal.colorOnStandardError))
        let status = runner.check(files.map { $0 == "-" ? .standardInput : .file($0) })
        if status != .success { throw ExitCode(status.rawValue) }
    }
}

struct Play: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "play",
        abstract: "Play a script for an audience: each statement typed at the prompt, run, then a pause.",
        discussion: """
            The script is checked first; an error anywhere plays nothing and exits 2. Comment lines are \
            typed at the prompt as narration. A runtime error is shown under its statement and the play \
            goes on (--bail stops at the first failure). Everything shown goes to standard output. Exit \
            status as for 'mabs run': 1 when any statement or check failed.
            """
    )

    @OptionGroup var options: RunOptions

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "The pause before each statement, in milliseconds; typing takes a twentieth of it per character (at most 50 ms). 0 plays at full speed.",
        valueName: "ms"))
    var delay: Int = Player.defaultDelay

    @Flag(help: "Wait for Enter (on the terminal) before each statement instead of pausing.")
    var step = false

    @Option(help: ArgumentHelp("Also write what is shown to FILE, an asciicast v2 recording (asciinema), timed by the pauses.", valueName: "file"))
    var record: String?

    @Argument(help: ArgumentHelp("The script to play; '-' reads standard input.", valueName: "file"))
    var file: String

    @OptionGroup var live: LiveOption

    func run() throws {
        let errors = StandardStreams(useColor: Terminal.colorOnStandardError)
        guard (0...Player.maximumDelay).contains(delay) else {
            errors.reportText(HostMessage.delayOutOfRange(delay, maximum: Player.maximumDelay).text)
            throw ExitCode(BatchRunner.ExitStatus.usage.rawValue)
        }
        let environment = Terminal.environment
        var settings = Player.Settings()
        settings.delay = delay
        settings.step = step
        settings.recordPath = record
        settings.prompt = REPLConfiguration.defaultPrompt
        settings.continuationPrompt = REPLConfiguration.defaultContinuationPrompt
        settings.useColor = isatty(STDOUT_FILENO) == 1
            && !TerminalCapabilities.current(environment: environment).environmentForbidsColor
        settings.environment = environment
        let player = Player(options: options.interpreterOptions, settings: settings, errors: errors)
        player.watcher = try live.start(.play)
        let status = player.play(file == "-" ? .standardInput : .file(file))
        if status != .success { throw ExitCode(status.rawValue) }
    }
}

struct Table: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "table",
        abstract: "Print the seed's table of which operation is allowed in which state."
    )

    @Option(help: "Output format: \(SeedTableFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: SeedTableFormat = .markdown

    @Flag(help: "Whole column names, however wide (else, on a narrow terminal or in a file, short names and a key under the table).")
    var wide = false

    func run() throws {
        try write(format.render(width: wide ? nil : TerminalCapabilities.textWidth))
    }
}

extension SeedTableFormat: ExpressibleByArgument {}

/// `mabs help [TOPIC]`: the language's help, as `help TOPIC` prints it at
/// the prompt (a command's own options are at `mabs COMMAND --help`). It
/// takes the place of the parser's `help` subcommand; a command's name
/// that is no topic (`mabs help run`) still shows that command's help.
struct LanguageHelp: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "help",
        abstract: "Explain the language: its statements, or one topic (mabs help backups). A command's options: mabs COMMAND --help."
    )

    @Argument(help: ArgumentHelp("A statement, state, function, kind of content, edition or subject; 'mabs help' lists them.", valueName: "topic"))
    var topic: [String] = []

    @Flag(help: "Print the whole language reference as Markdown (docs/language.md).")
    var markdown = false

    @Flag(help: "Print mabs's manual page, roff for man (mabs.1).")
    var man = false

    func validate() throws {
        if markdown && man { throw ValidationError("--markdown and --man are different pages; give one") }
        if (markdown || man) && !topic.isEmpty { throw ValidationError("--\(markdown ? "markdown" : "man") prints every topic; give no topic with it") }
    }

    func run() throws {
        if markdown { return try write(Help.markdown()) }
        if man { return try write(Manual.page()) }
        let name = topic.isEmpty ? nil : topic.joined(separator: " ")
        switch Help.text(for: name, width: TerminalCapabilities.textWidth) {
        case .success(let text):
            try write(text)
        case .failure:
            if let command = Mabs.configuration.subcommands.first(where: { $0._commandName == name && $0 != LanguageHelp.self }) {
                return try write(Mabs.helpMessage(for: command) + "\n")
            }
            StandardStreams(useColor: false).reportText(HostMessage.unknownHelpTopic(name ?? "", suggestion: Help.nearestTopic(to: name ?? "")).text)
            throw ExitCode(BatchRunner.ExitStatus.usage.rawValue)
        }
    }
}

/// Writes a command's whole output; a refused write (a full disk) is an
/// error and exit status 1, not a silent success (141, quietly, when the
/// reader went away).
func write(_ text: String) throws {
    let output = StandardStreams(useColor: false)
    output.write(text)
    if !output.finish() { throw ExitCode(BatchRunner.lostOutput(output).rawValue) }
}

extension ReportFormat: ExpressibleByArgument {}

struct Graph: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Draw the state machine: every transition, labelled by its operation, with a legend.",
        discussion: """
            The views are the language's: 'graph without failures' is 'mabs graph --without failures', \
            'graph around Stopped' is 'mabs graph --around Stopped', 'graph backups' is 'mabs graph --backups'. \
            SVG is mabs's own designed picture; Mermaid and DOT are laid out by the tools that read them.
            """
    )

    @Option(help: "Output format: \(StateDiagram.Format.allCases.map(\.rawValue).joined(separator: ", ")).")
    var format: StateDiagram.Format = .mermaid

    @Option(help: ArgumentHelp("Leave out failures (and the states only they reach), or delete (one note instead); give it twice for both.", valueName: "failures|delete"))
    var without: [Omission] = []

    @Option(help: ArgumentHelp("Only one state: where each operation it allows leads, on success and on failure.", valueName: "state"))
    var around: ServiceState?

    @Flag(help: "Only backup and restore: the states that allow backup, where a restore lands, and the way on.")
    var backups = false

    func validate() throws {
        let views = [!without.isEmpty ? "--without" : nil, around != nil ? "--around" : nil, backups ? "--backups" : nil].compactMap { $0 }
        if views.count > 1 { throw ValidationError("\(views.joined(separator: " and ")) are different views; give one") }
    }

    func run() throws {
        let view: StateDiagram.View = if let around { .around(around) } else if backups { .backups }
            else { .machine(without: StateDiagram.Omissions(without.map(\.omission))) }
        try write(StateDiagram.render(view, as: format, operationName: \.keyword))
    }

    enum Omission: String, ExpressibleByArgument, CaseIterable {
        case failures, delete
        var omission: StateDiagram.Omissions { self == .failures ? .failures : .delete }
    }
}

extension ServiceState: ExpressibleByArgument {
    public init?(argument: String) { self.init(userInput: argument) }
    public static var allValueStrings: [String] { allCases.map(\.displayName) }
}

extension StateDiagram.Format: ExpressibleByArgument {}

extension Mabs {
    static let banner = "mabs \(version): a BizTalk Services lifecycle simulator. Type 'help' for the statements, 'exit' or Ctrl-D to leave."
}
