import FolioCompute
import Foundation

/// A model given as a checkpoint instead of a score column: an ONNX file
/// (`{onnx: models/mlp.onnx}`), or an MLflow run whose artifacts hold one
/// (`{run: "{{ trials.best.mlp.run_id }}"}`, `artifacts/model/model.onnx` of the run in the
/// trials store, `store:` as in `trials`, default `mlruns` or an `http(s)` `MLFLOW_TRACKING_URI`;
/// from a tracking server, the run's `model/` artifacts are downloaded into
/// `.folio/cache/mlflow/<run id>/`). folio scores the block's data
/// with it (see `CheckpointScores`).
public struct Checkpoint: Sendable, Hashable {
    /// The model's name in the block (the key under `models`).
    public var name: String
    /// The ONNX file.
    public var modelURL: URL
    /// The run it came from, when given by run.
    public var runID: String?
    /// Where the checkpoint was written.
    public var location: SourceLocation

    static let keys = ["onnx", "run", "store"]

    /// Decodes `{onnx: path}` or `{run: id, store: path}`.
    init(name: String, reader: ParameterReader, context: DirectiveContext) throws(DirectiveError) {
        self.name = name
        location = reader.location
        try reader.rejectUnknownKeys(allowed: Checkpoint.keys, context: "key of checkpoint '\(name)'")
        if let path = try reader.string("onnx") {
            guard !reader.has("run") else { throw reader.error("run", "give either 'onnx' or 'run', not both") }
            modelURL = try context.resolveDataPath(path, at: reader.location(of: "onnx"))
            guard modelURL.pathExtension.lowercased() == "onnx" else {
                throw reader.error("onnx", "expected an ONNX file (.onnx); export PyTorch models with torch.onnx.export")
            }
            runID = nil
        } else if let run = try reader.string("run") {
            let storeLocation = reader.location(of: "store")
            let store = try MLflowStoreReference(try reader.string("store"), at: storeLocation, context: context)
            modelURL = try Checkpoint.artifact(ofRun: run, in: store, storeLocation: storeLocation, context: context, at: reader.location(of: "run"))
            runID = run
        } else {
            throw DirectiveError("checkpoint '\(name)': give {onnx: path/model.onnx} or {run: RUN_ID}", at: reader.location)
        }
    }

    /// The files a score depends on: the model, and the scaler beside it when there is one.
    var inputs: [DataInput] {
        var out = [DataInput(url: modelURL, location: location)]
        let scaler = modelURL.deletingLastPathComponent().appendingPathComponent("scaler.json")
        if FileManager.default.fileExists(atPath: scaler.path) { out.append(DataInput(url: scaler, location: location)) }
        return out
    }

    /// `artifacts/model/model.onnx` of run `id` in an MLflow store: a file store (the run's
    /// folder under one of its experiments), an SQLite store (the run's `artifact_uri`,
    /// relative to the store's folder unless absolute), or a tracking server (the run's
    /// `model/` artifacts downloaded into `.folio/cache/mlflow/<run id>/model/`, unless
    /// cached with the sizes the server lists). Server errors are located at `storeLocation`.
    static func artifact(ofRun id: String, in reference: MLflowStoreReference, storeLocation: SourceLocation, context: DirectiveContext,
                         at location: SourceLocation) throws(DirectiveError) -> URL {
        guard !id.isEmpty, id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw DirectiveError("'\(id)' is not an MLflow run id", at: location)
        }
        guard let store = reference.localURL else {
            return try serverArtifact(ofRun: id, reference: reference, storeLocation: storeLocation, context: context, at: location)
        }
        let display = context.displayPath(store)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: store.path, isDirectory: &isFolder) else {
            throw DirectiveError("no MLflow store \(display) (set 'store')", at: location)
        }
        let modelFolder: URL
        if isFolder.boolValue {
            let experiments = ((try? FileManager.default.contentsOfDirectory(atPath: store.path)) ?? []).sorted()
            guard let experiment = experiments.first(where: {
                FileManager.default.fileExists(atPath: store.appendingPathComponent($0).appendingPathComponent(id).appendingPathComponent("meta.yaml").path)
            }) else {
                throw DirectiveError("no run '\(id)' in the MLflow store \(display)", at: location)
            }
            modelFolder = store.appendingPathComponent(experiment).appendingPathComponent(id).appendingPathComponent("artifacts/model")
        } else {
            var uri: String?
            do throws(DataError) {
                let sqlite = MLflowSQLiteStore(path: store.path)
                for experiment in try sqlite.experiments() where uri == nil {
                    uri = try sqlite.runs(in: experiment).first(where: { $0.runId == id }).map { $0.artifactURI ?? "" }
                }
            } catch {
                throw DirectiveError("\(display): \(error)", at: location)
            }
            guard let uri else { throw DirectiveError("no run '\(id)' in the MLflow store \(display)", at: location) }
            do throws(CheckpointRestoreError) {
                modelFolder = try MLflowRunLookup.modelFolder(artifactURI: uri, runID: id, database: store, display: display)
            } catch {
                throw DirectiveError(error.message, at: location)
            }
        }
        let model = modelFolder.appendingPathComponent("model.onnx").standardizedFileURL
        try context.services.paths.confineRead(model, at: location)
        guard FileManager.default.fileExists(atPath: model.path) else {
            throw DirectiveError("run '\(id)' has no artifacts/model/model.onnx (\(context.displayPath(model)) is missing)", at: location)
        }
        return model
    }

    /// The server branch of `artifact(ofRun:in:storeLocation:context:at:)`.
    private static func serverArtifact(ofRun id: String, reference: MLflowStoreReference, storeLocation: SourceLocation,
                                       context: DirectiveContext, at location: SourceLocation) throws(DirectiveError) -> URL {
        guard let client = reference.client else { throw DirectiveError("internal error: no MLflow store", at: storeLocation) }
        let folder: URL
        do throws(DataError) {
            guard let run = try client.run(id: id) else {
                throw DataError(.notFound, "no run '\(id)' on the MLflow tracking server at \(client.shown)")
            }
            folder = try MLflowStoreReference.artifactCache(context).folder("model", of: run, from: client).url
        } catch {
            throw DirectiveError(error.description, at: error.kind == .notFound ? location : storeLocation)
        }
        let model = folder.appendingPathComponent("model.onnx").standardizedFileURL
        try context.services.paths.confineRead(model, at: location)
        guard FileManager.default.fileExists(atPath: model.path) else {
            throw DirectiveError("run '\(id)' on \(client.shown) has no artifacts/model/model.onnx", at: location)
        }
        return model
    }
}
