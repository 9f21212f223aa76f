import FolioCharts
import FolioCompute
import Foundation

/// `{trials}`: ranks the runs of an MLflow experiment (HPO trials), read from a file store
/// (`mlruns/`), an SQLite store (`mlflow.db`) or a tracking server (`http://host:port`), by a metric at each run's
/// best (or last) epoch and writes the provenance of the best runs: trial number, run id,
/// epoch, hyper-parameters and every metric at that epoch.
public struct TrialsDirective: Directive {
    public static let name = "trials"
    public static let summary = "Ranks MLflow runs (HPO trials) by a metric; provenance of the best run per group: trial, run id, epoch, parameters, metrics."
    public static let parameters = [
        ParameterSpec("store", "path or URL", default: "MLFLOW_TRACKING_URI when it is http(s), else mlruns", "The MLflow store: the file store (the mlruns/ folder) or an SQLite store (mlflow.db, .sqlite, .sqlite3, or sqlite:///path), relative to the notebook's data folder; or a tracking server, http://host:port or https://host/prefix (credentials from MLFLOW_TRACKING_TOKEN, or MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD, sent only to the server of MLFLOW_TRACKING_URI)."),
        ParameterSpec("experiment", "text", default: "the store's only experiment besides Default", "The experiment's name."),
        ParameterSpec("metric", "text", default: "val_f1", "The metric runs are ranked by."),
        ParameterSpec("goal", "maximize | minimize", default: "maximize", "Whether larger or smaller values of the metric are better."),
        ParameterSpec("pick", "best | last", default: "best", "The epoch (step) that stands for a run: where the metric is best (an early-stopping checkpoint), or the last one."),
        ParameterSpec("group", "parameter", "A run parameter, e.g. model_type: the best run of each of its values is reported."),
        ParameterSpec("trial", "parameter", default: "trial_number", "The run parameter that holds the trial number (the run name when absent)."),
        ParameterSpec("top", "integer", default: "10", "Rows of the ranked table."),
    ]
    public static let resultKeys = [
        ResultKeySpec("best.GROUP", "With `group`: the best run of each group value, with run_id, run_name, trial, epoch, value (of the metric), status, rank, params (every parameter) and metrics (every metric at that epoch)."),
        ResultKeySpec("best", "Without `group`: the best run, with the same keys."),
        ResultKeySpec("runs", "Every run with the metric, best first: rank, run_id, run_name, trial, epoch, value, status, group, params, metrics."),
        ResultKeySpec("by_trial.TRIAL", "Each ranked run by its trial number: rank, run_id, epoch, value, status (the first run of a trial when several share it)."),
        ResultKeySpec("experiment, metric, goal, pick", "What was ranked."),
        ResultKeySpec("run_count", "Active runs of the experiment."),
        ResultKeySpec("without_metric", "Runs that never logged the metric (not ranked)."),
        ResultKeySpec("statuses.STATUS", "Runs per status (FINISHED, FAILED, ...)."),
    ]
    public static let details = """
    Reads an MLflow 2.x/3.x file store as `mlflow.store.tracking.file_store.FileStore` lays it
    out (`<experiment>/<run>/meta.yaml`, `params/`, `metrics/` with lines `timestamp value
    step`, `tags/`); deleted experiments and runs are skipped, as `MlflowClient.search_runs` does.
    A run's value is its metric at its best step (`pick: best`: the largest value, or the smallest
    with `goal: minimize`; the earliest step on a tie) or at its last step (`pick: last`, the
    value MLflow shows as the run's metric). The epoch is that step. The metrics reported for the
    run are every metric's last value logged at that step. Runs are ranked by value, then run
    name, then run id. Runs of any status are ranked; the status is shown.

    A `store` ending in `.db`, `.sqlite` or `.sqlite3` (or given as `sqlite:///path`) is MLflow's
    SQLite backend, as `mlflow.store.tracking.sqlalchemy_store.SqlAlchemyStore` writes it
    (`mlflow ui --backend-store-uri sqlite:///mlflow.db`): it is opened read-only and read
    exactly like a file store, from the tables `experiments`, `experiment_tags`, `runs` (runs
    whose lifecycle_stage is deleted are skipped), `params`, `tags` and `metrics` (every logged
    point: key, value, timestamp, step; a row with `is_nan = 1` is NaN). A file that is not an
    SQLite database, or a database without MLflow's tables, is an error. Other database
    backends (PostgreSQL, MySQL) are not read directly: serve them with `mlflow server` and
    give its URL.

    A `store` of the form `http://host:port` or `https://host/prefix` is an MLflow tracking
    server (`mlflow server`), read through its REST API 2.0: the experiment by name
    (`experiments/get-by-name`), its active runs (`runs/search`, page by page with
    `max_results` and `next_page_token`) and every logged point of each metric
    (`metrics/get-history`, paginated), so that the runs rank exactly as in a file store
    holding the same runs. Without `store`, `MLFLOW_TRACKING_URI` is used when it is an
    `http(s)` URL; otherwise the default stays `mlruns`. Credentials come from the
    environment, as for MLflow's own client: `MLFLOW_TRACKING_TOKEN` (sent as
    `Authorization: Bearer`), else `MLFLOW_TRACKING_USERNAME` and `MLFLOW_TRACKING_PASSWORD`
    (basic auth), sent only to the server of `MLFLOW_TRACKING_URI` (same scheme, host and
    port), so that a notebook naming another server never receives them; a URL holding a user
    or password is refused, and no credential is ever written to a report, a results file or
    the cache. Each request waits at most 30 s
    (`MLFLOW_HTTP_REQUEST_TIMEOUT`) and is tried again (3 more times, after 0.5, 1 and 2 s;
    `MLFLOW_HTTP_REQUEST_MAX_RETRIES`, at most 10) when the server cannot be reached or
    answers 429 or 5xx. Errors are located at `store`: a server that is down ("cannot reach
    the MLflow tracking server at URL: connection refused"), credentials it rejects (HTTP 401
    or 403), an answer that is not MLflow's. A block reading a server is not taken from
    folio's cache (nothing hashes what the server holds): it reads the server at every
    render, and `folio check` cannot tell whether its report is out of date. Model artifacts
    of server runs (`checkpoints`, `{run: ...}` checkpoints) are downloaded into
    `.folio/cache/mlflow/<run id>/` and downloaded again only when the size the server lists
    differs.
    """

