import FolioCharts
import FolioCompute
import Foundation

/// `{label-audit}`: recomputes the barrier labels from the bars, lists mismatches, checks
/// for look-ahead, draws sampled rows' price paths with their barriers, and evaluates
/// alternative profit targets.
public struct LabelAuditDirective: Directive {
    public static let name = "label-audit"
    public static let summary = "Recomputes barrier labels from the bars: mismatches, look-ahead checks, sampled price paths, alternative targets."
    public static let parameters = [
        ParameterSpec("data", "path | postgresql:// URL", default: "features.csv", "Feature rows with `timestamp`, `symbol`, the label and (optionally) a split column. Or a PostgreSQL table or query: `postgresql:///db?table=name` (see the README's data sources)."),
        ParameterSpec("where", "filter", "Rows to audit, e.g. {split: [val, test]}."),
        ParameterSpec("bars", "folder", default: "bars", "The folder of `<SYMBOL>.csv` bars."),
        ParameterSpec("up", "number", default: "0.05", "The label's take-profit: +5% is 0.05."),
        ParameterSpec("down", "number", default: "0.02", "The label's stop: -2% is 0.02."),
        ParameterSpec("horizon", "integer", default: "24", "Bars after the row that the label looks at."),
        ParameterSpec("label", "column", default: "label", "The stored 0/1 label."),
        ParameterSpec("split", "column", default: "split (when present)", "Rows are counted, sampled and evaluated per value of this column."),
        ParameterSpec("features", "list", default: "every numeric column but the label", "Columns screened for look-ahead."),
        ParameterSpec("leak_threshold", "number", default: "0.1", "A feature is flagged when its partial correlation with the future return, given the past return, reaches this (absolute)."),
        ParameterSpec("list", "integer", default: "20", "Mismatched rows listed (the count covers all)."),
        ParameterSpec("samples", "integer", default: "12", "Rows drawn per split (seeded) with their price paths."),
        ParameterSpec("columns", "integer", default: "4", "Panels per row in the sampled-path figures, at most: fewer when they would not fit a page 960 px wide (4 do)."),
        ParameterSpec("targets", "list of numbers", default: "[0.03, 0.035, 0.04]", "Alternative take-profit levels (same stop and horizon)."),
        ParameterSpec("resweep", "{on: split, min_signals: N}",
                      "With `predictions`: for each target, re-choose each model's threshold on the split `on` (the best expected value per trade at that target's payoff, among thresholds 0.05-0.80 by 0.01 with at least `min_signals` signals, default 1000) and apply it to every split."),
        ParameterSpec("predictions", "path", "A predictions CSV (`timestamp`, `symbol`, one probability column per model): precision, recall and F1 per model under each target."),
        ParameterSpec("models", "list", default: "every probability column", "Prediction columns evaluated under the targets."),
        ParameterSpec("threshold", "number or mapping", default: "0.5", "Decision threshold of the models: one for all or {model: threshold}."),
        ParameterSpec("seed", "integer", default: "from the notebook path and block id", "Seed of the row samples."),
    ]
    public static let resultKeys = [
        ResultKeySpec("rows", "Rows audited (after `where`)."),
        ResultKeySpec("mismatches.count, .compared, .agreement", "Rows whose stored label differs from the recomputed one, rows compared, share agreeing."),
        ResultKeySpec("mismatches.no_bar, .incomplete_window, .invalid_stored", "Rows not compared: no bar at the timestamp, window past the data, stored label missing."),
        ResultKeySpec("mismatches.stored_positive_rate, .recomputed_positive_rate", "Positive rates of the compared rows."),
        ResultKeySpec("mismatches.by_split.SPLIT.compared, .count", "Per split."),
        ResultKeySpec("mismatches.rows", "The first `list` mismatches: {timestamp, symbol, split, stored, recomputed, outcome, bars}."),
        ResultKeySpec("lookahead.pass", "Whether every check passed."),
        ResultKeySpec("lookahead.timestamps.pass, .checked, .missing_bars, .unknown_symbols", "Every row has a bar at its timestamp."),
        ResultKeySpec("lookahead.label_window.pass, .best_shift, .shifts", "Stored labels agree best with windows starting right after the row (shift 0); agreement per shift."),
        ResultKeySpec("lookahead.features.pass, .flagged, .threshold, .return_autocorrelation", "The feature screen and its flagged features."),
        ResultKeySpec("lookahead.features.rows.FEATURE.future, .past, .partial, .flagged", "Each feature's correlations with the future and past return and the partial correlation."),
        ResultKeySpec("tradeable.compared, .agreement, .win_rate_given_label_1, .win_rate_given_label_0, .label_rate, .trade_rate", "Labels against the same rows traded as the backtest trades them (entry at the next open, barriers on highs and lows, stop first): the share of labelled winners whose trade reaches the take-profit first, and of labelled losers."),
        ResultKeySpec("tradeable.by_split.SPLIT.KEY", "The same per split."),
        ResultKeySpec("samples.SPLIT", "The sampled rows: {timestamp, symbol, stored, recomputed, outcome, bars}."),
        ResultKeySpec("targets", "A list: the label's own target first, then each alternative: {up, down, horizon, break_even_precision, splits.SPLIT.{rows, positives, positive_rate}, models.MODEL.SPLIT.{precision, recall, f1, predicted_positive_rate, rows, threshold}, pairs (model and split pairs with signals), above_break_even (those whose precision reaches the break-even); with `resweep`: resweep.{on, min_signals, pairs, above_break_even, above_break_even_outside (splits other than `on`), models.MODEL.{threshold, SPLIT.{signals, precision, expected_value}}}}."),
    ]
    public static let details = """
    Labels are recomputed with FolioCompute's `barrierLabels` (the function that made the demo labels): the
    close of each of the `horizon` bars after the row against +`up` and -`down` of the row's close; 1 when the
    upper barrier comes first. Rows whose window runs past the data cannot be recomputed (the data contract
    drops them) and are counted apart.

    Look-ahead checks: (1) every row's timestamp is one of its symbol's bars; (2) the stored labels agree best
    with windows that start on the bar after the row: agreement is computed for windows shifted by -3 to +3
    bars, and a best shift below 0 means the labels were computed from bars the features also see; (3) each
    feature's Pearson correlation with the log return over the next `horizon` bars is compared with its
    correlation with the return over the previous `horizon` bars: a feature built from the past may follow
    the past return closely, but what the past return cannot explain — the partial correlation of the feature
    and the future return given the past return — should be near zero. A feature is flagged when that partial
    correlation reaches `leak_threshold` in absolute value (0.1 by default, i.e. 1% of the future return's
    variance explained beyond its history; hourly features without leakage stay far below it, a leaked one
    such as the future return or the label reaches several tenths).

    Labels as trades: each row is also walked as the `backtest` directive trades it — entry at the open of
    the next bar, barriers relative to that price, tested on each bar's high and low with the stop first
    when a bar touches both — and the stored label is compared with whether that trade reaches the
    take-profit first. A label on closes ignores intrabar lows, so some labelled winners stop out as trades.

    Samples: `samples` rows of each split drawn uniformly without replacement (seeded), drawn as the close
    path over the label's window relative to the row's close, with both barriers and where the walk ended.

    Alternative targets keep the stop and horizon and move the take-profit; the break-even precision of a
    -d / +u trade is d / (u + d). Precision, recall and F1 are scikit-learn's for the positive class
    (`zero_division=0`), at `p >= threshold`, on the prediction rows whose window is complete.
    """

