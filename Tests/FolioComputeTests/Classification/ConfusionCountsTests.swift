import Testing
@testable import FolioCompute

@Suite struct ConfusionCountsTests {
    /// Every metric at thresholds 0.5, 0.3, 0 and 1 against scikit-learn, for every case
    /// (single-class ones included).
    @Test(arguments: ClassificationFixture.cases)
    func metricsMatchScikitLearn(caseName: String) throws {
        let fixture = try ClassificationFixture(caseName)
        for model in fixture.models {
            let scores = fixture.scores[model]!
            let ranking = try ScoreRanking(labels: fixture.labels, scores: scores)
            for want in JSONValue.array(fixture.model(model)["at_threshold"]) {
                let t = JSONValue.double(want["threshold"])
                let counts = ranking.counts(atThreshold: t)
                #expect(counts == (try ConfusionCounts(labels: fixture.labels, scores: scores, threshold: t)))
                Self.check(counts, want, "\(caseName) \(model) t=\(t)")
            }
        }
    }

    /// reference/classification/breast_cancer_logreg at 0.5.
    @Test func breastCancerReference() throws {
        let base = "reference/classification/breast_cancer_logreg"
        let expected = try Fixtures.json("\(base)/expected.json")
        let labels = try BinaryLabels(try Fixtures.column("\(base)/predictions.csv", "label"))
        let scores = try Fixtures.column("\(base)/predictions.csv", "prob")
        let counts = try ConfusionCounts(labels: labels, scores: scores, threshold: 0.5)
        Self.check(counts, expected, "breast cancer")
    }

    static func check(_ counts: ConfusionCounts, _ want: [String: Any], _ context: String) {
        let matrix = (want["confusion"] as! [Any]).map { ($0 as! [Any]).map(JSONValue.int) }
        #expect(counts.matrix == matrix, "\(context)")
        let metrics: [(String, Double)] = [
            ("accuracy", counts.accuracy), ("balanced_accuracy", counts.balancedAccuracy),
            ("precision", counts.precision), ("recall", counts.recall), ("f1", counts.f1),
            ("macro_precision", counts.macroPrecision), ("macro_recall", counts.macroRecall),
            ("macro_f1", counts.macroF1), ("mcc", counts.matthewsCorrelation),
        ]
        for (key, value) in metrics {
            #expect(closeToReference(value, JSONValue.double(want[key])), "\(context) \(key): \(value)")
        }
    }

    /// Zero denominators give 0 (zero_division=0), MCC 0, and an empty value NaN.
    @Test func degenerateCounts() {
        let none = ConfusionCounts(trueNegatives: 5, falsePositives: 0, falseNegatives: 3, truePositives: 0)
        #expect(none.precision == 0)
        #expect(none.recall == 0)
        #expect(none.f1 == 0)
        #expect(none.matthewsCorrelation == 0)
        #expect(none.positiveRate == 0)
        #expect(none.macroPrecision == 0.3125)  // (5/8 + 0) / 2
        let empty = ConfusionCounts(trueNegatives: 0, falsePositives: 0, falseNegatives: 0, truePositives: 0)
        #expect(empty.accuracy.isNaN)
        #expect(empty.balancedAccuracy.isNaN)
        #expect(empty.macroF1.isNaN)
    }

    /// MCC in floating point does not overflow at the seed scale.
    @Test func matthewsCorrelationAtScale() {
        let counts = ConfusionCounts(trueNegatives: 3_000_000, falsePositives: 400_000,
                                     falseNegatives: 200_000, truePositives: 100_000)
        let tp: Double = 1e5, tn: Double = 3e6, fp: Double = 4e5, fn: Double = 2e5
        let numerator: Double = tp * tn - fp * fn
        let product: Double = (tp + fp) * (tp + fn) * (tn + fp) * (tn + fn)
        let textbook = numerator / product.squareRoot()
        #expect(closeToReference(counts.matthewsCorrelation, textbook, tolerance: 1e-12))
    }
}
