import Foundation
import Testing

@testable import FolioCompute

/// The reader against what MLflow 2.22's own client reads from the same store
/// (`Fixtures/mlruns/`, written by MLflow's FileStore; see
/// `Fixtures/data/generate_mlruns.py`).
@Suite struct MLflowStoreTests {
    static let store = MLflowStore(url: Fixtures.url("mlruns"))

    static func expected() throws -> [String: Any] {
        try Fixtures.json("data/mlruns.expected.json")
    }

    static func int64(_ any: Any?) -> Int64? {
        (any as? NSNumber)?.int64Value
    }

    static func same(_ a: Double?, _ b: Any?) -> Bool {
        guard let a else { return b == nil || b is NSNull }
        if a.isNaN { return b is NSNull }
        return (b as? NSNumber)?.doubleValue == a
    }

    @Test func experimentsMatchMLflow() throws {
        let reference = try Self.expected()["experiments"] as! [[String: Any]]
        let experiments = try Self.store.experiments()
        #expect(experiments.map(\.id) == reference.map { $0["experiment_id"] as! String })
        for (experiment, ref) in zip(experiments, reference) {
            #expect(experiment.name == ref["name"] as! String)
            // The phase4-hpo location is folded over two lines by PyYAML.
            #expect(experiment.artifactLocation == ref["artifact_location"] as! String)
            #expect(experiment.lifecycleStage == "active")
            #expect(experiment.creationTime == Self.int64(ref["creation_time"]))
            #expect(experiment.lastUpdateTime == Self.int64(ref["last_update_time"]))
            #expect(experiment.tags == ref["tags"] as! [String: String])
        }
        #expect(!experiments.contains { $0.name == "scratch" })  // deleted, in .trash
    }

    @Test(arguments: ["Default", "baselines", "phase4-hpo"])
    func runsMatchMLflow(experiment name: String) throws {
        let reference = (try Self.expected()["runs"] as! [String: Any])[name] as! [[String: Any]]
        let runs = try Self.store.runs(experimentNamed: name)
        #expect(Set(runs.map(\.runId)) == Set(reference.map { $0["run_id"] as! String }))
        // Ordered by start time.
        #expect(runs.map { $0.startTime ?? 0 } == runs.map { $0.startTime ?? 0 }.sorted())
        for ref in reference {
            let run = try #require(runs.first { $0.runId == ref["run_id"] as! String })
            #expect(run.runName == ref["run_name"] as! String)
            #expect(run.status.rawValue == ref["status"] as! String)
            #expect(run.startTime == Self.int64(ref["start_time"]))
            #expect(run.endTime == Self.int64(ref["end_time"]))
            #expect(run.lifecycleStage == ref["lifecycle_stage"] as! String)
            #expect(run.userId == ref["user_id"] as? String)
            #expect(run.artifactURI == ref["artifact_uri"] as? String)
            #expect(run.params == ref["params"] as! [String: String])
            #expect(run.tags == ref["tags"] as! [String: String])
            let history = ref["metric_history"] as! [String: [[Any]]]
            #expect(Set(run.metrics.keys) == Set(history.keys))
            for (key, points) in history {
                let mine = run.metrics[key] ?? []
                #expect(mine.count == points.count, "\(key)")
                for (point, refPoint) in zip(mine, points) {
                    #expect(point.step == Self.int64(refPoint[0]))
                    #expect(point.timestamp == Self.int64(refPoint[1]))
                    #expect(Self.same(point.value, refPoint[2]), "\(key) \(point)")
                }
            }
            for (key, value) in ref["latest_metrics"] as! [String: Any] {
                #expect(Self.same(run.latest(key)?.value, value), "latest \(key) of \(run.runName)")
            }
        }
    }

    @Test func skipsDeletedRunsAndReadsLegacyNames() throws {
        let runs = try Self.store.runs(experimentNamed: "phase4-hpo")
        #expect(!runs.contains { $0.runName == "trial_99" })  // lifecycle_stage: deleted
        // trial_61's meta.yaml has no run_name (pre-1.29 MLflow): the tag names it.
        #expect(runs.contains { $0.runName == "trial_61" })
        let byName = Dictionary(uniqueKeysWithValues: runs.map { ($0.runName, $0) })
        #expect(byName["trial_60"]?.status == .failed)
        #expect(byName["12"]?.status == .killed)
        #expect(byName["trial_100"]?.status == .running)
        #expect(byName["trial_100"]?.endTime == nil)
        #expect(byName["trial: 5 (warmup)"]?.status == .finished)
        #expect(byName["trial_72"]?.params["model_type"] == "mlp")
        #expect(byName["trial_72"]?.metrics["test/f1"]?.count == 1)  // nested key
    }

