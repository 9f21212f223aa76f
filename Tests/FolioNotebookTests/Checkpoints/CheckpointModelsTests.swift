import FolioCompute
import FolioModels
import Foundation
import Testing
@testable import FolioNotebook

/// Checkpoints in `models:`: folio scores the block's data itself, over the whole file so
/// that windows reach back before `where`, leaves out rows it cannot score, and agrees with
/// `ModelScorer` (itself checked against onnxruntime in FolioModelsTests).
@Suite struct CheckpointModelsTests {
    /// The GRU fixture of FolioModelsTests (window 4, features f_a, f_b, f_c, a scaler beside it).
    static let gruFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("FolioModelsTests/Fixtures/models/gru")

    /// Three symbols of 30 hours, the last 10 of each in `test`; one NaN feature; and the
    /// scores `ModelScorer` gives each row in the column `expected` (empty where none).
    static func project() throws -> TestProject {
        var generator = SeededGenerator(seed: 7)
        var lines = ["timestamp,symbol,split,label,f_a,f_b,f_c"]
        for symbol in ["AAA", "BBB", "CCC"] {
            for hour in 0..<30 {
                let features = (0..<3).map { _ in String(format: "%.4f", generator.nextUniform() * 4 - 2) }
                var row = features
                if symbol == "BBB", hour == 24 { row[1] = "" }
                let label = generator.nextUniform() < 0.4 ? 1 : 0
                lines.append("2024-03-\(String(format: "%02d", 1 + hour / 24))T\(String(format: "%02d", hour % 24)):00:00Z,\(symbol),\(hour < 20 ? "train" : "test"),\(label),\(row.joined(separator: ","))")
            }
        }
        // Rows in a shuffled order: scoring sorts by symbol and time itself.
        let body = Array(lines.dropFirst())
        var order = Array(body.indices)
        for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, generator.nextInt(below: i + 1)) }
        var csv = lines[0] + "\n" + order.map { body[$0] }.joined(separator: "\n") + "\n"
        // The reference scores, from the engine directly, in the arithmetic reports use.
        let frame = try CSVReader().read(path: writeTemporary(csv))
        var options = ScoringOptions()
        options.arithmetic = .portable
        let model = try ONNXModel(contentsOf: gruFolder.appendingPathComponent("model.onnx").path)
        let scores = try ModelScorer(model: model, options: options).score(frame)
        var expected = [String](repeating: "", count: frame.rowCount)
        for (row, value) in zip(scores.rows, scores.values) { expected[row] = "\(Double(value))" }
        let rows = csv.split(separator: "\n").map(String.init)
        csv = rows[0] + ",expected\n" + zip(rows.dropFirst(), expected).map { "\($0),\($1)" }.joined(separator: "\n") + "\n"
        let project = try TestProject(["data/features.csv": csv])
        for file in ["model.onnx", "scaler.json"] {
            try FileManager.default.createDirectory(at: project.root.appendingPathComponent("data/gru"), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: gruFolder.appendingPathComponent(file), to: project.root.appendingPathComponent("data/gru/\(file)"))
        }
        return project
    }

    static func writeTemporary(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("folio-ckpt-\(UUID().uuidString).csv")
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test func evaluateScoresWithACheckpointLikeTheEngine() async throws {
        let project = try CheckpointModelsTests.project()
        defer { project.remove() }
        try project.write("notebooks/e.md", """
        ---
        data: data
        ---
        ```{evaluate} ev
        data: features.csv
        where: {split: test}
        models: {gru: {onnx: gru/model.onnx}, reference: expected}
        ```
        """)
        let summary = await project.render()
        #expect(summary.succeeded, "\(summary.diagnostics.map(\.rendered))")
        let results = try project.read("reports/e.results.json")
        guard case .object(let object)? = try? JSONValue(parsing: results),
              let ev = object["ev"], let gru = ev.value(at: ["gru"]), let reference = ev.value(at: ["reference"]) else {
            Issue.record("no results: \(results.prefix(400))")
            return
        }
        #expect(gru.value(at: ["roc_auc"]) == reference.value(at: ["roc_auc"]))
        #expect(gru.value(at: ["log_loss"]) == reference.value(at: ["log_loss"]))
        // 30 test rows; the NaN at BBB hour 24 leaves its window and the next 3 unscored.
        #expect(ev.value(at: ["rows"])?.doubleValue == 26)
        let report = try project.read("reports/e.md")
        #expect(report.contains("Scored by folio from the checkpoints (rows scored: gru 26 of 30); the 4 rows some checkpoint could not score"))
    }

    @Test func aCheckpointByRunResolvesThroughTheStore() async throws {
        let project = try CheckpointModelsTests.project()
        defer { project.remove() }
        let run = "0123456789abcdef0123456789abcdef"
        try project.write("data/mlruns/1/meta.yaml", "name: hpo\nexperiment_id: '1'\n")
        try project.write("data/mlruns/1/\(run)/meta.yaml", "run_id: \(run)\n")
        try FileManager.default.createDirectory(at: project.root.appendingPathComponent("data/mlruns/1/\(run)/artifacts/model"), withIntermediateDirectories: true)
        for file in ["model.onnx", "scaler.json"] {
            try FileManager.default.copyItem(at: CheckpointModelsTests.gruFolder.appendingPathComponent(file),
                                             to: project.root.appendingPathComponent("data/mlruns/1/\(run)/artifacts/model/\(file)"))
        }
        try project.write("notebooks/e.md", "---\ndata: data\n---\n```{sweep} sw\ndata: features.csv\nwhere: {split: test}\nmodels: {gru: {run: \"\(run)\"}, reference: expected}\n```\n")
        let summary = await project.render()
        #expect(summary.succeeded, "\(summary.diagnostics.map(\.rendered))")
        #expect(try project.read("reports/e.md").contains("rows scored: gru 26 of 30"))
    }

    @Test(arguments: [
        ("models: {gru: {onnx: nope.onnx}}", "file not found: data/nope.onnx"),
        ("models: {gru: {onnx: features.csv}}", "expected an ONNX file"),
        ("models: {gru: {run: abc}}", "no MLflow store data/mlruns"),
        ("models: {gru: {onnx: gru/model.onnx, run: abc}}", "give either 'onnx' or 'run'"),
        ("models: {gru: {onxx: gru/model.onnx}}", "onxx"),
        ("models: {gru: {onnx: ../../../etc/passwd.onnx}}", "leaves the project folder"),
        ("models: {label: {onnx: gru/model.onnx}}", "already has a column 'label'"),
        ("models: {m: nope_column}", "no column 'nope_column'"),
    ] as [(String, String)])
    func badCheckpoints(_ models: String, _ message: String) async throws {
        let project = try CheckpointModelsTests.project()
        defer { project.remove() }
        try project.write("notebooks/e.md", "---\ndata: data\n---\n```{evaluate} ev\ndata: features.csv\n\(models)\n```\n")
        let summary = await project.render()
        #expect(summary.diagnostics.contains { $0.severity == .error && $0.message.contains(message) }, "\(summary.diagnostics.map(\.rendered))")
    }

    @Test func aMissingFeatureColumnNamesIt() async throws {
        let project = try CheckpointModelsTests.project()
        defer { project.remove() }
        let csv = try project.read("data/features.csv").replacingOccurrences(of: ",f_b,", with: ",f_x,")
        try project.write("data/features.csv", csv)
        try project.write("notebooks/e.md", "---\ndata: data\n---\n```{evaluate} ev\ndata: features.csv\nmodels: {gru: {onnx: gru/model.onnx}}\n```\n")
        let summary = await project.render()
        let error = try #require(summary.diagnostics.first { $0.severity == .error })
        #expect(error.message.contains("checkpoint 'gru' (data/gru/model.onnx)"), "\(error.message)")
        #expect(error.message.contains("f_b"), "\(error.message)")
    }
}

