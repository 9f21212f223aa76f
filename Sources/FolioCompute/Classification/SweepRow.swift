/// One threshold of a sweep: the counts and the metrics read from them.
public struct SweepRow: Hashable, Sendable, Codable {
    /// The threshold (predicted positive when `score >= threshold`).
    public var threshold: Double
    /// The confusion counts at the threshold.
    public var counts: ConfusionCounts
    /// `precision_score` (0 when nothing is predicted positive).
    public var precision: Double
    /// `recall_score`.
    public var recall: Double
    /// `f1_score`.
    public var f1: Double
    /// The share of rows predicted positive.
    public var positiveRate: Double
    /// Expected value per trade taken, `precision * win - (1 - precision) * loss`; `nil`
    /// without a payoff, NaN when the threshold takes no trade.
    public var expectedValue: Double?

    /// The row of `counts` at `threshold`.
    public init(threshold: Double, counts: ConfusionCounts, payoff: TradePayoff? = nil) {
        self.threshold = threshold
        self.counts = counts
        precision = counts.precision
        recall = counts.recall
        f1 = counts.f1
        positiveRate = counts.positiveRate
        if let payoff {
            expectedValue = counts.predictedPositives == 0 ? .nan : payoff.expectedValue(precision: precision)
        } else {
            expectedValue = nil
        }
    }
}
