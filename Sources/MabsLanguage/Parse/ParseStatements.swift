import Lifecycle
import MabsPresentation

// Statements. One function per grammar rule, named after it; the keyword
// that selects a rule is recognised only at the start of a statement.

extension Parser {
    /// statement -> (a statement keyword's rule) | callstat | exprstat
    ///
    /// A statement keyword selects its rule through `Vocabulary.statements`
    /// (the grammar's `statement` names each rule); anything else starts a
    /// call or an expression statement.
    mutating func statement() throws(ParseStop) -> Stmt {
        let start = token.range.start
        let kind: StmtKind
        switch token.kind {
        case .word:
            guard let word = currentWord else { return try expressionStatement() }
            if let parse = Vocabulary.parser(word) {
                kind = try parse(&self)
                break
            }
            switch word {
            case .else:
                try fail(.elseWithoutIf(startsLine: startsLine(token.range)), at: token.range)
            case .and, .or, .is, .can, .cannot, .in:
                try failAtToken { found, _ in .expectedStatement(found: found) }
            default:
                // `not`, `true`, `false` and contextual words (`edition`,
                // `to`, ...) start expressions here.
                return try expressionStatement()
            }
        case .variable, .integer, .duration, .version, .string, .leftParen, .leftBracket, .minus:
            return try expressionStatement()
        default:
            try failAtToken { found, _ in .expectedStatement(found: found) }
        }
        return Stmt(kind: kind, range: rangeFrom(start))
    }

    /// createstat -> 'create' name ['edition' name] ['units' expr] ['region' expr]
    mutating func createStatement() throws(ParseStop) -> StmtKind {
        advance()
        let service = try name(.service)
        if atTrackingDatabase(service) { return try trackingStatement(.create) }
        let edition = try clause(.edition, name: .edition)
        let units = try clause(.units)
        let region = try clause(.region)
        var tracking: TrackingDetails?
        if let server = try clause(.trackingServer) {
            try expect(.trackingDatabase)
            tracking = TrackingDetails(server: server, database: try expression())
        }
        return .create(name: service, edition: edition, units: units, region: region, tracking: tracking)
    }

    /// simplestat -> ('start' | 'stop' | 'restart' | 'suspend' | 'resume'
    ///              | 'delete' | 'disable' | 'enable') name
    mutating func operationStatement(_ operation: Lifecycle.Operation) throws(ParseStop) -> StmtKind {
        advance()
        let service = try name(.service)
        if operation == .delete && atTrackingDatabase(service) { return try trackingStatement(.delete) }
        return .operation(operation, service)
    }

    /// scalestat -> 'scale' name 'to' expr
    mutating func scaleStatement() throws(ParseStop) -> StmtKind {
        advance()
        let service = try name(.service)
        try expect(.to)
        return .scale(service, to: try expression())
    }

    /// updatestat -> 'update' name 'set' setting { ',' setting }
    /// setting -> word '=' expr
    ///
    /// A newline may follow a ','.
    mutating func updateStatement() throws(ParseStop) -> StmtKind {
        advance()
        let service = try name(.service)
        try expect(.set)
        var settings: [Setting] = []
        defer { continuationPending = false }
        while true {
            guard token.kind == .word else {
                try failAtToken { .expectedName(.setting, after: $1, found: $0) }
            }
            continuationPending = false
            if let word = currentWord, word.isReserved {
                try fail(.reservedWord(word.spelling, .setting), at: token.range)
            }
            let key = symbol
            let keyRange = token.range
            advance()
            try expect(.assign)
            let value = try expression()
            settings.append(Setting(key: key, keyRange: keyRange, value: value))
            guard token.kind == .comma else { break }
            advance()
            continuationPending = true
            while token.kind == .newline { advance() }
        }
        return .update(service, settings: settings)
    }

    /// backupstat -> 'backup' name ['as' name]
    mutating func backupStatement() throws(ParseStop) -> StmtKind {
        advance()
        let service = try name(.service)
        if atTrackingDatabase(service) { return try trackingStatement(.backup) }
        let backupName = try clause(.as, name: .backup)
        return .backup(service, as: backupName)
    }

