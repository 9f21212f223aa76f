/// The Float32 forward pass of a checkpoint: the function the ONNX graph computes.
///
/// Every product and sum is a `Float` operation, in a fixed order per window (bias, then the
/// inputs in index order, then the previous hidden state in index order), so a window's
/// score depends neither on the other windows nor on the thread count. Sigmoid and tanh are
/// evaluated in `Double` with IEEE operations only (so bit-identical on every platform;
/// about 1e-10 relative error, see ``expNonPositive(_:)``) and rounded to `Float`. Scores agree with onnxruntime to float rounding (about 1e-6).
extension DemoCheckpoint {
    /// The logits (before the final sigmoid) of `count` windows stored one after the
    /// other, `[count, window, featureCount]` row-major, standardised features.
    ///
    /// - Complexity: O(count * parameters * window) for recurrent models, O(count *
    ///   parameters) for the MLP; windows in parallel chunks.
    public func logits(windows: [Float], count: Int) -> [Float] {
        let size = window * featureCount
        precondition(windows.count == count * size, "windows must be [count, window, features]")
        let prepared = Prepared(self)
        let chunks = DemoParallel.ranges(count, chunks: Swift.max(1, count / 64))
        let parts = DemoParallel.map(chunks.count) { c -> [Float] in
            var scratch = prepared.makeScratch()
            return windows.withUnsafeBufferPointer { w in
                chunks[c].map { n in prepared.logit(w.baseAddress! + n * size, scratch: &scratch) }
            }
        }
        return parts.flatMap { $0 }
    }

    /// P(label = 1) of `count` windows (`[count, window, featureCount]`): the sigmoid of
    /// ``logits(windows:count:)``.
    public func probabilities(windows: [Float], count: Int) -> [Float] {
        logits(windows: windows, count: count).map(DemoCheckpoint.sigmoid)
    }

    /// The logits of the windows of `set` over the standardised row-major table `features`
    /// (`featureCount` columns), gathered chunk by chunk.
    func logits(features: [Float], windows set: DemoWindowSet, parallel: Bool = true) -> [Float] {
        precondition(set.length == window, "window length")
        let f = featureCount
        let t = window
        let prepared = Prepared(self)
        let chunks = DemoParallel.ranges(set.count, chunks: Swift.max(1, set.count / 256))
        let parts = DemoParallel.map(chunks.count, parallel: parallel) { c -> [Float] in
            var scratch = prepared.makeScratch()
            var buffer = [Float](repeating: 0, count: t * f)
            var out: [Float] = []
            out.reserveCapacity(chunks[c].count)
            features.withUnsafeBufferPointer { x in
                set.rows.withUnsafeBufferPointer { rows in
                    buffer.withUnsafeMutableBufferPointer { b in
                        for n in chunks[c] {
                            for s in 0..<t {
                                let row = Int(rows[n * t + s])
                                for j in 0..<f { b[s * f + j] = x[row * f + j] }
                            }
                            out.append(prepared.logit(UnsafePointer(b.baseAddress!), scratch: &scratch))
                        }
                    }
                }
            }
            return out
        }
        return parts.flatMap { $0 }
    }

    /// The logistic function in `Float`: ``sigmoidInPlace(_:_:)`` of one value.
    @inline(__always)
    static func sigmoid(_ z: Float) -> Float {
        var v = z
        sigmoidInPlace(&v, 1)
        return v
    }

    /// `e^x` for `x <= 0`, in `Double`, without branches so that loops over it vectorise:
    /// `x` clamped at -700 (far below any `Float`), reduced by `k = round(x / ln 2)` (the
    /// 1.5 * 2^52 trick, which also leaves `k` in the low bits for `2^k`), Estrin's scheme
    /// for the degree-8 Taylor polynomial (about 1e-10 relative error).
    @inline(__always)
    static func expNonPositive(_ x: Double) -> Double {
        let shift = 6755399441055744.0
        let y = x < -700 ? -700 : x
        let t = y * 1.44269504088896338700e+00 + shift
        let k = t - shift
        let r = (y - k * 6.93147180369123816490e-01) - k * 1.90821492927058770002e-10
        let r2 = r * r, r4 = r2 * r2
        let low = (1 + r) + r2 * (0.5 + r * (1.0 / 6.0))
        let high = ((1.0 / 24.0) + r * (1.0 / 120.0)) + r2 * ((1.0 / 720.0) + r * (1.0 / 5040.0))
        let p = low + r4 * (high + r4 * (1.0 / 40320.0))
        return p * Double(bitPattern: (t.bitPattern &+ 1023) << 52)
    }

    /// `v[i] = 1 / (1 + e^-v[i])` for `i < n`, in `Double` then rounded to `Float`
    /// (`1 / (1 + e)` or `e / (1 + e)` with `e = e^-|v|`, by the sign).
    @inline(__always)
    static func sigmoidInPlace(_ v: UnsafeMutablePointer<Float>, _ n: Int) {
        for i in 0..<n {
            let x = Double(v[i])
            let e = expNonPositive(x < 0 ? x : -x)
            let d = 1 / (1 + e)
            v[i] = Float(x >= 0 ? d : e * d)
        }
    }

