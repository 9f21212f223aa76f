/// ONNX GRU (gates z, r, h; activations sigmoid, tanh), forward, reverse or bidirectional,
/// with `linear_before_reset` 0 (the ONNX default) or 1 (what torch exports), as
/// onnxruntime computes it.
///
/// - `linear_before_reset = 0`: `h~ = tanh(Xt·Whᵀ + (rt ⊙ H)·Rhᵀ + Rbh + Wbh)`
/// - `linear_before_reset = 1`: `h~ = tanh(Xt·Whᵀ + rt ⊙ (H·Rhᵀ + Rbh) + Wbh)`
/// - then `H = (1 - zt) ⊙ h~ + zt ⊙ H`.
enum GRU {
    static func run(_ context: KernelContext) throws(ModelError) -> [Tensor] {
        let setup = try Recurrent(context, gates: 3, activations: ["Sigmoid", "Tanh"])
        let linearBeforeReset = try context.int("linear_before_reset", default: 0) != 0
        let (steps, batch, hidden, directions) = (setup.steps, setup.batch, setup.hidden, setup.directions)
        let width = 3 * hidden
        var y = [Float](repeating: 0, count: steps * directions * batch * hidden)
        var yH = [Float](repeating: 0, count: directions * batch * hidden)
        for d in 0..<directions {
            let wb = d * 2 * width, rb = wb + width
            // Wb of every gate, and Rb of z and r, add to the projected input; Rbh does too
            // unless it sits inside the reset product (linear_before_reset = 1).
            var gates = setup.projectInputs(direction: d, gates: 3) { j in
                setup.b[wb + j] + (j < 2 * hidden || !linearBeforeReset ? setup.b[rb + j] : 0)
            }
            let recurrentBiasH = Array(setup.b[(rb + 2 * hidden)..<(rb + 3 * hidden)])
            var h = Array(setup.initialH[(d * batch * hidden)..<((d + 1) * batch * hidden)])
            // H·Rᵀ for all three gates (linear_before_reset 1), or for z and r, then (r ⊙ H)·Rhᵀ.
            var recurrent = [Float](repeating: 0, count: batch * width)
            var resetH = [Float](repeating: 0, count: batch * hidden)
            gates.withUnsafeMutableBufferPointer { gates in
                h.withUnsafeMutableBufferPointer { h in
                    recurrent.withUnsafeMutableBufferPointer { hr in
                        resetH.withUnsafeMutableBufferPointer { resetH in
                            setup.r.withUnsafeBufferPointer { r in
                                y.withUnsafeMutableBufferPointer { y in
                                    let rd = r.baseAddress! + d * width * hidden
                                    for s in 0..<steps {
                                        let t = setup.reversed[d] ? steps - 1 - s : s
                                        let g = gates.baseAddress! + t * batch * width
                                        let n = linearBeforeReset ? width : 2 * hidden
                                        BLAS.sgemm(
                                            context.arithmetic, transA: false, transB: true, m: batch, n: n, k: hidden, alpha: 1,
                                            a: h.baseAddress!, lda: hidden, b: rd, ldb: hidden,
                                            beta: 0, c: hr.baseAddress!, ldc: width)
                                        for row in 0..<batch {
                                            let gz = g + row * width, hrRow = hr.baseAddress! + row * width
                                            for j in 0..<(2 * hidden) { gz[j] += hrRow[j] }
                                            setup.applyClip(gz, count: 2 * hidden)
                                            Activations.sigmoid(UnsafeMutableBufferPointer(start: gz, count: 2 * hidden))
                                            if linearBeforeReset {
                                                let gr = gz + hidden, gh = gz + 2 * hidden, hrH = hrRow + 2 * hidden
                                                for j in 0..<hidden { gh[j] += gr[j] * (hrH[j] + recurrentBiasH[j]) }
                                            } else {
                                                let gr = gz + hidden, hRow = h.baseAddress! + row * hidden
                                                let resetRow = resetH.baseAddress! + row * hidden
                                                for j in 0..<hidden { resetRow[j] = gr[j] * hRow[j] }
                                            }
                                        }
                                        if !linearBeforeReset {
                                            BLAS.sgemm(
                                                context.arithmetic, transA: false, transB: true, m: batch, n: hidden, k: hidden, alpha: 1,
                                                a: resetH.baseAddress!, lda: hidden, b: rd + 2 * hidden * hidden, ldb: hidden,
                                                beta: 1, c: g + 2 * hidden, ldc: width)
                                        }
                                        for row in 0..<batch {
                                            let gz = g + row * width, gh = gz + 2 * hidden
                                            setup.applyClip(gh, count: hidden)
                                            Activations.tanh(UnsafeMutableBufferPointer(start: gh, count: hidden))
                                            let hRow = h.baseAddress! + row * hidden
                                            let yRow = y.baseAddress! + ((t * directions + d) * batch + row) * hidden
                                            for j in 0..<hidden {
                                                hRow[j] = (1 - gz[j]) * gh[j] + gz[j] * hRow[j]
                                                yRow[j] = hRow[j]
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            yH.replaceSubrange((d * batch * hidden)..<((d + 1) * batch * hidden), with: h)
        }
        return [
            Tensor(shape: [steps, directions, batch, hidden], floats: y),
            Tensor(shape: [directions, batch, hidden], floats: yH),
        ]
    }
}
