import FolioCharts
import FolioCompute
import Foundation

/// What `evaluate` computed, turned into its result and its Markdown fragment.
struct EvaluationReport {
    /// The parts of the fragment (`show`).
    enum Section: String, CaseIterable, Hashable, Sendable {
        case metrics, intervals, delong, confusion, charts, checks
    }

    var display: String
    var filter: String?
    var labels: BinaryLabels
    /// The threshold of each model.
    var thresholds: [Double]
    /// Whether the thresholds were given per model.
    var perModelThresholds: Bool
    var sections: Set<Section>
    var models: [ModelScores]
    var evaluations: [BinaryEvaluation]
    var calibrations: [CalibrationCurve]
    var intervals: [BootstrapIntervals?]
    var tests: [(a: Int, b: Int, test: DeLongTest)]
    var outcomes: [ExpectedValues.Outcome]
    var tolerance: Double
    var strategy: CalibrationStrategy

    var rowCount: Int { labels.count }
    var positiveRate: Double { Double(labels.positives) / Double(max(labels.count, 1)) }
    /// `where {split: test}` or nothing.
    var selectionText: String { filter.map { " where \($0)" } ?? "" }

    /// The metrics of a constant prediction equal to the positive rate.
    var baseline: (averagePrecision: Double, logLoss: Double, brier: Double) {
        let constant = [Double](repeating: positiveRate, count: labels.count)
        let logLoss = (try? ProbabilityScores.logLoss(labels: labels, probabilities: constant)) ?? .nan
        let brier = (try? ProbabilityScores.brierScore(labels: labels, probabilities: constant)) ?? .nan
        return (labels.isSingleClass ? .nan : positiveRate, logLoss, brier)
    }

    // MARK: Result

    func modelResult(_ m: Int) -> JSONObject {
        let evaluation = evaluations[m]
        var object = JSONObject()
        for metric in EvaluationMetric.all { object[metric.key] = .double(metric.read(evaluation)) }
        object["confusion"] = .array(evaluation.counts.matrix.map { .array($0.map(JSONValue.int)) })
        object["positives"] = .int(labels.positives)
        object["rows"] = .int(labels.count)
        if let intervals = intervals[m] {
            func bounds(_ ci: ConfidenceInterval) -> JSONValue {
                .object(JSONObject([("lower", .double(ci.lower)), ("upper", .double(ci.upper))]))
            }
            object["ci"] = .object(JSONObject([
                ("confidence", .double(intervals.f1.confidence)), ("resamples", .int(intervals.resamples)),
                ("f1", bounds(intervals.f1)), ("roc_auc", bounds(intervals.rocAUC)),
                ("average_precision", bounds(intervals.averagePrecision)),
            ]))
        }
        return object
    }

    /// The index of the best model by F1 (the first on a tie).
    var bestIndex: Int {
        var best = 0
        for m in evaluations.indices where evaluations[m].counts.f1 > evaluations[best].counts.f1 { best = m }
        return best
    }

    func result() -> JSONValue {
        var result = JSONObject()
        let perModel = models.indices.map(modelResult)
        for (model, object) in zip(models, perModel) { result[model.name] = .object(object) }
        var best = JSONObject([("model", .string(models[bestIndex].name))])
        for (key, value) in perModel[bestIndex].pairs { best[key] = value }
        result["best"] = .object(best)
        result["rows"] = .int(labels.count)
        result["positives"] = .int(labels.positives)
        result["positive_rate"] = .double(labels.count == 0 ? .nan : positiveRate)
        result["threshold"] = perModelThresholds
            ? .object(JSONObject(zip(models, thresholds).map { ($0.name, JSONValue.double($1)) })) : .double(thresholds.first ?? .nan)
        let baseline = self.baseline
        result["baseline"] = .object(JSONObject([
            ("average_precision", .double(baseline.averagePrecision)), ("log_loss", .double(baseline.logLoss)),
            ("brier", .double(baseline.brier)),
        ]))
        if !tests.isEmpty {
            var delong = JSONObject()
            for (a, b, test) in tests {
                delong["\(models[a].name)_vs_\(models[b].name)"] = .object(JSONObject([
                    ("auc1", .double(test.auc1)), ("auc2", .double(test.auc2)), ("difference", .double(test.difference)),
                    ("standard_error", .double(test.standardError)), ("z", .double(test.z)), ("p_value", .double(test.pValue)),
                ]))
            }
            result["delong"] = .object(delong)
        }
        if !outcomes.isEmpty {
            result["checks"] = .object(JSONObject([
                ("passed", .bool(outcomes.allSatisfy(\.passed))), ("count", .int(outcomes.count)), ("tolerance", .double(tolerance)),
                ("items", .array(outcomes.map { outcome in
                    .object(JSONObject([
                        ("model", .string(outcome.check.model)), ("metric", .string(outcome.check.metric)),
                        ("expected", .double(outcome.check.expected)), ("actual", .double(outcome.actual)),
                        ("relative_difference", .double(outcome.relativeDifference)), ("passed", .bool(outcome.passed)),
                    ]))
                })),
            ]))
        }
        return .object(result)
    }