    /// restorestat -> 'restore' name ['to' name] ['edition' name]
    mutating func restoreStatement() throws(ParseStop) -> StmtKind {
        advance()
        let backup = try name(.backup)
        if atTrackingDatabase(backup) { return try trackingStatement(.restore) }
        let target = try clause(.to, name: .service)
        let edition = try clause(.edition, name: .edition)
        return .restore(backup: backup, to: target, edition: edition)
    }

    /// serviceupdatestat -> 'service-update' name ['to' expr]
    mutating func serviceUpdateStatement() throws(ParseStop) -> StmtKind {
        advance()
        let service = try name(.service)
        let version = try clause(.to)
        return .serviceUpdate(service, version: version)
    }

    /// failstat -> 'fail' 'next' operation 'on' name ['times' expr]
    ///           | 'fail' 'clear' [operation] ['on' name]
    mutating func failStatement() throws(ParseStop) -> StmtKind {
        advance()
        if at(.clear) {
            advance()
            let operation = atTerminator || at(.on) ? nil : try self.operation().0
            return .failClear(operation, on: try clause(.on, name: .service))
        }
        try expect(.next)
        let (operation, operationRange) = try operation()
        try expect(.on)
        let service = try name(.service)
        let times = try clause(.times)
        return .failNext(operation, operationRange: operationRange, on: service, times: times)
    }

    /// chaosstat -> 'chaos' 'off' | 'chaos' expr ['seed' expr]
    mutating func chaosStatement() throws(ParseStop) -> StmtKind {
        advance()
        if at(.off) {
            advance()
            return .chaosOff
        }
        let percent = try expression()
        let seed = try clause(.seed)
        return .chaos(percent: percent, seed: seed)
    }

    /// waitstat -> 'wait' expr
    mutating func waitStatement() throws(ParseStop) -> StmtKind {
        advance()
        return .wait(try expression())
    }

    /// showstat -> 'show' name
    mutating func showStatement() throws(ParseStop) -> StmtKind {
        advance()
        let service = try name(.service)
        // `show backup X`; a service named `backup` is still `show backup`.
        if case .word(Word.backup.symbol) = service.kind, !atTerminator {
            return .showBackup(try name(.backup))
        }
        return .show(service)
    }

    /// addstat -> 'add' contentkind name 'to' name ['source' expr]
    mutating func addStatement() throws(ParseStop) -> StmtKind {
        advance()
        let kind = try contentKind()
        let item = try name(.content)
        try expect(.to)
        let service = try name(.service)
        return .add(kind, name: item, to: service, source: try clause(.source))
    }

    /// removestat -> 'remove' contentkind name 'from' name
    mutating func removeStatement() throws(ParseStop) -> StmtKind {
        advance()
        let kind = try contentKind()
        let item = try name(.content)
        try expect(.from)
        return .remove(kind, name: item, from: try name(.service))
    }

    /// receivestat -> 'receive' expr ('messages' | 'message') 'on' name
    mutating func receiveStatement() throws(ParseStop) -> StmtKind {
        advance()
        let count = try expression()
        try expectMessages()
        try expect(.on)
        return .receive(count: count, on: try name(.service))
    }

    /// processstat -> 'process' 'batch' 'on' name | 'process' expr ('messages' | 'message') 'on' name
    mutating func processStatement() throws(ParseStop) -> StmtKind {
        advance()
        if at(.batch) {
            advance()
            try expect(.on)
            return .processBatch(on: try name(.service))
        }
        let count = try expression()
        try expectMessages()
        try expect(.on)
        return .processMessages(count: count, on: try name(.service))
    }

    /// `messages`, or `message` after a count of one.
    mutating func expectMessages() throws(ParseStop) {
        if at(.message) { return advance() }
        try expect(.messages)
    }

