import Lifecycle

/// Where source text holds secrets, so it is masked wherever source is
/// shown (diagnostics, checks in reports, history, playback). The parser
/// marks the values of secret settings in `update ... set`; this finds the
/// rest a script can spell out:
/// - the value set under a key that is no setting (`acs-kye = "k3y"`): a
///   misspelt secret key still holds a secret;
/// - text compared with a secret setting (`setting(x, acs-key) == "k3y"`,
///   also `backup_setting`): it is the secret typed out.
///
/// A secret written anywhere else (`let key = "k3y"`) is ordinary text
/// until it is used, and is shown as written.
enum SecretSource {
    static func ranges(in script: Script, interner: Interner) -> [SourceRange] {
        var finder = Finder(interner: interner)
        finder.statements(script.statements)
        return finder.found
    }

    /// The pieces of masked source a message may quote: each string's
    /// text and each word (a message quotes `"text"`, `'word'` or
    /// `$word`).
    static func pieces(of text: String) -> [String] {
        var pieces: [String] = []
        for (index, part) in text.split(separator: "\"", omittingEmptySubsequences: false).enumerated() {
            if index % 2 == 1 {
                pieces.append(String(part))
            } else {
                pieces += part.split(whereSeparator: { $0.isWhitespace || "+*/%()[],${}".contains($0) }).map(String.init)
            }
        }
        return pieces.filter { $0.contains(where: { $0.isLetter || $0.isNumber }) }
    }

    private struct Finder {
        let interner: Interner
        var found: [SourceRange] = []

        mutating func statements(_ statements: [Stmt]) {
            for statement in statements { self.statement(statement.kind) }
        }

        mutating func block(_ block: Block?) {
            if let block { statements(block.statements) }
        }

        // Exhaustive on purpose: a new statement's expressions may compare
        // with a secret too.
        mutating func statement(_ kind: StmtKind) {
            switch kind {
            case .create(let name, let edition, let units, let region):
                names(name, edition)
                expressions(units, region)
            case .operation(_, let name), .unschedule(let name), .explain(_, on: let name), .show(let name),
                 .showBackup(let name), .processBatch(on: let name), .trackingDatabase(_, let name):
                names(name)
            case .scale(let name, let units):
                names(name)
                expressions(units)
            case .update(let name, let settings):
                names(name)
                for setting in settings {
                    if SettingKey(userInput: interner[setting.key]) == nil { found.append(setting.value.range) }
                    expression(setting.value)
                }
            case .backup(let name, let backupName):
                names(name, backupName)
            case .restore(let backup, let target, let edition):
                names(backup, target, edition)
            case .serviceUpdate(let name, let version):
                names(name)
                expressions(version)
            case .failNext(_, _, let name, let times):
                names(name)
                expressions(times)
            case .schedule(let name, let every, let retain, _):
                names(name)
                expressions(every, retain)
            case .graph(let request):
                names(request.service)
                expressions(request.file)
            case .failClear(_, on: let name), .log(let name):
                names(name)
            case .path(let name, let state):
                names(name, state)
            case .explore, .table, .chaosOff, .list, .listBackups, .listFailures, .help:
                break
            case .save(let expression), .open(let expression), .hold(let expression), .wait(let expression),
                 .assert(let expression), .print(let expression), .expression(let expression), .load(let expression),
                 .let(_, let expression):
                self.expression(expression)
            case .chaos(let percent, let seed):
                expressions(percent, seed)
            case .add(_, let name, let service, let source):
                names(name, service)
                expressions(source)
            case .remove(_, let name, let service):
                names(name, service)
            case .receive(let count, let service), .processMessages(let count, let service):
                names(service)
                expressions(count)
            case .expectError(let message, let body):
                expressions(message)
                block(body)
            case .if(let branches, let otherwise):
                for branch in branches {
                    expression(branch.condition)
                    block(branch.body)
                }
                block(otherwise)
            case .for(_, let list, let body):
                expression(list)
                block(body)
            case .repeat(let count, let body):
                expression(count)
                block(body)
            case .while(let condition, let body):
                expression(condition)
                block(body)
            case .def(_, _, let body):
                block(body)
            case .call(_, let arguments):
                arguments.forEach { expression($0) }
            case .return(let value):
                expressions(value)
            }
        }

