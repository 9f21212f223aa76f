import Foundation
import Testing
@testable import FolioNotebook

@Suite(.serialized) struct EvaluateDirectiveTests {
    /// A project with the small predictions file and one notebook.
    static func project(_ notebook: String) throws -> TestProject {
        try TestProject(["data/p.csv": NotebookFixtures.predictions, "data/bad.csv": NotebookFixtures.badPredictions,
                         "notebooks/n.md": "---\ndata: data\n---\n" + notebook])
    }

    static func results(_ project: TestProject) throws -> JSONValue {
        try JSONValue(parsing: project.read("reports/n.results.json"))
    }

    @Test func referenceCaseMatchesScikitLearn() async throws {
        let project = try TestProject([
            "data/p.csv": NotebookFixtures.string("reference/classification/breast_cancer_logreg/predictions.csv"),
            "notebooks/n.md": "---\ndata: data\n---\n```{evaluate} e\ndata: p.csv\n```\n",
        ])
        defer { project.remove() }
        let summary = await project.render()
        #expect(summary.succeeded, "\(summary.diagnostics)")
        let expected = try NotebookFixtures.json("reference/classification/breast_cancer_logreg/expected.json")
        let results = try EvaluateDirectiveTests.results(project)
        for key in ["accuracy", "balanced_accuracy", "precision", "recall", "f1", "macro_precision", "macro_recall", "macro_f1",
                    "mcc", "roc_auc", "average_precision", "log_loss", "brier"] {
            #expect(NotebookFixtures.close(results.number("e.prob.\(key)"), expected.number(key)), "\(key)")
        }
        #expect(results.at("e.prob.confusion") == expected.at("confusion"))
        #expect(results.at("e.best.model") == .string("prob"))
    }

