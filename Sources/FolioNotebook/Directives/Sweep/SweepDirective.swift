import FolioCharts
import FolioCompute
import Foundation

/// `{sweep}`: precision, recall, F1 and positive rate of each model over a grid of
/// thresholds, the best threshold by an objective, ensembles of the models, and a
/// primary and a backup configuration.
public struct SweepDirective: Directive {
    public static let name = "sweep"
    public static let summary = "Threshold sweep per model, best threshold by an objective, ensembles (mean, weighted, vote), primary and backup."
    public static let parameters: [ParameterSpec] = [
        ParameterSpec("data", "path | postgresql:// URL", default: "predictions.csv", "The predictions CSV, relative to the notebook's data folder. Or a PostgreSQL table or query: `postgresql:///db?table=name` (see the README's data sources)."),
        ParameterSpec("where", "filter", "Rows to sweep, usually the validation split: {split: val}."),
    ] + ModelColumns.parameterSpecs(threshold: "The reference threshold the best ones are compared with (a dashed rule on the charts).", perModel: false) + [
        ParameterSpec("from", "number", default: "0.10", "The first threshold."),
        ParameterSpec("to", "number", default: "0.90", "The last threshold (included when the steps reach it)."),
        ParameterSpec("step", "number", default: "0.05", "The spacing; thresholds are rounded to its decimals."),
        ParameterSpec("objective", "f1 | recall_at_precision | precision_at_recall | expected_value", default: "f1",
                      "What the best threshold maximises."),
        ParameterSpec("min_precision", "number in [0, 1]", "The precision floor of recall_at_precision."),
        ParameterSpec("min_recall", "number in [0, 1]", "The recall floor of precision_at_recall."),
        ParameterSpec("min_signals", "integer", default: "0", "Thresholds with fewer signals (rows predicted positive) cannot be the best: a precision measured on a handful of trades is noise."),
        ParameterSpec("payoff", "{win, loss, cost}", "Return of a correct signal, loss of a wrong one and the cost of a round trip, as fractions (e.g. {win: 0.05, loss: 0.02, cost: 0.003}): adds the expected value per trade."),
        ParameterSpec("ensembles", "list of mean | weighted | vote", default: "[mean, weighted, vote] with two models or more",
                      "Ensembles to build and sweep; [] for none."),
        ParameterSpec("weights", "mapping model -> number", default: "each model's F1 at its best threshold", "Weights of the weighted ensemble."),
        ParameterSpec("vote_thresholds", "mapping model -> number", default: "each model's best threshold", "The threshold of each model in the vote ensemble."),
        ParameterSpec("show", "list of best | thresholds | rows | f1 | metrics | ev | pr", default: "all",
                      "The parts of the report to write: the best-threshold table, the objective by threshold, every row (folded), the F1, metrics, expected-value and PR charts."),
        ParameterSpec("primary", "name, or {name, threshold}", default: "the best by the objective",
                      "The configuration to deploy; with a threshold, it is reported at that threshold (to carry a choice made on another split)."),
        ParameterSpec("backup", "name, or {name, threshold}", default: "see below", "The fallback configuration."),
        ParameterSpec("roles", "{primary: text, backup: text}", default: "see below",
                      "What the report calls the two roles, e.g. {primary: best EV on test, backup: runner-up on test}."),
    ]
    public static let resultKeys = [
        ResultKeySpec("table", "Every row of the sweep: threshold, model (or ensemble), precision, recall, f1, positive_rate, signals, and expected_value with a payoff; a vote's rows also votes and of (k of n), with threshold k / n."),
        ResultKeySpec("best.MODEL", "The model's best row: threshold, precision, recall, f1, positive_rate, signals, [expected_value], objective (its value) and rule (the decision rule in words); null when no threshold qualifies."),
        ResultKeySpec("ensembles.NAME", "The ensemble's best row as in best, plus method, and weights (weighted) or thresholds, votes and of (vote: the best is votes of `of` models; threshold is votes / of; rule reads `2 of 3`)."),
        ResultKeySpec("primary, backup", "name, kind (model or ensemble), fixed (whether the threshold was given) and the row of the chosen configurations at their best (or given) threshold, with objective and rule; backup is null with a single configuration."),
        ResultKeySpec("reference.NAME", "Each configuration's row at `threshold`; a vote's at its majority (more than half of the models), with votes and of."),
        ResultKeySpec("objective", "The objective, e.g. f1 or recall_at_precision >= 0.4."),
        ResultKeySpec("thresholds", "The grid."),
        ResultKeySpec("rows, positives, positive_rate", "Rows swept, rows labelled 1 and their share."),
        ResultKeySpec("break_even_precision", "With a payoff: (loss + cost) / (win + loss), the precision at which a trade's expected value is 0."),
    ]
    public static let details = """
    Each row equals scikit-learn's `precision_score`, `recall_score`, `f1_score`
    (`zero_division=0`) of `(p >= t).astype(int)`; the positive rate is the share of rows
    predicted positive (signals). The grid runs from `from` to `to` by `step`, each value rounded
    to the step's decimals (`np.round(np.arange(...), decimals)`), so 0.15 is 0.15. Each score
    column is ranked once and every threshold is read from the ranking by binary search.

    Objectives: `f1`; `recall_at_precision` (the highest recall among thresholds with precision
    >= `min_precision`); `precision_at_recall` (the highest precision with recall >=
    `min_recall`); `expected_value` (per trade taken, with `payoff`). Ties go to the lower
    threshold. With `min_signals`, thresholds with fewer signals do not qualify. A model with no
    qualifying threshold has a null best. Labels of one class only are a warning, and an error
    naming the class and the row count when the sweep or its ensembles cannot be computed.

    Expected value per trade: precision × (win − cost) − (1 − precision) × (loss + cost), from
    the barrier payoff of a label (+win before −loss); it ignores trades that hit neither barrier
    within the horizon, so it is an upper bound for a strategy that exits at the horizon.

    Ensembles: `mean` is the mean probability; `weighted` the weighted mean (`np.average` with
    `weights`, by default each model's F1 at its best threshold of this sweep, so computed on the
    swept rows); `vote` counts the models voting positive, each at its best threshold of this
    sweep, and predicts positive when at least k of the n models do. A vote has no probability:
    it is swept over k = 1…n (not over the grid), labelled "k of n" in every table and result
    (`rule`, `votes`, `of`; `threshold` holds k / n so that a backtest can take it), kept off the
    charts whose axis is a probability threshold (F1, metrics and expected value by threshold) and
    shown in a table of its own, by k; the precision-recall chart shows its n points. Its
    reference row is its majority (more than half of the models). The means are swept like models.

    The best-threshold table prints precision, recall and F1 with three decimals, more (up to six) when
    two configurations would otherwise print alike, and names configurations that make exactly the same
    calls at their best (equal weights make `weighted` the `mean`). The expected-value chart rings points
    from fewer than 30 signals (or `min_signals`, when larger): an EV from a handful of trades is no finding.

    Primary and backup, unless named: the primary is the configuration (model or ensemble) with
    the best objective value (the first in order on a tie: models, then ensembles). When the
    primary is an ensemble, the backup is the best single model (a fallback that needs one model
    only); when it is a model, the backup is the runner-up among the other configurations.
    The result calls the two `primary` and `backup` either way; the report says "primary" and
    "backup" only for configurations the notebook named (a decision's choice) and otherwise what
    they are: "best by F1" (or the objective) and "runner-up"; `roles` names them otherwise.

    To test on another split a choice made on validation, fix it: `primary: {name: "{{
    sweep.primary.name }}", threshold: "{{ sweep.primary.threshold }}"}` (and `backup`), with
    the ensembles' `weights: "{{ sweep.ensembles.weighted.weights }}"` and `vote_thresholds:
    "{{ sweep.ensembles.vote.thresholds }}"`, so that nothing is re-fitted on the new rows.
    """

