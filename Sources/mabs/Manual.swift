import ArgumentParser
import MabsLanguage
import MabsRunner

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `mabs.1`, the manual page, written from the same definitions `--help`
/// reads (the argument parser's description of every command and option),
/// the statements' table and the exit statuses: `mabs help --man`, which
/// `Scripts/docs` writes to `mabs.1`. It is man(7) roff, plain enough that
/// `groff -ww -man -z` finds nothing to warn about.
enum Manual {
    static func page() throws -> String {
        let tool = try JSONDecoder().decode(ToolInfo.self, from: Data(Mabs._dumpHelp().utf8)).command
        var page = Roff()
        page.line(".TH MABS 1 \"\" \"mabs \(Mabs.version)\" \"User Commands\"")
        // No hyphenation: option names and file names are typed as shown.
        page.line(".nh")
        page.section("NAME")
        page.line("mabs \\- " + Roff.escaped(tool.abstract ?? ""))
        page.section("SYNOPSIS")
        let commands = Manual.commands(of: tool)
        for command in commands {
            page.line(".B mabs \(command.commandName)")
            page.text(synopsis(of: command))
            page.line(".br")
        }
        page.section("DESCRIPTION")
        page.paragraphs(tool.discussion ?? "")
        page.paragraphs("Every command takes --help; mabs --version prints the version (\(Mabs.version)).")
        page.paragraphs("""
            The language, every help topic and its examples are in docs/language.md, and at the \
            prompt: help, help TOPIC. mabs help --markdown prints that reference.
            """)
        page.section("COMMANDS")
        for command in commands {
            page.subsection("mabs \(command.commandName)")
            page.paragraphs(command.abstract ?? "")
            if let discussion = command.discussion { page.paragraphs(discussion) }
            for argument in arguments(of: command) where argument.kind != .positional {
                page.line(".TP")
                page.line(".B " + Roff.escaped(spelling(of: argument)))
                page.text((argument.abstract ?? "") + (argument.defaultValue.map { " (default: \($0))" } ?? ""))
            }
        }
        page.section("STATEMENTS")
        page.text("Statements end at a newline or ';'; '#' starts a comment. help NAME at the prompt says more about each.")
        for (syntax, summary) in Vocabulary.statementSummaries {
            page.line(".TP")
            page.line(".B " + Roff.escaped(syntax))
            page.text(summary)
        }
        page.section("EXIT STATUS")
        for status in BatchRunner.ExitStatus.allCases {
            page.line(".TP")
            page.line(".B \(status.rawValue)")
            page.text(status.meaning)
        }
        page.section("ENVIRONMENT")
        for (name, meaning) in environment {
            page.line(".TP")
            page.line(".B " + name)
            page.text(meaning)
        }
        page.section("SEE ALSO")
        page.text("README.md, docs/language.md, docs/ci.md and the other pages of docs/ in mabs's repository.")
        return page.text
    }

    /// The variables mabs reads.
    static let environment: [(String, String)] = [
        ("MABS_HISTORY", "The REPL's history file (else $XDG_STATE_HOME/mabs/history, else ~/.local/state/mabs/history)."),
        ("MABS_PROMPT, MABS_PROMPT2", "The REPL's prompts, as --prompt and --continuation-prompt set them."),
        ("NO_COLOR", "When set, no colour, even on a terminal; so too with TERM=dumb."),
        ("COLUMNS, LINES", "The terminal's size for a recording, when the terminal does not say."),
    ]

    /// The commands, each once: the argument parser adds a `help` of its
    /// own, which mabs's `help` takes the place of.
    private static func commands(of tool: ToolInfo.Command) -> [ToolInfo.Command] {
        var seen = Set<String>()
        return (tool.subcommands ?? []).filter { seen.insert($0.commandName).inserted }
    }

