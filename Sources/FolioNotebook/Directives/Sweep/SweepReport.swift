import FolioCharts
import FolioCompute
import Foundation

/// What `sweep` computed, turned into its result and its Markdown fragment.
struct SweepReport {
    /// A model or an ensemble, with its sweep and its ranking.
    struct Configuration {
        var name: String
        var ensemble: Ensemble?
        var sweep: ThresholdSweep
        var ranking: ScoreRanking
        var best: SweepRow? { sweep.best }
        var kind: String { ensemble == nil ? "model" : "ensemble" }
        /// Whether this is a vote (k of n), swept over k rather than a probability grid.
        var isVote: Bool { ensemble?.isVote ?? false }
        /// For a vote, the k of a row's threshold k / n.
        func votes(_ row: SweepRow) -> Int? {
            guard let ensemble, ensemble.isVote else { return nil }
            return ensemble.votes(atThreshold: row.threshold)
        }
    }

    /// A configuration named in `primary` or `backup`, at its best threshold or at a given one.
    struct Choice: Sendable {
        var name: String
        var threshold: Double?
        var location: SourceLocation
    }

    /// The chosen configurations, as indices into `configurations`, with the thresholds
    /// they were fixed at (nil: at their best).
    struct Roles {
        var primary: Int?
        var backup: Int?
        var primaryThreshold: Double?
        var backupThreshold: Double?
        /// Whether the notebook named the primary (a decision's choice) or the sweep found it.
        var primaryNamed = false
        /// Whether the notebook named the backup.
        var backupNamed = false

        /// How the report calls the primary: "primary" when the notebook chose it (the
        /// decision's meaning of the word), else what it is, "best by F1" (issue 14: one word,
        /// one meaning across the reports).
        func primaryLabel(_ objective: String) -> String { primaryName ?? (primaryNamed ? "primary" : "best by \(objective)") }
        /// How the report calls the backup: "backup" when named, else "runner-up".
        var backupLabel: String { backupName ?? (backupNamed ? "backup" : "runner-up") }
        /// The notebook's own words for the roles (`roles:`).
        var primaryName: String? = nil
        var backupName: String? = nil

        /// Whether configuration `i` has a role, and at which fixed threshold.
        func fixedThreshold(of i: Int) -> Double? {
            i == primary ? primaryThreshold : i == backup ? backupThreshold : nil
        }
    }

    /// The parts of the fragment (`show`).
    enum Part: String, CaseIterable, Hashable, Sendable {
        case best, thresholds, rows, f1, metrics, ev, pr
    }

    var display: String
    var filter: String?
    var labels: BinaryLabels
    /// The reference threshold.
    var reference: Double
    var objective: SweepObjective
    /// Rows with fewer signals do not qualify as the best.
    var minimumSignals: Int
    var payoff: (win: Double, loss: Double, cost: Double)?
    var sweep: ThresholdSweepReport
    var parts: Set<Part>

    var modelNames: [String] { sweep.models.map(\.name) }
    var selectionText: String { filter.map { " where \($0)" } ?? "" }
    var positiveRate: Double { Double(labels.positives) / Double(max(labels.count, 1)) }

    /// Models first, then ensembles.
    var configurations: [Configuration] {
        zip(sweep.models, sweep.rankings).map { Configuration(name: $0.name, ensemble: nil, sweep: $0, ranking: $1) }
            + sweep.ensembles.indices.map {
                Configuration(name: sweep.ensembles[$0].name, ensemble: sweep.ensembles[$0], sweep: sweep.ensembleSweeps[$0],
                              ranking: sweep.ensembleRankings[$0])
            }
    }

    /// The precision at which a trade's expected value is 0.
    var breakEvenPrecision: Double? {
        payoff.map { ($0.loss + $0.cost) / ($0.win + $0.loss) }
    }

    /// The objective in words: `F1`, `recall at precision ≥ 0.40`.
    static func describe(_ objective: SweepObjective) -> String {
        switch objective {
        case .f1: return "F1"
        case .recallAtPrecision(let p): return "recall at precision ≥ \(Cell.fixed(p, 2))"
        case .precisionAtRecall(let r): return "precision at recall ≥ \(Cell.fixed(r, 2))"
        case .expectedValue: return "expected value per trade"
        }
    }