    /// The objective as decoded.
    enum ObjectiveName: String, CaseIterable {
        case f1
        case recall_at_precision
        case precision_at_recall
        case expected_value
    }

    /// The ensemble kinds.
    enum EnsembleKind: String, CaseIterable {
        case mean, weighted, vote
    }

    let selection: DataSelection
    let columns: ModelColumns
    let grid: ThresholdGrid
    let gridLocation: SourceLocation
    let objective: SweepObjective
    let objectiveLocation: SourceLocation
    let minimumSignals: Int
    let payoff: (win: Double, loss: Double, cost: Double)?
    let ensembles: [EnsembleKind]?
    let ensemblesLocation: SourceLocation
    let weights: [(model: String, weight: Double, location: SourceLocation)]?
    let weightsLocation: SourceLocation
    let voteThresholds: [(model: String, weight: Double, location: SourceLocation)]?
    let voteThresholdsLocation: SourceLocation
    let primary: SweepReport.Choice?
    let backup: SweepReport.Choice?
    let roleNames: (primary: String?, backup: String?)
    let parts: Set<SweepReport.Part>

    public init(parameters: ParameterReader, context: DirectiveContext) throws(DirectiveError) {
        let selection = try DataSelection(parameters: parameters, context: context, default: "predictions.csv")
        columns = try ModelColumns(parameters: parameters, context: context)
        self.selection = selection.reading(columns.columnsRead)
        let from = try parameters.double("from", default: 0.10)
        let to = try parameters.double("to", default: 0.90)
        let step = try parameters.double("step", default: 0.05)
        guard step > 0 else { throw parameters.error("step", "must be above 0, got \(JSONValue.format(step))") }
        guard from <= to else { throw parameters.error(parameters.has("from") ? "from" : "to", "'from' (\(JSONValue.format(from))) is above 'to' (\(JSONValue.format(to)))") }
        grid = ThresholdGrid(from: from, to: to, step: step)
        gridLocation = parameters.has("step") ? parameters.location(of: "step") : parameters.location
        do {
            _ = try grid.values()
        } catch {
            throw DirectiveError("\(error)", at: gridLocation)
        }

        payoff = try Self.payoff(parameters)
        minimumSignals = try parameters.int("min_signals", default: 0, min: 0)
        objectiveLocation = parameters.location(of: "objective")
        let name = try parameters.choice("objective", default: ObjectiveName.f1)
        func level(_ key: String, for objective: ObjectiveName) throws(DirectiveError) -> Double {
            guard parameters.has(key) else {
                throw parameters.error("objective", "\(objective.rawValue) needs '\(key)', e.g. \(key): 0.4")
            }
            return try parameters.double(key, default: 0, in: 0...1)
        }
        for (key, owner) in [("min_precision", ObjectiveName.recall_at_precision), ("min_recall", .precision_at_recall)]
        where parameters.has(key) && name != owner {
            throw parameters.error(key, "applies to objective \(owner.rawValue) only (the objective is \(name.rawValue))")
        }
        switch name {
        case .f1: objective = .f1
        case .recall_at_precision: objective = .recallAtPrecision(try level("min_precision", for: name))
        case .precision_at_recall: objective = .precisionAtRecall(try level("min_recall", for: name))
        case .expected_value:
            guard payoff != nil else { throw parameters.error("objective", "expected_value needs a 'payoff', e.g. payoff: {win: 0.05, loss: 0.02}") }
            objective = .expectedValue
        }

        ensemblesLocation = parameters.location(of: "ensembles")
        if let value = parameters.value("ensembles") {
            var kinds: [EnsembleKind] = []
            let items: [ParamValue]
            switch value.kind {
            case .sequence(let list): items = list
            case .scalar(let text, _) where text == "none": items = []
            default: items = [value]
            }
            for item in items {
                let text: String?
                switch item.kind {
                case .scalar(let s, _): text = s
                case .resolved(let json): text = json.stringValue
                default: text = nil
                }
                guard let text, let kind = EnsembleKind(rawValue: text) else {
                    let shown = text.map { "unknown ensemble '\($0)'\(Suggestion.hint(for: $0, in: EnsembleKind.allCases.map(\.rawValue)))" } ?? "expected a name"
                    throw DirectiveError("'ensembles': \(shown); expected a list of: mean, weighted, vote", at: item.location)
                }
                guard !kinds.contains(kind) else { throw DirectiveError("'ensembles': '\(text)' is listed twice", at: item.location) }
                kinds.append(kind)
            }
            ensembles = kinds
        } else {
            ensembles = nil
        }

        weightsLocation = parameters.location(of: "weights")
        weights = try Self.perModel("weights", parameters, what: "a number >= 0")
        if let weights {
            guard weights.contains(where: { $0.weight > 0 }) else { throw parameters.error("weights", "at least one weight must be above 0") }
            if let ensembles, !ensembles.contains(.weighted) {
                throw parameters.error("weights", "has no effect without the weighted ensemble in 'ensembles'")
            }
        }
        voteThresholdsLocation = parameters.location(of: "vote_thresholds")
        voteThresholds = try Self.perModel("vote_thresholds", parameters, what: "a threshold >= 0")
        if voteThresholds != nil, let ensembles, !ensembles.contains(.vote) {
            throw parameters.error("vote_thresholds", "has no effect without the vote ensemble in 'ensembles'")
        }
        parts = try ShowParameter.parts(parameters, as: SweepReport.Part.self)
        primary = try Self.choice("primary", parameters)
        backup = try Self.choice("backup", parameters)
        if let reader = try parameters.mapping("roles", allowedKeys: ["primary", "backup"]) {
            roleNames = (try reader.string("primary"), try reader.string("backup"))
        } else {
            roleNames = (nil, nil)
        }
        if let primary, let backup, primary.name == backup.name {
            throw parameters.error("backup", "is the same configuration as the primary ('\(primary.name)')")
        }
    }

