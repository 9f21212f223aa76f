import FolioCharts
import FolioCompute
import Foundation

extension DriftDirective {
    /// "week" → "Weekly", for titles.
    var windowAdjective: String {
        switch window {
        case .week: return "weekly"
        case .month: return "monthly"
        case .quarter: return "quarterly"
        }
    }

    /// The result, the fragment and one chart per feature.
    func output(_ drifts: [FeatureDrift], groups: GroupCodes?, rules: Rules, context: DirectiveContext) throws(DirectiveError) -> DirectiveOutput {
        let segmentNames = rules.segmentNames
        func groupName(_ code: Int?) -> JSONValue { code.map { .string(groups?.names[$0] ?? "") } ?? .null }

        var result = JSONObject()
        result["window"] = .string(window.rawValue)
        result["by"] = by.map { .string($0.name) } ?? .null
        result["boundaries"] = .array(rules.rules.map { rule in
            .object(JSONObject([("label", .string(rule.label)), ("after", .string(rule.after)), ("at", .string(TimestampParser.string(from: rule.at)))]))
        })
        var features = JSONObject()
        for drift in drifts {
            var entry = JSONObject()
            entry["windows"] = .array(drift.windows.map { w in
                var o = JSONObject()
                if by != nil { o["group"] = groupName(w.group) }
                o["start"] = .string(w.label)
                o["count"] = .int(w.count)
                o["mean"] = .double(w.mean)
                o["median"] = .double(w.median)
                o["p10"] = .double(w.p10)
                o["p90"] = .double(w.p90)
                return .object(o)
            })
            entry["segments"] = .array(drift.segments.map { s in
                var o = JSONObject()
                if by != nil { o["group"] = groupName(s.group) }
                o["segment"] = .string(segmentNames[s.segment])
                o["count"] = .int(s.summary.count)
                o["mean"] = .double(s.summary.mean)
                o["median"] = .double(s.summary.median)
                o["p10"] = .double(s.summary.quantiles[0])
                o["p90"] = .double(s.summary.quantiles[1])
                return .object(o)
            })
            entry["missing"] = .int(drift.missing)
            features[drift.name] = .object(entry)
        }
        result["features"] = .object(features)

        var markdown = sentence(drifts, rules: rules, context: context) + "\n\n"
        var figures: [Figure] = []
        for drift in drifts {
            let chart = chart(drift, groups: groups, rules: rules)
            let (link, figure) = try context.chart(drift.name, chart, alt: "\(drift.name): \(windowAdjective) mean, median and 10-90% range over time")
            markdown += link + "\n\n"
            figures.append(figure)
        }
        markdown += segmentTable(drifts, groups: groups, segmentNames: segmentNames)
        return DirectiveOutput(result: .object(result), markdown: markdown, figures: figures)
    }

    /// What was plotted: windows, range, groups, boundaries, rows left out.
    func sentence(_ drifts: [FeatureDrift], rules: Rules, context: DirectiveContext) -> String {
        let all = drifts.flatMap(\.windows)
        let starts = Set(all.map(\.start))
        let windowNames = ["week": "weeks", "month": "months", "quarter": "quarters"]
        var out = "\(drifts.map { "\(MarkdownText.code($0.name))" }.joined(separator: ", ")) of \(MarkdownText.code(context.displayPath(selection.url)))"
        if let filter = selection.filter { out += " where \(filter.summary)" }
        out += " by \(window.rawValue) (UTC\(window == .week ? ", weeks from Monday" : "")): \(starts.count) \(windowNames[window.rawValue] ?? "windows")"
        if let first = starts.min(), let last = starts.max() {
            out += " from \(DriftWindows.isoDate(first)) to \(DriftWindows.isoDate(last))"
        }
        if let by { out += ", one line per value of \(MarkdownText.code(by.name))" }
        out += ". "
        if rules.rules.isEmpty {
            out += "No boundaries are drawn."
        } else {
            let source: String
            switch boundaries {
            case .column(let name, _, _): source = " (the first timestamp of each \(MarkdownText.code(name)))"
            default: source = ""
            }
            out += "Dashed rules mark the start of \(ShiftFormat.list(rules.rules.map { "\(MarkdownText.code($0.label)) (\(DriftDirective.moment($0.at)))" }))\(source)."
        }
        let missing = drifts.filter { $0.missing > 0 }
        if !missing.isEmpty {
            out += " Rows left out (empty, NaN or infinite value, or no time): "
                + missing.map { "\(MarkdownText.code($0.name)) \(Cell.count($0.missing))" }.joined(separator: ", ") + "."
        }
        return out
    }

