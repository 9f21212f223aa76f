import Foundation
import Testing

@testable import FolioCompute

/// Rankings against pandas over MLflow's metric histories (see
/// `Fixtures/data/generate_mlruns.py`).
@Suite struct MLflowRankingTests {
    @Test(arguments: [("val_f1", MLflowMetricGoal.maximize), ("val_loss", .minimize)])
    func bestStepRankingMatchesReference(metric: String, goal: MLflowMetricGoal) throws {
        let key = "\(metric)_\(goal == .maximize ? "max" : "min")"
        let reference = ((try MLflowStoreTests.expected()["rankings"] as! [String: Any])[key] as! [String: Any])
        let runs = try MLflowStoreTests.store.runs(experimentNamed: "phase4-hpo")
        let ranking = MLflowRanking(runs: runs, metric: metric, goal: goal, selection: .best)
        let ranked = reference["ranked"] as! [[String: Any]]
        #expect(ranking.entries.map(\.run.runId) == ranked.map { $0["run_id"] as! String })
        for (entry, ref) in zip(ranking.entries, ranked) {
            #expect(entry.step == MLflowStoreTests.int64(ref["step"]))
            #expect(entry.value == (ref["value"] as! NSNumber).doubleValue)
            let atStep = ref["metrics_at_step"] as! [String: Any]
            #expect(Set(entry.metricsAtStep.keys) == Set(atStep.keys))
            for (k, v) in atStep { #expect(MLflowStoreTests.same(entry.metricsAtStep[k], v), "\(k)") }
        }
        #expect(ranking.runsWithoutMetric.map(\.runId) == reference["without_metric"] as! [String])
        let groups = ranking.grouped(byParam: "model_type")
        #expect(groups.map { $0.value ?? "" } == reference["group_order"] as! [String])
        let best = reference["best_per_model_type"] as! [String: String]
        for group in groups { #expect(group.best.run.runId == best[group.value ?? ""]) }
        #expect(ranking.rank(of: ranked[0]["run_id"] as! String) == 1)
    }

    /// The retried epoch of trial_62 (val_f1 logged twice at step 3): the later value
    /// counts, as MLflow's latest-value rule has it.
    @Test func repeatedStepUsesTheLatestValue() throws {
        let runs = try MLflowStoreTests.store.runs(experimentNamed: "phase4-hpo")
        let trial = try #require(runs.first { $0.runName == "trial_62" })
        let summary = try #require(MLflowRunSummary(run: trial, metric: "val_f1", goal: .maximize, selection: .best))
        #expect(summary.step == 3)
        #expect(summary.value == 0.5)
        #expect(trial.values(atStep: 3)["val_f1"] == 0.5)
    }

    /// `.last` agrees with MLflow's reported (latest) value for every run.
    @Test func lastStepIsMLflowsLatestValue() throws {
        let reference = (try MLflowStoreTests.expected()["runs"] as! [String: Any])["phase4-hpo"] as! [[String: Any]]
        let runs = try MLflowStoreTests.store.runs(experimentNamed: "phase4-hpo")
        let ranking = MLflowRanking(runs: runs, metric: "val_auc", goal: .maximize, selection: .last)
        #expect(ranking.entries.count == runs.count)
        for entry in ranking.entries {
            let ref = reference.first { $0["run_id"] as! String == entry.run.runId }!
            let latest = (ref["latest_metrics"] as! [String: Any])["val_auc"]
            #expect(MLflowStoreTests.same(entry.value, latest))
        }
        let values = ranking.entries.map(\.value)
        #expect(values == values.sorted(by: >))
    }

    /// Hand-made runs: ties break by name then id, NaN values are skipped for the best
    /// step and rank last for the last step, runs without the metric are listed apart.
    @Test func tiesNaNAndMissing() {
        func run(_ id: String, _ name: String, _ values: [Double], model: String? = nil) -> MLflowRun {
            let points = values.enumerated().map { MLflowMetricPoint(step: Int64($0), timestamp: Int64($0) * 10, value: $1) }
            return MLflowRun(
                runId: id, runName: name, experimentId: "1", status: .finished, startTime: nil, endTime: nil,
                lifecycleStage: "active", userId: nil, artifactURI: nil, params: model.map { ["model_type": $0] } ?? [:],
                tags: [:], metrics: values.isEmpty ? [:] : ["f1": points], path: "")
        }
        let runs = [
            run("c", "b", [0.2, 0.5, 0.5], model: "gru"), run("a", "b", [0.5], model: "mlp"), run("b", "a", [0.5, .nan]),
            run("d", "d", [.nan]), run("e", "e", []),
        ]
        let best = MLflowRanking(runs: runs, metric: "f1", goal: .maximize)
        #expect(best.entries.map(\.run.runId) == ["b", "a", "c"])
        #expect(best.entries.map(\.step) == [0, 0, 1])  // earliest step on ties
        #expect(best.runsWithoutMetric.map(\.runId) == ["d", "e"])
        #expect(best.grouped(byParam: "model_type").map(\.value) == [nil, "mlp", "gru"])
        let last = MLflowRanking(runs: runs, metric: "f1", goal: .maximize, selection: .last)
        #expect(last.entries.map(\.run.runId) == ["a", "c", "b", "d"])  // NaN last values rank last
        #expect(last.runsWithoutMetric.map(\.runId) == ["e"])
        let minimum = MLflowRanking(runs: runs, metric: "f1", goal: .minimize)
        #expect(minimum.entries.first?.run.runId == "c")
        #expect(minimum.entries.first?.value == 0.2)
    }
}
