import Lifecycle
import MabsPresentation

// The message catalogue: every text a user can see in a diagnostic, an
// outcome notice or a host error, each written once. The lexer, the
// parser, the checker, the interpreter and the hosts create `Message`
// values; only `text` turns them into words. The words for the engine's
// refusals are in LifecycleMessages.swift beside this file.
//
// A message's phase is its place in the structure: `Message.lexical(...)`
// comes from the lexer, `.syntax` from the parser, `.runtime` from running
// (and from the checker, which reports before running what running would),
// `.remark` is a note attached to another diagnostic.
//
// Adding a message: a case in its phase's enum, its text in that enum's
// `text`, and a rendered-text test (the coverage tests fail until there is
// one).
//
// Conventions (Lua- and Go-style): lower-case, no final period; name both
// sides of a mismatch ("expected X after Y, found Z"); quote source text
// with single quotes; offer a fix when there is an obvious one.

/// What a name position holds; used to say what was expected.
public enum NameRole: String, Sendable, CaseIterable {
    case service, backup, edition, state, operation, setting, variable, procedure, parameter, helpTopic
    case content, contentKind

    /// The role with an article, as it reads in a message.
    public var text: String {
        switch self {
        case .service: "a service name"
        case .backup: "a backup name"
        case .edition: "an edition"
        case .state: "a state"
        case .operation: "an operation"
        case .setting: "a setting name"
        case .variable: "a variable name"
        case .procedure: "a procedure name"
        case .parameter: "a parameter name"
        case .helpTopic: "a help topic"
        case .content: "an artifact's name"
        case .contentKind: "a kind of content"
        }
    }

    /// Roles whose position also accepts a string, so a reserved word can be quoted.
    var acceptsStrings: Bool {
        switch self {
        case .service, .backup, .edition, .state, .content: true
        default: false
        }
    }
}

/// One diagnostic text, with the facts it mentions.
///
/// `found` and `after` arguments are already-quoted descriptions of source
/// text (`'42'`, `end of line`), produced by the parser.
public enum Message: Hashable, Sendable {
    case lexical(Lexical)
    case syntax(Syntax)
    case runtime(Runtime)
    case remark(Remark)

    /// The text shown to the user.
    public var text: String {
        switch self {
        case .lexical(let message): message.text
        case .syntax(let message): message.text
        case .runtime(let message): message.text
        case .remark(let message): message.text
        }
    }

    /// What the lexer reports.
    public enum Lexical: Hashable, Sendable {
        case unexpectedCharacter(String)
        /// A byte no script may hold, with its 0-based offset in the file.
        case controlCharacter(UInt8, offset: Int)
        case invalidUTF8(UInt8, offset: Int)
        case wordOperator(found: String, use: String)
        case unterminatedString
        case unterminatedInterpolation
        case invalidEscape(String)
        case malformedNumber(String)
        case malformedDuration(String)
        case integerTooLarge(String)
        case missingVariableName
        case interpolationOutsideString

        public var text: String {
            switch self {
            case .unexpectedCharacter(let character):
                "unexpected character \(quoted: character)"
            case .controlCharacter(let byte, let offset):
                (byte == 0 ? "unexpected NUL byte" : "unexpected control character \(Message.codePoint(byte))")
                    + " at byte offset \(offset); scripts are text"
            case .invalidUTF8(let byte, let offset):
                "invalid UTF-8 byte \(Message.hex(byte)) at byte offset \(offset); save the script as UTF-8"
            case .wordOperator(let found, let use):
                "\(quoted: found) is not an operator; use \(quoted: use)"
            case .unterminatedString:
                "unterminated string"
            case .unterminatedInterpolation:
                "unterminated '${' in string"
            case .invalidEscape(let escape):
                "invalid escape \(quoted: escape) in string (use \\\" \\\\ \\n \\t \\r \\$ or \\u{HEX})"
            case .malformedNumber(let text):
                "malformed number \(quoted: text)"
            case .malformedDuration(let text):
                "malformed duration \(quoted: text) (use units d, h, m, s, largest first, as in 1h30m)"
            case .integerTooLarge(let text):
                "integer \(quoted: text) is too large"
            case .missingVariableName:
                "expected a variable name after '$'"
            case .interpolationOutsideString:
                "'${' is only allowed inside a string; write $name for a variable"
            }
        }
    }

    /// What the parser reports.
    public enum Syntax: Hashable, Sendable {
        case unknownStatement(String, suggestion: String?)
        case expectedStatement(found: String)
        case expectedName(NameRole, after: String, found: String)
        case expectedExpression(after: String, found: String)
        case expectedToken(String, after: String, found: String)
        case unclosed(closer: String, opener: String, line: Int, found: String)
        case expectedEndOfStatement(found: String)
        case unknownOperation(String, suggestion: String?)
        case unknownContentKind(String, suggestion: String?)
        case unknownFormat(String, formats: [String])
        case reservedWord(String, NameRole)
        case keywordAsProcedureName(String)
        case dollarInBinding(String)
        case chainedComparison
        case assignmentInExpression
        case nestingTooDeep(limit: Int)
        /// `startsLine`: nothing but blanks before it on its line, where
        /// the prompt ran the `if` before it as soon as its block closed.
        case elseWithoutIf(startsLine: Bool)
        case returnOutsideProcedure
        case duplicateParameter(String)
        /// One of a few contextual words was expected (`without failures`).
        case expectedWords([String], after: String, found: String)
        /// `assert EXPR, NAME`: the name is not a text in quotes.
        case expectedCheckName(found: String)
        /// `assert EXPR, "NAME ${x}"`: a check's name is fixed.
        case checkNameInterpolated

