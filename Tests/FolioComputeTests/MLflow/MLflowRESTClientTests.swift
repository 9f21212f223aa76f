import Foundation
import Testing
@testable import FolioCompute

/// The tracking server `scripts/mlflow-server` starts and fills (`scripts/mlflow_populate.py`):
/// the same runs logged to the server and to a file store.
enum MLflowServerFixture {
    static let environment = ProcessInfo.processInfo.environment
    /// `FOLIO_TEST_MLFLOW_URI`: the server.
    static let uri = environment["FOLIO_TEST_MLFLOW_URI"].flatMap { $0.isEmpty ? nil : URL(string: $0) }
    /// `FOLIO_TEST_MLFLOW_FILE_STORE`: the file store holding the same runs.
    static let fileStore = environment["FOLIO_TEST_MLFLOW_FILE_STORE"] ?? ""
    /// `FOLIO_TEST_MLFLOW_AUTH_URI`: a server running MLflow's basic-auth app (admin / password1234).
    static let authURI = environment["FOLIO_TEST_MLFLOW_AUTH_URI"].flatMap { $0.isEmpty ? nil : URL(string: $0) }
    static let skipMessage = "no MLflow tracking server: run the tests through scripts/mlflow-server (it sets FOLIO_TEST_MLFLOW_URI)"

    /// A run as both stores should return it: without what differs between stores (ids,
    /// paths, artifact URIs), metric points sorted, values compared by their text (NaN too).
    static func comparable(_ run: MLflowRun) -> String {
        var lines = ["\(run.runName) \(run.status.rawValue) \(run.startTime ?? -1) \(run.endTime ?? -1) \(run.lifecycleStage) \(run.userId ?? "-")"]
        lines += run.params.keys.sorted().map { "param \($0)=\(run.params[$0]!)" }
        lines.append("tag stage=\(run.tags["stage"] ?? "-")")
        for key in run.metrics.keys.sorted() {
            let points = run.metrics[key]!.sorted { MLflowMetricPoint.isBefore($0, $1) }
            lines += points.map { "metric \(key) \($0.step) \($0.timestamp) \($0.value)" }
        }
        return lines.joined(separator: "\n")
    }
}

/// `MLflowRESTClient` against a real `mlflow server`: the same runs as the file store, read
/// page by page; artifacts downloaded once, byte for byte.
@Suite(.enabled(if: MLflowServerFixture.uri != nil, Comment(rawValue: MLflowServerFixture.skipMessage)))
struct MLflowRESTClientTests {
    static func client(pageSize: Int = 2) -> MLflowRESTClient {
        var client = MLflowRESTClient(serverURL: MLflowServerFixture.uri!)
        client.pageSize = pageSize
        return client
    }

