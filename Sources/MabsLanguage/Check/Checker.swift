import Lifecycle

/// Checks a parsed script without running it: the mistakes that can be seen
/// in the text (a state or edition that does not exist, an unknown setting,
/// a call to a procedure defined nowhere). `mabs check` reports them, and a
/// run refuses to start while there are errors.
struct Checker {
    let interner: Interner
    /// Procedures known before this script runs: earlier REPL entries, the
    /// script that loads this one, and the files this one loads.
    var knownProcedures: Set<Symbol> = []
    /// Warn about expression statements whose value nobody sees.
    var warnUnusedValues = true
    /// Some file this script loads was not followed (its path is computed,
    /// or the load sits in an `expect error` block), so a call to a
    /// procedure defined nowhere in sight may still be defined when it runs.
    var loadsUnseenFiles = false

    /// What a script defines and which files it loads, gathered before it
    /// is checked so that loaded files can be checked first.
    struct Survey {
        var definitions: Set<Symbol> = []
        /// `load "PATH"` with a literal path, outside `expect error`.
        var loads: [(path: String, range: SourceRange)] = []
        /// Loads that cannot be followed before running.
        var loadsUnseenFiles = false
    }

    static func survey(_ script: Script) -> Survey {
        var surveyor = Surveyor()
        surveyor.walk(script.statements)
        return surveyor.survey
    }

    /// Gathers the survey: statements only, never their expressions.
    private struct Surveyor: SyntaxVisitor {
        var survey = Survey()
        var expectingError = false

        mutating func visit(_ statement: Stmt) -> WalkChoice {
            switch statement.kind {
            case .def(let name, _, _):
                survey.definitions.insert(name.symbol)
            case .load(let path):
                if !expectingError, case .string(let literal) = path.kind {
                    survey.loads.append((literal, statement.range))
                } else {
                    survey.loadsUnseenFiles = true
                }
            case .expectError(_, let body):
                let outside = expectingError
                expectingError = true
                walk(body.statements)
                expectingError = outside
                return .skipParts
            case .open:
                // An opened workspace brings procedures not in sight.
                survey.loadsUnseenFiles = true
            default:
                break
            }
            return .visitParts
        }

        func visit(_ part: SyntaxPart) -> WalkChoice {
            if case .block = part { .visitParts } else { .skipParts }
        }
    }

    /// What is wrong in `script`. Errors inside an `expect error` block
    /// are left for the block to find when it runs (`firstError(in:)`): a
    /// lesson may show that `create ab` is refused.
    func check(_ script: Script, in file: SourceFile) -> [Diagnostic] {
        var walker = Walker(checker: self, file: file)
        walker.walk(script.statements)
        return walker.diagnostics
    }

    /// The first error the checker sees in the block of an `expect error`
    /// about to run (outside any `expect error` nested in it), as the
    /// error that stops the block: the error it expects.
    func firstError(in block: Block, of file: SourceFile) -> Diagnostic? {
        var walker = Walker(checker: self, file: file)
        walker.walk(block.statements)
        return walker.diagnostics.first { $0.severity == .error }
    }

    private struct Walker: SyntaxVisitor {
        let checker: Checker
        let file: SourceFile
        var diagnostics: [Diagnostic] = []
        /// Inside an `expect error` block (not in a procedure it defines):
        /// an error here is the one the block expects, found when it runs.
        var deferring = false
        /// Words already found to name a state, and a setting's key (its
        /// name): a script says `is Stopped` or `acs-namespace` many times,
        /// and each is looked up once.
        var states = Set<Symbol>()
        var settingKeys: [Symbol: String] = [:]

        init(checker: Checker, file: SourceFile) {
            self.checker = checker
            self.file = file
        }

        var interner: Interner { checker.interner }

        /// Reports an error, as running would (so that an `expect error`
        /// block can expect it).
        mutating func error(_ message: Message.Runtime, _ range: SourceRange, notes: [Note] = []) {
            if deferring { return }
            diagnostics.append(.error(.runtime(message), file: file, range: range, notes: notes))
        }

