import Foundation
import Numerics
import Testing
@testable import FolioCompute

@Suite struct DemoDataFilesTests {
    /// The written layout is the data contract's, and the labels in `features.csv` agree
    /// with a brute-force check over the closes in `bars/` (what the label audit does).
    @Test func layoutAndLabelsFromTheFiles() throws {
        let folder = try SmallDemo.folder()
        let data = try SmallDemo.dataset()
        let contents = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(contents == ["bars", "features.csv", "mlruns", "predictions.csv"])
        let siblings = try FileManager.default.contentsOfDirectory(atPath: folder.deletingLastPathComponent().path)
        #expect(siblings == ["demo"])  // no partial or old folder left behind

        var closes: [String: (hours: [String], close: [Double])] = [:]
        for symbol in ["AAPL", "MSFT", "NVDA", "SPY", "BTCUSD"] {
            let csv = try TestCSV(url: folder.appendingPathComponent("bars/\(symbol).csv"))
            #expect(csv.header == ["timestamp", "open", "high", "low", "close", "volume"])
            closes[symbol] = (csv.rows.map { String($0[0]) }, csv.rows.map { Double($0[4]) ?? .nan })
        }
        let features = try TestCSV(url: folder.appendingPathComponent("features.csv"))
        #expect(features.header == ["timestamp", "symbol", "split", "label"] + DemoFeatures.names)
        #expect(features.rows.count == data.table.count)
        var index: [String: [String: Int]] = [:]
        for (symbol, series) in closes {
            index[symbol] = Dictionary(uniqueKeysWithValues: series.hours.enumerated().map { ($1, $0) })
        }
        for row in features.rows {
            #expect(row.count == 27)
            let symbol = String(row[1])
            let series = try #require(closes[symbol])
            let t = try #require(index[symbol]?[String(row[0])])
            #expect(t + 24 < series.close.count)
            var expected = "0"
            for k in 1...24 {
                let r = series.close[t + k] / series.close[t]
                if r >= 1.05 { expected = "1"; break }
                if r <= 0.98 { break }
            }
            #expect(row[3] == expected)
            #expect(row[0].hasSuffix(":00:00Z") && row[0].count == 20)
        }
        // The numbers in the file are the numbers the data set computed with.
        let d = DemoFeatures.count
        for i in stride(from: 0, to: data.table.count, by: 37) {
            for j in 0..<d {
                #expect(Double(features.rows[i][4 + j]) == data.table.features[i * d + j])
            }
        }
        let predictions = try TestCSV(url: folder.appendingPathComponent("predictions.csv"))
        #expect(predictions.header == ["timestamp", "symbol", "split", "label", "mlp", "lstm", "gru"])
        #expect(predictions.rows.count == data.predictionRows.count)
        for row in predictions.rows {
            #expect(row[2] == "val" || row[2] == "test")
            for cell in row[4...] {
                let p = try #require(Double(cell))
                #expect(p >= 0 && p <= 1)
            }
        }
    }