    /// `v[i] = tanh(v[i])` for `i < n`: `(1 - e) / (1 + e)` with `e = e^-2|v|` and the sign
    /// of `v`, in `Double` then rounded to `Float`.
    @inline(__always)
    static func tanhInPlace(_ v: UnsafeMutablePointer<Float>, _ n: Int) {
        for i in 0..<n {
            let x = Double(v[i])
            let e = expNonPositive(x < 0 ? 2 * x : -2 * x)
            let t = (1 - e) / (1 + e)
            v[i] = Float(x < 0 ? -t : t)
        }
    }

    /// Weights rearranged for the forward pass: transposed so that the inner loops run
    /// over contiguous outputs, biases summed where ONNX adds them.
    struct Prepared: Sendable {
        var kind: Kind
        var window: Int
        var features: Int
        /// Per recurrent layer: `W^T` [in, G*H], `R^T` [H, G*H], the input-side bias and the
        /// recurrence-side bias (LSTM: Wb + Rb and zeros; GRU: Wb + Rb for z and r, Wbh;
        /// and Rb for the h gate).
        var recurrent: [(inputSize: Int, hidden: Int, wT: [Float], rT: [Float], bias: [Float], recurrenceBias: [Float])]
        /// Per dense layer: `W^T` [in, out] and `b`.
        var dense: [(inputSize: Int, outputSize: Int, wT: [Float], bias: [Float])]

        init(_ c: DemoCheckpoint) {
            kind = c.kind
            window = c.window
            features = c.featureCount
            recurrent = c.recurrentLayers.map { l in
                let gh = l.gateCount * l.hiddenSize
                var wT = [Float](repeating: 0, count: l.inputSize * gh)
                for g in 0..<gh { for k in 0..<l.inputSize { wT[k * gh + g] = l.w[g * l.inputSize + k] } }
                var rT = [Float](repeating: 0, count: l.hiddenSize * gh)
                for g in 0..<gh { for k in 0..<l.hiddenSize { rT[k * gh + g] = l.r[g * l.hiddenSize + k] } }
                var bias = [Float](repeating: 0, count: gh)
                var recurrenceBias = [Float](repeating: 0, count: gh)
                let h = l.hiddenSize
                for g in 0..<gh {
                    if c.kind == .gru && g >= 2 * h {
                        bias[g] = l.b[g]
                        recurrenceBias[g] = l.b[gh + g]
                    } else {
                        bias[g] = l.b[g] + l.b[gh + g]
                    }
                }
                return (l.inputSize, l.hiddenSize, wT, rT, bias, recurrenceBias)
            }
            dense = c.denseLayers.map { l in
                var wT = [Float](repeating: 0, count: l.inputSize * l.outputSize)
                for o in 0..<l.outputSize { for k in 0..<l.inputSize { wT[k * l.outputSize + o] = l.weight[o * l.inputSize + k] } }
                return (l.inputSize, l.outputSize, wT, l.bias)
            }
        }

        /// Buffers for one window, reused.
        struct Scratch {
            var a: [Float]
            var b: [Float]
            var gates: [Float]
            var recurrence: [Float]
            var c: [Float]
        }

        func makeScratch() -> Scratch {
            let width = Swift.max(window * features, (recurrent.map { $0.hidden } + dense.map { $0.outputSize }).max() ?? 1)
            let sequence = Swift.max(window * features, window * (recurrent.map { $0.hidden }.max() ?? 1))
            let gh = recurrent.map { $0.wT.count / Swift.max(1, $0.inputSize) }.max() ?? 1
            return Scratch(a: [Float](repeating: 0, count: Swift.max(width, sequence)),
                           b: [Float](repeating: 0, count: Swift.max(width, sequence)),
                           gates: [Float](repeating: 0, count: gh), recurrence: [Float](repeating: 0, count: gh),
                           c: [Float](repeating: 0, count: Swift.max(1, recurrent.map { $0.hidden }.max() ?? 1)))
        }

        /// The logit of one window (`[window, features]` at `x`).
        func logit(_ x: UnsafePointer<Float>, scratch: inout Scratch) -> Float {
            kind == .mlp ? mlpLogit(x, scratch: &scratch) : recurrentLogit(x, scratch: &scratch)
        }

        /// `out[0..<n] = bias + sum_k in[k] * wT[k, :]`.
        @inline(__always)
        private static func affine(_ input: UnsafePointer<Float>, _ nIn: Int, _ wT: UnsafePointer<Float>, _ bias: UnsafePointer<Float>,
                                   _ out: UnsafeMutablePointer<Float>, _ nOut: Int) {
            for o in 0..<nOut { out[o] = bias[o] }
            for k in 0..<nIn {
                let v = input[k]
                let row = wT + k * nOut
                for o in 0..<nOut { out[o] += v * row[o] }
            }
        }

