/// A receiver operating characteristic curve, as `sklearn.metrics.roc_curve` returns it.
public struct ROCCurve: Equatable, Sendable, Codable {
    /// False positive rates, ascending, starting at 0 (NaN throughout without negatives).
    public var falsePositiveRate: [Double]
    /// True positive rates (NaN throughout without positives).
    public var truePositiveRate: [Double]
    /// Thresholds, descending; the first is `+inf` (the point (0, 0)).
    public var thresholds: [Double]

    /// A curve given directly.
    public init(falsePositiveRate: [Double], truePositiveRate: [Double], thresholds: [Double]) {
        self.falsePositiveRate = falsePositiveRate
        self.truePositiveRate = truePositiveRate
        self.thresholds = thresholds
    }
}
