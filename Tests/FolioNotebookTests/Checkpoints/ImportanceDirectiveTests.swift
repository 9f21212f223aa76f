import FolioCompute
import Foundation
import Testing
@testable import FolioNotebook

/// `{importance}` on the permutation-importance fixtures of FolioModelsTests
/// (`Fixtures/importance/generate.py`: a logistic [N, F] model and a GRU window model, each
/// with its own label drawn from its own probability, `leak` carrying the label on train
/// only, `dead` with zero weights) against scikit-learn's `permutation_importance` numbers
/// in `expected.json`, computed by that script on the same samples.
@Suite struct ImportanceDirectiveTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("FolioModelsTests/Fixtures/importance")

    /// scikit-learn's numbers: `expected.json` of the fixtures.
    struct Expected {
        let features: [String]
        let repeats: Int
        /// model -> side -> metric -> (baseline, means, stds)
        let numbers: [String: [String: [String: (baseline: Double, means: [Double], stds: [Double])]]]
        /// model -> metric -> flags per feature
        let flags: [String: [String: [String]]]
        let labels: [String: String]

        init() throws {
            let data = try Data(contentsOf: ImportanceDirectiveTests.fixtures.appendingPathComponent("expected.json"))
            let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            features = try #require(root["features"] as? [String])
            repeats = try #require(root["repeats"] as? Int)
            var numbers: [String: [String: [String: (Double, [Double], [Double])]]] = [:]
            var flags: [String: [String: [String]]] = [:]
            var labels: [String: String] = [:]
            for model in try #require(root["models"] as? [[String: Any]]) {
                let name = try #require(model["name"] as? String)
                labels[name] = try #require(model["label"] as? String)
                flags[name] = try #require(model["flags"] as? [String: [String]])
                for (side, value) in try #require(model["sides"] as? [String: [String: Any]]) {
                    for (metric, m) in try #require(value["metrics"] as? [String: [String: Any]]) {
                        numbers[name, default: [:]][side, default: [:]][metric] = (
                            try #require(m["baseline"] as? Double), try #require(m["means"] as? [Double]),
                            try #require(m["stds"] as? [Double]))
                    }
                }
            }
            self.numbers = numbers
            self.flags = flags
            self.labels = labels
        }
    }

    /// A project with the fixture data as `data/features.csv` and the two models under `data/`.
    static func project(csv: String? = nil) throws -> TestProject {
        let text = try csv ?? String(contentsOf: fixtures.appendingPathComponent("data.csv"), encoding: .utf8)
        let project = try TestProject(["data/features.csv": text])
        for model in ["logistic", "gru"] {
            let folder = project.root.appendingPathComponent("data/\(model)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: fixtures.appendingPathComponent("\(model)/model.onnx"), to: folder.appendingPathComponent("model.onnx"))
        }
        return project
    }

    static func array(_ value: JSONValue) -> [JSONValue]? {
        if case .array(let items) = value { return items }
        return nil
    }

    static func results(_ project: TestProject, _ report: String = "reports/i.results.json") throws -> JSONValue {
        let text = try project.read(report)
        return try #require(try? JSONValue(parsing: text))
    }

    @Test(arguments: [("logistic", "roc_auc", "roc_auc"), ("logistic", "log_loss", "neg_log_loss"), ("gru", "roc_auc", "roc_auc")])
    func agreesWithScikitLearnAndFlagsTheLeak(_ model: String, _ metric: String, _ sklearnMetric: String) async throws {
        let expected = try Expected()
        let project = try Self.project()
        defer { project.remove() }
        try project.write("notebooks/i.md", """
        ---
        data: data
        ---
        ```{importance} imp
        models: {\(model): {onnx: \(model)/model.onnx}}
        label: \(expected.labels[model]!)
        metric: \(metric)
        repeats: \(expected.repeats)
        sample: 100000
        seed: 11
        ```
        """)
        let summary = await project.render()
        #expect(summary.succeeded, "\(summary.diagnostics.map(\.rendered))")
        let result = try Self.results(project)
        let rows = try #require(result.value(at: ["imp", "models", model, "rows"]).flatMap(Self.array))
        #expect(rows.map { $0.value(at: ["feature"])?.stringValue } == expected.features)
        let r = Double(expected.repeats)
        for (side, key) in [("train", "a"), ("val", "b")] {
            let reference = try #require(expected.numbers[model]?[side]?[sklearnMetric])
            let baseline = try #require(result.value(at: ["imp", "models", model, "baseline_\(key)"])?.doubleValue)
            #expect(abs(baseline - reference.baseline) <= 1e-6)
            for (k, row) in rows.enumerated() {
                let mean = try #require(row.value(at: ["importance_\(key)"])?.doubleValue)
                let std = try #require(row.value(at: ["std_\(key)"])?.doubleValue)
                // Both are means of R independent permutations: within 4 standard errors.
                let se = ((std * std + reference.stds[k] * reference.stds[k]) / (r - 1)).squareRoot()
                #expect(abs(mean - reference.means[k]) <= 4 * se + 1e-12, "\(model) \(side) \(expected.features[k]): \(mean) vs \(reference.means[k])")
            }
        }
        // The flags scikit-learn's numbers give: `leak` overfit, `dead` unused (exactly 0).
        let flags = rows.map { $0.value(at: ["flag"])?.stringValue ?? "" }
        let reference = try #require(expected.flags[model]?[sklearnMetric])
        #expect(flags[2] == "overfit" && reference[2] == "overfit")
        #expect(flags[1] == "unused")
        #expect(result.value(at: ["imp", "models", model, "features", "dead", "importance_a"])?.doubleValue == 0)
        #expect(result.value(at: ["imp", "models", model, "features", "dead", "importance_b"])?.doubleValue == 0)
        #expect(result.value(at: ["imp", "models", model, "flagged"]) == .strings(["leak"]))
        let report = try project.read("reports/i.md")
        #expect(report.contains("Flagged overfit: \(model): `leak`."))
        #expect(project.exists("reports/figures/i-imp-\(model)-bars.svg"))
        #expect(project.exists("reports/figures/i-imp-ranks.svg"))
    }

    @Test func consensusNeedsTwoModelsAndTheSeedFixesTheNumbers() async throws {
        let project = try Self.project()
        defer { project.remove() }
        let block = """
        ```{importance} imp
        models: {one: {onnx: logistic/model.onnx}, two: {onnx: logistic/model.onnx}}
        repeats: 8
        sample: 400
        seed: 5
        groups: {smooth: [trend, wiggle]}
        ```

        {{ imp.consensus }} {{ imp.models.one.features.smooth.flag }}
        """
        try project.write("notebooks/i.md", "---\ndata: data\n---\n" + block)
        var summary = await project.render()
        #expect(summary.succeeded, "\(summary.diagnostics.map(\.rendered))")
        let first = try project.read("reports/i.results.json")
        let result = try Self.results(project)
        #expect(result.value(at: ["imp", "consensus"]) == .strings(["leak"]))
        // The group is one unit, at the place of its first member.
        let features = result.value(at: ["imp", "models", "one", "rows"]).flatMap(Self.array)?.compactMap { $0.value(at: ["feature"])?.stringValue }
        #expect(features == ["signal", "dead", "leak", "smooth"])
        #expect(result.value(at: ["imp", "models", "one", "samples_a"])?.doubleValue == 400)
        // The same model twice with one seed: the same numbers.
        #expect(result.value(at: ["imp", "models", "one", "rows"]) == result.value(at: ["imp", "models", "two", "rows"]))
        // Rendering again without the cache gives the same bytes.
        summary = await project.render(options: RenderOptions(useCache: false, quiet: true))
        #expect(summary.succeeded)
        #expect(try project.read("reports/i.results.json") == first)
    }

    @Test func aSampleLargerThanASideUsesAllAndSaysSo() async throws {
        let project = try Self.project()
        defer { project.remove() }
        try project.write("notebooks/i.md", """
        ---
        data: data
        ---
        ```{importance} imp
        models: {logistic: {onnx: logistic/model.onnx}}
        repeats: 2
        sample: 600
        ```
        """)
        let summary = await project.render()
        #expect(summary.succeeded)
        let result = try Self.results(project)
        #expect(result.value(at: ["imp", "models", "logistic", "samples_a"])?.doubleValue == 600)
        #expect(result.value(at: ["imp", "models", "logistic", "samples_b"])?.doubleValue == 480)
        #expect(summary.diagnostics.contains { $0.rendered.contains("sample 600 is more than the 480 scored rows available: all are used") })
    }

    /// Bad input: a located error at the parameter it is about.
    @Test(arguments: [
        ("groups: {g: [trend, nope]}", "nope", "groups"),
        ("groups: {g: [trend, label_seq]}", "label_seq", "groups"),
        ("groups: {g: [trend], h: [trend]}", "trend", "groups"),
        ("compare: {column: split, a: train, b: tset}", "no row of data/features.csv has split = 'tset'", "compare"),
        ("compare: {column: splat}", "no column 'splat'", "compare"),
        ("metric: auc", "unknown metric 'auc'", "metric"),
        ("threshold: 0.3", "has no effect with metric 'roc_auc'", "threshold"),
        ("where: {split: val}", "unknown parameter 'where'", "where"),
        ("label: nolabel", "no label column 'nolabel'", "label"),
        ("repeats: 0", "repeats", "repeats"),
    ])
    func badParameters(_ line: String, _ message: String, _ key: String) async throws {
        let project = try Self.project()
        defer { project.remove() }
        let text = """
        ---
        data: data
        ---
        ```{importance} imp
        models: {logistic: {onnx: logistic/model.onnx}}
        repeats: 2
        sample: 50
        \(line)
        ```
        """
        let text2 = line.hasPrefix("repeats") ? text.replacingOccurrences(of: "repeats: 2\n", with: "") : text
        try project.write("notebooks/i.md", text2)
        let summary = await project.render()
        #expect(!summary.succeeded)
        let rendered = summary.diagnostics.map(\.rendered).joined(separator: "\n")
        #expect(rendered.contains(message), "\(rendered)")
        // Located at the key's line (line 5 of the block body or later), not the fence.
        let lines = text2.components(separatedBy: "\n")
        let lineNumber = try #require(lines.firstIndex { $0.hasPrefix(key + ":") }) + 1
        #expect(rendered.contains("notebooks/i.md:\(lineNumber):"), "\(rendered)")
    }

    @Test func oneClassOnASideIsAnErrorForRanking() async throws {
        let text = try String(contentsOf: Self.fixtures.appendingPathComponent("data.csv"), encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        // Every val row labelled 0.
        for i in 1..<lines.count where lines[i].contains(",val,") {
            var cells = lines[i].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            cells[3] = "0"
            lines[i] = cells.joined(separator: ",")
        }
        let project = try Self.project(csv: lines.joined(separator: "\n") + "\n")
        defer { project.remove() }
        try project.write("notebooks/i.md", """
        ---
        data: data
        ---
        ```{importance} imp
        models: {logistic: {onnx: logistic/model.onnx}}
        repeats: 2
        sample: 50
        compare: {column: split, a: train, b: val}
        ```
        """)
        let summary = await project.render()
        let rendered = summary.diagnostics.map(\.rendered).joined(separator: "\n")
        #expect(rendered.contains("side b (split == \"val\"): every sampled label is 0"), "\(rendered)")
        #expect(rendered.contains("notebooks/i.md:8:"), "\(rendered)")
    }

    @Test func aScoreColumnIsNotACheckpoint() async throws {
        let project = try Self.project()
        defer { project.remove() }
        try project.write("notebooks/i.md", """
        ---
        data: data
        ---
        ```{importance} imp
        models: {logistic: {onnx: logistic/model.onnx}, other: signal}
        ```
        """)
        let summary = await project.render()
        let rendered = summary.diagnostics.map(\.rendered).joined(separator: "\n")
        #expect(rendered.contains("'models.other': permutation importance runs the model"), "\(rendered)")
    }
}
