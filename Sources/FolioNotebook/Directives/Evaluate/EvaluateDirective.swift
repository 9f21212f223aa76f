import FolioCharts
import FolioCompute
import Foundation

/// `{evaluate}`: binary classification metrics of one or more score columns at a
/// threshold, with ROC, precision-recall and calibration charts, confusion matrices, and
/// optionally bootstrap confidence intervals, DeLong tests of the AUC differences and
/// expected values that must be reproduced within a tolerance.
public struct EvaluateDirective: Directive {
    public static let name = "evaluate"
    public static let summary = "Classification metrics per model at a threshold; ROC, PR and calibration charts; bootstrap CIs, DeLong tests, expected values."
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("data", "path | postgresql:// URL", default: "predictions.csv", "The predictions CSV, relative to the notebook's data folder. Or a PostgreSQL table or query: `postgresql:///db?table=name` (see the README's data sources)."),
        ParameterSpec("where", "filter", "Rows to evaluate, usually a split: {split: test}."),
    ] + ModelColumns.parameterSpecs(threshold: "Predicted positive when score >= threshold; a mapping gives each model its own.", perModel: true) + [
        ParameterSpec("bins", "integer", default: "10", "Bins of the calibration chart."),
        ParameterSpec("calibration", "uniform | quantile", default: "uniform", "Calibration bins of equal width on [0, 1], or of equal counts."),
        ParameterSpec("bootstrap", "integer", "Resamples of a stratified bootstrap for confidence intervals of F1, ROC-AUC and average precision (e.g. 1000); none when absent."),
        ParameterSpec("confidence", "number in (0, 1)", default: "0.95", "Coverage of the bootstrap intervals."),
        ParameterSpec("seed", "integer", default: "from the notebook path and block id", "Seed of the bootstrap."),
        ParameterSpec("delong", "true | false", default: "false", "DeLong's test for every pair of models' ROC-AUCs."),
        ParameterSpec("expect", "mapping model -> {metric: value}", "Values each model's metrics must reproduce, literal or \"{{ id.path }}\"; the block fails when one is off by more than the tolerance."),
        ParameterSpec("tolerance", "number", default: "0.005", "Relative tolerance of `expect`: |actual - expected| <= tolerance * |expected|."),
        ParameterSpec("show", "list of metrics | intervals | delong | confusion | charts | checks", default: "all",
                      "The parts of the report to write (the result always holds everything)."),
    ]
    public static let resultKeys = [
        ResultKeySpec("MODEL.accuracy, balanced_accuracy", "At the threshold."),
        ResultKeySpec("MODEL.precision, recall, f1", "Of the positive class, at the threshold (0 when undefined)."),
        ResultKeySpec("MODEL.macro_precision, macro_recall, macro_f1", "scikit-learn's `average=\"macro\"`: unweighted means over the two classes (in the table at the threshold too)."),
        ResultKeySpec("MODEL.mcc", "Matthews correlation coefficient."),
        ResultKeySpec("MODEL.roc_auc, average_precision", "Threshold-free ranking quality (null with a single class)."),
        ResultKeySpec("MODEL.log_loss, brier", "Probability quality (lower is better)."),
        ResultKeySpec("MODEL.confusion", "[[tn, fp], [fn, tp]] at the threshold."),
        ResultKeySpec("MODEL.positives, rows", "Rows labelled 1, and all rows."),
        ResultKeySpec("MODEL.ci.f1|roc_auc|average_precision.lower|upper", "Bootstrap interval bounds, with `bootstrap`; also MODEL.ci.confidence and MODEL.ci.resamples."),
        ResultKeySpec("best", "The model with the highest F1 (first in order on a tie): `best.model` and its metrics (`best.f1`, ...)."),
        ResultKeySpec("rows", "Rows evaluated (after `where`)."),
        ResultKeySpec("positives, positive_rate", "Rows labelled 1, and their share."),
        ResultKeySpec("threshold", "The decision threshold (a mapping model -> threshold when given per model)."),
        ResultKeySpec("baseline.average_precision, log_loss, brier", "The same metrics for a constant prediction of the positive rate (no skill)."),
        ResultKeySpec("delong.A_vs_B", "With `delong`: auc1, auc2, difference, standard_error, z, p_value, for models A and B in the order given."),
        ResultKeySpec("checks", "With `expect`: passed (true), count, tolerance, and items (model, metric, expected, actual, relative_difference, passed)."),
    ]
    public static let details = """
    Metrics follow scikit-learn 1.9 (`sklearn.metrics`): `accuracy_score`,
    `balanced_accuracy_score`, `precision_score` / `recall_score` / `f1_score` for the
    positive class and with `average="macro"` (all with `zero_division=0`),
    `matthews_corrcoef`, `confusion_matrix(labels=[0, 1])`, `roc_auc_score`,
    `average_precision_score` (the step sum, not the trapezoid), `log_loss(labels=[0, 1])`
    (probabilities clipped to [eps, 1 - eps]), `brier_score_loss`, `roc_curve` (with
    `drop_intermediate`), `precision_recall_curve` and `calibration.calibration_curve` (whose
    default is 5 bins; folio's is 10). A row is predicted positive when `score >= threshold`,
    as `(p >= t).astype(int)`. The table at the threshold shows precision, recall and F1 of the
    positive class and their macro averages (the unweighted mean over classes 0 and 1, as
    `average="macro"`), then accuracy, balanced accuracy and MCC. Columns have three decimals, more
    (up to six) when two models' different values would otherwise print alike.

    Where folio differs: with a single class in the selected rows, ROC-AUC and average
    precision are null (scikit-learn returns NaN for the first and 0 or 1 for the second) and a
    warning is printed; the block does not fail. Scores must be probabilities in [0, 1]
    without missing values; a missing or NaN label is an error (scikit-learn raises too).

    `bootstrap: N` draws N stratified resamples (positives from the positives, negatives from
    the negatives, so the base rate is fixed), seeded from the block (or `seed`), and reports
    percentile intervals (numpy's linear `np.percentile`). `delong: true` compares every pair of
    models with DeLong's test for correlated ROC-AUCs (Sun & Xu's fast algorithm; two-sided
    normal p-value, no multiplicity correction; the interval of the difference is
    difference ± 1.96 standard errors). scikit-learn has neither.

    `expect` checks a relative tolerance: a check passes when |actual - expected| <=
    tolerance × |expected| (so an expected 0 must be matched exactly). The table of checks is
    part of the report; when a check fails, the block fails with an error that lists the
    failing checks (the report shows it in place of the block, and folio exits 1).
    """

    /// Keys of the result that a model cannot be named.
    static let reservedNames: Set<String> = ["best", "rows", "positives", "positive_rate", "threshold", "baseline", "delong", "checks"]

    let selection: DataSelection
    let columns: ModelColumns
    let bins: Int
    let strategy: CalibrationStrategy
    let bootstrap: (resamples: Int, confidence: Double)?
    let delong: Bool
    let delongLocation: SourceLocation
    let expected: ExpectedValues?
    let seed: UInt64?
    let sections: Set<EvaluationReport.Section>

    public init(parameters: ParameterReader, context: DirectiveContext) throws(DirectiveError) {
        let selection = try DataSelection(parameters: parameters, context: context, default: "predictions.csv")
        columns = try ModelColumns(parameters: parameters, context: context, perModel: true)
        self.selection = selection.reading(columns.columnsRead)
        bins = try parameters.int("bins", default: 10, min: 1, max: 1000)
        strategy = try parameters.choice("calibration", default: .uniform)
        if let resamples = try parameters.int("bootstrap") {
            guard resamples >= 1, resamples <= 1_000_000 else {
                throw parameters.error("bootstrap", "must be between 1 and 1000000 resamples, got \(resamples)")
            }
            let confidence = try parameters.double("confidence", default: 0.95)
            guard confidence > 0, confidence < 1 else {
                throw parameters.error("confidence", "must lie strictly between 0 and 1, got \(JSONValue.format(confidence))")
            }
            bootstrap = (resamples, confidence)
        } else {
            if parameters.has("confidence") { throw parameters.error("confidence", "has no effect without 'bootstrap'") }
            bootstrap = nil
        }
        delong = try parameters.bool("delong", default: false)
        delongLocation = parameters.location(of: "delong")
        expected = try ExpectedValues(parameters: parameters)
        seed = try parameters.int("seed").map { UInt64(truncatingIfNeeded: $0) }
        sections = try ShowParameter.parts(parameters, as: EvaluationReport.Section.self)
    }

    public var inputs: [DataInput] { [selection.input] + columns.checkpointInputs }

    public func validate(context: DirectiveContext) throws(DirectiveError) {
        try selection.validate(columns: columns.explicitColumns, context: context)
    }

    public func run(context: DirectiveContext) throws(DirectiveError) -> DirectiveOutput {
        let display = context.displayPath(selection.url)
        let (frame, scoringNote) = try selection.load(context: context, models: columns)
        let loaded = try columns.load(from: frame, display: display, probabilities: true)
        let labels = loaded.labels
        let thresholds = try columns.thresholds(for: loaded.models)
        for (model, location) in zip(loaded.models, loaded.locations) where Self.reservedNames.contains(model.name) {
            throw DirectiveError("a model column cannot be named '\(model.name)', a key of the result; rename the column", at: location)
        }

        // One ranking per model: metrics, curves and areas all come from it.
        var evaluations: [BinaryEvaluation] = []
        var calibrations: [CalibrationCurve] = []
        for (m, (model, location)) in zip(loaded.models, loaded.locations).enumerated() {
            do {
                evaluations.append(try BinaryEvaluation(labels: labels, probabilities: model.scores, threshold: thresholds[m]))
                calibrations.append(try CalibrationCurve(labels: labels, probabilities: model.scores, bins: bins, strategy: strategy))
            } catch {
                throw DirectiveError("model '\(model.name)': \(error)", at: location)
            }
        }
        var warnings = labels.singleClassWarning.map { ["\(display)\(selection.filter.map { " where \($0.summary)" } ?? ""): \($0)"] } ?? []

        // Bootstrap intervals, one seed per model derived from the block's.
        // Models are independent: their resamples run on both cores (ParallelMap keeps
        // results and errors in model order).
        var intervals: [BootstrapIntervals?] = Array(repeating: nil, count: loaded.models.count)
        if let bootstrap {
            let blockSeed = seed ?? context.seed
            let models = loaded.models, locations = loaded.locations, thresholdsByModel = thresholds
            intervals = try ParallelMap.map(models.count) { m throws(DirectiveError) -> BootstrapIntervals? in
                let sampler = StratifiedBootstrap(seed: SeededGenerator.fnv1a("\(blockSeed)/\(models[m].name)"),
                                                  resamples: bootstrap.resamples, confidence: bootstrap.confidence)
                do {
                    return try sampler.intervals(labels: labels, scores: models[m].scores, threshold: thresholdsByModel[m])
                } catch {
                    throw DirectiveError("bootstrap of model '\(models[m].name)': \(error)", at: locations[m])
                }
            }
        }

        // DeLong's test for every pair.
        var tests: [(a: Int, b: Int, test: DeLongTest)] = []
        if delong {
            guard loaded.models.count >= 2 else {
                throw DirectiveError("'delong': the test compares two models or more; only '\(loaded.models[0].name)' is evaluated", at: delongLocation)
            }
            if labels.positives < 2 || labels.negatives < 2 {
                warnings.append("DeLong's test skipped: it needs at least two positives and two negatives, the rows have \(labels.positives) and \(labels.negatives)")
            } else {
                for a in 0..<loaded.models.count {
                    for b in (a + 1)..<loaded.models.count {
                        do {
                            tests.append((a, b, try DeLongTest(labels: labels, scores1: loaded.models[a].scores, scores2: loaded.models[b].scores)))
                        } catch {
                            throw DirectiveError("DeLong's test of '\(loaded.models[a].name)' and '\(loaded.models[b].name)': \(error)", at: delongLocation)
                        }
                    }
                }
            }
        }

        // Expected values.
        var outcomes: [ExpectedValues.Outcome] = []
        if let expected {
            let names = loaded.models.map(\.name)
            for check in expected.checks where !names.contains(check.model) {
                throw DirectiveError("'expect': no model '\(check.model)' among the evaluated models\(Suggestion.hint(for: check.model, in: names)); models: \(names.joined(separator: ", "))",
                                     at: check.modelLocation)
            }
            outcomes = expected.evaluate { model, metric in
                guard let m = names.firstIndex(of: model) else { return .nan }
                let evaluation = evaluations[m]
                switch metric {
                case "positives": return Double(labels.positives)
                case "rows": return Double(labels.count)
                case "positive_rate": return Double(labels.positives) / Double(labels.count)
                default: return EvaluationMetric.named(metric)?.read(evaluation) ?? .nan
                }
            }
        }

        // A failed check fails the block, with the failing checks in its message.
        let failed = outcomes.filter { !$0.passed }
        if let first = failed.first, let tolerance = expected?.tolerance {
            var table = MarkdownTable([("model", .left), ("metric", .left), ("expected", .right), ("actual", .right), ("relative difference", .right)])
            for outcome in failed {
                table.append([outcome.check.model, outcome.check.metric, EvaluationReport.number(outcome.check.expected),
                              EvaluationReport.number(outcome.actual), EvaluationReport.signedPercent(outcome.relativeDifference)])
            }
            throw DirectiveError("\(failed.count) of \(outcomes.count) expected value\(outcomes.count == 1 ? " is" : "s are") not reproduced within the relative tolerance \(JSONValue.format(tolerance)) (\(Cell.percent(tolerance, 2))):\n\n"
                                 + table.markdown.trimmingCharacters(in: .newlines), at: first.check.location)
        }

        let report = EvaluationReport(
            display: display, filter: selection.filter?.summary, labels: labels, thresholds: thresholds,
            perModelThresholds: columns.perModelThresholds != nil, sections: sections,
            models: loaded.models, evaluations: evaluations, calibrations: calibrations, intervals: intervals,
            tests: tests, outcomes: outcomes, tolerance: expected?.tolerance ?? 0, strategy: strategy)
        let result = report.result()
        let (markdown, figures) = try report.markdown(context: context)

        return DirectiveOutput(result: result, markdown: scoringNote.map { $0 + "\n\n" + markdown } ?? markdown, figures: figures, warnings: warnings)
    }
}
