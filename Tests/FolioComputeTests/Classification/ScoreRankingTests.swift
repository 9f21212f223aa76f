import Foundation
import Numerics
import Testing
@testable import FolioCompute

@Suite struct ScoreRankingTests {
    /// The test vector of reference/algorithms.md.
    @Test func algorithmsVector() throws {
        let labels = try BinaryLabels([0, 0, 1, 1, 1, 0, 1] as [Int8])
        let ranking = try ScoreRanking(labels: labels, scores: [0.1, 0.4, 0.35, 0.8, 0.4, 0.4, 0.9])
        #expect(ranking.averagePrecision == 0.8166666666666667)
        #expect(ranking.rocAUC == 0.75)
        #expect(ranking.thresholds == [0.9, 0.8, 0.4, 0.35, 0.1])
        #expect(ranking.truePositives == [1, 2, 3, 4, 4])
        #expect(ranking.falsePositives == [0, 0, 2, 2, 3])
        #expect(ranking.warnings.isEmpty)
    }

    /// reference/classification/breast_cancer_logreg: AUC, AP, ROC and PR curves.
    @Test func breastCancerReference() throws {
        let base = "reference/classification/breast_cancer_logreg"
        let expected = try Fixtures.json("\(base)/expected.json")
        let labels = try BinaryLabels(try Fixtures.column("\(base)/predictions.csv", "label"))
        let scores = try Fixtures.column("\(base)/predictions.csv", "prob")
        let ranking = try ScoreRanking(labels: labels, scores: scores)
        #expect(closeToReference(ranking.rocAUC, JSONValue.double(expected["roc_auc"])))
        #expect(closeToReference(ranking.averagePrecision, JSONValue.double(expected["average_precision"])))
        let roc = ranking.rocCurve()
        let expectedROC = JSONValue.dictionary(expected["roc_curve"])
        #expect(closeToReference(roc.falsePositiveRate, JSONValue.doubles(expectedROC["fpr"])))
        #expect(closeToReference(roc.truePositiveRate, JSONValue.doubles(expectedROC["tpr"])))
        #expect(roc.thresholds.first == .infinity)
        let pr = ranking.precisionRecallCurve()
        let expectedPR = JSONValue.dictionary(expected["pr_curve"])
        #expect(closeToReference(pr.precision, JSONValue.doubles(expectedPR["precision"])))
        #expect(closeToReference(pr.recall, JSONValue.doubles(expectedPR["recall"])))
    }