    /// A run read from its own folder is the run the full scan finds; deleted runs, unknown
    /// ids and ids that are not folder names give nil.
    @Test func aRunByIDIsTheRunTheScanFinds() throws {
        for experiment in try Self.store.experiments() {
            for run in try Self.store.runs(in: experiment) {
                let direct = try #require(try Self.store.run(id: run.runId))
                // Field by field: a NaN metric value makes `==` false for the same run.
                #expect(direct.run.path == run.path && direct.run.params == run.params && direct.run.tags == run.tags)
                #expect(direct.run.status == run.status && direct.run.runName == run.runName && direct.run.startTime == run.startTime)
                #expect(direct.run.metrics.mapValues { $0.map { "\($0.step) \($0.value)" } } == run.metrics.mapValues { $0.map { "\($0.step) \($0.value)" } })
                #expect(direct.experiment.id == experiment.id)
            }
        }
        let deleted = try #require(try FileManager.default.contentsOfDirectory(atPath: Fixtures.url("mlruns").path).lazy
            .compactMap { folder -> String? in
                let base = Fixtures.url("mlruns").appendingPathComponent(folder).path
                return (try? FileManager.default.contentsOfDirectory(atPath: base))?.first { name in
                    ((try? String(contentsOfFile: base + "/" + name + "/meta.yaml", encoding: .utf8)) ?? "").contains("lifecycle_stage: deleted")
                }
            }.first)
        #expect(try Self.store.run(id: deleted) == nil)
        for id in ["", "..", "nope", "a/b"] { #expect(try Self.store.run(id: id) == nil) }
    }

    /// Every meta.yaml of the store reads as PyYAML reads it.
    @Test func metaFilesReadAsPyYAMLReadsThem() throws {
        let reference = try Self.expected()["meta_yaml"] as! [String: [String: Any]]
        #expect(reference.count == 15)  // 4 experiments (one in .trash), 11 runs (one deleted)
        for (relative, dictionary) in reference {
            let path = Fixtures.url("mlruns/\(relative)").path
            let parsed = try MLflowMetaFile.parse(try String(contentsOfFile: path, encoding: .utf8), path: path)
            #expect(Set(parsed.keys) == Set(dictionary.keys), "\(relative)")
            for (key, value) in dictionary {
                let mine = parsed[key]
                switch value {
                case is NSNull: #expect(mine == .null, "\(relative) \(key)")
                case let s as String: #expect(mine == .string(s), "\(relative) \(key)")
                case let n as NSNumber: #expect(mine == .integer(n.int64Value), "\(relative) \(key)")
                case let list as [Any]: #expect(list.isEmpty && mine == .emptySequence, "\(relative) \(key)")
                case let map as [String: Any]: #expect(map.isEmpty && mine == .emptyMapping, "\(relative) \(key)")
                default: Issue.record("unexpected reference value \(value)")
                }
            }
        }
    }

    @Test func unknownExperimentSuggestsAndMentionsDeleted() {
        let typo = #expect(throws: DataError.self) { try Self.store.runs(experimentNamed: "phase4_hpo") }
        #expect(typo?.kind == .notFound)
        #expect(typo?.suggestion == "phase4-hpo")
        #expect(typo?.description.contains(#"did you mean "phase4-hpo"? Experiments: "Default", "baselines", "phase4-hpo""#) == true)
        let deleted = #expect(throws: DataError.self) { try Self.store.experiment(named: "scratch") }
        #expect(deleted?.description.contains("it was deleted") == true)
        let missing = #expect(throws: DataError.self) { try MLflowStore(path: "/nonexistent/mlruns").experiments() }
        #expect(missing?.kind == .io)
        #expect(missing?.path == "/nonexistent/mlruns")
    }
}
