import Lifecycle
import MabsPresentation

// The topics that are not statements: backups, the tracking database,
// warnings, errors, expressions; each state, function, kind of content and
// edition, and a topic listing each group. Every fact is read from the
// table that holds it: `BackupTable`, `Rules`, `StateMachine`, `Edition`,
// `Engine`, `Builtins`, `LifecycleWarning.Kind` and the message catalogue.
extension Help {
    static var subjectTopics: [HelpTopic] {
        [backupsTopic, trackingDatabaseTopic, warningsTopic, errorsTopic, expressionsTopic]
            + [statesList, operationsList, functionsList, kindsList, editionsList]
    }

    // MARK: Backups

    private static var backupsTopic: HelpTopic {
        let backup = Vocabulary.statement(.backup)!
        return HelpTopic(
            "backups", .subject, otherNames: ["backup"],
            summary: "what a backup keeps and what it does not, by edition; what a restore needs and warns",
            title: ["backups: what a backup keeps, and what a restore needs and warns"]
        ) {
            var blocks: [HelpBlock] = [.heading("Taking one:"), .syntax(backup.syntax)]
            blocks += ([backup.summary] + facts(about: .backup)).map(HelpBlock.text)
            blocks.append(.syntax(Vocabulary.statement(.schedule)!.syntax))
            blocks.append(.text(firstSentence(Vocabulary.statement(.schedule)!.summary) + "."))
            blocks.append(.text("Backups outlive the service they came from: 'list backups' lists them, 'show backup NAME' says what one holds."))
            blocks += keptBlocks()
            blocks.append(.heading("By edition:"))
            blocks.append(.terms(Dictionary(grouping: Edition.allCases, by: \.supportsBackup).sorted { !$0.key && $1.key }.map { supports, editions in
                HelpTerm(list(editions.map(\.displayName)), supports ? "back up, and restore into the same edition or a higher one" : "cannot be backed up or restored")
            }))
            blocks += restoreBlocks()
            blocks += trackingDatabaseBlocks()
            blocks.append(.example("backup contoso as nightly; delete contoso; wait \(Engine.defaultNameHold); restore nightly; show backup nightly"))
            return blocks
        }
    }

    /// What a backup keeps and what it does not (`BackupTable`).
    static func keptBlocks() -> [HelpBlock] {
        let kept: [HelpTerm] = [
            HelpTerm("contents", BackupTable.keptContents.map(\.name).joined(separator: ", ")),
            HelpTerm("settings", BackupTable.keptSettings.map(\.name).joined(separator: ", ")),
            HelpTerm("the service", list(BackupTable.keptProperties.map(phrase))),
        ]
        let notKept = BackupTable.notKept.map { part -> HelpTerm in
            switch part {
            case .hybridConnections:
                HelpTerm(ContentKind.allCases.filter { !$0.isBackedUp }.map(\.name).joined(separator: ", "),
                         "never, whatever the edition: recreate them after a restore, whose warning names them")
            case .activeBatchMessages:
                HelpTerm("active batch", "messages waiting in the active batch are lost: process the batch before a backup")
            case .trackingDatabaseContents:
                HelpTerm("tracking records", "the tracking database is in no service backup (see below)")
            }
        }
        return [.heading("A backup keeps:"), .terms(kept), .heading("A backup does not keep:"), .terms(notKept)]
    }

    private static func phrase(_ property: BackedUpProperty) -> String {
        switch property {
        case .units: "the unit count"
        case .edition: "the edition"
        case .productVersion: "the product version"
        case .region: "the region"
        case .controlNumbers: "the EDI control numbers"
        case .micValues: "the AS2 message MIC values"
        }
    }