    let selection: DataSelection
    let bars: BarsParameter
    let spec: BarrierSpec
    let labelColumn: (name: String, location: SourceLocation)
    let splitColumn: (name: String, location: SourceLocation, explicit: Bool)
    let features: (names: [String], location: SourceLocation)?
    let leakThreshold: Double
    let listCount: Int
    let samples: Int
    let columns: Int
    let targets: [Double]
    /// Re-choosing the thresholds per target: the split, the minimum signal count.
    let resweep: (on: String, minSignals: Int, location: SourceLocation)?
    let predictions: DataSelection?
    let models: (names: [String], location: SourceLocation)?
    let thresholds: ThresholdChoice

    /// The `threshold` parameter: one number or one per model.
    enum ThresholdChoice: Sendable {
        case all(Double)
        case perModel([String: Double], location: SourceLocation)
    }

    public init(parameters: ParameterReader, context: DirectiveContext) throws(DirectiveError) {
        selection = try DataSelection(parameters: parameters, context: context, default: "features.csv")
        bars = try BarsParameter(parameters: parameters, context: context)
        let up = try parameters.double("up", default: 0.05)
        guard up > 0, up <= 10 else { throw parameters.error("up", "must be a positive fraction (0.05 for +5%), got \(JSONValue.format(up))") }
        let down = try parameters.double("down", default: 0.02)
        guard down > 0, down < 1 else { throw parameters.error("down", "must lie in (0, 1) (0.02 for -2%), got \(JSONValue.format(down))") }
        spec = BarrierSpec(up: up, down: down, horizon: try parameters.int("horizon", default: 24, min: 1, max: 100_000))
        labelColumn = (try parameters.string("label", default: "label"), parameters.location(of: "label"))
        splitColumn = (try parameters.string("split", default: "split"), parameters.location(of: "split"), parameters.has("split"))
        if let names = try parameters.stringList("features") {
            guard !names.isEmpty else { throw parameters.error("features", "give at least one column, or leave 'features' out for every numeric column") }
            features = (names, parameters.location(of: "features"))
        } else {
            features = nil
        }
        leakThreshold = try parameters.double("leak_threshold", default: 0.1, in: 0...1)
        listCount = try parameters.int("list", default: 20, min: 0, max: 100_000)
        samples = try parameters.int("samples", default: 12, min: 0, max: 1_000)
        columns = try parameters.int("columns", default: 4, min: 1, max: 20)
        let targets = try parameters.doubleList("targets") ?? [0.03, 0.035, 0.04]
        for t in targets where !(t > 0 && t <= 10) {
            throw parameters.error("targets", "each target must be a positive fraction (0.03 for +3%), got \(JSONValue.format(t))")
        }
        self.targets = targets
        if let reader = try parameters.mapping("resweep", allowedKeys: ["on", "min_signals"]) {
            resweep = (try reader.string("on", default: "val"), try reader.int("min_signals", default: 1000, min: 1), parameters.location(of: "resweep"))
        } else {
            resweep = nil
        }
        predictions = parameters.has("predictions") ? try DataSelection(parameters: parameters, context: context, key: "predictions") : nil
        if let names = try parameters.stringList("models") {
            guard predictions != nil else { throw parameters.error("models", "models are read from 'predictions'; give 'predictions' too") }
            guard !names.isEmpty else { throw parameters.error("models", "give at least one column") }
            models = (names, parameters.location(of: "models"))
        } else {
            models = nil
        }
        var thresholdIsMapping = false
        switch parameters.value("threshold")?.kind {
        case .mapping?, .resolved(.object)?: thresholdIsMapping = true
        default: break
        }
        if thresholdIsMapping, let reader = try parameters.mapping("threshold") {
            var map: [String: Double] = [:]
            for entry in reader.locatedEntries {
                guard let x = try reader.double(entry.key), x >= 0, x <= 1 else {
                    throw DirectiveError("'threshold.\(entry.key)': must be a number between 0 and 1", at: reader.location(of: entry.key))
                }
                map[entry.key] = x
            }
            thresholds = .perModel(map, location: parameters.location(of: "threshold"))
        } else {
            thresholds = .all(try parameters.double("threshold", default: 0.5, in: 0...1))
        }
        if parameters.has("threshold"), predictions == nil {
            throw parameters.error("threshold", "the threshold applies to 'predictions'; give 'predictions' too")
        }
    }