    @Test func runsEqualTheFileStoresReadPageByPage() throws {
        let client = Self.client(pageSize: 2)
        let server = try client.runs(in: client.experiment(named: "hpo"))
        let files = MLflowStore(path: MLflowServerFixture.fileStore)
        let local = try files.runs(in: files.experiment(named: "hpo"))
        // Seven runs logged, one deleted: three pages of two.
        #expect(server.count == 6)
        #expect(server.map(\.runName) == local.map(\.runName))
        #expect(server.map(MLflowServerFixture.comparable) == local.map(MLflowServerFixture.comparable))
        // Every point of a history (MLflow 2.22's server sends a history whole; the client
        // follows `next_page_token` when a server pages it).
        #expect(server.first { $0.runName == "mlp-1" }?.metrics["val_f1"]?.count == 5)
        for metric in ["val_f1", "val_loss"] {
            for goal in MLflowMetricGoal.allCases {
                for pick in MLflowStepSelection.allCases {
                    let a = MLflowRanking(runs: server, metric: metric, goal: goal, selection: pick)
                    let b = MLflowRanking(runs: local, metric: metric, goal: goal, selection: pick)
                    #expect(a.entries.map { "\($0.run.runName) \($0.step) \($0.value)" } == b.entries.map { "\($0.run.runName) \($0.step) \($0.value)" },
                            "\(metric) \(goal) \(pick)")
                }
            }
        }
    }

    @Test func experimentsAreListedPageByPage() throws {
        #expect(try Self.client(pageSize: 1).experiments().map(\.name) == ["Default", "other", "hpo"])
    }

    @Test func aMissingExperimentSuggestsTheClosestName() throws {
        let error = #expect(throws: DataError.self) { try Self.client().experiment(named: "hp0") }
        #expect(error?.kind == .notFound)
        #expect(error?.suggestion == "hpo")
        #expect(error?.message == "no active experiment named \"hp0\" on the MLflow tracking server at \(MLflowServerFixture.uri!.absoluteString)")
    }

    @Test func aRunIsReadByIdAndAnUnknownOneIsNil() throws {
        let client = Self.client()
        let runs = try client.runs(in: client.experiment(named: "hpo"))
        let first = try #require(runs.first)
        #expect(try client.run(id: first.runId).map(MLflowServerFixture.comparable) == MLflowServerFixture.comparable(first))
        #expect(try client.run(id: "0123456789abcdef0123456789abcdef") == nil)
    }

    @Test func artifactsDownloadOnceAndMatchTheFileStoresBytes() throws {
        let client = Self.client(pageSize: 2)
        let run = try #require(try client.runs(in: client.experiment(named: "hpo")).first { $0.runName == "lstm-2" })
        let files = MLflowStore(path: MLflowServerFixture.fileStore)
        let local = try #require(try files.runs(in: files.experiment(named: "hpo")).first { $0.runName == "lstm-2" })
        let cacheFolder = FileManager.default.temporaryDirectory.appendingPathComponent("folio-mlflow-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: cacheFolder) }
        let cache = MLflowArtifactCache(folder: cacheFolder)
        let first = try cache.folder("model", of: run, from: client)
        #expect(first.downloaded == 4)
        #expect(first.url == cacheFolder.appendingPathComponent("\(run.runId)/model"))
        for file in ["model.onnx", "config.yaml", "scaler.json", "notes/readme.txt"] {
            let got = FileManager.default.contents(atPath: first.url.appendingPathComponent(file).path)
            let expected = FileManager.default.contents(atPath: local.path + "/artifacts/model/" + file)
            #expect(got != nil && got == expected, "\(file)")
        }
        // Cached: nothing downloaded again, unless a copy's size differs from the server's.
        #expect(try cache.folder("model", of: run, from: client).downloaded == 0)
        try Data("cut".utf8).write(to: first.url.appendingPathComponent("config.yaml"))
        #expect(try cache.folder("model", of: run, from: client).downloaded == 1)
        let error = #expect(throws: DataError.self) { try cache.folder("weights", of: run, from: client) }
        #expect(error?.kind == .notFound)
        // The artifact proxy (used when /get-artifact is not served) gives the same bytes.
        #expect(try client.proxiedArtifactData(run: run, path: "model/model.onnx")
                == FileManager.default.contents(atPath: local.path + "/artifacts/model/model.onnx"))
    }

    @Test(.enabled(if: MLflowServerFixture.authURI != nil, "no basic-auth server (scripts/mlflow-server starts one when MLflow's basic-auth app runs)"))
    func credentialsAreSentAndAWrongTokenIsRejected() throws {
        var client = MLflowRESTClient(serverURL: MLflowServerFixture.authURI!, credentials: MLflowCredentials(.basic(user: "admin", password: "password1234")))
        #expect(try client.experiments().map(\.name).contains("Default"))
        client.credentials = MLflowCredentials(.token("not-a-valid-token"))
        let error = #expect(throws: DataError.self) { try client.experiments() }
        #expect(error?.message.hasPrefix("the MLflow tracking server at \(MLflowServerFixture.authURI!.absoluteString) rejected the credentials (HTTP 401") == true,
                "\(error?.message ?? "")")
        #expect(error?.message.contains("not-a-valid-token") == false)
    }
}

/// Errors that need no server.
@Suite struct MLflowRESTClientErrorTests {
    @Test func aServerThatIsDownIsNamedWithTheCause() throws {
        var client = MLflowRESTClient(serverURL: URL(string: "http://127.0.0.1:1")!)
        client.retries = 1
        client.retryDelay = 0.01
        let error = #expect(throws: DataError.self) { try client.experiments() }
        #expect(error?.message == "cannot reach the MLflow tracking server at http://127.0.0.1:1: connection refused (2 attempts)")
    }

    @Test func credentialsComeFromTheEnvironmentAndNeverShow() {
        let token = MLflowCredentials(environment: ["MLFLOW_TRACKING_TOKEN": "t0k", "MLFLOW_TRACKING_USERNAME": "u"])
        #expect(token?.authorization == "Bearer t0k")
        #expect(token?.description.contains("t0k") == false)
        let basic = MLflowCredentials(environment: ["MLFLOW_TRACKING_USERNAME": "u", "MLFLOW_TRACKING_PASSWORD": "p"])
        #expect(basic?.authorization == "Basic dTpw")
        #expect(basic?.description.contains("p\"") == false)
        #expect(MLflowCredentials(environment: [:]) == nil)
    }
}
