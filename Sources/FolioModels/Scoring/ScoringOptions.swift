import Foundation

/// How `ModelScorer` reads rows: which columns are the features, the group and the time,
/// where the scaler comes from, and how much parallelism to use.
public struct ScoringOptions: Sendable {
    /// Where the scaler comes from.
    public enum ScalerSource: Sendable, Equatable {
        /// `scaler.json` beside the model when there is one (a `scaler.pkl` there is an
        /// error); none otherwise. The default.
        case besideModel
        /// The scaler in this file.
        case file(String)
        /// This scaler.
        case given(Scaler)
        /// No scaling: the graph scales, or the features are already scaled.
        case none
    }

    /// The feature order; `nil` takes the model's `metadata_props["features"]`.
    public var features: [String]?
    /// The column that groups rows into series (windows never cross groups).
    public var groupColumn: String
    /// The column that orders rows in time within a group.
    public var timeColumn: String
    /// Where the scaler comes from.
    public var scaler: ScalerSource
    /// Worker threads.
    public var threads: Int
    /// Rows per graph run.
    public var chunkSize: Int
    /// How matrix products are computed: OpenBLAS (fastest), or one fixed order whose scores
    /// are identical on every machine (what reports use).
    public var arithmetic: MatrixArithmetic = .openBLAS

    /// Options with the defaults: features from the model, `symbol` and `timestamp`,
    /// the scaler beside the model, every core, 256 rows per run (smaller chunks keep an LSTM step's
    /// gates in cache; measured with `Benchmarks/models`).
    public init(
        features: [String]? = nil, groupColumn: String = "symbol", timeColumn: String = "timestamp",
        scaler: ScalerSource = .besideModel, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
        chunkSize: Int = 256
    ) {
        self.features = features
        self.groupColumn = groupColumn
        self.timeColumn = timeColumn
        self.scaler = scaler
        self.threads = threads
        self.chunkSize = chunkSize
    }
}
