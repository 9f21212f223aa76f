/// An experiment of an MLflow file store: `<root>/<experiment_id>/meta.yaml` and its
/// `tags/` folder.
public struct MLflowExperiment: Sendable, Hashable {
    /// The experiment id (the folder name), e.g. `"0"` or `"698059083283834583"`.
    public var id: String
    /// The experiment name.
    public var name: String
    /// Where its runs' artifacts live (a URI).
    public var artifactLocation: String
    /// `active` or `deleted`.
    public var lifecycleStage: String
    /// Milliseconds since 1970-01-01 UTC, when recorded.
    public var creationTime: Int64?
    /// Milliseconds since 1970-01-01 UTC, when recorded.
    public var lastUpdateTime: Int64?
    /// Experiment tags (files under `tags/`).
    public var tags: [String: String]
    /// The experiment's folder (the database file for an SQLite store).
    public var path: String

    /// Creates an experiment record.
    public init(
        id: String, name: String, artifactLocation: String, lifecycleStage: String, creationTime: Int64?,
        lastUpdateTime: Int64?, tags: [String: String], path: String
    ) {
        self.id = id
        self.name = name
        self.artifactLocation = artifactLocation
        self.lifecycleStage = lifecycleStage
        self.creationTime = creationTime
        self.lastUpdateTime = lastUpdateTime
        self.tags = tags
        self.path = path
    }
}
