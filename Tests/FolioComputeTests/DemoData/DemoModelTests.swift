import Foundation
import Numerics
import Testing
@testable import FolioCompute

@Suite struct DemoModelTests {
    /// Reference: scikit-learn `LogisticRegression(C=1.0, solver='newton-cholesky')` on a
    /// small synthetic set (`Fixtures/demodata/logistic_reference.json`, `generate.py`).
    @Test func logisticRegressionMatchesScikitLearn() throws {
        let json = try Fixtures.json("demodata/logistic_reference.json")
        let rows = try #require(json["X"] as? [[Double]])
        let labels = try #require(json["y"] as? [Int]).map { Int8($0) }
        let coef = try #require(json["coef"] as? [Double])
        let intercept = try #require(json["intercept"] as? Double)
        let expected = try #require(json["probabilities"] as? [Double])
        let d = rows[0].count
        let x = rows.flatMap { $0 }
        let model = try DemoLogisticModel.fit(x: x, dimension: d, y: labels, rows: Array(rows.indices), l2: 1)
        for j in 0..<d {
            #expect(model.weights[j].isApproximatelyEqual(to: coef[j], relativeTolerance: 1e-9), "coef \(j)")
        }
        #expect(model.intercept.isApproximatelyEqual(to: intercept, relativeTolerance: 1e-9))
        let p = model.probabilities(x: x, rows: Array(rows.indices))
        for i in rows.indices {
            #expect(p[i].isApproximatelyEqual(to: expected[i], relativeTolerance: 1e-9))
        }
    }

    @Test func logisticRegressionRejectsBadInput() {
        let x: [Double] = [0, 1, 2, 3]
        #expect(throws: DemoDataError.self) { try DemoLogisticModel.fit(x: x, dimension: 1, y: [0, 0, 0, 0], rows: [0, 1, 2, 3]) }
        #expect(throws: DemoDataError.self) { try DemoLogisticModel.fit(x: x, dimension: 1, y: [0, 1, 0, 1], rows: []) }
        #expect(throws: DemoDataError.self) { try DemoLogisticModel.fit(x: [0, .nan, 2, 3], dimension: 1, y: [0, 1, 0, 1], rows: [0, 1, 2, 3]) }
        #expect(throws: DemoDataError.self) { try DemoLogisticModel.fit(x: x, dimension: 1, y: [0, 1, 0, 1], rows: [0, 1, 2, 3], l2: -1) }
    }

    /// The MLP learns a non-linear rule (the label is 1 inside a ring) that no linear model
    /// can, and its training loss falls.
    @Test func mlpLearnsANonLinearRule() throws {
        var rng = SeededGenerator(seed: 5)
        let n = 4000
        var x: [Double] = []
        var y: [Int8] = []
        for _ in 0..<n {
            let a = 4 * rng.nextUniform() - 2, b = 4 * rng.nextUniform() - 2
            x.append(a)
            x.append(b)
            let r = a * a + b * b
            y.append(r > 0.8 && r < 2.2 ? 1 : 0)
        }
        let rows = Array(0..<n)
        let mlp = try DemoMLPModel.fit(x: x, dimension: 2, y: y, rows: rows,
                                       settings: .init(hidden: [16, 8], epochs: 30, batchSize: 32, learningRate: 0.01, seed: 1))
        let linear = try DemoLogisticModel.fit(x: x, dimension: 2, y: y, rows: rows)
        let mlpAUC = DemoMetrics.rocAUC(labels: y, scores: mlp.probabilities(x: x, rows: rows))
        let linearAUC = DemoMetrics.rocAUC(labels: y, scores: linear.probabilities(x: x, rows: rows))
        #expect(mlpAUC > 0.95)
        #expect(linearAUC < 0.6)
        #expect(mlp.epochLosses.count == 30)
        #expect(mlp.epochLosses[29] < mlp.epochLosses[0])
        // Same data and seed: the same network, bit for bit.
        let again = try DemoMLPModel.fit(x: x, dimension: 2, y: y, rows: rows,
                                         settings: .init(hidden: [16, 8], epochs: 30, batchSize: 32, learningRate: 0.01, seed: 1))
        #expect(again.parameters == mlp.parameters)
    }