    /// graphstat -> 'graph' ['around' name | name [graphview] | graphview] ['as' format] ['to' expr]
    ///
    /// After `around`, a bare word that spells a state (`Stopped`,
    /// `stop-failed`) is that state; anything else names a service (quote
    /// a service named like a state).
    mutating func graphStatement() throws(ParseStop) -> StmtKind {
        advance()
        var request = GraphRequest(service: nil, view: .machine(without: []), format: nil, file: nil)
        if at(.around) {
            advance()
            if token.kind == .word, currentWord?.isReserved != true, let state = ServiceState(userInput: interner[symbol]) {
                advance()
                request.view = .aroundState(state)
            } else {
                request.service = try name(.service)
                request.view = .aroundService
            }
        } else {
            if !atTerminator && !at(.as) && !at(.to) && !at(.without) && !at(.backups) {
                request.service = try name(.service)
            }
            request.view = try graphView()
        }
        if at(.as) { request.format = try format(StateDiagram.Format.self, default: .mermaid) }
        if at(.to) {
            advance()
            request.file = try expression()
        }
        return .graph(request)
    }

    /// graphview -> 'without' omission ['and' omission] | 'backups'
    /// omission -> 'failures' | 'delete'
    mutating func graphView() throws(ParseStop) -> GraphView {
        if at(.backups) {
            advance()
            return .backups
        }
        guard at(.without) else { return .machine(without: []) }
        var omissions: StateDiagram.Omissions = []
        repeat {
            advance()
            if at(.failures) {
                omissions.insert(.failures)
            } else if at(.delete) {
                omissions.insert(.delete)
            } else {
                try failAtToken { .expectedWords(["failures", "delete"], after: $1, found: $0) }
            }
            advance()
        } while at(.and)
        return .machine(without: omissions)
    }

    /// pathstat -> 'path' name 'to' name
    mutating func pathStatement() throws(ParseStop) -> StmtKind {
        advance()
        let service = try name(.service)
        try expect(.to)
        return .path(service, to: try name(.state))
    }

    /// comparestat -> 'compare' name 'with' name
    mutating func compareStatement() throws(ParseStop) -> StmtKind {
        advance()
        let first = try name(.service)
        try expect(.with)
        return .compare(first, with: try name(.service))
    }

    /// explainstat -> 'explain' operation 'on' name
    ///               | 'explain' 'restore' name ['to' name] ['edition' name]
    /// A backup name is at least three characters, so `on` after
    /// `restore` is always the first form.
    mutating func explainStatement() throws(ParseStop) -> StmtKind {
        advance()
        let (operation, _) = try self.operation()
        if operation == .restore, !at(.on) {
            let backup = try name(.backup)
            let target = try clause(.to, name: .service)
            let edition = try clause(.edition, name: .edition)
            return .explainRestore(backup: backup, to: target, edition: edition)
        }
        try expect(.on)
        return .explain(operation, on: try name(.service))
    }

    /// explorestat -> 'explore'
    mutating func exploreStatement() throws(ParseStop) -> StmtKind {
        advance()
        return .explore
    }

    /// tablestat -> 'table' ['wide'] ['as' ('markdown' | 'csv')]
    mutating func tableStatement() throws(ParseStop) -> StmtKind {
        advance()
        let wide = at(.wide)
        if wide { advance() }
        return .table(try format(SeedTableFormat.self, default: .markdown), wide: wide)
    }

    /// ['as' format]: one of a format enum's words.
    mutating func format<F: RawRepresentable & CaseIterable>(_ type: F.Type, default value: F) throws(ParseStop) -> F
    where F.RawValue == String {
        guard at(.as) else { return value }
        advance()
        let spelling = token.kind == .word ? interner[symbol].lowercased() : ""
        guard let format = F.allCases.first(where: { $0.rawValue == spelling }) else {
            let names = F.allCases.map(\.rawValue)
            try failAtToken { found, _ in .unknownFormat(found, formats: names) }
        }
        advance()
        return format
    }