    // MARK: Markdown

    /// A value for the checks table: four decimals, or a whole number.
    static func number(_ x: Double) -> String {
        if x.isFinite, x == x.rounded(), Swift.abs(x) < 1e15 { return Cell.count(Int(x)) }
        return Cell.fixed(x, 4)
    }

    /// `+1.23%`, `−13.80%`; `–` for NaN.
    static func signedPercent(_ x: Double) -> String {
        guard !x.isNaN else { return "–" }
        guard x.isFinite else { return x > 0 ? "+∞" : "−∞" }
        let text = Cell.percent(Swift.abs(x), 2)
        return (x < 0 ? "−" : "+") + text
    }

    /// A p-value: three decimals, or scientific below 0.001.
    static func pValue(_ p: Double) -> String {
        guard p.isFinite else { return "–" }
        if p >= 0.001 { return Cell.fixed(p, 3) }
        return p == 0 ? "< 1e-300" : ValueFormat(".1e")!.format(p)
    }

    /// Fixed decimals with the best values of a column in bold.
    private func column(_ metric: EvaluationMetric) -> [String] {
        let values = evaluations.map(metric.read)
        let best = values.count > 1 ? metric.bestIndices(values) : []
        // Different values never print alike (`DistinctDecimals`).
        let decimals = DistinctDecimals.decimals(for: values, base: 3) { Cell.fixed($0, $1) }
        return values.indices.map { Cell.marked(Cell.fixed(values[$0], decimals), best.contains($0)) }
    }

    /// `threshold 0.50`, or `each model's threshold`.
    var thresholdText: String {
        perModelThresholds ? "each model's threshold" : "threshold \(Cell.fixed(thresholds.first ?? .nan, 2))"
    }

