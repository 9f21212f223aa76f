import Foundation
import Testing
@testable import FolioCompute
@testable import FolioNotebook

/// `trials`, `checkpoints` and `{run:}` checkpoints reading an MLflow tracking server
/// (`store: http://...`), against the server `scripts/mlflow-server` starts: the same runs
/// are logged there and to a file store (`scripts/mlflow_populate.py`), and folio must rank
/// them identically.
@Suite(.enabled(if: TrialsServerFixture.uri != nil, Comment(rawValue: TrialsServerFixture.skipMessage)))
struct TrialsServerTests {
    static let environment = TrialsServerFixture.environment
    static let uri = TrialsServerFixture.uri
    static let authURI = TrialsServerFixture.authURI

    /// Run ids by run name, of the server and of the file store.
    static func runIDs(_ store: String) throws -> JSONValue {
        try #require(try JSONValue(parsing: environment["FOLIO_TEST_MLFLOW_RUNS"] ?? "{}").at(store))
    }

    /// A project with `notebooks/n.md` holding `blocks` and the file store copied to `data/mlruns`.
    static func project(_ blocks: String) throws -> TestProject {
        let project = try TestProject(["notebooks/n.md": "---\ndata: data\n---\n" + blocks])
        try FileManager.default.createDirectory(at: project.root.appendingPathComponent("data"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: environment["FOLIO_TEST_MLFLOW_FILE_STORE"] ?? "", toPath: project.root.appendingPathComponent("data/mlruns").path)
        return project
    }

    static func options(_ environment: [String: String]) -> RenderOptions {
        var options = RenderOptions(quiet: true)
        options.environment = environment
        return options
    }

    /// `value` without its `run_id` keys (the two stores give the same runs different ids).
    static func withoutRunIDs(_ value: JSONValue?) -> JSONValue? {
        switch value {
        case .object(let object)?:
            return .object(JSONObject(object.pairs.filter { $0.0 != "run_id" }.map { ($0.0, withoutRunIDs($0.1) ?? .null) }))
        case .array(let items)?:
            return .array(items.map { withoutRunIDs($0) ?? .null })
        default:
            return value
        }
    }

    @Test func theServersRankingEqualsTheFileStoresPageByPage() async throws {
        let body = "experiment: hpo\ngroup: model_type\ntop: 10\n"
        let project = try Self.project("```{trials} server\nstore: \(Self.uri!)\n\(body)```\n\n```{trials} files\nstore: mlruns\n\(body)```\n")
        defer { project.remove() }
        // Pages of two runs and two metric points: every listing takes several pages.
        let summary = await project.render(options: Self.options([MLflowStoreReference.pageSizeVariable: "2"]))
        #expect(summary.succeeded, "\(summary.diagnostics.map(\.rendered))")
        let results = try JSONValue(parsing: project.read("reports/n.results.json"))
        let server = try #require(results.at("server"))
        #expect(server.at("run_count") == 6)
        // lstm-2 and lstm-5 tie at 0.66: the run name decides.
        #expect(server.at("runs.0.run_name") == "lstm-2")
        #expect(server.at("runs.1.run_name") == "lstm-5")
        #expect(Self.withoutRunIDs(server) == Self.withoutRunIDs(results.at("files")))
        // The run ids are the server's.
        let ids = try Self.runIDs("server")
        #expect(server.at("best.gru.run_id") == ids.at("gru-3"))
        let report = try project.read("reports/n.md")
        #expect(report.contains("Experiment **hpo** in `\(Self.uri!)` (id "))
    }

    @Test func mlflowTrackingURIIsTheDefaultStore() async throws {
        let project = try Self.project("```{trials} t\nexperiment: hpo\n```\n")
        defer { project.remove() }
        let summary = await project.render(options: Self.options(["MLFLOW_TRACKING_URI": Self.uri!]))
        #expect(summary.succeeded, "\(summary.diagnostics.map(\.rendered))")
        let results = try JSONValue(parsing: project.read("reports/n.results.json"))
        let ids = try Self.runIDs("server")
        #expect(results.at("t.best.run_id") == ids.at("lstm-2"))
        // A server is read afresh at every render: the block is never taken from the cache.
        let again = await project.render(options: Self.options(["MLFLOW_TRACKING_URI": Self.uri!]))
        #expect(again.succeeded)
    }

    @Test func aMissingExperimentIsLocatedWithTheClosestName() async throws {
        let project = try Self.project("```{trials} t\nstore: \(Self.uri!)\nexperiment: hp0\n```\n")
        defer { project.remove() }
        let error = await project.render().diagnostics.first { $0.severity == .error }
        #expect(error?.message == "no experiment named 'hp0' in \(Self.uri!) (did you mean 'hpo'?); experiments: Default, other, hpo")
        #expect(error?.location == SourceLocation(line: 6, column: 13))
    }

    @Test func credentialsNeverReachTheReportResultsOrCache() async throws {
        let secret = "folio-test-secret-7f3a"
        let id = try #require(try Self.runIDs("server").at("lstm-5")?.stringValue)
        let project = try Self.project("```{trials} t\nstore: \(Self.uri!)\nexperiment: hpo\n```\n\n```{checkpoints} prod\nstore: \(Self.uri!)\nruns: {lstm: \"\(id)\"}\n```\n")
        defer { project.remove() }
        // The server is MLFLOW_TRACKING_URI's, so the token is sent (MLflow's plain server ignores it).
        let summary = await project.render(options: Self.options(["MLFLOW_TRACKING_TOKEN": secret, "MLFLOW_TRACKING_URI": Self.uri!]))
        #expect(summary.succeeded, "\(summary.diagnostics.map(\.rendered))")
        let files = FileManager.default.enumerator(at: project.root, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? []
        #expect(files.count > 5)
        for file in files {
            guard let data = FileManager.default.contents(atPath: file.path) else { continue }
            #expect(!String(decoding: data, as: UTF8.self).contains(secret), "\(file.path)")
        }
    }

    @Test func checkpointsDownloadTheModelOnceAndCopyTheSameBytes() async throws {
        let server = try Self.runIDs("server"), local = try Self.runIDs("file_store")
        let id = try #require(server.at("mlp-1")?.stringValue)
        let project = try Self.project("```{checkpoints} prod\nstore: \(Self.uri!)\nruns: {mlp: \"\(id)\"}\n```\n")
        defer { project.remove() }
        let summary = await project.render()
        #expect(summary.succeeded, "\(summary.diagnostics.map(\.rendered))")
        let localID = try #require(local.at("mlp-1")?.stringValue)
        let experiment = try #require(try FileManager.default.contentsOfDirectory(atPath: project.root.appendingPathComponent("data/mlruns").path)
            .first { project.exists("data/mlruns/\($0)/\(localID)") })
        // mlp-1's val_f1 is best at epoch 2.
        for file in ["model.onnx", "config.yaml", "scaler.json"] {
            let copied = FileManager.default.contents(atPath: project.root.appendingPathComponent("models/production/mlp_trial1_epoch2/\(file)").path)
            let original = FileManager.default.contents(atPath: project.root.appendingPathComponent("data/mlruns/\(experiment)/\(localID)/artifacts/model/\(file)").path)
            #expect(copied != nil && copied == original, "\(file)")
        }
        #expect(project.exists(".folio/cache/mlflow/\(id)/model/model.onnx"))
        #expect(project.exists(".folio/cache/mlflow/\(id)/model/notes/readme.txt"))
        // The provenance manifest names the server as the store, and its experiment.
        let manifest = try project.read("models/production/mlp_trial1_epoch2/PROVENANCE.json")
        #expect(manifest.contains("\"store\": \"\(Self.uri!)\""), "\(manifest)")
        #expect(manifest.contains("\"experiment\": \"hpo\""), "\(manifest)")
    }

    /// `folio checkpoints restore` on a checkpoint extracted from a server reads the manifest's
    /// server: damaged and deleted files come back with the manifest's bytes, downloaded afresh
    /// (the render's artifact cache is not trusted) into a folder removed afterwards.
    @Test func restoreReadsTheManifestsServer() async throws {
        let server = try Self.runIDs("server")
        let id = try #require(server.at("mlp-1")?.stringValue)
        let project = try Self.project("```{checkpoints} prod\nstore: \(Self.uri!)\nruns: {mlp: \"\(id)\"}\n```\n")
        defer { project.remove() }
        #expect(await project.render().succeeded)
        let folder = "models/production/mlp_trial1_epoch2"
        let original = try #require(FileManager.default.contents(atPath: project.root.appendingPathComponent("\(folder)/model.onnx").path))
        let scaler = try #require(FileManager.default.contents(atPath: project.root.appendingPathComponent("\(folder)/scaler.json").path))
        try project.write("\(folder)/model.onnx", "damaged")
        try FileManager.default.removeItem(at: project.root.appendingPathComponent("\(folder)/scaler.json"))
        // The render's cache holds a damaged copy too: the restore must not use it.
        try project.write(".folio/cache/mlflow/\(id)/model/model.onnx", "damaged")
        var restore = CheckpointRestore(projectRoot: project.root, runID: id)
        restore.environment = [:]
        let outcome = try restore.run()
        #expect(outcome.restored == ["model.onnx", "scaler.json"])
        #expect(outcome.store == Self.uri!)
        #expect(FileManager.default.contents(atPath: project.root.appendingPathComponent("\(folder)/model.onnx").path) == original)
        #expect(FileManager.default.contents(atPath: project.root.appendingPathComponent("\(folder)/scaler.json").path) == scaler)
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: project.root.appendingPathComponent(".folio/tmp").path)) ?? []).isEmpty)
        // A run the server does not have is a clear error.
        var unknown = CheckpointRestore(projectRoot: project.root, runID: id, folder: project.root.appendingPathComponent(folder))
        unknown.environment = [:]
        unknown.runID = "0123456789abcdef0123456789abcdef"
        #expect(throws: CheckpointRestoreError.self) { try unknown.run() }
    }

    @Test(.enabled(if: TrialsServerFixture.authURI != nil, "no basic-auth server (scripts/mlflow-server starts one when MLflow's basic-auth app runs)"))
    func aWrongTokenIsRejectedAtTheStore() async throws {
        let project = try Self.project("```{trials} t\nstore: \(Self.authURI!)\nexperiment: hpo\n```\n")
        defer { project.remove() }
        let environment = ["MLFLOW_TRACKING_TOKEN": "wrong-token", "MLFLOW_TRACKING_URI": Self.authURI!]
        let error = await project.render(options: Self.options(environment)).diagnostics.first { $0.severity == .error }
        #expect(error?.message == "the MLflow tracking server at \(Self.authURI!) rejected the credentials (HTTP 401 for /api/2.0/mlflow/experiments/get-by-name); folio sent the request with the token in MLFLOW_TRACKING_TOKEN",
                "\(error?.message ?? "")")
        #expect(error?.location == SourceLocation(line: 5, column: 8))
    }

    @Test(.enabled(if: TrialsServerFixture.authURI != nil, "no basic-auth server (scripts/mlflow-server starts one when MLflow's basic-auth app runs)"))
    func credentialsGoOnlyToTheServerOfTheTrackingURI() async throws {
        let project = try Self.project("```{trials} t\nstore: \(Self.authURI!)\nexperiment: hpo\n```\n")
        defer { project.remove() }
        let user = ["MLFLOW_TRACKING_USERNAME": "admin", "MLFLOW_TRACKING_PASSWORD": "password1234"]
        // Sent to MLFLOW_TRACKING_URI's server: accepted (that server holds no experiment hpo).
        let accepted = await project.render(options: Self.options(user.merging(["MLFLOW_TRACKING_URI": Self.authURI!]) { a, _ in a }))
        #expect(accepted.diagnostics.first { $0.severity == .error }?.message == "no experiment named 'hpo' in \(Self.authURI!); experiments: Default")
        // A notebook naming another server than MLFLOW_TRACKING_URI's gets none.
        let withheld = await project.render(options: Self.options(user.merging(["MLFLOW_TRACKING_URI": Self.uri!]) { a, _ in a }))
        let origin = Self.uri!  // scheme://host:port, as folio compares them
        #expect(withheld.diagnostics.first { $0.severity == .error }?.message
                == "the MLflow tracking server at \(Self.authURI!) rejected the credentials (HTTP 401 for /api/2.0/mlflow/experiments/get-by-name); folio sent the request without credentials (the user \"admin\" of MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD is sent only to the server of MLFLOW_TRACKING_URI, \(origin))")
    }
}

