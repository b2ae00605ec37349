// `help`: every topic found by the names a learner types, laid out within
// the width, and saying what the engine's tables say.
import Foundation
import Testing
import Lifecycle
import MabsPresentation
@testable import MabsLanguage

@Suite("Help")
struct HelpTests {
    /// The text of `help NAME` at `width` columns.
    private func text(_ name: String?, width: Int = 80) throws -> String {
        try Help.text(for: name, width: width).get()
    }

    /// What `help NAME` says, a line per fact, however wide the screen:
    /// a term and its meaning as `term: meaning`.
    private func facts(_ name: String) throws -> [String] {
        let topic = try #require(Help.topic(named: name), "no help for \(name)")
        return topic.title + topic.body().flatMap { block -> [String] in
            switch block {
            case .text(let text), .heading(let text), .syntax(let text), .example(let text), .output(let text): [text]
            case .list(let items): items
            case .terms(let terms): terms.map { "\($0.term): \($0.text)" }
            }
        }
    }

    /// Whether `line` of `help TOPIC`, wider than `width`, is a piece of
    /// one of its examples that no break can make narrower: code breaks
    /// only where a statement may go on, or it would not run.
    private func isUnbreakableCode(_ line: Substring, in topic: HelpTopic?, width: Int) -> Bool {
        let blocks = topic?.body() ?? []
        let pieces = blocks.flatMap { block -> [String] in if case .example(let code) = block { HelpText.codePieces(code) } else { [] } }
        let code = line.drop { $0 == " " }
        return line.hasPrefix("    ") && pieces.contains { $0 == code && TerminalText.width(of: $0) > width - 4 }
    }

    @Test("has a topic with an example that parses for every statement keyword")
    func everyStatement() throws {
        for keyword in Vocabulary.statementKeywords {
            let topic = try #require(Help.topic(named: keyword), "no help for \(keyword)")
            let examples = topic.body().compactMap { if case .example(let code) = $0 { code } else { nil } }
            #expect(!examples.isEmpty, "no example in 'help \(keyword)'")
        }
    }

    @Test("passes the checker with every example of every topic")
    func examplesCheck() {
        for topic in Help.topics {
            for case .example(let code) in topic.body() {
                let session = Session(output: DiscardedOutput())
                let prepared = session.prepare(SourceFile(name: "help \(topic.name)", text: code))
                let errors = prepared.diagnostics.filter { $0.severity == .error }
                #expect(errors.isEmpty, "the example of 'help \(topic.name)' \(code.debugDescription):\n\(DiagnosticRenderer().render(errors))")
            }
        }
    }

    @Test("finds every topic by its names, as the language matches names")
    func everyTopicResolves() {
        for topic in Help.topics {
            for name in [topic.name] + topic.otherNames {
                #expect(Help.topic(named: name)?.name == topic.name, "help \(name)")
                #expect(Help.topic(named: name.uppercased())?.name == topic.name, "help \(name.uppercased())")
            }
        }
        let lenient: [(typed: String, topic: String)] = [
            ("StopFailed", "StopFailed"), ("stop-failed", "StopFailed"), ("stop failed", "StopFailed"),
            ("Service Update Failed", "ServiceUpdateFailed"),
            ("hybrid-connection", "hybrid-connection"), ("hybrid connections", "hybrid-connection"),
            ("x12_mappings", "x12-mapping"), ("backup", "backups"), ("backups", "backups"),
            ("warning", "warnings"), ("error", "errors"), ("state", "states"), ("state()", "state()"),
            ("contents", "contents()"), ("update configuration", "update"), ("service update", "service-update"),
            ("premium", "Premium"), ("else", "if"), ("tracking database", "tracking-database"),
        ]
        for (typed, topic) in lenient {
            #expect(Help.topic(named: typed)?.name == topic, "help \(typed)")
        }
    }

    @Test("answers a typo with the nearest topic, and nothing with nothing")
    func unknownTopics() {
        #expect(Help.unknownTopic("stopfialed") == .unknownHelpTopic("stopfialed", suggestion: "StopFailed"))
        #expect(Help.unknownTopic("hybrid connectoins") == .unknownHelpTopic("hybrid connectoins", suggestion: "hybrid-connection"))
        #expect(Help.unknownTopic("xyzzy") == .unknownHelpTopic("xyzzy", suggestion: nil))
        #expect(Help.topic(named: "") == nil)
        #expect(Help.topic(named: " - _ ") == nil)
    }