    public var inputs: [DataInput] { [selection.input, bars.input] + (predictions.map { [$0.input] } ?? []) }

    public func validate(context: DirectiveContext) throws(DirectiveError) {
        var required: [(String, SourceLocation)] = [("timestamp", selection.location), ("symbol", selection.location), (labelColumn.name, labelColumn.location)]
        if splitColumn.explicit { required.append((splitColumn.name, splitColumn.location)) }
        for name in features?.names ?? [] { required.append((name, features!.location)) }
        try selection.validate(columns: required, context: context)
        try bars.validate(context: context)
        if let predictions {
            var columns: [(String, SourceLocation)] = [("timestamp", predictions.location), ("symbol", predictions.location)]
            for name in models?.names ?? [] { columns.append((name, models!.location)) }
            try predictions.validate(columns: columns, context: context)
        }
    }

    // MARK: - Run

    /// Rows grouped by split value, in order of first appearance (one group `all` without a
    /// split column).
    struct Groups {
        var names: [String]
        var rows: [[Int]]
        /// Each row's group.
        var groupOfRow: [Int]
        /// Whether the groups come from a split column (else one group, `all`).
        var isSplit: Bool
    }

    static func groups(_ frame: DataFrame, column: String?, location: SourceLocation, display: String) throws(DirectiveError) -> Groups {
        guard let column, frame.column(column) != nil else {
            return Groups(names: ["all"], rows: [Array(0..<frame.rowCount)], groupOfRow: [Int](repeating: 0, count: frame.rowCount), isSplit: false)
        }
        let values = try frame.texts(column, at: location, display: display)
        var index: [Int32: Int] = [:]
        var groups = Groups(names: [], rows: [], groupOfRow: [], isSplit: true)
        groups.groupOfRow.reserveCapacity(values.count)
        for (i, code) in values.codes.enumerated() {
            if let k = index[code] { groups.rows[k].append(i); groups.groupOfRow.append(k); continue }
            index[code] = groups.names.count
            groups.groupOfRow.append(groups.names.count)
            groups.names.append(code < 0 ? "(empty)" : values.levels[Int(code)])
            groups.rows.append([i])
        }
        return groups
    }

