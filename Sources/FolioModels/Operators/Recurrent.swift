/// What LSTM and GRU share: attributes (direction, hidden size, activations, clip, layout),
/// input shapes, and the projection of every time step's input through `W` in one product.
extension OperatorRegistry {
    static let recurrentKernels: [String: Kernel] = [
        "LSTM": { context throws(ModelError) in try LSTM.run(context) },
        "GRU": { context throws(ModelError) in try GRU.run(context) },
    ]
}

struct Recurrent {
    /// Time steps.
    let steps: Int
    /// Batch rows.
    let batch: Int
    /// Input features.
    let inputSize: Int
    /// Hidden units.
    let hidden: Int
    /// For each direction, whether it runs backwards in time.
    let reversed: [Bool]
    /// `X` as `[steps, batch, inputSize]`.
    let x: [Float]
    /// `W` as `[directions, gates · hidden, inputSize]`.
    let w: [Float]
    /// `R` as `[directions, gates · hidden, hidden]`.
    let r: [Float]
    /// `B` as `[directions, 2 · gates · hidden]` (zeros when absent).
    let b: [Float]
    /// `initial_h` as `[directions, batch, hidden]` (zeros when absent).
    let initialH: [Float]
    /// The clip threshold of gate inputs, if any.
    let clip: Float?
    /// How matrix products are computed (the session's choice).
    let arithmetic: MatrixArithmetic

    var directions: Int { reversed.count }

    /// Reads and checks the shared inputs and attributes of an LSTM (`gates` 4) or GRU
    /// (`gates` 3) node; `activations` are the defaults, the only ones folio runs.
    init(_ context: KernelContext, gates: Int, activations: [String]) throws(ModelError) {
        arithmetic = context.arithmetic
        let direction = try context.string("direction", default: "forward")
        switch direction {
        case "forward": reversed = [false]
        case "reverse": reversed = [true]
        case "bidirectional": reversed = [false, true]
        default: throw context.error("direction \"\(direction)\" is not forward, reverse or bidirectional")
        }
        let directions = reversed.count
        guard try context.int("layout", default: 0) == 0 else {
            throw context.error("layout 1 (batch first) is not supported; torch.onnx.export writes layout 0", .unsupported)
        }
        if let given = try context.strings("activations") {
            let expected = Array(repeatElement(activations, count: directions).joined())
            guard given.map({ $0.lowercased() }) == expected.map({ $0.lowercased() }) else {
                throw context.error(
                    "activations \(given) are not supported; folio runs the defaults \(expected)", .unsupported)
            }
        }
        clip = context.node.attributes["clip"] == nil ? nil : try context.float("clip", default: 0)

        let (xTensor, x) = try context.floatInput(0)
        let (wTensor, w) = try context.floatInput(1)
        let (rTensor, r) = try context.floatInput(2)
        guard xTensor.rank == 3 else { throw context.error("X has shape \(xTensor.shape), expected [steps, batch, input]") }
        steps = xTensor.shape[0]
        batch = xTensor.shape[1]
        inputSize = xTensor.shape[2]
        guard rTensor.rank == 3, rTensor.shape[0] == directions, rTensor.shape[1] % gates == 0 else {
            throw context.error("R has shape \(rTensor.shape), expected [\(directions), \(gates) × hidden, hidden]")
        }
        hidden = rTensor.shape[2]
        if let declared = context.node.attributes["hidden_size"], declared != .int(hidden) {
            throw context.error("hidden_size is \(declared) but R has shape \(rTensor.shape)")
        }
        guard rTensor.shape[1] == gates * hidden else {
            throw context.error("R has shape \(rTensor.shape), expected [\(directions), \(gates * hidden), \(hidden)]")
        }
        guard wTensor.shape == [directions, gates * hidden, inputSize] else {
            throw context.error("W has shape \(wTensor.shape), expected [\(directions), \(gates * hidden), \(inputSize)]")
        }
        self.x = x
        self.w = w
        self.r = r
        if context.optionalInput(3) != nil {
            let (bTensor, b) = try context.floatInput(3)
            guard bTensor.shape == [directions, 2 * gates * hidden] else {
                throw context.error("B has shape \(bTensor.shape), expected [\(directions), \(2 * gates * hidden)]")
            }
            self.b = b
        } else {
            b = [Float](repeating: 0, count: directions * 2 * gates * hidden)
        }
        if let lengths = try context.optionalIntegerInput(4), lengths.contains(where: { $0 != xTensor.shape[0] }) {
            throw context.error(
                "sequence_lens shorter than the sequence (\(steps) steps) are not supported; export without it", .unsupported)
        }
        if context.optionalInput(5) != nil {
            let (hTensor, h) = try context.floatInput(5)
            guard hTensor.shape == [directions, batch, hidden] else {
                throw context.error("initial_h has shape \(hTensor.shape), expected [\(directions), \(batch), \(hidden)]")
            }
            initialH = h
        } else {
            initialH = [Float](repeating: 0, count: directions * batch * hidden)
        }
    }

    /// `X · W[d]ᵀ + bias` for all steps and rows of direction `d`: `[steps · batch, gates · hidden]`.
    /// `bias(j)` gives the constant added to gate column `j`.
    func projectInputs(direction d: Int, gates: Int, bias: (Int) -> Float) -> [Float] {
        let rows = steps * batch
        let width = gates * hidden
        var output = [Float](repeating: 0, count: rows * width)
        let biasRow = (0..<width).map(bias)
        output.withUnsafeMutableBufferPointer { y in
            for row in 0..<rows {
                (y.baseAddress! + row * width).update(from: biasRow, count: width)
            }
            x.withUnsafeBufferPointer { xBuffer in
                w.withUnsafeBufferPointer { wBuffer in
                    guard let xBase = xBuffer.baseAddress, let wBase = wBuffer.baseAddress else { return }
                    BLAS.sgemm(
                        arithmetic, transA: false, transB: true, m: rows, n: width, k: inputSize, alpha: 1,
                        a: xBase, lda: inputSize, b: wBase + d * width * inputSize, ldb: inputSize,
                        beta: 1, c: y.baseAddress!, ldc: width)
                }
            }
        }
        return output
    }

    /// Clamps `count` gate inputs at `values` to `[-clip, clip]` when a clip is set.
    @inline(__always)
    func applyClip(_ values: UnsafeMutablePointer<Float>, count: Int) {
        guard let clip else { return }
        for j in 0..<count { values[j] = min(max(values[j], -clip), clip) }
    }
}
