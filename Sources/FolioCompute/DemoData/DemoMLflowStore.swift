import Foundation

/// Writes HPO trials as an MLflow tracking file store, byte for byte in the layout and
/// formats MLflow 2.x's `FileStore` writes (checked against `mlflow-skinny` 2.22):
///
/// ```
/// mlruns/
///   .trash/
///   0/meta.yaml                      the Default experiment
///   <exp>/meta.yaml                  artifact_location, creation_time, experiment_id, ...
///   <exp>/<run_id>/meta.yaml         artifact_uri, end_time, ..., status, tags: [], user_id
///   <exp>/<run_id>/params/<key>      the value as text, no newline
///   <exp>/<run_id>/metrics/<key>     lines `timestamp value step`
///   <exp>/<run_id>/tags/<key>        the value as text, no newline
///   <exp>/<run_id>/artifacts/        empty, except for the fitted trials:
///   <exp>/<run_id>/artifacts/model/  config.yaml, scaler.json, metrics.json, model.onnx
/// ```
///
/// Artifact locations are written relative to the data set folder (`mlruns/1/<run>/artifacts`)
/// rather than as the absolute `file://` URIs MLflow writes, so that the data set's bytes (and
/// the input hashes recorded in reports) do not depend on where it was generated. MLflow reads
/// such a store as it is; it resolves the paths against its working directory only to
/// touch artifacts (run it from the data set folder to download them; folio resolves them
/// against the folder that holds `mlruns/`).
public enum DemoMLflowStore {
    /// Writes the store.
    ///
    /// - Parameters:
    ///   - trials: the runs, written in one experiment.
    ///   - checkpoints: the fitted trials' checkpoints; each goes to its run's
    ///     `artifacts/model/` (see ``modelArtifacts(_:exporter:)``).
    ///   - exporter: makes `model.onnx`; nil writes none.
    ///   - experimentID: the experiment's id (MLflow 2.x draws a large random integer; any
    ///     string of digits works).
    ///   - directory: where to write the files now (possibly a temporary folder).
    ///   - finalPath: the absolute path the store will have once in place (kept for callers;
    ///     artifact locations are relative, see above).
    /// - Throws: ``DemoDataError/io(path:message:)``.
    /// - Complexity: O(total metric lines); about 1,500 small files for 100 trials.
    public static func write(trials: [DemoHPOTrial], checkpoints: [DemoCheckpoint] = [], exporter: DemoModelExporter? = nil,
                             experimentName: String = DemoHPOStudy.experimentName,
                             experimentID: String = "1", to directory: URL, finalPath: String) throws {
        let root = directory.path
        let created = (trials.map(\.startTime).min() ?? DemoHPOStudy.baseTime) - 3_600_000
        try DemoFileIO.makeDirectory(root + "/.trash")
        try DemoFileIO.makeDirectory(root + "/0")
        try DemoFileIO.write(experimentMeta(id: "0", name: "Default", artifactLocation: "mlruns/0",
                                            time: created - 3_600_000), to: root + "/0/meta.yaml")
        let expDir = root + "/" + experimentID
        try DemoFileIO.makeDirectory(expDir)
        try DemoFileIO.write(experimentMeta(id: experimentID, name: experimentName,
                                            artifactLocation: "mlruns/" + experimentID, time: created),
                             to: expDir + "/meta.yaml")
        let series: [(String, @Sendable (DemoHPOTrial.Epoch) -> Double)] = [
            ("train_loss", { $0.trainLoss }), ("val_f1", { $0.valF1 }), ("val_loss", { $0.valLoss }),
            ("val_precision", { $0.valPrecision }), ("val_recall", { $0.valRecall }),
        ]
        for trial in trials {
            let runDir = expDir + "/" + trial.runID
            for sub in ["artifacts", "metrics", "params", "tags"] { try DemoFileIO.makeDirectory(runDir + "/" + sub) }
            let artifactURI = "mlruns/" + experimentID + "/" + trial.runID + "/artifacts"
            try DemoFileIO.write(runMeta(trial, experimentID: experimentID, artifactURI: artifactURI), to: runDir + "/meta.yaml")
            for key in trial.params.keys.sorted() {
                try DemoFileIO.write(Array((trial.params[key] ?? "").utf8), to: runDir + "/params/" + key)
            }
            for key in trial.tags.keys.sorted() {
                try DemoFileIO.write(Array((trial.tags[key] ?? "").utf8), to: runDir + "/tags/" + key)
            }
            if let checkpoint = checkpoints.first(where: { $0.runID == trial.runID }) {
                let modelDir = runDir + "/artifacts/model"
                try DemoFileIO.makeDirectory(modelDir)
                for (name, bytes) in try modelArtifacts(checkpoint, exporter: exporter) {
                    try DemoFileIO.write(bytes, to: modelDir + "/" + name)
                }
            }
            guard !trial.epochs.isEmpty else { continue }
            for (name, value) in series {
                var b: [UInt8] = []
                for e in trial.epochs {
                    b.append(contentsOf: String(e.timestamp).utf8)
                    b.append(0x20)
                    if let d = DemoDecimal(value(e), significantDigits: 15) {
                        d.appendPythonRepr(to: &b)
                    } else {
                        b.append(contentsOf: "nan".utf8)
                    }
                    b.append(0x20)
                    b.append(contentsOf: String(e.step).utf8)
                    b.append(0x0A)
                }
                try DemoFileIO.write(b, to: runDir + "/metrics/" + name)
            }
        }
    }

    /// The experiment `meta.yaml` (keys sorted, as PyYAML's `safe_dump` writes them).
    static func experimentMeta(id: String, name: String, artifactLocation: String, time: Int64) -> [UInt8] {
        let text = """
        artifact_location: \(yamlScalar(artifactLocation))
        creation_time: \(time)
        experiment_id: '\(id)'
        last_update_time: \(time)
        lifecycle_stage: active
        name: \(yamlScalar(name))

        """
        return Array(text.utf8)
    }

    /// The run `meta.yaml` of MLflow 2.x (including the deprecated fields it still writes).
    static func runMeta(_ t: DemoHPOTrial, experimentID: String, artifactURI: String) -> [UInt8] {
        let text = """
        artifact_uri: \(yamlScalar(artifactURI))
        end_time: \(t.endTime)
        entry_point_name: ''
        experiment_id: '\(experimentID)'
        lifecycle_stage: active
        run_id: \(t.runID)
        run_name: \(yamlScalar(t.runName))
        run_uuid: \(t.runID)
        source_name: ''
        source_type: 4
        source_version: ''
        start_time: \(t.startTime)
        status: \(t.status.rawValue)
        tags: []
        user_id: \(yamlScalar(t.tags["mlflow.user"] ?? "quant"))

        """
        return Array(text.utf8)
    }

    /// A YAML scalar: plain when it is made only of safe characters and does not start with
    /// an indicator, single-quoted otherwise.
    static func yamlScalar(_ s: String) -> String {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./:%-".utf8)
        let plain = !s.isEmpty && s.utf8.allSatisfy { safe.contains($0) } && !s.hasSuffix(":")
            && !(s.utf8.first.map { "-.:%0123456789".utf8.contains($0) } ?? true)
        return plain ? s : "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
    }
}
