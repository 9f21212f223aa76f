/// ONNX LSTM (gates i, o, f, c; activations sigmoid, tanh, tanh), forward, reverse or
/// bidirectional, with optional peepholes and clip, as onnxruntime computes it.
///
/// Per direction: one product projects every step's input (`X · Wᵀ + Wb + Rb`), then each
/// step adds `H(t-1) · Rᵀ` for the whole batch and updates the cells.
enum LSTM {
    static func run(_ context: KernelContext) throws(ModelError) -> [Tensor] {
        let setup = try Recurrent(context, gates: 4, activations: ["Sigmoid", "Tanh", "Tanh"])
        guard try context.int("input_forget", default: 0) == 0 else {
            throw context.error("input_forget 1 is not supported", .unsupported)
        }
        let (steps, batch, hidden, directions) = (setup.steps, setup.batch, setup.hidden, setup.directions)
        var initialC = [Float](repeating: 0, count: directions * batch * hidden)
        if context.optionalInput(6) != nil {
            let (cTensor, c) = try context.floatInput(6)
            guard cTensor.shape == [directions, batch, hidden] else {
                throw context.error("initial_c has shape \(cTensor.shape), expected [\(directions), \(batch), \(hidden)]")
            }
            initialC = c
        }
        var peepholes: [Float]? = nil
        if context.optionalInput(7) != nil {
            let (pTensor, p) = try context.floatInput(7)
            guard pTensor.shape == [directions, 3 * hidden] else {
                throw context.error("P has shape \(pTensor.shape), expected [\(directions), \(3 * hidden)]")
            }
            peepholes = p
        }

        let width = 4 * hidden
        var y = [Float](repeating: 0, count: steps * directions * batch * hidden)
        var yH = [Float](repeating: 0, count: directions * batch * hidden)
        var yC = [Float](repeating: 0, count: directions * batch * hidden)
        for d in 0..<directions {
            // Wb and Rb both add to every gate input.
            var gates = setup.projectInputs(direction: d, gates: 4) { j in
                setup.b[d * 2 * width + j] + setup.b[d * 2 * width + width + j]
            }
            var h = Array(setup.initialH[(d * batch * hidden)..<((d + 1) * batch * hidden)])
            var c = Array(initialC[(d * batch * hidden)..<((d + 1) * batch * hidden)])
            var tanhC = [Float](repeating: 0, count: hidden)
            let p = peepholes.map { Array($0[(d * 3 * hidden)..<((d + 1) * 3 * hidden)]) }
            gates.withUnsafeMutableBufferPointer { gates in
                h.withUnsafeMutableBufferPointer { h in
                    c.withUnsafeMutableBufferPointer { c in
                        tanhC.withUnsafeMutableBufferPointer { tanhC in
                            setup.r.withUnsafeBufferPointer { r in
                                y.withUnsafeMutableBufferPointer { y in
                                    for s in 0..<steps {
                                        let t = setup.reversed[d] ? steps - 1 - s : s
                                        let g = gates.baseAddress! + t * batch * width
                                        BLAS.sgemm(
                                            context.arithmetic, transA: false, transB: true, m: batch, n: width, k: hidden, alpha: 1,
                                            a: h.baseAddress!, lda: hidden, b: r.baseAddress! + d * width * hidden, ldb: hidden,
                                            beta: 1, c: g, ldc: width)
                                        for row in 0..<batch {
                                            let gi = g + row * width, go = gi + hidden, gf = gi + 2 * hidden, gc = gi + 3 * hidden
                                            let cRow = c.baseAddress! + row * hidden
                                            let hRow = h.baseAddress! + row * hidden
                                            if let p {
                                                for j in 0..<hidden {
                                                    gi[j] += p[j] * cRow[j]
                                                    gf[j] += p[2 * hidden + j] * cRow[j]
                                                }
                                            }
                                            setup.applyClip(gi, count: width)
                                            if p == nil {
                                                Activations.sigmoid(UnsafeMutableBufferPointer(start: gi, count: 3 * hidden))
                                            } else {
                                                Activations.sigmoid(UnsafeMutableBufferPointer(start: gi, count: hidden))
                                                Activations.sigmoid(UnsafeMutableBufferPointer(start: gf, count: hidden))
                                            }
                                            Activations.tanh(UnsafeMutableBufferPointer(start: gc, count: hidden))
                                            for j in 0..<hidden { cRow[j] = gf[j] * cRow[j] + gi[j] * gc[j] }
                                            if let p {
                                                for j in 0..<hidden { go[j] += p[hidden + j] * cRow[j] }
                                                if let clip = setup.clip {
                                                    for j in 0..<hidden { go[j] = min(max(go[j], -clip), clip) }
                                                }
                                                Activations.sigmoid(UnsafeMutableBufferPointer(start: go, count: hidden))
                                            }
                                            tanhC.baseAddress!.update(from: cRow, count: hidden)
                                            Activations.tanh(tanhC)
                                            let yRow = y.baseAddress! + ((t * directions + d) * batch + row) * hidden
                                            for j in 0..<hidden {
                                                hRow[j] = go[j] * tanhC[j]
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
            yC.replaceSubrange((d * batch * hidden)..<((d + 1) * batch * hidden), with: c)
        }
        return [
            Tensor(shape: [steps, directions, batch, hidden], floats: y),
            Tensor(shape: [directions, batch, hidden], floats: yH),
            Tensor(shape: [directions, batch, hidden], floats: yC),
        ]
    }
}
