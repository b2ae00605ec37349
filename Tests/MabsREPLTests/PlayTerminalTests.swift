import Foundation
import Synchronization
import Testing

// `mabs play --step` on a real terminal (tmux): the presenter's Enter
// moves the show on; other keys neither show nor count; Ctrl-C ends it.

@Suite("mabs play on a terminal (tmux)", .serialized, .tags(.heavy), .heavy)
struct PlayTerminalTests {
    static let script = """
        # Narration first.
        create contoso
        assert contoso is Active

        """

    @Test("--step waits for Enter before each entry; other keys are not echoed")
    func step() throws {
        let session = try PlaySession(script: Self.script, arguments: ["--step", "--delay", "0"])
        defer { session.close() }
        try session.waitFor("mabs>")
        // Waiting: nothing typed yet, and a stray key shows nothing.
        session.type("x")
        usleep(300_000)
        #expect(trimmingTrailingBlanks(session.screen()) == "mabs>")
        session.press("Enter")
        try session.waitFor("mabs> # Narration first.\nmabs> ")
        #expect(!session.screen().contains("create"))
        session.press("Enter")
        try session.waitFor("mabs> create contoso\ncreate contoso: -> Active\nmabs> ")
        session.press("Enter")
        try session.waitFor("mabs> assert contoso is Active\n✔ contoso is Active\n1 passed, 0 failed")
        #expect(try session.waitForExit() == 0)
        #expect(!session.screen().contains("x"), "keys other than Enter are not echoed")
    }

    @Test("Ctrl-C while waiting ends the play with the summary and exit status 1")
    func interrupt() throws {
        let session = try PlaySession(script: Self.script, arguments: ["--step", "--delay", "0"])
        defer { session.close() }
        try session.waitFor("mabs>")
        session.press("Enter")
        try session.waitFor("mabs> # Narration first.\nmabs> ")
        session.press("C-c")
        #expect(try session.waitForExit() == 1)
        try session.waitFor("0 passed, 0 failed")
        #expect(!session.screen().contains("create"))
    }
}

/// `mabs play ARGUMENTS demo.mabs` in a detached tmux session on a
/// private server, as `TerminalSession` runs the REPL.
final class PlaySession {
    private static let counter = Atomic<Int>(0)
    let directory: TemporaryDirectory
    let socket: String
    private var statusPath: String { directory.path + "/exit-status" }
    private var closed = false

    init(script: String, arguments: [String]) throws {
        guard let tmux = TerminalSession.tmuxPath else {
            throw TerminalSession.Failure(description: "tmux is not installed (apt-get install tmux)")
        }
        directory = try TemporaryDirectory()
        socket = "mabs-play-\(getpid())-\(Self.counter.add(1, ordering: .relaxed).newValue)"
        let scriptPath = directory.path + "/demo.mabs"
        try script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
        let config = directory.path + "/tmux.conf"
        try "set -g remain-on-exit on\nset -g status off\n".write(toFile: config, atomically: true, encoding: .utf8)
        let environment = [
            "HOME": directory.path, "PATH": "/usr/bin:/bin", "TERM": "xterm-256color",
            "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "NO_COLOR": "1",
        ]
        let assignments = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\(shellQuoted($0.value))" }
        let mabs = (["env", "-i"] + assignments + [shellQuoted(try TerminalSession.mabsExecutable()), "play"]
            + arguments.map(shellQuoted) + [shellQuoted(scriptPath)]).joined(separator: " ")
        let status = shellQuoted(statusPath)
        let command = "exec /bin/sh -c \(shellQuoted("trap : INT; \(mabs); echo $? > \(status).tmp; mv \(status).tmp \(status)"))"
        try run(tmux, ["-u", "-L", socket, "-f", config, "new-session", "-d", "-s", "play", "-x", "100", "-y", "30", command],
                environment: Self.tmuxEnvironment)
    }

    deinit { close() }

    private static let tmuxEnvironment = ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PATH": "/usr/bin:/bin"]

    private func tmux(_ arguments: [String]) -> String {
        (try? run(TerminalSession.tmuxPath!, ["-u", "-L", socket] + arguments, environment: Self.tmuxEnvironment)) ?? ""
    }

    func close() {
        guard !closed else { return }
        closed = true
        _ = tmux(["kill-server"])
    }

    func type(_ text: String) { _ = tmux(["send-keys", "-t", "play", "-l", text]) }
    func press(_ key: String) { _ = tmux(["send-keys", "-t", "play", key]) }
    func screen() -> String { trimmingTrailingBlanks(tmux(["capture-pane", "-p", "-J", "-t", "play"])) }

    /// Waits (a hang guard, not a timing assertion) until the screen shows `text`.
    @discardableResult
    func waitFor(_ text: String) throws -> String {
        let wanted = trimmingTrailingBlanks(text)
        let deadline = ContinuousClock.now + .seconds(10)
        while true {
            let current = screen()
            if current.contains(wanted) { return current }
            if ContinuousClock.now > deadline {
                throw TerminalSession.Failure(description: "timed out waiting for \(text.debugDescription); screen:\n\(current)")
            }
            usleep(20_000)
        }
    }

    func waitForExit() throws -> Int32 {
        let deadline = ContinuousClock.now + .seconds(10)
        while true {
            if let text = try? String(contentsOfFile: statusPath, encoding: .utf8),
               let status = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                return status
            }
            if ContinuousClock.now > deadline {
                throw TerminalSession.Failure(description: "timed out waiting for mabs play to exit; screen:\n\(screen())")
            }
            usleep(20_000)
        }
    }
}
