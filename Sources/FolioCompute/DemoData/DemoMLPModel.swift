/// A small multilayer perceptron for binary classification: ReLU hidden layers, a sigmoid
/// output, binary cross-entropy, trained with Adam on shuffled minibatches (PyTorch's
/// `Adam` defaults: beta1 0.9, beta2 0.999, eps 1e-8; L2 weight decay added to the
/// gradient). Weights start from He initialisation, the output bias from the log-odds of
/// the training base rate, so the untrained network already predicts the base rate.
///
/// Everything is seeded, single-threaded and built from IEEE operations only, so the
/// same data and seed give bit-identical weights on every machine.
public struct DemoMLPModel: Sendable {
    /// Layer widths from the input to the single output, e.g. `[23, 32, 16, 1]`.
    public var layerSizes: [Int]
    /// All weights and biases in one vector: per layer, the `out x in` weights (row-major)
    /// then the `out` biases.
    public var parameters: [Double]
    /// The mean training loss of each epoch (before the weight decay term).
    public var epochLosses: [Double]

    /// Training settings.
    public struct Settings: Hashable, Sendable {
        /// Hidden layer widths.
        public var hidden: [Int]
        /// Passes over (a sample of) the training rows.
        public var epochs: Int
        /// Rows per Adam step.
        public var batchSize: Int
        /// Adam's step size.
        public var learningRate: Double
        /// L2 penalty added to every parameter's gradient (PyTorch's `weight_decay`).
        public var weightDecay: Double
        /// Seeds the initial weights and the shuffles.
        public var seed: UInt64
        /// At most this many training rows are used per epoch (a fresh seeded sample each
        /// epoch), to keep the demo quick.
        public var rowsPerEpoch: Int

        /// Settings; the defaults are the seed-scale ones.
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

        /// Settings scaled to the number of training rows: batches of 256 (smaller for
        /// small sets, down to 32) and enough epochs for at least 1,500 Adam steps
        /// (4 to 30 epochs of at most `rowsPerEpoch` rows).
        public static func scaled(toRows rows: Int, seed: UInt64) -> Settings {
            var s = Settings(seed: seed)
            let used = Swift.max(1, Swift.min(rows, s.rowsPerEpoch))
            s.batchSize = Swift.min(256, Swift.max(32, used / 400))
            let stepsPerEpoch = (used + s.batchSize - 1) / s.batchSize
            s.epochs = Swift.min(30, Swift.max(4, (1500 + stepsPerEpoch - 1) / stepsPerEpoch))
            return s
        }
    }

    /// Creates a network from its parameters.
    public init(layerSizes: [Int], parameters: [Double], epochLosses: [Double] = []) {
        self.layerSizes = layerSizes
        self.parameters = parameters
        self.epochLosses = epochLosses
    }

    /// The number of parameters of a network with these widths.
    public static func parameterCount(_ sizes: [Int]) -> Int {
        var n = 0
        for l in 0..<(sizes.count - 1) { n += sizes[l] * sizes[l + 1] + sizes[l + 1] }
        return n
    }

