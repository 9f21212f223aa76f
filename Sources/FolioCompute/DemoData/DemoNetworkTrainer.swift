/// Trains a ``DemoNetwork`` with Adam on mini-batches of windows, keeping the epoch with
/// the highest validation F1 (early stopping with the network's patience).
///
/// A batch is cut into 8 fixed chunks whatever the number of cores; each chunk's gradient
/// is summed on its own and the chunks are added in order, and every dropout mask is drawn
/// from a generator seeded by the epoch and the window's position, so the weights are
/// bit-identical however many threads run.
enum DemoNetworkTrainer {
    /// Chunks per batch.
    static let chunks = 8

    /// The data a fit reads.
    struct Data: Sendable {
        /// Standardised features of every table row, row-major, `Double` (training) and
        /// `Float` (scoring).
        var z: [Double]
        var zFloat: [Float]
        var labels: [Int8]
        var features: [String]
        var scaler: DemoStandardizer
        var train: DemoWindowSet
        var val: DemoWindowSet
    }

    /// Buffers of one chunk.
    final class Chunk: @unchecked Sendable {
        // Each chunk is used by one work item at a time.
        let scratch: DemoNetworkScratch
        let gradient: UnsafeMutablePointer<Double>
        let count: Int
        init(_ network: DemoNetwork) {
            scratch = DemoNetworkScratch(network)
            count = network.parameterCount
            gradient = .allocate(capacity: count)
            gradient.initialize(repeating: 0, count: count)
        }
        deinit { gradient.deallocate() }
    }

