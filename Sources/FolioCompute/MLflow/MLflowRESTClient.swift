import Foundation

/// Reads experiments, runs, metric histories and artifacts from an MLflow tracking server
/// (`mlflow server`, REST API 2.0), into the same values as the file store reader: a
/// `trials` block ranks the runs of a server exactly as it ranks them in `mlruns/`.
///
/// Endpoints: `experiments/get-by-name`, `experiments/search`, `runs/search` and `runs/get`
/// (active runs only), `metrics/get-history` (every logged point, not only the latest),
/// `artifacts/list`, and the downloads `/get-artifact` or, for runs whose artifacts live
/// behind the server's proxy, `/api/2.0/mlflow-artifacts/artifacts/...`. Every listing is
/// read page by page (`max_results`, `page_token` / `next_page_token`).
///
/// Requests are synchronous, each bounded by `timeout` and retried (`retries` times, after
/// `retryDelay` seconds, doubling) when the server cannot be reached or answers 429 or 5xx.
/// Errors are `DataError`s whose message names the server's URL, never the credentials.
public struct MLflowRESTClient: MLflowTrackingStore {
    /// The server's URL, e.g. `http://127.0.0.1:5000` (a path prefix is kept).
    public let serverURL: URL
    /// Sent with every request, when given.
    public var credentials: MLflowCredentials?
    /// Why the environment's credentials are not sent to this server, when they are not
    /// (said in the message of a 401 or 403).
    public var withheldCredentials: String?
    /// Seconds per request (default 30).
    public var timeout: Double = 30
    /// Further attempts after a connection error, 429 or 5xx (default 3).
    public var retries: Int = 3
    /// Seconds before the first retry, doubled at each further one (default 0.5).
    public var retryDelay: Double = 0.5
    /// `max_results` of each page of a listing (default 1000; tests use small pages).
    public var pageSize: Int = 1000

    /// A client of the server at `serverURL`.
    ///
    /// - Parameters:
    ///   - serverURL: `http://` or `https://`, without a user or password.
    ///   - credentials: from `MLflowCredentials(environment:)`, usually.
    public init(serverURL: URL, credentials: MLflowCredentials? = nil) {
        self.serverURL = serverURL
        self.credentials = credentials
    }

    var http: MLflowHTTP {
        MLflowHTTP(server: serverURL, credentials: credentials, withheldCredentials: withheldCredentials, timeout: timeout, retries: retries,
                   retryDelay: retryDelay)
    }

    /// The server's URL as messages and results show it.
    public var shown: String { http.shown }

    // MARK: - Experiments

    /// The active experiments, ordered by id (numerically when ids are numbers).
    public func experiments() throws(DataError) -> [MLflowExperiment] {
        var experiments: [MLflowExperiment] = []
        var token: String?
        var tokens = Set<String>()
        repeat {
            var body: [String: Any] = ["max_results": pageSize, "view_type": "ACTIVE_ONLY"]
            if let token { body["page_token"] = token }
            let page = try decode(WireExperimentsPage.self, try http.send("POST", "/api/2.0/mlflow/experiments/search", json: json(body)))
            experiments += (page.experiments ?? []).map { MLflowExperiment($0, server: shown) }
            token = try nextPage(page.next_page_token, seen: &tokens)
        } while token != nil
        return experiments.filter { $0.lifecycleStage != "deleted" }.sorted { Self.idOrder($0.id, $1.id) }
    }

    /// The active experiment named `name` (`experiments/get-by-name`).
    ///
    /// - Throws: `notFound` when the server has none (saying so when it was deleted), with
    ///   the closest name among the active experiments as `suggestion`.
    public func experiment(named name: String) throws(DataError) -> MLflowExperiment {
        let response = try http.send("GET", "/api/2.0/mlflow/experiments/get-by-name", query: [("experiment_name", name)], allowNotFound: true)
        if response.status != 404 {
            let experiment = MLflowExperiment(try decode(WireExperimentReply.self, response).experiment, server: shown)
            if experiment.lifecycleStage != "deleted" { return experiment }
        }
        let names = try experiments().map(\.name)
        let suggestion = NameSuggestion.closest(to: name, among: names)
        var message = "no active experiment named \"\(name)\" on the MLflow tracking server at \(shown)"
        if response.status != 404 { message += " (it was deleted)" }
        throw DataError(.notFound, message, suggestion: suggestion)
    }

    /// The experiment with id `id` (`experiments/get`), active or deleted.
    ///
    /// - Throws: `notFound` when the server has none.
    public func experiment(id: String) throws(DataError) -> MLflowExperiment {
        let response = try http.send("GET", "/api/2.0/mlflow/experiments/get", query: [("experiment_id", id)])
        return MLflowExperiment(try decode(WireExperimentReply.self, response).experiment, server: shown)
    }