    /// A mapping of model names to non-negative numbers (`weights`, `vote_thresholds`).
    static func perModel(_ key: String, _ parameters: ParameterReader, what: String) throws(DirectiveError)
        -> [(model: String, weight: Double, location: SourceLocation)]?
    {
        guard let reader = try parameters.mapping(key) else { return nil }
        var list: [(String, Double, SourceLocation)] = []
        for entry in reader.locatedEntries {
            let parsed: Double?
            do {
                parsed = try reader.double(entry.key)
            } catch {
                parsed = nil
            }
            guard let value = parsed else {
                throw DirectiveError("'\(key).\(entry.key)': expected \(what)", at: entry.value.location)
            }
            guard value >= 0 else { throw DirectiveError("'\(key).\(entry.key)': must be at least 0, got \(JSONValue.format(value))", at: entry.value.location) }
            list.append((entry.key, value, entry.keyLocation))
        }
        guard !list.isEmpty else { throw parameters.error(key, "give a value for every model, e.g. {mlp: 0.5, lstm: 0.5}") }
        return list
    }

    /// `primary` or `backup`: a configuration's name, or `{name, threshold}`.
    static func choice(_ key: String, _ parameters: ParameterReader) throws(DirectiveError) -> SweepReport.Choice? {
        guard let value = parameters.value(key) else { return nil }
        let location = parameters.location(of: key)
        switch value.kind {
        case .mapping, .resolved(.object):
            guard let reader = try parameters.mapping(key, allowedKeys: ["name", "threshold"]) else { return nil }
            guard let name = try reader.string("name") else {
                throw parameters.error(key, "give the configuration's name: {name: mlp, threshold: 0.3}")
            }
            let threshold: Double?
            do {
                threshold = try reader.double("threshold")
            } catch {
                throw DirectiveError("'\(key).threshold': expected a number", at: reader.location(of: "threshold"))
            }
            return SweepReport.Choice(name: name, threshold: threshold, location: location)
        default:
            guard let name = try parameters.string(key) else { return nil }
            return SweepReport.Choice(name: name, threshold: nil, location: location)
        }
    }