    func markdown(context: DirectiveContext) throws(DirectiveError) -> (String, [Figure]) {
        var md = "**\(Cell.count(rowCount))** rows of \(MarkdownText.code(display))\(selectionText): **\(Cell.count(labels.positives))** positives "
            + "(\(Cell.percent(positiveRate, 2))). "
        if perModelThresholds {
            md += "A row is predicted positive when its score is at or above its model's threshold ("
                + zip(models, thresholds).map { "\($0.name) \(Cell.fixed($1, 2))" }.joined(separator: ", ") + ")"
        } else {
            md += "A row is predicted positive when its score is ≥ \(Cell.fixed(thresholds.first ?? .nan, 2))"
        }
        md += "\(models.count > 1 && sections.contains(.metrics) ? "; the best value of each column is in bold" : "").\n\n"
        let metric = { (key: String) in EvaluationMetric.named(key)! }

        // At the threshold.
        if sections.contains(.metrics) {
            let thresholdKeys = ["precision", "recall", "f1", "macro_precision", "macro_recall", "macro_f1", "accuracy", "balanced_accuracy", "mcc"]
            var headers: [(String, MarkdownTable.Alignment)] = [("model", .left)]
            if perModelThresholds { headers.append(("threshold", .right)) }
            var atThreshold = MarkdownTable(headers + [("signals", .right)] + thresholdKeys.map { (metric($0).title, .right) })
            let thresholdColumns = thresholdKeys.map { column(metric($0)) }
            for (m, model) in models.enumerated() {
                let counts = evaluations[m].counts
                atThreshold.append([model.name] + (perModelThresholds ? [Cell.fixed(thresholds[m], 2)] : [])
                                   + ["\(Cell.count(counts.predictedPositives)) (\(Cell.percent(counts.positiveRate)))"]
                                   + thresholdColumns.map { $0[m] })
            }
            md += "At \(thresholdText) (signals: rows predicted positive):\n\n" + atThreshold.markdown + "\n"
            // Ranking and probability quality, with the no-skill baseline.
            let freeKeys = ["roc_auc", "average_precision", "log_loss", "brier"]
            var free = MarkdownTable([("model", .left)] + freeKeys.map { (metric($0).title, .right) })
            let freeColumns = freeKeys.map { column(metric($0)) }
            for (m, model) in models.enumerated() { free.append([model.name] + freeColumns.map { $0[m] }) }
            let baseline = self.baseline
            free.append(["*constant \(Cell.percent(positiveRate, 2)) (no skill)*", labels.isSingleClass ? "–" : Cell.fixed(0.5),
                         Cell.fixed(baseline.averagePrecision), Cell.fixed(baseline.logLoss), Cell.fixed(baseline.brier)])
            md += "Without a threshold (ROC-AUC and average precision: higher is better; log loss and Brier: lower is better):\n\n" + free.markdown + "\n"
        }

        // Bootstrap intervals.
        if sections.contains(.intervals), let first = intervals.compactMap({ $0 }).first {
            let level = Cell.percent(first.f1.confidence, first.f1.confidence * 100 == (first.f1.confidence * 100).rounded() ? 0 : 1)
            var table = MarkdownTable([("model", .left), ("F1", .right), ("\(level) CI", .left), ("ROC-AUC", .right), ("\(level) CI", .left),
                                       ("average precision", .right), ("\(level) CI", .left)])
            func range(_ ci: ConfidenceInterval) -> String { ci.lower.isNaN ? "–" : "\(Cell.fixed(ci.lower)) – \(Cell.fixed(ci.upper))" }
            for (m, model) in models.enumerated() {
                guard let ci = intervals[m] else { continue }
                table.append([model.name, Cell.fixed(ci.f1.estimate), range(ci.f1), Cell.fixed(ci.rocAUC.estimate), range(ci.rocAUC),
                              Cell.fixed(ci.averagePrecision.estimate), range(ci.averagePrecision)])
            }
            md += "Stratified bootstrap, \(Cell.count(first.resamples)) resamples (percentile intervals; F1 at \(thresholdText)):\n\n" + table.markdown + "\n"
        }

        // DeLong.
        if sections.contains(.delong), !tests.isEmpty {
            var table = MarkdownTable([("comparison", .left), ("ROC-AUC A", .right), ("ROC-AUC B", .right), ("A − B", .right),
                                       ("95% CI of A − B", .left), ("z", .right), ("p-value", .right)])
            for (a, b, test) in tests {
                let half = 1.959963984540054 * test.standardError
                table.append(["\(models[a].name) vs \(models[b].name)", Cell.fixed(test.auc1), Cell.fixed(test.auc2),
                              Cell.fixed(test.difference, 4), "\(Cell.fixed(test.difference - half, 4)) – \(Cell.fixed(test.difference + half, 4))",
                              Cell.fixed(test.z, 2), Self.pValue(test.pValue)])
            }
            md += "DeLong's test of the ROC-AUC differences (paired, two-sided, \(tests.count) comparison\(tests.count == 1 ? "" : "s") without correction):\n\n" + table.markdown + "\n"
        }

        // Confusion matrices.
        if sections.contains(.confusion) {
            var confusion = MarkdownTable([("model", .left), ("true negatives", .right), ("false positives", .right),
                                           ("false negatives", .right), ("true positives", .right)])
            for (m, model) in models.enumerated() {
                let c = evaluations[m].counts
                confusion.append([model.name, Cell.count(c.trueNegatives), Cell.count(c.falsePositives), Cell.count(c.falseNegatives), Cell.count(c.truePositives)])
            }
            md += "Confusion matrices at \(thresholdText):\n\n" + confusion.markdown + "\n"
        }

        // Charts.
        var figures: [Figure] = []
        if sections.contains(.charts) {
            for (name, chart, alt) in charts() {
                let (link, figure) = try context.chart(name, chart, alt: alt)
                md += link + "\n\n"
                figures.append(figure)
            }
        }

        // Expected values.
        if sections.contains(.checks), !outcomes.isEmpty {
            var table = MarkdownTable([("model", .left), ("metric", .left), ("expected", .right), ("actual", .right),
                                       ("relative difference", .right), ("within \(Cell.percent(tolerance, 2))", .center)])
            for outcome in outcomes {
                table.append([outcome.check.model, outcome.check.metric, Self.number(outcome.check.expected), Self.number(outcome.actual),
                              Self.signedPercent(outcome.relativeDifference), outcome.passed ? "pass" : "**FAIL**"])
            }
            let passed = outcomes.filter(\.passed).count
            md += "Expected values: \(passed) of \(outcomes.count) reproduced within the relative tolerance \(Cell.percent(tolerance, 2)).\n\n" + table.markdown
        }
        if md.hasSuffix("\n\n") { md.removeLast() }
        return (md, figures)
    }