    /// What a restore needs, gives and warns: the engine's restore rules.
    static func restoreBlocks() -> [HelpBlock] {
        let order = Edition.allCases.filter(\.supportsBackup).map(\.displayName).joined(separator: " < ")
        let effect = Rules.effect(of: .restore)
        var gives: [String] = []
        if case .becomes(let state) = effect.onSuccess {
            gives.append("A restored service starts \(state), with the backup's product version; resume it to run.")
        }
        if case .becomes(let failed) = effect.onFailure {
            let out = wayOut(of: failed)
            gives.append("A restore that fails leaves a service in \(failed). " + out)
        }
        let warns = warningEntries.filter { $0.occasion == .restore }
        return [
            .heading("A restore needs:"),
            .list([
                "a backup of a \(list(Edition.allCases.filter(\.supportsBackup).map(\.displayName), conjunction: "or")) service: 'list backups' lists them",
                "a name no service has: a new one, or the name of a deleted service once it is free again "
                    + "(held \(Engine.defaultNameHold) after the delete unless 'hold names for' says otherwise)",
                "the backup's edition or a higher one (\(order)); never a lower one",
            ]),
            .heading("A restore gives:"),
        ] + gives.map(HelpBlock.text) + [
            .heading("A restore warns:"),
            .list(warns.map(\.meaning)),
        ]
    }

    /// The tracking database: in no backup; geo-replication recommended.
    static func trackingDatabaseBlocks() -> [HelpBlock] {
        [
            .heading("The tracking database:"),
            .text("Its details, the server and the database's name, are entered at create (tracking-server, tracking-database) "
                + "and kept as a setting (tracking-database), which a backup keeps; its records are in no service backup. "
                + "Once it is deleted, only a backup of the database itself brings them back; without one they are gone, "
                + "and the way on is a new database of the same name. Protect it with geo-replication, as the backup "
                + "article recommends."),
        ] + trackingSyntax.map(HelpBlock.syntax)
    }

    private static let trackingSyntax = [
        "create tracking database of SERVICE", "delete tracking database of SERVICE",
        "backup tracking database of SERVICE as BACKUP", "restore tracking database BACKUP",
    ]

    private static var trackingDatabaseTopic: HelpTopic {
        HelpTopic(
            "tracking-database", .subject, summary: "a service's tracking database, which no service backup holds",
            title: ["tracking-database: the records of what a service processed"]
        ) {
            [.text("A service names its tracking database in the tracking-database setting; processing messages adds records to it.")]
                + trackingDatabaseBlocks()
                + [.example("create tracking database of contoso")]
        }
    }

    // MARK: Warnings

    /// When the engine gives a warning.
    enum Occasion: CaseIterable {
        case backup, restore, processing, trackingRestore, trackingDelete

        var heading: String {
            switch self {
            case .backup: "When a backup is taken:"
            case .restore: "When a restore runs:"
            case .processing: "When messages are processed:"
            case .trackingRestore: "When a tracking database is restored:"
            case .trackingDelete: "When a tracking database is deleted:"
            }
        }
    }

    /// A warning kind: when it comes, what it means, and what it reads
    /// like (its text from the catalogue, with example facts).
    struct WarningEntry {
        let kind: LifecycleWarning.Kind
        let occasion: Occasion
        let meaning: String
        let example: LifecycleWarning
    }

