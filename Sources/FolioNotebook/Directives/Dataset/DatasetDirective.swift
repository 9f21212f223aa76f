import FolioCharts
import FolioCompute
import Foundation

/// `{dataset}`: an overview of a CSV file — rows, columns, time range, symbols, rows and
/// positive rate per group, missing values per column.
public struct DatasetDirective: Directive {
    public static let name = "dataset"
    public static let summary = "Overview of a CSV: rows, columns, time range, groups with positive rates, missing values."
    public static let parameters = [
        ParameterSpec("data", "path | postgresql:// URL", required: true, "The CSV file, relative to the notebook's data folder. Or a PostgreSQL table or query: `postgresql:///db?table=name` (see the README's data sources)."),
        ParameterSpec("where", "filter", "Rows to keep: {column: value}, {column: [v1, v2]}, {column: {\">=\": x}}."),
        ParameterSpec("group", "column", default: "split (when present)", "A column whose values are counted, e.g. split or symbol."),
        ParameterSpec("label", "column", default: "label (when present)", "A 0/1 column whose positive rate is reported per group."),
        ParameterSpec("time", "column", default: "timestamp (when present)", "The time column for the covered range."),
        ParameterSpec("symbol", "column", default: "symbol (when present)", "The ticker column whose distinct values are counted."),
        ParameterSpec("top", "integer", default: "20", "Show at most this many groups (largest first when more)."),
    ]
    public static let resultKeys = [
        ResultKeySpec("rows", "Number of rows (after `where`)."),
        ResultKeySpec("columns", "Number of columns."),
        ResultKeySpec("column_names", "The column names in file order."),
        ResultKeySpec("start, end", "First and last timestamp (ISO 8601), when there is a time column."),
        ResultKeySpec("symbols", "Number of distinct symbols, when there is a symbol column."),
        ResultKeySpec("positive_rate", "Share of label = 1 over all rows, when there is a label column."),
        ResultKeySpec("groups.VALUE.rows", "Rows per value of the group column."),
        ResultKeySpec("groups.VALUE.share", "Share of all rows."),
        ResultKeySpec("groups.VALUE.positive_rate", "Share of label = 1 in the group (null without a label)."),
        ResultKeySpec("groups.VALUE.start, end", "Time range of the group."),
        ResultKeySpec("missing.COLUMN", "Empty or NaN cells per column (every column is listed)."),
    ]
    public static let details = """
    Groups are listed in order of first appearance in the file (for `split`: train, val, test).
    The positive rate ignores rows whose label is missing; a label column holding anything but
    0, 1 or empty is an error.
    """

    let selection: DataSelection
    let group: (name: String, location: SourceLocation, explicit: Bool)?
    let label: (name: String, location: SourceLocation, explicit: Bool)
    let time: (name: String, location: SourceLocation, explicit: Bool)
    let symbol: (name: String, location: SourceLocation, explicit: Bool)
    let top: Int

    public init(parameters: ParameterReader, context: DirectiveContext) throws(DirectiveError) {
        selection = try DataSelection(parameters: parameters, context: context)
        func column(_ key: String, _ fallback: String) throws(DirectiveError) -> (String, SourceLocation, Bool) {
            if let name = try parameters.string(key) { return (name, parameters.location(of: key), true) }
            return (fallback, parameters.location, false)
        }
        let g = try column("group", "split")
        group = g
        label = try column("label", "label")
        time = try column("time", "timestamp")
        symbol = try column("symbol", "symbol")
        top = try parameters.int("top", default: 20, min: 1)
    }

    public var inputs: [DataInput] { [selection.input] }

    public func validate(context: DirectiveContext) throws(DirectiveError) {
        let explicit = [group, label, time, symbol].compactMap { $0 }.filter(\.explicit).map { ($0.name, $0.location) }
        try selection.validate(columns: explicit, context: context)
    }