    /// The MLflow store parses: two experiments, 100 runs of `phase3_hpo`, and trials
    /// 62/72/93 are the best of their types, at their checkpoints' epochs, with their
    /// checkpoints' metrics.
    @Test func mlflowStoreParses() throws {
        let root = try SmallDemo.folder().appendingPathComponent("mlruns")
        let fm = FileManager.default
        func read(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }
        func yaml(_ url: URL) throws -> [String: String] {
            var out: [String: String] = [:]
            for line in try read(url).split(separator: "\n") {
                guard let colon = line.firstIndex(of: ":") else { continue }
                out[String(line[..<colon])] = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            }
            return out
        }
        let defaultMeta = try yaml(root.appendingPathComponent("0/meta.yaml"))
        #expect(defaultMeta["name"] == "Default")
        #expect(defaultMeta["experiment_id"] == "'0'")
        let meta = try yaml(root.appendingPathComponent("1/meta.yaml"))
        #expect(meta["name"] == "phase3_hpo")
        #expect(meta["lifecycle_stage"] == "active")
        #expect(meta["artifact_location"] == "mlruns/1")
        #expect(fm.fileExists(atPath: root.appendingPathComponent(".trash").path))

        let runs = try fm.contentsOfDirectory(atPath: root.appendingPathComponent("1").path).filter { $0 != "meta.yaml" }
        #expect(runs.count == 100)
        var best: [String: (name: String, f1: Double, step: Int, recall: Double)] = [:]
        for run in runs {
            let dir = root.appendingPathComponent("1/\(run)")
            let runMeta = try yaml(dir.appendingPathComponent("meta.yaml"))
            #expect(runMeta["run_id"] == run && runMeta["run_uuid"] == run)
            #expect(runMeta["status"] == "3" || runMeta["status"] == "4")
            let name = try read(dir.appendingPathComponent("tags/mlflow.runName"))
            #expect(runMeta["run_name"] == name)
            let type = try read(dir.appendingPathComponent("params/model_type"))
            #expect(["mlp", "lstm", "gru"].contains(type))
            #expect(try read(dir.appendingPathComponent("params/trial_number")) == String(name.dropFirst(6)))
            func metric(_ key: String) throws -> [(timestamp: Int64, value: Double, step: Int)] {
                try read(dir.appendingPathComponent("metrics/\(key)")).split(separator: "\n").map { line in
                    let parts = line.split(separator: " ")
                    #expect(parts.count == 3)
                    return (Int64(parts[0]) ?? -1, Double(parts[1]) ?? .nan, Int(parts[2]) ?? -1)
                }
            }
            let f1 = try metric("val_f1")
            let recall = try metric("val_recall")
            #expect(try metric("val_precision").count == f1.count)
            #expect(try metric("val_loss").count == f1.count)
            #expect(f1.map(\.step) == Array(0..<f1.count))
            #expect(f1.allSatisfy { $0.timestamp > 1_700_000_000_000 })
            let top = try #require(f1.max { $0.value < $1.value })
            if best[type] == nil || top.value > best[type]!.f1 {
                best[type] = (name, top.value, top.step, recall[top.step].value)
            }
        }
        for c in try SmallDemo.dataset().checkpoints {
            let b = try #require(best[c.kind.rawValue])
            #expect(b.name == "trial_\(c.trialNumber)")
            #expect(b.step == c.epoch)
            #expect(b.f1 == c.valMetrics["val_f1"])
            #expect(b.recall == c.valMetrics["val_recall"])
        }
    }