        public var text: String {
            switch self {
            case .unknownStatement(let word, let suggestion):
                "unknown statement \(quoted: word)" + didYouMean(suggestion, otherwise: "; 'help' lists the statements")
            case .expectedStatement(let found):
                "expected a statement, found \(found)"
            case .expectedName(let role, let after, let found):
                "expected \(role.text) after \(after), found \(found)"
            case .expectedExpression(let after, let found):
                "expected an expression after \(after), found \(found)"
            case .expectedToken(let token, let after, let found):
                "expected \(quoted: token) after \(after), found \(found)"
            case .unclosed(let closer, let opener, let line, let found):
                "expected \(quoted: closer) to close \(quoted: opener) at line \(line), found \(found)"
            case .expectedEndOfStatement(let found):
                "expected end of statement (a newline or ';'), found \(found)"
            case .unknownOperation(let word, let suggestion):
                "unknown operation \(quoted: word)"
                    + didYouMean(suggestion, otherwise: " (operations: " + Lifecycle.Operation.allCases.map(\.keyword).joined(separator: ", ") + ")")
            case .unknownFormat(let found, let formats):
                "expected a format (\(Message.alternatives(formats))), found \(found)"
            case .unknownContentKind(let word, let suggestion):
                "\(quoted: word) is not a kind of content"
                    + didYouMean(suggestion, otherwise: " (the kinds: " + ContentKind.allCases.map(\.name).joined(separator: ", ") + ")")
            case .reservedWord(let word, let role):
                if role.acceptsStrings {
                    "\(quoted: word) is a reserved word and cannot be \(role.text); quote it (\"\(word)\") to use it as a name"
                } else {
                    "\(quoted: word) is a reserved word and cannot be \(role.text)"
                }
            case .keywordAsProcedureName(let word):
                "\(quoted: word) is a statement keyword and cannot name a procedure"
            case .dollarInBinding(let name):
                "write \(quoted: name) without '$' here: \(quoted: "$" + name) reads a variable, it does not name one"
            case .chainedComparison:
                "comparisons cannot be chained; join them with 'and'"
            case .assignmentInExpression:
                "'=' only assigns in 'let' and 'update ... set'; use '==' to compare"
            case .nestingTooDeep(let limit):
                "blocks and expressions are nested too deeply (the limit is \(limit))"
            case .elseWithoutIf(let startsLine):
                "'else' without a matching 'if'"
                    + (startsLine ? "; write it on the line of the if's closing brace, '} else {' (at the prompt an 'if' runs once its block closes)" : "")
            case .returnOutsideProcedure:
                "'return' outside a procedure"
            case .duplicateParameter(let name):
                "duplicate parameter \(quoted: name)"
            case .expectedWords(let words, let after, let found):
                "expected \(Message.alternatives(words.map { "'\($0)'" })) after \(after), found \(found)"
            case .expectedCheckName(let found):
                "expected the check's name in quotes after ',', found \(found)"
            case .checkNameInterpolated:
                "a check's name is fixed text, the same in every report whether it runs or not: write it without ${...}"
            }
        }
    }

