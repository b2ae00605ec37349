import MabsPresentation

/// One topic of `help`: the names it answers to, and its text as blocks
/// built from the tables that hold the facts. The blocks say what each
/// part is (syntax, prose, a list, terms, code), not how it looks, so the
/// same topic prints at any width, and can be written out as Markdown.
public struct HelpTopic: Sendable {
    /// What the topic is about; the index lists topics by group.
    public enum Group: String, Sendable, CaseIterable {
        case statement, subject, state, function, contentKind, edition

        /// What the index calls the group.
        public var title: String {
            switch self {
            case .statement: "Statements"
            case .subject: "Subjects"
            case .state: "States"
            case .function: "Functions"
            case .contentKind: "Kinds of content"
            case .edition: "Editions"
            }
        }
    }

    /// The name `help NAME` takes, and the index shows.
    public let name: String
    public let group: Group
    /// Other names it answers to (`update-configuration` for `update`).
    public let otherNames: [String]
    /// One line for the index and the group's list.
    public let summary: String
    /// The first lines: a statement's syntax, else what the topic is.
    public let title: [String]
    /// Built when asked for, from the tables.
    public let body: @Sendable () -> [HelpBlock]

    init(
        _ name: String, _ group: Group, otherNames: [String] = [], summary: String, title: [String],
        body: @escaping @Sendable () -> [HelpBlock]
    ) {
        self.name = name
        self.group = group
        self.otherNames = otherNames
        self.summary = summary
        self.title = title
        self.body = body
    }

    /// The topic's text, in lines of at most `width` columns (a word or a
    /// piece of code wider than the room stays whole).
    public func text(width: Int) -> String {
        HelpText.render(title: title, body(), width: width)
    }
}

/// A part of a help topic.
public enum HelpBlock: Sendable, Equatable {
    /// Prose.
    case text(String)
    /// A heading over what follows, up to the next heading.
    case heading(String)
    /// Items, each on lines of its own.
    case list([String])
    /// Terms and what each means, in two columns where they fit.
    case terms([HelpTerm])
    /// Grammar notation (`scale NAME to N`); it may break at any space.
    case syntax(String)
    /// Code to try, a statement or several; it breaks only where the
    /// language lets a statement go on on the next line.
    case example(String)
    /// What mabs prints (a warning, an error), under what it illustrates.
    case output(String)
}

/// A term and what it means.
public struct HelpTerm: Sendable, Equatable {
    public let term: String
    public let text: String

    init(_ term: String, _ text: String) {
        self.term = term
        self.text = text
    }
}

/// Lays help out in lines: the title flush left, the body two spaces in,
/// a heading after a blank line, and what follows it two more spaces in.
/// Prose breaks at spaces, but not inside a quoted phrase ('help
/// schedule') that fits a line; code only where the language lets a
/// statement go on.
enum HelpText {
    static func render(title: [String], _ blocks: [HelpBlock], width: Int) -> String {
        var lines = title.flatMap { TextWrap.fill(prosePieces($0, room: width - 4), width: width, indent: 4) }
        var indent = 2
        for block in blocks {
            let margin = String(repeating: " ", count: indent)
            switch block {
            case .heading(let text):
                lines.append("")
                lines += TextWrap.fill(prosePieces(text, room: width - 4), width: width, first: "  ", indent: 4)
                indent = 4
            case .text(let text):
                lines += TextWrap.fill(prosePieces(text, room: width - indent), width: width, first: margin, indent: indent)
            case .list(let items):
                for item in items {
                    lines += TextWrap.fill(prosePieces(item, room: width - indent - 2), width: width, first: margin + "- ", indent: indent + 2)
                }
            case .terms(let terms):
                lines += termLines(terms, indent: indent, width: width)
            case .output(let text):
                let margin = String(repeating: " ", count: indent + 2)
                lines += TextWrap.fill(prosePieces(text, room: width - indent - 2), width: width, first: margin, indent: indent + 2)
            case .syntax(let syntax):
                lines += TextWrap.lines(syntax, width: width, first: margin + "  ", indent: indent + 6)
            case .example(let code):
                // An example sums up its topic: at the topic's margin.
                if indent > 2 { lines.append("") }
                if TerminalText.width(of: "  Example: " + code) <= width {
                    lines.append("  Example: " + code)
                } else {
                    lines.append("  Example:")
                    lines += TextWrap.fill(codePieces(code), width: width, first: "    ", indent: 4)
                }
            }
        }
        return lines.map { $0 + "\n" }.joined()
    }

    /// Terms in a column as wide as the widest (at most half the width),
    /// what they mean beside them; a wider term, or any where the width
    /// leaves too little room beside the column, has its meaning on the
    /// lines below it.
    private static func termLines(_ terms: [HelpTerm], indent: Int, width: Int) -> [String] {
        let margin = String(repeating: " ", count: indent)
        let widest = terms.map { TerminalText.width(of: $0.term) }.max() ?? 0
        let column = min(widest, max(8, (width - indent) / 2))
        // Beside a term, the text needs room; else it goes below.
        let besideTerms = width - (indent + column + 2) >= 20
        let textIndent = besideTerms ? indent + column + 2 : indent + 4
        var lines: [String] = []
        for term in terms {
            let text = prosePieces(term.text, room: width - textIndent)
            if besideTerms && TerminalText.width(of: term.term) <= column {
                lines += TextWrap.fill(text, width: width, first: margin + term.term.padded(to: column) + "  ", indent: textIndent)
            } else {
                lines += TextWrap.fill(prosePieces(term.term, room: width - indent - 4), width: width, first: margin, indent: indent + 4)
                lines += TextWrap.fill(text, width: width, first: String(repeating: " ", count: textIndent), indent: textIndent)
            }
        }
        return lines
    }

    /// Prose in pieces to fill lines with: its words, a quoted phrase
    /// ('help schedule') kept whole when it fits the `room` a line has.
    static func prosePieces(_ text: String, room: Int) -> [String] {
        var pieces: [String] = []
        var quoted: [String] = []
        for word in text.split(separator: " ").map(String.init) {
            if quoted.isEmpty && (word.hasPrefix("'") || word.hasPrefix("('")) && !closesQuote(word.dropFirst(word.hasPrefix("(") ? 2 : 1)) {
                quoted = [word]
            } else if !quoted.isEmpty {
                quoted.append(word)
                if closesQuote(Substring(word)) {
                    let phrase = quoted.joined(separator: " ")
                    pieces += TerminalText.width(of: phrase) <= room ? [phrase] : quoted
                    quoted = []
                }
            } else {
                pieces.append(word)
            }
        }
        return pieces + quoted
    }

    /// Whether a word ends a quoted phrase: a quote at its end, or before
    /// closing punctuation.
    private static func closesQuote(_ word: Substring) -> Bool {
        word.reversed().drop { ").,;:".contains($0) }.first == "'"
    }

    /// A statement's code in pieces that may each end a line: a line may
    /// end after `;` (the next statement), `{` (a block goes on) or `,`
    /// (a list goes on), outside strings.
    static func codePieces(_ code: String) -> [String] {
        var pieces: [String] = []
        var piece = ""
        var inString = false, escaped = false
        var previous: Character = " "
        for character in code {
            if character == " " && !inString && (previous == ";" || previous == "{" || previous == ",") {
                pieces.append(piece)
                piece = ""
            } else if !(character == " " && piece.isEmpty) {
                piece.append(character)
            }
            if inString {
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
            } else if character == "\"" {
                inString = true
            }
            previous = character
        }
        if !piece.isEmpty { pieces.append(piece) }
        return pieces
    }
}