        mutating func error(_ refusal: LifecycleError, _ range: SourceRange) {
            error(.lifecycle(refusal), range)
        }

        // MARK: Statements

        /// The checks of a statement's literals. Those of a statement's
        /// parts (a bare word where a number is needed, what an expression
        /// holds) are made as the walk reaches them; a literal has no parts
        /// to report on, so checking every literal first keeps the order in
        /// which the parts are written. Statements whose checks and parts
        /// interleave otherwise walk their parts themselves.
        mutating func visit(_ statement: Stmt) -> WalkChoice {
            switch statement.kind {
            case .create(let name, let edition, let units, _, _):
                newServiceName(name)
                // An unknown edition is reported on its own; its units are not checked.
                let chosen: Edition? = if let edition { self.edition(edition) } else { Engine.defaultEdition }
                if let chosen, let units, let n = literalInteger(units), !chosen.unitRange.contains(n) {
                    error(.unitsOutOfRange(n, edition: chosen), units.range)
                }
            case .restore(_, let target, let edition), .explainRestore(_, let target, let edition):
                if let target { newServiceName(target) }
                if let edition { _ = self.edition(edition) }
            case .backup(_, let backupName?), .trackingDatabase(.backup(let backupName), _):
                if let text = literalText(backupName), let problem = Names.backupNameProblem(text) {
                    error(.invalidBackupName(text, problem: problem), backupName.range)
                }
            case .update(_, let settings):
                var given: [String: (spelled: String, range: SourceRange)] = [:]
                for setting in settings {
                    let spelled = interner[setting.key]
                    let key: String
                    if let known = settingKeys[setting.key] {
                        key = known
                    } else if let found = SettingKey(userInput: spelled) {
                        key = found.name
                        settingKeys[setting.key] = key
                    } else {
                        error(Lexicon.setting.unknown(spelled), setting.keyRange)
                        key = spelled.lowercased()
                    }
                    // The last would silently win.
                    if let first = given[key] {
                        error(.duplicateSetting(spelled), setting.keyRange,
                              notes: [Note(.firstSetHere(first.spelled), file: file, range: first.range)])
                    } else {
                        given[key] = (spelled, setting.keyRange)
                    }
                    walk(setting.value)
                }
                return .skipParts
            case .scale(_, let units):
                if let n = literalInteger(units), !Edition.allCases.contains(where: { $0.unitRange.contains(n) }) {
                    error(.unitCountNever(n), units.range)
                }
            case .serviceUpdate(_, let version?):
                if case .string(let text) = version.kind, let problem = ProductVersion.problem(text) {
                    error(.invalidVersion(text, problem: problem), version.range)
                }
            case .failNext(_, _, let name, let times):
                newServiceName(name)
                if let times, let n = literalInteger(times), !Engine.failureCounts.contains(n) { error(.invalidCount(n), times.range) }
            case .chaos(let percent, let seed):
                // The percentage's parts come before the seed's check.
                walk(.expression(percent, .number("chaos")))
                if let n = literalInteger(percent), !Engine.chaosPercents.contains(n) { error(.invalidChaosPercent(n), percent.range) }
                if let seed {
                    walk(.expression(seed, .seed))
                    if let n = literalInteger(seed), n < 0 { error(.negativeSeed(n), seed.range) }
                }
                return .skipParts
            case .wait(let e):
                if case .unary(.negate, let inner) = e.kind, case .duration(let seconds) = inner.kind, seconds > 0 {
                    error(.negativeInterval(Interval(seconds: -Int64(seconds))), e.range)
                }
            case .expression(let e):
                // A lone word was meant as a statement: `lsit`, `stpo x`.
                if case .word(let symbol) = e.kind {
                    let word = interner[symbol]
                    let keywords = Vocabulary.statementKeywords
                    error(.unknownStatement(word, suggestion: suggestion(for: word, among: keywords)), e.range)
                    return .skipParts
                }
            case .expectError(let message, let body):
                if let message, let problem = Expectations.unknownKind(message, interner, warning: false) {
                    error(problem, message.range)
                }
                if let message { walk(message) }
                let outside = deferring
                deferring = true
                walk(body.statements)
                deferring = outside
                return .skipParts
            case .expectWarning(let wanted, _, _):
                if let wanted, let problem = Expectations.unknownKind(wanted, interner, warning: true) {
                    error(problem, wanted.range)
                }
            case .repeat(let e, _):
                if let n = literalInteger(e), n < 0 { error(.negativeRepeat(n), e.range) }
            case .def(let name, _, let body):
                let spelled = interner[name.symbol]
                if Builtins.function(spelled) != nil { error(.builtinRedefined(spelled), name.range) }
                // Its body runs when called, wherever that is.
                let outside = deferring
                deferring = false
                walk(body.statements)
                deferring = outside
                return .skipParts
            case .schedule(_, let every, let retain, _):
                if case .duration(let f) = every.kind, case .duration(let r) = retain.kind, r <= f {
                    error(.retentionNotLongerThanFrequency(retention: Interval(seconds: Int64(r)), frequency: Interval(seconds: Int64(f))), retain.range)
                }
            case .path(_, let target):
                state(target)
            case .receive(let count, _), .processMessages(let count, _):
                if let n = literalInteger(count), n < 1 { error(.invalidMessageCount(n), count.range) }
            default:
                break
            }
            return .visitParts
        }