    /// What running a script reports (and the checker, ahead of running).
    public enum Runtime: Hashable, Sendable {
        case lifecycle(LifecycleError)
        case lifecycleWarning(LifecycleWarning)
        case expectedValue(Expectation, for: String, found: String)
        case undefinedVariable(String, suggestion: String?)
        case undefinedProcedure(String, suggestion: String?)
        case unknownEdition(String)
        case unknownState(String, suggestion: String?)
        case argumentCount(String, expected: Int, found: Int)
        case callDepth(Int)
        case divisionByZero
        case overflow(String)
        /// A string or list past `Value.maximumSize`.
        case valueTooLarge(String, limit: Int)
        case operandTypes(String, String, String)
        case builtinRedefined(String)
        case interrupted
        /// SIGTERM stopped the run (mabs then ends).
        case terminated
        /// Standard output refused a write, which stopped the run (only
        /// reports, such as JUnit's, keep this; the host says why).
        case outputLost
        case stepLimit(Int)
        case loadUnavailable
        case loadFailed(String, reason: String)
        case loadCycle([String])
        /// Files loading files past `Session.loadDepthLimit`.
        case loadDepth(Int)
        case loadHasErrors(String)
        case assertionFailed(String)
        case wrongError(expected: String, got: String)
        case missingError(expected: String?)
        case unusedValue
        case unknownHelpTopic(String, suggestion: String?)
        /// A bare word where a value of another kind is needed: it is only
        /// text, and `$word` would read the variable.
        case bareWord(String, needed: Expectation)
        /// A procedure without `return VALUE` used as a value.
        case noValue(String)
        case unknownContentKind(String, suggestion: String?)
        case unknownQuota(String)
        /// `next_backup` of a service without scheduled backups.
        case noSchedule(String)
        /// `compare` and `differences` of a name no service or backup has.
        case noSuchServiceOrBackup(String)
        /// `compare` or `differences` given a name that is both a
        /// service's and a backup's.
        case serviceAndBackup(String)
        case workspaceUnavailable
        case workspaceFailed(String, reason: String)
        /// A workspace file that holds what no run could make: refused,
        /// and left as it is.
        case workspaceImpossible(String, WorkspaceProblem)
        /// `graph ... to FILE` where the host writes no files.
        case graphFileUnavailable
        /// `graph ... to FILE`, and the file cannot be written.
        case graphFileFailed(String, reason: String)
        /// `graph ... to FILE` without `as`, and the file's name says no format.
        case graphFormatUnknown(String, formats: [String])
        /// A unit count no edition runs.
        case unitCountNever(Int)
        /// A chaos seed below zero.
        case negativeSeed(Int)
        /// A message about a secret setting's value, with what it quoted
        /// of the secret replaced by `*` (see `Diagnostic.hidingSecrets`).
        case secretHidden(String)
        /// A secret's value set into a setting that is shown.
        case secretIntoPlainSetting(String)
        /// A comparison of two values of types that do not compare: the
        /// operator and both types.
        case incomparable(String, String, String)
        /// A lone word as a statement (the checker's; the parser reports
        /// a word followed by more words as `Syntax.unknownStatement`).
        case unknownStatement(String, suggestion: String?)
        /// `repeat` with a count below zero.
        case negativeRepeat(Int)
        /// `log last N` with N below one.
        case logCount(Int)
        /// The header of one statement's warnings, grouped (at the prompt
        /// and in a play), each a `Remark.groupedWarning` under it.
        case warningsOfOneStatement(Int)
        /// One `update` giving a setting twice.
        case duplicateSetting(String)
        /// A secret used other than compared or copied into a secret
        /// setting: how ("with '+'", "in a string", "as a name").
        case secretMisused(String)
        /// A literal in a secret's place made only of `*`: a secret as
        /// mabs shows it (from the history, or copied from an echo).
        case maskedSecret
        /// A list nested deeper than a saved workspace keeps.
        case workspaceValueTooDeep(path: String, variable: String, limit: Int)
        /// `expect error KIND` or `expect warning KIND` naming no kind.
        case unknownErrorKind(String, suggestion: String?)
        case unknownWarningKind(String, suggestion: String?)
        /// `expect error KIND`: an error of another kind came (its kind,
        /// its message).
        case wrongErrorKind(expected: ErrorKind, got: ErrorKind?, message: String)
        case missingErrorKind(ErrorKind)
        /// `expect warning`: the block gave no warning such as `wanted`
        /// (`Message.aWarning`) says; `found` is how many it gave.
        case missingWarning(wanted: String, found: Int)
        /// `expect no warning`: the block gave this one.
        case unexpectedWarning(String)
        /// `$list[i]` past either end of a list, a range or a text.
        case indexOutOfRange(index: Int, count: Int, of: Indexed)
        /// `assert EXPR, "NAME"` that does not hold.
        case namedAssertionFailed(String, String)

        /// Whether this is the step limit, which `expect error` never catches.
        var isStepLimit: Bool { if case .stepLimit = self { true } else { false } }

        var isIncomparable: Bool { if case .incomparable = self { true } else { false } }

