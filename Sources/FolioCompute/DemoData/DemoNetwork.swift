/// A network under training, in `Double`: the weights of a ``DemoCheckpoint`` in one flat
/// vector, each tensor in its ONNX layout (see ``DemoRecurrentLayer`` and
/// ``DemoDenseLayer``), so that the checkpoint is the vector rounded to `Float`.
///
/// Layout of `parameters`: for `lstm` and `gru`, per layer `W` (`G*H x in`), `R` (`G*H x H`),
/// `Wb` (`G*H`), `Rb` (`G*H`), then the head `W` (`H`) and `b` (1); for `mlp`, per layer `W`
/// (`out x in`) then `b` (`out`), widths `[T*F, H, ..., H, 1]`.
///
/// Gradients are written by hand (``DemoNetwork/accumulate(window:label:positiveWeight:dropout:rng:transposed:gradient:scratch:)``):
/// back-propagation through the ReLU layers, and through time for the recurrent layers.
struct DemoNetwork: Sendable {
    /// The family.
    var kind: DemoCheckpoint.Kind
    /// Features per step, `F`.
    var inputSize: Int
    /// Steps per window, `T`.
    var window: Int
    /// Hidden width `H` (every hidden layer of the MLP, the state of a recurrent layer).
    var hiddenSize: Int
    /// Hidden layers of the MLP, stacked recurrent layers otherwise.
    var layers: Int
    /// All weights and biases (see the type's documentation).
    var parameters: [Double]

    /// Where a recurrent layer's tensors start in `parameters`.
    struct RecurrentOffsets: Sendable {
        var inputSize: Int
        var w: Int
        var r: Int
        var wb: Int
        var rb: Int
    }

    /// Where a dense layer's tensors start in `parameters`.
    struct DenseOffsets: Sendable {
        var inputSize: Int
        var outputSize: Int
        var w: Int
        var b: Int
    }

    /// The recurrent layers' offsets (empty for the MLP).
    let recurrentOffsets: [RecurrentOffsets]
    /// The dense layers' offsets (the MLP's layers, or the head).
    let denseOffsets: [DenseOffsets]

    /// A network of zeros with this shape.
    init(kind: DemoCheckpoint.Kind, inputSize: Int, window: Int, hiddenSize: Int, layers: Int) {
        self.kind = kind
        self.inputSize = inputSize
        self.window = window
        self.hiddenSize = hiddenSize
        self.layers = layers
        var offset = 0
        var recurrent: [RecurrentOffsets] = []
        var dense: [DenseOffsets] = []
        func addDense(_ nIn: Int, _ nOut: Int) {
            dense.append(DenseOffsets(inputSize: nIn, outputSize: nOut, w: offset, b: offset + nIn * nOut))
            offset += nIn * nOut + nOut
        }
        if kind == .mlp {
            var width = inputSize * window
            for _ in 0..<layers {
                addDense(width, hiddenSize)
                width = hiddenSize
            }
            addDense(width, 1)
        } else {
            let gh = kind.gateCount * hiddenSize
            for l in 0..<layers {
                let nIn = l == 0 ? inputSize : hiddenSize
                recurrent.append(RecurrentOffsets(inputSize: nIn, w: offset, r: offset + gh * nIn,
                                                  wb: offset + gh * (nIn + hiddenSize), rb: offset + gh * (nIn + hiddenSize + 1)))
                offset += gh * (nIn + hiddenSize + 2)
            }
            addDense(hiddenSize, 1)
        }
        recurrentOffsets = recurrent
        denseOffsets = dense
        parameters = [Double](repeating: 0, count: offset)
    }

    /// The number of parameters.
    var parameterCount: Int { parameters.count }

    /// PyTorch's default initialisation, from `rng`: `nn.Linear` weights and biases uniform
    /// in `±1/sqrt(in)`, `nn.LSTM` / `nn.GRU` tensors uniform in `±1/sqrt(H)`.
    mutating func initialise(_ rng: inout SeededGenerator) {
        for o in recurrentOffsets {
            let bound = 1 / Double(hiddenSize).squareRoot()
            let gh = kind.gateCount * hiddenSize
            for k in o.w..<(o.w + gh * (o.inputSize + hiddenSize + 2)) {
                parameters[k] = bound * (2 * rng.nextUniform() - 1)
            }
        }
        for o in denseOffsets {
            let bound = 1 / Double(o.inputSize).squareRoot()
            for k in o.w..<(o.b + o.outputSize) { parameters[k] = bound * (2 * rng.nextUniform() - 1) }
        }
    }