    /// Curves and areas of every generated case against scikit-learn 1.9.1.
    @Test(arguments: ClassificationFixture.cases)
    func curvesMatchScikitLearn(caseName: String) throws {
        let fixture = try ClassificationFixture(caseName)
        for model in fixture.models {
            let expected = fixture.model(model)
            let ranking = try ScoreRanking(labels: fixture.labels, scores: fixture.scores[model]!)

            for (key, drop) in [("roc_curve", true), ("roc_curve_all", false)] {
                let want = JSONValue.dictionary(expected[key])
                let stride = want["stride"].map(JSONValue.int) ?? 1
                let roc = ranking.rocCurve(dropIntermediate: drop)
                #expect(roc.falsePositiveRate.count == JSONValue.int(want["length"]), "\(caseName) \(model) \(key)")
                #expect(roc.thresholds[0] == .infinity)
                #expect(closeToReference(everyNth(roc.falsePositiveRate, stride), JSONValue.doubles(want["fpr"])), "\(caseName) \(model) \(key)")
                #expect(closeToReference(everyNth(roc.truePositiveRate, stride), JSONValue.doubles(want["tpr"])), "\(caseName) \(model) \(key)")
                let after = Array(roc.thresholds.dropFirst())
                #expect(closeToReference(everyNth(after, stride), JSONValue.doubles(want["thresholds_after_inf"])), "\(caseName) \(model) \(key)")
            }
            for (key, drop) in [("pr_curve", false), ("pr_curve_dropped", true)] {
                let want = JSONValue.dictionary(expected[key])
                let stride = want["stride"].map(JSONValue.int) ?? 1
                let pr = ranking.precisionRecallCurve(dropIntermediate: drop)
                #expect(pr.precision.count == JSONValue.int(want["length"]), "\(caseName) \(model) \(key)")
                #expect(pr.thresholds.count == pr.precision.count - 1)
                #expect(closeToReference(everyNth(pr.precision, stride), JSONValue.doubles(want["precision"])), "\(caseName) \(model) \(key)")
                #expect(closeToReference(everyNth(pr.recall, stride), JSONValue.doubles(want["recall"])), "\(caseName) \(model) \(key)")
                #expect(closeToReference(everyNth(pr.thresholds, stride), JSONValue.doubles(want["thresholds"])), "\(caseName) \(model) \(key)")
            }

            let auc = JSONValue.double(expected["roc_auc"])
            let ap = JSONValue.double(expected["average_precision"])
            if fixture.labels.isSingleClass {
                // scikit-learn: roc_auc NaN (with a warning); AP 0.0 without positives and
                // 1.0 without negatives. folio reports both as NaN with a warning.
                #expect(auc.isNaN)
                #expect(ap == (fixture.labels.positives == 0 ? 0 : 1))
                #expect(ranking.rocAUC.isNaN)
                #expect(ranking.averagePrecision.isNaN)
                #expect(ranking.warnings == [.singleClass(label: fixture.labels.positives == 0 ? 0 : 1,
                                                          count: fixture.labels.count)])
            } else {
                #expect(closeToReference(ranking.rocAUC, auc), "\(caseName) \(model)")
                #expect(closeToReference(ranking.averagePrecision, ap), "\(caseName) \(model)")
                #expect(ranking.warnings.isEmpty)
            }
        }
    }

    /// The radix sort orders keys as the doubles are ordered, negative numbers, zeros of
    /// both signs, subnormals and infinities included.
    @Test(arguments: [3, 700, 5_000] as [Int])
    func keySortMatchesStandardSort(count: Int) {
        var rng = SeededGenerator(seed: UInt64(count))
        let specials: [Double] = [0, -0.0, .infinity, -.infinity, .leastNonzeroMagnitude,
                                  -.leastNonzeroMagnitude, .greatestFiniteMagnitude, 1, -1]
        var values: [Double] = (0..<count).map { i in
            switch i % 4 {
            case 0: return rng.nextNormal() * 1e6
            case 1: return Double(rng.nextInt(below: 20)) / 10 - 1  // many ties
            case 2: return rng.nextUniform()
            default: return specials[rng.nextInt(below: specials.count)]
            }
        }
        values.append(contentsOf: specials)
        var keys = values.map(ScoreKeys.key)
        ScoreKeys.sort(&keys)
        let sorted = keys.map(ScoreKeys.value)
        let reference = values.sorted()
        #expect(sorted.count == reference.count)
        #expect(zip(sorted, reference).allSatisfy { $0 == $1 })
        #expect(ScoreKeys.key(-0.0) == ScoreKeys.key(0.0))
    }

    /// A ranking equals a brute-force count at every distinct score and between them.
    @Test func countsMatchBruteForce() throws {
        var rng = SeededGenerator(seed: 42)
        let n = 3_000
        let labelValues: [Int8] = (0..<n).map { _ in rng.nextUniform() < 0.3 ? 1 : 0 }
        let scores: [Double] = (0..<n).map { _ in (rng.nextUniform() * 50).rounded() / 50 }
        let labels = try BinaryLabels(labelValues)
        let ranking = try ScoreRanking(labels: labels, scores: scores)
        for t in ranking.thresholds + [-1, 0.0101, 0.5, 0.77, 2, .nan] {
            let direct = try ConfusionCounts(labels: labels, scores: scores, threshold: t)
            #expect(ranking.counts(atThreshold: t) == direct, "threshold \(t)")
        }
        #expect(ranking.counts(atThreshold: .nan).predictedPositives == 0)
        // Mann-Whitney by brute force.
        var wins = 0.0
        for i in 0..<n where labelValues[i] == 1 {
            for j in 0..<n where labelValues[j] == 0 {
                wins += scores[i] > scores[j] ? 1 : (scores[i] == scores[j] ? 0.5 : 0)
            }
        }
        #expect(ranking.rocAUC.isApproximatelyEqual(to: wins / Double(labels.positives * labels.negatives),
                                                     relativeTolerance: 1e-12))
    }

    @Test func rejectsBadInput() throws {
        let labels = try BinaryLabels([0, 1, 1] as [Int8])
        #expect(throws: ClassificationError.nonFiniteScores(count: 2, firstIndex: 1)) {
            try ScoreRanking(labels: labels, scores: [0.1, .nan, .infinity])
        }
        #expect(throws: ClassificationError.lengthMismatch(expected: 3, actual: 2, what: "the scores")) {
            try ScoreRanking(labels: labels, scores: [0.1, 0.2])
        }
        #expect(throws: ClassificationError.empty) {
            try ScoreRanking(labels: try BinaryLabels([] as [Int8]), scores: [])
        }
        let message = ClassificationError.nonFiniteScores(count: 2, firstIndex: 1).description
        #expect(message.contains("2 values are NaN or infinite"))
    }

    /// Scores outside [0, 1] are fine for ranking metrics (scikit-learn accepts decision
    /// functions).
    @Test func acceptsUnboundedScores() throws {
        let labels = try BinaryLabels([0, 0, 1, 1] as [Int8])
        let ranking = try ScoreRanking(labels: labels, scores: [-3, 0.5, 2, 10])
        #expect(ranking.rocAUC == 1)
        #expect(ranking.averagePrecision == 1)
    }
}
