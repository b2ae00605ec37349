import Foundation
import Synchronization

/// Runs the real `mabs` binary in a detached tmux session on a private
/// server, types into it and reads its screen: an end-to-end harness for
/// everything that only exists on a terminal (line editing, Ctrl-C,
/// completion, prompts).
///
///     let session = try TerminalSession()
///     defer { session.close() }
///     try session.waitFor("mabs> ")
///     session.type("hello")
///     session.press("Enter")
///     try session.waitFor("=> hello")
///     session.press("C-d")
///     #expect(try session.waitForExit() == 0)
///
/// Every session has its own tmux server (`tmux -L <unique name>`), a fixed
/// size, `TERM=xterm-256color`, a clean environment and its own temporary
/// HOME and history file. Waits poll the screen until a deadline; the
/// deadline is a hang guard, not a timing assertion. `close()` (also run on
/// deinit) kills the server, so call it in a `defer`.
final class TerminalSession {
    static let defaultTimeout: Duration = .seconds(10)
    private static let counter = Atomic<Int>(0)

    let socket: String
    let directory: TemporaryDirectory
    let historyPath: String
    private var statusPath: String { directory.path + "/exit-status" }
    private var closed = false

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// - Parameters:
    ///   - historyPath: the `MABS_HISTORY` file; by default a fresh one in
    ///     the session's temporary directory. Pass another session's
    ///     `historyPath` to test persistence.
    ///   - environment: extra variables for `mabs`.
    ///   - arguments: `mabs`'s arguments (`--workspace FILE`).
    ///   - standardOutput: a file to redirect `mabs`'s standard output to
    ///     (`mabs > FILE`); by default it is the terminal.
    ///   - jobControl: start `mabs` from an interactive shell with job
    ///     control (`sh -i`, prompt `sh$ `), typed at its prompt, so Ctrl-Z
    ///     stops it and `fg` brings it back.
    init(
        historyPath: String? = nil,
        environment extra: [String: String] = [:],
        arguments: [String] = [],
        standardOutput: String? = nil,
        jobControl: Bool = false,
        width: Int = 100,
        height: Int = 30
    ) throws {
        guard Self.tmuxPath != nil else {
            throw Failure(description: "tmux is not installed (apt-get install tmux); the REPL's end-to-end tests need it")
        }
        directory = try TemporaryDirectory()
        self.historyPath = historyPath ?? directory.path + "/state/history"
        socket = "mabs-e2e-\(getpid())-\(Self.counter.add(1, ordering: .relaxed).newValue)"

        let config = directory.path + "/tmux.conf"
        try """
            set -g remain-on-exit on
            set -g status off
            set -g history-limit 2000
            """.write(toFile: config, atomically: true, encoding: .utf8)

        var environment = [
            "HOME": directory.path,
            "PATH": "/usr/bin:/bin",
            "TERM": "xterm-256color",
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "MABS_HISTORY": self.historyPath,
        ]
        environment.merge(extra) { _, new in new }
        let assignments = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\(shellQuoted($0.value))" }
        // tmux 3.3 sometimes marks the pane dead without ever filling in
        // #{pane_dead_status}, so a shell around mabs records the status.
        // `trap : INT` (a handler, not "ignore") keeps the shell waiting
        // through Ctrl-C while mabs gets SIGINT with its default action.
        var mabs = (["env", "-i"] + assignments + [shellQuoted(try Self.mabsExecutable())] + arguments.map(shellQuoted))
            .joined(separator: " ")
        if let standardOutput { mabs += " > " + shellQuoted(standardOutput) }
        let status = shellQuoted(statusPath)
        let command = "exec /bin/sh -c \(shellQuoted("trap : INT; \(mabs); echo $? > \(status).tmp; mv \(status).tmp \(status)"))"

        guard jobControl else {
            try tmux("-f", config, "new-session", "-d", "-s", "mabs", "-x", "\(width)", "-y", "\(height)", command)
            return
        }
        let shell = "exec env -i PS1='sh$ ' PATH=/usr/bin:/bin TERM=xterm-256color LANG=C.UTF-8 /bin/sh -i"
        try tmux("-f", config, "new-session", "-d", "-s", "mabs", "-x", "\(width)", "-y", "\(height)", shell)
        try waitFor("sh$ ")
        type("\(mabs); echo $? > \(status).tmp; mv \(status).tmp \(status)")
        press("Enter")
    }

    deinit { close() }

    /// Kills the private tmux server (and with it `mabs`). Idempotent.
    func close() {
        guard !closed else { return }
        closed = true
        _ = try? tmux("kill-server")
    }

    /// Types `text` literally.
    func type(_ text: String) {
        _ = try? tmux("send-keys", "-t", "mabs", "-l", text)
    }

    /// Pastes `text` as a terminal does: all at once, each newline sent as
    /// a carriage return (tmux `paste-buffer`).
    func paste(_ text: String) throws {
        let file = directory.path + "/paste-buffer"
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        try tmux("load-buffer", "-b", "paste", file)
        try tmux("paste-buffer", "-d", "-b", "paste", "-t", "mabs")
    }

    /// Presses keys by tmux name: `Enter`, `Up`, `Tab`, `C-c`, `C-d`, `Left`...
    func press(_ keys: String...) {
        _ = try? tmux(["send-keys", "-t", "mabs"] + keys)
    }