    public func run(context: DirectiveContext) throws(DirectiveError) -> DirectiveOutput {
        let display = context.displayPath(selection.url)
        let frame = try selection.load(context: context)
        let n = frame.rowCount
        for c in [group, label, time, symbol].compactMap({ $0 }) where c.explicit && frame.column(c.name) == nil {
            throw DirectiveError("no column '\(c.name)' in \(display)\(Suggestion.hint(for: c.name, in: frame.columnNames))", at: c.location)
        }
        var result = JSONObject()
        result["rows"] = .int(n)
        result["columns"] = .int(frame.columnNames.count)
        result["column_names"] = .strings(frame.columnNames)

        // Labels.
        var labels: [Double]?
        if frame.column(label.name) != nil {
            let values = try frame.numbers(label.name, at: label.location, display: display)
            if let bad = values.first(where: { !$0.isNaN && $0 != 0 && $0 != 1 }) {
                throw DirectiveError("label column '\(label.name)' of \(display) must hold 0 or 1, found \(JSONValue.format(bad))", at: label.location)
            }
            labels = values
        }
        func positiveRate(_ rows: some Sequence<Int>) -> Double? {
            guard let labels else { return nil }
            var count = 0, positives = 0
            for i in rows where !labels[i].isNaN { count += 1; if labels[i] == 1 { positives += 1 } }
            return count == 0 ? .nan : Double(positives) / Double(count)
        }
        // Time range.
        var times: [Int64]?
        if let column = frame.column(time.name), column.kind == .timestamp {
            times = try frame.timestamps(time.name, at: time.location, display: display)
        } else if time.explicit {
            throw DirectiveError("column '\(time.name)' of \(display) does not hold ISO 8601 timestamps", at: time.location)
        }
        func range(_ rows: some Sequence<Int>) -> (Int64, Int64)? {
            guard let times else { return nil }
            var lo = Int64.max, hi = Int64.min
            for i in rows where times[i] != Column.missingTime { lo = min(lo, times[i]); hi = max(hi, times[i]) }
            return lo <= hi ? (lo, hi) : nil
        }
        var overview = MarkdownTable([("", .left), ("value", .right)])
        overview.append(["file", "\(MarkdownText.code(display))\(selection.filter.map { " where \($0.summary)" } ?? "")"])
        overview.append(["rows", Cell.count(n)])
        overview.append(["columns", Cell.count(frame.columnNames.count)])
        if let (lo, hi) = range(0..<n) {
            let start = TimestampParser.string(from: lo), end = TimestampParser.string(from: hi)
            result["start"] = .string(start)
            result["end"] = .string(end)
            overview.append(["time range", "\(start) – \(end)"])
        }
        if frame.column(symbol.name) != nil {
            let symbols = try frame.texts(symbol.name, at: symbol.location, display: display)
            var seen = Set<Int32>()
            for code in symbols.codes where code >= 0 { seen.insert(code) }
            result["symbols"] = .int(seen.count)
            overview.append(["symbols", Cell.count(seen.count)])
        }
        if let rate = positiveRate(0..<n) {
            result["positive_rate"] = .double(rate)
            overview.append(["positive rate (\(MarkdownText.code(label.name)) = 1)", Cell.percent(rate, 2)])
        }
        var markdown = overview.markdown + "\n"
        var figures: [Figure] = []

        // Groups.
        if let group, frame.column(group.name) != nil {
            let values = try frame.texts(group.name, at: group.location, display: display)
            var order: [Int32] = []
            var members: [Int32: [Int]] = [:]
            for (i, code) in values.codes.enumerated() {
                if members[code] == nil { order.append(code) }
                members[code, default: []].append(i)
            }
            var shown = order
            if shown.count > top { shown = order.sorted { members[$0]!.count > members[$1]!.count || (members[$0]!.count == members[$1]!.count && $0 < $1) }.prefix(top).map { $0 } }
            var groups = JSONObject()
            var table = MarkdownTable([(group.name, .left), ("rows", .right), ("share", .right), ("positive rate", .right), ("from", .left), ("to", .left)])
            for code in order {
                let rows = members[code]!
                let name = code < 0 ? "(empty)" : values.levels[Int(code)]
                var entry = JSONObject()
                entry["rows"] = .int(rows.count)
                entry["share"] = .double(n == 0 ? .nan : Double(rows.count) / Double(n))
                entry["positive_rate"] = positiveRate(rows).map(JSONValue.double) ?? .null
                let span = range(rows)
                if let span {
                    entry["start"] = .string(TimestampParser.string(from: span.0))
                    entry["end"] = .string(TimestampParser.string(from: span.1))
                }
                groups[name] = .object(entry)
                if shown.contains(code) {
                    table.append([name, Cell.count(rows.count), Cell.percent(Double(rows.count) / Double(max(n, 1))),
                                  positiveRate(rows).map { Cell.percent($0, 2) } ?? "–",
                                  span.map { TimestampParser.string(from: $0.0) } ?? "", span.map { TimestampParser.string(from: $0.1) } ?? ""])
                }
            }
            result["groups"] = .object(groups)
            markdown += "Rows per \(MarkdownText.code(group.name))\(order.count > shown.count ? " (the \(shown.count) largest of \(order.count))" : ""):\n\n" + table.markdown + "\n"
            let names = shown.map { $0 < 0 ? "(empty)" : values.levels[Int($0)] }
            let chart = BarChart(title: "Rows per \(group.name)", subtitle: display, categories: names,
                                 series: [BarSeries(name: "rows", values: shown.map { Double(members[$0]!.count) })],
                                 orientation: names.count > 8 ? .horizontal : .vertical,
                                 valueAxis: Axis(title: "rows", includesZero: true), categoryAxisTitle: group.name,
                                 showsValueLabels: true, legend: .hidden)
            let (link, figure) = try context.chart("rows", chart, alt: "Rows per \(group.name)")
            markdown += link + "\n\n"
            figures.append(figure)
        }

        // Missing values.
        var missing = JSONObject()
        var missingTable = MarkdownTable([("column", .left), ("type", .left), ("missing", .right), ("share", .right)])
        for (name, column) in zip(frame.columnNames, frame.columns) {
            let count = column.missingCount
            missing[name] = .int(count)
            if count > 0 { missingTable.append([name, column.kind.description, Cell.count(count), Cell.percent(Double(count) / Double(max(n, 1)), 2)]) }
        }
        result["missing"] = .object(missing)
        markdown += missingTable.rows.isEmpty ? "No missing values in any column.\n" : "Missing values:\n\n" + missingTable.markdown
        return DirectiveOutput(result: .object(result), markdown: markdown, figures: figures)
    }
}
