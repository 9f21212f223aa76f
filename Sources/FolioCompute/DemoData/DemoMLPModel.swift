/// A small multilayer perceptron for binary classification: ReLU hidden layers, a sigmoid
/// output, binary cross-entropy, trained with Adam on shuffled minibatches (PyTorch's
/// `Adam` defaults: beta1 0.9, beta2 0.999, eps 1e-8, L2 weight decay added to the gradient).
///
/// Everything is seeded, single-threaded and built from IEEE operations only, so the
/// same data and seed give bit-identical weights on every machine.
public struct DemoMLPModel: Sendable {
    /// Layer widths from the input to the single output, e.g. `[23, 32, 16, 1]`.
    public var layerSizes: [Int]
    /// Per layer, the weights `out x in`, row-major.
    public var weights: [[Double]]
    /// Per layer, the biases.
    public var biases: [[Double]]
    /// The mean training loss of each epoch (before the weight decay term).
    public var epochLosses: [Double]

    /// Training settings.
    public struct Settings: Hashable, Sendable {
        public var hidden: [Int]
        public var epochs: Int
        public var batchSize: Int
        public var learningRate: Double
        public var weightDecay: Double
        public var seed: UInt64
        /// At most this many training rows are used per epoch (a fresh seeded sample each
        /// epoch), to keep the demo quick.
        public var rowsPerEpoch: Int

        public init(hidden: [Int] = [32, 16], epochs: Int = 4, batchSize: Int = 256, learningRate: Double = 1e-3,
                    weightDecay: Double = 1e-5, seed: UInt64 = 42, rowsPerEpoch: Int = 150_000) {
            self.hidden = hidden
            self.epochs = epochs
            self.batchSize = batchSize
            self.learningRate = learningRate
            self.weightDecay = weightDecay
            self.seed = seed
            self.rowsPerEpoch = rowsPerEpoch
        }
    }