    /// One entry per kind of warning the engine gives.
    static var warningEntries: [WarningEntry] {
        LifecycleWarning.Kind.allCases.map { kind in
            switch kind {
            case .batchMessagesLost:
                WarningEntry(kind: kind, occasion: .backup,
                             meaning: "Messages were waiting in the active batch: the backup does not hold them, and they are lost.",
                             example: .batchMessagesLost(service: "contoso", count: 3, backup: "nightly"))
            case .hybridConnectionsToRecreate:
                WarningEntry(kind: kind, occasion: .restore,
                             meaning: "The service had hybrid connections, which no backup keeps: recreate them on the restored service.",
                             example: .hybridConnectionsToRecreate(service: "contoso-dr", names: ["onprem-sql"]))
            case .controlNumbersMayRepeat:
                WarningEntry(kind: kind, occasion: .restore,
                             meaning: "The backup's service processed messages after the backup was taken: the restored service goes on from the backup's EDI control numbers, so some may be used twice.",
                             example: .controlNumbersMayRepeat(source: "contoso", backup: "nightly", messagesSince: 5, controlNumbersSince: 5))
            case .sharedSourceFolder:
                WarningEntry(kind: kind, occasion: .restore,
                             meaning: "A restored agreement reads the same FTP folder as an agreement of another service: both may pull the same messages.",
                             example: .sharedSourceFolder(agreement: "orders-x12", folder: "ftp://ftp.contoso.com/in",
                                                          otherService: "contoso", otherAgreement: "orders-x12"))
            case .targetTheRightEnvironment:
                WarningEntry(kind: kind, occasion: .restore,
                             meaning: "Another service of the backup's lineage (the service it came from, or another copy restored from that line) still exists beside the restored one: tools must target the right environment.",
                             example: .targetTheRightEnvironment(service: "contoso-dr", others: ["contoso"]))
            case .updateAccessControlCredentials:
                WarningEntry(kind: kind, occasion: .restore,
                             meaning: "Always: applications built with the SDK may need the restored service's ACS credentials.",
                             example: .updateAccessControlCredentials(service: "contoso-dr"))
            case .scheduleBackups:
                WarningEntry(kind: kind, occasion: .restore,
                             meaning: "Always: a restored service has no scheduled backups; set them up ('help schedule').",
                             example: .scheduleBackups(service: "contoso-dr"))
            case .trackingRecordsReplaced:
                WarningEntry(kind: kind, occasion: .trackingRestore,
                             meaning: "The database restored over one that held other records: those it held are replaced by the backup's.",
                             example: .trackingRecordsReplaced(backup: "tracking-1", had: 12, restored: 8))
            case .trackingDatabaseMissing:
                WarningEntry(kind: kind, occasion: .processing,
                             meaning: "The service's tracking database does not exist: the processed messages' records were not kept.",
                             example: .trackingDatabaseMissing(service: "contoso", records: 4))
            case .trackingDatabaseDeleted:
                WarningEntry(kind: kind, occasion: .trackingDelete,
                             meaning: "Always: the records are gone; only a backup of the database brings them back, and without one they cannot be recovered.",
                             example: .trackingDatabaseDeleted(service: "contoso", records: 12, backup: nil))
            }
        }
    }

    private static var warningsTopic: HelpTopic {
        HelpTopic(
            "warnings", .subject, summary: "every warning the engine gives: when, and what it means",
            title: ["warnings: what the engine warns about"]
        ) {
            var blocks: [HelpBlock] = [
                .text("A warning follows an operation that ran: nothing was refused, but something needs your attention. "
                    + "The script goes on; warnings() gives the warnings of the statement before, to assert on, "
                    + "and kind(w) one's kind: 'expect warning KIND { }' checks that a block gives one."),
            ]
            let entries = warningEntries
            for occasion in Occasion.allCases {
                let these = entries.filter { $0.occasion == occasion }
                guard !these.isEmpty else { continue }
                blocks.append(.heading(occasion.heading))
                for entry in these {
                    blocks.append(.list([entry.kind.name + ": " + entry.meaning]))
                    blocks.append(.output("warning: " + Message.text(of: entry.example)))
                }
            }
            blocks.append(.example("expect warning batch-lost { backup contoso }"))
            return blocks
        }
    }

    // MARK: Errors

    private static var errorsTopic: HelpTopic {
        HelpTopic(
            "errors", .subject, summary: "the kinds of error a script can meet, and what each stops",
            title: ["errors: what can go wrong, and what each stops"]
        ) {
            let refusal = Message.runtime(.lifecycle(.notAllowed(.resume, service: "contoso", state: .stopped)))
            return [
                .heading("Mistakes in the text, found before anything runs:"),
                .text("A statement mabs does not know, a word missing, a state, edition or function that does not exist. "
                    + "Each is shown at its place (file:line:column, the line, a caret), and nothing runs. "
                    + "'mabs check FILE' looks for them alone."),
                .output("error: " + Message.syntax(.unknownStatement("strat", suggestion: "start")).text),
                .output("error: " + Message.runtime(.unknownState("stoped", suggestion: "Stopped")).text),
                .heading("Refusals, as a statement runs:"),
                .text("The rules forbid it: an operation the state does not allow (the seed's words, Operation not allowed), "
                    + "a name in use or still held, a lower edition, a full quota, a service that does not exist. "
                    + "Nothing changes and nothing is logged. A script stops there; at the prompt, the entry does. "
                    + "'expect error' expects one; 'explain OPERATION on NAME' says why."),
                .output("error: " + refusal.text),
                .heading("Failed checks:"),
                .text("An assert that does not hold says what it found; the script goes on (--bail stops it), and its run counts as failed."),
                .output("error: " + Message.runtime(.assertionFailed("contoso is Stopped, not Active")).text),
                .heading("Failures are not errors:"),
                .text("An operation that runs and fails (after 'fail next', or by 'chaos') leaves the service in a failure state "
                    + "and is logged as Failed; the script goes on. 'help states' says how each failure state is left."),
                .heading("Limits:"),
                .text("A run that goes on too long stops at the step limit (--max-steps), procedures nested too deep at the call depth. "
                    + "'expect error' never catches the step limit."),
                .output("error: " + Message.runtime(.stepLimit(Session.Options().stepLimit)).text),
                .heading("Kinds, for 'expect error KIND { }' (a text in quotes matches the message instead):"),
                .terms(ErrorKind.catchable.map { HelpTerm($0.name, $0.summary) }),
                .example("expect error not-allowed { resume contoso }"),
            ]
        }
    }

