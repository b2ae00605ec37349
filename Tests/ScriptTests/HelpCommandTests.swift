import Foundation
import Lifecycle
import MabsLanguage
import Testing

/// `mabs help TOPIC` from the shell: the language's help, as `help TOPIC`
/// prints it in a script, never the command line's overview.
@Suite("mabs help")
struct HelpCommandTests {
    /// `mabs help ARGUMENTS`, which must succeed.
    private func help(_ arguments: String...) throws -> String {
        let result = try MabsProcess.run(["help"] + arguments)
        #expect(result.stderr == "" && result.status == 0, "mabs help \(arguments.joined(separator: " ")): \(result.stderr)")
        return result.stdout
    }

    /// The lines of `text` from the one that is `start` to the one before
    /// `end` (or to the end).
    private func section(_ text: String, from start: String, to end: String? = nil) throws -> [Substring] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let first = try #require(lines.firstIndex { $0.trimmingCharacters(in: .whitespaces) == start }, "no '\(start)'")
        let rest = lines[(first + 1)...]
        let last = end.flatMap { end in rest.firstIndex { $0.trimmingCharacters(in: .whitespaces) == end } } ?? rest.endIndex
        return Array(rest[..<last])
    }

    /// The words of `lines`: names such as `x12-mapping` whole.
    private func words(_ lines: [Substring]) -> Set<String> {
        Set(lines.joined(separator: " ").split { !$0.isLetter && !$0.isNumber && $0 != "-" }.map(String.init))
    }

    @Test("mabs help backup teaches backups: what a backup keeps and does not, as the backup table says")
    func backup() throws {
        let text = try help("backup")
        #expect(text == (try help("backups")))
        #expect(text == (try MabsProcess.run(["-e", "help backups"])).stdout, "what 'help backups' prints in a script")
        let kept = words(try section(text, from: "A backup keeps:", to: "A backup does not keep:"))
        let notKeptLines = try section(text, from: "A backup does not keep:", to: "")
        let notKept = words(notKeptLines)
        for kind in ContentKind.allCases {
            #expect(kept.contains(kind.name) == BackupTable.keptContents.contains(kind), "kept: \(kind.name)")
            #expect(notKept.contains(kind.name) == !BackupTable.keptContents.contains(kind), "not kept: \(kind.name)")
        }
        for key in SettingKey.allCases {
            #expect(kept.contains(key.name) == BackupTable.keptSettings.contains(key), "kept: \(key.name)")
        }
        // A term for each thing the table says a backup does not keep.
        #expect(notKeptLines.filter { $0.hasPrefix("    ") && !$0.hasPrefix("     ") }.count == BackupTable.notKept.count)
        #expect(text.contains("geo-replication"))
        for line in text.split(separator: "\n") { #expect(line.count <= 80, "wider than 80 columns: \(line)") }
    }

    /// How StopFailed is reached and the way out, as the state machine's
    /// transitions say.
    @Test("mabs help StopFailed says how it is reached, what it allows and the way out")
    func stopFailed() throws {
        let text = try help("stop-failed")
        #expect(text == (try help("StopFailed")))
        let reached = try section(text, from: "How it is reached:", to: "").joined(separator: " ")
        let node = StateMachine.Node.state(.stopFailed)
        for transition in StateMachine.transitions where transition.to == node && transition.from != node {
            #expect(reached.contains("\(transition.operation.keyword) \(transition.fails ? "fails" : "succeeds")"))
            if case .state(let from) = transition.from { #expect(reached.contains(from.displayName)) }
        }
        let allows = words(try section(text, from: "What it allows:", to: ""))
        for operation in Rules.allowedOperations(in: .stopFailed).operations { #expect(allows.contains(operation.keyword)) }
        let way = try section(text, from: "The way out:", to: "").joined(separator: " ")
        for transition in StateMachine.transitions where transition.from == node && !transition.fails && transition.to != node {
            if case .state(let to) = transition.to { #expect(way.contains("\(transition.operation.keyword) (to \(to))")) }
        }
    }

    @Test("mabs help alone lists every topic; a topic of several words is one")
    func index() throws {
        let text = try help()
        for topic in Help.topics where topic.group != .statement {
            #expect(text.contains(topic.name), "the list leaves out \(topic.name)")
        }
        #expect(try help("hybrid", "connections") == (try help("hybrid-connection")))
        #expect(try help("state()").hasPrefix("state(service)\n"))
        for line in text.split(separator: "\n") { #expect(line.count <= 80, "wider than 80 columns: \(line)") }
    }

    @Test("an unknown topic is a usage error that says the nearest one")
    func unknown() throws {
        #expect(try MabsProcess.run(["help", "backpus"])
            == .init(stdout: "", stderr: "mabs: no help for 'backpus' (did you mean 'backups'?)\n", status: 2))
        #expect(try MabsProcess.run(["help", "wibble", "wobble"])
            == .init(stdout: "", stderr: "mabs: no help for 'wibble wobble'; 'mabs help' lists the topics\n", status: 2))
    }

    @Test("a command's own help stays at mabs COMMAND --help, and mabs help COMMAND where no topic has its name")
    func commands() throws {
        let run = try MabsProcess.run(["run", "--help"])
        #expect(run.status == 0 && run.stdout.contains("--max-steps"))
        #expect(try help("run") == run.stdout)
        #expect(try MabsProcess.run(["--help"]).stdout.contains("help"))
    }
}