    /// Back-propagation agrees with central finite differences of the loss.
    @Test func mlpGradientMatchesFiniteDifferences() {
        var rng = SeededGenerator(seed: 8)
        let sizes = [3, 5, 4, 1]
        let count = DemoMLPModel.parameterCount(sizes)
        #expect(count == 3 * 5 + 5 + 5 * 4 + 4 + 4 + 1)
        let net = DemoMLPModel(layerSizes: sizes, parameters: (0..<count).map { _ in 0.8 * DemoMath.normal(&rng) })
        let input = [0.3, -1.2, 0.7]
        for label in [0.0, 1.0] {
            var gradient = [Double](repeating: 0, count: count)
            var scratch = net.makeScratch()
            let loss = input.withUnsafeBufferPointer { net.accumulate(input: $0, label: label, gradient: &gradient, scratch: &scratch) }
            #expect(loss > 0)
            for k in 0..<count {
                func lossWith(_ delta: Double) -> Double {
                    var shifted = net
                    shifted.parameters[k] += delta
                    var g = [Double](repeating: 0, count: count)
                    var s = shifted.makeScratch()
                    return input.withUnsafeBufferPointer { shifted.accumulate(input: $0, label: label, gradient: &g, scratch: &s) }
                }
                let h = 1e-6
                let numeric = (lossWith(h) - lossWith(-h)) / (2 * h)
                #expect(gradient[k].isApproximatelyEqual(to: numeric, absoluteTolerance: 1e-7, relativeTolerance: 1e-5), "parameter \(k)")
            }
        }
    }

    /// Small training sets get smaller batches and more epochs; the seed scale keeps 4 x 256.
    @Test func mlpSettingsScaleWithTheData() {
        let big = DemoMLPModel.Settings.scaled(toRows: 290_000, seed: 1)
        #expect(big.batchSize == 256 && big.epochs == 4)
        let small = DemoMLPModel.Settings.scaled(toRows: 3_600, seed: 1)
        #expect(small.batchSize == 32 && small.epochs == 14)
    }

    @Test func mlpRejectsBadInput() {
        #expect(throws: DemoDataError.self) {
            try DemoMLPModel.fit(x: [0, 1], dimension: 1, y: [1, 1], rows: [0, 1], settings: .init())
        }
        #expect(throws: DemoDataError.self) {
            try DemoMLPModel.fit(x: [0, 1], dimension: 1, y: [0, 1], rows: [0, 1], settings: .init(epochs: 0))
        }
    }

    /// The window inputs average the listed earlier rows, and are zero without history.
    @Test func windowInputs() {
        let x: [Double] = [1, 10, 2, 20, 4, 40]
        let inputs = DemoWindowLogisticModel.inputs(x: x, dimension: 2, previous: [[], [0], [0, 1]])
        #expect(inputs == [1, 10, 0, 0, 2, 20, 1, 10, 4, 40, 1.5, 15])
    }

    /// Reference: scikit-learn's `log_loss` and `roc_auc_score` on scores with ties
    /// (`Fixtures/demodata/log_loss_auc_reference.json`).
    @Test func metricsMatchScikitLearn() throws {
        let json = try Fixtures.json("demodata/log_loss_auc_reference.json")
        let labels = try #require(json["labels"] as? [Int]).map { Int8($0) }
        let scores = try #require(json["scores"] as? [Double])
        let auc = try #require(json["roc_auc"] as? Double)
        let loss = try #require(json["log_loss"] as? Double)
        #expect(DemoMetrics.rocAUC(labels: labels, scores: scores).isApproximatelyEqual(to: auc, relativeTolerance: 1e-9))
        #expect(DemoMetrics.logLoss(labels: labels, probabilities: scores).isApproximatelyEqual(to: loss, relativeTolerance: 1e-9))
        #expect(DemoMetrics.rocAUC(labels: [1, 1], scores: [0.2, 0.3]).isNaN)
    }
}