    public func run(context: DirectiveContext) throws(DirectiveError) -> DirectiveOutput {
        let display = context.displayPath(selection.url)
        let frame = try selection.load(context: context)
        let series = try bars.load(context: context)
        let symbols = try frame.texts("symbol", at: selection.location, display: display)
        let times = try frame.timestamps("timestamp", at: selection.location, display: display)
        let stored = try frame.numbers(labelColumn.name, at: labelColumn.location, display: display)
        if let bad = stored.first(where: { !$0.isNaN && $0 != 0 && $0 != 1 }) {
            throw DirectiveError("label column '\(labelColumn.name)' of \(display) must hold 0 or 1, found \(JSONValue.format(bad))", at: labelColumn.location)
        }
        if splitColumn.explicit, frame.column(splitColumn.name) == nil {
            throw DirectiveError("no column '\(splitColumn.name)' in \(display)\(Suggestion.hint(for: splitColumn.name, in: frame.columnNames))", at: splitColumn.location)
        }
        let groups = try Self.groups(frame, column: splitColumn.name, location: splitColumn.location, display: display)
        let positions = BarPositions(series: series, symbols: symbols, timestamps: times)
        let labels = SeriesLabels(series: series, spec: spec)
        let recomputed = labels.labels(at: positions)

        var audit = Audit(frame: frame, series: series, symbols: symbols, times: times, stored: stored,
                          groups: groups, positions: positions, labels: labels, recomputed: recomputed)
        audit.comparison = LabelComparison(stored: stored, recomputed: recomputed, positions: positions)
        audit.splitComparisons = groups.rows.map { LabelComparison(stored: stored, recomputed: recomputed, positions: positions, rows: $0) }
        audit.shifts = (-3...3).map { shift in
            (shift, LabelComparison(stored: stored, recomputed: labels.labels(at: positions, shift: shift), positions: positions))
        }
        audit.trades = TradeComparison(stored: stored, traded: tradeOutcomes(series: series, positions: positions, spec: spec), groups: groups)
        audit.screen = try leakageScreen(frame: frame, series: series, positions: positions, display: display)
        audit.samples = drawSamples(audit, seed: context.seed)
        audit.targets = try evaluateTargets(audit, context: context)
        return try output(audit, context: context)
    }

