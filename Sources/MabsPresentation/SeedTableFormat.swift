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

    /// Each column's header where the whole names do not fit the width:
    /// three letters, spelled out in a key under the table.
    private static let shortColumns: [Operation: String] = [
        .start: "sta", .stop: "sto", .restart: "rst", .suspend: "sus", .resume: "rsm",
        .delete: "del", .scale: "scl", .updateConfiguration: "upd", .backup: "bak",
    ]

    /// The whole table, one line per row, each ending in a newline.
    ///
    /// A Markdown table fits `width` columns when it can: with whole
    /// column names if they fit, else with short ones and a key under the
    /// table. Without a width (`wide`), the names are whole. CSV is for
    /// tools: its names are always whole.
    public func render(width: Int? = nil) -> String {
        var lines: [String] = []
        switch self {
        case .csv:
            lines.append((["state"] + Self.columns).joined(separator: ","))
            for state in ServiceState.allCases {
                let cells = Operation.seedColumns.map { Rules.isAllowed($0, in: state) ? "yes" : "no" }
                lines.append(([state.displayName] + cells).joined(separator: ","))
            }
        case .markdown:
            lines = Self.markdown(header: Self.columns)
            if let width, TerminalText.width(of: lines[0]) > width {
                let short = Operation.seedColumns.map { Self.shortColumns[$0]! }
                lines = Self.markdown(header: short)
                // A name and what it stands for stay on one line.
                let key = zip(short, Self.columns).map { "\($0) \($1)" }
                lines += [""] + TextWrap.fill(key.dropLast().map { $0 + "," } + key.suffix(1), width: width)
            }
        }
        return lines.map { $0 + "\n" }.joined()
    }

    /// The Markdown table with these names over the seed's columns.
    private static func markdown(header columns: [String]) -> [String] {
        let header = ["state"] + columns
        let rows = ServiceState.allCases.map { state in
            [state.displayName] + Operation.seedColumns.map { Rules.isAllowed($0, in: state) ? "✔" : "" }
        }
        let widths = header.indices.map { column in
            ([header] + rows).map { TerminalText.width(of: $0[column]) }.max()!
        }
        func line(_ cells: [String]) -> String {
            "| " + zip(cells, widths).map { $0.padded(to: $1) }.joined(separator: " | ") + " |"
        }
        return [line(header), "|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|"]
            + rows.map(line)
    }
}

extension String {
    func replacingSpaces(with replacement: Character) -> String {
        String(map { $0 == " " ? replacement : $0 })
    }
}