    /// savestat -> 'save' expr
    mutating func saveStatement() throws(ParseStop) -> StmtKind {
        advance()
        return .save(try expression())
    }

    /// openstat -> 'open' expr
    mutating func openStatement() throws(ParseStop) -> StmtKind {
        advance()
        return .open(try expression())
    }

    /// schedulestat -> 'schedule' 'backups' 'of' name 'every' expr 'retain' expr ['keep' 'one']
    mutating func scheduleStatement() throws(ParseStop) -> StmtKind {
        advance()
        try expect(.backups)
        try expect(.of)
        let service = try name(.service)
        try expect(.every)
        let frequency = try expression()
        try expect(.retain)
        let retention = try expression()
        var keepOne = false
        if at(.keep) {
            advance()
            try expect(.one)
            keepOne = true
        }
        return .schedule(service, every: frequency, retain: retention, keepOne: keepOne)
    }

    /// unschedulestat -> 'unschedule' 'backups' 'of' name
    mutating func unscheduleStatement() throws(ParseStop) -> StmtKind {
        advance()
        try expect(.backups)
        try expect(.of)
        return .unschedule(try name(.service))
    }

    /// holdstat -> 'hold' 'names' 'for' expr
    mutating func holdStatement() throws(ParseStop) -> StmtKind {
        advance()
        try expect(.names)
        try expect(.for)
        return .hold(try expression())
    }

    /// True at `tracking database`, which makes `create`, `delete`,
    /// `backup` and `restore` act on a service's tracking database. A
    /// service cannot be named with two words, so nothing else reads so.
    mutating func atTrackingDatabase(_ name: Name) -> Bool {
        if case .word(Word.tracking.symbol) = name.kind, at(.database) { return true }
        return false
    }

    /// trackingstat -> ('delete' | 'create') 'tracking' 'database' 'of' name
    ///               | 'backup' 'tracking' 'database' 'of' name 'as' name
    ///               | 'restore' 'tracking' 'database' name
    /// (called once `tracking` is read and `database` is current)
    mutating func trackingStatement(_ action: Word) throws(ParseStop) -> StmtKind {
        advance()
        if action == .restore { return .trackingDatabase(.restore, try name(.backup)) }
        try expect(.of)
        let service = try name(.service)
        switch action {
        case .backup:
            try expect(.as)
            return .trackingDatabase(.backup(as: try name(.backup)), service)
        case .create: return .trackingDatabase(.create, service)
        default: return .trackingDatabase(.delete, service)
        }
    }

    /// liststat -> 'list' ['backups' | 'failures']
    mutating func listStatement() throws(ParseStop) -> StmtKind {
        advance()
        if at(.backups) {
            advance()
            return .listBackups
        }
        if at(.failures) {
            advance()
            return .listFailures
        }
        return .list
    }

    /// logstat -> 'log' [name] ['all' | 'last' expr]
    mutating func logStatement() throws(ParseStop) -> StmtKind {
        advance()
        let service = atTerminator || at(.all) || at(.last) ? nil : try name(.service)
        if at(.all) {
            advance()
            return .log(service, .all)
        }
        if let count = try clause(.last) { return .log(service, .last(count)) }
        return .log(service, .recent)
    }

    /// tracestat -> 'trace' ('on' | 'off')
    mutating func traceStatement() throws(ParseStop) -> StmtKind {
        advance()
        if at(.off) {
            advance()
            return .trace(false)
        }
        guard at(.on) else { try failAtToken { .expectedWords(["on", "off"], after: $1, found: $0) } }
        advance()
        return .trace(true)
    }

    /// assertstat -> 'assert' expr [',' string]
    mutating func assertStatement() throws(ParseStop) -> StmtKind {
        advance()
        let condition = try expression()
        guard token.kind == .comma else { return .assert(condition, name: nil) }
        advance()
        guard token.kind == .string else { try failAtToken { found, _ in .expectedCheckName(found: found) } }
        let range = token.range
        guard case .string(let name) = try stringLiteral() else { try fail(.checkNameInterpolated, at: range) }
        return .assert(condition, name: name)
    }