    /// Fits the network on `rows` of the row-major matrix `x` (`dimension` columns).
    ///
    /// - Throws: ``DemoDataError/insufficientData(_:)`` without rows, with one class or a
    ///   non-finite value; ``DemoDataError/invalidOption(_:)`` for bad settings.
    /// - Complexity: O(epochs * min(rows, rowsPerEpoch) * parameters).
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
        var net = DemoMLPModel(layerSizes: sizes, parameters: [])
        var parameters: [Double] = []
        for l in 0..<(sizes.count - 1) {
            let std = (2.0 / Double(sizes[l])).squareRoot()  // He initialisation for ReLU
            for _ in 0..<(sizes[l] * sizes[l + 1]) { parameters.append(std * DemoMath.normal(&rng)) }
            for _ in 0..<sizes[l + 1] { parameters.append(0) }
        }
        let rate = Double(positives) / Double(rows.count)
        parameters[parameters.count - 1] = DemoMath.log(rate / (1 - rate))
        net.parameters = parameters
        let p = parameters.count
        var m = [Double](repeating: 0, count: p)
        var v = m
        var gradient = m
        var scratch = net.makeScratch()
        let beta1 = 0.9, beta2 = 0.999, eps = 1e-8
        var step = 0
        var order = rows
        var losses: [Double] = []
        for _ in 0..<settings.epochs {
            // Fisher-Yates shuffle, then the first rowsPerEpoch rows.
            for i in stride(from: order.count - 1, to: 0, by: -1) {
                order.swapAt(i, rng.nextInt(below: i + 1))
            }
            let used = Swift.min(order.count, settings.rowsPerEpoch)
            var lossSum = 0.0
            var start = 0
            while start < used {
                let end = Swift.min(start + settings.batchSize, used)
                for k in 0..<p { gradient[k] = 0 }
                x.withUnsafeBufferPointer { xs in
                    for r in start..<end {
                        let i = order[r]
                        lossSum += net.accumulate(input: UnsafeBufferPointer(rebasing: xs[(i * d)..<((i + 1) * d)]),
                                                  label: Double(y[i]), gradient: &gradient, scratch: &scratch)
                    }
                }
                step += 1
                let n = Double(end - start)
                let c1 = 1 - DemoMLPModel.power(beta1, step)
                let c2 = 1 - DemoMLPModel.power(beta2, step)
                let lr = settings.learningRate
                let decay = settings.weightDecay
                net.parameters.withUnsafeMutableBufferPointer { w in
                    for k in 0..<p {
                        let g = gradient[k] / n + decay * w[k]
                        m[k] = beta1 * m[k] + (1 - beta1) * g
                        v[k] = beta2 * v[k] + (1 - beta2) * g * g
                        w[k] -= lr * (m[k] / c1) / ((v[k] / c2).squareRoot() + eps)
                    }
                }
                start = end
            }
            losses.append(lossSum / Double(used))
        }
        net.epochLosses = losses
        return net
    }

    /// Activations and back-propagated errors of one sample, reused between samples: one
    /// flat buffer each, layer `l` at `offsets[l]`.
    struct Scratch {
        var activations: [Double]
        var deltas: [Double]
        var offsets: [Int]
        /// Where each layer's weights start in `parameters`.
        var parameterOffsets: [Int]
    }

    func makeScratch() -> Scratch {
        var offsets: [Int] = []
        var total = 0
        for size in layerSizes {
            offsets.append(total)
            total += size
        }
        var parameterOffsets: [Int] = []
        var p = 0
        for l in 0..<(layerSizes.count - 1) {
            parameterOffsets.append(p)
            p += layerSizes[l] * layerSizes[l + 1] + layerSizes[l + 1]
        }
        return Scratch(activations: [Double](repeating: 0, count: total), deltas: [Double](repeating: 0, count: total),
                       offsets: offsets, parameterOffsets: parameterOffsets)
    }

    /// The output logit of one input (the hidden activations are left in `scratch`).
    func forward(_ input: UnsafeBufferPointer<Double>, scratch: inout Scratch) -> Double {
        let layers = layerSizes.count - 1
        let offsets = scratch.offsets
        let parameterOffsets = scratch.parameterOffsets
        var logit = 0.0
        parameters.withUnsafeBufferPointer { w in
            scratch.activations.withUnsafeMutableBufferPointer { a in
                for j in 0..<layerSizes[0] { a[j] = input[j] }
                for l in 0..<layers {
                    let nIn = layerSizes[l], nOut = layerSizes[l + 1]
                    let weightOffset = parameterOffsets[l]
                    let biasOffset = weightOffset + nIn * nOut
                    let inOffset = offsets[l], outOffset = offsets[l + 1]
                    for o in 0..<nOut {
                        var z = w[biasOffset + o]
                        let base = weightOffset + o * nIn
                        for k in 0..<nIn { z += w[base + k] * a[inOffset + k] }
                        if l == layers - 1 {
                            logit = z
                            a[outOffset + o] = z
                        } else {
                            a[outOffset + o] = z > 0 ? z : 0
                        }
                    }
                }
            }
        }
        return logit
    }

    /// Adds the gradient of one sample's binary cross-entropy to `gradient` and returns the
    /// loss (back-propagation through the ReLU layers).
    ///
    /// - Complexity: O(parameters).
    func accumulate(input: UnsafeBufferPointer<Double>, label: Double, gradient: inout [Double], scratch: inout Scratch) -> Double {
        let logit = forward(input, scratch: &scratch)
        let loss = DemoMath.softplus(logit) - label * logit
        let layers = layerSizes.count - 1
        let offsets = scratch.offsets
        let parameterOffsets = scratch.parameterOffsets
        scratch.deltas[offsets[layers]] = DemoMath.sigmoid(logit) - label
        parameters.withUnsafeBufferPointer { w in
            gradient.withUnsafeMutableBufferPointer { g in
                scratch.activations.withUnsafeBufferPointer { a in
                    scratch.deltas.withUnsafeMutableBufferPointer { delta in
                        for l in stride(from: layers - 1, through: 0, by: -1) {
                            let nIn = layerSizes[l], nOut = layerSizes[l + 1]
                            let weightOffset = parameterOffsets[l]
                            let biasOffset = weightOffset + nIn * nOut
                            let inOffset = offsets[l], outOffset = offsets[l + 1]
                            if l > 0 { for k in 0..<nIn { delta[inOffset + k] = 0 } }
                            for o in 0..<nOut {
                                let d = delta[outOffset + o]
                                if d == 0 { continue }
                                g[biasOffset + o] += d
                                let base = weightOffset + o * nIn
                                for k in 0..<nIn { g[base + k] += d * a[inOffset + k] }
                                if l > 0 {
                                    for k in 0..<nIn { delta[inOffset + k] += d * w[base + k] }
                                }
                            }
                            if l > 0 {
                                // ReLU derivative.
                                for k in 0..<nIn where a[inOffset + k] <= 0 { delta[inOffset + k] = 0 }
                            }
                        }
                    }
                }
            }
        }
        return loss
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
    /// - Complexity: O(rows * parameters).
    public func probabilities(x: [Double], rows: [Int]) -> [Double] {
        let d = layerSizes[0]
        var scratch = makeScratch()
        return x.withUnsafeBufferPointer { xs in
            rows.map { i in
                DemoMath.sigmoid(forward(UnsafeBufferPointer(rebasing: xs[(i * d)..<((i + 1) * d)]), scratch: &scratch))
            }
        }
    }
}
