/// The status of an MLflow run (`mlflow.entities.RunStatus`; stored in `meta.yaml` as its
/// protobuf number 1-5).
public enum MLflowRunStatus: String, Sendable, Hashable, CaseIterable, Codable {
    /// Started and not ended (1).
    case running = "RUNNING"
    /// Scheduled to run later (2).
    case scheduled = "SCHEDULED"
    /// Ended normally (3).
    case finished = "FINISHED"
    /// Ended with an error (4).
    case failed = "FAILED"
    /// Stopped by the user or the tuner (5).
    case killed = "KILLED"

    /// The status for its protobuf number (`RUNNING = 1` ... `KILLED = 5`).
    public init?(code: Int64) {
        switch code {
        case 1: self = .running
        case 2: self = .scheduled
        case 3: self = .finished
        case 4: self = .failed
        case 5: self = .killed
        default: return nil
        }
    }
}

/// A run of an MLflow file store: `<experiment>/<run_id>/meta.yaml`, with `params/`,
/// `metrics/` and `tags/` (one file per key; keys with `/` are nested folders).
public struct MLflowRun: Sendable, Hashable {
    /// The run id (32 hex digits).
    public var runId: String
    /// The run name: `run_name` from `meta.yaml`, or the `mlflow.runName` tag for runs
    /// written before MLflow 1.29; empty when neither exists.
    public var runName: String
    /// The experiment's id.
    public var experimentId: String
    /// How the run ended (or `running`).
    public var status: MLflowRunStatus
    /// Milliseconds since 1970-01-01 UTC.
    public var startTime: Int64?
    /// Milliseconds since 1970-01-01 UTC; `nil` while running.
    public var endTime: Int64?
    /// `active` (deleted runs are not read).
    public var lifecycleStage: String
    /// Who ran it.
    public var userId: String?
    /// Where its artifacts are (a URI).
    public var artifactURI: String?
    /// Parameters: key to value, as logged (text).
    public var params: [String: String]
    /// Tags: key to value.
    public var tags: [String: String]
    /// Every logged value of every metric, in file (logging) order.
    public var metrics: [String: [MLflowMetricPoint]]
    /// The run's folder (the database file for a run read from an SQLite store).
    public var path: String

    /// Creates a run record.
    public init(
        runId: String, runName: String, experimentId: String, status: MLflowRunStatus, startTime: Int64?,
        endTime: Int64?, lifecycleStage: String, userId: String?, artifactURI: String?, params: [String: String],
        tags: [String: String], metrics: [String: [MLflowMetricPoint]], path: String
    ) {
        self.runId = runId
        self.runName = runName
        self.experimentId = experimentId
        self.status = status
        self.startTime = startTime
        self.endTime = endTime
        self.lifecycleStage = lifecycleStage
        self.userId = userId
        self.artifactURI = artifactURI
        self.params = params
        self.tags = tags
        self.metrics = metrics
        self.path = path
    }

    /// The latest point of metric `key` as MLflow reports it (`run.data.metrics`): the
    /// largest step, then the latest timestamp, then the largest value.
    ///
    /// - Complexity: O(points of `key`).
    public func latest(_ key: String) -> MLflowMetricPoint? {
        guard let points = metrics[key], var best = points.first else { return nil }
        for point in points.dropFirst() where MLflowMetricPoint.isBefore(best, point) { best = point }
        return best
    }

    /// Each metric's value at `step` (the latest point logged at that step); metrics not
    /// logged at that step are absent.
    ///
    /// - Complexity: O(all points).
    public func values(atStep step: Int64) -> [String: Double] {
        var values: [String: Double] = [:]
        for (key, points) in metrics {
            var chosen: MLflowMetricPoint?
            for point in points where point.step == step {
                if let current = chosen, !MLflowMetricPoint.isBefore(current, point) { continue }
                chosen = point
            }
            if let chosen { values[key] = chosen.value }
        }
        return values
    }
}
