import Lifecycle

/// The seed's state/operation table, printed from the engine's rules.
public enum SeedTableFormat: String, CaseIterable, Sendable {
    /// A Markdown table with ✔ in allowed cells, one row per state.
    case markdown
    /// `state,start,...,backup` with `yes`/`no` cells, one row per state.
    case csv

    /// The column names in text form: `update-configuration` for the seed's
    /// "Update Configuration".
    private static var columns: [String] {
        Operation.seedColumns.map { $0.displayName.replacingSpaces(with: "-") }
    }

    /// The whole table, one line per row, each ending in a newline.
    public func render() -> String {
        var lines: [String] = []
        switch self {
        case .csv:
            lines.append((["state"] + Self.columns).joined(separator: ","))
            for state in ServiceState.allCases {
                let cells = Operation.seedColumns.map { Rules.isAllowed($0, in: state) ? "yes" : "no" }
                lines.append(([state.displayName] + cells).joined(separator: ","))
            }
        case .markdown:
            let header = ["state"] + Self.columns
            let rows = ServiceState.allCases.map { state in
                [state.displayName] + Operation.seedColumns.map { Rules.isAllowed($0, in: state) ? "✔" : "" }
            }
            let widths = header.indices.map { column in
                ([header] + rows).map { $0[column].count }.max()!
            }
            func line(_ cells: [String]) -> String {
                "| " + zip(cells, widths).map { $0 + String(repeating: " ", count: $1 - $0.count) }
                    .joined(separator: " | ") + " |"
            }
            lines.append(line(header))
            lines.append("|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|")
            lines += rows.map(line)
        }
        return lines.map { $0 + "\n" }.joined()
    }
}

extension String {
    func replacingSpaces(with replacement: Character) -> String {
        String(map { $0 == " " ? replacement : $0 })
    }
}
