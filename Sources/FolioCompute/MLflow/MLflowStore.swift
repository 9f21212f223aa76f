import Foundation

/// Reads an MLflow 2.x file store (a `mlruns/` folder), as `mlflow.store.tracking.file_store
/// .FileStore` lays it out:
///
///     mlruns/
///       <experiment_id>/meta.yaml            name, experiment_id, artifact_location, lifecycle_stage, ...
///       <experiment_id>/tags/<key>           experiment tags
///       <experiment_id>/<run_id>/meta.yaml   run_id, run_name, status (1-5), start_time, end_time, ...
///       <experiment_id>/<run_id>/params/<key>    the value is the file's content
///       <experiment_id>/<run_id>/metrics/<key>   lines `timestamp value step`
///       <experiment_id>/<run_id>/tags/<key>
///       .trash/<experiment_id>/              deleted experiments
///       models/                              the model registry (not read)
///
/// Only active experiments and runs are read: experiments under `.trash/`, and experiments
/// or runs whose `lifecycle_stage` is `deleted`, are skipped. As MLflow does, folders
/// without a `meta.yaml` are skipped (an experiment folder may also hold artifacts), as
/// are the reserved folders `tags`, `datasets`, `traces` and `models` in an experiment,
/// and runs whose recorded experiment id is not their folder's. `meta.yaml` files are read
/// with a minimal reader for the flat YAML MLflow writes (see `MLflowMetaFile`).
///
/// Errors (`DataError`) carry the path of the file or folder concerned.
public struct MLflowStore: Sendable {
    /// The store's root folder.
    public let url: URL

    /// A store rooted at `url` (a file URL of the `mlruns` folder).
    public init(url: URL) {
        self.url = url
    }

    /// A store rooted at the folder `path`.
    public init(path: String) {
        self.url = URL(fileURLWithPath: path, isDirectory: true)
    }

    private var root: String { url.path }

    /// The active experiments, ordered by id (numerically when ids are numbers).
    ///
    /// - Throws: `io` when the root is not a readable folder; `malformed` for a
    ///   `meta.yaml` that cannot be read.
    public func experiments() throws(DataError) -> [MLflowExperiment] {
        var experiments: [MLflowExperiment] = []
        for name in try Self.folders(in: root) where name != ".trash" && name != "models" && !name.hasPrefix(".") {
            let folder = root + "/" + name
            guard Self.isFile(folder + "/meta.yaml") else { continue }
            let experiment = try readExperiment(folder: folder, id: name)
            if experiment.lifecycleStage == "deleted" || experiment.id != name { continue }
            experiments.append(experiment)
        }
        return experiments.sorted { Self.idOrder($0.id, $1.id) }
    }

    /// The active experiment named `name`.
    ///
    /// - Throws: `notFound`, listing the experiments and suggesting the closest name (and
    ///   saying so when the experiment exists but was deleted).
    public func experiment(named name: String) throws(DataError) -> MLflowExperiment {
        let all = try experiments()
        if let found = all.first(where: { $0.name == name }) { return found }
        let names = all.map(\.name)
        var message = "no active experiment named \"\(name)\""
        if try deletedExperimentNames().contains(name) { message += " (it was deleted: it is in .trash)" }
        let suggestion = NameSuggestion.closest(to: name, among: names)
        if let suggestion { message += "; did you mean \"\(suggestion)\"?" }
        message += " Experiments: " + (names.isEmpty ? "none" : NameSuggestion.list(names))
        throw DataError(.notFound, message, path: root, suggestion: suggestion)
    }

    /// The active runs of the experiment named `name`, ordered by start time, then id.
    public func runs(experimentNamed name: String) throws(DataError) -> [MLflowRun] {
        try runs(in: experiment(named: name))
    }