    /// skipstat -> 'skip' expr block
    /// todostat -> 'todo' expr block
    mutating func markedStatement(_ mark: BlockMark) throws(ParseStop) -> StmtKind {
        advance()
        let reason = try expression()
        return .marked(mark, reason: reason, body: try block())
    }

    /// expectstat -> 'expect' 'error' [expr] block
    ///             | 'expect' 'warning' [expr] block
    ///             | 'expect' 'no' 'warning' block
    mutating func expectStatement() throws(ParseStop) -> StmtKind {
        advance()
        if at(.no) {
            advance()
            try expect(.warning)
            return .expectWarning(wanted: nil, none: true, body: try block())
        }
        let warning = at(.warning)
        guard warning || at(.error) else {
            try failAtToken { .expectedWords(["error", "warning", "no warning"], after: $1, found: $0) }
        }
        advance()
        let wanted: Expr? = token.kind == .leftBrace ? nil : try expression()
        if warning { return .expectWarning(wanted: wanted, none: false, body: try block()) }
        return .expectError(message: wanted, body: try block())
    }

    /// letstat -> 'let' identifier '=' expr
    mutating func letStatement() throws(ParseStop) -> StmtKind {
        advance()
        let variable = try identifier(.variable)
        try expect(.assign)
        return .let(variable, try expression())
    }

    /// printstat -> 'print' expr
    mutating func printStatement() throws(ParseStop) -> StmtKind {
        advance()
        return .print(try expression())
    }

    /// ifstat -> 'if' expr block { 'else' 'if' expr block } ['else' block]
    ///
    /// `else` may follow the `}` on the same line or on a later one.
    mutating func ifStatement() throws(ParseStop) -> StmtKind {
        advance()
        let condition = try expression()
        var branches = [ConditionalBlock(condition: condition, body: try block())]
        var elseBlock: Block?
        while atElse() {
            advance()
            if at(.if) {
                advance()
                let condition = try expression()
                branches.append(ConditionalBlock(condition: condition, body: try block()))
            } else {
                elseBlock = try block()
                break
            }
        }
        return .if(branches: branches, else: elseBlock)
    }

    /// True if the current token is `else`, or if only newlines (and
    /// comments) separate it from an `else`, which then becomes current.
    mutating func atElse() -> Bool {
        if at(.else) { return true }
        guard token.kind == .newline else { return false }
        var probe = lexer  // a copy: looking ahead costs nothing when there is no `else`
        var next = probe.next()
        while next.kind == .newline { next = probe.next() }
        guard next.kind == .word,
              bytes[Int(next.range.start)..<Int(next.range.end)].elementsEqual("else".utf8)
        else { return false }
        while token.kind == .newline { advance() }
        return true
    }

    /// forstat -> 'for' identifier 'in' expr block
    mutating func forStatement() throws(ParseStop) -> StmtKind {
        advance()
        let variable = try identifier(.variable)
        try expect(.in)
        let sequence = try expression()
        return .for(variable, in: sequence, body: try block())
    }

    /// repeatstat -> 'repeat' expr block
    mutating func repeatStatement() throws(ParseStop) -> StmtKind {
        advance()
        let count = try expression()
        return .repeat(count: count, body: try block())
    }

    /// whilestat -> 'while' expr block
    mutating func whileStatement() throws(ParseStop) -> StmtKind {
        advance()
        let condition = try expression()
        return .while(condition: condition, body: try block())
    }

