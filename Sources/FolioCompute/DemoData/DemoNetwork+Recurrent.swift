/// Stacked LSTM / GRU layers, the head on the last step's top hidden state, and
/// back-propagation through time for one window, in the ONNX gate orders (LSTM i, o, f, c;
/// GRU z, r, h with `linear_before_reset = 1`).
extension DemoNetwork {
    func accumulateRecurrent(_ x: UnsafePointer<Double>, _ label: Int8, _ positiveWeight: Double, _ dropout: Double,
                             _ rng: inout SeededGenerator, _ transposed: Transposed, _ w: UnsafePointer<Double>,
                             _ g: UnsafeMutablePointer<Double>, _ s: DemoNetworkScratch) -> Double {
        let m = s.storage
        let t = window, h = hiddenSize, gh = kind.gateCount * h, count = recurrentOffsets.count
        let isLSTM = kind == .lstm
        let gates = m + s.gs, rec = m + s.rec
        // Forward.
        for l in 0..<count {
            let o = recurrentOffsets[l]
            let nIn = o.inputSize
            let input = l == 0 ? x : UnsafePointer(m + s.xs + l * t * h)
            let hs = m + s.hs + l * (t + 1) * h
            let cs = m + s.cs + l * (t + 1) * h
            for j in 0..<h {
                hs[j] = 0
                cs[j] = 0
            }
            transposed.w[l].withUnsafeBufferPointer { wT in
                transposed.r[l].withUnsafeBufferPointer { rT in
                    for step in 0..<t {
                        let z = gates + (l * t + step) * gh
                        let hPrev = UnsafePointer(hs + step * h)
                        let hOut = hs + (step + 1) * h
                        if isLSTM {
                            for k in 0..<gh { z[k] = w[o.wb + k] + w[o.rb + k] }
                            Self.addProducts(input + step * nIn, nIn, wT.baseAddress!, z, gh)
                            Self.addProducts(hPrev, h, rT.baseAddress!, z, gh)
                            let tc = m + s.tc + (l * t + step) * h
                            for j in 0..<h {
                                let i = DemoMath.sigmoid(z[j]), out = DemoMath.sigmoid(z[h + j])
                                let f = DemoMath.sigmoid(z[2 * h + j]), candidate = DemoMath.tanh(z[3 * h + j])
                                z[j] = i
                                z[h + j] = out
                                z[2 * h + j] = f
                                z[3 * h + j] = candidate
                                let c = f * cs[step * h + j] + i * candidate
                                cs[(step + 1) * h + j] = c
                                tc[j] = DemoMath.tanh(c)
                                hOut[j] = out * tc[j]
                            }
                        } else {
                            for k in 0..<gh {
                                z[k] = w[o.wb + k]
                                rec[k] = w[o.rb + k]
                            }
                            Self.addProducts(input + step * nIn, nIn, wT.baseAddress!, z, gh)
                            Self.addProducts(hPrev, h, rT.baseAddress!, rec, gh)
                            let ns = m + s.ns + (l * t + step) * h
                            for j in 0..<h {
                                let update = DemoMath.sigmoid(z[j] + rec[j])
                                let reset = DemoMath.sigmoid(z[h + j] + rec[h + j])
                                let n = rec[2 * h + j]
                                let candidate = DemoMath.tanh(z[2 * h + j] + reset * n)
                                z[j] = update
                                z[h + j] = reset
                                z[2 * h + j] = candidate
                                ns[j] = n
                                hOut[j] = (1 - update) * candidate + update * hPrev[j]
                            }
                        }
                    }
                }
            }
            if l < count - 1 {
                let next = m + s.xs + (l + 1) * t * h
                let mask = m + s.masks + l * t * h
                for k in 0..<(t * h) {
                    mask[k] = Self.dropoutScale(dropout, &rng)
                    next[k] = hs[h + k] * mask[k]
                }
            }
        }
        let head = denseOffsets[0]
        let top = UnsafePointer(m + s.hs + (count - 1) * (t + 1) * h + t * h)
        var logit = w[head.b]
        for j in 0..<h { logit += w[head.w + j] * top[j] }
        let (loss, derivative) = Self.loss(logit: logit, label: label, positiveWeight: positiveWeight)

        // Backward.
        g[head.b] += derivative
        Self.axpy(derivative, top, g + head.w, h)
        let dH = m + s.dH, dX = m + s.dX, dz = m + s.dz, dzR = m + s.dzR
        var dhRec = m + s.dhRec, dhNew = m + s.dhNew
        let dcRec = m + s.dcRec
        for k in 0..<(t * h) { dH[k] = 0 }
        for j in 0..<h { dH[(t - 1) * h + j] = derivative * w[head.w + j] }
        for l in stride(from: count - 1, through: 0, by: -1) {
            let o = recurrentOffsets[l]
            let nIn = o.inputSize
            let input = l == 0 ? x : UnsafePointer(m + s.xs + l * t * h)
            let hs = m + s.hs + l * (t + 1) * h
            let cs = m + s.cs + l * (t + 1) * h
            for j in 0..<h {
                dhRec[j] = 0
                dcRec[j] = 0
            }
            if l > 0 { for k in 0..<(t * h) { dX[k] = 0 } }
            for step in stride(from: t - 1, through: 0, by: -1) {
                let z = gates + (l * t + step) * gh
                let hPrev = UnsafePointer(hs + step * h)
                if isLSTM {
                    let tc = m + s.tc + (l * t + step) * h
                    for j in 0..<h {
                        let dh = dH[step * h + j] + dhRec[j]
                        let i = z[j], out = z[h + j], f = z[2 * h + j], candidate = z[3 * h + j]
                        let dc = dcRec[j] + dh * out * (1 - tc[j] * tc[j])
                        dz[j] = dc * candidate * i * (1 - i)
                        dz[h + j] = dh * tc[j] * out * (1 - out)
                        dz[2 * h + j] = dc * cs[step * h + j] * f * (1 - f)
                        dz[3 * h + j] = dc * i * (1 - candidate * candidate)
                        dcRec[j] = dc * f
                        dhNew[j] = 0
                    }
                    for k in 0..<gh { dzR[k] = dz[k] }
                } else {
                    let ns = m + s.ns + (l * t + step) * h
                    for j in 0..<h {
                        let dh = dH[step * h + j] + dhRec[j]
                        let update = z[j], reset = z[h + j], candidate = z[2 * h + j], n = ns[j]
                        let dCandidate = dh * (1 - update)
                        let dUpdate = dh * (hPrev[j] - candidate)
                        dhNew[j] = dh * update
                        let dA = dCandidate * (1 - candidate * candidate)
                        dz[j] = dUpdate * update * (1 - update)
                        dz[h + j] = dA * n * reset * (1 - reset)
                        dz[2 * h + j] = dA
                        dzR[j] = dz[j]
                        dzR[h + j] = dz[h + j]
                        dzR[2 * h + j] = dA * reset
                    }
                }
                let xIn = input + step * nIn
                for k in 0..<gh {
                    g[o.wb + k] += dz[k]
                    g[o.rb + k] += dzR[k]
                }
                for k in 0..<gh {
                    let d = dz[k]
                    if d != 0 {
                        Self.axpy(d, xIn, g + o.w + k * nIn, nIn)
                        if l > 0 { Self.axpy(d, w + o.w + k * nIn, dX + step * h, nIn) }
                    }
                    let dr = dzR[k]
                    if dr != 0 && step > 0 {
                        Self.axpy(dr, hPrev, g + o.r + k * h, h)
                        Self.axpy(dr, w + o.r + k * h, dhNew, h)
                    }
                }
                swap(&dhRec, &dhNew)
            }
            if l > 0 {
                let mask = m + s.masks + (l - 1) * t * h
                for k in 0..<(t * h) { dH[k] = dX[k] * mask[k] }
            }
        }
        return loss
    }
}
