import Foundation
import Testing
@testable import FolioNotebook

/// A small MLflow file store: experiment `hpo` (id 1) with four runs.
/// - trial 1 (`a`): val_f1 0.2, 0.4, 0.3 at steps 0-2 (best epoch 1);
/// - trial 2 (`b`): 0.35, 0.3 (best epoch 0);
/// - trial 3 (`a`, FAILED): 0.1, 0.45 (best epoch 1);
/// - trial 4 (`b`): no val_f1.
@Suite(.serialized) struct TrialsDirectiveTests {
    static func experimentMeta(id: String, name: String) -> String {
        "artifact_location: file:///tmp/mlruns/\(id)\ncreation_time: 1716188428000\nexperiment_id: '\(id)'\nlast_update_time: 1716188428000\nlifecycle_stage: active\nname: \(name)\n"
    }

    static func run(_ id: String, trial: Int, type: String, status: Int, f1: [Double], experiment: String = "1") -> [String: String] {
        let folder = "data/mlruns/\(experiment)/\(id)"
        var files = [
            "\(folder)/meta.yaml": "artifact_uri: file:///tmp/mlruns/\(experiment)/\(id)/artifacts\nend_time: 1716242219685\nexperiment_id: '\(experiment)'\nlifecycle_stage: active\nrun_id: \(id)\nrun_name: trial_\(trial)\nrun_uuid: \(id)\nstart_time: \(1716241674000 + trial * 1000)\nstatus: \(status)\ntags: []\nuser_id: quant\n",
            "\(folder)/params/model_type": type,
            "\(folder)/params/trial_number": "\(trial)",
            "\(folder)/params/learning_rate": "0.00\(trial)",
            "\(folder)/metrics/val_loss": (0..<max(f1.count, 1)).map { "\(1716241675000 + $0 * 1000) \(0.5 - 0.01 * Double($0)) \($0)" }.joined(separator: "\n") + "\n",
        ]
        if !f1.isEmpty {
            files["\(folder)/metrics/val_f1"] = f1.enumerated().map { "\(1716241675000 + $0 * 1000) \($1) \($0)" }.joined(separator: "\n") + "\n"
        }
        return files
    }

    static var store: [String: String] {
        var files = ["data/mlruns/0/meta.yaml": experimentMeta(id: "0", name: "Default"),
                     "data/mlruns/1/meta.yaml": experimentMeta(id: "1", name: "hpo")]
        for run in [run("r1", trial: 1, type: "a", status: 3, f1: [0.2, 0.4, 0.3]), run("r2", trial: 2, type: "b", status: 3, f1: [0.35, 0.3]),
                    run("r3", trial: 3, type: "a", status: 4, f1: [0.1, 0.45]), run("r4", trial: 4, type: "b", status: 3, f1: [])] {
            files.merge(run) { a, _ in a }
        }
        return files
    }

    static func project(_ body: String, extra: [String: String] = [:]) throws -> TestProject {
        var files = store.merging(extra) { _, b in b }
        files["notebooks/n.md"] = "---\ndata: data\n---\n```{trials} t\n\(body)```\n"
        return try TestProject(files)
    }

    static func render(_ project: TestProject) async throws -> JSONValue {
        let summary = await project.render()
        #expect(summary.succeeded, "\(summary.diagnostics)")
        return try JSONValue(parsing: project.read("reports/n.results.json"))
    }

    @Test func bestRunPerGroupWithItsEpochParamsAndMetrics() async throws {
        let project = try TrialsDirectiveTests.project("group: model_type\n")
        defer { project.remove() }
        let results = try await TrialsDirectiveTests.render(project)
        guard case .object(let best)? = results.at("t.best"), case .object(let a)? = best["a"] else {
            Issue.record("no best")
            return
        }
        #expect(best.keys == ["a", "b"])
        #expect(a.keys == ["rank", "run_id", "run_name", "trial", "epoch", "value", "status", "group", "params", "metrics"])
        guard case .object(let t)? = results.at("t") else { return }
        #expect(t.keys == ["best", "runs", "by_trial", "experiment", "metric", "goal", "pick", "run_count", "without_metric", "statuses"])
        #expect(results.at("t.best.a.run_id") == "r3")
        #expect(results.at("t.best.a.trial") == 3)
        #expect(results.at("t.best.a.epoch") == 1)
        #expect(results.at("t.best.a.status") == "FAILED")
        #expect(results.at("t.best.a.params.learning_rate") == "0.003")
        #expect(results.at("t.best.a.metrics") == ["val_f1": 0.45, "val_loss": 0.49])
        #expect(results.at("t.best.b.trial") == 2)
        #expect(results.at("t.best.b.epoch") == 0)
        #expect(results.at("t.best.b.rank") == 3)
        #expect(results.at("t.runs.1.run_id") == "r1")
        #expect(results.at("t.runs.1.value") == 0.4)
        #expect(results.at("t.run_count") == 4)
        #expect(results.at("t.without_metric") == 1)
        #expect(results.at("t.statuses") == ["FINISHED": 3, "FAILED": 1])
        #expect(results.at("t.experiment") == "hpo")
        #expect(results.at("t.by_trial.1") == ["rank": 2, "run_id": "r1", "epoch": 1, "value": 0.4, "status": "FINISHED"])
        let report = try project.read("reports/n.md")
        #expect(report.contains("Experiment **hpo** in `data/mlruns` (id 1): **4** runs (3 FINISHED, 1 FAILED). Each run is ranked by `val_f1` at its best epoch (higher is better); 1 run never logged it and is not ranked."))
        #expect(report.contains("| a | 3 | 1 | `r3` | 1 | FAILED | 0.4500 | 0.4900 |"))
        #expect(report.contains("| learning_rate | 0.003 | 0.002 |"))
        #expect(report.contains("| 2 | 1 | a | 1 | 0.4000 | FINISHED | `r1` |"))
        #expect(project.exists("reports/figures/n-t-curves.svg"))
    }

