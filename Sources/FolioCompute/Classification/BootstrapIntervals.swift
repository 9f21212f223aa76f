/// Bootstrap intervals of one model's F1 (at a threshold), ROC-AUC and average precision.
public struct BootstrapIntervals: Hashable, Sendable, Codable {
    /// The threshold F1 was computed at.
    public var threshold: Double
    /// F1 of the positive class at `threshold`.
    public var f1: ConfidenceInterval
    /// ROC-AUC; NaN throughout when only one class is present.
    public var rocAUC: ConfidenceInterval
    /// Average precision; NaN throughout when only one class is present.
    public var averagePrecision: ConfidenceInterval
    /// The number of resamples.
    public var resamples: Int
}