    /// defstat -> 'def' identifier '(' [identifier { ',' identifier }] ')' block
    mutating func defStatement() throws(ParseStop) -> StmtKind {
        advance()
        let procedure = try identifier(.procedure)
        guard token.kind == .leftParen else {
            try failAtToken { .expectedToken("(", after: $1, found: $0) }
        }
        let open = token.range
        bracketDepth += 1
        advance()
        var parameters: [Identifier] = []
        if token.kind != .rightParen {
            while true {
                let parameter = try identifier(.parameter)
                if parameters.contains(where: { $0.symbol == parameter.symbol }) {
                    try fail(.duplicateParameter(interner[parameter.symbol]), at: parameter.range)
                }
                parameters.append(parameter)
                guard token.kind == .comma else { break }
                advance()
            }
        }
        _ = try closeBracket(.rightParen, opener: "(", openedAt: open)
        procedureDepth += 1
        defer { procedureDepth -= 1 }
        return .def(procedure, parameters: parameters, body: try block())
    }

    /// loadstat -> 'load' expr
    mutating func loadStatement() throws(ParseStop) -> StmtKind {
        advance()
        return .load(try expression())
    }

    /// helpstat -> 'help' [word {word} ['(' ')']]
    ///
    /// Any word is a topic, keywords included (`help if`); a topic may
    /// have several words (`help hybrid connections`), and a function's
    /// its `()` (`help state()`, where `help state` is the states).
    mutating func helpStatement() throws(ParseStop) -> StmtKind {
        advance()
        if atTerminator { return .help(topic: nil) }
        var words: [String] = []
        let start = token.range
        var end = token.range
        repeat {
            guard token.kind == .word else {
                try failAtToken { .expectedName(.helpTopic, after: $1, found: $0) }
            }
            words.append(interner[symbol])
            end = token.range
            advance()
        } while !atTerminator && token.kind != .leftParen
        if token.kind == .leftParen {
            let open = token.range
            bracketDepth += 1
            advance()
            end = try closeBracket(.rightParen, opener: "(", openedAt: open)
            words[words.count - 1] += "()"
        }
        let topic = interner.intern(words.joined(separator: " "))
        return .help(topic: Identifier(symbol: topic, range: SourceRange(start: start.start, end: end.end)))
    }

    /// returnstat -> 'return' [expr]   (only inside a 'def' body)
    mutating func returnStatement() throws(ParseStop) -> StmtKind {
        if procedureDepth == 0 {
            try fail(.returnOutsideProcedure, at: token.range)
        }
        advance()
        if atTerminator { return .return(nil) }
        return .return(try expression())
    }

    /// callstat -> word '(' [expr { ',' expr }] ')'
    /// exprstat -> expr
    ///
    /// A statement not starting with a keyword. A single word followed by
    /// more words on the same line is reported as an unknown statement
    /// (with a suggestion), since no expression has that shape.
    mutating func expressionStatement() throws(ParseStop) -> Stmt {
        let expr = try expression()
        if case .word(let word) = expr.kind, !atTerminator, token.kind != .invalid {
            let spelling = interner[word]
            let candidates = Vocabulary.statementKeywords
            try fail(.unknownStatement(spelling, suggestion: suggestion(for: spelling, among: candidates)), at: expr.range)
        }
        if case .call(let callee, let arguments) = expr.kind {
            return Stmt(kind: .call(callee: callee, arguments: arguments), range: expr.range)
        }
        return Stmt(kind: .expression(expr), range: expr.range)
    }

    /// `WORD name`, when the current token is the contextual word `WORD`;
    /// nil otherwise. Most statements' options are such clauses.
    mutating func clause(_ word: Word, name role: NameRole) throws(ParseStop) -> Name? {
        guard at(word) else { return nil }
        advance()
        return try name(role)
    }

    /// `WORD expr`, when the current token is the contextual word `WORD`;
    /// nil otherwise.
    mutating func clause(_ word: Word) throws(ParseStop) -> Expr? {
        guard at(word) else { return nil }
        advance()
        return try expression()
    }
}

extension Parser {
    /// Whether only blanks come before `range` on its line.
    func startsLine(_ range: SourceRange) -> Bool {
        var index = Int(range.start) - 1
        while index >= 0, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") || bytes[index] == UInt8(ascii: "\r") { index -= 1 }
        return index < 0 || bytes[index] == UInt8(ascii: "\n")
    }
}