        mutating func expressions(_ expressions: Expr?...) {
            for case let expression? in expressions { self.expression(expression) }
        }

        mutating func names(_ names: Name?...) {
            for case let name? in names {
                if case .interpolated(let parts) = name.kind { self.parts(parts) }
            }
        }

        mutating func parts(_ parts: [StringPart]) {
            for case .interpolation(let expression) in parts { self.expression(expression) }
        }

        mutating func expression(_ expression: Expr) {
            switch expression.kind {
            case .integer, .duration, .version, .string, .bool, .word, .variable:
                break
            case .interpolated(let parts):
                self.parts(parts)
            case .list(let items):
                items.forEach { self.expression($0) }
            case .call(_, let arguments):
                arguments.forEach { self.expression($0) }
            case .range(let low, let high):
                self.expression(low)
                self.expression(high)
            case .unary(_, let operand):
                self.expression(operand)
            case .binary(let op, let left, let right):
                if op.isComparison {
                    if isSecretSetting(left), isTypedText(right) { found.append(right.range) }
                    if isSecretSetting(right), isTypedText(left) { found.append(left.range) }
                }
                self.expression(left)
                self.expression(right)
            case .chain(let first, let links):
                self.expression(first)
                for link in links { self.expression(link.operand) }
            case .is(let subject, let state, _):
                self.expression(subject)
                names(state)
            case .can(let subject, _, _, _):
                self.expression(subject)
            }
        }

        /// `setting(NAME, KEY)` or `backup_setting(NAME, KEY)` of a secret KEY.
        func isSecretSetting(_ expression: Expr) -> Bool {
            guard case .call(let callee, let arguments) = expression.kind, arguments.count == 2,
                  ["setting", "backup_setting"].contains(interner[callee.symbol]) else { return false }
            let key: String
            switch arguments[1].kind {
            case .word(let symbol): key = interner[symbol]
            case .string(let text): key = text
            default: return false
            }
            return SettingKey(userInput: key)?.isSecret == true
        }

        /// Text as typed: a string or a bare word.
        func isTypedText(_ expression: Expr) -> Bool {
            switch expression.kind {
            case .string, .interpolated, .word: true
            default: false
            }
        }
    }
}

extension Interpreter {
    /// `file` with every secret in its source masked (see `SecretSource`).
    func maskingSecrets(_ file: SourceFile, _ parsed: ParseResult) -> SourceFile {
        file.masking(parsed.secretRanges + SecretSource.ranges(in: parsed.script, interner: interner))
    }
}

extension Diagnostic {
    /// The diagnostic with what its message would quote of a secret
    /// replaced by `*`, as its source line shows it: an error about a
    /// secret value itself (`acs-key = -"k3y"`, `acs-key = k3y*x`) names
    /// what it found there.
    func hidingSecrets() -> Diagnostic {
        guard let original = file.asWritten else { return self }
        var pieces: [String] = []
        for masked in file.maskedRanges where range.start + 1 >= masked.start && range.end <= masked.end + 1 {
            pieces += SecretSource.pieces(of: original.text(of: masked))
        }
        guard !pieces.isEmpty else { return self }
        let text = message.text
        var hidden = text
        for piece in pieces.sorted(by: { $0.count > $1.count }) {
            let stars = String(repeating: "*", count: piece.utf8.count)
            for (open, close) in [("'", "'"), ("\"", "\""), ("$", "")] {
                hidden = hidden.replacing(open + piece + close, with: open + stars + close)
            }
        }
        guard hidden != text else { return self }
        var diagnostic = self
        diagnostic.message = .runtime(.secretHidden(hidden))
        return diagnostic
    }
}
