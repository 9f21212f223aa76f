/// A precision-recall curve, as `sklearn.metrics.precision_recall_curve` returns it.
public struct PrecisionRecallCurve: Equatable, Sendable, Codable {
    /// Precision at each threshold ascending, then a final 1.
    public var precision: [Double]
    /// Recall at each threshold ascending (descending values), then a final 0. Without
    /// positives every recall is 1, as in scikit-learn.
    public var recall: [Double]
    /// The thresholds, ascending; one fewer than `precision`.
    public var thresholds: [Double]

    /// A curve given directly.
    public init(precision: [Double], recall: [Double], thresholds: [Double]) {
        self.precision = precision
        self.recall = recall
        self.thresholds = thresholds
    }
}
