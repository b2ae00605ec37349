import Lifecycle

/// Checks a parsed script without running it: the mistakes that can be seen
/// in the text (a state or edition that does not exist, an unknown setting,
/// a call to a procedure defined nowhere). `mabs check` reports them, and a
/// run refuses to start while there are errors.
struct Checker {
    let interner: Interner
    /// Procedures known before this script runs (earlier REPL entries).
    var knownProcedures: Set<Symbol> = []
    /// Warn about expression statements whose value nobody sees.
    var warnUnusedValues = true

    func check(_ script: Script, in file: SourceFile) -> [Diagnostic] {
        var walker = Walker(checker: self, file: file)
        walker.collectDefinitions(script.statements)
        walker.statements(script.statements)
        return walker.diagnostics
    }

    private struct Walker {
        let checker: Checker
        let file: SourceFile
        var diagnostics: [Diagnostic] = []
        var defined: Set<Symbol> = []
        var loadsFiles = false

        init(checker: Checker, file: SourceFile) {
            self.checker = checker
            self.file = file
            defined = checker.knownProcedures
        }

        var interner: Interner { checker.interner }

        mutating func error(_ message: Message, _ range: SourceRange) {
            diagnostics.append(.error(message, file: file, range: range))
        }

        mutating func collectDefinitions(_ statements: [Stmt]) {
            for statement in statements {
                switch statement.kind {
                case .def(let name, _, let body):
                    defined.insert(name.symbol)
                    collectDefinitions(body.statements)
                case .load: loadsFiles = true
                case .if(let branches, let otherwise):
                    branches.forEach { collectDefinitions($0.body.statements) }
                    if let otherwise { collectDefinitions(otherwise.statements) }
                case .for(_, _, let body), .repeat(_, let body), .while(_, let body), .expectError(_, let body):
                    collectDefinitions(body.statements)
                default: break
                }
            }
        }

        mutating func statements(_ statements: [Stmt]) {
            for statement in statements { self.statement(statement) }
        }

        mutating func statement(_ statement: Stmt) {
            switch statement.kind {
            case .create(_, let edition, let units, let region):
                if let edition { self.edition(edition) }
                expressions([units, region].compactMap { $0 })
            case .restore(_, _, let edition):
                if let edition { self.edition(edition) }
            case .update(_, let settings):
                for setting in settings {
                    if SettingKey(userInput: interner[setting.key]) == nil {
                        error(.runtime(.lifecycle(.unknownSetting(interner[setting.key]))), setting.keyRange)
                    }
                    expression(setting.value)
                }
            case .scale(_, let units): expression(units)
            case .serviceUpdate(_, let version): expressions([version].compactMap { $0 })
            case .failNext(_, _, _, let times): expressions([times].compactMap { $0 })
            case .chaos(let percent, let seed): expressions([percent] + [seed].compactMap { $0 })
            case .wait(let e), .assert(let e), .print(let e), .let(_, let e), .load(let e): expression(e)
            case .expression(let e):
                // A lone word was meant as a statement: `lsit`, `stpo x`.
                if case .word(let symbol) = e.kind {
                    let word = interner[symbol]
                    let keywords = Vocabulary.statementKeywords
                    error(.syntax(.unknownStatement(word, suggestion: suggestion(for: word, among: keywords))), e.range)
                    return
                }
                expression(e)
                if checker.warnUnusedValues {
                    diagnostics.append(Diagnostic(.warning, .runtime(.unusedValue), file: file, range: statement.range))
                }
            case .return(let e): expressions([e].compactMap { $0 })
            case .expectError(let message, let body):
                expressions([message].compactMap { $0 })
                statements(body.statements)
            case .if(let branches, let otherwise):
                for branch in branches {
                    expression(branch.condition)
                    statements(branch.body.statements)
                }
                if let otherwise { statements(otherwise.statements) }
            case .for(_, let e, let body), .repeat(let e, let body), .while(let e, let body):
                expression(e)
                statements(body.statements)
            case .def(_, _, let body): statements(body.statements)
            case .call(let callee, let arguments):
                call(callee, arguments)
                if checker.warnUnusedValues, Builtins.function(interner[callee.symbol]) != nil {
                    diagnostics.append(Diagnostic(.warning, .runtime(.unusedValue), file: file, range: statement.range))
                }
            case .operation, .backup, .chaosOff, .show, .list, .listBackups, .log, .help: break
            }
        }

        mutating func expressions(_ expressions: [Expr]) {
            for e in expressions { expression(e) }
        }

        mutating func expression(_ expression: Expr) {
            switch expression.kind {
            case .is(let subject, let state, _):
                self.expression(subject)
                if case .word(let symbol) = state.kind, ServiceState(userInput: interner[symbol]) == nil {
                    let text = interner[symbol]
                    error(.runtime(.unknownState(text, suggestion: stateSuggestion(text))), state.range)
                }
            case .can(let subject, _, _, _), .unary(_, let subject): self.expression(subject)
            case .binary(_, let a, let b), .range(let a, let b): expressions([a, b])
            case .list(let items): expressions(items)
            case .call(let callee, let arguments): call(callee, arguments)
            case .interpolated(let parts):
                for case .interpolation(let e) in parts { self.expression(e) }
            case .integer, .duration, .string, .bool, .word, .variable: break
            }
        }

        mutating func call(_ callee: Identifier, _ arguments: [Expr]) {
            expressions(arguments)
            let name = interner[callee.symbol]
            if let builtin = Builtins.function(name) {
                if builtin.parameters.count != arguments.count {
                    error(.runtime(.argumentCount(name, expected: builtin.parameters.count, found: arguments.count)), callee.range)
                }
            } else if !defined.contains(callee.symbol), !loadsFiles {
                let known = defined.map { interner[$0] } + Builtins.names
                error(.runtime(.undefinedProcedure(name, suggestion: suggestion(for: name, among: known))), callee.range)
            }
        }

        mutating func edition(_ name: Name) {
            if case .word(let symbol) = name.kind, Edition(userInput: interner[symbol]) == nil {
                error(.runtime(.unknownEdition(interner[symbol])), name.range)
            }
        }
    }
}
