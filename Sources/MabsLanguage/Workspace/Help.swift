import Lifecycle
import MabsPresentation

/// `help` and `help TOPIC`: one table of topics, each with its syntax, what
/// it does and an example. The REPL's completion and the README's language
/// reference follow the same list; a test keeps it complete.
public enum Help {
    public struct Topic: Sendable {
        public var name: String
        public var syntax: String
        public var summary: String
        public var example: String
    }

    /// One topic per statement keyword, then the topics that are not
    /// statements.
    public static let topics: [Topic] = [
        Topic(name: "create", syntax: "create NAME [edition EDITION] [units N] [region STRING]",
              summary: "Creates a service, which starts Active. Unless given: Standard, 1 unit, \"\(defaultRegion)\".",
              example: "create contoso edition premium units 2"),
        Topic(name: "start", syntax: "start NAME", summary: "Starts a stopped service: Active, or StartFailed.", example: "start contoso"),
        Topic(name: "stop", syntax: "stop NAME", summary: "Stops a service: Stopped, or StopFailed.", example: "stop contoso"),
        Topic(name: "restart", syntax: "restart NAME", summary: "Restarts a service: Active, or RestartFailed.", example: "restart contoso"),
        Topic(name: "suspend", syntax: "suspend NAME", summary: "Suspends a service: Suspended, or SuspendedFailed.", example: "suspend contoso"),
        Topic(name: "resume", syntax: "resume NAME", summary: "Resumes a suspended service: Active, or ResumeFailed.", example: "resume contoso"),
        Topic(name: "delete", syntax: "delete NAME",
              summary: "Deletes a service. Its name is held for a while before it can be used again.", example: "delete contoso"),
        Topic(name: "scale", syntax: "scale NAME to N",
              summary: "Changes the unit count: Active, or ScaleFailed. 1 to 8 units; Developer cannot scale.", example: "scale contoso to 4"),
        Topic(name: "update", syntax: "update NAME set KEY = VALUE [, KEY = VALUE]...",
              summary: "Updates configuration settings. The keys: \(SettingKey.allCases.map(\.name).joined(separator: ", ")).",
              example: "update contoso set acs-namespace = \"contoso-ns\", acs-key = \"secret\""),
        Topic(name: "backup", syntax: "backup NAME [as BACKUP]",
              summary: "Takes a backup. Only in Active, Suspended or Stopped, and not on Developer; an unnamed backup is named after the service and the time.",
              example: "backup contoso as nightly"),
        Topic(name: "restore", syntax: "restore BACKUP [to NAME] [edition EDITION]",
              summary: "Restores a backup into a new service, Suspended. Same or higher edition only.",
              example: "restore nightly to contoso-dr edition premium"),
        Topic(name: "disable", syntax: "disable NAME", summary: "Platform event: the service is disabled (Disabled, or DisableFailed).", example: "disable contoso"),
        Topic(name: "enable", syntax: "enable NAME", summary: "Platform event: a disabled service is enabled (Active, or EnableFailed).", example: "enable contoso"),
        Topic(name: "service-update", syntax: "service-update NAME [to VERSION]",
              summary: "Platform event: the service moves to another product version.", example: "service-update contoso to \"2.0\""),
        Topic(name: "fail", syntax: "fail next OPERATION on NAME [times N]",
              summary: "Makes the next N runs of an operation fail. The service need not exist yet.",
              example: "fail next stop on contoso"),
        Topic(name: "chaos", syntax: "chaos PERCENT [seed N]    chaos off",
              summary: "Fails operations at random with the given probability. The same seed fails the same runs.",
              example: "chaos 20 seed 7"),
        Topic(name: "wait", syntax: "wait DURATION", summary: "Moves the simulated clock forward (90s, 30m, 2h, 1d).", example: "wait 1h"),
        Topic(name: "show", syntax: "show NAME", summary: "Shows a service: its state, edition, units, settings and what it allows now.", example: "show contoso"),
        Topic(name: "list", syntax: "list    list backups", summary: "Lists the services, or the backups.", example: "list backups"),
        Topic(name: "log", syntax: "log [NAME]", summary: "Shows the operation log, for one service or all.", example: "log contoso"),
        Topic(name: "assert", syntax: "assert EXPRESSION",
              summary: "A check: fails, saying what was found, when the expression is false.", example: "assert contoso is Active"),
        Topic(name: "expect", syntax: "expect error [STRING] { STATEMENTS }",
              summary: "A check: passes when the block stops with an error containing STRING.",
              example: "expect error \"Operation not allowed\" { resume contoso }"),
        Topic(name: "let", syntax: "let NAME = EXPRESSION", summary: "Sets a variable; read it as $NAME.", example: "let svc = \"contoso\""),
        Topic(name: "print", syntax: "print EXPRESSION", summary: "Prints a value.", example: "print \"${svc} is ${state($svc)}\""),
        Topic(name: "if", syntax: "if EXPRESSION { } else if EXPRESSION { } else { }", summary: "Runs a block when a condition holds.",
              example: "if contoso is StopFailed { restart contoso }"),
        Topic(name: "for", syntax: "for NAME in EXPRESSION { }", summary: "Runs a block for each item of a list or range.",
              example: "for i in 1..3 { create \"svc-${i}-test\" }"),
        Topic(name: "repeat", syntax: "repeat EXPRESSION { }", summary: "Runs a block N times.", example: "repeat 3 { restart contoso }"),
        Topic(name: "while", syntax: "while EXPRESSION { }", summary: "Runs a block while a condition holds.",
              example: "while contoso is not Active { restart contoso }"),
        Topic(name: "def", syntax: "def NAME(PARAM, ...) { }    NAME(ARGUMENT, ...)",
              summary: "Defines a procedure; call it by name. `return VALUE` gives a result.",
              example: "def recycle(svc) { stop $svc; start $svc }"),
        Topic(name: "load", syntax: "load STRING", summary: "Runs another script file, relative to this one.", example: "load \"common.mabs\""),
        Topic(name: "help", syntax: "help [TOPIC]", summary: "Lists the statements, or explains one topic.", example: "help restore"),
        Topic(name: "return", syntax: "return [EXPRESSION]", summary: "Leaves a procedure, giving its result.", example: "def doubled(svc) { return units($svc) * 2 }"),
        Topic(name: "expressions",
              syntax: "1  \"text ${expr}\"  90s  true  [a, b]  1..5  $var  NAME is [not] STATE  NAME can[not] OPERATION  == != < <= > >=  and or not  + - * / %",
              summary: "Bare words are names, states, editions or operations. A binary minus needs spaces around it.",
              example: "assert contoso-dr is suspended and edition(contoso-dr) == premium"),
        Topic(name: "functions",
              syntax: Builtins.names.map { name in "\(name)(\(Builtins.function(name)!.parameters.joined(separator: ", ")))" }.joined(separator: "  "),
              summary: Builtins.names.map { "\($0): \(Builtins.function($0)!.summary)" }.joined(separator: "; ") + ".",
              example: "print units(contoso)"),
        Topic(name: "states", syntax: ServiceState.allCases.map(\.displayName).joined(separator: " "),
              summary: "Typed states ignore case, spaces, hyphens and underscores.", example: "assert contoso is stop-failed"),
        Topic(name: "operations", syntax: Operation.allCases.map(\.keyword).joined(separator: " "),
              summary: "The names used by fail next, can and cannot.", example: "assert contoso can backup"),
        Topic(name: "editions", syntax: Edition.allCases.map(\.displayName).joined(separator: " < "),
              summary: "Developer runs 1 unit and has no backup; the others run 1 to 8 units.", example: "create contoso edition basic units 3"),
    ]

