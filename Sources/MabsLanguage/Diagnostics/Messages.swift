import Lifecycle

// The message catalogue: every text a user can see in a diagnostic, in one
// place. The lexer, the parser and (later) the interpreter create
// `Message` values; only `text` turns them into words.
//
// Adding a message: add a case to `Message`, its `ID`, its `text`, and a
// rendered-text test (the catalogue coverage test fails until you do).
//
// Conventions (Lua- and Go-style): lower-case, no final period; name both
// sides of a mismatch ("expected X after Y, found Z"); quote source text
// with single quotes; offer a fix when there is an obvious one.

/// What a name position holds; used to say what was expected.
public enum NameRole: String, Sendable, CaseIterable {
    case service, backup, edition, state, operation, setting, variable, procedure, parameter, helpTopic

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
        }
    }

    /// Roles whose position also accepts a string, so a reserved word can be quoted.
    var acceptsStrings: Bool {
        switch self {
        case .service, .backup, .edition, .state: true
        default: false
        }
    }
}

/// One diagnostic text, with the facts it mentions.
///
/// `found` and `after` arguments are already-quoted descriptions of source
/// text (`'42'`, `end of line`), produced by the parser.
public enum Message: Hashable, Sendable {
    // MARK: Lexical
    case unexpectedCharacter(String)
    case controlCharacter(UInt8)
    case invalidUTF8(UInt8)
    case wordOperator(found: String, use: String)
    case unterminatedString
    case unterminatedInterpolation
    case invalidEscape(String)
    case malformedNumber(String)
    case malformedDuration(String)
    case integerTooLarge(String)
    case missingVariableName
    case interpolationOutsideString

    // MARK: Syntax
    case unknownStatement(String, suggestion: String?)
    case expectedStatement(found: String)
    case expectedName(NameRole, after: String, found: String)
    case expectedExpression(after: String, found: String)
    case expectedToken(String, after: String, found: String)
    case unclosed(closer: String, opener: String, line: Int, found: String)
    case expectedEndOfStatement(found: String)
    case unknownOperation(String, suggestion: String?)
    case reservedWord(String, NameRole)
    case keywordAsProcedureName(String)
    case dollarInBinding(String)
    case chainedComparison
    case assignmentInExpression
    case nestingTooDeep(limit: Int)
    case elseWithoutIf
    case returnOutsideProcedure
    case duplicateParameter(String)

    // MARK: Notes
    case openedHere(String)
    case stringStartsHere
    case tooManyErrors

    // MARK: Runtime (the interpreter's)
    case lifecycle(LifecycleError)
    case lifecycleWarning(LifecycleWarning)
    case expectedValue(String, for: String, found: String)
    case undefinedVariable(String, suggestion: String?)
    case undefinedProcedure(String, suggestion: String?)
    case unknownEdition(String)
    case unknownState(String, suggestion: String?)
    case argumentCount(String, expected: Int, found: Int)
    case callDepth(Int)
    case divisionByZero
    case overflow(String)
    case operandTypes(String, String, String)
    case builtinRedefined(String)
    case interrupted
    case stepLimit(Int)
    case loadUnavailable
    case loadFailed(String, reason: String)
    case loadCycle([String])
    case loadHasErrors(String)
    case assertionFailed(String)
    case found(String)
    case wrongError(expected: String, got: String)
    case missingError(expected: String?)
    case unusedValue
    case unknownHelpTopic(String, suggestion: String?)

