import Crypto
import FolioCompute
import Foundation

/// `{checkpoints}`: Task 1, step 3 of the plan. Copies the chosen runs' model artifacts
/// (`artifacts/model/`: model.onnx, config.yaml, scaler.json, metrics.json) to
/// `models/production/<type>_trial<N>_epoch<E>/` with a provenance table, idempotently, and
/// never over a different file.
public struct CheckpointsDirective: Directive {
    public static let name = "checkpoints"
    public static let summary = "Copy the chosen runs' model artifacts to models/production/ with their provenance (trial, epoch, parameters, metrics, sha256)."
    public static let parameters = [
        ParameterSpec("runs", "mapping name -> run id", required: true, "The runs to extract, e.g. {mlp: \"{{ trials.best.mlp.run_id }}\"}."),
        ParameterSpec("store", "path or URL", default: "MLFLOW_TRACKING_URI when it is http(s), else mlruns", "The MLflow file store or SQLite store, relative to the notebook's data folder, or a tracking server http://host:port (as in `trials`)."),
        ParameterSpec("to", "folder", default: "models/production", "Where the checkpoints go, relative to the project root."),
        ParameterSpec("metric", "text", default: "val_f1", "The logged metric whose best step is the checkpoint's epoch."),
        ParameterSpec("goal", "maximize | minimize", default: "maximize", "Whether larger or smaller values of `metric` are better."),
        ParameterSpec("type", "parameter", default: "model_type", "The run parameter that names the model type (the folder's first word)."),
        ParameterSpec("trial", "parameter", default: "trial_number", "The run parameter that holds the trial number."),
    ]
    public static let resultKeys = [
        ResultKeySpec("NAME.run_id, type, trial, epoch", "The run and where its checkpoint comes from."),
        ResultKeySpec("NAME.folder", "The folder the artifacts were copied to (project-relative)."),
        ResultKeySpec("NAME.files", "File name -> SHA-256 of each copied file."),
        ResultKeySpec("NAME.model_sha256", "SHA-256 of model.onnx (also in `files`)."),
        ResultKeySpec("NAME.manifest", "The checkpoint's provenance manifest, `<folder>/PROVENANCE.json` (project-relative)."),
        ResultKeySpec("NAME.params", "The run's parameters."),
        ResultKeySpec("NAME.metrics", "The run's `val_*` metrics at the checkpoint's epoch."),
    ]
    public static let details = """
    For each run: the type and trial come from its parameters, the epoch from the step where
    `metric` is best (ties: the earliest). Every file of the run's `artifacts/model/` is copied
    (model.onnx is required) into `<to>/<type>_trial<N>_epoch<E>/`, atomically. A file already
    there with the same bytes is left as it is; one with different bytes is an error and is not
    touched (move it away to extract again). The folder must stay inside the project and outside
    notebooks/, templates/, memory-bank/ and data/. The block is never cached (it has an effect
    outside its report) and is cheap when everything is in place; its notebook is left alone
    only while the store and every copied file and manifest are as its last render left them,
    so a copy deleted or edited is seen at the next render.

    Beside the artifacts, once they are all in place, folio writes the manifest
    `PROVENANCE.json` (not one of the artifacts: `files` does not list it): `run_id`,
    `experiment`, `store` (the store's path relative to the project root, as the notebook
    resolved it), `type`, `trial`, `epoch`, `metric` (`name`, `goal`, `value` at the epoch),
    `format` (1) and `files` (name -> `sha256`, `size`), keys sorted, no timestamp, so that
    every render writes the same bytes. A manifest already there with other values (another
    run's, or edited) is an error and is not touched, as for an artifact. `folio checkpoints
    restore RUN_ID` reads it to copy damaged or missing artifacts back from the store, after
    checking every file's sha256 against it.

    With a tracking server (`store: http://host:port`, or `MLFLOW_TRACKING_URI`; credentials
    from `MLFLOW_TRACKING_TOKEN`, or `MLFLOW_TRACKING_USERNAME` and `MLFLOW_TRACKING_PASSWORD`),
    the run comes from `runs/get` with its metric histories, and `artifacts/model/` is listed
    (`artifacts/list`) and downloaded (`/get-artifact`, or the `mlflow-artifacts` proxy) into
    `.folio/cache/mlflow/<run id>/model/`, then copied from there; a file already cached with
    the size the server lists is not downloaded again. The manifest's `store` is then the
    server's URL (`folio checkpoints restore` then downloads the artifacts from that server).
    """
    public static var isCacheable: Bool { false }
    /// The copies and manifests are the block's effects (`DirectiveOutput.effects`); its
    /// output is the same whether it copied them or found them in place. A tracking server
    /// is read afresh at every render.
    public var followsFromInputs: Bool { store.client == nil }