        public var text: String {
            switch self {
            case .lifecycle(let error):
                Message.text(of: error)
            case .lifecycleWarning(let warning):
                Message.text(of: warning)
            case .expectedValue(let expected, let context, let found):
                "\(quoted: context) needs \(expected.text), found \(clipped: found)"
            case .undefinedVariable(let name, let suggestion):
                "no variable named \(quoted: "$" + name)" + didYouMean(suggestion.map { "$" + $0 }, otherwise: "; set one with 'let \(clipped: name) = ...'")
            case .undefinedProcedure(let name, let suggestion):
                "no procedure or function named \(quoted: name)" + didYouMean(suggestion, otherwise: "; define one with 'def \(clipped: name)(...) { ... }'")
            case .unknownEdition(let text):
                "\(quoted: text) is not an edition" + didYouMean(
                    suggestion(for: text, among: Edition.allCases.map { $0.displayName.lowercased() }).flatMap { Edition(userInput: $0)?.displayName },
                    otherwise: "; the editions are " + Edition.allCases.map(\.displayName).joined(separator: ", "))
            case .unknownState(let text, let suggestion):
                "\(quoted: text) is not a state" + didYouMean(suggestion, otherwise: "; 'help states' lists them")
            case .argumentCount(let name, let expected, let found):
                "\(quoted: name) takes \(expected) argument\(expected == 1 ? "" : "s"), but \(found) \(found == 1 ? "was" : "were") given"
            case .callDepth(let limit):
                "procedure calls are nested too deeply (the limit is \(limit)); is a procedure calling itself without end?"
            case .divisionByZero:
                "division by zero"
            case .overflow(let op):
                "the result of \(quoted: op) is too large for a number"
            case .valueTooLarge(let what, let limit):
                "\(what) would be too large: a value holds at most \(limit >> 20) Mi list items and bytes of text together; build a smaller one"
            case .operandTypes(let op, let left, let right):
                "\(quoted: op) cannot combine \(left) and \(right)"
            case .builtinRedefined(let name):
                "\(quoted: name) is a built-in function and cannot be redefined; choose another name"
            case .interrupted:
                "interrupted"
            case .terminated:
                "terminated (SIGTERM)"
            case .outputLost:
                "stopped: standard output could not be written"
            case .stepLimit(let limit):
                "stopped after \(limit) statements; is a loop running without end?"
            case .loadUnavailable:
                "'load' is not available here"
            case .loadFailed(let path, let reason):
                "cannot load \(quoted: path): \(reason)"
            case .loadCycle(let chain):
                "'load' would loop: " + chain.map { TerminalText.clipped($0) }.joined(separator: " loads ")
            case .loadDepth(let limit):
                "files load each other too deeply (the limit is \(limit) files, one loading the next); load them one after another instead"
            case .loadHasErrors(let path):
                "\(quoted: path) has errors (shown above), so it was not run"
            case .assertionFailed(let source):
                "assertion failed: \(clipped: source)"
            case .wrongError(let expected, let got):
                "expected \(Message.anError(containing: expected)), but the error was: \(got)"
            case .missingError(let expected):
                "expected \(Message.anError(containing: expected)), but the block ran without one"
            case .unusedValue:
                "this expression's value is not used; print it, assert it, or store it with 'let'"
            case .unknownHelpTopic(let topic, let suggestion):
                "no help for \(quoted: topic)" + didYouMean(suggestion, otherwise: "; 'help' lists the topics")
            case .bareWord(let word, let needed):
                "\(quoted: word) here is the text \(clipped: word, quote: "\""), where \(needed.text) is needed; write $\(clipped: word) to read the variable"
            case .unknownContentKind(let word, let suggestion):
                Message.Syntax.unknownContentKind(word, suggestion: suggestion).text
            case .workspaceUnavailable:
                "workspaces cannot be saved or opened here"
            case .workspaceFailed(let path, let reason):
                "cannot use workspace \(quoted: path): \(reason)"
            case .workspaceImpossible(let path, let problem):
                "cannot use workspace \(quoted: path): it holds what no run could make (\(Message.text(of: problem))); it was left as it is"
            case .graphFileUnavailable:
                "graphs cannot be written to files here"
            case .graphFileFailed(let path, let reason):
                "cannot write the graph to \(quoted: path): \(reason)"
            case .graphFormatUnknown(let path, let formats):
                "\(quoted: path) does not say which format to write: add 'as' and one of \(Message.alternatives(formats)), "
                    + "or name a file ending \(Message.alternatives(StateDiagram.Format.allCases.map { "." + $0.fileExtension }))"
            case .noSuchServiceOrBackup(let name):
                "there is no service or backup named \(quoted: name); 'list' and 'list backups' show them"
            case .serviceAndBackup(let name):
                "\(quoted: name) is the name of a service and of a backup, and either could be meant here; "
                    + "'show \(name)' and 'show backup \(name)' show each"
            case .noSchedule(let service):
                "\(quoted: service) has no scheduled backups; schedule them with 'schedule backups of \(clipped: service) every ... retain ...'"
            case .unknownQuota(let word):
                "\(quoted: word) is not a quota" + didYouMean(
                    suggestion(for: word, among: QuotaKind.allCases.map(\.word)),
                    otherwise: "; the quotas are " + QuotaKind.allCases.map(\.word).joined(separator: ", "))
            case .unitCountNever(let n):
                "no edition runs \(n) unit\(n == 1 ? "" : "s"); " + Help.unitsSentence().dropLast()
            case .negativeSeed(let n):
                "a chaos seed is a whole number from 0 up, not \(n)"
            case .noValue(let name):
                "\(quoted: name) gives no value to use here: it ends without 'return VALUE'"
            case .secretHidden(let text):
                text
            case .secretIntoPlainSetting(let key):
                "a secret cannot be copied into \(quoted: key), which is shown; copy it only into another secret setting"
            case .incomparable(let op, let left, let right):
                "'\(op)' cannot compare \(left) with \(right)"
            case .unknownStatement(let word, let suggestion):
                Message.Syntax.unknownStatement(word, suggestion: suggestion).text
            case .negativeRepeat(let count):
                "'repeat' runs a block a number of times from 0 up, not \(count)"
            case .warningsOfOneStatement(let count):
                "this statement gave \(count) warnings:"
            case .logCount(let count):
                "'log last' shows a number of entries from 1 up, not \(count); 'log all' shows every one"
            case .duplicateSetting(let key):
                "\(quoted: key) is set twice in one update; set each setting once"
            case .secretMisused(let use):
                "a secret cannot be used \(use); it can only be compared with '==' or '!=', or copied into a secret setting"
            case .maskedSecret:
                "this is a secret as mabs shows it, masked with '*' (recalled from the history, or copied from output); type the secret itself"
            case .workspaceValueTooDeep(let path, let variable, let limit):
                "cannot save workspace \(quoted: path): '$\(variable)' holds lists nested more than \(limit) deep, more than a workspace keeps; save a flatter value"
            case .unknownErrorKind(let word, let suggestion):
                "no kind of error is named \(quoted: word)" + didYouMean(suggestion)
                    + "; 'help errors' lists the kinds, and a text in quotes matches the message instead"
            case .unknownWarningKind(let word, let suggestion):
                "no kind of warning is named \(quoted: word)" + didYouMean(suggestion)
                    + "; 'help warnings' lists the kinds, and a text in quotes matches the message instead"
            case .wrongErrorKind(let expected, let got, let message):
                "expected \(Message.anError(ofKind: expected)), but the error was " + (got.map { "of kind \($0.name)" } ?? "another") + ": \(message)"
            case .missingErrorKind(let expected):
                "expected \(Message.anError(ofKind: expected)), but the block ran without one"
            case .missingWarning(let wanted, let found):
                "expected \(wanted), but the block gave " + (found == 0 ? "no warning" : "\(found) other warning\(found == 1 ? "" : "s")")
            case .unexpectedWarning(let text):
                "expected no warning, but the block gave one: \(text)"
            case .namedAssertionFailed(let name, let source):
                "assertion \(clipped: name, quote: "\"") failed: \(clipped: source)"
            case .indexOutOfRange(let index, let count, let indexed):
                count == 0
                    ? "index \(index) is out of range: the \(indexed) is empty; check len(...) > 0 first"
                    : "index \(index) is out of range: the \(indexed) has \(count) \(indexed.item)\(count == 1 ? "" : "s"), indexed 0 to \(count - 1)"
            }
        }
    }

    /// What `[ ]` reads into.
    public enum Indexed: String, Hashable, Sendable, CustomStringConvertible {
        case list, range, text

        public var description: String { rawValue }
        var item: String { self == .text ? "character" : self == .range ? "number" : "item" }
    }

    /// What a statement or operator needed where it found something else.
    public enum Expectation: Hashable, Sendable {
        case number, duration, condition, listOrRange, listRangeOrString
        case warning

        public var text: String {
            switch self {
            case .number: "a number"
            case .duration: "a duration such as 90s, 30m, 2h or 1d"
            case .condition: "true or false"
            case .listOrRange: "a list or a range"
            case .listRangeOrString: "a list, a range or a string"
            case .warning: "a warning (an item of warnings())"
            }
        }
    }

    /// Notes attached to another diagnostic.
    public enum Remark: Hashable, Sendable {
        case openedHere(String)
        case stringStartsHere
        case tooManyErrors
        /// A failed check's service state.
        case foundState(service: String, state: ServiceState)
        /// A failed `can`/`cannot` check: the state, and whether the
        /// operation is allowed there.
        case foundAllowance(service: String, state: ServiceState, operation: String, allowed: Bool)
        /// A failed comparison: both sides, as literals.
        case foundSides(left: String, right: String)
        /// A failed `exists(NAME)`.
        case foundNoService(String)
        /// A failed `can` check refused by a rule other than the table's
        /// (the edition, the name and its hold): the refusal.
        case foundRefusal(LifecycleError)
        /// Where a procedure the error left was called (a traceback line).
        case calledFrom(String)
        /// The statements that lead to a state allowing a refused operation.
        case wayThere([String])
        /// Calls left out of a long traceback.
        case moreCalls(Int)
        /// Where a setting given twice in one `update` was given first.
        case firstSetHere(String)
        /// The existing service or backup whose name is nearest to one
        /// that does not exist: a likely typo.
        case nearestName(String)
        /// One of a statement's warnings, under their header
        /// (`Runtime.warningsOfOneStatement`).
        case groupedWarning(LifecycleWarning)
        /// A failed check in a `todo` block: why it may fail.
        case todo(String)

        public var text: String {
            switch self {
            case .openedHere(let opener):
                "\(quoted: opener) opened here"
            case .stringStartsHere:
                "the string starts here"
            case .tooManyErrors:
                "too many errors; stopping here"
            case .foundState, .foundAllowance, .foundSides, .foundNoService, .foundRefusal:
                "found: " + (finding ?? "")
            case .wayThere(let statements):
                "the way there: " + statements.joined(separator: "; ")
            case .calledFrom(let name):
                "in \(quoted: name), called here"
            case .moreCalls(let count):
                "\(count) more call\(count == 1 ? "" : "s") not shown"
            case .firstSetHere(let key):
                "'\(key)' is first set here"
            case .nearestName(let name):
                "did you mean \(quoted: name)?"
            case .groupedWarning(let warning):
                Message.runtime(.lifecycleWarning(warning)).text
            case .todo(let reason):
                "to do: \(clipped: reason, quote: "\""); a failed check in a 'todo' block does not fail the run"
            }
        }

        /// What a failed check found, as its note says it after "found: ",
        /// for reports (TAP, JUnit) to give on its own; nil for other remarks.
        public var finding: String? {
            switch self {
            case .foundState(let service, let state):
                "\(quoted: service) is \(state)"
            case .foundAllowance(let service, let state, let operation, let allowed):
                "\(quoted: service) is \(state), where \(operation) is \(allowed ? "" : "not ")allowed"
            case .foundSides(let left, let right):
                "the left side is \(clipped: left), the right side is \(clipped: right)"
            case .foundNoService(let name):
                Message.text(of: LifecycleError.noSuchService(name))
            case .foundRefusal(let error):
                Message.text(of: error)
            case .openedHere, .stringStartsHere, .tooManyErrors, .calledFrom, .moreCalls, .wayThere, .firstSetHere, .nearestName, .groupedWarning, .todo:
                nil
            }
        }
    }

    /// What an `expect error` waits for: `an error`, or `an error
    /// containing "TEXT"`. Its failures say it, and reports give it as what
    /// was expected.
    public static func anError(containing expected: String?) -> String {
        "an error" + (expected.map { " containing \(clipped: $0, quote: "\"")" } ?? "")
    }

    /// What `expect error KIND` waits for.
    public static func anError(ofKind kind: ErrorKind) -> String {
        "an error of kind \(kind.name)"
    }

    /// What `expect warning` waits for: `a warning`, `a warning of kind
    /// KIND`, `a warning containing "TEXT"`.
    public static func aWarning(ofKind kind: LifecycleWarning.Kind?, containing text: String?) -> String {
        if let kind { return "a warning of kind \(kind.name)" }
        return "a warning" + (text.map { " containing \(clipped: $0, quote: "\"")" } ?? "")
    }

    /// What reports (TAP, JUnit) say a failed `expect error` found when its
    /// block ran without an error.
    public static let noErrorFound = "no error: the block ran without one"
    /// What `expect no warning` waits for, and what a block without one gave.
    public static let noWarning = "no warning"

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "0x\(digits[Int(byte >> 4)])\(digits[Int(byte & 15)])"
    }

    static func codePoint(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "U+00\(digits[Int(byte >> 4)])\(digits[Int(byte & 15)])"
    }
}

