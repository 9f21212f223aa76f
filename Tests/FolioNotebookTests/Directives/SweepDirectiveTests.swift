import Foundation
import Testing
@testable import FolioNotebook

/// On the val rows of `NotebookFixtures.predictions` (3 positives, 3 negatives), `a`
/// separates the classes from 0.45 to 0.60 (F1 1); `b`'s best F1 is 6/7 at 0.25; the mean
/// separates them at 0.45; the vote (a at 0.45, b at 0.25) gives the positives 2 votes of 2
/// and one negative 1, so it separates them at 2 of 2.
@Suite(.serialized) struct SweepDirectiveTests {
    static func project(_ body: String, data: String = "data: p.csv\nwhere: {split: val}\n") throws -> TestProject {
        try TestProject(["data/p.csv": NotebookFixtures.predictions,
                         "notebooks/n.md": "---\ndata: data\n---\n```{sweep} s\n\(data)\(body)```\n"])
    }

    static func render(_ project: TestProject) async throws -> JSONValue {
        let summary = await project.render()
        #expect(summary.succeeded, "\(summary.diagnostics)")
        return try JSONValue(parsing: project.read("reports/n.results.json"))
    }

    @Test func referenceSweepMatchesScikitLearn() async throws {
        let project = try TestProject([
            "data/p.csv": NotebookFixtures.string("reference/classification/breast_cancer_logreg/predictions.csv"),
            "notebooks/n.md": "---\ndata: data\n---\n```{sweep} s\ndata: p.csv\n```\n",
        ])
        defer { project.remove() }
        let results = try await SweepDirectiveTests.render(project)
        guard case .array(let expected)? = try NotebookFixtures.json("reference/classification/breast_cancer_logreg/expected.json").at("sweep"),
              case .array(let table)? = results.at("s.table") else {
            Issue.record("no sweep")
            return
        }
        #expect(table.count == expected.count)
        for (row, reference) in zip(table, expected) {
            #expect(row.at("model") == "prob")
            for key in ["threshold", "precision", "recall", "f1", "positive_rate"] {
                #expect(NotebookFixtures.close(row.number(key), reference.number(key)), "\(key) at \(String(describing: reference.number("threshold")))")
            }
        }
        // One model: no ensembles, no backup.
        #expect(results.at("s.ensembles") == .object(JSONObject()))
        #expect(results.at("s.primary.name") == "prob")
        #expect(results.at("s.backup") == .null)
    }