    /// Everything the output is made of.
    struct Audit {
        var frame: DataFrame
        var series: [PriceSeries]
        var symbols: TextColumn
        var times: [Int64]
        var stored: [Double]
        var groups: Groups
        var positions: BarPositions
        var labels: SeriesLabels
        var recomputed: [Int8]
        var comparison: LabelComparison? = nil
        var splitComparisons: [LabelComparison] = []
        var shifts: [(shift: Int, comparison: LabelComparison)] = []
        var screen: LeakageScreen? = nil
        var trades: TradeComparison? = nil
        var samples: [[Int]] = []
        var targets: [TargetResult] = []
    }

    func leakageScreen(frame: DataFrame, series: [PriceSeries], positions: BarPositions, display: String) throws(DirectiveError) -> LeakageScreen {
        var named: [(name: String, values: [Double])] = []
        if let features {
            for name in features.names {
                guard let column = frame.column(name) else {
                    throw DirectiveError("no column '\(name)' in \(display)\(Suggestion.hint(for: name, in: frame.columnNames))", at: features.location)
                }
                guard column.kind == .number else {
                    throw DirectiveError("column '\(name)' of \(display) is not numeric (it holds \(column.kind)); the screen correlates numbers", at: features.location)
                }
                named.append((name, try frame.numbers(name, at: features.location, display: display)))
            }
        } else {
            for (name, column) in zip(frame.columnNames, frame.columns) where column.kind == .number && name != labelColumn.name {
                if case .number(let values) = column { named.append((name, values)) }
            }
        }
        let future = WindowReturns.forward(series: series, positions: positions, bars: spec.horizon)
        let past = WindowReturns.backward(series: series, positions: positions, bars: spec.horizon)
        return LeakageScreen(features: named, future: future, past: past, threshold: leakThreshold)
    }

    /// Per split, `samples` rows with a recomputable label, drawn without replacement.
    func drawSamples(_ audit: Audit, seed: UInt64) -> [[Int]] {
        var rng = SeededGenerator(seed: seed)
        return audit.groups.rows.map { rows in
            let eligible = rows.filter { audit.recomputed[$0] >= 0 }
            return rng.sampleIndices(count: samples, from: eligible.count).map { eligible[$0] }
        }
    }

    /// Stored labels against the same rows traded (`tradeOutcomes`): per group, the counts
    /// of (label, trade reached the take-profit).
    struct TradeComparison {
        struct Counts {
            var labelOneWins = 0, labelOneLosses = 0, labelZeroWins = 0, labelZeroLosses = 0
            var compared: Int { labelOneWins + labelOneLosses + labelZeroWins + labelZeroLosses }
            var winGivenOne: Double { LabelAuditDirective.rate(labelOneWins, labelOneWins + labelOneLosses) }
            var winGivenZero: Double { LabelAuditDirective.rate(labelZeroWins, labelZeroWins + labelZeroLosses) }
            var agreement: Double { LabelAuditDirective.rate(labelOneWins + labelZeroLosses, compared) }
            var labelRate: Double { LabelAuditDirective.rate(labelOneWins + labelOneLosses, compared) }
            var tradeRate: Double { LabelAuditDirective.rate(labelOneWins + labelZeroWins, compared) }
        }

        var all = Counts()
        var groups: [Counts]

