/// What a demo-data run produced: sizes, label rates and the fitted models' quality.
public struct DemoDataSummary: Sendable {
    /// The number of symbols.
    public var symbols: Int
    /// The number of bars over all symbols.
    public var bars: Int
    /// Feature rows by split name (`train`, `val`, `test`).
    public var rowsPerSplit: [String: Int]
    /// Rows with label 1, by split name.
    public var positivesPerSplit: [String: Int]
    /// ROC-AUC by model, then by split (`val`, `test`).
    public var rocAUC: [String: [String: Double]]
    /// Each model's mean log loss on the training rows.
    public var trainLogLoss: [String: Double]
    /// The log loss of predicting the training base rate for every training row.
    public var baseRateLogLoss: Double
    /// Bytes written: `bars` (all files), `features.csv`, `predictions.csv`.
    public var fileSizes: [String: Int]

    /// A short multi-line report for the terminal.
    public var text: String {
        var lines: [String] = []
        let total = rowsPerSplit.values.reduce(0, +)
        lines.append("\(symbols) symbols, \(bars) bars, \(total) feature rows")
        for split in ["train", "val", "test"] {
            let n = rowsPerSplit[split] ?? 0
            let p = positivesPerSplit[split] ?? 0
            let rate = n > 0 ? Double(p) / Double(n) : 0
            lines.append("  \(split): \(n) rows, \(p) positive (\(DemoDecimal(rate * 100, significantDigits: 3)?.text ?? "-")%)")
        }
        for name in DemoDataGenerator.modelNames {
            let v = DemoDecimal(rocAUC[name]?["val"] ?? .nan, significantDigits: 4)?.text ?? "nan"
            let t = DemoDecimal(rocAUC[name]?["test"] ?? .nan, significantDigits: 4)?.text ?? "nan"
            let l = DemoDecimal(trainLogLoss[name] ?? .nan, significantDigits: 4)?.text ?? "nan"
            lines.append("  \(name): ROC-AUC val \(v), test \(t); train log loss \(l)")
        }
        lines.append("  base-rate train log loss \(DemoDecimal(baseRateLogLoss, significantDigits: 4)?.text ?? "nan")")
        for key in fileSizes.keys.sorted() {
            let mb = Double(fileSizes[key] ?? 0) / 1_048_576
            lines.append("  \(key): \(DemoDecimal(mb, significantDigits: 3)?.text ?? "0") MiB")
        }
        return lines.joined(separator: "\n")
    }
}