        mutating func visitPost(_ statement: Stmt) {
            switch statement.kind {
            case .expression:
                if checker.warnUnusedValues {
                    diagnostics.append(Diagnostic(.warning, .runtime(.unusedValue), file: file, range: statement.range))
                }
            case .call(let callee, let arguments):
                call(callee, arguments)
                if checker.warnUnusedValues, Builtins.function(interner[callee.symbol]) != nil {
                    diagnostics.append(Diagnostic(.warning, .runtime(.unusedValue), file: file, range: statement.range))
                }
            default:
                break
            }
        }

        /// A part where a number, a duration or a list is needed: a bare
        /// word there is only text, most likely a variable missing its `$`.
        /// Names are text as written; what they hold is left to the run.
        mutating func visit(_ part: SyntaxPart) -> WalkChoice {
            switch part {
            case .expression(let e, let use):
                guard let needed = use.expectation else { return .visitParts }
                value(e, needed)
                return .skipParts
            case .name:
                return .skipParts
            case .block:
                return .visitParts
            }
        }

        // MARK: Expressions

        mutating func visit(_ expression: Expr) -> WalkChoice {
            switch expression.kind {
            case .unary(.negate, let operand):
                value(operand, .number)
                return .skipParts
            case .chain(let first, let links) where links[0].op.isArithmetic:
                value(first, .number)
                for link in links { value(link.operand, .number) }
                return .skipParts
            default:
                return .visitParts
            }
        }

        mutating func visitPost(_ expression: Expr) {
            switch expression.kind {
            case .is(_, let state, _):
                self.state(state)
            // `nightly in backups(x)`: a bare word is an item to find.
            case .binary(let op, let a, let b) where op.isComparison && op != .in:
                compared(a, with: b, op)
                compared(b, with: a, op)
            case .call(let callee, let arguments):
                call(callee, arguments)
            default:
                break
            }
        }

        /// A call's callee, after its arguments.
        mutating func call(_ callee: Identifier, _ arguments: [Expr]) {
            let name = interner[callee.symbol]
            if let builtin = Builtins.function(name) {
                if builtin.parameters.count != arguments.count {
                    error(.argumentCount(name, expected: builtin.parameters.count, found: arguments.count), callee.range)
                } else if let words = builtin.words, let last = arguments.last, let text = literalText(last),
                          let problem = words.problem(text) {
                    // `setting(c, acs-kye)`, `quota(c, bridgez)`
                    error(problem, last.range)
                }
            } else if !checker.knownProcedures.contains(callee.symbol), !checker.loadsUnseenFiles {
                let known = checker.knownProcedures.map { interner[$0] } + Builtins.names
                error(.undefinedProcedure(name, suggestion: suggestion(for: name, among: known)), callee.range)
            }
        }