/// `folio predict` on the same data: `--where` selects the rows written, after scoring
/// every row, so the first rows of a split take their window from the rows before them.
@Suite struct PredictCommandTests {
    @Test func whereSelectsRowsAfterScoringEveryRow() throws {
        let project = try CheckpointModelsTests.project()
        defer { project.remove() }
        let folio = try FolioBinary.url()
        func predict(_ extra: [String]) throws -> [String] {
            let process = Process()
            process.executableURL = folio
            process.arguments = ["predict", project.root.appendingPathComponent("data/gru/model.onnx").path,
                                 "--data", project.root.appendingPathComponent("data/features.csv").path, "--quiet"] + extra
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
        }
        let all = try predict([])
        let test = try predict(["--where", "split=test"])
        #expect(all.first == "symbol,timestamp,score")
        // 30 test rows, 4 without a score (the NaN's window); their scores equal the full run's.
        #expect(test.count == 1 + 26)
        #expect(Set(test.dropFirst()).isSubset(of: Set(all.dropFirst())))
        #expect(test.dropFirst().allSatisfy { $0.contains("T2") || $0.contains("-02T") })
    }
}

/// `backtest` trades a checkpoint's scores like a probability column.
@Suite struct BacktestCheckpointTests {
    @Test func aCheckpointTradesLikeItsScoreColumn() async throws {
        let project = try CheckpointModelsTests.project()
        defer { project.remove() }
        for symbol in ["AAA", "BBB", "CCC"] {
            var price = 100.0
            var lines = ["timestamp,open,high,low,close,volume"]
            for hour in 0..<40 {
                let step = sin(Double(hour) * 0.7 + Double(symbol.unicodeScalars.first!.value)) * 2.5
                let open = price
                price = max(1, price * (1 + step / 100))
                lines.append("2024-03-\(String(format: "%02d", 1 + hour / 24))T\(String(format: "%02d", hour % 24)):00:00Z,\(open),\(max(open, price) * 1.01),\(min(open, price) * 0.99),\(price),1000")
            }
            try project.write("data/bars/\(symbol).csv", lines.joined(separator: "\n") + "\n")
        }
        try project.write("notebooks/b.md", """
        ---
        data: data
        ---
        ```{backtest} bt
        data: features.csv
        model: {gru: {onnx: gru/model.onnx}, reference: expected}
        threshold: 0.5
        random_draws: 0
        ```
        """)
        let summary = await project.render()
        #expect(summary.succeeded, "\(summary.diagnostics.map(\.rendered))")
        let results = try project.read("reports/b.results.json")
        guard case .object(let object)? = try? JSONValue(parsing: results), let bt = object["bt"] else {
            Issue.record("no results")
            return
        }
        #expect((bt.value(at: ["trades", "gru"])?.doubleValue ?? 0) > 0, "\(bt.value(at: ["trades"]) ?? .null)")
        #expect(bt.value(at: ["trades", "gru"]) == bt.value(at: ["trades", "reference"]))
        #expect(bt.value(at: ["kpis", "gru", "net", "return_pct"]) == bt.value(at: ["kpis", "reference", "net", "return_pct"]))
        #expect(try project.read("reports/b.md").contains("rows scored: gru 77 of 90"))
    }
}