    /// The objective as a result value: `f1`, `recall_at_precision >= 0.4`.
    static func key(_ objective: SweepObjective) -> String {
        switch objective {
        case .f1: return "f1"
        case .recallAtPrecision(let p): return "recall_at_precision >= \(JSONValue.format(p))"
        case .precisionAtRecall(let r): return "precision_at_recall >= \(JSONValue.format(r))"
        case .expectedValue: return "expected_value"
        }
    }

    /// Whether a row may be a best row: it has enough signals and meets the objective.
    func qualifies(_ row: SweepRow) -> Bool {
        row.counts.predictedPositives >= minimumSignals && objective.value(of: row) != nil
    }

    /// The metric the objective maximises, read from a row.
    func objectiveMetric(_ row: SweepRow) -> Double {
        switch objective {
        case .f1: return row.f1
        case .recallAtPrecision: return row.recall
        case .precisionAtRecall: return row.precision
        case .expectedValue: return row.expectedValue ?? .nan
        }
    }

    /// The objective in a role's label: `best by F1`, `best by EV`.
    var objectiveShortTitle: String {
        if case .expectedValue = objective { return "EV" }
        return objectiveMetricTitle
    }

    var objectiveMetricTitle: String {
        switch objective {
        case .f1: return "F1"
        case .recallAtPrecision: return "recall"
        case .precisionAtRecall: return "precision"
        case .expectedValue: return "expected value per trade"
        }
    }

    /// The decision rule of a configuration at a threshold, in words: `score ≥ 0.45`, or
    /// for a vote `2 of 3` (at least k of the n models vote positive).
    func rule(_ configuration: Configuration, threshold: Double) -> String {
        if let ensemble = configuration.ensemble, ensemble.isVote {
            guard let k = ensemble.votes(atThreshold: threshold) else { return "never (more votes than models)" }
            return k == 0 ? "always" : Self.kOfN(k, ensemble.modelCount)
        }
        return "score ≥ \(Cell.fixed(threshold, ThresholdDecimals.of(sweep.thresholds)))"
    }

    /// `2 of 3`.
    static func kOfN(_ k: Int, _ n: Int) -> String { "\(k) of \(n)" }

    /// Where a configuration is read for the reference column: `reference`, or a vote's
    /// majority (it has no probability threshold).
    func referenceThreshold(_ configuration: Configuration) -> Double {
        configuration.ensemble.flatMap { $0.isVote ? $0.decisionThreshold : nil } ?? reference
    }

    // MARK: Roles

    /// Primary and backup: as named, else by the objective (see the directive's details).
    func roles(primary named: Choice?, backup namedBackup: Choice?) -> Roles {
        let all = configurations
        let ranked = all.indices.filter { all[$0].best != nil }.sorted { a, b in
            let va = objective.value(of: all[a].best!) ?? -.infinity
            let vb = objective.value(of: all[b].best!) ?? -.infinity
            return va != vb ? va > vb : a < b
        }
        let backupIndex = namedBackup.flatMap { choice in all.firstIndex { $0.name == choice.name } }
        let primary = named.flatMap { choice in all.firstIndex { $0.name == choice.name } } ?? ranked.first { $0 != backupIndex }
        var backup = backupIndex
        if backup == nil, let primary {
            if all[primary].ensemble != nil {
                backup = ranked.first { all[$0].ensemble == nil }
            } else {
                backup = ranked.first { $0 != primary }
            }
        }
        return Roles(primary: primary, backup: backup, primaryThreshold: named?.threshold, backupThreshold: namedBackup?.threshold,
                     primaryNamed: named != nil, backupNamed: namedBackup != nil)
    }

    /// The row a role stands for: at its fixed threshold, else the configuration's best.
    func roleRow(_ index: Int, roles: Roles) -> SweepRow? {
        let configuration = configurations[index]
        if let threshold = roles.fixedThreshold(of: index) {
            return SweepRow(threshold: threshold, counts: configuration.ranking.counts(atThreshold: threshold), payoff: payoffForRows)
        }
        return configuration.best
    }

    // MARK: Result

    func rowResult(_ row: SweepRow, name: String? = nil, votes: (k: Int, n: Int)? = nil) -> JSONObject {
        var object = JSONObject()
        object["threshold"] = .double(row.threshold)
        if let name { object["model"] = .string(name) }
        if let votes {
            object["votes"] = .int(votes.k)
            object["of"] = .int(votes.n)
        }
        object["precision"] = .double(row.precision)
        object["recall"] = .double(row.recall)
        object["f1"] = .double(row.f1)
        object["positive_rate"] = .double(row.positiveRate)
        object["signals"] = .int(row.counts.predictedPositives)
        if let ev = row.expectedValue { object["expected_value"] = .double(ev) }
        return object
    }

