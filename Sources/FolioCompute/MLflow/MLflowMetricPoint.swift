/// One logged value of a metric: a line `timestamp value step` of a metric file.
public struct MLflowMetricPoint: Sendable, Hashable, Codable {
    /// The training step (epoch, iteration) the value belongs to; 0 when none was logged.
    public var step: Int64
    /// When it was logged, in milliseconds since 1970-01-01 UTC.
    public var timestamp: Int64
    /// The value (may be NaN or infinite, as MLflow accepts them).
    public var value: Double

    /// Creates a point.
    public init(step: Int64, timestamp: Int64, value: Double) {
        self.step = step
        self.timestamp = timestamp
        self.value = value
    }

    /// MLflow's order for picking the latest of several points: by step, then timestamp,
    /// then value (`FileStore._get_metric_from_file` takes the maximum of
    /// `(step, timestamp, value)`).
    static func isBefore(_ a: MLflowMetricPoint, _ b: MLflowMetricPoint) -> Bool {
        if a.step != b.step { return a.step < b.step }
        if a.timestamp != b.timestamp { return a.timestamp < b.timestamp }
        return a.value < b.value || (a.value.isNaN && !b.value.isNaN)
    }
}