    // MARK: - Runs

    /// The active runs of `experiment`, ordered by start time, then id, each with every
    /// logged point of its metrics (one `metrics/get-history` listing per run and metric).
    ///
    /// - Complexity: one request per page of runs, plus one per page of each history.
    public func runs(in experiment: MLflowExperiment) throws(DataError) -> [MLflowRun] {
        var wires: [WireRun] = []
        var token: String?
        var tokens = Set<String>()
        repeat {
            var body: [String: Any] = ["experiment_ids": [experiment.id], "max_results": pageSize, "run_view_type": "ACTIVE_ONLY"]
            if let token { body["page_token"] = token }
            let page = try decode(WireRunsPage.self, try http.send("POST", "/api/2.0/mlflow/runs/search", json: json(body)))
            wires += page.runs ?? []
            token = try nextPage(page.next_page_token, seen: &tokens)
        } while token != nil
        var runs: [MLflowRun] = []
        var seen = Set<String>()
        for wire in wires {
            let run = try self.run(wire)
            guard run.lifecycleStage != "deleted", seen.insert(run.runId).inserted else { continue }
            runs.append(run)
        }
        return runs.sorted { a, b in
            let (x, y) = (a.startTime ?? .min, b.startTime ?? .min)
            return x != y ? x < y : a.runId < b.runId
        }
    }

    /// The active run `id` (`runs/get`), or `nil` when the server has no such run.
    public func run(id: String) throws(DataError) -> MLflowRun? {
        let response = try http.send("GET", "/api/2.0/mlflow/runs/get", query: [("run_id", id)], allowNotFound: true)
        if response.status == 404 { return nil }
        let run = try self.run(try decode(WireRunReply.self, response).run)
        // The answer names the folder its artifacts are cached in: it must be the run asked for.
        guard run.runId == id else {
            throw DataError(.malformed, "the MLflow tracking server at \(shown) answered run \(run.runId) for \(id)")
        }
        return run.lifecycleStage == "deleted" ? nil : run
    }

    /// The next page's token, `nil` at the end; a token the server gave before is an error
    /// (a server repeating itself would be asked forever).
    private func nextPage(_ token: String?, seen: inout Set<String>) throws(DataError) -> String? {
        guard let token, !token.isEmpty else { return nil }
        guard seen.insert(token).inserted else {
            throw DataError(.malformed, "the MLflow tracking server at \(shown) repeats the page token \(token)")
        }
        return token
    }

    /// Every logged point of metric `key` of run `runId`, in the server's order.
    public func metricHistory(runId: String, key: String) throws(DataError) -> [MLflowMetricPoint] {
        var points: [MLflowMetricPoint] = []
        var token: String?
        var tokens = Set<String>()
        repeat {
            var query = [("run_id", runId), ("metric_key", key), ("max_results", String(pageSize))]
            if let token { query.append(("page_token", token)) }
            let page = try decode(WireMetricsPage.self, try http.send("GET", "/api/2.0/mlflow/metrics/get-history", query: query))
            points += (page.metrics ?? []).map(MLflowMetricPoint.init)
            token = try nextPage(page.next_page_token, seen: &tokens)
        } while token != nil
        return points
    }

    /// A run of a reply, its metric histories read in full.
    private func run(_ wire: WireRun) throws(DataError) -> MLflowRun {
        let info = wire.info
        let runId = info.run_id ?? info.run_uuid ?? ""
        var params: [String: String] = [:]
        for param in wire.data?.params ?? [] { params[param.key] = param.value ?? "" }
        var tags: [String: String] = [:]
        for tag in wire.data?.tags ?? [] { tags[tag.key] = tag.value ?? "" }
        var status = MLflowRunStatus.running
        if let text = info.status {
            guard let known = MLflowRunStatus(rawValue: text) else {
                throw DataError(.malformed, "run \(runId) on the MLflow tracking server at \(shown) has the unknown status \"\(text)\"")
            }
            status = known
        }
        var metrics: [String: [MLflowMetricPoint]] = [:]
        for key in Set((wire.data?.metrics ?? []).map(\.key)).sorted() {
            metrics[key] = try metricHistory(runId: runId, key: key)
        }
        var runName = info.run_name ?? ""
        if runName.isEmpty { runName = tags["mlflow.runName"] ?? "" }
        return MLflowRun(
            runId: runId, runName: runName, experimentId: info.experiment_id, status: status, startTime: info.start_time?.value,
            endTime: info.end_time?.value, lifecycleStage: info.lifecycle_stage ?? "active", userId: info.user_id,
            artifactURI: info.artifact_uri, params: params, tags: tags, metrics: metrics, path: shown)
    }