/// The server `scripts/mlflow-server` starts (`FOLIO_TEST_MLFLOW_*`).
enum TrialsServerFixture {
    static let environment = ProcessInfo.processInfo.environment
    static let uri = environment["FOLIO_TEST_MLFLOW_URI"].flatMap { $0.isEmpty ? nil : $0 }
    static let authURI = environment["FOLIO_TEST_MLFLOW_AUTH_URI"].flatMap { $0.isEmpty ? nil : $0 }
    static let skipMessage = "no MLflow tracking server: run the tests through scripts/mlflow-server (it sets FOLIO_TEST_MLFLOW_URI)"
}

/// Tracking-server errors that need no server.
@Suite struct TrialsServerErrorTests {
    static func render(_ body: String, environment: [String: String] = [:]) async throws -> (TestProject, Diagnostic?) {
        let project = try TestProject(["notebooks/n.md": "---\ndata: data\n---\n```{trials} t\n\(body)```\n"])
        var options = RenderOptions(quiet: true)
        options.environment = environment
        return (project, await project.render(options: options).diagnostics.first { $0.severity == .error })
    }

    @Test func aServerThatIsDownIsLocatedAtTheStore() async throws {
        let (project, error) = try await Self.render("store: http://127.0.0.1:1\nexperiment: hpo\n")
        defer { project.remove() }
        #expect(error?.message == "cannot reach the MLflow tracking server at http://127.0.0.1:1: connection refused (4 attempts)")
        #expect(error?.location == SourceLocation(line: 5, column: 8))
    }

