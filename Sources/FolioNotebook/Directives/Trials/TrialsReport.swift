import FolioCharts
import FolioCompute
import Foundation

/// What `trials` read and ranked, turned into its result and its Markdown fragment.
struct TrialsReport {
    var display: String
    var experiment: MLflowExperiment
    var runs: [MLflowRun]
    var ranking: MLflowRanking
    /// The grouping parameter, if any.
    var group: String?
    var trialParam: String
    var top: Int

    /// The label of runs without the grouping parameter.
    static let noGroup = "(none)"

    /// The best run of each group (ordered by rank), or the best run.
    var bests: [(group: String?, summary: MLflowRunSummary)] {
        guard let group else { return ranking.entries.first.map { [(nil, $0)] } ?? [] }
        return ranking.grouped(byParam: group).map { ($0.value ?? Self.noGroup, $0.best) }
    }

    /// The trial number of a run: its trial parameter, else its name.
    func trial(_ run: MLflowRun) -> String {
        run.params[trialParam] ?? run.runName
    }

    func trialValue(_ run: MLflowRun) -> JSONValue {
        let text = trial(run)
        return Int(text).map(JSONValue.int) ?? .string(text)
    }

    /// The metrics in table order: the ranked one, then those sharing its prefix (`val_`),
    /// then the others, each by name.
    var metricOrder: [String] {
        let prefix = ranking.metric.firstIndex(of: "_").map { String(ranking.metric[...$0]) } ?? ranking.metric
        let all = Set(bests.flatMap { $0.summary.metricsAtStep.keys })
        return all.sorted { a, b in
            let ka = (a == ranking.metric ? 0 : a.hasPrefix(prefix) ? 1 : 2, a)
            let kb = (b == ranking.metric ? 0 : b.hasPrefix(prefix) ? 1 : 2, b)
            return ka < kb
        }
    }

    // MARK: Result

    func entryResult(_ summary: MLflowRunSummary, rank: Int) -> JSONObject {
        let run = summary.run
        var object = JSONObject()
        object["rank"] = .int(rank)
        object["run_id"] = .string(run.runId)
        object["run_name"] = .string(run.runName)
        object["trial"] = trialValue(run)
        object["epoch"] = .number(Double(summary.step))
        object["value"] = .double(summary.value)
        object["status"] = .string(run.status.rawValue)
        if let group { object["group"] = run.params[group].map(JSONValue.string) ?? .null }
        object["params"] = .object(JSONObject(run.params.keys.sorted().map { ($0, JSONValue.string(run.params[$0] ?? "")) }))
        object["metrics"] = .object(JSONObject(summary.metricsAtStep.keys.sorted().map { ($0, JSONValue.double(summary.metricsAtStep[$0] ?? .nan)) }))
        return object
    }

    func result() -> JSONValue {
        var result = JSONObject()
        let ranked = ranking.entries.enumerated().map { entryResult($1, rank: $0 + 1) }
        if group != nil {
            result["best"] = .object(JSONObject(bests.map { best in
                (best.group ?? Self.noGroup, .object(entryResult(best.summary, rank: ranking.rank(of: best.summary.run.runId) ?? 0)))
            }))
        } else {
            result["best"] = ranked.first.map(JSONValue.object) ?? .null
        }
        result["runs"] = .array(ranked.map(JSONValue.object))
        var byTrial = JSONObject()
        for (i, entry) in ranking.entries.enumerated() where byTrial[trial(entry.run)] == nil {
            byTrial[trial(entry.run)] = .object(JSONObject([
                ("rank", .int(i + 1)), ("run_id", .string(entry.run.runId)), ("epoch", .number(Double(entry.step))),
                ("value", .double(entry.value)), ("status", .string(entry.run.status.rawValue)),
            ]))
        }
        result["by_trial"] = .object(byTrial)
        result["experiment"] = .string(experiment.name)
        result["metric"] = .string(ranking.metric)
        result["goal"] = .string(ranking.goal.rawValue)
        result["pick"] = .string(ranking.selection.rawValue)
        result["run_count"] = .int(runs.count)
        result["without_metric"] = .int(ranking.runsWithoutMetric.count)
        result["statuses"] = .object(JSONObject(statusCounts.map { ($0.0.rawValue, JSONValue.int($0.1)) }))
        return .object(result)
    }

    /// Runs per status, in MLflow's order of statuses.
    var statusCounts: [(MLflowRunStatus, Int)] {
        MLflowRunStatus.allCases.compactMap { status in
            let count = runs.count { $0.status == status }
            return count > 0 ? (status, count) : nil
        }
    }

    // MARK: Markdown

    static func value(_ x: Double) -> String {
        guard x.isFinite else { return "–" }
        if x == x.rounded(), Swift.abs(x) < 1e15 { return Cell.count(Int(x)) }
        return Swift.abs(x) >= 0.001 ? Cell.fixed(x, 4) : ValueFormat(".3e")!.format(x)
    }