extension String.StringInterpolation {
    /// A value in a message, in single quotes (`'contoso'`): at most
    /// `TerminalText.quotedLimit` characters of it, and its length when it
    /// is longer, so no message repeats a huge value. The channels that
    /// show messages escape the control characters in them.
    mutating func appendInterpolation(quoted value: String) {
        appendLiteral(TerminalText.clipped(SystemText.shown(value), quote: "'"))
    }

    /// A value in a message, cut as `quoted:` cuts it, in `quote`s if given.
    mutating func appendInterpolation(clipped value: String, quote: String = "") {
        appendLiteral(TerminalText.clipped(value, quote: quote))
    }
}

/// The "did you mean" suffix every unknown-word message shares: the
/// suggestion when there is one, else `otherwise`.
extension Message {
    /// `a`, `a or b`, `a, b or c`.
    static func alternatives(_ items: [String]) -> String {
        items.count <= 2 ? items.joined(separator: " or ") : items.dropLast().joined(separator: ", ") + " or " + items.last!
    }
}

func didYouMean(_ suggestion: String?, otherwise: String = "") -> String {
    suggestion.map { " (did you mean \(quoted: $0)?)" } ?? otherwise
}

/// What the interpreter announces on standard output as operations run.
public enum Notice: Sendable {
    /// A run that failed (always announced).
    case failed(LogRecord)
    /// A run that succeeded (announced when tracing).
    case ran(LogRecord)
    /// What a block typed at the prompt did, instead of a line per run.
    case blockRan(operations: Int, failed: Int)
    /// Ctrl-D at the continuation prompt dropped the unfinished statement.
    case statementDropped
    /// What a statement that runs no operation changed, in one line, as a
    /// prompt or a play acknowledges it (Acknowledgements.swift).
    case acknowledged(Acknowledgement)
    /// `exit 1` (or `quit 0`, `exit(2)`) at the prompt, which leaves with
    /// no status of its own: the word typed.
    case exitTakesNoArgument(String)