    /// What a command takes, less the `--help` and `--version` every
    /// command has.
    private static func arguments(of command: ToolInfo.Command) -> [ToolInfo.Argument] {
        (command.arguments ?? []).filter { argument in
            argument.shouldDisplay && !["help", "version"].contains(argument.preferredName?.name ?? "")
        }
    }

    /// `[--bail] [--seed <seed>] [<file> ...]`.
    private static func synopsis(of command: ToolInfo.Command) -> String {
        arguments(of: command).map { argument in
            var text = spelling(of: argument)
            if argument.isRepeating { text += " ..." }
            return argument.isOptional || argument.isRepeating ? "[\(text)]" : text
        }.joined(separator: " ")
    }

    /// `-e <statements>`, `--bail`, `<file>`.
    private static func spelling(of argument: ToolInfo.Argument) -> String {
        let value = "<\(argument.valueName ?? "value")>"
        guard let name = argument.preferredName else { return value }
        let flag = (name.kind == "short" ? "-" : "--") + name.name
        return argument.kind == .flag ? flag : flag + " " + value
    }
}

/// The part of the argument parser's JSON description (`ToolInfoV0`) the
/// page reads.
private struct ToolInfo: Decodable {
    let command: Command

    struct Command: Decodable {
        let commandName: String
        let abstract: String?
        let discussion: String?
        let subcommands: [Command]?
        let arguments: [Argument]?
    }

    struct Argument: Decodable {
        enum Kind: String, Decodable { case positional, option, flag }
        struct Name: Decodable {
            let kind: String
            let name: String
        }
        let kind: Kind
        let shouldDisplay: Bool
        let isOptional: Bool
        let isRepeating: Bool
        let preferredName: Name?
        let valueName: String?
        let defaultValue: String?
        let abstract: String?
    }
}

/// man(7) text, one request or line of text at a time.
private struct Roff {
    var text = ""

    mutating func line(_ line: String) { text += line + "\n" }

    mutating func section(_ title: String) { line(".SH " + title) }

    mutating func subsection(_ title: String) { line(".SS " + Roff.escaped(title)) }

    /// Prose: escaped, with each sentence's end on a line of its own (so
    /// groff spaces sentences as it should), blank lines as paragraphs.
    mutating func text(_ prose: String) {
        for sentence in Roff.sentences(Roff.escaped(prose)) { line(sentence) }
    }

    mutating func paragraphs(_ prose: String) {
        for paragraph in prose.split(separator: "\n\n") {
            line(".PP")
            text(paragraph.split(separator: "\n").joined(separator: " "))
        }
    }

    /// A backslash as `\e`, a dash as `\-` (the minus an option is typed
    /// with), and `code` in bold.
    static func escaped(_ text: String) -> String {
        var out = ""
        var bold = false
        for character in text {
            switch character {
            case "\\": out += "\\e"
            case "-": out += "\\-"
            // `code` in the help texts: bold, as a man page shows what to type.
            case "`":
                out += bold ? "\\fR" : "\\fB"
                bold.toggle()
            default: out.append(character)
            }
        }
        return bold ? out + "\\fR" : out
    }

    /// The text broken after each sentence's end, every line guarded.
    static func sentences(_ text: String) -> [String] {
        var lines: [String] = []
        var current = ""
        let characters = Array(text)
        for (index, character) in characters.enumerated() {
            current.append(character)
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            // A sentence ends at `.`, `?` or `!` after a word, before a
            // space and a capital (not `...`, not `e.g. x`).
            let previous = index > 0 ? characters[index - 1] : nil
            let afterNext = index + 2 < characters.count ? characters[index + 2] : nil
            if ".?!".contains(character) && next == " " && previous.map({ $0.isLetter || $0 == ")" || $0 == "'" }) == true
                && afterNext?.isUppercase == true {
                lines.append(current)
                current = ""
            } else if character == " " && current == " " {
                current = ""
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines.map { $0.hasPrefix(".") || $0.hasPrefix("'") ? "\\&" + $0 : $0 }
    }
}
