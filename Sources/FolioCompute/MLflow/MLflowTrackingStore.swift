/// Where MLflow experiments and runs are read from: the extension point that lets `trials`
/// and `checkpoints` rank and extract the same runs whatever the backend.
///
/// Conforming stores: `MLflowStore` (the file store, `mlruns/`), FolioNotebook's
/// `MLflowSQLiteStore` (`mlflow.db`) and `MLflowRESTClient` (a tracking server,
/// `http(s)://host:port`). Each returns the same values for the same logged runs: active
/// experiments and runs only, every logged point of every metric, runs ordered by start
/// time, then id.
public protocol MLflowTrackingStore: Sendable {
    /// The active experiments.
    ///
    /// - Throws: `DataError` naming the store (a path or the server's URL).
    func experiments() throws(DataError) -> [MLflowExperiment]

    /// The active experiment named `name`.
    ///
    /// - Throws: `DataError` of kind `notFound` when there is none.
    func experiment(named name: String) throws(DataError) -> MLflowExperiment

    /// The active runs of `experiment` with their parameters, tags and full metric
    /// histories, ordered by start time, then run id.
    func runs(in experiment: MLflowExperiment) throws(DataError) -> [MLflowRun]

    /// The active run `id`, or `nil` when the store has no such run.
    func run(id: String) throws(DataError) -> MLflowRun?
}

extension MLflowTrackingStore {
    /// Looks `name` up among `experiments()`.
    public func experiment(named name: String) throws(DataError) -> MLflowExperiment {
        let all = try experiments()
        if let found = all.first(where: { $0.name == name }) { return found }
        let suggestion = NameSuggestion.closest(to: name, among: all.map(\.name))
        throw DataError(.notFound, "no active experiment named \"\(name)\"", suggestion: suggestion)
    }

    /// Looks run `id` up in every active experiment.
    public func run(id: String) throws(DataError) -> MLflowRun? {
        for experiment in try experiments() {
            if let run = try runs(in: experiment).first(where: { $0.runId == id }) { return run }
        }
        return nil
    }
}

extension MLflowStore: MLflowTrackingStore {}