    // MARK: - Artifacts

    /// A file or folder among a run's artifacts, as `artifacts/list` reports it.
    public struct ArtifactFile: Sendable, Hashable {
        /// The path relative to the run's artifact root, e.g. `model/model.onnx`.
        public var path: String
        /// Whether it is a folder.
        public var isFolder: Bool
        /// The size in bytes the server reports (files only).
        public var size: Int64?
    }

    /// The files and folders directly under `path` of run `runId`'s artifacts (`""`: the
    /// root), sorted by path.
    public func artifacts(runId: String, path: String) throws(DataError) -> [ArtifactFile] {
        var files: [ArtifactFile] = []
        var token: String?
        var tokens = Set<String>()
        repeat {
            var query = [("run_id", runId)]
            if !path.isEmpty { query.append(("path", path)) }
            if let token { query.append(("page_token", token)) }
            let page = try decode(WireArtifactsPage.self, try http.send("GET", "/api/2.0/mlflow/artifacts/list", query: query))
            files += (page.files ?? []).map { ArtifactFile(path: $0.path, isFolder: $0.is_dir ?? false, size: $0.file_size?.value) }
            token = try nextPage(page.next_page_token, seen: &tokens)
        } while token != nil
        return files.sorted { $0.path < $1.path }
    }

    /// The bytes of artifact `path` of `run`: through `/get-artifact`, or, when the server
    /// does not serve that (older servers, `--artifacts-only`), through the artifact proxy
    /// for runs whose artifact URI is `mlflow-artifacts:/...`.
    public func artifactData(run: MLflowRun, path: String) throws(DataError) -> Data {
        let response = try http.send("GET", "/get-artifact", query: [("path", path), ("run_id", run.runId)], allowNotFound: true)
        if response.status != 404 { return response.body }
        if let proxied = try proxiedArtifactData(run: run, path: path) { return proxied }
        throw DataError(.notFound, "the MLflow tracking server at \(shown) has no artifact \(path) of run \(run.runId)")
    }

    /// The bytes of artifact `path` of `run` through the server's artifact proxy
    /// (`/api/2.0/mlflow-artifacts/artifacts/<experiment>/<run>/artifacts/<path>`), or `nil`
    /// when the run's artifact URI is not `mlflow-artifacts:/...`.
    func proxiedArtifactData(run: MLflowRun, path: String) throws(DataError) -> Data? {
        if let uri = run.artifactURI, uri.hasPrefix("mlflow-artifacts:") {
            var relative = String(uri.dropFirst("mlflow-artifacts:".count))
            if let scheme = relative.range(of: "//"), relative.hasPrefix("//") {
                // mlflow-artifacts://host:port/path: the path after the authority.
                relative = String(relative[scheme.upperBound...].drop { $0 != "/" })
            }
            while relative.hasPrefix("/") { relative.removeFirst() }
            let encoded = (relative + "/" + path).split(separator: "/").map {
                $0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? String($0)
            }.joined(separator: "/")
            return try http.send("GET", "/api/2.0/mlflow-artifacts/artifacts/" + encoded).body
        }
        return nil
    }

    // MARK: - JSON

    private func json(_ body: [String: Any]) throws(DataError) -> Data {
        do { return try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys]) } catch {
            throw DataError(.invalidValue, "cannot encode a request to \(shown): \(error)")
        }
    }

    private func decode<T: Decodable>(_ type: T.Type, _ response: MLflowHTTP.Response) throws(DataError) -> T {
        do { return try JSONDecoder().decode(type, from: response.body) } catch {
            let start = String(decoding: response.body.prefix(120), as: UTF8.self)
            throw DataError(.malformed, "the MLflow tracking server at \(shown) sent an answer folio cannot read (\(error)): \(start)")
        }
    }

    /// Numeric ids by value, then other ids as text (as `MLflowStore`).
    private static func idOrder(_ a: String, _ b: String) -> Bool {
        switch (UInt64(a), UInt64(b)) {
        case let (x?, y?): return x < y
        case (_?, nil): return true
        case (nil, _?): return false
        case (nil, nil): return a < b
        }
    }
}

extension MLflowRESTClient {
    /// `scheme://host:port` of a URL, lowercased, with the scheme's default port: what
    /// decides where credentials may go.
    public static func origin(_ url: URL) -> String {
        let scheme = (url.scheme ?? "").lowercased()
        let port = url.port ?? (scheme == "https" ? 443 : 80)
        return "\(scheme)://\((url.host ?? "").lowercased()):\(port)"
    }
}