    let store: MLflowStoreReference
    let storeLocation: SourceLocation
    let experiment: (name: String, location: SourceLocation)?
    let metric: String
    let metricLocation: SourceLocation
    let goal: MLflowMetricGoal
    let pick: MLflowStepSelection
    let group: (name: String, location: SourceLocation)?
    let trialParam: String
    let top: Int
    let location: SourceLocation

    public init(parameters: ParameterReader, context: DirectiveContext) throws(DirectiveError) {
        location = parameters.location
        storeLocation = parameters.location(of: "store")
        store = try MLflowStoreReference(try parameters.string("store"), at: storeLocation, context: context)
        experiment = try parameters.string("experiment").map { ($0, parameters.location(of: "experiment")) }
        metric = try parameters.string("metric", default: "val_f1")
        metricLocation = parameters.location(of: "metric")
        goal = try parameters.choice("goal", default: .maximize)
        pick = try parameters.choice("pick", default: .best)
        group = try parameters.string("group").map { ($0, parameters.location(of: "group")) }
        trialParam = try parameters.string("trial", default: "trial_number")
        top = try parameters.int("top", default: 10, min: 1)
    }

    public var inputs: [DataInput] { store.inputs(at: storeLocation) }

    /// A tracking server is read afresh at every render: nothing hashes what it holds.
    public var usesResultCache: Bool { store.client == nil }

    public func validate(context: DirectiveContext) throws(DirectiveError) {
        _ = try readRuns(context: context)
    }