    /// Identifies a case regardless of its arguments, so tests can check
    /// that every case has a rendered-text test.
    public enum ID: String, CaseIterable, Sendable {
        case unexpectedCharacter, controlCharacter, invalidUTF8, wordOperator
        case unterminatedString, unterminatedInterpolation, invalidEscape
        case malformedNumber, malformedDuration, integerTooLarge
        case missingVariableName, interpolationOutsideString
        case unknownStatement, expectedStatement, expectedName, expectedExpression
        case expectedToken, unclosed, expectedEndOfStatement, unknownOperation
        case reservedWord, keywordAsProcedureName, dollarInBinding
        case chainedComparison, assignmentInExpression, nestingTooDeep
        case elseWithoutIf, returnOutsideProcedure, duplicateParameter
        case openedHere, stringStartsHere, tooManyErrors
        case lifecycle, lifecycleWarning, expectedValue, undefinedVariable, undefinedProcedure
        case unknownEdition, unknownState, argumentCount, callDepth, divisionByZero, overflow
        case operandTypes, builtinRedefined, interrupted, stepLimit, loadUnavailable, loadFailed
        case loadCycle, loadHasErrors, assertionFailed, found, wrongError, missingError
        case unusedValue, unknownHelpTopic

        /// Which phase produces the message; each phase's tests cover its own.
        /// (No `default`: a new case must choose its phase.)
        public enum Phase: Sendable { case lexical, syntax, note, runtime }

        public var phase: Phase {
            switch self {
            case .unexpectedCharacter, .controlCharacter, .invalidUTF8, .wordOperator,
                 .unterminatedString, .unterminatedInterpolation, .invalidEscape,
                 .malformedNumber, .malformedDuration, .integerTooLarge,
                 .missingVariableName, .interpolationOutsideString:
                .lexical
            case .unknownStatement, .expectedStatement, .expectedName, .expectedExpression,
                 .expectedToken, .unclosed, .expectedEndOfStatement, .unknownOperation,
                 .reservedWord, .keywordAsProcedureName, .dollarInBinding, .chainedComparison,
                 .assignmentInExpression, .nestingTooDeep, .elseWithoutIf, .returnOutsideProcedure,
                 .duplicateParameter:
                .syntax
            case .openedHere, .stringStartsHere, .tooManyErrors:
                .note
            case .found, .lifecycle, .lifecycleWarning, .expectedValue, .undefinedVariable,
                 .undefinedProcedure, .unknownEdition, .unknownState, .argumentCount, .callDepth,
                 .divisionByZero, .overflow, .operandTypes, .builtinRedefined, .interrupted,
                 .stepLimit, .loadUnavailable, .loadFailed, .loadCycle, .loadHasErrors,
                 .assertionFailed, .wrongError, .missingError, .unusedValue, .unknownHelpTopic:
                .runtime
            }
        }
    }

    /// Whether this is the step limit, which `expect error` never catches.
    var isStepLimit: Bool { id == .stepLimit }

    public var id: ID {
        switch self {
        case .unexpectedCharacter: .unexpectedCharacter
        case .controlCharacter: .controlCharacter
        case .invalidUTF8: .invalidUTF8
        case .wordOperator: .wordOperator
        case .unterminatedString: .unterminatedString
        case .unterminatedInterpolation: .unterminatedInterpolation
        case .invalidEscape: .invalidEscape
        case .malformedNumber: .malformedNumber
        case .malformedDuration: .malformedDuration
        case .integerTooLarge: .integerTooLarge
        case .missingVariableName: .missingVariableName
        case .interpolationOutsideString: .interpolationOutsideString
        case .unknownStatement: .unknownStatement
        case .expectedStatement: .expectedStatement
        case .expectedName: .expectedName
        case .expectedExpression: .expectedExpression
        case .expectedToken: .expectedToken
        case .unclosed: .unclosed
        case .expectedEndOfStatement: .expectedEndOfStatement
        case .unknownOperation: .unknownOperation
        case .reservedWord: .reservedWord
        case .keywordAsProcedureName: .keywordAsProcedureName
        case .dollarInBinding: .dollarInBinding
        case .chainedComparison: .chainedComparison
        case .assignmentInExpression: .assignmentInExpression
        case .nestingTooDeep: .nestingTooDeep
        case .elseWithoutIf: .elseWithoutIf
        case .returnOutsideProcedure: .returnOutsideProcedure
        case .duplicateParameter: .duplicateParameter
        case .openedHere: .openedHere
        case .stringStartsHere: .stringStartsHere
        case .tooManyErrors: .tooManyErrors
        case .lifecycle: .lifecycle
        case .lifecycleWarning: .lifecycleWarning
        case .expectedValue: .expectedValue
        case .undefinedVariable: .undefinedVariable
        case .undefinedProcedure: .undefinedProcedure
        case .unknownEdition: .unknownEdition
        case .unknownState: .unknownState
        case .argumentCount: .argumentCount
        case .callDepth: .callDepth
        case .divisionByZero: .divisionByZero
        case .overflow: .overflow
        case .operandTypes: .operandTypes
        case .builtinRedefined: .builtinRedefined
        case .interrupted: .interrupted
        case .stepLimit: .stepLimit
        case .loadUnavailable: .loadUnavailable
        case .loadFailed: .loadFailed
        case .loadCycle: .loadCycle
        case .loadHasErrors: .loadHasErrors
        case .assertionFailed: .assertionFailed
        case .found: .found
        case .wrongError: .wrongError
        case .missingError: .missingError
        case .unusedValue: .unusedValue
        case .unknownHelpTopic: .unknownHelpTopic
        }
    }