    /// A date, or a date and time when not midnight UTC.
    static func moment(_ seconds: Int64) -> String {
        seconds % 86_400 == 0 ? DriftWindows.isoDate(seconds) : TimestampParser.string(from: seconds)
    }

    /// Count, mean, median and 10-90% range per span between boundaries.
    func segmentTable(_ drifts: [FeatureDrift], groups: GroupCodes?, segmentNames: [String]) -> String {
        var columns: [(String, MarkdownTable.Alignment)] = [("feature", .left)]
        if let by { columns.append((by.name, .left)) }
        columns += [("span", .left), ("rows", .right), ("mean", .right), ("median", .right), ("10%", .right), ("90%", .right)]
        var table = MarkdownTable(columns)
        for drift in drifts {
            for s in drift.segments {
                var cells = ["\(MarkdownText.code(drift.name))"]
                if by != nil { cells.append(s.group.map { groups?.names[$0] ?? "" } ?? "") }
                cells += [segmentNames[s.segment], Cell.count(s.summary.count), ShiftFormat.significant(s.summary.mean),
                          ShiftFormat.significant(s.summary.median), ShiftFormat.significant(s.summary.quantiles[0]),
                          ShiftFormat.significant(s.summary.quantiles[1])]
                table.append(cells)
            }
        }
        return "Per span between boundaries:\n\n" + table.markdown
    }

    /// Mean, median and the 10-90% band per window (and group), with the boundaries.
    func chart(_ drift: FeatureDrift, groups: GroupCodes?, rules: Rules) -> LineChart {
        var series: [LineSeries] = []
        var bands: [ChartBand] = []
        var codes: [Int?] = []
        for w in drift.windows where !codes.contains(w.group) { codes.append(w.group) }
        for (k, code) in codes.enumerated() {
            let windows = drift.windows.filter { $0.group == code }
            let x = windows.map { Double($0.start) }
            let prefix = code.map { "\(groups?.chartNames[$0] ?? ""): " } ?? ""
            let color = code == nil ? ChartColor.blue : ChartColor.series(k)
            bands.append(ChartBand(name: "\(prefix)10-90% range", x: x, lower: windows.map(\.p10), upper: windows.map(\.p90), color: color, opacity: 0.18))
            series.append(LineSeries(name: "\(prefix)mean", x: x, y: windows.map(\.mean), color: color, lineWidth: 2))
            series.append(LineSeries(name: "\(prefix)median", x: x, y: windows.map(\.median), color: code == nil ? .black : color,
                                     style: .dashed, lineWidth: 1.2))
        }
        var subtitle = "\(windowAdjective.prefix(1).uppercased() + windowAdjective.dropFirst()) mean, median and 10-90% range"
        if let by { subtitle += " per \(by.name)" }
        if let filter = selection.filter { subtitle += ", where \(filter.summary)" }
        return LineChart(
            title: "\(drift.name) over time", subtitle: subtitle,
            xAxis: .time(title: "\(window.rawValue.prefix(1).uppercased() + window.rawValue.dropFirst()) (UTC)"), yAxis: Axis(title: drift.name),
            series: series, bands: bands,
            rules: rules.rules.map { .vertical(at: Double($0.at), label: $0.chartLabel) },
            legend: .top, height: 360)
    }
}
