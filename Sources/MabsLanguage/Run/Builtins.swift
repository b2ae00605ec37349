import Lifecycle
import MabsPresentation

/// The state a mistyped state name was probably meant to be.
func stateSuggestion(_ text: String) -> String? {
    suggestion(for: text.lowercased(), among: ServiceState.allCases.map { $0.displayName.lowercased() })
        .flatMap { ServiceState(userInput: $0)?.displayName }
}

/// The functions every script has.
enum Builtins {
    struct Function: Sendable {
        var parameters: [String]
        /// What it gives.
        var gives: ValueKind
        /// The words its last argument must be one of (a setting's key, a
        /// quota, a kind of content), checked before running when literal.
        var words: Lexicon? = nil
        var summary: String
        var body: @Sendable (EngineBridge, [Value], Site) throws -> Value
    }

    static func function(_ name: String) -> Function? { table[name] }

    static var names: [String] { table.keys.sorted() }

    /// Every function in name order: a call is resolved to its index once.
    static let all: [(name: String, function: Function)] = table.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }

    private static let indices = Dictionary(uniqueKeysWithValues: all.enumerated().map { ($1.name, $0) })

    /// The place of the function `name` in `all`.
    static func index(_ name: String) -> Int? { indices[name] }

    /// The named backup, for functions that take one.
    private static func backup(_ bridge: EngineBridge, _ value: Value, _ at: Site) throws -> Backup {
        guard let backup = bridge.engine.backup(named: value.description) else {
            throw RuntimeError(.lifecycle(.noSuchBackup(value.description)), at)
        }
        return backup
    }

    /// `value` as a word of `lexicon`, or the error that it is none.
    private static func word<T>(_ value: Value, _ lexicon: Lexicon, _ at: Site, _ read: (String) -> T?) throws -> T {
        let text = value.description
        guard let word = read(text) else { throw RuntimeError(lexicon.unknown(text), at) }
        return word
    }

    private static func kind(_ value: Value, _ at: Site) throws -> ContentKind {
        try word(value, .contentKind, at) { ContentKind(userInput: $0) }
    }

    private static func quotaKind(_ value: Value, _ at: Site) throws -> QuotaKind {
        try word(value, .quota, at) { QuotaKind(userInput: $0) }
    }

    private static func setting(_ value: Value, _ at: Site) throws -> SettingKey {
        try word(value, .setting, at) { SettingKey(userInput: $0) }
    }

    /// A setting's value: a secret's is wrapped so it prints masked.
    private static func value(_ key: SettingKey, in settings: Settings) -> Value {
        guard let text = settings[key] else { return .string("") }
        return key.isSecret ? .secret(Secret(text)) : .string(text)
    }

    /// The named service, for functions that take one.
    private static func service(_ bridge: EngineBridge, _ value: Value, _ at: Site) throws -> Service {
        guard let service = bridge.engine.service(named: value.description) else {
            throw RuntimeError(.lifecycle(.noSuchService(value.description)), at)
        }
        return service
    }

    static let table: [String: Function] = [
        "state": Function(parameters: ["service"], gives: .state, summary: "the service's state") { i, args, at in
            .state(try service(i, args[0], at).state)
        },
        "units": Function(parameters: ["service"], gives: .number, summary: "the service's unit count") { i, args, at in
            .int(try service(i, args[0], at).units)
        },
        "edition": Function(parameters: ["service"], gives: .edition, summary: "the service's edition") { i, args, at in
            .edition(try service(i, args[0], at).edition)
        },
        "version": Function(parameters: ["service"], gives: .version, summary: "the service's product version") { i, args, at in
            .version(try service(i, args[0], at).productVersion)
        },
        "exists": Function(parameters: ["service"], gives: .condition, summary: "whether the service exists") { i, args, _ in
            .bool(i.engine.service(named: args[0].description) != nil)
        },
        "backup_exists": Function(parameters: ["backup"], gives: .condition, summary: "whether the backup (of a service or of a tracking database) exists") { i, args, _ in
            .bool(i.engine.backup(named: args[0].description) != nil || i.engine.databaseBackup(named: args[0].description) != nil)
        },
        "region": Function(parameters: ["service"], gives: .text, summary: "the service's region") { i, args, at in
            .string(try service(i, args[0], at).region)
        },
        "backup_edition": Function(parameters: ["backup"], gives: .edition, summary: "the edition a backup was taken from") { i, args, at in
            .edition(try backup(i, args[0], at).edition)
        },
        "backup_units": Function(parameters: ["backup"], gives: .number, summary: "the unit count a backup holds") { i, args, at in
            .int(try backup(i, args[0], at).units)
        },
        "backup_version": Function(parameters: ["backup"], gives: .version, summary: "the product version a backup holds") { i, args, at in
            .version(try backup(i, args[0], at).productVersion)
        },
        "backup_region": Function(parameters: ["backup"], gives: .text, summary: "the region a backup holds") { i, args, at in
            .string(try backup(i, args[0], at).region)
        },
        "now": Function(parameters: [], gives: .time, summary: "the simulated time") { i, _, _ in
            .time(i.engine.now)
        },
        "contents": Function(parameters: ["service", "kind"], gives: .list, words: .contentKind, summary: "the names of a kind of content a service holds") { i, args, at in
            .list(ListItems(try service(i, args[0], at).contents.items(try kind(args[1], at)).map { .string($0.name) }))
        },
        "backup_contents": Function(parameters: ["backup", "kind"], gives: .list, words: .contentKind, summary: "the names of a kind of content a backup holds") { i, args, at in
            .list(ListItems(try backup(i, args[0], at).contents.items(try kind(args[1], at)).map { .string($0.name) }))
        },
        "quota": Function(parameters: ["service", "quota"], gives: .number, words: .quota, summary: "how many bridges, agreements or hybrid connections the service may hold") { i, args, at in
            .int(try service(i, args[0], at).quota[try quotaKind(args[1], at)])
        },
        "usage": Function(parameters: ["service", "quota"], gives: .number, words: .quota, summary: "how much of a quota is in use (an agreement counts as 2 bridges)") { i, args, at in
            .int(try service(i, args[0], at).contents.usage[try quotaKind(args[1], at)])
        },
        "control_number": Function(parameters: ["service"], gives: .number, summary: "the last EDI control number used") { i, args, at in
            .int(try service(i, args[0], at).controlNumber)
        },
        "mic_values": Function(parameters: ["service"], gives: .number, summary: "how many AS2 message MIC values the service has recorded") { i, args, at in
            .int(try service(i, args[0], at).micValues)
        },
        "backup_control_number": Function(parameters: ["backup"], gives: .number, summary: "the EDI control number a backup holds") { i, args, at in
            .int(try backup(i, args[0], at).controlNumber)
        },
        "backup_mic_values": Function(parameters: ["backup"], gives: .number, summary: "how many AS2 message MIC values a backup holds") { i, args, at in
            .int(try backup(i, args[0], at).micValues)
        },
        "batch_size": Function(parameters: ["service"], gives: .number, summary: "how many messages wait in the active batch") { i, args, at in
            .int(try service(i, args[0], at).activeBatch)
        },
        "tracking_records": Function(parameters: ["service"], gives: .number, summary: "how many records the service's tracking database holds (0 if none)") { i, args, at in
            .int(i.engine.trackingRecords(of: try service(i, args[0], at).name) ?? 0)
        },
        "backups": Function(parameters: ["service"], gives: .list, summary: "the backups taken of a service, oldest first") { i, args, _ in
            return .list(ListItems(i.engine.backups(takenFrom: args[0].description).map { .string($0.name) }))
        },
        "setting": Function(parameters: ["service", "key"], gives: .text, words: .setting, summary: "a setting's value (a secret compares, but prints masked)") { i, args, at in
            value(try setting(args[1], at), in: try service(i, args[0], at).settings)
        },
        "backup_setting": Function(parameters: ["backup", "key"], gives: .text, words: .setting, summary: "a setting's value in a backup (a secret compares, but prints masked)") { i, args, at in
            value(try setting(args[1], at), in: try backup(i, args[0], at).settings)
        },
        "schedule": Function(parameters: ["service"], gives: .text, summary: "the service's backup schedule in words, or \"none\"") { i, args, at in
            let service = try service(i, args[0], at)
            return .string(i.engine.schedule(of: service.name)?.summary ?? "none")
        },
        "next_backup": Function(parameters: ["service"], gives: .time, summary: "when the service's next scheduled backup comes due") { i, args, at in
            let service = try service(i, args[0], at)
            guard let schedule = i.engine.schedule(of: service.name) else { throw RuntimeError(.noSchedule(service.name), at) }
            return .time(schedule.next)
        },
        "differences": Function(parameters: ["backup", "service"], gives: .list, summary: "what compare says differs between two services or backups, by name") { i, args, at in
            let a = try i.holding(args[0].description, at), b = try i.holding(args[1].description, at)
            return .list(ListItems(a.differences(from: b).map { .string(Comparisons.label($0.aspect)) }))
        },
        "warnings": Function(parameters: [], gives: .list, summary: "the warnings of the statement before this one") { i, _, _ in
            .list(ListItems(i.lastWarnings.map { .warning(WarningItem($0)) }))
        },
        "kind": Function(parameters: ["warning"], gives: .text, summary: "a warning's kind (an item of warnings()), as 'help warnings' names it") { _, args, at in
            guard case .warning(let item) = args[0] else {
                throw RuntimeError(.expectedValue(.warning, for: "kind", found: args[0].literal), at)
            }
            return .string(item.kind.name)
        },
        "contains": Function(parameters: ["text", "part"], gives: .condition, summary: "whether a text holds a part, ignoring case, or a list an item") { i, args, at in
            .bool(try Operators.contains(args[0], args[1], for: "contains", at))
        },
        "len": Function(parameters: ["list"], gives: .number, summary: "how many items a list, range or string has") { _, args, at in
            switch args[0].plain {
            case .list(let items): return .int(items.count)
            case .range(let low, let high):
                guard low <= high else { return .int(0) }
                let (span, overflow) = high.subtractingReportingOverflow(low)
                guard !overflow, span < Int.max else { throw RuntimeError(.overflow("len"), at) }
                return .int(span + 1)
            case .string(let s): return .int(s.count)
            default: throw RuntimeError(.expectedValue(.listRangeOrString, for: "len", found: args[0].literal), at)
            }
        },
    ]
}
