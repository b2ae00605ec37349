/// Plain-text tables: left-aligned columns, two spaces apart, no trailing
/// spaces. Every report that prints rows uses it.
public enum TextTable {
    /// Left-aligned columns, two spaces apart, no trailing spaces. Cells
    /// are escaped (`TerminalText`), so none can break its row or column,
    /// and measured in terminal columns, so wide characters line up.
    public static func render(_ header: [String], _ rows: [[String]]) -> String {
        let rows = ([header] + rows).map { $0.map { TerminalText.escaped($0) } }
        let widths = header.indices.map { column in rows.map { TerminalText.width(of: $0[column]) }.max() ?? 0 }
        return rows.map { row in
            var line = ""
            for (index, cell) in row.enumerated() {
                line += index == row.count - 1 ? cell : cell.padded(to: widths[index]) + "  "
            }
            return line + "\n"
        }.joined()
    }
}

extension String {
    /// The string with spaces added to make it `width` terminal columns
    /// wide (`TerminalText.width`).
    public func padded(to width: Int) -> String {
        let count = TerminalText.width(of: self)
        return count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