    /// Decodes `payoff: {win, loss, cost}`.
    static func payoff(_ parameters: ParameterReader) throws(DirectiveError) -> (win: Double, loss: Double, cost: Double)? {
        guard let reader = try parameters.mapping("payoff", allowedKeys: ["win", "loss", "cost"]) else { return nil }
        func value(_ key: String, required: Bool) throws(DirectiveError) -> Double {
            guard reader.has(key) else {
                if required { throw parameters.error("payoff", "give '\(key)' as a fraction, e.g. {win: 0.05, loss: 0.02}") }
                return 0
            }
            let x: Double
            do {
                x = try reader.double(key, default: 0)
            } catch {
                throw DirectiveError("'payoff.\(key)': expected a number", at: reader.location(of: key))
            }
            guard x >= 0, x < 10 else {
                throw DirectiveError("'payoff.\(key)': must be a fraction >= 0 (0.05 for 5%), got \(JSONValue.format(x))", at: reader.location(of: key))
            }
            return x
        }
        let win = try value("win", required: true)
        let loss = try value("loss", required: true)
        let cost = try value("cost", required: false)
        guard win - cost > 0 else { throw DirectiveError("'payoff': the cost (\(JSONValue.format(cost))) takes the whole win (\(JSONValue.format(win)))", at: reader.location(of: "cost")) }
        return (win, loss, cost)
    }

