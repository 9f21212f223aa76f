import Foundation
import Testing
@testable import FolioNotebook

/// `trials` on an MLflow SQLite store: `Fixtures/mlflow_sqlite/mlflow.db`, written by MLflow
/// 2.22.5's `SqlAlchemyStore` (`generate.py`): experiments Default, other and hpo; hpo holds
/// seven runs (trial 6 deleted, trial 4 FAILED, trial 7 KILLED without val_f1, a NaN val_f1
/// at step 4 of trial 2). `expected.json` holds the ranking MLflow's client reads back.
@Suite(.serialized) struct TrialsSQLiteTests {
    static let fixtureDB = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/mlflow_sqlite/mlflow.db")

    /// A project whose data folder holds the fixture database as `data/mlflow.db` (or `name`).
    static func project(_ body: String, name: String = "mlflow.db", extra: [String: String] = [:]) throws -> TestProject {
        var files = extra
        files["notebooks/n.md"] = "---\ndata: data\n---\n```{trials} t\n\(body)```\n"
        let project = try TestProject(files)
        try FileManager.default.createDirectory(at: project.root.appendingPathComponent("data"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: fixtureDB, to: project.root.appendingPathComponent("data/\(name)"))
        return project
    }

    static func render(_ project: TestProject) async throws -> JSONValue {
        let summary = await project.render()
        #expect(summary.succeeded, "\(summary.diagnostics)")
        return try JSONValue(parsing: project.read("reports/n.results.json"))
    }

    static func close(_ a: JSONValue?, _ b: JSONValue?) -> Bool {
        guard let x = a?.doubleValue, let y = b?.doubleValue else { return false }
        return Swift.abs(x - y) <= 1e-9 * Swift.max(Swift.abs(x), Swift.abs(y))
    }

    @Test func rankingAndBestPerGroupMatchMLflow() async throws {
        let expected = try NotebookFixtures.json("mlflow_sqlite/expected.json")
        let project = try Self.project("store: mlflow.db\nexperiment: hpo\ngroup: model_type\ntop: 3\n")
        defer { project.remove() }
        let results = try await Self.render(project)
        #expect(results.at("t.experiment") == "hpo")
        #expect(results.at("t.run_count") == expected.at("run_count"))
        #expect(results.at("t.without_metric") == expected.at("without_metric"))
        for status in ["FINISHED", "FAILED", "KILLED"] {
            #expect(results.at("t.statuses.\(status)") == expected.at("statuses.\(status)"), "\(status)")
        }
        guard case .array(let ranking)? = expected.at("ranking"), case .array(let runs)? = results.at("t.runs") else {
            Issue.record("no ranking")
            return
        }
        #expect(runs.count == ranking.count)
        for (i, row) in ranking.enumerated() {
            for key in ["run_id", "run_name", "trial", "epoch", "status", "group"] {
                #expect(results.at("t.runs.\(i).\(key)") == row.at(key), "rank \(i + 1) \(key)")
            }
            #expect(Self.close(results.at("t.runs.\(i).value"), row.at("value")), "rank \(i + 1) value")
        }
        guard case .object(let bests)? = expected.at("best_by_model_type"), case .object(let got)? = results.at("t.best") else {
            Issue.record("no bests")
            return
        }
        #expect(Set(got.keys) == Set(bests.keys))
        for group in bests.keys {
            for key in ["run_id", "trial", "epoch", "status", "rank", "params"] {
                #expect(results.at("t.best.\(group).\(key)") == expected.at("best_by_model_type.\(group).\(key)"), "\(group) \(key)")
            }
            guard case .object(let metrics)? = expected.at("best_by_model_type.\(group).metrics") else { continue }
            #expect(results.at("t.best.\(group).metrics").flatMap { if case .object(let o) = $0 { Set(o.keys) } else { nil } } == Set(metrics.keys))
            for key in metrics.keys {
                #expect(Self.close(results.at("t.best.\(group).metrics.\(key)"), expected.at("best_by_model_type.\(group).metrics.\(key)")), "\(group) \(key)")
            }
        }
        // The deleted run is never read.
        let deleted = expected.at("deleted_run_id")
        #expect(!runs.contains { $0.at("run_id") == deleted })
        let report = try project.read("reports/n.md")
        #expect(report.contains("Experiment **hpo** in `data/mlflow.db` (id 2): **6** runs (4 FINISHED, 1 FAILED, 1 KILLED)."))
        #expect(project.exists("reports/figures/n-t-curves.svg"))
    }

    @Test func lastEpochSeesTheNaNAndSqliteURIsWork() async throws {
        // Trial 2 logged NaN at step 4 (is_nan = 1): `pick: best` skips it (trial 2 is first
        // at 0.66), `pick: last` ranks trial 2 last with its NaN, trial 4 (0.62 at step 2) first.
        let project = try Self.project("store: sqlite:///mlflow.db\nexperiment: hpo\npick: last\n")
        defer { project.remove() }
        let results = try await Self.render(project)
        #expect(results.at("t.pick") == "last")
        #expect(results.at("t.best.trial") == 4)
        #expect(results.at("t.best.epoch") == 2)
        #expect(results.at("t.runs.4.trial") == 2)
        #expect(results.at("t.runs.4.epoch") == 4)
    }

    @Test func theReaderMatchesTheTablesRowForRow() throws {
        let store = MLflowSQLiteStore(path: Self.fixtureDB.path)
        let experiments = try store.experiments()
        #expect(experiments.map(\.name) == ["Default", "other", "hpo"])
        #expect(experiments.map(\.id) == ["0", "1", "2"])
        let runs = try store.runs(in: experiments[2])
        #expect(runs.map(\.runName) == ["trial_1", "trial_2", "trial_3", "trial_4", "trial_5", "trial_7"])
        let two = try #require(runs.first { $0.runName == "trial_2" })
        #expect(two.metrics["val_f1"]?.map(\.step) == [0, 1, 2, 3, 4])
        #expect(two.metrics["val_f1"]?.last?.value.isNaN == true)
        #expect(two.metrics["val_f1"]?.prefix(4).map(\.value) == [0.55, 0.63, 0.66, 0.64])
        #expect(two.params == ["model_type": "gbm", "trial_number": "2", "learning_rate": "0.1"])
        #expect(two.tags["sampler"] == "tpe")
        #expect(two.tags["trial"] == "2")
        #expect(runs.first { $0.runName == "trial_7" }?.status == .killed)
        #expect(runs.first { $0.runName == "trial_4" }?.status == .failed)
        #expect(try store.runs(in: experiments[0]).map(\.runName) == ["stray"])
    }

    @Test(arguments: [
        ("broken.db", "not a database at all\n", "data/broken.db: not an SQLite database (file is not a database); expected an MLflow tracking store such as mlflow.db"),
        ("empty.sqlite", "", "data/empty.sqlite: not an MLflow tracking database: no table experiments, runs, metrics, params, tags (tables: none)"),
        ("missing.db", nil, "file not found: data/missing.db"),
    ] as [(String, String?, String)])
    func corruptOrForeignDatabasesGiveALocatedError(name: String, content: String?, message: String) async throws {
        var extra: [String: String] = [:]
        if let content { extra["data/\(name)"] = content }
        let project = try Self.project("store: \(name)\n", extra: extra)
        defer { project.remove() }
        let error = await project.render().diagnostics.first { $0.severity == .error }
        #expect(error?.message == message)
        #expect(error?.location == SourceLocation(line: 5, column: 8))
    }

    @Test func aSQLiteDatabaseWithoutMLflowTablesSaysWhichAreMissing() async throws {
        let project = try Self.project("store: other.db\n")
        defer { project.remove() }
        let foreign = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/mlflow_sqlite/not_mlflow.db")
        try FileManager.default.copyItem(at: foreign, to: project.root.appendingPathComponent("data/other.db"))
        let error = await project.render().diagnostics.first { $0.severity == .error }
        #expect(error?.message == "data/other.db: not an MLflow tracking database: no table experiments, metrics, params, tags (tables: prices, runs)")
        #expect(error?.location == SourceLocation(line: 5, column: 8))
    }

    @Test func otherDatabaseURIsAreRefused() async throws {
        let project = try Self.project("store: mysql://localhost/mlflow\n")
        defer { project.remove() }
        let error = await project.render().diagnostics.first { $0.severity == .error }
        #expect(error?.message == "'store': 'mysql://localhost/mlflow' is a store folio does not read (PostgreSQL, MySQL and other databases: read them through `mlflow server`); give the file store folder (mlruns/), the SQLite file (mlflow.db) or a tracking server (http://host:port)")
        #expect(error?.location == SourceLocation(line: 5, column: 8))
    }

    @Test func folioDirectivesTrialsDocumentsTheSQLiteBackend() {
        let text = DirectiveDocumentation.text(for: TrialsDirective.self)
        #expect(text.contains("SQLite backend"))
        #expect(text.contains("`is_nan = 1` is NaN"))
        #expect(text.contains("mlflow.db"))
        #expect(!text.contains("Not supported: MLflow's SQLite"))
    }
}
