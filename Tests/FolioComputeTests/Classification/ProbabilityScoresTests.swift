import Testing
@testable import FolioCompute

@Suite struct ProbabilityScoresTests {
    /// Log loss (labels=[0, 1]), Brier score and calibration curves against scikit-learn.
    @Test(arguments: ClassificationFixture.cases)
    func matchScikitLearn(caseName: String) throws {
        let fixture = try ClassificationFixture(caseName)
        for model in fixture.models {
            let p = fixture.scores[model]!
            let want = fixture.model(model)
            let context = "\(caseName) \(model)"
            #expect(closeToReference(try ProbabilityScores.logLoss(labels: fixture.labels, probabilities: p),
                           JSONValue.double(want["log_loss"])), "\(context)")
            #expect(closeToReference(try ProbabilityScores.brierScore(labels: fixture.labels, probabilities: p),
                           JSONValue.double(want["brier"])), "\(context)")
            for (key, bins, strategy) in [("calibration_uniform_5", 5, CalibrationStrategy.uniform),
                                          ("calibration_uniform_10", 10, .uniform),
                                          ("calibration_quantile_10", 10, .quantile)] {
                let curve = try CalibrationCurve(labels: fixture.labels, probabilities: p, bins: bins, strategy: strategy)
                let expected = JSONValue.dictionary(want[key])
                #expect(closeToReference(curve.fractionOfPositives, JSONValue.doubles(expected["prob_true"])), "\(context) \(key)")
                #expect(closeToReference(curve.meanPredicted, JSONValue.doubles(expected["prob_pred"])), "\(context) \(key)")
                #expect(curve.counts == (expected["counts"] as! [Any]).map(JSONValue.int), "\(context) \(key)")
                #expect(curve.edges.count == bins + 1)
            }
        }
    }

    /// reference/classification/breast_cancer_logreg.
    @Test func breastCancerReference() throws {
        let base = "reference/classification/breast_cancer_logreg"
        let expected = try Fixtures.json("\(base)/expected.json")
        let labels = try BinaryLabels(try Fixtures.column("\(base)/predictions.csv", "label"))
        let p = try Fixtures.column("\(base)/predictions.csv", "prob")
        let evaluation = try BinaryEvaluation(labels: labels, probabilities: p)
        #expect(closeToReference(evaluation.logLoss, JSONValue.double(expected["log_loss"])))
        #expect(closeToReference(evaluation.brierScore, JSONValue.double(expected["brier"])))
        #expect(closeToReference(evaluation.rocAUC, JSONValue.double(expected["roc_auc"])))
        #expect(closeToReference(evaluation.averagePrecision, JSONValue.double(expected["average_precision"])))
        #expect(evaluation.counts.matrix == [[87, 3], [2, 51]])
        #expect(evaluation.warnings.isEmpty)
    }

    /// Exact 0 and 1 probabilities are clipped to eps, not infinite.
    @Test func logLossClipsAtEpsilon() throws {
        let labels = try BinaryLabels([1, 0] as [Int8])
        let loss = try ProbabilityScores.logLoss(labels: labels, probabilities: [0, 1])
        #expect(loss == -Double.log(2.220446049250313e-16))
        #expect(try ProbabilityScores.logLoss(labels: labels, probabilities: [1, 0]) == -Double.log(1 - 2.220446049250313e-16))
    }

    @Test func rejectsInvalidProbabilities() throws {
        let labels = try BinaryLabels([1, 0, 1] as [Int8])
        #expect(throws: ClassificationError.probabilitiesOutOfRange(count: 2, firstIndex: 0, firstValue: 1.5)) {
            try ProbabilityScores.logLoss(labels: labels, probabilities: [1.5, 0.2, -0.1])
        }
        #expect(throws: ClassificationError.nonFiniteScores(count: 1, firstIndex: 2)) {
            try ProbabilityScores.brierScore(labels: labels, probabilities: [0.5, 0.2, .nan])
        }
        #expect(throws: ClassificationError.invalidParameter(name: "bins", reason: "must be at least 1, got 0")) {
            try CalibrationCurve(labels: labels, probabilities: [0.5, 0.2, 0.1], bins: 0)
        }
        #expect(throws: ClassificationError.probabilitiesOutOfRange(count: 1, firstIndex: 1, firstValue: 2)) {
            try BinaryEvaluation(labels: labels, probabilities: [0.5, 2, 0.1])
        }
    }

    /// A probability equal to an inner edge belongs to the bin below (searchsorted
    /// 'left'), with numpy's edges: 0.3 and 0.30000000000000004 both sit in bin 2 because
    /// the edge is 3 * 0.1 = 0.30000000000000004. scikit-learn gives
    /// prob_pred [0.2, 0.3, 0.9] (bins 1, 2, 8) for these four rows.
    @Test func calibrationEdgesAreNumpys() throws {
        let labels = try BinaryLabels([0, 1, 1, 0] as [Int8])
        let curve = try CalibrationCurve(labels: labels, probabilities: [0.2, 0.3, 0.30000000000000004, 0.9], bins: 10)
        #expect(curve.counts == [1, 2, 1])
        #expect(curve.fractionOfPositives == [0, 1, 0])
        #expect(curve.meanPredicted == [0.2, (0.3 + 0.30000000000000004) / 2, 0.9])
        #expect(curve.edges[3] == 0.30000000000000004)
    }

    @Test func numpyLinearPercentile() {
        let sorted: [Double] = [1, 2, 4, 8]
        #expect(LinearPercentile.value(sorted: sorted, fraction: 0) == 1)
        #expect(LinearPercentile.value(sorted: sorted, fraction: 1) == 8)
        #expect(LinearPercentile.value(sorted: sorted, fraction: 0.5) == 3)
        let gamma: Double = 3 * 0.9 - 2
        let expected: Double = 8 - 4 * (1 - gamma)
        #expect(LinearPercentile.value(sorted: sorted, fraction: 0.9) == expected)
        #expect(LinearPercentile.value(sorted: [5], fraction: 0.3) == 5)
    }
}
