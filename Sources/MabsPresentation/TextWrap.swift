/// Text cut into lines that fit a width, measured in terminal columns
/// (`TerminalText.width`), so wide characters count as two.
public enum TextWrap {
    /// The words of `text` (split at spaces) in lines of at most `width`
    /// columns: the first line starts with `first`, the others with
    /// `indent` spaces. A word wider than the room left stays whole, alone
    /// on its line; nothing is ever cut inside a word.
    public static func lines(_ text: String, width: Int, first: String = "", indent: Int = 0) -> [String] {
        fill(text.split(separator: " ", omittingEmptySubsequences: true).map(String.init), width: width, first: first, indent: indent)
    }

    /// `pieces`, each unbreakable, joined by one space where they share a
    /// line; a new line starts with `indent` spaces.
    public static func fill(_ pieces: [String], width: Int, first: String = "", indent: Int = 0) -> [String] {
        let margin = String(repeating: " ", count: indent)
        var lines: [String] = []
        var line = first, lineWidth = TerminalText.width(of: first)
        // Whether the line holds a piece yet (the first line's prefix is
        // not one).
        var holdsPiece = false
        for piece in pieces {
            let pieceWidth = TerminalText.width(of: piece)
            if holdsPiece && lineWidth + 1 + pieceWidth > width {
                lines.append(line)
                line = margin
                lineWidth = indent
                holdsPiece = false
            }
            if holdsPiece {
                line += " "
                lineWidth += 1
            }
            line += piece
            lineWidth += pieceWidth
            holdsPiece = true
        }
        lines.append(holdsPiece ? line : String(line.reversed().drop { $0 == " " }.reversed()))
        return lines
    }
}