    /// Fits the network on `rows` of the row-major matrix `x` (`dimension` columns).
    ///
    /// - Throws: ``DemoDataError/insufficientData(_:)`` without rows, with one class or a
    ///   non-finite value; ``DemoDataError/invalidOption(_:)`` for bad settings.
    /// - Complexity: O(epochs * min(rows, rowsPerEpoch) * sum of layer products).
    public static func fit(x: [Double], dimension d: Int, y: [Int8], rows: [Int], settings: Settings) throws -> DemoMLPModel {
        guard !rows.isEmpty else { throw DemoDataError.insufficientData("no rows to train the MLP on") }
        guard settings.epochs >= 1, settings.batchSize >= 1, settings.learningRate > 0, settings.rowsPerEpoch >= 1,
              settings.hidden.allSatisfy({ $0 >= 1 }) else {
            throw DemoDataError.invalidOption("MLP settings need epochs, batch size, rows per epoch and layer widths >= 1 and a positive learning rate")
        }
        let positives = rows.reduce(0) { $0 + (y[$1] == 1 ? 1 : 0) }
        guard positives > 0, positives < rows.count else {
            throw DemoDataError.insufficientData("the MLP needs both classes among its \(rows.count) training rows")
        }
        guard rows.allSatisfy({ i in (0..<d).allSatisfy { x[i * d + $0].isFinite } }) else {
            throw DemoDataError.insufficientData("a training row has a missing or non-finite value")
        }
        var rng = SeededGenerator(seedString: "folio-demo/\(settings.seed)/mlp")
        let sizes = [d] + settings.hidden + [1]
        let layers = sizes.count - 1
        var w: [[Double]] = []
        var b: [[Double]] = []
        for l in 0..<layers {
            let fanIn = sizes[l], fanOut = sizes[l + 1]
            let std = (2.0 / Double(fanIn)).squareRoot()  // He initialisation for ReLU
            w.append((0..<(fanIn * fanOut)).map { _ in std * DemoMath.normal(&rng) })
            b.append([Double](repeating: 0, count: fanOut))
        }
        // Adam state.
        var mw = w.map { [Double](repeating: 0, count: $0.count) }
        var vw = mw
        var mb = b.map { [Double](repeating: 0, count: $0.count) }
        var vb = mb
        var gw = mw
        var gb = mb
        let beta1 = 0.9, beta2 = 0.999, eps = 1e-8
        var step = 0
        // Activations per layer for one sample (index 0 is the input).
        var act = sizes.map { [Double](repeating: 0, count: $0) }
        var delta = sizes.map { [Double](repeating: 0, count: $0) }
        var order = rows
        var losses: [Double] = []
        for _ in 0..<settings.epochs {
            // Fisher-Yates shuffle, then the first rowsPerEpoch rows.
            for i in stride(from: order.count - 1, to: 0, by: -1) {
                let j = rng.nextInt(below: i + 1)
                order.swapAt(i, j)
            }
            let used = Swift.min(order.count, settings.rowsPerEpoch)
            var lossSum = 0.0
            var start = 0
            while start < used {
                let end = Swift.min(start + settings.batchSize, used)
                for l in 0..<layers {
                    for k in gw[l].indices { gw[l][k] = 0 }
                    for k in gb[l].indices { gb[l][k] = 0 }
                }
                for r in start..<end {
                    let i = order[r]
                    for j in 0..<d { act[0][j] = x[i * d + j] }
                    // Forward.
                    var logit = 0.0
                    for l in 0..<layers {
                        let nIn = sizes[l], nOut = sizes[l + 1]
                        for o in 0..<nOut {
                            var z = b[l][o]
                            let base = o * nIn
                            for k in 0..<nIn { z += w[l][base + k] * act[l][k] }
                            if l == layers - 1 {
                                logit = z
                                act[l + 1][o] = z
                            } else {
                                act[l + 1][o] = z > 0 ? z : 0
                            }
                        }
                    }
                    let target = Double(y[i])
                    lossSum += DemoMath.softplus(logit) - target * logit
                    // Backward: dLoss/dlogit = sigmoid(logit) - y.
                    delta[layers][0] = DemoMath.sigmoid(logit) - target
                    for l in stride(from: layers - 1, through: 0, by: -1) {
                        let nIn = sizes[l], nOut = sizes[l + 1]
                        if l > 0 { for k in 0..<nIn { delta[l][k] = 0 } }
                        for o in 0..<nOut {
                            let g = delta[l + 1][o]
                            if g == 0 { continue }
                            gb[l][o] += g
                            let base = o * nIn
                            for k in 0..<nIn {
                                gw[l][base + k] += g * act[l][k]
                                if l > 0 { delta[l][k] += g * w[l][base + k] }
                            }
                        }
                        if l > 0 {
                            // ReLU derivative.
                            for k in 0..<nIn where act[l][k] <= 0 { delta[l][k] = 0 }
                        }
                    }
                }
                // Adam update on the batch mean gradient.
                step += 1
                let n = Double(end - start)
                let c1 = 1 - DemoMLPModel.power(beta1, step)
                let c2 = 1 - DemoMLPModel.power(beta2, step)
                let lr = settings.learningRate
                for l in 0..<layers {
                    for k in w[l].indices {
                        let g = gw[l][k] / n + settings.weightDecay * w[l][k]
                        mw[l][k] = beta1 * mw[l][k] + (1 - beta1) * g
                        vw[l][k] = beta2 * vw[l][k] + (1 - beta2) * g * g
                        w[l][k] -= lr * (mw[l][k] / c1) / ((vw[l][k] / c2).squareRoot() + eps)
                    }
                    for k in b[l].indices {
                        let g = gb[l][k] / n
                        mb[l][k] = beta1 * mb[l][k] + (1 - beta1) * g
                        vb[l][k] = beta2 * vb[l][k] + (1 - beta2) * g * g
                        b[l][k] -= lr * (mb[l][k] / c1) / ((vb[l][k] / c2).squareRoot() + eps)
                    }
                }
                start = end
            }
            losses.append(lossSum / Double(used))
        }
        return DemoMLPModel(layerSizes: sizes, weights: w, biases: b, epochLosses: losses)
    }

    /// Creates a network from its parameters.
    public init(layerSizes: [Int], weights: [[Double]], biases: [[Double]], epochLosses: [Double] = []) {
        self.layerSizes = layerSizes
        self.weights = weights
        self.biases = biases
        self.epochLosses = epochLosses
    }

    /// `x^n` by repeated squaring (exact IEEE operations).
    static func power(_ x: Double, _ n: Int) -> Double {
        var result = 1.0, base = x, e = n
        while e > 0 {
            if e & 1 == 1 { result *= base }
            base *= base
            e >>= 1
        }
        return result
    }

    /// P(y = 1) for `rows` of a row-major matrix with `layerSizes[0]` columns.
    ///
    /// - Complexity: O(rows * sum of layer products).
    public func probabilities(x: [Double], rows: [Int]) -> [Double] {
        let d = layerSizes[0]
        let layers = layerSizes.count - 1
        var act = layerSizes.map { [Double](repeating: 0, count: $0) }
        return rows.map { i in
            for j in 0..<d { act[0][j] = x[i * d + j] }
            var logit = 0.0
            for l in 0..<layers {
                let nIn = layerSizes[l], nOut = layerSizes[l + 1]
                for o in 0..<nOut {
                    var z = biases[l][o]
                    let base = o * nIn
                    for k in 0..<nIn { z += weights[l][base + k] * act[l][k] }
                    if l == layers - 1 { logit = z } else { act[l + 1][o] = z > 0 ? z : 0 }
                }
            }
            return DemoMath.sigmoid(logit)
        }
    }
}