    static func fit(_ spec: DemoTrainingOptions.Network, window: Int, data: Data, seed: UInt64, parallel: Bool,
                    progress: ((String) -> Void)? = nil) throws -> DemoFit {
        let train = data.train
        guard train.count > 0, data.val.count > 0 else {
            throw DemoDataError.insufficientData("no training or validation windows of \(window) rows for \(spec.kind.rawValue)")
        }
        let trainLabels = train.tableRows.map { data.labels[$0] }
        let positives = trainLabels.reduce(0) { $0 + Int($1) }
        guard positives > 0, positives < trainLabels.count else {
            throw DemoDataError.insufficientData("the \(spec.kind.rawValue) needs both classes among its \(trainLabels.count) training windows")
        }
        let positiveWeight = Double(trainLabels.count - positives) / Double(positives)
        let d = data.features.count
        var rng = SeededGenerator(seedString: "folio-demo/\(seed)/\(spec.kind.rawValue)/trial\(spec.trialNumber)")
        var network = DemoNetwork(kind: spec.kind, inputSize: d, window: window, hiddenSize: spec.hiddenSize, layers: spec.numLayers)
        network.initialise(&rng)
        let dropoutSeed = rng.next()
        let p = network.parameterCount
        var m = [Double](repeating: 0, count: p)
        var v = m
        var total = m
        let chunkState = (0..<chunks).map { _ in Chunk(network) }
        let valLabels = data.val.tableRows.map { data.labels[$0] }
        var order = Array(0..<train.count)
        var step = 0
        var epochs: [DemoHPOTrial.Epoch] = []
        var aucs: [Double] = []
        var best: (epoch: Int, f1: Double, parameters: [Double], logits: [Float])?
        for epoch in 0..<spec.maxEpochs {
            for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, rng.nextInt(below: i + 1)) }
            var lossSum = 0.0
            var start = 0
            while start < order.count {
                let end = Swift.min(start + spec.batchSize, order.count)
                let transposed = network.transposed()
                let ranges = DemoParallel.ranges(end - start, chunks: chunks)
                let net = network, batchOrder = order, batchStart = start, z = data.z
                let windowRows = train.rows, windowLabels = trainLabels, dropout = spec.dropout
                let epochSeed = dropoutSeed &+ (UInt64(epoch) << 32)
                let losses = DemoParallel.map(ranges.count, parallel: parallel) { c -> Double in
                    let chunk = chunkState[c]
                    let g = chunk.gradient
                    for k in 0..<chunk.count { g[k] = 0 }
                    let input = chunk.scratch.storage + chunk.scratch.input
                    var sum = 0.0
                    z.withUnsafeBufferPointer { zs in
                        for r in ranges[c] {
                            let position = batchStart + r
                            let n = batchOrder[position]
                            for s in 0..<window {
                                let row = Int(windowRows[n * window + s])
                                for j in 0..<d { input[s * d + j] = zs[row * d + j] }
                            }
                            var maskRNG = SeededGenerator(seed: epochSeed &+ UInt64(position))
                            sum += net.accumulate(window: UnsafePointer(input), label: windowLabels[n], positiveWeight: positiveWeight,
                                                  dropout: dropout, rng: &maskRNG, transposed: transposed, gradient: g,
                                                  scratch: chunk.scratch)
                        }
                    }
                    return sum
                }
                for k in 0..<p { total[k] = 0 }
                for c in 0..<ranges.count {
                    let g = chunkState[c].gradient
                    for k in 0..<p { total[k] += g[k] }
                    lossSum += losses[c]
                }
                step += 1
                adam(&network.parameters, gradient: total, scale: 1 / Double(end - start), m: &m, v: &v, step: step,
                     learningRate: spec.learningRate, weightDecay: spec.weightDecay)
                start = end
            }
            // Validation: the checkpoint's own Float32 forward pass on every val window.
            let checkpoint = network.checkpoint(trialNumber: spec.trialNumber, features: data.features, scaler: data.scaler)
            let logits = checkpoint.logits(features: data.zFloat, windows: data.val, parallel: parallel)
            let metrics = DemoMetrics.validation(labels: valLabels, logits: logits, positiveWeight: positiveWeight)
            // Rounded to the 15 significant digits MLflow's files hold, so the numbers in memory
            // are the numbers written.
            func logged(_ x: Double) -> Double { DemoDecimal.rounded(x, significantDigits: 15) }
            epochs.append(DemoHPOTrial.Epoch(step: epoch, timestamp: 0, valF1: logged(metrics.f1), valRecall: logged(metrics.recall),
                                             valPrecision: logged(metrics.precision), valLoss: logged(metrics.loss),
                                             trainLoss: logged(lossSum / Double(order.count))))
            aucs.append(logged(metrics.rocAUC))
            progress?("\(spec.kind.rawValue) epoch \(epoch): train_loss \(fmt(lossSum / Double(order.count))), val_loss \(fmt(metrics.loss)), val_f1 \(fmt(metrics.f1)), val ROC-AUC \(fmt(metrics.rocAUC))")
            if best == nil || epochs[epoch].valF1 > best!.f1 {
                best = (epoch, epochs[epoch].valF1, network.parameters, logits)
            } else if epoch - best!.epoch >= spec.patience {
                break
            }
        }
        guard let best else { throw DemoDataError.insufficientData("no epoch trained") }
        network.parameters = best.parameters
        var checkpoint = network.checkpoint(trialNumber: spec.trialNumber, features: data.features, scaler: data.scaler)
        checkpoint.epoch = best.epoch
        let e = epochs[best.epoch]
        checkpoint.valMetrics = ["val_f1": e.valF1, "val_loss": e.valLoss, "val_precision": e.valPrecision,
                                 "val_recall": e.valRecall, "val_roc_auc": aucs[best.epoch]]
        return DemoFit(checkpoint: checkpoint, epochs: epochs, valROCAUC: aucs, positiveWeight: positiveWeight,
                       trainWindows: train.count, valLogits: best.logits)
    }

    /// PyTorch's `Adam` (beta1 0.9, beta2 0.999, eps 1e-8, L2 `weight_decay` added to the
    /// gradient) on the mean gradient `scale * gradient`.
    static func adam(_ w: inout [Double], gradient: [Double], scale: Double, m: inout [Double], v: inout [Double],
                     step: Int, learningRate lr: Double, weightDecay: Double) {
        let beta1 = 0.9, beta2 = 0.999, eps = 1e-8
        let c1 = 1 - power(beta1, step), c2 = 1 - power(beta2, step)
        for k in 0..<w.count {
            let g = gradient[k] * scale + weightDecay * w[k]
            m[k] = beta1 * m[k] + (1 - beta1) * g
            v[k] = beta2 * v[k] + (1 - beta2) * g * g
            w[k] -= lr * (m[k] / c1) / ((v[k] / c2).squareRoot() + eps)
        }
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

    static func fmt(_ x: Double) -> String { DemoDecimal(x, significantDigits: 4)?.text ?? "nan" }
}