    /// The word an entry is announced with: the operation's, or `purge`.
    private static func verb(_ entry: LogRecord) -> String { entry.isPurge ? "purge" : entry.operation.keyword }

    public var text: String {
        switch self {
        case .failed(let entry): "\(Notice.verb(entry)) \(entry.service) failed: \(LogText.detail(entry))\n"
        case .ran(let entry): "\(Notice.verb(entry)) \(entry.service): \(LogText.detail(entry))\n"
        case .blockRan(let operations, let failed):
            "(ran \(operations) operation\(operations == 1 ? "" : "s")"
                + (failed == 0 ? "" : ", \(failed) failed") + "; --trace shows each)\n"
        case .statementDropped: "(the unfinished statement was dropped)"
        case .acknowledged(let acknowledgement): acknowledgement.text + "\n"
        case .exitTakesNoArgument(let word):
            "(\(word) takes no argument: type \(word) alone, or press Ctrl-D, to leave; the session ends with status 0)\n"
        }
    }
}

/// What a host (the runner, the REPL) says about files, history and the
/// command line, outside any script.
public enum HostMessage: Sendable {
    case cannotRead(String, reason: String)
    /// A report file (`--junit FILE`) that cannot be made or replaced.
    case cannotWrite(String, reason: String)
    case historyUnavailable(reason: String)
    /// Standard output refused a write: what was printed is lost.
    case cannotWriteOutput(reason: String)
    case noHomeDirectory
    /// `mabs play --delay MS` outside what it takes.
    case delayOutOfRange(Int, maximum: Int)
    /// SIGTERM ended the REPL at its prompt (its history already saved).
    case terminated
    /// The `--workspace` file cannot be used: a usage error, before
    /// anything runs.
    case workspaceOption(Message.Runtime)
    /// A command-line option's value, refused as the statement that takes
    /// the same value refuses it (`--seed -1`, as `chaos 5 seed -1`).
    case optionValue(option: String, Message.Runtime)
    /// `mabs help TOPIC` for a topic there is none of (and no command of
    /// that name), with the nearest topic.
    case unknownHelpTopic(String, suggestion: String?)