    struct Chosen: Sendable {
        var name: String
        var runID: String
        var location: SourceLocation
    }

    let runs: [Chosen]
    let store: MLflowStoreReference
    let storeLocation: SourceLocation
    let destination: URL
    let destinationLocation: SourceLocation
    let metric: String
    let goal: MLflowMetricGoal
    let typeParameter: String
    let trialParameter: String

    public init(parameters: ParameterReader, context: DirectiveContext) throws(DirectiveError) {
        guard let reader = try parameters.mapping("runs"), !reader.locatedEntries.isEmpty else {
            throw parameters.error("runs", "give at least one run: {mlp: RUN_ID}")
        }
        var runs: [Chosen] = []
        for entry in reader.locatedEntries {
            guard let id = entry.value.json.stringValue, !id.isEmpty else {
                throw DirectiveError("'runs.\(entry.key)': expected a run id", at: entry.value.location)
            }
            guard DirectiveBlock.isValidID(entry.key) else {
                throw DirectiveError("'runs': '\(entry.key)' is not a name (letters, digits, '_' and '-')", at: entry.keyLocation)
            }
            runs.append(Chosen(name: entry.key, runID: id, location: entry.value.location))
        }
        self.runs = runs
        storeLocation = parameters.location(of: "store")
        store = try MLflowStoreReference(try parameters.string("store"), at: storeLocation, context: context)
        destinationLocation = parameters.location(of: "to")
        let to = try parameters.string("to", default: "models/production")
        guard !to.hasPrefix("/") else { throw parameters.error("to", "give a folder relative to the project root") }
        destination = context.projectRoot.appendingPathComponent(to).standardizedFileURL
        if let refusal = context.services.paths.writeRefusal(forFolder: destination) {
            throw parameters.error("to", refusal)
        }
        metric = try parameters.string("metric", default: "val_f1")
        goal = try parameters.choice("goal", default: .maximize)
        typeParameter = try parameters.string("type", default: "model_type")
        trialParameter = try parameters.string("trial", default: "trial_number")
    }

    public var inputs: [DataInput] {
        guard let storeURL = store.localURL else { return [] }
        var isFolder: ObjCBool = false
        _ = FileManager.default.fileExists(atPath: storeURL.path, isDirectory: &isFolder)
        return [DataInput(url: storeURL, kind: isFolder.boolValue ? .folder : .file, location: storeLocation)]
    }

    /// The run `id` of the store and its experiment: from a tracking server (`runs/get`,
    /// `experiments/get`; `modelFolder` is the local copy of its `model/` artifacts), or read
    /// through the file store or the SQLite reader (`MLflowRunLookup`).
    func run(_ chosen: Chosen, context: DirectiveContext) throws(DirectiveError) -> MLflowRunLookup {
        guard let storeURL = store.localURL else {
            guard let client = store.client else { throw DirectiveError("internal error: no MLflow store", at: storeLocation) }
            do throws(DataError) {
                return try MLflowRunLookup(runID: chosen.runID, client: client, cache: MLflowStoreReference.artifactCache(context))
            } catch {
                throw DirectiveError(error.description, at: error.kind == .notFound ? chosen.location : storeLocation)
            }
        }
        do throws(CheckpointRestoreError) {
            return try MLflowRunLookup(runID: chosen.runID, store: storeURL, display: context.displayPath(storeURL))
        } catch {
            // The store's own problems at `store`, the run's at the run.
            let display = context.displayPath(storeURL)
            let aboutStore = error.message.hasPrefix("no MLflow store") || error.message.hasPrefix(display + ": ")
            throw DirectiveError(error.message, at: aboutStore ? storeLocation : chosen.location)
        }
    }