    // MARK: Charts

    func charts() -> [(String, LineChart, String)] {
        let subtitle = "\(display)\(selectionText), \(Cell.count(rowCount)) rows; dots: \(thresholdText)"
        var rocSeries: [LineSeries] = []
        var prSeries: [LineSeries] = []
        var calibrationSeries: [LineSeries] = []
        var rocMarkers: [ChartMarker] = []
        var prMarkers: [ChartMarker] = []
        for (m, model) in models.enumerated() {
            let evaluation = evaluations[m]
            let color = ChartColor.series(m)
            let roc = evaluation.ranking.rocCurve()
            rocSeries.append(LineSeries(name: "\(model.name) (AUC \(Cell.fixed(evaluation.rocAUC)))", x: roc.falsePositiveRate,
                                        y: roc.truePositiveRate, color: color))
            let pr = evaluation.ranking.precisionRecallCurve(dropIntermediate: true)
            prSeries.append(LineSeries(name: "\(model.name) (AP \(Cell.fixed(evaluation.averagePrecision)))", x: pr.recall, y: pr.precision,
                                       color: color, interpolation: .stepBefore))
            let counts = evaluation.counts
            if counts.actualNegatives > 0, counts.actualPositives > 0 {
                rocMarkers.append(ChartMarker(x: 1 - counts.negativeRecall, y: counts.recall, color: color))
            }
            if counts.predictedPositives > 0, counts.actualPositives > 0 {
                prMarkers.append(ChartMarker(x: counts.recall, y: counts.precision, color: color))
            }
            let calibration = calibrations[m]
            // Each bin marked with the series' own symbol (the legend's), not a circle of its
            // colour over symbols placed along the line.
            var series = LineSeries(name: model.name, x: calibration.meanPredicted, y: calibration.fractionOfPositives, color: color)
            series.marksEveryPoint = true
            calibrationSeries.append(series)
        }
        let unit = Axis(range: 0...1, format: .number)
        var xROC = unit, yROC = unit
        xROC.title = "False positive rate"
        yROC.title = "True positive rate (recall)"
        let roc = LineChart(title: "ROC curves", subtitle: subtitle, xAxis: xROC, yAxis: yROC, series: rocSeries,
                            markers: rocMarkers, showsDiagonal: true)
        var xPR = unit, yPR = unit
        xPR.title = "Recall"
        yPR.title = "Precision"
        let pr = LineChart(title: "Precision-recall curves", subtitle: subtitle, xAxis: xPR, yAxis: yPR, series: prSeries,
                           markers: prMarkers,
                           rules: labels.isSingleClass ? [] : [.horizontal(at: positiveRate, label: "base rate \(Cell.percent(positiveRate, 1))", color: .gray)])
        // The calibration chart spans the predictions, not all of [0, 1]: rare-event
        // probabilities sit near zero, and the diagonal still marks perfect calibration.
        let top = calibrationSeries.flatMap { $0.x + $0.y }.filter(\.isFinite).max() ?? 1
        let span = min(1, max(0.05, (top * 1.1 * 20).rounded(.up) / 20))
        let calibration = LineChart(
            title: "Calibration (\(strategy == .uniform ? "equal-width" : "equal-count") bins)",
            subtitle: "\(display)\(selectionText); dashed: perfectly calibrated",
            xAxis: Axis(title: "Mean predicted probability", range: 0...span), yAxis: Axis(title: "Fraction of positives", range: 0...span),
            series: calibrationSeries, showsDiagonal: true)
        return [
            ("roc", roc, "ROC curves of \(models.map(\.name).joined(separator: ", "))"),
            ("pr", pr, "Precision-recall curves of \(models.map(\.name).joined(separator: ", "))"),
            ("calibration", calibration, "Calibration of \(models.map(\.name).joined(separator: ", "))"),
        ]
    }
}