    /// The experiment and its runs, read once per render.
    func readRuns(context: DirectiveContext) throws(DirectiveError) -> (MLflowExperiment, [MLflowRun]) {
        let display = store.display(context)
        if let storeURL = store.localURL {
            let isDatabase: Bool
            if case .database = store { isDatabase = true } else { isDatabase = false }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: storeURL.path, isDirectory: &isDirectory) else {
                throw DirectiveError(isDatabase ? "file not found: \(display) (expected an MLflow SQLite store such as mlflow.db)"
                                                : "folder not found: \(display) (expected an MLflow file store such as mlruns/)", at: storeLocation)
            }
            if isDatabase {
                guard !isDirectory.boolValue else {
                    throw DirectiveError("\(display) is a folder, not an MLflow SQLite database file", at: storeLocation)
                }
            } else {
                guard isDirectory.boolValue else {
                    throw DirectiveError("\(display) is a file, not an MLflow file store folder; give the file store (mlruns/) or an SQLite store ending in .db, .sqlite or .sqlite3 (mlflow.db)",
                                         at: storeLocation)
                }
            }
        }
        let reader = store.store
        let storeLocation = self.storeLocation
        /// The reader's error with the store's path as the notebook shows it.
        @Sendable func located(_ error: DataError) -> DirectiveError {
            var error = error
            if let path = error.path { error.path = context.displayPath(URL(fileURLWithPath: path)) }
            return DirectiveError(error.description, at: storeLocation)
        }
        /// Read once per render: through the declared input for a local store, by URL for a server.
        func load<T: Sendable>(_ kind: String, _ body: @escaping @Sendable () throws(DataError) -> T) throws(DirectiveError) -> T {
            let loader = { () throws -> T in
                do throws(DataError) { return try body() } catch { throw located(error) }
            }
            if let url = store.localURL { return try context.load(url, as: kind, loader) }
            do {
                return try context.data.value(forKey: "\(kind)\u{0}\(store.memoKey)", load: loader)
            } catch let error as DirectiveError {
                throw error
            } catch {
                throw DirectiveError("\(display): \(error)", at: storeLocation)
            }
        }
        let chosen: MLflowExperiment
        if let experiment {
            let name = experiment.name
            let found = try load("mlflow experiment \(name)") { () throws(DataError) -> MLflowExperiment? in
                do throws(DataError) { return try reader.experiment(named: name) } catch where error.kind == .notFound { return nil }
            }
            guard let found else {
                let names = try load("mlflow experiments") { () throws(DataError) in try reader.experiments() }.map(\.name)
                throw DirectiveError("no experiment named '\(experiment.name)' in \(display)\(Suggestion.hint(for: experiment.name, in: names)); experiments: \(names.joined(separator: ", "))",
                                     at: experiment.location)
            }
            chosen = found
        } else {
            let experiments = try load("mlflow experiments") { () throws(DataError) in try reader.experiments() }
            let candidates = experiments.filter { $0.name != "Default" }
            guard candidates.count == 1 else {
                throw DirectiveError("name the experiment with 'experiment': \(display) holds \(candidates.isEmpty ? "no experiment besides Default" : candidates.map(\.name).joined(separator: ", "))",
                                     at: location)
            }
            chosen = candidates[0]
        }
        let runs = try load("mlflow runs \(chosen.id)") { () throws(DataError) in try reader.runs(in: chosen) }
        return (chosen, runs)
    }

    public func run(context: DirectiveContext) throws(DirectiveError) -> DirectiveOutput {
        let display = store.display(context)
        let (experiment, runs) = try readRuns(context: context)
        guard !runs.isEmpty else {
            throw DirectiveError("experiment '\(experiment.name)' in \(display) has no active runs", at: self.experiment?.location ?? location)
        }
        let metricNames = Set(runs.flatMap(\.metrics.keys)).sorted()
        guard metricNames.contains(metric) else {
            throw DirectiveError("no run of '\(experiment.name)' logged the metric '\(metric)'\(Suggestion.hint(for: metric, in: metricNames)); metrics: \(metricNames.joined(separator: ", "))",
                                 at: metricLocation)
        }
        if let group {
            let params = Set(runs.flatMap(\.params.keys)).sorted()
            guard params.contains(group.name) else {
                throw DirectiveError("no run of '\(experiment.name)' has the parameter '\(group.name)'\(Suggestion.hint(for: group.name, in: params)); parameters: \(params.joined(separator: ", "))",
                                     at: group.location)
            }
        }
        let ranking = MLflowRanking(runs: runs, metric: metric, goal: goal, selection: pick)
        guard !ranking.entries.isEmpty else {
            throw DirectiveError("no run of '\(experiment.name)' has a usable value of '\(metric)' (every value is NaN)", at: metricLocation)
        }
        let report = TrialsReport(display: display, experiment: experiment, runs: runs, ranking: ranking, group: group?.name,
                                  trialParam: trialParam, top: top)
        let (markdown, figures) = try report.markdown(context: context)
        return DirectiveOutput(result: report.result(), markdown: markdown, figures: figures)
    }
}
