import Foundation
import Numerics
import Testing
@testable import FolioCompute

/// The hand-written back-propagation, the Float32 forward pass and the trainer.
@Suite struct DemoNetworkTests {
    /// A small network of each kind with random weights (large enough to saturate some units).
    static func network(_ kind: DemoCheckpoint.Kind, layers: Int, seed: UInt64) -> DemoNetwork {
        var net = DemoNetwork(kind: kind, inputSize: 3, window: 4, hiddenSize: kind == .mlp ? 6 : 3, layers: layers)
        var rng = SeededGenerator(seed: seed)
        for k in 0..<net.parameterCount { net.parameters[k] = 0.7 * DemoMath.normal(&rng) }
        // Positive hidden biases keep most ReLUs alive, so every path is checked.
        for o in net.denseOffsets.dropLast() { for j in 0..<o.outputSize { net.parameters[o.b + j] = 0.5 } }
        return net
    }

    static func window(seed: UInt64, count: Int) -> [Double] {
        var rng = SeededGenerator(seed: seed)
        return (0..<count).map { _ in DemoMath.normal(&rng) }
    }

    /// Loss and analytic gradient of one window, dropout masks from `seed`.
    static func lossAndGradient(_ net: DemoNetwork, _ x: [Double], label: Int8, positiveWeight: Double, dropout: Double,
                                seed: UInt64) -> (Double, [Double]) {
        var rng = SeededGenerator(seed: seed)
        var g = [Double](repeating: 0, count: net.parameterCount)
        let scratch = DemoNetworkScratch(net)
        let t = net.transposed()
        let loss = x.withUnsafeBufferPointer { xs in
            g.withUnsafeMutableBufferPointer { gp in
                net.accumulate(window: xs.baseAddress!, label: label, positiveWeight: positiveWeight, dropout: dropout,
                               rng: &rng, transposed: t, gradient: gp.baseAddress!, scratch: scratch)
            }
        }
        return (loss, g)
    }

