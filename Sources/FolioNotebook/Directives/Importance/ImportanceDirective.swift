import FolioCompute
import FolioModels
import Foundation

/// `{importance}`: Task 6 of the plan. Permutation importance of each checkpoint's features
/// on two groups of rows (train and validation), compared feature by feature, with the
/// features that stop carrying a model on the second group flagged. The computation is
/// FolioModels' `PermutationImportance`; this type decodes, maps errors to locations and
/// writes the report.
public struct ImportanceDirective: Directive {
    public static let name = "importance"
    public static let summary = "Permutation importance of each checkpoint's features on two splits (train vs val): ranks, overfit flags, consensus, charts."
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("data", "path | postgresql:// URL", default: "features.csv", "The features CSV (every row: a window may reach back before its group's rows), relative to the notebook's data folder. Or a PostgreSQL table or query: `postgresql:///db?table=name` (see the README's data sources)."),
        ParameterSpec("models", "mapping name -> checkpoint", required: true,
                      "The checkpoints: {mlp: {run: \"{{ trials.best.mlp.run_id }}\"}, gru: {onnx: path/model.onnx}} (as in `evaluate`)."),
        ParameterSpec("label", "column", default: "label", "The 0/1 label column."),
        ParameterSpec("compare", "mapping", default: "{column: split, a: train, b: val}", "The two groups of rows: where the importance is learnt (a) and where it should hold (b)."),
        ParameterSpec("metric", "roc_auc | average_precision | log_loss | f1", default: "roc_auc",
                      "The score compared before and after a permutation (the log loss is negated so that larger is better)."),
        ParameterSpec("threshold", "number in [0, 1]", default: "0.5", "For `metric: f1`: a sample is predicted positive when its score is at or above it."),
        ParameterSpec("repeats", "integer", default: "5", "Permutations per feature and group (scikit-learn's `n_repeats`)."),
        ParameterSpec("sample", "integer", default: "20000", "Samples (rows, or windows for window models) drawn per group without replacement, seeded; a group with fewer uses all and says so."),
        ParameterSpec("seed", "integer", default: "from the notebook path and block id", "Seed of the sample and of every permutation."),
        ParameterSpec("groups", "mapping name -> list of features",
                      "Features permuted together and reported as one, e.g. {returns: [ret_1, ret_4, ret_24]}."),
        ParameterSpec("shifted", "list of features",
                      "Features another analysis found shifted between a and b, e.g. \"{{ shift.shifted }}\" of a `ks-test` block: marked in the tables, crossed with the flags, and used by the backlog."),
        ParameterSpec("backlog", "true | false", default: "true", "Write the feature-engineering backlog derived from the flags."),
    ]
    public static let resultKeys = [
        ResultKeySpec("models.MODEL.rows", "One per feature or group, in the model's feature order: feature, importance_a, std_a, importance_b, std_b, rank_a, rank_b, flag."),
        ResultKeySpec("models.MODEL.features.FEATURE", "The same row, by feature name (for claims: `imp.models.mlp.features.ret_1.flag`)."),
        ResultKeySpec("models.MODEL.flagged", "The features flagged `overfit`, in feature order."),
        ResultKeySpec("models.MODEL.unused", "The features flagged `unused`."),
        ResultKeySpec("models.MODEL.top_a, top_b", "The five most important features on a and on b, most important first."),
        ResultKeySpec("models.MODEL.baseline_a, baseline_b", "The metric on each group's unpermuted samples."),
        ResultKeySpec("models.MODEL.samples_a, samples_b, available_a, available_b", "Samples used, and scored samples each group had."),
        ResultKeySpec("consensus", "Features flagged `overfit` by at least two models, in feature order."),
        ResultKeySpec("unused_by_all", "Features flagged `unused` by every model."),
        ResultKeySpec("largest_overfit", "The overfit feature with the largest importance on a: model, feature, importance_a, importance_b (null when none is flagged)."),
        ResultKeySpec("shifted_and_flagged", "With `shifted`: the features flagged `overfit` by some model that are also shifted."),
        ResultKeySpec("backlog", "One item per feature the flags single out: feature, action (re-express | regularise | drop), evidence, proposal."),
        ResultKeySpec("flagged", "Features flagged `overfit` by any model, in feature order."),
        ResultKeySpec("metric, repeats, sample, seed, a, b", "How it was measured."),
    ]
    public static let details = """
    Permutation importance as scikit-learn's `sklearn.inspection.permutation_importance`
    defines it: the baseline score minus the score with one feature's values permuted across
    the samples, mean and population standard deviation (`ddof=0`) over `repeats`
    permutations; larger is more important. Scores are scikit-learn's scorers: `roc_auc`,
    `average_precision`, `neg_log_loss` (the log loss negated), `f1` of `score >= threshold`.
    A feature the model ignores comes out exactly 0.

    folio runs each checkpoint itself (ONNX, as in `evaluate`'s `models:`). A sample is what
    the model scores: a row, or for a window model (`[N, T, F]` input) the window of T rows of
    a symbol ending at the row; the permutation moves a feature's whole window from one
    sample to another, so a permuted window is still a real series of that feature. Windows
    may reach back before the group's first row, as when the group is scored. `sample`
    samples of each group are drawn without replacement; each (feature, repeat) has its own
    seeded generator, so the numbers do not depend on the thread count. scikit-learn draws
    from numpy's generator: the two agree in distribution, not draw for draw (the tests check
    means within their standard errors against scikit-learn on models exported to ONNX).
    Matrix products use folio's portable arithmetic, so a report is byte-identical on every
    machine.

    Flags, with `ia`, `sa` the mean and standard deviation on a and `ib`, `sb` on b:
    `overfit` when `ia > 2 sa` (the feature matters on a) and `ia - ib > 2 sqrt(sa² + sb²)`
    and `ib < ia / 2` (it loses at least half of it on b, by more than twice the combined
    noise); `unused` when `ia <= 2 sa` and `ib <= 2 sb`; `stable` otherwise. Ranks: 1 is the
    most important; equal importances rank in feature order.

    Errors: a group naming a feature the model does not use (or a column that does not
    exist), a feature in two groups, a group named like a feature; a label that is not 0/1
    or has one class on a side (for `roc_auc` and `average_precision`); a value of
    `compare` that no row has; a side with no scorable sample. `sample` larger than a side is
    not an error: every sample is used, and the report says so.

    The backlog (`backlog: true`) turns the flags into items, one per feature: flagged
    `overfit` by a model and listed in `shifted` -> `re-express` (its level moved between the
    groups, so the model learnt a level that does not carry over); flagged `overfit` and not
    shifted -> `regularise` (its relation to the label did not carry over); `unused` by every
    model -> `drop`. Features flagged by more models come first.

    Cost: `models × 2 × (1 + features × repeats)` graph runs over `sample` samples. The
    result is cached like every block (the data, the checkpoint files and the parameters).
    """

    static let metrics = ["roc_auc", "average_precision", "log_loss", "f1"]

    let selection: DataSelection
    let sources: ModelSources
    let label: String
    let labelLocation: SourceLocation
    let compare: GroupComparison
    let metric: ImportanceMetric
    let repeats: Int
    let sample: Int
    let seed: UInt64
    let groups: [FeatureGroup]
    let groupsLocation: SourceLocation
    let shifted: [String]?
    let writesBacklog: Bool

    public init(parameters: ParameterReader, context: DirectiveContext) throws(DirectiveError) {
        selection = try DataSelection(parameters: parameters, context: context, default: "features.csv")
        guard let value = parameters.value("models"), case .mapping(let entries) = value.kind, !entries.isEmpty else {
            throw parameters.error("models", "give the checkpoints, e.g. {mlp: {run: \"{{ trials.best.mlp.run_id }}\"}}")
        }
        sources = try ModelSources(entries: entries, key: "models", context: context)
        if let (model, _) = sources.renamed.first {
            throw DirectiveError("'models.\(model)': permutation importance runs the model; give a checkpoint ({onnx: path} or {run: id}), not a score column",
                                 at: sources.locationOf(model))
        }
        for (name, location) in sources.names where !sources.checkpoints.contains(where: { $0.name == name }) {
            throw DirectiveError("'models.\(name)': permutation importance runs the model; give a checkpoint ({onnx: path} or {run: id}), not a score column",
                                 at: location)
        }
        label = try parameters.string("label", default: "label")
        labelLocation = parameters.location(of: "label")
        compare = try GroupComparison(parameters: parameters)
        let metricName = try parameters.string("metric", default: "roc_auc")
        switch metricName {
        case "roc_auc": metric = .rocAUC
        case "average_precision": metric = .averagePrecision
        case "log_loss": metric = .logLoss
        case "f1": metric = .f1(threshold: try parameters.double("threshold", default: 0.5, in: 0...1))
        default:
            throw parameters.error("metric", "unknown metric '\(metricName)'\(Suggestion.hint(for: metricName, in: Self.metrics)); expected one of: \(Self.metrics.joined(separator: ", "))")
        }
        if metricName != "f1", parameters.has("threshold") {
            throw parameters.error("threshold", "has no effect with metric '\(metricName)' (only with f1)")
        }
        repeats = try parameters.int("repeats", default: 5, min: 1, max: 1000)
        sample = try parameters.int("sample", default: 20_000, min: 1, max: 10_000_000)
        seed = try parameters.int("seed").map { UInt64(truncatingIfNeeded: $0) } ?? context.seed
        groupsLocation = parameters.location(of: "groups")
        var groups: [FeatureGroup] = []
        if let reader = try parameters.mapping("groups") {
            for entry in reader.locatedEntries {
                let members: [String]
                switch entry.value.json {
                case .array(let items):
                    members = items.compactMap(\.stringValue)
                    guard members.count == items.count else {
                        throw DirectiveError("'groups.\(entry.key)': expected a list of feature names", at: entry.value.location)
                    }
                case .string(let one):
                    members = [one]
                default:
                    throw DirectiveError("'groups.\(entry.key)': expected a list of feature names", at: entry.value.location)
                }
                guard !members.isEmpty else {
                    throw DirectiveError("'groups.\(entry.key)': a group needs at least one feature", at: entry.value.location)
                }
                groups.append(FeatureGroup(name: entry.key, features: members))
            }
        }
        self.groups = groups
        shifted = try parameters.stringList("shifted")
        writesBacklog = try parameters.bool("backlog", default: true)
    }

    public var inputs: [DataInput] { [selection.input] + sources.inputs }

    public func validate(context: DirectiveContext) throws(DirectiveError) {
        for input in inputs where !input.isDatabase && !FileManager.default.fileExists(atPath: input.url.path) {
            throw DirectiveError("file not found: \(context.displayPath(input.url))", at: input.location)
        }
        try selection.validate(columns: [(label, labelLocation), (compare.column, compare.columnLocation)], context: context)
    }

    public func run(context: DirectiveContext) throws(DirectiveError) -> DirectiveOutput {
        let display = context.displayPath(selection.url)
        let frame = try selection.loadAll(context: context)
        guard frame.column(label) != nil else {
            throw DirectiveError("no label column '\(label)' in \(display)\(Suggestion.hint(for: label, in: frame.columnNames))", at: labelLocation)
        }
        let (a, b) = try compare.filters(for: frame, display: display)
        var options = ImportanceOptions(metric: metric, repeats: repeats, sample: sample, seed: seed, groups: groups)
        options.threads = ProcessInfo.processInfo.activeProcessorCount
        var comparisons: [Measured] = []
        for checkpoint in sources.checkpoints {
            let modelDisplay = context.displayPath(checkpoint.modelURL)
            let scorer: ModelScorer
            do throws(ModelError) {
                var scoring = ScoringOptions()
                // Reports are byte-identical on every machine: products in one fixed order.
                scoring.arithmetic = .portable
                scorer = try ModelScorer(model: try ONNXModel(contentsOf: checkpoint.modelURL.path), options: scoring)
            } catch {
                throw DirectiveError("checkpoint '\(checkpoint.name)' (\(modelDisplay)): \(error.description)", at: checkpoint.location)
            }
            do throws(ImportanceError) {
                let importance = try PermutationImportance(scorer: scorer, options: options)
                comparisons.append((checkpoint, try importance.compare(frame, label: label, a: a, b: b), scorer.window))
            } catch {
                throw DirectiveError("checkpoint '\(checkpoint.name)': \(error.message)", at: location(of: error, checkpoint: checkpoint))
            }
        }
        return try output(comparisons, display: display, context: context)
    }

    /// Where an error of the computation belongs: at the parameter it is about.
    func location(of error: ImportanceError, checkpoint: Checkpoint) -> SourceLocation {
        switch error.kind {
        case .unknownFeature, .unusedFeature, .invalidGroup: groupsLocation
        case .labels: labelLocation
        case .oneClass, .emptySide: error.message.hasPrefix("side b") ? compare.bLocation : compare.aLocation
        case .invalidParameter: selection.location
        case .model, .mismatchedResults: checkpoint.location
        }
    }
}