    /// The weights rounded to `Float`, in a checkpoint with this provenance.
    func checkpoint(trialNumber: Int, features: [String], scaler: DemoStandardizer) -> DemoCheckpoint {
        func slice(_ start: Int, _ count: Int) -> [Float] { parameters[start..<(start + count)].map { Float($0) } }
        let gh = kind.gateCount * hiddenSize
        let recurrent = recurrentOffsets.map { o in
            DemoRecurrentLayer(inputSize: o.inputSize, hiddenSize: hiddenSize, gateCount: kind.gateCount,
                               w: slice(o.w, gh * o.inputSize), r: slice(o.r, gh * hiddenSize), b: slice(o.wb, 2 * gh))
        }
        let dense = denseOffsets.map { o in
            DemoDenseLayer(inputSize: o.inputSize, outputSize: o.outputSize,
                           weight: slice(o.w, o.inputSize * o.outputSize), bias: slice(o.b, o.outputSize))
        }
        return DemoCheckpoint(kind: kind, trialNumber: trialNumber, runID: "", epoch: 0, features: features, window: window,
                              scalerMean: scaler.mean, scalerScale: scaler.scale, recurrentLayers: recurrent, denseLayers: dense)
    }

    /// The weight matrices transposed (`[in, out]`), so that forward products run over
    /// contiguous outputs; rebuilt after every optimiser step.
    struct Transposed: Sendable {
        /// Per recurrent layer, `W^T` (`[in, G*H]`).
        var w: [[Double]]
        /// Per recurrent layer, `R^T` (`[H, G*H]`).
        var r: [[Double]]
        /// Per dense layer, `W^T` (`[in, out]`).
        var dense: [[Double]]
    }

    func transposed() -> Transposed {
        let gh = kind.gateCount * hiddenSize
        var w: [[Double]] = []
        var r: [[Double]] = []
        for o in recurrentOffsets {
            w.append(Self.transpose(parameters, at: o.w, rows: gh, columns: o.inputSize))
            r.append(Self.transpose(parameters, at: o.r, rows: gh, columns: hiddenSize))
        }
        let dense = denseOffsets.map { Self.transpose(parameters, at: $0.w, rows: $0.outputSize, columns: $0.inputSize) }
        return Transposed(w: w, r: r, dense: dense)
    }

    static func transpose(_ p: [Double], at start: Int, rows: Int, columns: Int) -> [Double] {
        var out = [Double](repeating: 0, count: rows * columns)
        for i in 0..<rows { for j in 0..<columns { out[j * rows + i] = p[start + i * columns + j] } }
        return out
    }

    /// `out[0..<width] += sum_k v[k] * m[k, :]` for a row-major `[n, width]` matrix.
    @inline(__always)
    static func addProducts(_ v: UnsafePointer<Double>, _ n: Int, _ m: UnsafePointer<Double>,
                            _ out: UnsafeMutablePointer<Double>, _ width: Int) {
        for k in 0..<n {
            let a = v[k]
            if a == 0 { continue }
            let row = m + k * width
            for j in 0..<width { out[j] += a * row[j] }
        }
    }

    /// `out[0..<n] += a * v[0..<n]`.
    @inline(__always)
    static func axpy(_ a: Double, _ v: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ n: Int) {
        for j in 0..<n { out[j] += a * v[j] }
    }

    /// The weighted binary cross-entropy of a logit (PyTorch's `BCEWithLogitsLoss` with
    /// `pos_weight`) and its derivative.
    @inline(__always)
    static func loss(logit z: Double, label: Int8, positiveWeight: Double) -> (loss: Double, derivative: Double) {
        if label == 1 {
            return (positiveWeight * DemoMath.softplus(-z), positiveWeight * (DemoMath.sigmoid(z) - 1))
        }
        return (DemoMath.softplus(z), DemoMath.sigmoid(z))
    }