    /// The whole line, `mabs: ...`, with its newline, and the control
    /// characters of the paths it names escaped (`TerminalText`).
    public var text: String {
        switch self {
        case .cannotRead, .cannotWrite, .cannotWriteOutput, .delayOutOfRange, .terminated, .workspaceOption, .optionValue, .unknownHelpTopic:
            "mabs: \(TerminalText.escaped(sentence))\n"
        case .historyUnavailable, .noHomeDirectory: "mabs: warning: \(TerminalText.escaped(sentence))\n"
        }
    }

    /// The message alone, without `mabs: ` (and `warning: `) before it or
    /// the newline after it, as a report (TAP, JUnit) gives it.
    public var sentence: String {
        switch self {
        case .cannotRead(let path, let reason): "cannot read \(quoted: path): \(reason)"
        case .cannotWrite(let path, let reason): "cannot write \(quoted: path): \(reason)"
        case .workspaceOption(let message): message.text
        case .optionValue(let option, let message): "\(option): \(message.text)"
        case .historyUnavailable(let reason): "\(reason); history will not be saved this session"
        case .cannotWriteOutput(let reason): "cannot write the output: \(reason)"
        case .noHomeDirectory: "no home directory; history will not be saved"
        case .delayOutOfRange(let delay, let maximum): "--delay takes a number of milliseconds from 0 to \(maximum), not \(delay)"
        case .terminated: "terminated (SIGTERM)"
        case .unknownHelpTopic(let topic, let suggestion):
            "no help for \(quoted: topic)" + didYouMean(suggestion, otherwise: "; 'mabs help' lists the topics")
        }
    }
}

extension Value {
    /// The value's type, as messages name it.
    public var typeName: String {
        switch self {
        case .none: "nothing"
        case .bool: "true/false"
        case .int: "a number"
        case .string: "a string"
        case .duration: "a duration"
        case .time: "a time"
        case .secret: "a secret"
        case .state: "a state"
        case .edition: "an edition"
        case .version: "a version"
        case .list: "a list"
        case .range: "a range"
        case .warning: "a warning"
        }
    }
}

extension QuotaKind {
    /// The quota as a script writes it: `hybrid-connections`.
    var word: String { String(name.map { $0 == " " ? "-" : $0 }) }
}

/// What the reports of a run (the summary line, TAP, JUnit) say beside the
/// checks' own messages.
public enum ReportText: Sendable {
    /// A check of a script that stopped before it (a runtime error,
    /// `--bail`, an interrupt).
    case notReached
    /// A check of a script that never ran because another script given
    /// could not be read or checked.
    case notRunAfterErrors
    /// A check of a script that never ran because the run stopped before
    /// it (`--bail`, an interrupt).
    case notRunAfterStop
    /// TAP's `Bail out!` reason: `--bail` stopped at this failed check.
    case bailed(at: String)
    /// A script's first error, when it has more.
    case firstOfErrors(String, more: Int)

    public var text: String {
        switch self {
        case .notReached: "not reached"
        case .notRunAfterErrors: "not run: a script given could not be checked"
        case .notRunAfterStop: "not run: the run stopped before this script"
        case .bailed(let place): "--bail: stopped at the first failed check, \(place)"
        case .firstOfErrors(let first, let more): "\(first) (and \(more) more error\(more == 1 ? "" : "s"))"
        }
    }
}

/// What a statement changed, in one line, as the prompt and a play
/// acknowledge it (`mabs run` only with `--trace`): a check that passed,
/// and the statements that run no operation, which would otherwise leave
/// silence where the lesson happens.
public enum Acknowledgement: Sendable, Equatable {
    /// `assert CONDITION` held: its condition as written, on one line.
    case assertionHeld(String)
    /// `expect error` caught the error it expected: the error's message.
    case errorExpected(String)
    case contentAdded(ContentKind, name: String, service: String)
    case contentRemoved(ContentKind, name: String, service: String)
    /// `receive`: how many came, and how many wait in the batch now.
    case messagesReceived(Int, service: String, batch: Int)
    /// `process N messages`, or the active batch (`batch`): how many went
    /// out, and the control number now.
    case messagesProcessed(Int, service: String, batch: Bool, controlNumber: Int)
    /// `process batch` with no message waiting.
    case batchEmpty(service: String)
    case clockMoved(to: Timestamp, by: Interval)
    case backupsScheduled(BackupSchedule)
    case backupsUnscheduled(service: String, hadSchedule: Bool)
    case namesHeld(Interval)

