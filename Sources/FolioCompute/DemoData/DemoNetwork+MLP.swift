/// The MLP's forward pass and back-propagation for one window (flattened, index `t*F + f`):
/// `Linear -> ReLU -> Dropout` per hidden layer, then `Linear(1)`.
extension DemoNetwork {
    func accumulateMLP(_ x: UnsafePointer<Double>, _ label: Int8, _ positiveWeight: Double, _ dropout: Double,
                       _ rng: inout SeededGenerator, _ transposed: Transposed, _ w: UnsafePointer<Double>,
                       _ g: UnsafeMutablePointer<Double>, _ s: DemoNetworkScratch) -> Double {
        let base = s.storage
        let count = denseOffsets.count
        // Forward.
        var input = x
        for l in 0..<count {
            let o = denseOffsets[l]
            let out = base + s.acts + s.layerOffsets[l]
            for j in 0..<o.outputSize { out[j] = w[o.b + j] }
            transposed.dense[l].withUnsafeBufferPointer { wT in
                Self.addProducts(input, o.inputSize, wT.baseAddress!, out, o.outputSize)
            }
            if l < count - 1 {
                let mask = base + s.mlpMasks + s.layerOffsets[l]
                for j in 0..<o.outputSize {
                    let m = Self.dropoutScale(dropout, &rng)
                    mask[j] = m
                    out[j] = out[j] > 0 ? out[j] * m : 0
                }
            }
            input = UnsafePointer(out)
        }
        let logit = base[s.acts + s.layerOffsets[count - 1]]
        let (loss, derivative) = Self.loss(logit: logit, label: label, positiveWeight: positiveWeight)
        // Backward: deltas[l] holds dLoss/d(pre-activation) of layer l.
        base[s.deltas + s.layerOffsets[count - 1]] = derivative
        for l in stride(from: count - 1, through: 0, by: -1) {
            let o = denseOffsets[l]
            let delta = base + s.deltas + s.layerOffsets[l]
            let a = l == 0 ? x : UnsafePointer(base + s.acts + s.layerOffsets[l - 1])
            let below = base + s.deltas + (l == 0 ? 0 : s.layerOffsets[l - 1])
            if l > 0 { for k in 0..<o.inputSize { below[k] = 0 } }
            for j in 0..<o.outputSize {
                let d = delta[j]
                if d == 0 { continue }
                g[o.b + j] += d
                Self.axpy(d, a, g + o.w + j * o.inputSize, o.inputSize)
                if l > 0 { Self.axpy(d, w + o.w + j * o.inputSize, below, o.inputSize) }
            }
            if l > 0 {
                // Through dropout and ReLU: the output was relu(z) * mask.
                let mask = base + s.mlpMasks + s.layerOffsets[l - 1]
                for k in 0..<o.inputSize { below[k] = a[k] > 0 ? below[k] * mask[k] : 0 }
            }
        }
        return loss
    }
}