    private static var expressionsTopic: HelpTopic {
        HelpTopic(
            "expressions", .subject, summary: "values, operators and conditions",
            title: ["expressions: values, operators and conditions"]
        ) {
            [
                .terms([
                    HelpTerm("values", "1, 2.1, \"text ${expr}\", 90s (a duration: d, h, m, s), true, false, [a, b] (a list), 1..5 (a range), $var (a variable)"),
                    HelpTerm("conditions", "NAME is [not] STATE, NAME can[not] OPERATION, and, or, not"),
                    HelpTerm("comparisons", "== != < <= > >=, and in: an item of a list, a number of a range, a part of a text (ignoring case)"),
                    HelpTerm("items", "$list[0], warnings()[1], \"text\"[0]: from 0; an index outside is an error"),
                    HelpTerm("arithmetic", "+ - * / %"),
                ]),
                .text("Bare words are names, states, editions or operations. A binary minus needs spaces around it."),
                .example("let n = units(contoso) * 2; assert contoso is Active and $n > 2"),
            ]
        }
    }

    // MARK: States

    static var stateTopics: [HelpTopic] {
        let onlyThroughFailures = Set(StateMachine.reachability.onlyThroughFailures)
        return ServiceState.allCases.map { state in
            let kind = onlyThroughFailures.contains(state) ? "a failure state" : "a state"
            return HelpTopic(
                state.displayName, .state, summary: stateSummary(state),
                title: ["\(state.displayName): \(kind) (help states lists all \(ServiceState.allCases.count))"]
            ) { stateBlocks(state) }
        }
    }

    /// `allows stop, restart, ...`, or `allows only delete`.
    private static func stateSummary(_ state: ServiceState) -> String {
        let allowed = Rules.allowedOperations(in: state).operations.map(\.keyword)
        return allowed == [Lifecycle.Operation.delete.keyword] ? "allows only delete" : "allows " + allowed.joined(separator: ", ")
    }

    /// How a state is reached, what it allows, and the way out: the
    /// transitions into it, Rules, and the transitions out of it.
    private static func stateBlocks(_ state: ServiceState) -> [HelpBlock] {
        let node = StateMachine.Node.state(state)
        var blocks: [HelpBlock] = [.heading("How it is reached:")]
        var reached: [(operation: Lifecycle.Operation, fails: Bool, from: [StateMachine.Node])] = []
        for transition in StateMachine.transitions where transition.to == node && transition.from != node {
            if let index = reached.firstIndex(where: { $0.operation == transition.operation && $0.fails == transition.fails }) {
                reached[index].from.append(transition.from)
            } else {
                reached.append((transition.operation, transition.fails, [transition.from]))
            }
        }
        blocks.append(.terms(reached.map { entry in
            let from = entry.from.compactMap { if case .state(let s) = $0 { s.displayName } else { nil } }
            let text = from.isEmpty ? "as it makes a new service" : "from " + list(from, conjunction: "or")
            return HelpTerm(entry.operation.keyword + (entry.fails ? " fails" : " succeeds"),
                            (entry.operation.isPlatformEvent ? "a platform event, " : "") + text)
        }))

        blocks.append(.heading("What it allows:"))
        let allowed = Rules.allowedOperations(in: state).operations
        blocks.append(.terms(allowed.map { operation in
            HelpTerm(operation.keyword, (operation.isPlatformEvent ? "a platform event: " : "") + leads(operation, from: state))
        }))
        var also = ["Any other operation is refused: Operation not allowed."]
        also.append(Engine.contentStates.contains(state)
            ? "Its contents may change (add, remove)." : "Its contents cannot change.")
        also.append(state == Engine.messageState ? "It processes messages." : "It processes no messages.")
        blocks.append(.text(also.joined(separator: " ")))

        let out = wayOut(of: state)
        blocks.append(.heading(onlyDeleteLeadsOut(state) || StateMachine.reachability.onlyThroughFailures.contains(state)
            ? "The way out:" : "Where it leads:"))
        blocks.append(.text(out))
        blocks.append(.example("path contoso to \(state.displayName)"))
        return blocks
    }