    /// The active runs of `experiment`, ordered by start time, then id.
    ///
    /// - Throws: `malformed` for an unreadable `meta.yaml` or metric file; `io` for an
    ///   unreadable folder or file.
    public func runs(in experiment: MLflowExperiment) throws(DataError) -> [MLflowRun] {
        let reserved: Set<String> = ["tags", "datasets", "traces", "models", ".trash"]
        var runs: [MLflowRun] = []
        for name in try Self.folders(in: experiment.path) where !reserved.contains(name) {
            let folder = experiment.path + "/" + name
            guard Self.isFile(folder + "/meta.yaml") else { continue }
            guard let run = try readRun(folder: folder, folderName: name) else { continue }
            if run.lifecycleStage == "deleted" || run.experimentId != experiment.id { continue }
            runs.append(run)
        }
        return runs.sorted { a, b in
            let (x, y) = (a.startTime ?? .min, b.startTime ?? .min)
            return x != y ? x < y : a.runId < b.runId
        }
    }

    /// Run `id` and its experiment, read from the run's own folder (`<experiment>/<id>/`, as
    /// MLflow names it) without reading the other runs: a checkpoint lookup at every render
    /// read all of a 100-run store before (a quarter of a warm render, issue 17). `nil` when
    /// no active experiment holds an active run folder of that name.
    ///
    /// - Throws: as ``runs(in:)``, for that run's files.
    public func run(id: String) throws(DataError) -> (run: MLflowRun, experiment: MLflowExperiment)? {
        guard !id.isEmpty, !id.contains("/"), id != ".", id != ".." else { return nil }
        for experiment in try experiments() {
            let folder = experiment.path + "/" + id
            guard Self.isFile(folder + "/meta.yaml"), let run = try readRun(folder: folder, folderName: id),
                  run.runId == id, run.lifecycleStage != "deleted", run.experimentId == experiment.id else { continue }
            return (run, experiment)
        }
        return nil
    }

    // MARK: - Reading

    private func readExperiment(folder: String, id: String) throws(DataError) -> MLflowExperiment {
        let path = folder + "/meta.yaml"
        let meta = try MLflowMetaFile.parse(try Self.text(path), path: path)
        guard let name = meta["name"]?.text else {
            throw DataError(.malformed, "experiment meta.yaml has no `name`", path: path)
        }
        return MLflowExperiment(
            id: meta["experiment_id"]?.text ?? id, name: name,
            artifactLocation: meta["artifact_location"]?.text ?? "",
            lifecycleStage: meta["lifecycle_stage"]?.text ?? "active",
            creationTime: meta["creation_time"]?.integer, lastUpdateTime: meta["last_update_time"]?.integer,
            tags: try Self.keyedFiles(folder + "/tags"), path: folder)
    }

    private func readRun(folder: String, folderName: String) throws(DataError) -> MLflowRun? {
        let path = folder + "/meta.yaml"
        let meta = try MLflowMetaFile.parse(try Self.text(path), path: path)
        let runId = meta["run_id"]?.text ?? meta["run_uuid"]?.text ?? folderName
        guard let experimentId = meta["experiment_id"]?.text else {
            throw DataError(.malformed, "run meta.yaml has no `experiment_id`", path: path)
        }
        var status = MLflowRunStatus.running
        switch meta["status"] {
        case .integer(let code)?:
            guard let known = MLflowRunStatus(code: code) else {
                throw DataError(.malformed, "unknown run status \(code) (expected 1-5)", path: path)
            }
            status = known
        case .string(let text)?:
            guard let known = MLflowRunStatus(rawValue: text) else {
                throw DataError(.malformed, "unknown run status \"\(text)\"", path: path)
            }
            status = known
        case nil, .null?:
            break
        default:
            throw DataError(.malformed, "run status is neither a number nor a name", path: path)
        }
        let lifecycle = meta["lifecycle_stage"]?.text ?? "active"
        if lifecycle == "deleted" { return nil }
        let tags = try Self.keyedFiles(folder + "/tags")
        var runName = meta["run_name"]?.text ?? ""
        if runName.isEmpty { runName = tags["mlflow.runName"] ?? "" }
        var metrics: [String: [MLflowMetricPoint]] = [:]
        for (key, file) in try Self.keyedPaths(folder + "/metrics") {
            metrics[key] = try Self.metricPoints(file)
        }
        return MLflowRun(
            runId: runId, runName: runName, experimentId: experimentId, status: status,
            startTime: meta["start_time"]?.integer, endTime: meta["end_time"]?.integer, lifecycleStage: lifecycle,
            userId: meta["user_id"]?.text, artifactURI: meta["artifact_uri"]?.text,
            params: try Self.keyedFiles(folder + "/params"), tags: tags, metrics: metrics, path: folder)
    }