    @Test func resultKeysDefaultsAndFragment() async throws {
        let project = try EvaluateDirectiveTests.project("```{evaluate} e\ndata: p.csv\nwhere: {split: test}\n```\n\nBest {{ e.best.model }}, F1 {{ e.best.f1 | .2f }} on {{ e.rows }} rows.\n")
        defer { project.remove() }
        let summary = await project.render()
        #expect(summary.succeeded, "\(summary.diagnostics)")
        let results = try EvaluateDirectiveTests.results(project)
        guard case .object(let e)? = results.at("e"), case .object(let a)? = e["a"] else {
            Issue.record("no result for e.a")
            return
        }
        // Every column but timestamp, symbol, split and label is a model, in file order.
        #expect(e.keys == ["a", "b", "best", "rows", "positives", "positive_rate", "threshold", "baseline"])
        #expect(a.keys == ["accuracy", "balanced_accuracy", "precision", "recall", "f1", "macro_precision", "macro_recall", "macro_f1",
                           "mcc", "roc_auc", "average_precision", "log_loss", "brier", "confusion", "positives", "rows"])
        #expect(results.at("e.a.confusion") == [[3, 1], [1, 1]])
        #expect(results.at("e.b.confusion") == [[3, 1], [0, 2]])
        #expect(NotebookFixtures.close(results.number("e.a.roc_auc"), 0.875))
        #expect(NotebookFixtures.close(results.number("e.b.f1"), 0.8))
        #expect(results.at("e.best.model") == "b")
        #expect(NotebookFixtures.close(results.number("e.best.f1"), 0.8))
        #expect(results.number("e.rows") == 6)
        #expect(results.number("e.positives") == 2)
        #expect(results.number("e.threshold") == 0.5)
        // The constant prediction of the base rate: AP = rate, Brier = rate (1 - rate).
        #expect(NotebookFixtures.close(results.number("e.baseline.average_precision"), 1.0 / 3))
        #expect(NotebookFixtures.close(results.number("e.baseline.brier"), 2.0 / 9))
        let report = try project.read("reports/n.md")
        #expect(report.contains("**6** rows of `data/p.csv` where {split: test}: **2** positives (33.33%)."))
        #expect(report.contains("| b | 3 (50.0%) | **0.667** | **1.000** | **0.800** |"))
        #expect(report.contains("| a | 0.875 | 0.833 |"))
        #expect(report.contains("| *constant 33.33% (no skill)* | 0.500 | 0.333 |"))
        #expect(report.contains("| b | 3 | 1 | 0 | 2 |"))
        #expect(report.hasSuffix("Best b, F1 0.80 on 6 rows.\n"))
        for figure in ["roc", "pr", "calibration"] {
            #expect(report.contains("](figures/n-e-\(figure).svg)"))
            #expect(project.exists("reports/figures/n-e-\(figure).svg"))
        }
    }

    /// The table at the threshold carries the macro averages (Task 7). Values from
    /// scikit-learn 1.9 on the test rows at 0.5, y = [1, 0, 0, 1, 0, 0]:
    /// `precision_score(y, (a >= .5), average="macro", zero_division=0)` etc. give
    /// a: 0.625, 0.625, 0.625; b: 0.8333333333333333, 0.875, 0.8285714285714285.
    @Test func macroAveragesInTheTable() async throws {
        let project = try EvaluateDirectiveTests.project("```{evaluate} e\ndata: p.csv\nwhere: {split: test}\n```\n")
        defer { project.remove() }
        #expect(await project.render().succeeded)
        let results = try EvaluateDirectiveTests.results(project)
        for (key, a, b) in [("macro_precision", 0.625, 0.8333333333333333), ("macro_recall", 0.625, 0.875), ("macro_f1", 0.625, 0.8285714285714285)] {
            #expect(NotebookFixtures.close(results.number("e.a.\(key)"), a), "\(key)")
            #expect(NotebookFixtures.close(results.number("e.b.\(key)"), b), "\(key)")
        }
        let report = try project.read("reports/n.md")
        #expect(report.contains("| model | signals | precision | recall | F1 | macro precision | macro recall | macro F1 | accuracy |"))
        #expect(report.contains("| a | 2 (33.3%) | 0.500 | 0.500 | 0.500 | 0.625 | 0.625 | 0.625 |"))
        #expect(report.contains("| b | 3 (50.0%) | **0.667** | **1.000** | **0.800** | **0.833** | **0.875** | **0.829** |"))
    }

    @Test func thresholdAndNamedModels() async throws {
        let project = try EvaluateDirectiveTests.project("```{evaluate} e\ndata: p.csv\nwhere: {split: test}\nmodels: [b]\nthreshold: 0.6\n```\n")
        defer { project.remove() }
        #expect(await project.render().succeeded)
        let results = try EvaluateDirectiveTests.results(project)
        #expect(results.at("e.a") == nil)
        #expect(results.at("e.b.confusion") == [[4, 0], [0, 2]])
        #expect(results.number("e.threshold") == 0.6)
    }

    @Test func thresholdsPerModelAndOnlyTheChecks() async throws {
        let project = try EvaluateDirectiveTests.project("```{evaluate} e\ndata: p.csv\nwhere: {split: test}\nthreshold: {b: 0.6, a: 0.5}\nexpect: {a: {f1: 0.5}}\nshow: [checks]\n```\n")
        defer { project.remove() }
        let summary = await project.render()
        #expect(summary.succeeded, "\(summary.diagnostics)")
        let results = try EvaluateDirectiveTests.results(project)
        #expect(results.at("e.threshold") == ["a": 0.5, "b": 0.6])
        #expect(results.at("e.b.confusion") == [[4, 0], [0, 2]])
        #expect(results.at("e.a.confusion") == [[3, 1], [1, 1]])
        #expect(results.at("e.checks.count") == 1)
        let report = try project.read("reports/n.md")
        #expect(report.contains("at or above its model's threshold (a 0.50, b 0.60)."))
        #expect(report.contains("| a | f1 | 0.5000 | 0.5000 | +0.00% | pass |"))
        #expect(!report.contains("ROC-AUC"))
        #expect(!report.contains("figures/"))
    }

    @Test func expectationsWithinToleranceAndFromEarlierResults() async throws {
        let project = try EvaluateDirectiveTests.project("""
        ```{evaluate} first
        data: p.csv
        where: {split: test}
        ```

        ```{evaluate} again
        data: p.csv
        where: {split: test}
        expect:
          a: {f1: "{{ first.a.f1 }}", roc_auc: 0.8751, rows: 6, positive_rate: 0.3333}
          b: {recall: 1}
        tolerance: 0.001
        ```

        """)
        defer { project.remove() }
        let summary = await project.render()
        #expect(summary.succeeded, "\(summary.diagnostics)")
        let results = try EvaluateDirectiveTests.results(project)
        #expect(results.at("again.checks.passed") == true)
        #expect(results.number("again.checks.tolerance") == 0.001)
        #expect(results.at("again.checks.items.1.metric") == "roc_auc")
        #expect(NotebookFixtures.close(results.number("again.checks.items.1.relative_difference"), (0.875 - 0.8751) / 0.8751))
        let report = try project.read("reports/n.md")
        #expect(report.contains("Expected values: 5 of 5 reproduced within the relative tolerance 0.10%."))
        #expect(report.contains("| a | roc_auc | 0.8751 | 0.8750 | −0.01% | pass |"))
        #expect(report.contains("| a | rows | 6 | 6 | +0.00% | pass |"))
    }

    @Test func aFailedExpectationFailsTheBlockAndListsTheChecks() async throws {
        let project = try EvaluateDirectiveTests.project("```{evaluate} e\ndata: p.csv\nwhere: {split: test}\nexpect:\n  a: {f1: 0.6, roc_auc: 0.875}\n  b: {f1: 0.7}\n```\n")
        defer { project.remove() }
        let summary = await project.render()
        #expect(!summary.succeeded)
        let error = summary.diagnostics.first { $0.severity == .error }
        #expect(error?.location == SourceLocation(line: 8, column: 11))
        #expect(error?.message == """
        2 of 3 expected values are not reproduced within the relative tolerance 0.005 (0.50%):

        | model | metric | expected | actual | relative difference |
        |---|---|---:|---:|---:|
        | a | f1 | 0.6000 | 0.5000 | −16.67% |
        | b | f1 | 0.7000 | 0.8000 | +14.29% |
        """)
        let report = try project.read("reports/n.md")
        #expect(report.contains("> [!CAUTION]"))
        #expect(report.contains("> | a | f1 | 0.6000 | 0.5000 | −16.67% |"))
    }

    @Test func singleClassSplitWarnsAndReportsNullAUC() async throws {
        let project = try EvaluateDirectiveTests.project("```{evaluate} e\ndata: p.csv\nwhere: {split: holdout}\ndelong: true\n```\n")
        defer { project.remove() }
        let summary = await project.render()
        #expect(summary.succeeded, "\(summary.diagnostics)")
        let warnings = summary.diagnostics.filter { $0.severity == .warning }.map(\.message)
        #expect(warnings.contains { $0.contains("only one class is present in the labels (all 2 rows are 0)") })
        #expect(warnings.contains { $0.hasPrefix("DeLong's test skipped") })
        let results = try EvaluateDirectiveTests.results(project)
        #expect(results.at("e.a.roc_auc") == .null)
        #expect(results.at("e.a.average_precision") == .null)
        #expect(results.at("e.delong") == nil)
        #expect(NotebookFixtures.close(results.number("e.a.accuracy"), 0.5))
    }

    @Test func bootstrapIsSeededAndDeLongComparesEveryPair() async throws {
        let notebook = "```{evaluate} e\ndata: p.csv\nwhere: {split: [val, test]}\nbootstrap: 300\ndelong: true\n```\n"
        let first = try EvaluateDirectiveTests.project(notebook)
        let second = try EvaluateDirectiveTests.project(notebook)
        let seeded = try EvaluateDirectiveTests.project(notebook.replacingOccurrences(of: "delong: true", with: "delong: true\nseed: 7"))
        defer { first.remove(); second.remove(); seeded.remove() }
        for project in [first, second, seeded] { #expect(await project.render().succeeded) }
        let a = try EvaluateDirectiveTests.results(first)
        let b = try EvaluateDirectiveTests.results(second)
        let c = try EvaluateDirectiveTests.results(seeded)
        #expect(a.at("e") == b.at("e"))
        // Another seed draws other resamples (on these few rows some intervals coincide).
        #expect([a.at("e.a.ci"), a.at("e.b.ci")] != [c.at("e.a.ci"), c.at("e.b.ci")])
        guard case .object(let ci)? = a.at("e.a.ci") else {
            Issue.record("no intervals")
            return
        }
        #expect(ci.keys == ["confidence", "resamples", "f1", "roc_auc", "average_precision"])
        #expect(a.number("e.a.ci.resamples") == 300)
        let lower = a.number("e.a.ci.roc_auc.lower") ?? .nan, upper = a.number("e.a.ci.roc_auc.upper") ?? .nan
        #expect(lower <= (a.number("e.a.roc_auc") ?? .nan) && (a.number("e.a.roc_auc") ?? .nan) <= upper)
        #expect(a.number("e.delong.a_vs_b.auc1") == a.number("e.a.roc_auc"))
        #expect(a.number("e.delong.a_vs_b.auc2") == a.number("e.b.roc_auc"))
        #expect(a.number("e.delong.a_vs_b.p_value") != nil)
        let report = try first.read("reports/n.md")
        #expect(report.contains("Stratified bootstrap, 300 resamples"))
        #expect(report.contains("| a vs b |"))
    }

    @Test(arguments: [
        ("models: [a, bb]\n", 5, 13, "no column 'bb' in data/p.csv (did you mean 'b'?); columns: timestamp, symbol, split, label, a, b"),
        ("models: [a, a]\n", 5, 13, "'models': 'a' is listed twice"),
        ("models: [label]\n", 5, 10, "'models': 'label' is the label column"),
        ("models: {a: 1}\n", 5, 10, "no column '1' in data/p.csv for model 'a' (did you mean 'a'?)"),
        ("threshold: 1.5\n", 5, 12, "'threshold': must be between 0 and 1, got 1.5"),
        ("threshold: {a: 0.5, bb: 0.5}\n", 5, 21, "'threshold': no model 'bb' (did you mean 'b'?); models: a, b"),
        ("threshold: {a: 0.5}\n", 5, 12, "'threshold': give a threshold for every model; 'b' has none"),
        ("threshold: {a: 2, b: 0.5}\n", 5, 16, "'threshold.a': expected a number in [0, 1]"),
        ("show: [checks, chart]\n", 5, 16, "'show': unknown part 'chart' (did you mean 'charts'?); expected a list of: metrics, intervals, delong, confusion, charts, checks"),
        ("bins: 0\n", 5, 7, "'bins': must be between 1 and 1000, got 0"),
        ("calibration: quantiles\n", 5, 14, "'calibration': unknown value 'quantiles' (did you mean 'quantile'?); expected one of: uniform, quantile"),
        ("bootstrap: 0\n", 5, 12, "'bootstrap': must be between 1 and 1000000 resamples, got 0"),
        ("bootstrap: 100\nconfidence: 1\n", 6, 13, "'confidence': must lie strictly between 0 and 1, got 1"),
        ("confidence: 0.9\n", 5, 13, "'confidence': has no effect without 'bootstrap'"),
        ("tolerance: 0.01\n", 5, 12, "'tolerance': has no effect without 'expect'"),
        ("delong: yes\n", 5, 9, "'delong': expected true or false"),
        ("models: [a]\ndelong: true\n", 6, 9, "'delong': the test compares two models or more; only 'a' is evaluated"),
        ("where: {split: train}\n", 5, 8, "no rows of data/p.csv match 'where' {split: train} (the split is empty): `split == \"train\"` matches no row (values: \"val\", \"test\", \"holdout\")"),
        ("expect: {a: {f2: 0.5}}\n", 5, 14, "'expect.a': unknown metric 'f2' (did you mean 'f1'?); expected one of: accuracy, balanced_accuracy, precision, recall, f1, macro_precision, macro_recall, macro_f1, mcc, roc_auc, average_precision, log_loss, brier, positives, rows, positive_rate"),
        ("expect: {bb: {f1: 0.5}}\n", 5, 10, "'expect': no model 'bb' among the evaluated models (did you mean 'b'?); models: a, b"),
        ("expect: {a: {f1: high}}\n", 5, 18, "'expect.a.f1': expected a finite number, found \"high\""),
        ("expect: {a: 0.5}\n", 5, 13, "'expect.a': expected a mapping of metric: value, e.g. {f1: 0.355}"),
        ("expect: {a: {f1: 0.5}}\ntolerance: -1\n", 6, 12, "'tolerance': must be between 0 and 1, got -1"),
        ("label: a\n", 5, 8, "label column 'a' of data/p.csv must hold 0 or 1: 14 values are not (first at selected row 1: 0.9)"),
        ("data: bad.csv\nmodels: [c]\n", 6, 10, "column 'c' of data/bad.csv: 1 score is missing or NaN (first at selected row 2); scores must be probabilities in [0, 1]"),
        ("data: bad.csv\nmodels: [d]\n", 6, 10, "column 'd' of data/bad.csv: 1 score is outside [0, 1] (first at selected row 2: 1.5); scores must be probabilities in [0, 1]"),
        ("data: bad.csv\nmodels: [rows]\n", 6, 10, "a model column cannot be named 'rows', a key of the result; rename the column"),
    ])
    func errorsAreLocated(body: String, line: Int, column: Int, message: String) async throws {
        // Lines count from the block's first line; a body without `data` gets one first.
        let shift = body.hasPrefix("data:") ? 0 : 1
        let body = body.hasPrefix("data:") ? body : "data: p.csv\n" + body
        let project = try EvaluateDirectiveTests.project("```{evaluate} e\n\(body)```\n")
        defer { project.remove() }
        let summary = await project.render()
        let error = summary.diagnostics.first { $0.severity == .error }
        #expect(error?.message == message)
        #expect(error?.location == SourceLocation(line: line + shift, column: column))
    }

    @Test func checkValidatesNamedColumnsWithoutComputing() throws {
        let project = try EvaluateDirectiveTests.project("```{evaluate} e\ndata: p.csv\nmodels: [a, mpl]\n```\n")
        defer { project.remove() }
        let summary = project.check()
        let error = summary.diagnostics.first { $0.severity == .error }
        #expect(error?.message.hasPrefix("no column 'mpl' in data/p.csv") == true, "\(String(describing: error))")
        #expect(error?.location == SourceLocation(line: 6, column: 13))
    }
}
