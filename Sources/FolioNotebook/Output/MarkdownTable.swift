/// A GFM table, built row by row and written with escaped cells.
public struct MarkdownTable: Sendable {
    public enum Alignment: Sendable { case left, right, center }

    public var headers: [String]
    public var alignments: [Alignment]
    public var rows: [[String]] = []

    /// - Parameter columns: header and alignment per column.
    public init(_ columns: [(String, Alignment)]) {
        headers = columns.map(\.0)
        alignments = columns.map(\.1)
    }

    public mutating func append(_ row: [String]) {
        rows.append(row)
    }

    /// The table as Markdown, ending with a newline. Cells are text: what could form HTML
    /// is escaped outside code spans (`MarkdownText`), `|` and line breaks everywhere.
    public var markdown: String {
        func cell(_ s: String) -> String {
            MarkdownText.escapedOutsideCodeSpans(s.replacingOccurrences(of: "\n", with: " "))
                .replacingOccurrences(of: "|", with: "\\|")
        }
        var out = "| " + headers.map(cell).joined(separator: " | ") + " |\n|"
        for alignment in alignments {
            switch alignment {
            case .left: out += "---|"
            case .right: out += "---:|"
            case .center: out += ":---:|"
            }
        }
        out += "\n"
        for row in rows {
            let padded = row + Array(repeating: "", count: max(0, headers.count - row.count))
            out += "| " + padded.prefix(headers.count).map(cell).joined(separator: " | ") + " |\n"
        }
        return out
    }
}

/// Number formatting for tables: fixed decimals, thousands separators, percent; locale
/// independent, `–` for missing values.
public enum Cell {
    public static func fixed(_ x: Double, _ decimals: Int = 3) -> String {
        guard x.isFinite else { return x.isNaN ? "–" : (x > 0 ? "∞" : "−∞") }
        return ValueFormat(".\(decimals)f")!.format(x)
    }

    public static func percent(_ x: Double, _ decimals: Int = 1) -> String {
        guard x.isFinite else { return "–" }
        return ValueFormat(".\(decimals)%")!.format(x)
    }

    public static func count(_ x: Int) -> String {
        ValueFormat(",d")!.format(Double(x))
    }

    public static func money(_ x: Double, _ decimals: Int = 0) -> String {
        guard x.isFinite else { return "–" }
        return ValueFormat(",.\(decimals)f")!.format(x)
    }

    /// `**value**` when `isBest`.
    public static func marked(_ text: String, _ isBest: Bool) -> String {
        isBest ? "**\(text)**" : text
    }
}