    public func run(context: DirectiveContext) throws(DirectiveError) -> DirectiveOutput {
        var table = MarkdownTable([("model", .left), ("trial", .right), ("epoch", .right), ("hyper-parameters", .left),
                                   ("val metrics", .left), ("files (sha256)", .left)])
        var result = JSONObject()
        var effects: [URL] = []
        // No count of the files this render copied: the results (and the report) must be the
        // same bytes whether the checkpoints were already in place or not, as on a fresh clone.
        for chosen in runs {
            let lookup = try self.run(chosen, context: context)
            let run = lookup.run
            guard let history = run.metrics[metric], !history.isEmpty else {
                throw DirectiveError("run '\(chosen.runID)' has no metric '\(metric)'\(Suggestion.hint(for: metric, in: Array(run.metrics.keys)))", at: chosen.location)
            }
            let best = history.sorted { $0.step < $1.step }.reduce(history[0]) { best, point in
                (goal == .maximize ? point.value > best.value : point.value < best.value) ? point : best
            }
            let type = run.params[typeParameter] ?? chosen.name
            guard let trial = run.params[trialParameter] else {
                throw DirectiveError("run '\(chosen.runID)' has no parameter '\(trialParameter)' (set 'trial')", at: chosen.location)
            }
            let folderName = "\(type)_trial\(trial)_epoch\(best.step)"
            guard folderName.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
                throw DirectiveError("run '\(chosen.runID)': '\(folderName)' is not a folder name folio writes", at: chosen.location)
            }
            // The run's model folder as the lookup found it (not a second lookup of the run
            // through `Checkpoint.artifact`): model.onnx is required.
            let source = lookup.modelFolder
            let model = source.appendingPathComponent("model.onnx")
            try context.services.paths.confineRead(model, at: chosen.location)
            guard FileManager.default.fileExists(atPath: model.path) else {
                throw DirectiveError(store.localURL == nil
                    ? "run '\(chosen.runID)' on \(store.client?.shown ?? "the tracking server") has no artifacts/model/model.onnx"
                    : "run '\(chosen.runID)' has no artifacts/model/model.onnx (\(context.displayPath(model)) is missing)", at: chosen.location)
            }
            let folder = destination.appendingPathComponent(folderName)
            if let refusal = context.services.paths.writeRefusal(forFolder: folder) {
                throw DirectiveError(refusal, at: chosen.location)
            }
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: source.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
            // Read everything and check every file already in place before writing anything.
            var pending: [(file: String, data: Data, to: URL)] = []
            var hashes = JSONObject()
            var entries: [String: ProvenanceManifest.FileEntry] = [:]
            for file in files {
                let from = source.appendingPathComponent(file)
                try context.services.paths.confineRead(from, at: chosen.location)
                guard let data = FileManager.default.contents(atPath: from.path) else { continue }
                guard file != ProvenanceManifest.fileName else {
                    throw DirectiveError("run '\(chosen.runID)''s artifacts/model/ holds a \(file), the name of the manifest folio writes beside the artifacts; rename it in the run", at: chosen.location)
                }
                let to = folder.appendingPathComponent(file)
                if let existing = FileManager.default.contents(atPath: to.path) {
                    guard existing == data else {
                        throw DirectiveError("\(context.displayPath(to)) exists and differs from run '\(chosen.runID)''s \(file); folio will not overwrite it (move it away to extract again)", at: chosen.location)
                    }
                } else {
                    pending.append((file, data, to))
                }
                let entry = ProvenanceManifest.FileEntry(of: data)
                entries[file] = entry
                hashes[file] = .string(entry.sha256)
            }
            let manifest = ProvenanceManifest(
                runID: chosen.runID, experiment: lookup.experiment, store: store.display(context), type: type, trial: trial,
                epoch: best.step, metric: metric, goal: goal.rawValue, metricValue: best.value, files: entries)
            let manifestURL = folder.appendingPathComponent(ProvenanceManifest.fileName)
            let writeManifest = try manifestNeedsWriting(manifest, at: manifestURL, chosen: chosen, context: context)
            for (_, data, to) in pending {
                do { try AtomicFile.write(data, to: to) } catch {
                    throw DirectiveError("cannot write \(error.shown(as: context.displayPath(to)))", at: chosen.location)
                }
            }
            effects += entries.keys.sorted().map { folder.appendingPathComponent($0) } + [manifestURL]
            // Last, so that a manifest is only ever beside a complete set of artifacts.
            if writeManifest {
                do { try AtomicFile.write(manifest.serialized, to: manifestURL) } catch {
                    throw DirectiveError("cannot write \(error.shown(as: context.displayPath(manifestURL)))", at: chosen.location)
                }
            }
            let metrics = run.metrics.keys.filter { $0.hasPrefix("val_") }.sorted().compactMap { key -> (String, JSONValue)? in
                guard let point = run.metrics[key]?.first(where: { $0.step == best.step }) else { return nil }
                return (key, .double(point.value))
            }
            let params = run.params.keys.sorted().filter { ![typeParameter, trialParameter].contains($0) }.map { ($0, JSONValue.string(run.params[$0]!)) }
            result[chosen.name] = .object(JSONObject([
                ("run_id", .string(chosen.runID)), ("type", .string(type)), ("trial", .string(trial)), ("epoch", .int(Int(best.step))),
                ("folder", .string(context.displayPath(folder))), ("files", .object(hashes)),
                ("model_sha256", .string(entries["model.onnx"]?.sha256 ?? "")), ("manifest", .string(context.displayPath(manifestURL))),
                ("params", .object(JSONObject(params))), ("metrics", .object(JSONObject(metrics))),
            ]))
            table.append([
                "\(chosen.name) (`\(context.displayPath(folder))`)", trial, "\(best.step)",
                params.map { "\($0.0)=\($0.1.stringValue ?? "")" }.joined(separator: ", "),
                metrics.map { "\($0.0) \($0.1.inlineText(format: ValueFormat(".4f")))" }.joined(separator: ", "),
                hashes.pairs.map { "\($0.0) `\(($0.1.stringValue ?? "").prefix(12))`" }.joined(separator: ", "),
            ])
        }
        var output = DirectiveOutput(result: .object(result), markdown: table.markdown)
        output.effects = effects
        return output
    }

    /// Whether the manifest must be written: `false` when the file already holds it (the same
    /// bytes, or a manifest that reads as the same values).
    ///
    /// - Throws: when a different manifest is there (another run's, or edited): like an
    ///   artifact that differs, it is not touched.
    func manifestNeedsWriting(_ manifest: ProvenanceManifest, at url: URL, chosen: Chosen, context: DirectiveContext) throws(DirectiveError) -> Bool {
        guard let existing = FileManager.default.contents(atPath: url.path) else { return true }
        if existing == manifest.serialized { return false }
        let shown = context.displayPath(url)
        let other = try? ProvenanceManifest(parsing: String(decoding: existing, as: UTF8.self), path: shown)
        if other == manifest { return false }
        let whose = other.map { $0.runID == chosen.runID ? "it names the same run with other values" : "it names run '\($0.runID)'" } ?? "it is not a manifest folio reads"
        throw DirectiveError("\(shown) exists and differs from run '\(chosen.runID)''s provenance (\(whose)); folio will not overwrite it (move it away to extract again)", at: chosen.location)
    }
}