    /// The fitted trials' runs hold `artifacts/model/` with config.yaml, scaler.json and
    /// metrics.json (no model.onnx without an exporter); the other runs hold no artifacts.
    @Test func checkpointArtifacts() throws {
        let root = try SmallDemo.folder().appendingPathComponent("mlruns/1")
        let data = try SmallDemo.dataset()
        let fm = FileManager.default
        for c in data.checkpoints {
            let model = root.appendingPathComponent("\(c.runID)/artifacts/model")
            #expect(try fm.contentsOfDirectory(atPath: model.path).sorted() == ["config.yaml", "metrics.json", "scaler.json"])
            let metrics = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: model.appendingPathComponent("metrics.json"))) as? [String: Any])
            #expect(metrics["epoch"] as? Int == c.epoch)
            // The same numbers as the MLflow metric files at the checkpoint's step.
            for key in ["val_f1", "val_loss", "val_precision", "val_recall"] {
                let lines = try String(contentsOf: root.appendingPathComponent("\(c.runID)/metrics/\(key)"), encoding: .utf8).split(separator: "\n")
                let logged = lines.map { $0.split(separator: " ") }.first { $0[2] == Substring(String(c.epoch)) }
                #expect(Double(logged?[1] ?? "") == metrics[key] as? Double, "\(key)")
                #expect(metrics[key] as? Double == c.valMetrics[key])
            }
            let scalerData = try Data(contentsOf: model.appendingPathComponent("scaler.json"))
            let scaler = try #require(try JSONSerialization.jsonObject(with: scalerData) as? [String: Any])
            #expect(scaler["features"] as? [String] == DemoFeatures.names)
            // The numbers read back exactly (parsed by Swift's correctly rounded parser;
            // Foundation's JSON parser on Linux is not correctly rounded).
            func numbers(_ key: String) -> [Double] {
                let text = String(decoding: scalerData, as: UTF8.self)
                guard let start = text.range(of: "\"\(key)\": [")?.upperBound, let end = text[start...].firstIndex(of: "]") else { return [] }
                return text[start..<end].split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) ?? .nan }
            }
            #expect((scaler["mean"] as? [Double])?.count == 23)
            #expect(numbers("mean") == data.standardizer.mean)
            #expect(numbers("scale") == data.standardizer.scale)
            let config = try String(contentsOf: model.appendingPathComponent("config.yaml"), encoding: .utf8)
            #expect(config.contains("model_type: \(c.kind.rawValue)\ntrial_number: \(c.trialNumber)\nrun_id: '\(c.runID)'\nepoch: \(c.epoch)\n")
                    || config.contains("model_type: \(c.kind.rawValue)\ntrial_number: \(c.trialNumber)\nrun_id: \(c.runID)\nepoch: \(c.epoch)\n"))
            #expect(config.contains("  window: 24\n"))
            #expect(!config.contains("model.onnx"))  // no exporter, no ONNX file named
            #expect(config.contains("  hidden_size: '\(c.hyperParameters["hidden_size"]!)'\n"))
            for name in DemoFeatures.names { #expect(config.contains("  - \(name)\n")) }
        }
        let fitted = Set(data.checkpoints.map(\.runID))
        for run in try fm.contentsOfDirectory(atPath: root.path) where run != "meta.yaml" && !fitted.contains(run) {
            #expect(try fm.contentsOfDirectory(atPath: root.appendingPathComponent("\(run)/artifacts").path).isEmpty)
        }
    }

    /// With an exporter, each checkpoint's bytes go to `model.onnx`; an exporter's error
    /// stops the write and leaves no partial data set.
    @Test func exporterWritesModelONNX() throws {
        let parent = SmallDemo.temporaryDirectory("exporter")
        defer { try? FileManager.default.removeItem(at: parent) }
        let target = parent.appendingPathComponent("demo")
        let data = try SmallDemo.dataset()
        _ = try data.write(to: target, exporter: { c in Array("\(c.kind.rawValue) \(c.trialNumber) \(c.epoch) \(c.parameterCount)".utf8) })
        for c in data.checkpoints {
            let config = try String(contentsOf: target.appendingPathComponent("mlruns/1/\(c.runID)/artifacts/model/config.yaml"), encoding: .utf8)
            #expect(config.contains("\nformat: onnx\nmodel_file: model.onnx\nopset: 17\n"))
            let bytes = try Data(contentsOf: target.appendingPathComponent("mlruns/1/\(c.runID)/artifacts/model/model.onnx"))
            #expect(String(decoding: bytes, as: UTF8.self) == "\(c.kind.rawValue) \(c.trialNumber) \(c.epoch) \(c.parameterCount)")
        }
        struct Refused: Error {}
        let other = parent.appendingPathComponent("other")
        #expect(throws: Refused.self) { try data.write(to: other, exporter: { _ in throw Refused() }) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["demo"])
    }

    /// Two runs with one seed into one folder give identical bytes, and the second run
    /// replaces the first atomically (nothing partial left beside it).
    @Test func writingTwiceGivesIdenticalBytes() throws {
        let parent = SmallDemo.temporaryDirectory("twice")
        defer { try? FileManager.default.removeItem(at: parent) }
        let target = parent.appendingPathComponent("demo")
        _ = try SmallDemo.dataset().write(to: target)
        let first = try snapshot(target)
        let again = try DemoDataGenerator(options: SmallDemo.options).generate()
        _ = try again.write(to: target)
        let second = try snapshot(target)
        #expect(first.count > 1000)
        #expect(first.keys.sorted() == second.keys.sorted())
        #expect(first == second)
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["demo"])
    }

    /// A folder that is not a demo data set is never replaced.
    @Test func refusesToOverwriteOtherFolders() throws {
        let parent = SmallDemo.temporaryDirectory("refuse")
        defer { try? FileManager.default.removeItem(at: parent) }
        let target = parent.appendingPathComponent("precious")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        try Data("keep me".utf8).write(to: target.appendingPathComponent("notes.txt"))
        #expect(throws: DemoDataError.refusingToOverwrite(path: target.standardizedFileURL.path)) {
            try SmallDemo.dataset().write(to: target)
        }
        #expect(try String(contentsOf: target.appendingPathComponent("notes.txt"), encoding: .utf8) == "keep me")
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["precious"])
        let file = parent.appendingPathComponent("file.csv")
        try Data("x".utf8).write(to: file)
        #expect(throws: DemoDataError.self) { try SmallDemo.dataset().write(to: file) }
    }
}