        /// `word` compared with `other`, when it is a bare word: beside a
        /// state or an edition it must name one (`edition(x) == premum`);
        /// beside a number, a duration, true or false, or a list, it is only
        /// text, and `$word` was meant (`n == 3`). Two words order only as
        /// editions (`premium > standrd`).
        mutating func compared(_ word: Expr, with other: Expr, _ op: BinaryOperator) {
            guard case .word(let symbol) = word.kind else { return }
            let text = interner[symbol]
            if case .word(let otherSymbol) = other.kind {
                if op != .equal, op != .notEqual, Edition(userInput: interner[otherSymbol]) != nil,
                   let problem = Lexicon.edition.problem(text) {
                    error(problem, word.range)
                }
                return
            }
            guard let kind = kind(of: other) else { return }
            if let lexicon = kind.lexicon {
                if let problem = lexicon.problem(text) { error(problem, word.range) }
            } else if let needed = kind.expectation {
                error(.bareWord(text, needed: needed), word.range)
            }
        }

        /// The kind of value an expression gives, where it shows without
        /// running: literals and built-in functions.
        func kind(of e: Expr) -> ValueKind? {
            switch e.kind {
            case .integer: .number
            case .duration: .duration
            case .version: .version
            case .bool, .is, .can, .unary(.not, _): .condition
            case .unary(.negate, let operand): kind(of: operand)
            case .string, .interpolated: .text
            case .list, .range: .list
            case .call(let callee, _): Builtins.function(interner[callee.symbol])?.gives
            case .chain(_, let links) where !links[0].op.isArithmetic: .condition
            case .word, .variable, .chain, .binary, .index: nil
            }
        }

        /// The edition a literal names; reports one that does not exist.
        mutating func edition(_ name: Name) -> Edition? {
            guard let text = literalText(name) else { return nil }
            guard let edition = Edition(userInput: text) else {
                error(Lexicon.edition.unknown(text), name.range)
                return nil
            }
            return edition
        }

        /// A literal state must be one.
        mutating func state(_ name: Name) {
            guard case .word(let symbol) = name.kind, !states.contains(symbol) else { return }
            if let problem = Lexicon.state.problem(interner[symbol]) {
                error(problem, name.range)
            } else {
                states.insert(symbol)
            }
        }

        /// A literal name for a service that does not exist yet must be a
        /// valid service name.
        mutating func newServiceName(_ name: Name) {
            if let text = literalText(name), let problem = Names.serviceNameProblem(text) {
                error(.invalidServiceName(text, problem: problem), name.range)
            }
        }

        /// Where a value of a given kind is needed: a bare word there is
        /// only text, most likely a variable missing its `$`.
        mutating func value(_ e: Expr, _ needed: Message.Expectation) {
            if case .word(let symbol) = e.kind {
                error(.bareWord(interner[symbol], needed: needed), e.range)
            } else {
                walk(e)
            }
        }

        /// The text of a literal word or string.
        func literalText(_ e: Expr) -> String? {
            switch e.kind {
            case .word(let symbol): interner[symbol]
            case .string(let text): text
            default: nil
            }
        }

        func literalText(_ name: Name) -> String? {
            switch name.kind {
            case .word(let symbol): interner[symbol]
            case .string(let text): text
            case .variable, .interpolated: nil
            }
        }

        func literalInteger(_ e: Expr) -> Int? {
            switch e.kind {
            case .integer(let n): n
            case .unary(.negate, let inner):
                // `-(-9223372036854775808)` is left to the run's overflow error.
                if case .integer(let n) = inner.kind, n != .min { -n } else { nil }
            default: nil
            }
        }
    }
}

extension SyntaxPart.Use {
    /// What a bare word where this use stands should have been: `$word`
    /// was most likely meant. Nil where text will do.
    var expectation: Message.Expectation? {
        switch self {
        case .number, .seed: .number
        case .duration, .nameHold: .duration
        case .listOrRange: .listOrRange
        case .value, .condition, .text, .stored, .setting: nil
        }
    }
}
