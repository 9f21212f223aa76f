/// One trial of the synthetic `phase3_hpo` hyper-parameter search that the demo's MLflow
/// store holds.
///
/// The trials stand for the team's Phase 3 search over `mlp`, `lstm` and `gru` networks.
/// Three of them (72, 62, 93 by default) are the networks `folio demo-data` fits, with their
/// own params and per-epoch metrics (the `mlp`, `lstm` and `gru` columns of
/// `predictions.csv`); the others are simulated records (see ``DemoHPOStudy``).
public struct DemoHPOTrial: Hashable, Sendable {
    /// The final state of the run (MLflow's `RunStatus`).
    public enum Status: Int, Hashable, Sendable {
        case finished = 3
        case failed = 4

        /// MLflow's name for the status.
        public var name: String { self == .finished ? "FINISHED" : "FAILED" }
    }

    /// The metrics logged after one epoch (step = epoch, counted from 0).
    public struct Epoch: Hashable, Sendable {
        /// The epoch, counted from 0 (MLflow's `step`).
        public var step: Int
        /// Milliseconds since 1970-01-01T00:00Z when the epoch's metrics were logged.
        public var timestamp: Int64
        /// `val_f1`: F1 of the positive class on the validation set.
        public var valF1: Double
        /// `val_recall`.
        public var valRecall: Double
        /// `val_precision`.
        public var valPrecision: Double
        /// `val_loss`: validation binary cross-entropy.
        public var valLoss: Double
        /// `train_loss`: training binary cross-entropy.
        public var trainLoss: Double
    }

    /// The Optuna-style trial number (0-based); the run is named `trial_<number>`.
    public var number: Int
    /// The MLflow run id: 32 lowercase hexadecimal digits.
    public var runID: String
    /// `mlp`, `lstm` or `gru`.
    public var modelType: String
    /// `FINISHED` or `FAILED`.
    public var status: Status
    /// Parameters as MLflow stores them (strings, Python's `str` of the value), by key.
    public var params: [String: String]
    /// Tags by key, including `mlflow.runName`.
    public var tags: [String: String]
    /// Milliseconds since the epoch.
    public var startTime: Int64
    /// Milliseconds since the epoch.
    public var endTime: Int64
    /// The epochs logged, in order.
    public var epochs: [Epoch]

    /// The run name, `trial_<number>`.
    public var runName: String { "trial_\(number)" }

    /// The epoch with the highest `val_f1` (the first of equals), if any epoch was logged.
    public var bestEpoch: Epoch? {
        var best: Epoch?
        for e in epochs {
            if let b = best, e.valF1 <= b.valF1 { continue }
            best = e
        }
        return best
    }
}