    /// The text of `help` (no topic) or `help TOPIC`.
    static func text(for topic: String?, _ at: Site) throws -> String {
        guard let topic else {
            // Syntax in one column, what it does in the next; a syntax too
            // long for the column puts its summary on the line below.
            let width = 40
            let statements = topics.filter { StatementKeyword(rawValue: $0.name) != nil }
            let lines = statements.map { topic in
                let summary = firstSentence(topic.summary)
                return topic.syntax.count <= width
                    ? "  " + topic.syntax.padded(to: width) + "  " + summary + "\n"
                    : "  " + topic.syntax + "\n" + String(repeating: " ", count: width + 4) + summary + "\n"
            }
            return "Statements (help TOPIC for more; topics also: expressions, functions, states, operations, editions):\n"
                + lines.joined()
        }
        guard let found = self.topic(named: topic) else {
            throw RuntimeError(.unknownHelpTopic(topic, suggestion: suggestion(for: topic, among: topics.map(\.name))), at)
        }
        return "\(found.syntax)\n  \(found.summary)\n  Example: \(found.example)\n"
    }

    public static func topic(named name: String) -> Topic? {
        let key = name.lowercased()
        return topics.first { $0.name == key } ?? (key == "else" ? topics.first { $0.name == "if" } : nil)
    }

    private static func firstSentence(_ text: String) -> String {
        guard let end = text.firstIndex(of: ".") else { return text }
        return String(text[..<end])
    }
}