        private func mlpLogit(_ x: UnsafePointer<Float>, scratch: inout Scratch) -> Float {
            var result: Float = 0
            scratch.a.withUnsafeMutableBufferPointer { a in
                scratch.b.withUnsafeMutableBufferPointer { b in
                    var input = UnsafePointer(x)
                    for (l, layer) in dense.enumerated() {
                        let out = l % 2 == 0 ? a.baseAddress! : b.baseAddress!
                        layer.wT.withUnsafeBufferPointer { w in
                            layer.bias.withUnsafeBufferPointer { bias in
                                Self.affine(input, layer.inputSize, w.baseAddress!, bias.baseAddress!, out, layer.outputSize)
                            }
                        }
                        if l < dense.count - 1 {
                            for o in 0..<layer.outputSize where !(out[o] > 0) { out[o] = 0 }
                        } else {
                            result = out[0]
                        }
                        input = UnsafePointer(out)
                    }
                }
            }
            return result
        }

        private func recurrentLogit(_ x: UnsafePointer<Float>, scratch: inout Scratch) -> Float {
            let t = window
            var result: Float = 0
            let isLSTM = kind == .lstm
            scratch.a.withUnsafeMutableBufferPointer { aBuffer in
                scratch.b.withUnsafeMutableBufferPointer { bBuffer in
                    scratch.gates.withUnsafeMutableBufferPointer { gBuffer in
                        scratch.recurrence.withUnsafeMutableBufferPointer { rBuffer in
                            scratch.c.withUnsafeMutableBufferPointer { cBuffer in
                                let gates = gBuffer.baseAddress!, rec = rBuffer.baseAddress!, cell = cBuffer.baseAddress!
                                var input = UnsafePointer(x)
                                var last = UnsafePointer(x)
                                for (l, layer) in recurrent.enumerated() {
                                    let h = layer.hidden, nIn = layer.inputSize, gh = layer.bias.count
                                    let out = l % 2 == 0 ? aBuffer.baseAddress! : bBuffer.baseAddress!  // [t, h]
                                    for j in 0..<h { cell[j] = 0 }
                                    layer.wT.withUnsafeBufferPointer { wT in
                                        layer.rT.withUnsafeBufferPointer { rT in
                                            layer.bias.withUnsafeBufferPointer { bias in
                                                layer.recurrenceBias.withUnsafeBufferPointer { rb in
                                                    for s in 0..<t {
                                                        Self.affine(input + s * nIn, nIn, wT.baseAddress!, bias.baseAddress!, gates, gh)
                                                        let hOut = out + s * h
                                                        if isLSTM {
                                                            if s > 0 {
                                                                let hPrev = out + (s - 1) * h
                                                                for k in 0..<h {
                                                                    let v = hPrev[k]
                                                                    let row = rT.baseAddress! + k * gh
                                                                    for g in 0..<gh { gates[g] += v * row[g] }
                                                                }
                                                            }
                                                            // i, o, f then c~; C = f C' + i c~; H = o tanh(C).
                                                            DemoCheckpoint.sigmoidInPlace(gates, 3 * h)
                                                            DemoCheckpoint.tanhInPlace(gates + 3 * h, h)
                                                            for j in 0..<h {
                                                                cell[j] = gates[2 * h + j] * cell[j] + gates[j] * gates[3 * h + j]
                                                                rec[j] = cell[j]
                                                            }
                                                            DemoCheckpoint.tanhInPlace(rec, h)
                                                            for j in 0..<h { hOut[j] = gates[h + j] * rec[j] }
                                                        } else {
                                                            for g in 0..<gh { rec[g] = rb[g] }
                                                            if s > 0 {
                                                                let hPrev = out + (s - 1) * h
                                                                for k in 0..<h {
                                                                    let v = hPrev[k]
                                                                    let row = rT.baseAddress! + k * gh
                                                                    for g in 0..<gh { rec[g] += v * row[g] }
                                                                }
                                                            }
                                                            // z, r; h~ = tanh(x Wh + Wbh + r (h Rh + Rbh)); H = (1 - z) h~ + z H'.
                                                            for g in 0..<(2 * h) { gates[g] += rec[g] }
                                                            DemoCheckpoint.sigmoidInPlace(gates, 2 * h)
                                                            for j in 0..<h { gates[2 * h + j] += gates[h + j] * rec[2 * h + j] }
                                                            DemoCheckpoint.tanhInPlace(gates + 2 * h, h)
                                                            for j in 0..<h {
                                                                let z = gates[j]
                                                                let previous: Float = s > 0 ? out[(s - 1) * h + j] : 0
                                                                hOut[j] = (1 - z) * gates[2 * h + j] + z * previous
                                                            }
                                                        }
                                                    }
                                                }
                                            }
                                        }
                                    }
                                    input = UnsafePointer(out)
                                    last = UnsafePointer(out + (t - 1) * h)
                                }
                                let head = dense[0]
                                var z = head.bias[0]
                                for k in 0..<head.inputSize { z += head.wT[k] * last[k] }
                                result = z
                            }
                        }
                    }
                }
            }
            return result
        }
    }
}