    func markdown(context: DirectiveContext) throws(DirectiveError) -> (String, [Figure]) {
        let bests = self.bests
        let statuses = statusCounts.map { "\($0.1) \($0.0.rawValue)" }.joined(separator: ", ")
        let stepWord = ranking.selection == .best ? "best epoch" : "last epoch"
        let direction = ranking.goal == .maximize ? "higher is better" : "lower is better"
        var md = "Experiment **\(MarkdownText.escaped(experiment.name))** in \(MarkdownText.code(display)) (id \(experiment.id)): **\(runs.count)** runs (\(statuses)). "
            + "Each run is ranked by \(MarkdownText.code(ranking.metric)) at its \(stepWord) (\(direction))"
        if !ranking.runsWithoutMetric.isEmpty {
            md += "; \(ranking.runsWithoutMetric.count) run\(ranking.runsWithoutMetric.count == 1 ? " never logged it and is" : "s never logged it and are") not ranked"
        }
        md += ".\n\n"

        // Provenance of the best runs.
        let metrics = metricOrder
        var headers: [(String, MarkdownTable.Alignment)] = []
        if let group { headers.append((group, .left)) }
        headers += [("trial", .right), ("rank", .right), ("run id", .left), ("epoch", .right), ("status", .left)]
        headers += metrics.map { ($0, .right) }
        var provenance = MarkdownTable(headers)
        for best in bests {
            let run = best.summary.run
            var cells: [String] = []
            if group != nil { cells.append(best.group ?? Self.noGroup) }
            cells += [trial(run), "\(ranking.rank(of: run.runId) ?? 0)", "\(MarkdownText.code(run.runId))", "\(best.summary.step)", run.status.rawValue]
            cells += metrics.map { key in best.summary.metricsAtStep[key].map(Self.value) ?? "–" }
            provenance.append(cells)
        }
        let title = group.map { "The best run of each \(MarkdownText.code($0))" } ?? "The best run"
        md += "\(title), with every metric at its \(stepWord):\n\n" + provenance.markdown + "\n"

        // Hyper-parameters of the best runs.
        let skipped: Set<String> = [group, trialParam].compactMap { $0 }.reduce(into: Set()) { $0.insert($1) }
        let paramNames = Set(bests.flatMap { $0.summary.run.params.keys }).subtracting(skipped).sorted()
        if !paramNames.isEmpty {
            let columns = bests.map { best in (best.group.map { "\($0) (trial \(trial(best.summary.run)))" } ?? "trial \(trial(best.summary.run))", MarkdownTable.Alignment.right) }
            var params = MarkdownTable([("parameter", .left)] + columns)
            for name in paramNames {
                params.append([name] + bests.map { $0.summary.run.params[name] ?? "–" })
            }
            md += "Their hyper-parameters:\n\n" + params.markdown + "\n"
        }

        // The ranking.
        var rankedHeaders: [(String, MarkdownTable.Alignment)] = [("rank", .right), ("trial", .right)]
        if let group { rankedHeaders.append((group, .left)) }
        rankedHeaders += [("epoch", .right), (ranking.metric, .right), ("status", .left), ("run id", .left)]
        var ranked = MarkdownTable(rankedHeaders)
        for (i, entry) in ranking.entries.prefix(top).enumerated() {
            var cells = ["\(i + 1)", trial(entry.run)]
            if let group { cells.append(entry.run.params[group] ?? Self.noGroup) }
            cells += ["\(entry.step)", Self.value(entry.value), entry.run.status.rawValue, "\(MarkdownText.code(entry.run.runId.prefix(8)))"]
            ranked.append(cells)
        }
        md += "The \(min(top, ranking.entries.count)) best of \(ranking.entries.count) ranked runs:\n\n" + ranked.markdown + "\n"

        // Learning curves of the best runs.
        var series: [LineSeries] = []
        var markers: [ChartMarker] = []
        for (i, best) in bests.enumerated() {
            let run = best.summary.run
            var perStep: [Int64: Double] = [:]
            var latest: [Int64: MLflowMetricPoint] = [:]
            for point in run.metrics[ranking.metric] ?? [] {
                if let current = latest[point.step], (current.timestamp, current.value) > (point.timestamp, point.value) { continue }
                latest[point.step] = point
                perStep[point.step] = point.value
            }
            let steps = perStep.keys.sorted()
            let name = best.group.map { "\($0): trial \(trial(run))" } ?? "trial \(trial(run))"
            series.append(LineSeries(name: name, x: steps.map(Double.init), y: steps.map { perStep[$0] ?? .nan }, color: .series(i)))
            markers.append(ChartMarker(x: Double(best.summary.step), y: best.summary.value, label: "epoch \(best.summary.step)", color: .series(i)))
        }
        let chart = LineChart(
            title: "\(ranking.metric) by epoch of the best runs", subtitle: "\(experiment.name); dots: the \(stepWord) of each run",
            xAxis: Axis(title: "Epoch (step)"), yAxis: Axis(title: ranking.metric), series: series, markers: markers)
        let (link, figure) = try context.chart("curves", chart, alt: "\(ranking.metric) by epoch of the best runs")
        md += link + "\n"
        return (md, [figure])
    }
}