    /// A vote's (k, n) at a row, for `rowResult`.
    func voteCount(_ configuration: Configuration, _ row: SweepRow) -> (k: Int, n: Int)? {
        configuration.votes(row).map { ($0, configuration.ensemble!.modelCount) }
    }

    func bestResult(_ configuration: Configuration) -> JSONValue {
        guard let best = configuration.best else { return .null }
        var object = rowResult(best, votes: voteCount(configuration, best))
        object["objective"] = .double(objective.value(of: best) ?? .nan)
        object["rule"] = .string(rule(configuration, threshold: best.threshold))
        return .object(object)
    }

    func ensembleResult(_ configuration: Configuration) -> JSONValue {
        guard let ensemble = configuration.ensemble else { return .null }
        var object = JSONObject()
        switch ensemble.method {
        case .mean:
            object["method"] = "mean"
        case .weightedMean(let weights):
            object["method"] = "weighted mean"
            let total = weights.reduce(0, +)
            object["weights"] = .object(JSONObject(zip(modelNames, weights).map { ($0, JSONValue.double($1 / total)) }))
        case .majorityVote(let thresholds):
            object["method"] = "majority vote"
            object["thresholds"] = .object(JSONObject(zip(modelNames, thresholds).map { ($0, JSONValue.double($1)) }))
        }
        if case .object(let best) = bestResult(configuration) {
            for (key, value) in best.pairs { object[key] = value }
        } else {
            object["threshold"] = .null
        }
        return .object(object)
    }

    func roleResult(_ index: Int?, roles: Roles) -> JSONValue {
        guard let index else { return .null }
        let configuration = configurations[index]
        var object = JSONObject([("name", .string(configuration.name)), ("kind", .string(configuration.kind)),
                                 ("fixed", .bool(roles.fixedThreshold(of: index) != nil))])
        if let row = roleRow(index, roles: roles) {
            for (key, value) in rowResult(row, votes: voteCount(configuration, row)).pairs { object[key] = value }
            object["objective"] = objective.value(of: row).map(JSONValue.double) ?? .null
            object["rule"] = .string(rule(configuration, threshold: row.threshold))
        }
        return .object(object)
    }

    func result(roles: Roles) -> JSONValue {
        let all = configurations
        var result = JSONObject()
        var table: [JSONValue] = []
        for configuration in all {
            for row in configuration.sweep.rows {
                table.append(.object(rowResult(row, name: configuration.name, votes: voteCount(configuration, row))))
            }
        }
        result["table"] = .array(table)
        result["best"] = .object(JSONObject(all.filter { $0.ensemble == nil }.map { ($0.name, bestResult($0)) }))
        result["ensembles"] = .object(JSONObject(all.filter { $0.ensemble != nil }.map { ($0.name, ensembleResult($0)) }))
        result["primary"] = roleResult(roles.primary, roles: roles)
        result["backup"] = roleResult(roles.backup, roles: roles)
        result["reference"] = .object(JSONObject(all.map { configuration in
            let threshold = referenceThreshold(configuration)
            let row = SweepRow(threshold: threshold, counts: configuration.ranking.counts(atThreshold: threshold), payoff: payoffForRows)
            return (configuration.name, .object(rowResult(row, votes: voteCount(configuration, row))))
        }))
        result["objective"] = .string(Self.key(objective))
        result["thresholds"] = .doubles(sweep.thresholds)
        result["rows"] = .int(labels.count)
        result["positives"] = .int(labels.positives)
        result["positive_rate"] = .double(labels.count == 0 ? .nan : positiveRate)
        if let breakEven = breakEvenPrecision { result["break_even_precision"] = .double(breakEven) }
        return .object(result)
    }

    /// The payoff the sweep's rows were computed with.
    var payoffForRows: TradePayoff? {
        payoff.map { TradePayoff(win: $0.win - $0.cost, loss: $0.loss + $0.cost) }
    }
}

/// The decimals to print thresholds with: those of the grid, at least two.
enum ThresholdDecimals {
    static func of(_ thresholds: [Double]) -> Int {
        var decimals = 2
        for t in thresholds {
            while decimals < 6 {
                let scaled = t * pow(10, Double(decimals))
                if Swift.abs(scaled - scaled.rounded()) < 1e-6 { break }
                decimals += 1
            }
        }
        return decimals
    }
}