    /// Where running `operation` from `state` leads, on success and on
    /// failure.
    private static func leads(_ operation: Lifecycle.Operation, from state: ServiceState) -> String {
        let effect = Rules.effect(of: operation)
        func place(_ outcome: Rules.Effect) -> String {
            switch outcome.apply(to: state) {
            case state?: "stays \(state)"
            case let next?: next.displayName
            case nil: "the service is gone (its name held)"
            }
        }
        let success = place(effect.onSuccess), failure = place(effect.onFailure)
        return success == failure ? success + ", whether it succeeds or fails" : success + ", or " + failure + " if it fails"
    }

    private static func onlyDeleteLeadsOut(_ state: ServiceState) -> Bool {
        StateMachine.onlyDeleteLeadsOut.contains(state)
    }

    /// The operations that lead out of `state` to another state when they
    /// succeed; where only delete does, delete, the name hold, and the
    /// operation that made the service, again.
    static func wayOut(of state: ServiceState) -> String {
        let node = StateMachine.Node.state(state)
        if onlyDeleteLeadsOut(state) {
            let makers = StateMachine.transitions.filter { $0.from == .none && $0.to == node }.map(\.operation.keyword)
            let again = makers.isEmpty ? "" : ", then \(list(makers, conjunction: "or")) it again"
            return "Only delete leads out: delete it, wait out the name hold (\(Engine.defaultNameHold) unless set)\(again)."
        }
        let onward = StateMachine.transitions.filter { $0.from == node && !$0.fails && $0.to != node }
        let steps = onward.compactMap { transition -> String? in
            guard case .state(let to) = transition.to else { return nil }
            return "\(transition.operation.keyword) (to \(to))"
        }
        let deletable = onward.contains { $0.to == .none }
        return list(steps + (deletable ? ["delete"] : []), conjunction: "or") + "."
    }

    private static var statesList: HelpTopic {
        HelpTopic(
            "states", .subject, summary: "the \(ServiceState.allCases.count) states, and what each allows",
            title: ["states: the \(ServiceState.allCases.count) states a service can be in"]
        ) {
            [
                .text("Typed states ignore case, spaces, hyphens and underscores (stop-failed). 'help STATE' says how one is reached, what it allows and the way out; 'table' shows them all."),
                .terms(ServiceState.allCases.map { HelpTerm($0.displayName, stateSummary($0)) }),
                .example("assert contoso is stop-failed"),
            ]
        }
    }

    // MARK: Operations

    private static var operationsList: HelpTopic {
        HelpTopic(
            "operations", .subject, summary: "what each operation does, success and failure",
            title: ["operations: what can be run against a service"]
        ) {
            let aliases = Vocabulary.operationAliases.map { "\($0.0.spelling) is \($0.1.keyword)" }
            return [
                .text("The names fail next, can and cannot take; \(list(aliases)). Each is a statement too: 'help OPERATION'."),
                .terms(Lifecycle.Operation.allCases.map { operation in
                    let effect = Rules.effect(of: operation)
                    let outcome = [effect.onSuccess, effect.onFailure].map { outcome -> String in
                        switch outcome {
                        case .becomes(let state): state.displayName
                        case .keeps: "unchanged"
                        case .removed: "gone"
                        }
                    }
                    return HelpTerm(operation.keyword, (operation.isPlatformEvent ? "a platform event: " : "")
                        + (outcome[0] == outcome[1] ? "\(outcome[0]), whether it succeeds or fails" : "\(outcome[0]), or \(outcome[1]) if it fails"))
                }),
                .example("assert contoso can backup"),
            ]
        }
    }

    // MARK: Functions