    /// The text shown to the user.
    public var text: String {
        switch self {
        case .unexpectedCharacter(let character):
            "unexpected character '\(character)'"
        case .controlCharacter(let byte):
            byte == 0 ? "unexpected NUL byte" : "unexpected control character \(Message.codePoint(byte))"
        case .invalidUTF8(let byte):
            "invalid UTF-8 byte \(Message.hex(byte))"
        case .wordOperator(let found, let use):
            "'\(found)' is not an operator; use '\(use)'"
        case .unterminatedString:
            "unterminated string"
        case .unterminatedInterpolation:
            "unterminated '${' in string"
        case .invalidEscape(let escape):
            "invalid escape '\(escape)' in string (use \\\" \\\\ \\n \\t or \\$)"
        case .malformedNumber(let text):
            "malformed number '\(text)'"
        case .malformedDuration(let text):
            "malformed duration '\(text)' (use units d, h, m, s, largest first, as in 1h30m)"
        case .integerTooLarge(let text):
            "integer '\(text)' is too large"
        case .missingVariableName:
            "expected a variable name after '$'"
        case .interpolationOutsideString:
            "'${' is only allowed inside a string; write $name for a variable"

        case .unknownStatement(let word, let suggestion):
            if let suggestion {
                "unknown statement '\(word)' (did you mean '\(suggestion)'?)"
            } else {
                "unknown statement '\(word)'"
            }
        case .expectedStatement(let found):
            "expected a statement, found \(found)"
        case .expectedName(let role, let after, let found):
            "expected \(role.text) after \(after), found \(found)"
        case .expectedExpression(let after, let found):
            "expected an expression after \(after), found \(found)"
        case .expectedToken(let token, let after, let found):
            "expected '\(token)' after \(after), found \(found)"
        case .unclosed(let closer, let opener, let line, let found):
            "expected '\(closer)' to close '\(opener)' at line \(line), found \(found)"
        case .expectedEndOfStatement(let found):
            "expected end of statement (a newline or ';'), found \(found)"
        case .unknownOperation(let word, let suggestion):
            if let suggestion {
                "unknown operation '\(word)' (did you mean '\(suggestion)'?)"
            } else {
                "unknown operation '\(word)' (operations: "
                    + Vocabulary.operationWords.joined(separator: ", ") + ")"
            }
        case .reservedWord(let word, let role):
            if role.acceptsStrings {
                "'\(word)' is a reserved word and cannot be \(role.text); quote it (\"\(word)\") to use it as a name"
            } else {
                "'\(word)' is a reserved word and cannot be \(role.text)"
            }
        case .keywordAsProcedureName(let word):
            "'\(word)' is a statement keyword and cannot name a procedure"
        case .dollarInBinding(let name):
            "write '\(name)' without '$' here: '$\(name)' reads a variable, it does not name one"
        case .chainedComparison:
            "comparisons cannot be chained; join them with 'and'"
        case .assignmentInExpression:
            "'=' only assigns in 'let' and 'update ... set'; use '==' to compare"
        case .nestingTooDeep(let limit):
            "blocks and expressions are nested too deeply (the limit is \(limit))"
        case .elseWithoutIf:
            "'else' without a matching 'if'"
        case .returnOutsideProcedure:
            "'return' outside a procedure"
        case .duplicateParameter(let name):
            "duplicate parameter '\(name)'"

        case .openedHere(let opener):
            "'\(opener)' opened here"
        case .stringStartsHere:
            "the string starts here"
        case .tooManyErrors:
            "too many errors; stopping here"

        case .lifecycle(let error):
            Message.text(of: error)
        case .lifecycleWarning(let warning):
            Message.text(of: warning)
        case .expectedValue(let expected, let context, let found):
            "'\(context)' needs \(expected), found \(found)"
        case .undefinedVariable(let name, let suggestion):
            "no variable named '$\(name)'" + (suggestion.map { " (did you mean '$\($0)'?)" } ?? "; set one with 'let \(name) = ...'")
        case .undefinedProcedure(let name, let suggestion):
            "no procedure or function named '\(name)'" + (suggestion.map { " (did you mean '\($0)'?)" } ?? "; define one with 'def \(name)(...) { ... }'")
        case .unknownEdition(let text):
            "'\(text)' is not an edition; the editions are " + Edition.allCases.map(\.displayName).joined(separator: ", ")
        case .unknownState(let text, let suggestion):
            "'\(text)' is not a state" + (suggestion.map { " (did you mean '\($0)'?)" } ?? "; 'help states' lists them")
        case .argumentCount(let name, let expected, let found):
            "'\(name)' takes \(expected) argument\(expected == 1 ? "" : "s"), but \(found) \(found == 1 ? "was" : "were") given"
        case .callDepth(let limit):
            "procedure calls are nested too deeply (the limit is \(limit)); is a procedure calling itself without end?"
        case .divisionByZero:
            "division by zero"
        case .overflow(let op):
            "the result of '\(op)' is too large for a number"
        case .operandTypes(let op, let left, let right):
            "'\(op)' cannot combine \(left) and \(right)"
        case .builtinRedefined(let name):
            "'\(name)' is a built-in function and cannot be redefined; choose another name"
        case .interrupted:
            "interrupted"
        case .stepLimit(let limit):
            "stopped after \(limit) statements; is a loop running without end?"
        case .loadUnavailable:
            "'load' is not available here"
        case .loadFailed(let path, let reason):
            "cannot load '\(path)': \(reason)"
        case .loadCycle(let chain):
            "'load' would loop: " + chain.joined(separator: " loads ")
        case .loadHasErrors(let path):
            "'\(path)' has errors (shown above), so it was not run"
        case .assertionFailed(let source):
            "assertion failed: \(source)"
        case .found(let what):
            "found: \(what)"
        case .wrongError(let expected, let got):
            "expected an error containing \"\(expected)\", but the error was: \(got)"
        case .missingError(let expected):
            "expected an error" + (expected.map { " containing \"\($0)\"" } ?? "") + ", but the block ran without one"
        case .unusedValue:
            "this expression's value is not used; print it, assert it, or store it with 'let'"
        case .unknownHelpTopic(let topic, let suggestion):
            "no help for '\(topic)'" + (suggestion.map { " (did you mean '\($0)'?)" } ?? "; 'help' lists the topics")
        }
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "0x\(digits[Int(byte >> 4)])\(digits[Int(byte & 15)])"
    }

    static func codePoint(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "U+00\(digits[Int(byte >> 4)])\(digits[Int(byte & 15)])"
    }
}
