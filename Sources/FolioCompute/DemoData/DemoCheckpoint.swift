/// A network fitted by `folio demo-data`, with its weights in the layout of the ONNX
/// operators that `torch.onnx.export` emits, so that an exporter can write the tensors as
/// they are, and with the provenance a checkpoint directory records.
///
/// The model consumes standardised features: a window is `T` consecutive feature rows of
/// one symbol in time order, ending at the scored row, each feature standardised as
/// `(x - scalerMean[f]) / scalerScale[f]` (computed in `Double`, then rounded to `Float`).
/// Window element `[t, f]` (t = 0 the oldest row, T - 1 the scored row) is input index
/// `t * F + f` of the flattened window.
///
/// - `mlp`: `denseLayers` are `Gemm` nodes with `transB = 1` on the flattened window
///   (`[N, T * F]`), each but the last followed by `Relu`; the last has one output, then
///   `Sigmoid`. (Dropout is identity at inference.)
/// - `lstm`, `gru`: `recurrentLayers` are stacked single-direction `LSTM` / `GRU` nodes
///   (layer l's input is layer l-1's output sequence `Y`), initial states zero; the last
///   layer's hidden state at the last step, `[N, H]`, goes through `denseLayers` (one
///   `Gemm`, `W [1, H]`, `b [1]`, `transB = 1`) and `Sigmoid`.
///
/// The output is P(label = 1), one value per window.
public struct DemoCheckpoint: Hashable, Sendable {
    /// The network family.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// A multilayer perceptron on the flattened window.
        case mlp
        /// Stacked ONNX `LSTM` (gate order i, o, f, c; no peepholes; sigmoid, tanh, tanh).
        case lstm
        /// Stacked ONNX `GRU` (gate order z, r, h; `linear_before_reset = 1`, torch's GRU).
        case gru

        /// The number of gates of a recurrent layer: 4 (LSTM), 3 (GRU), 0 (MLP).
        public var gateCount: Int {
            switch self {
            case .mlp: return 0
            case .lstm: return 4
            case .gru: return 3
            }
        }
    }

    /// The network family.
    public var kind: Kind
    /// The HPO trial the checkpoint belongs to (72, 62, 93 in the demo).
    public var trialNumber: Int
    /// The MLflow run id of the trial (32 hexadecimal digits).
    public var runID: String
    /// The epoch the weights are from (counted from 0, MLflow's `step`): the epoch with the
    /// highest logged `val_f1`.
    public var epoch: Int
    /// Feature names, in input order (`F` of them).
    public var features: [String]
    /// Window length `T` in rows.
    public var window: Int
    /// Per feature, the mean subtracted before the model (training rows' mean).
    public var scalerMean: [Double]
    /// Per feature, the divisor applied after subtracting the mean (training rows'
    /// population standard deviation, 1 for a constant column).
    public var scalerScale: [Double]
    /// The stacked recurrent layers (empty for `mlp`).
    public var recurrentLayers: [DemoRecurrentLayer]
    /// The fully connected layers: for `mlp` the hidden layers and the output layer; for
    /// `lstm` and `gru` the head alone.
    public var denseLayers: [DemoDenseLayer]
    /// The hyper-parameters, as logged in the run's MLflow `params/` (strings).
    public var hyperParameters: [String: String]
    /// The validation metrics of `epoch`, as logged (`val_f1`, `val_loss`, ...).
    public var valMetrics: [String: Double]

    /// Creates a checkpoint from its parts.
    public init(kind: Kind, trialNumber: Int, runID: String, epoch: Int, features: [String], window: Int,
                scalerMean: [Double], scalerScale: [Double], recurrentLayers: [DemoRecurrentLayer],
                denseLayers: [DemoDenseLayer], hyperParameters: [String: String] = [:], valMetrics: [String: Double] = [:]) {
        self.kind = kind
        self.trialNumber = trialNumber
        self.runID = runID
        self.epoch = epoch
        self.features = features
        self.window = window
        self.scalerMean = scalerMean
        self.scalerScale = scalerScale
        self.recurrentLayers = recurrentLayers
        self.denseLayers = denseLayers
        self.hyperParameters = hyperParameters
        self.valMetrics = valMetrics
    }

    /// The number of features `F`.
    public var featureCount: Int { features.count }

    /// The checkpoint folder name of the plan, `<type>_trial<N>_epoch<E>`.
    public var directoryName: String { "\(kind.rawValue)_trial\(trialNumber)_epoch\(epoch)" }

    /// The number of weights and biases.
    public var parameterCount: Int {
        recurrentLayers.reduce(0) { $0 + $1.w.count + $1.r.count + $1.b.count }
            + denseLayers.reduce(0) { $0 + $1.weight.count + $1.bias.count }
    }
}

/// Turns a checkpoint into the bytes of a `model.onnx` file (FolioModels provides one;
/// FolioCompute has no ONNX writer of its own).
public typealias DemoModelExporter = @Sendable (DemoCheckpoint) throws -> [UInt8]
