/// A threshold sweep of one model (the `sweep` directive's compute): precision, recall,
/// F1, positive rate, counts and optionally the expected value per trade at each
/// threshold, and the best threshold by an objective.
///
/// The counts at each threshold are read from a `ScoreRanking` (one sort, then a binary
/// search per threshold), never by rescanning the rows. Each row equals scikit-learn's
/// `precision_score`, `recall_score`, `f1_score` (`zero_division=0`) and
/// `confusion_matrix` of `(p >= t).astype(int)`.
public struct ThresholdSweep: Hashable, Sendable {
    /// The model's (or ensemble's) name.
    public var name: String
    /// One row per threshold, in the order given (ascending for a `ThresholdGrid`).
    public var rows: [SweepRow]
    /// The objective `bestIndex` maximises.
    public var objective: SweepObjective
    /// The index of the best row; `nil` when no row qualifies.
    public var bestIndex: Int?

    /// The best row; `nil` when no row qualifies.
    public var best: SweepRow? { bestIndex.map { rows[$0] } }

    /// Sweeps a ranking over `thresholds`.
    /// - Parameter minimumSignals: thresholds with fewer predicted positives do not
    ///   qualify as the best (default 0).
    /// - Throws: `ClassificationError.invalidParameter` for no thresholds, a NaN
    ///   threshold, or `.expectedValue` without a payoff.
    /// - Complexity: O(t log d) for t thresholds and d distinct scores.
    public init(name: String, ranking: ScoreRanking, thresholds: [Double],
                objective: SweepObjective = .f1, payoff: TradePayoff? = nil, minimumSignals: Int = 0) throws {
        guard !thresholds.isEmpty else {
            throw ClassificationError.invalidParameter(name: "thresholds", reason: "the sweep needs at least one")
        }
        if let bad = thresholds.firstIndex(where: \.isNaN) {
            throw ClassificationError.invalidParameter(name: "thresholds", reason: "threshold \(bad) is NaN")
        }
        if case .expectedValue = objective, payoff == nil {
            throw ClassificationError.invalidParameter(
                name: "objective", reason: "expected value needs a payoff (win and loss)")
        }
        self.name = name
        self.objective = objective
        rows = thresholds.map { SweepRow(threshold: $0, counts: ranking.counts(atThreshold: $0), payoff: payoff) }
        bestIndex = objective.bestIndex(in: rows, minimumSignals: minimumSignals)
    }

    /// Sweeps `scores` against `labels` over a grid.
    /// - Throws: as `ScoreRanking.init(labels:scores:)` and `ThresholdGrid.values()`.
    /// - Complexity: O(n + t log d).
    public init(name: String, labels: BinaryLabels, scores: [Double], grid: ThresholdGrid = ThresholdGrid(),
                objective: SweepObjective = .f1, payoff: TradePayoff? = nil) throws {
        let ranking = try ScoreRanking(labels: labels, scores: scores)
        try self.init(name: name, ranking: ranking, thresholds: grid.values(), objective: objective, payoff: payoff)
    }
}