    private func deletedExperimentNames() throws(DataError) -> [String] {
        let trash = root + "/.trash"
        guard Self.isFolder(trash) else { return [] }
        var names: [String] = []
        for id in try Self.folders(in: trash) where Self.isFile(trash + "/" + id + "/meta.yaml") {
            if let experiment = try? readExperiment(folder: trash + "/" + id, id: id) { names.append(experiment.name) }
        }
        return names
    }

    /// Lines `timestamp value [step]` (MLflow's `_get_metric_from_line`); blank lines are
    /// skipped.
    static func metricPoints(_ path: String) throws(DataError) -> [MLflowMetricPoint] {
        var points: [MLflowMetricPoint] = []
        for (k, line) in try text(path).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            let fields = trimmed.split(separator: " ", omittingEmptySubsequences: false)
            guard fields.count == 2 || fields.count == 3, let timestamp = Int64(fields[0]),
                let value = NumberParser.parse(fields[1]), fields.count == 2 || Int64(fields[2]) != nil
            else {
                throw DataError(
                    .malformed, "expected a metric line `timestamp value step`, found \"\(trimmed.prefix(80))\"",
                    path: path, line: k + 1)
            }
            points.append(MLflowMetricPoint(step: fields.count == 3 ? Int64(fields[2])! : 0, timestamp: timestamp, value: value))
        }
        return points
    }

    // MARK: - Files

    private static func text(_ path: String) throws(DataError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataError(.io, "cannot read the file", path: path)
        }
        return String(decoding: data, as: UTF8.self)
    }

    private static func isFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    private static func isFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// The names of the sub-folders of `path`, sorted.
    private static func folders(in path: String) throws(DataError) -> [String] {
        guard isFolder(path) else {
            throw DataError(.io, "is not a folder (expected an MLflow file store such as mlruns/)", path: path)
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw DataError(.io, "cannot list the folder: \(error.localizedDescription)", path: path)
        }
        return names.filter { isFolder(path + "/" + $0) }.sorted()
    }

    /// Every file under `folder` (recursively), keyed by its path relative to `folder`
    /// with `/` separators, as MLflow names nested keys. An absent folder has none.
    private static func keyedPaths(_ folder: String) throws(DataError) -> [(String, String)] {
        guard isFolder(folder) else { return [] }
        var result: [(String, String)] = []
        var pending = [""]
        while let prefix = pending.popLast() {
            let current = prefix.isEmpty ? folder : folder + "/" + prefix
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: current)
            } catch {
                throw DataError(.io, "cannot list the folder: \(error.localizedDescription)", path: current)
            }
            for name in names.sorted() {
                let key = prefix.isEmpty ? name : prefix + "/" + name
                if isFolder(current + "/" + name) {
                    pending.append(key)
                } else {
                    result.append((key, current + "/" + name))
                }
            }
        }
        return result.sorted { $0.0 < $1.0 }
    }

    /// Every file under `folder`, keyed as in `keyedPaths`, with its content as the value.
    private static func keyedFiles(_ folder: String) throws(DataError) -> [String: String] {
        var values: [String: String] = [:]
        for (key, path) in try keyedPaths(folder) { values[key] = try text(path) }
        return values
    }

    /// Numeric ids by value, then other ids as text.
    private static func idOrder(_ a: String, _ b: String) -> Bool {
        switch (UInt64(a), UInt64(b)) {
        case let (x?, y?): return x < y
        case (_?, nil): return true
        case (nil, _?): return false
        case (nil, nil): return a < b
        }
    }
}