        init(stored: [Double], traded: [Int8], groups: Groups) {
            self.groups = Array(repeating: Counts(), count: groups.names.count)
            for i in 0..<stored.count where traded[i] >= 0 && (stored[i] == 0 || stored[i] == 1) {
                let g = groups.groupOfRow[i]
                switch (stored[i] == 1, traded[i] == 1) {
                case (true, true): all.labelOneWins += 1; self.groups[g].labelOneWins += 1
                case (true, false): all.labelOneLosses += 1; self.groups[g].labelOneLosses += 1
                case (false, true): all.labelZeroWins += 1; self.groups[g].labelZeroWins += 1
                case (false, false): all.labelZeroLosses += 1; self.groups[g].labelZeroLosses += 1
                }
            }
        }
    }

    // MARK: - Targets

    /// One target's positive rates and model scores.
    struct TargetResult {
        var up: Double
        var splitRates: [(split: String, rows: Int, positives: Int)]
        /// Per model, per prediction split.
        var models: [(model: String, threshold: Double, splits: [(split: String, counts: ConfusionCounts)])]
        /// With `resweep`: per model, the threshold re-chosen for this target (nil when none
        /// has enough signals) and the counts it gives on every split.
        var reswept: [(model: String, threshold: Double?, splits: [(split: String, counts: ConfusionCounts)])] = []
    }

    /// One model's threshold re-chosen for a target on the split `resweep.on`: the best
    /// expected value per trade (`up` won, `spec.down` lost) among thresholds 0.05-0.80 by
    /// 0.01 with at least `minSignals` signals there; then its counts on every split.
    func resweepModel(_ model: String, scores: [Double], labels y: [Int8], groups: Groups, up: Double,
                      resweep: (on: String, minSignals: Int, location: SourceLocation)) throws(DirectiveError)
        -> (model: String, threshold: Double?, splits: [(split: String, counts: ConfusionCounts)])
    {
        func rows(_ split: Int) -> (truth: [Int8], scores: [Double]) {
            var truth: [Int8] = [], selected: [Double] = []
            for i in groups.rows[split] where y[i] >= 0 { truth.append(y[i]); selected.append(scores[i]) }
            return (truth, selected)
        }
        guard let on = groups.names.firstIndex(of: resweep.on) else {
            throw DirectiveError("'resweep.on': no split '\(resweep.on)'\(Suggestion.hint(for: resweep.on, in: groups.names)); splits: \(groups.names.joined(separator: ", "))", at: resweep.location)
        }
        let threshold: Double?
        do {
            let (truth, selected) = rows(on)
            let sweep = try ThresholdSweep(
                name: model, ranking: try ScoreRanking(labels: BinaryLabels(truth), scores: selected),
                thresholds: try ThresholdGrid(from: 0.05, to: 0.80, step: 0.01).values(), objective: .expectedValue,
                payoff: TradePayoff(win: up, loss: spec.down), minimumSignals: resweep.minSignals)
            threshold = sweep.best?.threshold
            var splits: [(split: String, counts: ConfusionCounts)] = []
            for (k, name) in groups.names.enumerated() {
                let (truth, selected) = rows(k)
                guard let threshold, !truth.isEmpty else {
                    splits.append((name, ConfusionCounts(trueNegatives: 0, falsePositives: 0, falseNegatives: 0, truePositives: 0)))
                    continue
                }
                splits.append((name, try ConfusionCounts(labels: BinaryLabels(truth), scores: selected, threshold: threshold)))
            }
            return (model, threshold, splits)
        } catch {
            throw DirectiveError("'resweep': model '\(model)' at +\(Self.pct(up)): \(error)", at: resweep.location)
        }
    }