    static var functionTopics: [HelpTopic] {
        Builtins.names.map { name in
            let function = Builtins.function(name)!
            let signature = "\(name)(\(function.parameters.joined(separator: ", ")))"
            return HelpTopic(name + "()", .function, summary: function.summary, title: [signature]) {
                var blocks: [HelpBlock] = [.text(capitalized(function.summary) + "; it gives \(function.gives.phrase).")]
                if let words = function.words, let last = function.parameters.last {
                    blocks.append(.text("\(last): one of " + words.names.joined(separator: ", ") + "."))
                }
                blocks.append(.example(functionExample(name, function)))
                return blocks
            }
        }
    }

    /// The example argument for each parameter name a function takes.
    static func sampleArgument(_ parameter: String) -> String? {
        switch parameter {
        case "service": "contoso"
        case "backup": "nightly"
        case "kind": ContentKind.bridge.name
        case "quota": QuotaKind.bridges.name
        case "key": SettingKey.acsNamespace.name
        case "list": "[1, 2, 3]"
        case "warning": "warnings()[0]"
        case "text": "\"batch lost\""
        case "part": "\"lost\""
        default: nil
        }
    }

    /// `print NAME(ARGUMENTS)`, or `assert ...` for a condition.
    static func functionExample(_ name: String, _ function: Builtins.Function) -> String {
        let call = "\(name)(\(function.parameters.map { sampleArgument($0) ?? $0 }.joined(separator: ", ")))"
        return (function.gives == .condition ? "assert " : "print ") + call
    }

    private static var functionsList: HelpTopic {
        HelpTopic(
            "functions", .subject, summary: "the built-in functions, to print, compare and assert",
            title: ["functions: values to print, compare and assert"]
        ) {
            [
                .text("Call one as NAME(ARGUMENT, ...); 'help NAME()' says more of one."),
                .terms(Builtins.names.map { name in
                    HelpTerm("\(name)(\(Builtins.function(name)!.parameters.joined(separator: ", ")))", Builtins.function(name)!.summary)
                }),
                .example("assert contents(contoso, bridge) == [\"orders\"]"),
            ]
        }
    }

    // MARK: Kinds of content

    /// What each kind is, and a name to show it with.
    private static func describe(_ kind: ContentKind) -> (what: String, example: String) {
        switch kind {
        case .partner: ("A trading partner: a business the service exchanges messages with.", "fabrikam")
        case .profile: ("A partner's business profile: the identities its messages carry.", "fabrikam-edi")
        case .agreement: ("An agreement between two partners' profiles: how their EDI or AS2 messages are sent and received. It may read a source FTP folder.", "orders-x12")
        case .bridge: ("An EAI bridge: a deployed pipeline that receives, transforms and routes messages.", "orders")
        case .assembly: ("A custom assembly deployed for bridges to call.", "contoso-maps")
        case .certificate: ("A certificate that signs, encrypts or authenticates messages.", "signing")
        case .transform: ("A map that turns one message schema into another.", "po-map")
        case .pipeline: ("A deployed message pipeline.", "inbound")
        case .template: ("An agreement template saved in the portal, to make agreements from.", "x12-default")
        case .x12Mapping: ("A mapping of X12 ST01 and GS01 values: which transaction sets go in which functional groups.", "st01-850")
        case .hybridConnection: ("A hybrid connection: a link to a resource on premises, such as a database.", "sql")
        }
    }

    static var kindTopics: [HelpTopic] {
        ContentKind.allCases.map { kind in
            HelpTopic(kind.name, .contentKind, summary: firstSentence(describe(kind).what),
                      title: ["\(kind.name): a kind of portal content (help kinds lists all \(ContentKind.allCases.count))"]) {
                [
                    .text(describe(kind).what),
                    .text(kind.isBackedUp ? "A backup keeps it." : "No backup keeps it, whatever the edition: recreate it after a restore."),
                    .text(quotaSentence(kind)),
                    .text("Added and removed while a service is \(list(Engine.contentStates.map(\.displayName), conjunction: "or"))."),
                    .example("add \(kind.name) \(describe(kind).example) to contoso"),
                ]
            }
        }
    }