    /// The visible screen: wrapped lines joined, trailing blanks dropped
    /// from every line and from the end.
    func screen() -> String {
        let text = (try? tmux("capture-pane", "-p", "-J", "-t", "mabs")) ?? ""
        return trimmingTrailingBlanks(text)
    }

    /// Waits until the screen contains `text` (compared without trailing
    /// blanks on each line, so `"mabs> "` matches an empty prompt); returns
    /// the screen.
    @discardableResult
    func waitFor(_ text: String, timeout: Duration = TerminalSession.defaultTimeout) throws -> String {
        let wanted = trimmingTrailingBlanks(text)
        return try waitUntil("the screen shows \(text.debugDescription)", timeout: timeout) { $0.contains(wanted) }
    }

    /// Waits until `condition` holds for the screen; returns the screen.
    @discardableResult
    func waitUntil(_ what: String, timeout: Duration = TerminalSession.defaultTimeout, _ condition: (String) -> Bool) throws -> String {
        let deadline = ContinuousClock.now + timeout
        while true {
            let current = screen()
            if condition(current) { return current }
            if ContinuousClock.now > deadline {
                throw Failure(description: "timed out waiting until \(what); screen:\n\(current)")
            }
            usleep(20_000)
        }
    }

    /// Waits for `mabs` to exit and returns its exit status.
    func waitForExit(timeout: Duration = TerminalSession.defaultTimeout) throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let text = try? String(contentsOfFile: statusPath, encoding: .utf8),
               let status = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                return status
            }
            if ContinuousClock.now > deadline {
                throw Failure(description: "timed out waiting for mabs to exit; screen:\n\(screen())")
            }
            usleep(20_000)
        }
    }

    /// Sends `signal` to `mabs` (the child of the shell in the pane).
    func send(signal: Int32) throws {
        let shell = try tmux("display-message", "-p", "-t", "mabs", "#{pane_pid}").trimmingCharacters(in: .whitespacesAndNewlines)
        let children = (try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)) ?? ""
        guard let pid = children.split(separator: " ").first.flatMap({ pid_t($0) }) else {
            throw Failure(description: "no mabs process under the pane's shell \(shell)")
        }
        kill(pid, signal)
    }

    /// Resizes the terminal window.
    func resize(width: Int, height: Int) {
        _ = try? tmux("resize-window", "-t", "mabs", "-x", "\(width)", "-y", "\(height)")
    }

    @discardableResult
    private func tmux(_ arguments: String...) throws -> String {
        try tmux(arguments)
    }

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> String {
        try run(Self.tmuxPath!, ["-u", "-L", socket] + arguments, environment: Self.tmuxEnvironment)
    }

    private static let tmuxEnvironment = ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PATH": "/usr/bin:/bin"]

    /// tmux, if installed.
    static let tmuxPath: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// The `mabs` binary built beside this test bundle (the build products
    /// directory), or `$MABS_BINARY`.
    static func mabsExecutable() throws -> String {
        if let override = ProcessInfo.processInfo.environment["MABS_BINARY"] { return override }
        let me = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var directory = URL(fileURLWithPath: me).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("mabs").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        throw Failure(description: "cannot find the mabs binary near \(me); set MABS_BINARY")
    }
}

/// Runs a program to completion and returns its standard output; throws
/// when it fails.
@discardableResult
func run(_ executable: String, _ arguments: [String], environment: [String: String], input: String? = nil) throws -> String {
    let result = try runCapturing(executable, arguments, environment: environment, input: input)
    guard result.status == 0 else {
        throw TerminalSession.Failure(description: "\(executable) \(arguments) exited \(result.status): \(result.stderr)")
    }
    return result.stdout
}

struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs a program to completion with `posix_spawn`, its output going to
/// temporary files. Not Foundation's `Process`: on Linux it notices the
/// child's exit through a descriptor the child inherits, and the tmux
/// server that `tmux new-session` forks keeps that descriptor open forever.
func runCapturing(
    _ executable: String, _ arguments: [String], environment: [String: String], input: String? = nil
) throws -> ProcessResult {
    let scratch = try TemporaryDirectory()
    let inputPath = scratch.path + "/stdin", outputPath = scratch.path + "/stdout", errorPath = scratch.path + "/stderr"
    try (input ?? "").write(toFile: inputPath, atomically: false, encoding: .utf8)

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, inputPath, O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { (argv + envp).forEach { free($0) } }

    // The calling thread may be a test-runner thread with signals blocked,
    // and children inherit that mask: tmux would then never see SIGCHLD,
    // nor mabs SIGINT. Start children with no signal blocked and every
    // signal at its default action.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var noSignals = sigset_t(), allSignals = sigset_t()
    sigemptyset(&noSignals)
    sigfillset(&allSignals)
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    posix_spawnattr_setsigdefault(&attributes, &allSignals)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

    var pid = pid_t()
    let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
    guard spawned == 0 else {
        throw TerminalSession.Failure(description: "cannot run \(executable): \(String(cString: strerror(spawned)))")
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    // WIFEXITED / WEXITSTATUS, which Swift does not import.
    let exitStatus = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    return ProcessResult(
        status: exitStatus,
        stdout: (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "",
        stderr: (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
    )
}

func trimmingTrailingBlanks(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false)
        .map { line in String(line.reversed().drop(while: { $0 == " " }).reversed()) }
        .joined(separator: "\n")
        .replacingOccurrences(of: "\\n+$", with: "", options: .regularExpression)
}

func shellQuoted(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