    /// Back-propagation (through time, through dropout and ReLU) agrees with central finite
    /// differences for every parameter, both labels, with the same dropout masks.
    @Test(arguments: [(DemoCheckpoint.Kind.mlp, 2), (.lstm, 1), (.lstm, 2), (.gru, 1), (.gru, 2)])
    func gradientMatchesFiniteDifferences(kind: DemoCheckpoint.Kind, layers: Int) {
        let net = Self.network(kind, layers: layers, seed: 11)
        let x = Self.window(seed: 12, count: 12)
        for (label, dropout) in [(Int8(1), 0.0), (Int8(0), 0.3), (Int8(1), 0.3)] {
            let (loss, gradient) = Self.lossAndGradient(net, x, label: label, positiveWeight: 3, dropout: dropout, seed: 5)
            #expect(loss > 0)
            #expect(gradient.filter { $0 != 0 }.count > net.parameterCount / 3)
            for k in 0..<net.parameterCount {
                func lossWith(_ delta: Double) -> Double {
                    var shifted = net
                    shifted.parameters[k] += delta
                    return Self.lossAndGradient(shifted, x, label: label, positiveWeight: 3, dropout: dropout, seed: 5).0
                }
                let h = 1e-5
                let numeric = (lossWith(h) - lossWith(-h)) / (2 * h)
                #expect(gradient[k].isApproximatelyEqual(to: numeric, absoluteTolerance: 1e-7, relativeTolerance: 1e-5),
                        "\(kind) layers \(layers) label \(label) parameter \(k): \(gradient[k]) vs \(numeric)")
            }
        }
    }

    /// An independent, literal Double implementation of the ONNX graph: `Gemm(transB=1)`,
    /// `Relu`, `LSTM` (W/R/B in i, o, f, c order), `GRU` (z, r, h; linear_before_reset = 1),
    /// `Sigmoid`, with Foundation's exp and tanh.
    static func reference(_ c: DemoCheckpoint, window x: [[Double]]) -> Double {
        func sigma(_ v: Double) -> Double { 1 / (1 + Foundation.exp(-v)) }
        func gemm(_ layer: DemoDenseLayer, _ input: [Double]) -> [Double] {
            (0..<layer.outputSize).map { o in
                var s = Double(layer.bias[o])
                for i in 0..<layer.inputSize { s += Double(layer.weight[o * layer.inputSize + i]) * input[i] }
                return s
            }
        }
        var logit: Double
        switch c.kind {
        case .mlp:
            var a = x.flatMap { $0 }
            for (l, layer) in c.denseLayers.enumerated() {
                a = gemm(layer, a)
                if l < c.denseLayers.count - 1 { a = a.map { Swift.max(0, $0) } }
            }
            logit = a[0]
        case .lstm, .gru:
            var sequence = x
            for layer in c.recurrentLayers {
                let h = layer.hiddenSize, n = layer.inputSize, gh = layer.gateCount * h
                func W(_ row: Int, _ col: Int) -> Double { Double(layer.w[row * n + col]) }
                func R(_ row: Int, _ col: Int) -> Double { Double(layer.r[row * h + col]) }
                func Wb(_ row: Int) -> Double { Double(layer.b[row]) }
                func Rb(_ row: Int) -> Double { Double(layer.b[gh + row]) }
                func xw(_ xt: [Double], _ row: Int) -> Double { (0..<n).reduce(0) { $0 + W(row, $1) * xt[$1] } }
                func hr(_ ht: [Double], _ row: Int) -> Double { (0..<h).reduce(0) { $0 + R(row, $1) * ht[$1] } }
                var hidden = [Double](repeating: 0, count: h)
                var cell = [Double](repeating: 0, count: h)
                var out: [[Double]] = []
                for xt in sequence {
                    var next = hidden
                    for j in 0..<h {
                        if c.kind == .lstm {
                            let (iRow, oRow, fRow, cRow) = (j, h + j, 2 * h + j, 3 * h + j)
                            let i = sigma(xw(xt, iRow) + hr(hidden, iRow) + Wb(iRow) + Rb(iRow))
                            let o = sigma(xw(xt, oRow) + hr(hidden, oRow) + Wb(oRow) + Rb(oRow))
                            let f = sigma(xw(xt, fRow) + hr(hidden, fRow) + Wb(fRow) + Rb(fRow))
                            let g = Foundation.tanh(xw(xt, cRow) + hr(hidden, cRow) + Wb(cRow) + Rb(cRow))
                            cell[j] = f * cell[j] + i * g
                            next[j] = o * Foundation.tanh(cell[j])
                        } else {
                            let (zRow, rRow, hRow) = (j, h + j, 2 * h + j)
                            let z = sigma(xw(xt, zRow) + hr(hidden, zRow) + Wb(zRow) + Rb(zRow))
                            let r = sigma(xw(xt, rRow) + hr(hidden, rRow) + Wb(rRow) + Rb(rRow))
                            let candidate = Foundation.tanh(xw(xt, hRow) + Wb(hRow) + r * (hr(hidden, hRow) + Rb(hRow)))
                            next[j] = (1 - z) * candidate + z * hidden[j]
                        }
                    }
                    hidden = next
                    out.append(hidden)
                }
                sequence = out
            }
            logit = gemm(c.denseLayers[0], sequence[sequence.count - 1])[0]
        }
        return sigma(logit)
    }

    /// The Float32 forward pass agrees with the literal Double reference on random weights
    /// and windows, for every kind and layer count; and it is not trivially constant.
    @Test(arguments: [(DemoCheckpoint.Kind.mlp, 1), (.mlp, 2), (.lstm, 1), (.lstm, 2), (.gru, 1), (.gru, 2)])
    func forwardMatchesDoubleReference(kind: DemoCheckpoint.Kind, layers: Int) throws {
        var net = DemoNetwork(kind: kind, inputSize: 5, window: 7, hiddenSize: 6, layers: layers)
        var rng = SeededGenerator(seed: 21)
        for k in 0..<net.parameterCount { net.parameters[k] = 0.6 * DemoMath.normal(&rng) }
        let scaler = try DemoStandardizer(x: [0, 1, 2, 3, 4, 1, 1, 1, 1, 1], dimension: 5, rows: [0, 1])
        let checkpoint = net.checkpoint(trialNumber: 1, features: ["a", "b", "c", "d", "e"], scaler: scaler)
        let count = 40
        let windows = (0..<(count * 35)).map { _ in Float(1.5 * DemoMath.normal(&rng)) }
        let scores = checkpoint.probabilities(windows: windows, count: count)
        #expect(scores.count == count)
        for n in 0..<count {
            let x = (0..<7).map { t in (0..<5).map { f in Double(windows[n * 35 + t * 5 + f]) } }
            let expected = Self.reference(checkpoint, window: x)
            #expect(abs(Double(scores[n]) - expected) < 2e-6, "window \(n): \(scores[n]) vs \(expected)")
            // The Double network being trained computes the same function.
            let (loss, _) = Self.lossAndGradient(net, x.flatMap { $0 }, label: 1, positiveWeight: 1, dropout: 0, seed: 0)
            #expect(abs(DemoMath.exp(-loss) - expected) < 1e-5)
        }
        #expect(Set(scores).count > count / 2)
    }

    /// A synthetic table of one symbol whose label depends on a feature three rows back, so
    /// only a model that uses the window can learn it.
    static func memoryTable(rows n: Int, seed: UInt64) -> DemoFeatureTable {
        var rng = SeededGenerator(seed: seed)
        let d = DemoFeatures.count
        var table = DemoFeatureTable(symbols: ["A"], epochHours: Array(0..<n), symbolIndex: .init(repeating: 0, count: n),
                                     barIndex: (0..<n).map { Int32($0) }, split: [], label: [], features: [])
        for _ in 0..<(n * d) { table.features.append(DemoMath.normal(&rng)) }
        for i in 0..<n {
            table.split.append(i < n * 7 / 10 ? .train : .val)
            table.label.append(i >= 3 && table.features[(i - 3) * d] > 1.0 ? 1 : 0)
        }
        return table
    }

    /// Training lowers the loss and learns the rule; the weights are bit-identical whether
    /// batches run on all cores or on one.
    @Test(arguments: [DemoCheckpoint.Kind.mlp, .lstm, .gru])
    func trainingLearnsAndIsDeterministic(kind: DemoCheckpoint.Kind) throws {
        let table = Self.memoryTable(rows: 1600, seed: 3)
        let d = table.dimension
        let scaler = try DemoStandardizer(x: table.features, dimension: d, rows: table.rows(in: .train))
        let z = scaler.transform(table.features)
        let data = DemoNetworkTrainer.Data(
            z: z, zFloat: z.map { Float($0) }, labels: table.label, features: DemoFeatures.names, scaler: scaler,
            train: DemoWindowSet(table: table, length: 5, requested: table.rows(in: .train)),
            val: DemoWindowSet(table: table, length: 5, requested: table.rows(in: .val)))
        #expect(data.train.count == 1120 - 4)
        #expect(data.train.shortHistory == [0, 1, 2, 3])
        let spec = DemoTrainingOptions.Network(kind: kind, trialNumber: 1, hiddenSize: 8, numLayers: kind == .gru ? 2 : 1,
                                               batchSize: 32, learningRate: 0.01, weightDecay: 1e-5,
                                               dropout: kind == .gru ? 0.1 : 0, maxEpochs: 10, patience: 10)
        let fit = try DemoNetworkTrainer.fit(spec, window: 5, data: data, seed: 9, parallel: true)
        #expect(fit.epochs.count == 10)
        #expect(fit.epochs.last!.trainLoss < 0.7 * fit.epochs[0].trainLoss)
        #expect(fit.valROCAUC.max()! > 0.75)  // chance is 0.5
        let f1 = fit.epochs.map(\.valF1)
        #expect(fit.checkpoint.epoch == f1.firstIndex(of: f1.max()!))
        let serial = try DemoNetworkTrainer.fit(spec, window: 5, data: data, seed: 9, parallel: false)
        #expect(serial.checkpoint == fit.checkpoint)
        #expect(serial.epochs == fit.epochs)
    }

    /// Early stopping: training ends `patience` epochs after the best `val_f1`.
    @Test func earlyStoppingFollowsPatience() throws {
        let table = Self.memoryTable(rows: 600, seed: 4)
        let d = table.dimension
        let scaler = try DemoStandardizer(x: table.features, dimension: d, rows: table.rows(in: .train))
        let z = scaler.transform(table.features)
        let data = DemoNetworkTrainer.Data(
            z: z, zFloat: z.map { Float($0) }, labels: table.label, features: DemoFeatures.names, scaler: scaler,
            train: DemoWindowSet(table: table, length: 2, requested: table.rows(in: .train)),
            val: DemoWindowSet(table: table, length: 2, requested: table.rows(in: .val)))
        let spec = DemoTrainingOptions.Network(kind: .mlp, trialNumber: 1, hiddenSize: 4, numLayers: 1, batchSize: 16,
                                               learningRate: 0.05, weightDecay: 0, dropout: 0, maxEpochs: 30, patience: 2)
        let fit = try DemoNetworkTrainer.fit(spec, window: 2, data: data, seed: 1, parallel: true)
        let f1 = fit.epochs.map(\.valF1)
        let best = fit.checkpoint.epoch
        #expect(f1[best] == f1.max())
        #expect(f1[..<best].allSatisfy { $0 < f1[best] })
        if fit.epochs.count < 30 { #expect(fit.epochs.count == best + 3) }
    }

    /// Windows: T consecutive rows of one symbol ending at the row; too little history or a
    /// missing feature anywhere in the window gives no window.
    @Test func windowsFollowTheScoringRules() {
        var table = Self.memoryTable(rows: 10, seed: 5)
        // Interleave a second symbol: rows 0..9 of A, then B's rows at the same hours.
        let d = table.dimension
        table.symbols = ["A", "B"]
        table.symbolIndex = (0..<10).map { Int32($0 % 2) }
        table.features[7 * d + 4] = .nan  // row 7 (symbol B) has a missing feature
        let set = DemoWindowSet(table: table, length: 3, requested: Array(0..<10))
        // A: rows 0, 2, 4, 6, 8; B: 1, 3, 5, 7, 9.
        #expect(set.shortHistory == [0, 1, 2, 3])
        #expect(set.missingFeature == [7, 9])
        #expect(set.tableRows == [4, 5, 6, 8])
        #expect(Array(set.rows[0..<3]) == [0, 2, 4])
        #expect(Array(set.rows[3..<6]) == [1, 3, 5])
        #expect(Array(set.rows[9..<12]) == [4, 6, 8])
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

    /// Threshold metrics: `p >= 0.5` is positive; zero division gives 0.
    @Test func validationMetricsAtOneHalf() {
        // logits 0 -> p = 0.5 (positive), 2 -> positive, -1 -> negative.
        let m = DemoMetrics.validation(labels: [1, 0, 1, 0], logits: [0, 2, -1, -3], positiveWeight: 2)
        #expect(m.precision == 0.5 && m.recall == 0.5 && m.f1 == 0.5 && m.accuracy == 0.5)
        let expectedLoss: Double = (2 * Foundation.log(2.0) + Foundation.log(1 + Foundation.exp(2.0))
                                    + 2 * Foundation.log(1 + Foundation.exp(1.0)) + Foundation.log(1 + Foundation.exp(-3.0))) / 4
        #expect(m.loss.isApproximatelyEqual(to: expectedLoss, relativeTolerance: 1e-12))
        let none = DemoMetrics.validation(labels: [1, 0], logits: [-1, -1], positiveWeight: 1)
        #expect(none.precision == 0 && none.recall == 0 && none.f1 == 0)
    }
}