    /// Which quotas one item of `kind` counts against, and each edition's.
    private static func quotaSentence(_ kind: ContentKind) -> String {
        let quotas = QuotaKind.counted(for: kind)
        guard !quotas.isEmpty else { return "It counts against no quota." }
        let cost = Contents.cost(of: kind)
        let counts = quotas.map { quota in cost[quota] == 1 ? quota.name : "\(quota.name) (\(cost[quota]) each)" }
        let perUnit = Edition.allCases.map { edition in
            "\(edition) " + quotas.map { "\(edition.quotaPerUnit[$0]) \($0.name)" }.joined(separator: " and ")
        }
        return "It counts against the quota of \(list(counts)). Per unit: " + perUnit.joined(separator: ", ") + "."
    }

    private static var kindsList: HelpTopic {
        HelpTopic(
            "kinds", .subject, otherNames: ["content kinds"], summary: "the kinds of portal content, and which a backup keeps",
            title: ["kinds: what a service's portal holds"]
        ) {
            [
                .text("add KIND NAME to SERVICE adds one; a kind may be written in the plural (bridges)."),
                .terms(ContentKind.allCases.map { kind in
                    HelpTerm(kind.name, firstSentence(describe(kind).what) + (kind.isBackedUp ? "" : "; no backup keeps it"))
                }),
                .example("print contents(contoso, bridges)"),
            ]
        }
    }

    // MARK: Editions

    static var editionTopics: [HelpTopic] {
        Edition.allCases.map { edition in
            HelpTopic(edition.displayName, .edition, summary: editionSummary(edition),
                      title: ["\(edition.displayName): an edition (\(Edition.allCases.map(\.displayName).joined(separator: " < ")))"]) {
                let units = edition.unitRange
                let restoresTo = Edition.allCases.filter { $0 >= edition }.map(\.displayName)
                return [
                    .terms([
                        HelpTerm("units", units.count == 1 ? "\(units.lowerBound), and it cannot scale" : "\(units.lowerBound) to \(units.upperBound) (scale NAME to N)"),
                        HelpTerm("per unit", quotaPhrase(edition)),
                        HelpTerm("backups", edition.supportsBackup
                            ? "yes; a backup restores into \(list(restoresTo, conjunction: "or"))" : "no: it cannot be backed up or restored"),
                    ]),
                    .example("create contoso edition \(edition.displayName.lowercased())"),
                ]
            }
        }
    }

    private static func quotaPhrase(_ edition: Edition) -> String {
        QuotaKind.allCases.map { "\(edition.quotaPerUnit[$0]) \($0.name)" }.joined(separator: ", ")
    }

    private static func editionSummary(_ edition: Edition) -> String {
        let units = edition.unitRange
        return (units.count == 1 ? "\(units.lowerBound) unit" : "\(units.lowerBound) to \(units.upperBound) units")
            + "; per unit " + quotaPhrase(edition) + (edition.supportsBackup ? "" : "; no backups")
    }

    private static var editionsList: HelpTopic {
        HelpTopic(
            "editions", .subject, summary: "the four editions: units, quotas, backups",
            title: ["editions: " + Edition.allCases.map(\.displayName).joined(separator: " < ")]
        ) {
            [
                .terms(Edition.allCases.map { HelpTerm($0.displayName, editionSummary($0)) }),
                .text(unitsSentence() + " " + backupSentence() + " An agreement counts as 2 bridges."),
                .example("create contoso edition basic units 3"),
            ]
        }
    }

    private static func capitalized(_ text: String) -> String {
        text.prefix(1).uppercased() + text.dropFirst()
    }
}

extension ValueKind {
    /// What a function that gives this kind gives, in words.
    var phrase: String {
        switch self {
        case .number: "a number"
        case .duration: "a duration"
        case .condition: "true or false"
        case .list: "a list"
        case .text: "text"
        case .time: "a time"
        case .state: "a state"
        case .edition: "an edition"
        case .version: "a product version"
        }
    }
}

extension Lexicon {
    /// The words, as scripts write them.
    var names: [String] {
        switch self {
        case .setting: SettingKey.allCases.map(\.name)
        case .quota: QuotaKind.allCases.map(\.word)
        case .contentKind: ContentKind.allCases.map(\.name)
        case .state: ServiceState.allCases.map(\.displayName)
        case .edition: Edition.allCases.map(\.displayName)
        }
    }
}
