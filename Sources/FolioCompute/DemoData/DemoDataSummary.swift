/// What a demo-data run produced: sizes, label rates and the fitted checkpoints' quality.
public struct DemoDataSummary: Sendable {
    /// One fitted checkpoint.
    public struct Model: Hashable, Sendable {
        /// The `predictions.csv` column.
        public var name: String
        /// The HPO trial number.
        public var trial: Int
        /// The checkpoint's epoch.
        public var epoch: Int
        /// Epochs trained (early stopping included).
        public var epochsRun: Int
        /// Weights and biases.
        public var parameters: Int
        /// Logged validation F1 of the checkpoint's epoch (threshold 0.5).
        public var valF1: Double
        /// Logged validation precision of the checkpoint's epoch.
        public var valPrecision: Double
        /// Logged validation recall of the checkpoint's epoch.
        public var valRecall: Double
        /// ROC-AUC by split (`val`, `test`) of the written predictions.
        public var rocAUC: [String: Double]
    }

    /// The number of symbols.
    public var symbols: Int
    /// The number of bars over all symbols.
    public var bars: Int
    /// Feature rows by split name (`train`, `val`, `test`).
    public var rowsPerSplit: [String: Int]
    /// Rows with label 1, by split name.
    public var positivesPerSplit: [String: Int]
    /// The checkpoints, in column order.
    public var models: [Model]
    /// Window counts.
    public var windows: DemoDataset.WindowCounts
    /// Bytes written: `bars` (all files), `features.csv`, `predictions.csv`.
    public var fileSizes: [String: Int]

    /// A short multi-line report for the terminal.
    public var text: String {
        func f(_ x: Double) -> String { DemoDecimal(x, significantDigits: 4)?.text ?? "nan" }
        var lines: [String] = []
        let total = rowsPerSplit.values.reduce(0, +)
        lines.append("\(symbols) symbols, \(bars) bars, \(total) feature rows")
        for split in ["train", "val", "test"] {
            let n = rowsPerSplit[split] ?? 0
            let p = positivesPerSplit[split] ?? 0
            let rate = n > 0 ? Double(p) / Double(n) : 0
            lines.append("  \(split): \(n) rows, \(p) positive (\(DemoDecimal(rate * 100, significantDigits: 3)?.text ?? "-")%)")
        }
        lines.append("  windows: \(windows.train) sampled of \(windows.trainAvailable) train, \(windows.val) val; \(windows.scored) val and test rows scored, \(windows.shortHistory + windows.missingFeature) not")
        for m in models {
            lines.append("  \(m.name) (trial \(m.trial), epoch \(m.epoch) of \(m.epochsRun), \(m.parameters) parameters): val F1 \(f(m.valF1)), precision \(f(m.valPrecision)), recall \(f(m.valRecall)); ROC-AUC val \(f(m.rocAUC["val"] ?? .nan)), test \(f(m.rocAUC["test"] ?? .nan))")
        }
        for key in fileSizes.keys.sorted() {
            let mb = Double(fileSizes[key] ?? 0) / 1_048_576
            lines.append("  \(key): \(DemoDecimal(mb, significantDigits: 3)?.text ?? "0") MiB")
        }
        return lines.joined(separator: "\n")
    }
}
