/// How `folio demo-data` fits the plan's three checkpoints: the window, the training
/// subsample and each network's hyper-parameters. The hyper-parameters are logged as the
/// MLflow params of the network's trial, so what MLflow says is what was trained.
public struct DemoTrainingOptions: Hashable, Sendable {
    /// One network's hyper-parameters (PyTorch names).
    public struct Network: Hashable, Sendable {
        /// `mlp`, `lstm` or `gru`.
        public var kind: DemoCheckpoint.Kind
        /// The HPO trial the network is (72, 62, 93).
        public var trialNumber: Int
        /// Width of every hidden layer (MLP) or of the recurrent state.
        public var hiddenSize: Int
        /// Hidden layers (MLP) or stacked recurrent layers.
        public var numLayers: Int
        /// Windows per Adam step.
        public var batchSize: Int
        /// Adam's step size.
        public var learningRate: Double
        /// L2 penalty added to the gradient (torch `Adam(weight_decay=)`).
        public var weightDecay: Double
        /// Dropout probability during training: after each hidden ReLU of the MLP, between
        /// stacked recurrent layers (as `nn.LSTM(dropout=)`; none with one layer).
        public var dropout: Double
        /// At most this many epochs.
        public var maxEpochs: Int
        /// Training stops after this many epochs without a higher `val_f1`.
        public var patience: Int

        /// Creates the settings of one network.
        public init(kind: DemoCheckpoint.Kind, trialNumber: Int, hiddenSize: Int, numLayers: Int, batchSize: Int,
                    learningRate: Double, weightDecay: Double, dropout: Double, maxEpochs: Int, patience: Int) {
            self.kind = kind
            self.trialNumber = trialNumber
            self.hiddenSize = hiddenSize
            self.numLayers = numLayers
            self.batchSize = batchSize
            self.learningRate = learningRate
            self.weightDecay = weightDecay
            self.dropout = dropout
            self.maxEpochs = maxEpochs
            self.patience = patience
        }
    }

    /// Rows per window, `T` (the plan's 24-step windows, for all three networks).
    public var window: Int
    /// At most this many training windows, a seeded sample of the train split's windows,
    /// the same for every network and epoch (reshuffled every epoch).
    public var trainWindows: Int
    /// The networks, in `predictions.csv` column order (`mlp`, `lstm`, `gru`).
    public var networks: [Network]
    /// Whether batches and scoring use all cores (the results are the same either way).
    public var parallel: Bool

    /// Creates training options.
    public init(window: Int, trainWindows: Int, networks: [Network], parallel: Bool = true) {
        self.window = window
        self.trainWindows = trainWindows
        self.networks = networks
        self.parallel = parallel
    }

    /// The seed-scale settings: 24-step windows, 10,000 training windows, and the trials'
    /// hyper-parameters, their widths cut so that `folio demo-data` stays under a minute on
    /// two shared cores (the team's trials had 128, 64 and 128 units): MLP 552-32-32-1, LSTM
    /// two layers of 8, GRU one layer of 12 (no dropout: with one layer there is nothing to
    /// drop between layers, as in `nn.GRU`); at most 6 epochs, patience 3.
    public static let seedScale = DemoTrainingOptions(window: 24, trainWindows: 10_000, networks: [
        Network(kind: .mlp, trialNumber: 72, hiddenSize: 32, numLayers: 2, batchSize: 256, learningRate: 0.000412,
                weightDecay: 3.5e-05, dropout: 0.3, maxEpochs: 6, patience: 3),
        Network(kind: .lstm, trialNumber: 62, hiddenSize: 8, numLayers: 2, batchSize: 128, learningRate: 0.00131,
                weightDecay: 1.2e-05, dropout: 0.2, maxEpochs: 6, patience: 3),
        Network(kind: .gru, trialNumber: 93, hiddenSize: 12, numLayers: 1, batchSize: 128, learningRate: 0.000768,
                weightDecay: 8.1e-06, dropout: 0, maxEpochs: 6, patience: 3),
    ])

    /// Checks the settings; throws ``DemoDataError/invalidOption(_:)``.
    public func validate() throws {
        guard window >= 1, window <= 512, trainWindows >= 10 else {
            throw DemoDataError.invalidOption("training needs a window of 1-512 rows and at least 10 training windows")
        }
        guard Set(networks.map(\.kind)).count == networks.count else {
            throw DemoDataError.invalidOption("one network per model type")
        }
        for n in networks {
            guard n.hiddenSize >= 1, n.numLayers >= 1, n.batchSize >= 1, n.learningRate > 0, n.weightDecay >= 0,
                  n.dropout >= 0, n.dropout < 1, n.maxEpochs >= 1, n.patience >= 1 else {
                throw DemoDataError.invalidOption("\(n.kind.rawValue) settings need positive sizes, epochs, patience and learning rate, and 0 <= dropout < 1")
            }
        }
    }
}
