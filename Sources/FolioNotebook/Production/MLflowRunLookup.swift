import FolioCompute
import Foundation

/// A run found in an MLflow store — a file store folder read with FolioCompute's
/// `MLflowStore`, or an SQLite database read with `MLflowSQLiteStore` — with its experiment
/// and the folder of its model artifacts (`artifacts/model/`). Shared by the `checkpoints`
/// directive and `CheckpointRestore`.
struct MLflowRunLookup: Sendable {
    /// The run.
    var run: MLflowRun
    /// Its experiment's name.
    var experiment: String
    /// `artifacts/model/` of the run: under the run's folder in a file store; from the run's
    /// `artifact_uri` in an SQLite store (relative to the database's folder unless absolute;
    /// `file://` accepted, any other scheme refused).
    var modelFolder: URL

    /// Finds run `id` in the store at `store`.
    ///
    /// - Parameter display: how to name the store in messages (project-relative).
    /// - Throws: `CheckpointRestoreError` when the store is missing or unreadable, the run is
    ///   not in it, or its artifacts are not in a local folder.
    init(runID id: String, store: URL, display: String) throws(CheckpointRestoreError) {
        guard !id.isEmpty, id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw CheckpointRestoreError("'\(id)' is not an MLflow run id")
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: store.path, isDirectory: &isFolder) else {
            throw CheckpointRestoreError("no MLflow store \(display)")
        }
        var found: (MLflowRun, String)?
        do throws(DataError) {
            if isFolder.boolValue {
                let reader = MLflowStore(url: store)
                // The run's own folder first; a store whose folders are not named by run id
                // is searched whole.
                if let direct = try reader.run(id: id) {
                    found = (direct.run, direct.experiment.name)
                } else {
                    for experiment in try reader.experiments() where found == nil {
                        if let run = try reader.runs(in: experiment).first(where: { $0.runId == id }) { found = (run, experiment.name) }
                    }
                }
            } else {
                let reader = MLflowSQLiteStore(path: store.path)
                for experiment in try reader.experiments() where found == nil {
                    if let run = try reader.runs(in: experiment).first(where: { $0.runId == id }) { found = (run, experiment.name) }
                }
            }
        } catch {
            throw CheckpointRestoreError("\(display): \(error)")
        }
        guard let (run, experiment) = found else { throw CheckpointRestoreError("no run '\(id)' in the MLflow store \(display)") }
        self.run = run
        self.experiment = experiment
        if isFolder.boolValue {
            modelFolder = URL(fileURLWithPath: run.path).appendingPathComponent("artifacts/model").standardizedFileURL
        } else {
            modelFolder = try Self.modelFolder(artifactURI: run.artifactURI, runID: id, database: store, display: display)
        }
    }

    /// `model/` under the artifact location an SQLite store records for run `id`: relative to
    /// the database's folder unless absolute, `file://` accepted, any other scheme refused.
    /// Shared with `{run: ...}` checkpoints (`Checkpoint.artifact(ofRun:)`).
    static func modelFolder(artifactURI: String?, runID id: String, database store: URL, display: String) throws(CheckpointRestoreError) -> URL {
        guard var text = artifactURI, !text.isEmpty else {
            throw CheckpointRestoreError("run '\(id)' in \(display) has no artifact location")
        }
        if text.hasPrefix("file://") { text = String(text.dropFirst("file://".count)) }
        guard !text.contains("://") else {
            throw CheckpointRestoreError("run '\(id)' keeps its artifacts at \(text), not in a folder of the project")
        }
        let artifacts = text.hasPrefix("/") ? URL(fileURLWithPath: text) : store.deletingLastPathComponent().appendingPathComponent(text)
        return artifacts.appendingPathComponent("model").standardizedFileURL
    }
}
