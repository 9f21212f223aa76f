import FolioCompute
import Foundation
import Testing
@testable import FolioModels

/// Permutation importance against scikit-learn's `permutation_importance` on the same
/// ONNX models (run by onnxruntime) and the same samples.
@Suite struct PermutationImportanceTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let model: String
        let side: String
        let metric: String
        var testDescription: String { "\(model) \(side) \(metric)" }
    }

    static let cases: [Case] = ImportanceFixtures.expected.models.flatMap { model in
        ["train", "val"].flatMap { side in
            model.sides[side]!.metrics.keys.sorted().map { Case(model: model.name, side: side, metric: $0) }
        }
    }

    /// Means agree within 4 standard errors of their difference: both are means of `R`
    /// independent permutations, so the difference has a standard error of
    /// `sqrt(s_folio^2 / (R - 1) + s_sklearn^2 / (R - 1))` (stds with ddof=0). The baseline,
    /// computed on the same samples with scores equal within float rounding, agrees to 1e-6.
    @Test("means within 4 standard errors of scikit-learn's", arguments: cases)
    func agreesWithScikitLearn(_ c: Case) throws {
        let fixtures = ImportanceFixtures.expected
        let model = ImportanceFixtures.model(c.model)
        let expected = model.sides[c.side]!.metrics[c.metric]!
        let options = ImportanceOptions(
            metric: ImportanceFixtures.metric(c.metric), repeats: fixtures.repeats, seed: 42, threads: 2)
        let importance = try PermutationImportance(scorer: try ImportanceFixtures.scorer(c.model), options: options)
        let result = try importance.importance(
            of: try ImportanceFixtures.frame(), label: model.label, rows: ImportanceFixtures.side(c.side))
        #expect(result.samples == model.sides[c.side]!.samples)
        #expect(result.positives == model.sides[c.side]!.positives)
        #expect(abs(result.baseline - expected.baseline) <= 1e-6, "baseline \(result.baseline) vs \(expected.baseline)")
        #expect(result.features.map(\.feature) == fixtures.features)
        let r = Double(fixtures.repeats)
        var worst = 0.0
        for (k, feature) in result.features.enumerated() {
            #expect(feature.importances.count == fixtures.repeats)
            let se = ((feature.std * feature.std + expected.stds[k] * expected.stds[k]) / (r - 1)).squareRoot()
            let difference = abs(feature.mean - expected.means[k])
            #expect(
                difference <= 4 * se + 1e-12,
                "\(feature.feature): folio \(feature.mean) ± \(feature.std), scikit-learn \(expected.means[k]) ± \(expected.stds[k])")
            if se > 0 { worst = max(worst, difference / se) }
        }
        print("agreement \(c.testDescription): largest |difference| / standard error = \(worst)")
    }

    @Test("a feature with zero weights gets exactly 0 in every repeat", arguments: cases)
    func zeroWeightIsExactlyZero(_ c: Case) throws {
        let model = ImportanceFixtures.model(c.model)
        let options = ImportanceOptions(metric: ImportanceFixtures.metric(c.metric), repeats: 4, sample: 300, seed: 3)
        let result = try PermutationImportance(scorer: try ImportanceFixtures.scorer(c.model), options: options)
            .importance(of: try ImportanceFixtures.frame(), label: model.label, rows: ImportanceFixtures.side(c.side))
        let dead = try #require(result.features.first { $0.feature == "dead" })
        #expect(dead.importances == [0, 0, 0, 0])
        #expect(dead.mean == 0 && dead.std == 0)
        // The others move.
        #expect(result.features.filter { $0.feature != "dead" }.allSatisfy { $0.importances.contains { $0 != 0 } })
    }

    @Test("the feature related to the label on train only is flagged overfit", arguments: ["logistic", "gru"])
    func leakIsOverfit(_ name: String) throws {
        let model = ImportanceFixtures.model(name)
        let options = ImportanceOptions(metric: .rocAUC, repeats: 10, seed: 42)
        let comparison = try PermutationImportance(scorer: try ImportanceFixtures.scorer(name), options: options)
            .compare(try ImportanceFixtures.frame(), label: model.label, a: ImportanceFixtures.side("train"),
                     b: ImportanceFixtures.side("val"))
        #expect(comparison.flagged == ["leak"])
        #expect(comparison.rows.map(\.flag.rawValue) == model.flags["roc_auc"]!)
        #expect(comparison.rows.first { $0.feature == "dead" }?.flag == .unused)
        #expect(comparison.baselineA == comparison.a.baseline && comparison.baselineB == comparison.b.baseline)
        #expect(Set(comparison.rows.map(\.rankA)) == Set(1...5))
        #expect(Set(comparison.rows.map(\.rankB)) == Set(1...5))
        let leak = comparison.rows.first { $0.feature == "leak" }!
        #expect(leak.rankA < leak.rankB)
    }

    @Test("the same seed gives the same numbers with 1 or 2 threads", arguments: ["logistic", "gru"])
    func deterministicAcrossThreads(_ name: String) throws {
        let model = ImportanceFixtures.model(name)
        let frame = try ImportanceFixtures.frame()
        func run(threads: Int, seed: UInt64) throws -> ImportanceResult {
            // Chunks of 64: the baseline's run is split across the threads too.
            let options = ImportanceOptions(
                metric: .logLoss, repeats: 3, sample: 250, seed: seed, threads: threads, chunkSize: 64)
            return try PermutationImportance(scorer: try ImportanceFixtures.scorer(name), options: options)
                .importance(of: frame, label: model.label, rows: ImportanceFixtures.side("train"))
        }
        let one = try run(threads: 1, seed: 11)
        let two = try run(threads: 2, seed: 11)
        #expect(one == two)
        #expect(one.samples == 250)
        let other = try run(threads: 2, seed: 12)
        #expect(other.features.map(\.importances) != one.features.map(\.importances))
    }

    @Test func groupsArePermutedTogether() throws {
        let model = ImportanceFixtures.model("gru")
        let frame = try ImportanceFixtures.frame()
        let scorer = try ImportanceFixtures.scorer("gru")
        func run(_ groups: [FeatureGroup]) throws -> ImportanceResult {
            let options = ImportanceOptions(metric: .rocAUC, repeats: 3, sample: 200, seed: 5, groups: groups)
            return try PermutationImportance(scorer: scorer, options: options)
                .importance(of: frame, label: model.label, rows: ImportanceFixtures.side("train"))
        }
        let plain = try run([])
        // A group of one feature named after it is that feature.
        #expect(try run([FeatureGroup(name: "trend", features: ["trend"])]) == plain)
        let grouped = try run([
            FeatureGroup(name: "moves", features: ["wiggle", "signal"]), FeatureGroup(name: "nothing", features: ["dead"]),
        ])
        #expect(grouped.features.map(\.feature) == ["moves", "nothing", "leak", "trend"])
        #expect(grouped.features[0].members == ["wiggle", "signal"])
        #expect(grouped.features[1].importances == [0, 0, 0])
        #expect(grouped.features[2] == plain.features[2])
        // Permuting two informative features together costs more than either alone.
        #expect(grouped.features[0].mean > max(plain.features[0].mean, plain.features[4].mean))
    }

    @Test func sampleLargerThanTheSideUsesEveryRowAndSaysSo() throws {
        let model = ImportanceFixtures.model("logistic")
        let frame = try ImportanceFixtures.frame()
        func run(_ sample: Int?) throws -> ImportanceResult {
            let options = ImportanceOptions(metric: .rocAUC, repeats: 2, sample: sample, seed: 1)
            return try PermutationImportance(scorer: try ImportanceFixtures.scorer("logistic"), options: options)
                .importance(of: frame, label: model.label, rows: ImportanceFixtures.side("val"))
        }
        let all = try run(nil)
        let more = try run(1_000_000)
        #expect(more.samples == model.sides["val"]!.samples && more.available == more.samples)
        #expect(more.features == all.features && more.baseline == all.baseline)
        #expect(all.notes.isEmpty)
        #expect(more.notes == ["sample 1000000 is more than the \(more.samples) scored rows available: all are used"])
        let fewer = try run(100)
        #expect(fewer.samples == 100 && fewer.available == all.samples)
    }
}