    @Test func lastEpochWithoutGroup() async throws {
        let project = try TrialsDirectiveTests.project("experiment: hpo\npick: last\n")
        defer { project.remove() }
        let results = try await TrialsDirectiveTests.render(project)
        #expect(results.at("t.best.run_id") == "r3")
        // trial 1 and 2 both end at 0.3: ranked by run name.
        #expect(results.at("t.runs.1.trial") == 1)
        #expect(results.at("t.runs.1.epoch") == 2)
        #expect(results.at("t.runs.2.trial") == 2)
        #expect(results.at("t.pick") == "last")
    }

    @Test func minimizeALoss() async throws {
        let project = try TrialsDirectiveTests.project("metric: val_loss\ngoal: minimize\n")
        defer { project.remove() }
        let results = try await TrialsDirectiveTests.render(project)
        // Trial 1's loss falls to 0.48 at its third epoch; the others stop earlier.
        #expect(results.at("t.best.trial") == 1)
        #expect(results.at("t.best.epoch") == 2)
        #expect(results.at("t.without_metric") == 0)
    }

    @Test(arguments: [
        ("store: mlflow.db\n", 5, 8, "file not found: data/mlflow.db"),
        ("store: mlruns.db\n", 5, 8, "data/mlruns.db is a folder, not an MLflow SQLite database file"),
        ("store: postgresql://db/mlflow\n", 5, 8, "'store': 'postgresql://db/mlflow' is a store folio does not read (PostgreSQL, MySQL and other databases: read them through `mlflow server`); give the file store folder (mlruns/), the SQLite file (mlflow.db) or a tracking server (http://host:port)"),
        ("store: notes.txt\n", 5, 8, "data/notes.txt is a file, not an MLflow file store folder; give the file store (mlruns/) or an SQLite store ending in .db, .sqlite or .sqlite3 (mlflow.db)"),
        ("store: nope\n", 5, 8, "folder not found: data/nope"),
        ("experiment: hp\n", 5, 13, "no experiment named 'hp' in data/mlruns (did you mean 'hpo'?); experiments: Default, hpo"),
        ("metric: val_f2\n", 5, 9, "no run of 'hpo' logged the metric 'val_f2' (did you mean 'val_f1'?); metrics: val_f1, val_loss"),
        ("group: model_typ\n", 5, 8, "no run of 'hpo' has the parameter 'model_typ' (did you mean 'model_type'?); parameters: learning_rate, model_type, trial_number"),
        ("pick: lst\n", 5, 7, "'pick': unknown value 'lst' (did you mean 'last'?); expected one of: best, last"),
        ("goal: minimise\n", 5, 7, "'goal': unknown value 'minimise' (did you mean 'minimize'?); expected one of: maximize, minimize"),
        ("top: 0\n", 5, 6, "'top': must be at least 1, got 0"),
    ])
    func errorsAreLocated(body: String, line: Int, column: Int, message: String) async throws {
        let project = try TrialsDirectiveTests.project(body, extra: ["data/notes.txt": "not a store\n", "data/mlruns.db/x": "a folder named like a database\n"])
        defer { project.remove() }
        let summary = await project.render()
        let error = summary.diagnostics.first { $0.severity == .error }
        #expect(error?.message == message)
        #expect(error?.location == SourceLocation(line: line, column: column))
    }

    @Test func twoExperimentsNeedANameAndMalformedMetricsSayWhere() async throws {
        let two = try TrialsDirectiveTests.project("top: 3\n", extra: ["data/mlruns/2/meta.yaml": TrialsDirectiveTests.experimentMeta(id: "2", name: "other")])
        let broken = try TrialsDirectiveTests.project("top: 3\n", extra: ["data/mlruns/1/r2/metrics/val_f1": "1716241675000 high 0\n"])
        defer { two.remove(); broken.remove() }
        let first = await two.render().diagnostics.first { $0.severity == .error }
        #expect(first?.message == "name the experiment with 'experiment': data/mlruns holds hpo, other")
        #expect(first?.location == SourceLocation(line: 5, column: 1))
        let second = await broken.render().diagnostics.first { $0.severity == .error }
        #expect(second?.message == "data/mlruns/1/r2/metrics/val_f1:1: expected a metric line `timestamp value step`, found \"1716241675000 high 0\"")
        #expect(second?.location == SourceLocation(line: 5, column: 1))
    }
}