    @Test func bestEnsemblesPrimaryAndBackup() async throws {
        let project = try SweepDirectiveTests.project("")
        defer { project.remove() }
        let results = try await SweepDirectiveTests.render(project)
        guard case .object(let s)? = results.at("s") else {
            Issue.record("no result")
            return
        }
        #expect(s.keys == ["table", "best", "ensembles", "primary", "backup", "reference", "objective", "thresholds", "rows",
                           "positives", "positive_rate"])
        #expect(results.at("s.thresholds.0") == 0.1)
        #expect(results.at("s.thresholds.1") == 0.15)
        #expect(results.at("s.thresholds.16") == 0.9)
        #expect(results.at("s.table.0") == ["threshold": 0.1, "model": "a", "precision": 0.5, "recall": 1, "f1": JSONValue.double(2.0 / 3),
                                            "positive_rate": 1, "signals": 6])
        #expect(results.at("s.best.a.threshold") == 0.45)
        #expect(results.at("s.best.a.f1") == 1)
        #expect(results.at("s.best.a.rule") == "score ≥ 0.45")
        #expect(results.at("s.best.b.threshold") == 0.25)
        #expect(NotebookFixtures.close(results.number("s.best.b.f1"), 6.0 / 7))
        #expect(results.at("s.ensembles.mean.method") == "mean")
        #expect(results.at("s.ensembles.mean.threshold") == 0.45)
        #expect(NotebookFixtures.close(results.number("s.ensembles.weighted.weights.a"), 1 / (1 + 6.0 / 7)))
        #expect(results.at("s.ensembles.vote.thresholds") == ["a": 0.45, "b": 0.25])
        // A vote is k of n, swept over k = 1, 2: its best is 2 of 2 (threshold k / n = 1).
        #expect(results.at("s.ensembles.vote.threshold") == 1)
        #expect(results.at("s.ensembles.vote.votes") == 2)
        #expect(results.at("s.ensembles.vote.of") == 2)
        #expect(results.at("s.ensembles.vote.rule") == "2 of 2")
        guard case .array(let table)? = results.at("s.table") else { Issue.record("no table"); return }
        let voteRows = table.filter { $0.at("model") == "vote" }
        #expect(voteRows.map { $0.at("votes") } == [1, 2])
        #expect(voteRows.map { $0.at("threshold") } == [0.5, 1])
        #expect(results.at("s.reference.vote.votes") == 2)  // its majority
        // Ties go to the first configuration; a model's backup is the runner-up.
        #expect(results.at("s.primary.name") == "a")
        #expect(results.at("s.primary.kind") == "model")
        #expect(results.at("s.backup.name") == "mean")
        #expect(results.at("s.backup.kind") == "ensemble")
        #expect(NotebookFixtures.close(results.number("s.reference.b.f1"), 2.0 / 3))
        #expect(results.at("s.objective") == "f1")
        let report = try project.read("reports/n.md")
        #expect(report.contains("Swept 17 thresholds from 0.10 to 0.90 on **6** rows of `data/p.csv` where {split: val}: **3** positives (50.00%)."))
        #expect(report.contains("| a | score ≥ 0.45 | 3 (50.0%) | 1.000 | 1.000 | **1.000** | 1.000 | **best by F1** |"))
        // Found by the sweep, the roles say what they are; "primary" is a decision's word.
        #expect(report.contains("| runner-up |") && !report.contains("primary"))
        #expect(report.contains("| vote (ensemble) | 2 of 2 | 3 (50.0%) | 1.000 | 1.000 | **1.000** | 1.000 (2 of 2) |  |"))
        // a, mean and the vote separate the classes at their best alike: said, not left to look like a copy error.
        #expect(report.contains("Not a copy error: `a`, `mean`, `weighted` and `vote` make exactly the same calls at their best"))
        // The by-threshold table leaves the vote out; the vote has its own table by k.
        #expect(report.contains("| threshold | a | b | mean | weighted |\n"))
        #expect(report.contains("| 0.25 | 0.857 | **0.857** | 0.750 | 0.750 |\n"))
        #expect(report.contains("| 1 of 2 | 0.857 (4 signals) |\n| 2 of 2 | **1.000 (3 signals)** |\n"))
        #expect(!report.contains("≥ 0.55"))
        // Nor is it drawn on the charts over the probability threshold.
        let f1 = try project.read("reports/figures/n-s-f1.svg")
        #expect(f1.contains(">weighted<") && !f1.contains(">vote<"))
        #expect(report.contains("<details><summary>Every threshold of every configuration</summary>"))
        for figure in ["f1", "metrics", "pr"] {
            #expect(project.exists("reports/figures/n-s-\(figure).svg"))
        }
        #expect(!project.exists("reports/figures/n-s-ev.svg"))
    }

    @Test func showWritesOnlyTheGivenParts() async throws {
        let project = try SweepDirectiveTests.project("show: [best, pr]\n")
        defer { project.remove() }
        _ = try await SweepDirectiveTests.render(project)
        let report = try project.read("reports/n.md")
        #expect(report.contains("Best threshold of each configuration"))
        #expect(!report.contains("F1 by threshold ("))
        #expect(!report.contains("<details>"))
        #expect(report.contains("](figures/n-s-pr.svg)"))
        #expect(!project.exists("reports/figures/n-s-f1.svg"))
        #expect(!project.exists("reports/figures/n-s-metrics.svg"))
    }

    @Test func namedPrimaryGetsTheBestSingleModelAsBackup() async throws {
        let project = try SweepDirectiveTests.project("primary: vote\n")
        defer { project.remove() }
        let results = try await SweepDirectiveTests.render(project)
        #expect(results.at("s.primary.name") == "vote")
        #expect(results.at("s.backup.name") == "a")
    }

    @Test func aChoiceFixedOnValidationIsCarriedToTest() async throws {
        let project = try TestProject(["data/p.csv": NotebookFixtures.predictions, "notebooks/n.md": """
        ---
        data: data
        ---
        ```{sweep} val
        data: p.csv
        where: {split: val}
        ```

        ```{sweep} test
        data: p.csv
        where: {split: test}
        weights: "{{ val.ensembles.weighted.weights }}"
        vote_thresholds: "{{ val.ensembles.vote.thresholds }}"
        primary: {name: "{{ val.primary.name }}", threshold: "{{ val.primary.threshold }}"}
        backup: {name: "{{ val.backup.name }}", threshold: "{{ val.backup.threshold }}"}
        ```

        """])
        defer { project.remove() }
        let results = try await SweepDirectiveTests.render(project)
        #expect(results.at("test.ensembles.vote.thresholds") == ["a": 0.45, "b": 0.25])
        #expect(results.at("test.ensembles.weighted.weights") == results.at("val.ensembles.weighted.weights"))
        // a at 0.45 on test: tp 2, fp 1, fn 0.
        #expect(results.at("test.primary.name") == "a")
        #expect(results.at("test.primary.fixed") == true)
        #expect(results.at("test.primary.threshold") == 0.45)
        #expect(NotebookFixtures.close(results.number("test.primary.f1"), 0.8))
        #expect(results.at("test.backup.name") == "mean")
        #expect(results.at("test.backup.threshold") == 0.45)
        #expect(results.at("val.primary.fixed") == false)
        let report = try project.read("reports/n.md")
        #expect(report.contains("The configurations fixed beforehand, on these rows:"))
        #expect(report.contains("| primary | a | score ≥ 0.45 | 3 (50.0%) | 0.667 | 1.000 | 0.800 |"))
        #expect(report.contains("| **primary** (at its fixed threshold: below) |"))
    }

    @Test func objectivesAndPayoff() async throws {
        let precision = try SweepDirectiveTests.project("objective: recall_at_precision\nmin_precision: 0.9\nensembles: []\n")
        let payoff = try SweepDirectiveTests.project("objective: expected_value\npayoff: {win: 0.05, loss: 0.02, cost: 0.01}\nmodels: [b]\n")
        defer { precision.remove(); payoff.remove() }
        let p = try await SweepDirectiveTests.render(precision)
        #expect(p.at("s.objective") == "recall_at_precision >= 0.9")
        #expect(p.at("s.best.b.threshold") == 0.65)
        #expect(NotebookFixtures.close(p.number("s.best.b.objective"), 2.0 / 3))
        #expect(p.at("s.ensembles") == .object(JSONObject()))
        let report = try precision.read("reports/n.md")
        #expect(report.contains("in parentheses: precision below 0.90"))
        #expect(report.contains("| 0.10 | (1.000) | (1.000) |"))

        let e = try await SweepDirectiveTests.render(payoff)
        #expect(NotebookFixtures.close(e.number("s.break_even_precision"), 0.03 / 0.07))
        // b at 0.65: precision 1, so a trade earns the win less the cost.
        #expect(e.at("s.best.b.threshold") == 0.65)
        #expect(NotebookFixtures.close(e.number("s.best.b.expected_value"), 0.04))
        #expect(NotebookFixtures.close(e.number("s.table.0.expected_value"), 0.5 * 0.04 - 0.5 * 0.03))
        #expect(payoff.exists("reports/figures/n-s-ev.svg"))
        // Six rows: every EV point rests on fewer than 30 signals, drawn hollow and named so.
        let ev = try payoff.read("reports/figures/n-s-ev.svg")
        #expect(ev.contains(">fewer than 30 signals</text>"))
        #expect(try payoff.read("reports/n.md").contains("a trade pays off on average only above precision **42.9%**"))
    }

    @Test func aBestThresholdNeedsTheMinimumSignals() async throws {
        // Without a minimum, b's best expected value is at 0.65 on two signals (precision 1);
        // with three, it is at 0.25 (precision 3/4 on four signals).
        let project = try SweepDirectiveTests.project("objective: expected_value\npayoff: {win: 0.05, loss: 0.02}\nmodels: [b]\nmin_signals: 3\n")
        defer { project.remove() }
        let results = try await SweepDirectiveTests.render(project)
        #expect(results.at("s.best.b.threshold") == 0.25)
        #expect(results.at("s.best.b.signals") == 4)
        #expect(NotebookFixtures.close(results.number("s.best.b.expected_value"), 0.75 * 0.05 - 0.25 * 0.02))
        let report = try project.read("reports/n.md")
        #expect(report.contains("a threshold needs at least 3 signals"))
        #expect(report.contains("| 0.65 | (+5.00%) |"))
    }

    @Test func noQualifyingThresholdIsNullWithAWarning() async throws {
        let project = try SweepDirectiveTests.project("objective: recall_at_precision\nmin_precision: 0.5\nensembles: [mean]\n",
                                                      data: "data: p.csv\nwhere: {split: holdout}\n")
        defer { project.remove() }
        let summary = await project.render()
        #expect(summary.succeeded, "\(summary.diagnostics)")
        let warnings = summary.diagnostics.filter { $0.severity == .warning }.map(\.message)
        #expect(warnings.contains("'a' has no threshold that meets the objective recall at precision ≥ 0.50"))
        let results = try JSONValue(parsing: project.read("reports/n.results.json"))
        #expect(results.at("s.best.a") == .null)
        #expect(results.at("s.ensembles.mean.threshold") == .null)
        #expect(results.at("s.primary") == .null)
        #expect(try project.read("reports/n.md").contains("| a | no threshold qualifies |"))
    }

    @Test(arguments: [
        ("step: 0\n", 7, 7, "'step': must be above 0, got 0"),
        ("show: [best, prc]\n", 7, 14, "'show': unknown part 'prc' (did you mean 'pr'?); expected a list of: best, thresholds, rows, f1, metrics, ev, pr"),
        ("min_signals: -1\n", 7, 14, "'min_signals': must be at least 0, got -1"),
        ("threshold: {a: 0.5, b: 0.5}\n", 7, 12, "'threshold': expected one number in [0, 1]"),
        ("from: 0.9\nto: 0.1\n", 7, 7, "'from': 'from' (0.9) is above 'to' (0.1)"),
        ("step: 0.000001\n", 7, 7, "invalid step: gives more than 100000 thresholds between 0.1 and 0.9"),
        ("objective: F1\n", 7, 12, "'objective': unknown value 'F1' (did you mean 'f1'?); expected one of: f1, recall_at_precision, precision_at_recall, expected_value"),
        ("objective: recall_at_precision\n", 7, 12, "'objective': recall_at_precision needs 'min_precision', e.g. min_precision: 0.4"),
        ("min_recall: 0.5\n", 7, 13, "'min_recall': applies to objective precision_at_recall only (the objective is f1)"),
        ("objective: recall_at_precision\nmin_precision: 1.5\n", 8, 16, "'min_precision': must be between 0 and 1, got 1.5"),
        ("objective: expected_value\n", 7, 12, "'objective': expected_value needs a 'payoff', e.g. payoff: {win: 0.05, loss: 0.02}"),
        ("payoff: {win: 0.05}\n", 7, 9, "'payoff': give 'loss' as a fraction, e.g. {win: 0.05, loss: 0.02}"),
        ("payoff: {win: 0.05, los: 0.02}\n", 7, 21, "unknown key in 'payoff' 'los' (did you mean 'loss'?); expected one of: win, loss, cost"),
        ("payoff: {win: -0.05, loss: 0.02}\n", 7, 15, "'payoff.win': must be a fraction >= 0 (0.05 for 5%), got -0.05"),
        ("payoff: {win: 0.05, loss: 0.02, cost: 0.05}\n", 7, 39, "'payoff': the cost (0.05) takes the whole win (0.05)"),
        ("ensembles: [mean, median]\n", 7, 19, "'ensembles': unknown ensemble 'median' (did you mean 'mean'?); expected a list of: mean, weighted, vote"),
        ("ensembles: [mean, mean]\n", 7, 19, "'ensembles': 'mean' is listed twice"),
        ("models: [a]\nensembles: [mean]\n", 8, 12, "'ensembles': an ensemble needs two models or more; only 'a' is swept"),
        ("weights: {a: 1, bb: 2}\n", 7, 17, "'weights': no model 'bb' (did you mean 'b'?); models: a, b"),
        ("weights: {a: 1}\n", 7, 10, "'weights': give a value for every model; 'b' has none"),
        ("weights: {a: 0, b: 0}\n", 7, 10, "'weights': at least one weight must be above 0"),
        ("weights: {a: -1, b: 1}\n", 7, 14, "'weights.a': must be at least 0, got -1"),
        ("ensembles: [mean]\nweights: {a: 1, b: 1}\n", 8, 10, "'weights': has no effect without the weighted ensemble in 'ensembles'"),
        ("ensembles: [mean]\nvote_thresholds: {a: 0.5, b: 0.5}\n", 8, 18, "'vote_thresholds': has no effect without the vote ensemble in 'ensembles'"),
        ("vote_thresholds: {a: 0.5, b: high}\n", 7, 30, "'vote_thresholds.b': expected a threshold >= 0"),
        ("primary: {name: a, treshold: 0.5}\n", 7, 20, "unknown key in 'primary' 'treshold' (did you mean 'threshold'?); expected one of: name, threshold"),
        ("primary: {threshold: 0.5}\n", 7, 10, "'primary': give the configuration's name: {name: mlp, threshold: 0.3}"),
        ("primary: maen\n", 7, 10, "no configuration 'maen' (did you mean 'mean'?); configurations: a, b, mean, weighted, vote"),
        ("primary: a\nbackup: a\n", 8, 9, "'backup': is the same configuration as the primary ('a')"),
        ("models: [a, bb]\n", 7, 13, "no column 'bb' in data/p.csv (did you mean 'b'?); columns: timestamp, symbol, split, label, a, b"),
    ])
    func errorsAreLocated(body: String, line: Int, column: Int, message: String) async throws {
        let project = try SweepDirectiveTests.project(body)
        defer { project.remove() }
        let summary = await project.render()
        let error = summary.diagnostics.first { $0.severity == .error }
        #expect(error?.message == message)
        #expect(error?.location == SourceLocation(line: line, column: column))
    }

    @Test func ensemblesThatNeedEveryBestThresholdSayWhichModelHasNone() async throws {
        let project = try SweepDirectiveTests.project("objective: recall_at_precision\nmin_precision: 0.5\nensembles: [mean, vote]\n",
                                                      data: "data: p.csv\nwhere: {split: holdout}\n")
        defer { project.remove() }
        let summary = await project.render()
        let error = summary.diagnostics.first { $0.severity == .error }
        #expect(error?.message == "'ensembles': the F1-weighted and vote ensembles need every model's best threshold, and model 'a' has no threshold that meets the objective recall at precision ≥ 0.50; relax the objective or keep only the mean ensemble")
        #expect(error?.location == SourceLocation(line: 9, column: 12))
    }
}