    @Test func credentialsInTheURLAreRefused() async throws {
        let (project, error) = try await Self.render("store: http://me:pw@127.0.0.1:5000\n")
        defer { project.remove() }
        #expect(error?.message.hasPrefix("'store': give the tracking server's credentials in MLFLOW_TRACKING_TOKEN") == true)
        #expect(error?.location == SourceLocation(line: 5, column: 8))
    }

    @Test func aTrackingURIThatIsNotAServerKeepsTheFileStoreDefault() async throws {
        let (project, error) = try await Self.render("top: 3\n", environment: ["MLFLOW_TRACKING_URI": "sqlite:///mlflow.db"])
        defer { project.remove() }
        #expect(error?.message == "folder not found: data/mlruns")
    }

    @Test func folioDirectivesTrialsDocumentsTheServer() {
        let text = DirectiveDocumentation.text(for: TrialsDirective.self)
        for needle in ["http://host:port", "MLFLOW_TRACKING_URI", "MLFLOW_TRACKING_TOKEN", "MLFLOW_TRACKING_USERNAME", ".folio/cache/mlflow"] {
            #expect(text.contains(needle), "\(needle)")
        }
        #expect(DirectiveDocumentation.text(for: CheckpointsDirective.self).contains("http://host:port"))
    }
}