    /// Adds one window's loss gradient to `gradient` and returns its loss.
    ///
    /// - Parameters:
    ///   - window: `T * F` standardised values, `[t, f]` row-major.
    ///   - dropout: the probability of zeroing a unit (MLP hidden outputs; outputs of every
    ///     recurrent layer but the last), survivors scaled by `1 / (1 - dropout)`; the mask
    ///     is drawn from `rng`.
    ///   - transposed: ``transposed()`` of the current parameters.
    ///   - gradient: `parameterCount` values.
    func accumulate(window: UnsafePointer<Double>, label: Int8, positiveWeight: Double, dropout: Double,
                    rng: inout SeededGenerator, transposed: Transposed, gradient: UnsafeMutablePointer<Double>,
                    scratch: DemoNetworkScratch) -> Double {
        parameters.withUnsafeBufferPointer { w in
            kind == .mlp
                ? accumulateMLP(window, label, positiveWeight, dropout, &rng, transposed, w.baseAddress!, gradient, scratch)
                : accumulateRecurrent(window, label, positiveWeight, dropout, &rng, transposed, w.baseAddress!, gradient, scratch)
        }
    }

    /// The loss of one window without dropout, and nothing else (for gradient checks).
    func loss(window: [Double], label: Int8, positiveWeight: Double) -> Double {
        var rng = SeededGenerator(seed: 0)
        var gradient = [Double](repeating: 0, count: parameterCount)
        let scratch = DemoNetworkScratch(self)
        let t = transposed()
        return window.withUnsafeBufferPointer { x in
            gradient.withUnsafeMutableBufferPointer { g in
                accumulate(window: x.baseAddress!, label: label, positiveWeight: positiveWeight, dropout: 0, rng: &rng,
                           transposed: t, gradient: g.baseAddress!, scratch: scratch)
            }
        }
    }

    /// A dropout multiplier: 0 with probability `p`, else `1 / (1 - p)`.
    @inline(__always)
    static func dropoutScale(_ p: Double, _ rng: inout SeededGenerator) -> Double {
        guard p > 0 else { return 1 }
        return rng.nextUniform() < p ? 0 : 1 / (1 - p)
    }
}

/// Per-thread buffers of ``DemoNetwork``'s forward and backward passes, one allocation.
final class DemoNetworkScratch: @unchecked Sendable {
    // Used by one work item at a time.
    let storage: UnsafeMutablePointer<Double>
    let size: Int
    /// Offsets into `storage`.
    let input, xs, hs, cs, tc, gs, ns, masks, dH, dX, dz, dzR, dhRec, dhNew, dcRec, rec: Int
    /// MLP: per layer activations (`acts`), dropout masks and deltas, at `layerOffsets`.
    let acts, deltas, mlpMasks: Int
    let layerOffsets: [Int]

    init(_ n: DemoNetwork) {
        let t = n.window, h = n.hiddenSize, l = Swift.max(1, n.layers), gh = Swift.max(1, n.kind.gateCount * h)
        var cursor = 0
        func take(_ count: Int) -> Int {
            defer { cursor += count }
            return cursor
        }
        input = take(t * n.inputSize)
        xs = take(l * t * h)
        hs = take(l * (t + 1) * h)
        cs = take(l * (t + 1) * h)
        tc = take(l * t * h)
        gs = take(l * t * gh)
        ns = take(l * t * h)
        masks = take(l * t * h)
        dH = take(t * h)
        dX = take(t * h)
        dz = take(gh)
        dzR = take(gh)
        dhRec = take(h)
        dhNew = take(h)
        dcRec = take(h)
        rec = take(gh)
        var offsets: [Int] = []
        var total = 0
        for o in n.denseOffsets {
            offsets.append(total)
            total += o.outputSize
        }
        layerOffsets = offsets
        acts = take(total)
        deltas = take(total + t * n.inputSize)
        mlpMasks = take(total)
        size = cursor
        storage = .allocate(capacity: cursor)
        storage.initialize(repeating: 0, count: cursor)
    }

    deinit { storage.deallocate() }
}
