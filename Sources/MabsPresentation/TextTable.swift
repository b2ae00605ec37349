/// Plain-text tables: left-aligned columns, two spaces apart, no trailing
/// spaces. Every report that prints rows uses it.
public enum TextTable {
    /// Left-aligned columns, two spaces apart, no trailing spaces.
    public static func render(_ header: [String], _ rows: [[String]]) -> String {
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        return ([header] + rows).map { row in
            var line = ""
            for (index, cell) in row.enumerated() {
                line += index == row.count - 1 ? cell : cell.padded(to: widths[index]) + "  "
            }
            return line + "\n"
        }.joined()
    }
}

extension String {
    /// The string with spaces added to make it `width` characters wide.
    public func padded(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