    public var text: String {
        switch self {
        case .assertionHeld(let condition): "✔ \(condition)"
        case .errorExpected(let message): "✔ as expected: \(message)"
        case .contentAdded(let kind, let name, let service): "\(service): \(kind.name) \(quoted: name) added"
        case .contentRemoved(let kind, let name, let service): "\(service): \(kind.name) \(quoted: name) removed"
        case .messagesReceived(let count, let service, let batch):
            "\(service): \(Acknowledgement.messages(count)) received (\(batch) in the active batch)"
        case .messagesProcessed(let count, let service, let batch, let controlNumber):
            "\(service): \(batch ? "the active batch of " : "")\(Acknowledgement.messages(count)) processed (control number \(controlNumber))"
        case .batchEmpty(let service): "\(service): no message in the active batch; nothing processed"
        case .clockMoved(let now, let interval): "clock: \(now) (+\(interval))"
        case .backupsScheduled(let schedule):
            "\(schedule.service): a backup every \(schedule.frequency), each kept \(schedule.retention)"
                + (schedule.keepOne ? " (the newest always)" : "") + "; the next at \(schedule.next)"
        case .backupsUnscheduled(let service, let had):
            had ? "\(service): no more scheduled backups" : "\(service) had no scheduled backups"
        case .namesHeld(let interval): "a deleted service's name is held for \(interval)"
        }
    }

    private static func messages(_ count: Int) -> String { count == 1 ? "1 message" : "\(count) messages" }
}

/// What the live view (`--live`) says: on the command line when it cannot
/// start, and in its HTTP answers when it refuses a request.
public enum LiveMessage: Error, Sendable, Equatable {
    /// The one line printed before the first prompt or entry.
    case address(String)
    /// `--live` with something other than a port.
    case badPort(String)
    /// `--live` on a run that has no prompt and no play.
    case needsSession
    /// The server library is not beside the binary, or does not load.
    case serverUnavailable(path: String, reason: String)
    /// 127.0.0.1:PORT cannot be listened on.
    case cannotListen(port: Int, reason: String)

    /// No token, or a wrong one (query, cookie).
    case tokenRequired
    /// `POST /run` without the token in its header.
    case headerTokenRequired
    /// A `Host` other than 127.0.0.1:PORT or localhost:PORT.
    case hostRefused(String, port: Int)
    /// `POST /run` from a page of another origin.
    case originRefused(String)
    case notFound(String)
    case methodNotAllowed(String, path: String, allowed: String)
    case tooManyRequests(perSecond: Int)
    case tooManyListeners(Int)
    case bodyTooLarge(Int)
    case emptyStatement
    case notText
    case statementRefused(incomplete: Bool)
    case watchingPlay
    case promptBusy(seconds: Int)
    case queueFull(Int)
    case unknownView(String, views: [String])
    case unknownService(String)
    case aroundNeedsPlace

    public var text: String {
        switch self {
        case .address(let url): "live view: \(url)"
        case .badPort(let given): "--live takes a port from 1 to 65535 (0, or none, picks a free one), not \(quoted: given)"
        case .needsSession:
            "--live shows the REPL or 'mabs play' in a browser; a batch run (files, -e, piped input, --format, --junit) has nothing to show"
        case .serverUnavailable(let path, let reason):
            "the live view's server cannot be loaded from \(quoted: path): \(reason); 'swift build' (or Scripts/run --live) builds it beside mabs"
        case .cannotListen(let port, let reason): "cannot start the live view on 127.0.0.1:\(port): \(reason)"
        case .tokenRequired: "this address needs the token mabs printed: open the whole address it printed (http://127.0.0.1:PORT/?token=...)"
        case .headerTokenRequired: "POST /run needs the token in the X-Mabs-Token header (the page sends it; a form on another site cannot)"
        case .hostRefused(let host, let port): "the Host \(quoted: host) is refused: the live view answers only to 127.0.0.1:\(port) and localhost:\(port)"
        case .originRefused(let origin): "POST /run from another site (\(quoted: origin)) is refused"
        case .notFound(let path):
            "no such address: \(quoted: path); the live view serves /, /state, /events, /diagram.svg, /diagram.json and POST /run"
        case .methodNotAllowed(let method, let path, let allowed): "\(method) is not allowed on \(path); use \(allowed)"
        case .tooManyRequests(let rate): "too many requests: about \(rate) a second at most; wait a moment and try again"
        case .tooManyListeners(let count): "at most \(count) pages can follow /events at once; close one and try again"
        case .bodyTooLarge(let limit): "a posted statement is at most \(limit) bytes"
        case .emptyStatement: "POST /run takes one statement as its body, as text"
        case .notText: "the statement is not UTF-8 text"
        case .statementRefused(let incomplete):
            incomplete ? "the statement is unfinished (an open block, bracket or string): post it whole; nothing ran"
                : "the statement has errors; nothing ran"
        case .watchingPlay: "a play is running: the live view only watches, and takes no statements (post them at the REPL's live view)"
        case .promptBusy(let seconds):
            "the prompt did not come back within \(seconds) seconds (a statement is running, or one is being typed over several lines); nothing ran"
        case .queueFull(let count): "\(count) statements are already waiting for the prompt; wait for them"
        case .unknownView(let view, let views): "no view \(quoted: view); the views are \(views.joined(separator: ", "))"
        case .unknownService(let name): "there is no service named \(quoted: name)"
        case .aroundNeedsPlace: "the view 'around' needs a service (service=NAME) or a state (state=STATE)"
        }
    }
}
