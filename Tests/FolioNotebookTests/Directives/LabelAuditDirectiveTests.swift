import FolioCompute
import Foundation
import Testing
@testable import FolioNotebook

@Suite(.serialized) struct LabelAuditDirectiveTests {
    static let market = MarketFixture()
    static let rows = market.rows()

    static func project(_ body: String, features: String? = nil, predictions: String? = nil, prose: String = "") throws -> TestProject {
        var files = market.barFiles()
        files["data/features.csv"] = features ?? market.featuresCSV(rows: rows)
        files["data/predictions.csv"] = predictions ?? market.predictionsCSV(rows: rows)
        files["notebooks/n.md"] = "---\ndata: data\n---\n```{label-audit} audit\n\(body)```\n\(prose)"
        return try TestProject(files)
    }

    static func results(_ project: TestProject) throws -> JSONValue {
        try JSONValue(parsing: project.read("reports/n.results.json")).value(at: ["audit"]) ?? .null
    }

    /// Correct labels with two rows flipped: two mismatches, listed; every look-ahead check
    /// passes; samples and targets are reported.
    @Test func mismatchesAndChecks() async throws {
        let project = try Self.project("samples: 3\n", features: Self.market.featuresCSV(rows: Self.rows, flip: [5, 40]),
                                       prose: "\n{{ audit.mismatches.count }} mismatches; look-ahead {{ audit.lookahead.pass }}.\n")
        defer { project.remove() }
        let summary = await project.render()
        #expect(summary.succeeded, "\(summary.diagnostics)")
        let r = try Self.results(project)
        #expect(r.value(at: ["rows"]) == .number(Double(Self.rows.count)))
        #expect(r.value(at: ["mismatches", "count"]) == .number(2))
        #expect(r.value(at: ["mismatches", "compared"]) == .number(Double(Self.rows.count)))
        let first = Self.rows[5]
        #expect(r.value(at: ["mismatches", "rows", "0", "timestamp"]) == .string(MarketFixture.iso(Self.market.bars[first.symbol].times[first.bar])))
        #expect(r.value(at: ["mismatches", "rows", "0", "recomputed"]) == .number(Double(first.label)))
        #expect(r.value(at: ["mismatches", "rows", "0", "stored"]) == .number(Double(1 - first.label)))
        #expect(r.value(at: ["lookahead", "timestamps", "pass"]) == .bool(true))
        #expect(r.value(at: ["lookahead", "label_window", "best_shift"]) == .number(0))
        #expect(r.value(at: ["lookahead", "features", "pass"]) == .bool(true))
        #expect(r.value(at: ["lookahead", "features", "rows"])?.childNames == ["ret_4", "noise"])
        #expect(r.value(at: ["samples"])?.childNames == ["train", "val", "test"])
        #expect(r.value(at: ["tradeable", "compared"]) == .number(Double(Self.rows.count)))
        #expect(r.value(at: ["tradeable", "by_split"])?.childNames == ["train", "val", "test"])
        let winGivenOne = r.value(at: ["tradeable", "win_rate_given_label_1"])?.doubleValue ?? .nan
        let winGivenZero = r.value(at: ["tradeable", "win_rate_given_label_0"])?.doubleValue ?? .nan
        #expect(winGivenOne > winGivenZero)
        #expect(r.value(at: ["samples", "val"])?.childNames.count == 3)
        // Targets: the current label first, then 3%, 3.5%, 4%; lower targets are hit more often.
        #expect(r.value(at: ["targets"])?.childNames.count == 4)
        #expect(r.value(at: ["targets", "0", "current"]) == .bool(true))
        #expect(r.value(at: ["targets", "1", "up"]) == .number(0.03))
        #expect(abs((r.value(at: ["targets", "1", "break_even_precision"])?.doubleValue ?? 0) - 0.4) < 1e-12)
        let rate5 = r.value(at: ["targets", "0", "splits", "train", "positive_rate"])?.doubleValue ?? .nan
        let rate3 = r.value(at: ["targets", "1", "splits", "train", "positive_rate"])?.doubleValue ?? .nan
        #expect(rate3 > rate5)
        let report = try project.read("reports/n.md")
        #expect(report.hasSuffix("2 mismatches; look-ahead true.\n"))
        #expect(report.contains("| labels use only bars after the row | pass |"))
        for split in ["train", "val", "test"] { #expect(project.exists("reports/figures/n-audit-paths-\(split).svg")) }
    }

    /// Positive rates of the current target equal the stored labels' rate; with
    /// predictions, precision and recall per model and split match a count by hand.
    @Test func targetsAndModelScores() async throws {
        let project = try Self.project("predictions: predictions.csv\nthreshold: {good: 0.55, coin: 0.5}\nsamples: 0\n")
        defer { project.remove() }
        let summary = await project.render()
        #expect(summary.succeeded, "\(summary.diagnostics)")
        let r = try Self.results(project)
        let train = Self.rows.filter { $0.split == "train" }
        let positives = train.filter { $0.label == 1 }.count
        #expect(r.value(at: ["targets", "0", "splits", "train", "positives"]) == .number(Double(positives)))
        #expect(r.value(at: ["targets", "0", "models"])?.childNames == ["good", "coin"])
        #expect(r.value(at: ["targets", "0", "models", "good"])?.childNames == ["val", "test"])
        // `good` is >= 0.6 exactly for labels of 1 and < 0.5 for 0: perfect at 0.55 on its own target.
        #expect(r.value(at: ["targets", "0", "models", "good", "val", "precision"]) == .number(1))
        #expect(r.value(at: ["targets", "0", "models", "good", "val", "recall"]) == .number(1))
        #expect(r.value(at: ["targets", "0", "models", "good", "val", "threshold"]) == .number(0.55))
        // At 3% the positives include the 5% ones: precision stays 1, recall drops.
        #expect(r.value(at: ["targets", "1", "models", "good", "test", "precision"]) == .number(1))
        #expect((r.value(at: ["targets", "1", "models", "good", "test", "recall"])?.doubleValue ?? 1) < 1)
        #expect(r.value(at: ["samples", "train"])?.childNames.isEmpty == true)
        #expect(!project.exists("reports/figures/n-audit-paths-train.svg"))
    }

    /// `resweep`: each target's threshold re-chosen on validation for the best expected value
    /// at that target's payoff, then applied to every split (issue 14, point 6).
    @Test func thresholdsAreChosenAgainPerTarget() async throws {
        let project = try Self.project("predictions: predictions.csv\nthreshold: 0.5\nsamples: 0\nresweep: {on: val, min_signals: 1}\n")
        defer { project.remove() }
        let summary = await project.render()
        #expect(summary.succeeded, "\(summary.diagnostics)")
        let r = try Self.results(project)
        let good = ["targets", "0", "resweep", "models", "good"]
        // `good` separates its own target perfectly: the chosen threshold keeps precision 1,
        // so the expected value is the whole take-profit, on val and on test.
        let threshold = try #require(r.value(at: good + ["threshold"])?.doubleValue)
        #expect(threshold >= 0.5 && threshold <= 0.6)
        #expect(r.value(at: good + ["val", "precision"]) == .number(1))
        #expect(abs((r.value(at: good + ["val", "expected_value"])?.doubleValue ?? 0) - 0.05) < 1e-12)
        #expect(r.value(at: good + ["test", "precision"]) == .number(1))
        #expect(r.value(at: ["targets", "0", "resweep", "on"]) == .string("val"))
        // The break-even at +5% / -2% is 2/7: `good` clears it on both splits.
        #expect((r.value(at: ["targets", "0", "resweep", "above_break_even"])?.doubleValue ?? 0) >= 2)
        let report = try project.read("reports/n.md")
        #expect(report.contains("Thresholds re-chosen for each target on val"))
        // An unknown split is a located error.
        try project.write("notebooks/n.md", (try project.read("notebooks/n.md")).replacingOccurrences(of: "on: val", with: "on: vla"))
        let failed = await project.render()
        #expect(failed.diagnostics.map(\.rendered).joined().contains("'resweep.on': no split 'vla' (did you mean 'val'?)"))
    }

    /// A feature that is the future return is flagged; the check fails.
    @Test func leakedFeatureIsFlagged() async throws {
        let project = try Self.project("samples: 0\n", features: Self.market.featuresCSV(rows: Self.rows, leak: true))
        defer { project.remove() }
        #expect(await project.render().succeeded)
        let r = try Self.results(project)
        #expect(r.value(at: ["lookahead", "features", "flagged"]) == ["leak"])
        #expect(r.value(at: ["lookahead", "features", "pass"]) == .bool(false))
        #expect(r.value(at: ["lookahead", "pass"]) == .bool(false))
        #expect(try project.read("reports/n.md").contains("| no feature knows the future return | **FAIL** | flagged: leak ("))
    }

    /// Labels computed one bar early (from the bar before the row) fail the window check.
    @Test func labelsFromEarlierBarsFailTheWindowCheck() async throws {
        let project = try Self.project("samples: 0\n", features: Self.market.featuresCSV(rows: Self.rows, labelShift: -1))
        defer { project.remove() }
        #expect(await project.render().succeeded)
        let r = try Self.results(project)
        #expect(r.value(at: ["lookahead", "label_window", "best_shift"]) == .number(-1))
        #expect(r.value(at: ["lookahead", "label_window", "pass"]) == .bool(false))
        #expect((r.value(at: ["mismatches", "count"])?.doubleValue ?? 0) > 0)
    }

    /// A row at a time without a bar fails the timestamp check and is not compared.
    @Test func rowWithoutBar() async throws {
        var features = Self.market.featuresCSV(rows: Self.rows)
        features += "2024-01-01T00:30:00Z,AAA,train,0,0.0,0.0\n"
        let project = try Self.project("samples: 0\n", features: features)
        defer { project.remove() }
        #expect(await project.render().succeeded)
        let r = try Self.results(project)
        #expect(r.value(at: ["lookahead", "timestamps", "missing_bars"]) == .number(1))
        #expect(r.value(at: ["lookahead", "timestamps", "pass"]) == .bool(false))
        #expect(r.value(at: ["mismatches", "no_bar"]) == .number(1))
    }

    /// The same seed draws the same samples; `seed` changes them.
    @Test func samplesAreSeeded() async throws {
        let project = try Self.project("samples: 4\n")
        defer { project.remove() }
        #expect(await project.render().succeeded)
        let first = try Self.results(project).value(at: ["samples"])
        #expect(await project.render(options: RenderOptions(useCache: false, quiet: true)).succeeded)
        #expect(try Self.results(project).value(at: ["samples"]) == first)
        try project.write("notebooks/n.md", "---\ndata: data\n---\n```{label-audit} audit\nsamples: 4\nseed: 3\n```\n")
        #expect(await project.render().succeeded)
        #expect(try Self.results(project).value(at: ["samples"]) != first)
    }

    @Test(arguments: [
        ("label: ret_4\n", 5, 8, "label column 'ret_4' of data/features.csv must hold 0 or 1, found "),
        ("split: fold\n", 5, 8, "no column 'fold' in data/features.csv"),
        ("features: [ret_4, nosie]\n", 5, 11, "no column 'nosie' in data/features.csv (did you mean 'noise'?)"),
        ("features: [split]\n", 5, 11, "column 'split' of data/features.csv is not numeric (it holds text); the screen correlates numbers"),
        ("targets: [0.03, -0.01]\n", 5, 10, "'targets': each target must be a positive fraction (0.03 for +3%), got -0.01"),
        ("models: [good]\n", 5, 9, "'models': models are read from 'predictions'; give 'predictions' too"),
        ("threshold: 0.4\n", 5, 12, "'threshold': the threshold applies to 'predictions'; give 'predictions' too"),
        ("predictions: predictions.csv\nmodels: [god]\n", 6, 9, "no column 'god' in data/predictions.csv (did you mean 'good'?)"),
        ("predictions: predictions.csv\nthreshold: {good: 0.5}\n", 6, 12, "'threshold': no threshold for model 'coin'"),
        ("down: 1\n", 5, 7, "'down': must lie in (0, 1) (0.02 for -2%), got 1"),
        ("samples: -1\n", 5, 10, "'samples': must be between 0 and 1000, got -1"),
        ("bars: nothing\n", 5, 7, "folder not found: data/nothing"),
        ("where: {split: holdout}\n", 5, 8, "no rows of data/features.csv match 'where' {split: holdout} (the split is empty)"),
    ])
    func errorsAreLocated(body: String, line: Int, column: Int, message: String) async throws {
        let project = try Self.project(body)
        defer { project.remove() }
        let error = await project.render().diagnostics.first { $0.severity == .error }
        #expect(error?.message.hasPrefix(message) == true, "\(String(describing: error?.message))")
        #expect(error?.location == SourceLocation(line: line, column: column), "\(String(describing: error))")
    }

    @Test func predictionsOutsideZeroOneAreAnError() async throws {
        let project = try Self.project("predictions: predictions.csv\n", predictions: Self.market.predictionsCSV(rows: Self.rows, override: [3: "1.5"]))
        defer { project.remove() }
        let error = await project.render().diagnostics.first { $0.severity == .error }
        #expect(error?.message == "column 'good' of data/predictions.csv must hold probabilities in [0, 1], found 1.5")
        #expect(error?.location == SourceLocation(line: 5, column: 14))
    }
}