    /// No line of any topic is wider than the width asked for, at 80
    /// columns (no terminal) and at 40 (a narrow one); nor does the index.
    /// Only at 40 may an example's code be wider, where it has no place
    /// to break.
    @Test("lays every topic out within the width", arguments: [80, 40])
    func everyTopicFits(width: Int) throws {
        var unbreakable = 0
        for name in [nil] + Help.topics.map(\.name) {
            let lines = try text(name, width: width).split(separator: "\n", omittingEmptySubsequences: false)
            for line in lines where TerminalText.width(of: line) > width {
                #expect(width < 80 && isUnbreakableCode(line, in: name.flatMap(Help.topic(named:)), width: width),
                        "help \(name ?? ""), at \(width): \(line)")
                unbreakable += 1
            }
            for line in lines {
                #expect(!line.hasSuffix(" "), "help \(name ?? ""), at \(width): a trailing space in \(line.debugDescription)")
            }
        }
        // The few statements' own examples longer than a narrow line.
        #expect(unbreakable <= (width < 80 ? 5 : 0))
    }

    @Test("never lays text out wider than 100 columns, nor narrower than 20")
    func widthLimits() throws {
        #expect(try text("backups", width: 500) == text("backups", width: Help.widestText))
        #expect(try text("backups", width: 0) == text("backups", width: Help.narrowestText))
        #expect(try text("backups", width: 120).split(separator: "\n").contains { $0.count > 80 })
    }

    @Test("lists every topic in the index, and every statement with its outcomes")
    func index() throws {
        let index = try text(nil)
        for topic in Help.topics where topic.group != .statement {
            #expect(index.contains(topic.name), "the index leaves out \(topic.name)")
        }
        for keyword in Vocabulary.statementKeywords {
            #expect(index.contains("\n  \(keyword) "), "the index leaves out \(keyword)")
        }
        let stop = try #require(index.split(separator: "\n").first { $0.hasPrefix("  stop ") })
        #expect(stop.hasSuffix("\(ServiceState.stopped), or \(ServiceState.stopFailed)"))
    }

    /// `help StopFailed` says how the state is reached and the way out, as
    /// the state machine's transitions say: each transition into it
    /// (its operation, success or failure, and where from) and each that
    /// leaves it on success.
    @Test("says how each state is reached, what it allows and the way out", arguments: ServiceState.allCases)
    func state(state: ServiceState) throws {
        let said = try facts(state.displayName)
        let node = StateMachine.Node.state(state)
        for transition in StateMachine.transitions where transition.to == node && transition.from != node {
            let term = "\(transition.operation.keyword) \(transition.fails ? "fails" : "succeeds"): "
            let fact = try #require(said.first { $0.hasPrefix(term) }, "help \(state) does not say '\(term)'")
            if case .state(let from) = transition.from {
                #expect(fact.contains(from.displayName), "help \(state): \(term) from \(from)")
            }
        }
        let allows = try #require(said.split(separator: "What it allows:").dropFirst().first)
        for operation in Lifecycle.Operation.allCases {
            #expect(allows.contains { $0.hasPrefix("\(operation.keyword): ") } == Rules.isAllowed(operation, in: state),
                    "help \(state) on \(operation)")
        }
        let way = try #require(said.firstIndex { $0 == "The way out:" || $0 == "Where it leads:" }.map { said[$0 + 1] })
        if StateMachine.onlyDeleteLeadsOut.contains(state) {
            #expect(way.hasPrefix("Only delete leads out"))
            for transition in StateMachine.transitions where transition.from == .none && transition.to == node {
                #expect(way.contains("then \(transition.operation.keyword) it again"))
            }
        } else {
            for transition in StateMachine.transitions where transition.from == node && !transition.fails && transition.to != node {
                if case .state(let to) = transition.to {
                    #expect(way.contains("\(transition.operation.keyword) (to \(to))"), "help \(state): way out by \(transition.operation)")
                }
            }
        }
    }

    @Test("says of StopFailed that a failed stop reaches it, and start, stop and restart lead out")
    func stopFailed() throws {
        let help = try text("stop-failed")
        #expect(help.contains("stop fails  from Active, StartFailed or RestartFailed"))
        #expect(help.contains("The way out:\n    start (to Active), stop (to Stopped), restart (to Active) or delete."))
    }

    @Test("says of a failed restore: delete, wait out the name hold, restore again")
    func restoreFailed() throws {
        let help = try text("RestoreFailed", width: Help.widestText)
        #expect(try facts("restore").contains { $0.hasSuffix("Only delete leads out: delete it, wait out the name hold (\(Engine.defaultNameHold) unless set), then restore it again.") })
        #expect(help.contains("restore fails  as it makes a new service"))
        #expect(help.contains("Only delete leads out: delete it, wait out the name hold (\(Engine.defaultNameHold) unless set), then restore it again."))
    }

    @Test("lists every warning the engine gives, in the catalogue's words")
    func warnings() throws {
        let help = try facts("warnings")
        let entries = Help.warningEntries
        #expect(entries.map(\.kind) == LifecycleWarning.Kind.allCases)
        for entry in entries {
            #expect(entry.example.kind == entry.kind)
            // Each under its kind's name, as `expect warning KIND` takes it.
            #expect(help.contains(entry.kind.name + ": " + entry.meaning), "help warnings: \(entry.kind)")
            #expect(help.contains("warning: " + Message.text(of: entry.example)), "help warnings: \(entry.kind)'s text")
            if entry.occasion == .restore {
                #expect(try facts("restore").contains(entry.meaning), "help restore: \(entry.kind)")
            }
        }
    }

    @Test("lists every kind of error expect error can catch, each with its line, and none it cannot")
    func errorKinds() throws {
        let help = try facts("errors")
        for kind in ErrorKind.allCases {
            #expect(help.contains(kind.name + ": " + kind.summary) == ErrorKind.catchable.contains(kind), "help errors: \(kind.name)")
        }
    }

    @Test("help expressions teaches in and reading an item by its index")
    func membershipAndIndexes() throws {
        let help = try facts("expressions")
        #expect(help.contains { $0.hasPrefix("comparisons: ") && $0.contains("and in: an item of a list") })
        #expect(help.contains { $0.hasPrefix("items: $list[0]") })
    }

    @Test("says what a backup keeps and does not, as the backup table does")
    func backups() throws {
        let said = try facts("backup")
        func names(_ term: String) throws -> [String] {
            let fact = try #require(said.first { $0.hasPrefix(term + ": ") })
            return fact.dropFirst(term.count + 2).components(separatedBy: ", ")
        }
        #expect(try names("contents") == BackupTable.keptContents.map(\.name))
        #expect(try names("settings") == BackupTable.keptSettings.map(\.name))
        #expect(try names(ContentKind.allCases.filter { !$0.isBackedUp }.map(\.name).joined(separator: ", ")).count >= 1)
        let notKept = try #require(said.split(separator: "A backup does not keep:").dropFirst().first?.prefix { !$0.hasSuffix(":") })
        #expect(notKept.count == BackupTable.notKept.count)
        #expect(said.contains { $0.contains("geo-replication") })
        for edition in Edition.allCases where !edition.supportsBackup {
            #expect(said.contains("\(edition): cannot be backed up or restored"))
        }
    }

    @Test("gives every function's parameters, what it gives, and an example")
    func functions() throws {
        for name in Builtins.names {
            let function = try #require(Builtins.function(name))
            for parameter in function.parameters {
                #expect(Help.sampleArgument(parameter) != nil, "\(name): no example argument for \(parameter)")
            }
            let help = try text(name + "()", width: Help.widestText)
            #expect(help.hasPrefix("\(name)(\(function.parameters.joined(separator: ", ")))\n"))
            #expect(help.contains("it gives \(function.gives.phrase)"))
            #expect(help.contains("Example: " + Help.functionExample(name, function)))
        }
    }

    @Test("says of each kind of content whether a backup keeps it, and its quotas", arguments: ContentKind.allCases)
    func kind(kind: ContentKind) throws {
        let said = try facts(kind.name)
        #expect(said.contains(kind.isBackedUp ? "A backup keeps it." : "No backup keeps it, whatever the edition: recreate it after a restore."))
        let quotas = QuotaKind.counted(for: kind)
        let sentence = try #require(said.first { $0.hasPrefix("It counts against") })
        for quota in quotas {
            for edition in Edition.allCases {
                #expect(sentence.contains("\(edition) \(edition.quotaPerUnit[quota]) \(quota.name)")
                    || sentence.contains("and \(edition.quotaPerUnit[quota]) \(quota.name)"), "\(kind) in \(edition)")
            }
        }
        #expect(quotas.isEmpty == (sentence == "It counts against no quota."))
    }

    @Test("says of each edition its units, quotas and backups", arguments: Edition.allCases)
    func edition(edition: Edition) throws {
        let help = try facts(edition.displayName).joined(separator: "\n")
        for quota in QuotaKind.allCases {
            #expect(help.contains("\(edition.quotaPerUnit[quota]) \(quota.name)"))
        }
        #expect(help.contains(edition.supportsBackup ? "backups: yes" : "backups: no"))
        #expect(help.contains(edition.canScale ? "\(edition.unitRange.lowerBound) to \(edition.unitRange.upperBound)" : "cannot scale"))
    }

    @Test("breaks code only where a statement may go on")
    func codePieces() {
        #expect(HelpText.codePieces("backup a as b; delete a") == ["backup a as b;", "delete a"])
        #expect(HelpText.codePieces("print \"a; b, c { d\"") == ["print \"a; b, c { d\""])
        #expect(HelpText.codePieces("if x { y }") == ["if x {", "y }"])
        #expect(HelpText.codePieces("update a set k = \"v\", l = \"w\"") == ["update a set k = \"v\",", "l = \"w\""])
    }
}
