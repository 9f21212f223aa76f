/// A percentile confidence interval around a point estimate.
public struct ConfidenceInterval: Hashable, Sendable, Codable {
    /// The statistic on the full data.
    public var estimate: Double
    /// The lower percentile of the resampled statistics.
    public var lower: Double
    /// The upper percentile of the resampled statistics.
    public var upper: Double
    /// The nominal coverage, e.g. 0.95.
    public var confidence: Double

    /// An interval given directly.
    public init(estimate: Double, lower: Double, upper: Double, confidence: Double) {
        self.estimate = estimate
        self.lower = lower
        self.upper = upper
        self.confidence = confidence
    }

    /// Whether `value` lies in `[lower, upper]`.
    public func contains(_ value: Double) -> Bool { lower <= value && value <= upper }
}