    func evaluateTargets(_ audit: Audit, context: DirectiveContext) throws(DirectiveError) -> [TargetResult] {
        // Predictions, aligned once.
        var predicted: (groups: Groups, positions: BarPositions, models: [(String, Double, [Double])])?
        if let predictions {
            let display = context.displayPath(predictions.url)
            let frame = try predictions.load(context: context)
            let names: [String]
            if let models {
                for name in models.names where frame.column(name) == nil {
                    throw DirectiveError("no column '\(name)' in \(display)\(Suggestion.hint(for: name, in: frame.columnNames))", at: models.location)
                }
                names = models.names
            } else {
                let excluded: Set<String> = [labelColumn.name, splitColumn.name, "timestamp", "symbol", "label", "split"]
                names = zip(frame.columnNames, frame.columns).filter { $0.1.kind == .number && !excluded.contains($0.0) }.map(\.0)
                guard !names.isEmpty else {
                    throw DirectiveError("\(display) has no probability column (a numeric column besides the label)", at: predictions.location)
                }
            }
            var columns: [(String, Double, [Double])] = []
            for name in names {
                let location = models?.location ?? predictions.location
                let values = try frame.numbers(name, at: location, display: display)
                if let bad = values.first(where: { !($0 >= 0 && $0 <= 1) }) {
                    throw DirectiveError("column '\(name)' of \(display) must hold probabilities in [0, 1], found \(bad.isNaN ? "an empty cell or NaN" : JSONValue.format(bad))", at: location)
                }
                let threshold: Double
                switch thresholds {
                case .all(let t): threshold = t
                case let .perModel(map, location):
                    guard let t = map[name] else { throw DirectiveError("'threshold': no threshold for model '\(name)'", at: location) }
                    threshold = t
                }
                columns.append((name, threshold, values))
            }
            if case let .perModel(map, location) = thresholds {
                for key in map.keys.sorted() where !names.contains(key) {
                    throw DirectiveError("'threshold': '\(key)' is not a model column\(Suggestion.hint(for: key, in: names))", at: location)
                }
            }
            let positions = BarPositions(series: audit.series, symbols: try frame.texts("symbol", at: predictions.location, display: display),
                                         timestamps: try frame.timestamps("timestamp", at: predictions.location, display: display))
            let groups = try Self.groups(frame, column: splitColumn.name, location: splitColumn.location, display: display)
            predicted = (groups, positions, columns)
        }

        var out: [TargetResult] = []
        for up in [spec.up] + targets {
            let target = BarrierSpec(up: up, down: spec.down, horizon: spec.horizon)
            let labels = up == spec.up ? audit.labels : SeriesLabels(series: audit.series, spec: target)
            let rowLabels = up == spec.up ? audit.recomputed : labels.labels(at: audit.positions)
            var result = TargetResult(up: up, splitRates: [], models: [])
            for (name, rows) in zip(audit.groups.names, audit.groups.rows) {
                var n = 0, positives = 0
                for i in rows where rowLabels[i] >= 0 { n += 1; if rowLabels[i] == 1 { positives += 1 } }
                result.splitRates.append((name, n, positives))
            }
            if let predicted {
                let y = labels.labels(at: predicted.positions)
                for (model, threshold, scores) in predicted.models {
                    var splits: [(String, ConfusionCounts)] = []
                    for (name, rows) in zip(predicted.groups.names, predicted.groups.rows) {
                        var truth: [Int8] = [], selected: [Double] = []
                        for i in rows where y[i] >= 0 { truth.append(y[i]); selected.append(scores[i]) }
                        guard !truth.isEmpty else {
                            splits.append((name, ConfusionCounts(trueNegatives: 0, falsePositives: 0, falseNegatives: 0, truePositives: 0)))
                            continue
                        }
                        do {
                            splits.append((name, try ConfusionCounts(labels: BinaryLabels(truth), scores: selected, threshold: threshold)))
                        } catch {
                            throw DirectiveError("model '\(model)', split \(name): \(error)", at: predictions?.location ?? selection.location)
                        }
                    }
                    result.models.append((model, threshold, splits))
                    if let resweep {
                        result.reswept.append(try resweepModel(model, scores: scores, labels: y, groups: predicted.groups, up: up, resweep: resweep))
                    }
                }
            }
            out.append(result)
        }
        return out
    }
}