    public var inputs: [DataInput] { [selection.input] + columns.checkpointInputs }

    public func validate(context: DirectiveContext) throws(DirectiveError) {
        try selection.validate(columns: columns.explicitColumns, context: context)
    }

    /// The values of a per-model mapping in model order; every model needs one.
    static func ordered(_ values: [(model: String, weight: Double, location: SourceLocation)], key: String, names: [String],
                        location: SourceLocation) throws(DirectiveError) -> [Double] {
        for value in values where !names.contains(value.model) {
            throw DirectiveError("'\(key)': no model '\(value.model)'\(Suggestion.hint(for: value.model, in: names)); models: \(names.joined(separator: ", "))", at: value.location)
        }
        var out: [Double] = []
        for name in names {
            guard let value = values.first(where: { $0.model == name }) else {
                throw DirectiveError("'\(key)': give a value for every model; '\(name)' has none", at: location)
            }
            out.append(value.weight)
        }
        return out
    }

    public func run(context: DirectiveContext) throws(DirectiveError) -> DirectiveOutput {
        let display = context.displayPath(selection.url)
        let (frame, scoringNote) = try selection.load(context: context, models: columns)
        let loaded = try columns.load(from: frame, display: display, probabilities: false)
        let names = loaded.models.map(\.name)
        let kinds = ensembles ?? (loaded.models.count >= 2 ? EnsembleKind.allCases : [])
        if !kinds.isEmpty, loaded.models.count < 2 {
            throw DirectiveError("'ensembles': an ensemble needs two models or more; only '\(names[0])' is swept", at: ensemblesLocation)
        }
        for (model, location) in zip(loaded.models, loaded.locations) where kinds.map(\.rawValue).contains(model.name) {
            throw DirectiveError("model column '\(model.name)' has the name of an ensemble; rename the column or leave the '\(model.name)' ensemble out of 'ensembles'", at: location)
        }
        var requests: [(name: String, request: EnsembleRequest)] = []
        for kind in kinds {
            switch kind {
            case .mean: requests.append((kind.rawValue, .mean))
            case .weighted:
                if let weights {
                    requests.append((kind.rawValue, .weightedMean(try Self.ordered(weights, key: "weights", names: names, location: weightsLocation))))
                } else {
                    requests.append((kind.rawValue, .f1WeightedMean))
                }
            case .vote:
                if let voteThresholds {
                    requests.append((kind.rawValue, .majorityVote(try Self.ordered(voteThresholds, key: "vote_thresholds", names: names,
                                                                                  location: voteThresholdsLocation))))
                } else {
                    requests.append((kind.rawValue, .majorityVoteAtBestThresholds))
                }
            }
        }
        let tradePayoff = payoff.map { TradePayoff(win: $0.win - $0.cost, loss: $0.loss + $0.cost) }

        let full: ThresholdSweepReport
        do {
            full = try ThresholdSweepReport(labels: loaded.labels, models: loaded.models, ensembles: requests,
                                            grid: grid, objective: objective, payoff: tradePayoff, minimumSignals: minimumSignals)
        } catch {
            // The F1 weights and the vote stand on every model's best threshold.
            if case .invalidParameter(name: "ensemble", let reason)? = error as? ClassificationError {
                let model = reason.hasPrefix("model ") ? reason.dropFirst(6).components(separatedBy: " has no best").first.map { "'\($0)'" } : nil
                throw DirectiveError("'ensembles': the F1-weighted and vote ensembles need every model's best threshold, and \(model.map { "model \($0)" } ?? "a model") has no threshold that meets the objective \(SweepReport.describe(objective)); relax the objective or keep only the mean ensemble",
                                     at: ensemblesLocation)
            }
            // One class only: F1 is 0 (or the same) at every threshold, so the F1 weights
            // are all zero; say so, as `evaluate` does, rather than "invalid weights".
            if loaded.labels.isSingleClass, !loaded.labels.values.isEmpty {
                let value = loaded.labels.positives == 0 ? 0 : 1
                let rows = loaded.labels.values.count
                throw DirectiveError("label column '\(columns.label.name)' of \(display)\(selection.filter.map { " where \($0.summary)" } ?? "") has one class only: "
                                     + "all \(rows) row\(rows == 1 ? " is" : "s are") \(value); a threshold sweep needs rows of both classes",
                                     at: columns.label.location)
            }
            throw DirectiveError("\(error)", at: requests.isEmpty ? gridLocation : ensemblesLocation)
        }
        let report = SweepReport(
            display: display, filter: selection.filter?.summary, labels: loaded.labels, reference: columns.threshold,
            objective: objective, minimumSignals: minimumSignals, payoff: payoff, sweep: full, parts: parts)
        let configurations = report.configurations
        for choice in [primary, backup].compactMap({ $0 }) where !configurations.contains(where: { $0.name == choice.name }) {
            let known = configurations.map(\.name)
            throw DirectiveError("no configuration '\(choice.name)'\(Suggestion.hint(for: choice.name, in: known)); configurations: \(known.joined(separator: ", "))", at: choice.location)
        }
        for choice in [primary, backup].compactMap({ $0 }) where choice.threshold == nil && configurations.first(where: { $0.name == choice.name })?.best == nil {
            throw DirectiveError("'\(choice.name)' has no threshold that meets the objective \(SweepReport.describe(objective))", at: choice.location)
        }
        var roles = report.roles(primary: primary, backup: backup)
        roles.primaryName = roleNames.primary
        roles.backupName = roleNames.backup
        let (markdown, figures) = try report.markdown(context: context, roles: roles)
        var warnings: [String] = []
        if let warning = loaded.labels.singleClassWarning { warnings.append("\(display): \(warning)") }
        for configuration in configurations where configuration.best == nil {
            warnings.append("'\(configuration.name)' has no threshold that meets the objective \(SweepReport.describe(objective))")
        }
        return DirectiveOutput(result: report.result(roles: roles), markdown: scoringNote.map { $0 + "\n\n" + markdown } ?? markdown, figures: figures, warnings: warnings)
    }
}
