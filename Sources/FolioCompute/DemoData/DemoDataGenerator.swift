import Foundation

/// Progress messages of a long demo-data run (a line of text each, for standard error).
public typealias DemoDataProgress = @Sendable (String) -> Void

/// Generates the demo data set of `folio demo-data`: bars, features, labels, the plan's
/// three checkpoints fitted here (MLP trial 72, LSTM trial 62, GRU trial 93), their
/// predictions and an MLflow store of HPO trials that logs them (see ``DemoDataset``).
///
/// ```swift
/// let generator = try DemoDataGenerator(options: DemoDataOptions(symbols: 143, seed: 42))
/// let summary = try generator.write(to: URL(fileURLWithPath: "data/demo")) { print($0) }
/// ```
///
/// The output depends only on the options: every random draw comes from a
/// ``SeededGenerator`` seeded from the seed and a fixed name, all arithmetic is IEEE
/// arithmetic (no C-library transcendental functions), parallel work is assembled in a
/// fixed order, and numbers are printed by ``DemoDecimal``.
public struct DemoDataGenerator: Sendable {
    /// The options.
    public let options: DemoDataOptions
    /// Writes each checkpoint's `model.onnx`; without one, the runs' `artifacts/model/`
    /// hold everything but the ONNX file.
    public let exporter: DemoModelExporter?

    /// Names of the fitted models, in `predictions.csv` column order.
    public static let modelNames = ["mlp", "lstm", "gru"]

    /// - Throws: ``DemoDataError/invalidOption(_:)`` for invalid options.
    public init(options: DemoDataOptions, exporter: DemoModelExporter? = nil) throws {
        try options.validate()
        self.options = options
        self.exporter = exporter
    }

    /// Generates the whole data set in memory.
    ///
    /// - Throws: ``DemoDataError/insufficientData(_:)`` when the options leave a split
    ///   without rows or windows, or the training windows with a single class.
    /// - Complexity: O(symbols * hours) for bars, labels and features (symbols in parallel),
    ///   then the three fits (see ``DemoTrainingOptions``).
    public func generate(progress: DemoDataProgress? = nil) throws -> DemoDataset {
        var stopwatch = DemoStopwatch(progress: progress)
        func report(_ message: String) { stopwatch.report(message) }
        let symbols = DemoTickers.first(options.symbols)
        let market = DemoMarket(options: options)
        let options = self.options
        let done = DemoCounter()
        let perSymbol = DemoParallel.map(symbols.count) { s -> SymbolRows in
            let result = DemoDataGenerator.symbolRows(market.bars(symbol: symbols[s]), options: options)
            let n = done.increment()
            if let progress, n % Swift.max(1, symbols.count / 10) == 0 || n == symbols.count {
                progress("bars, labels and features: \(n)/\(symbols.count) symbols")
            }
            return result
        }
        report("simulated \(symbols.count) symbols, \(perSymbol.reduce(0) { $0 + $1.bars.count }) bars")
        let table = DemoDataGenerator.assemble(perSymbol, symbols: symbols)
        for split in DemoSplit.allCases where !table.split.contains(split) {
            throw DemoDataError.insufficientData("the \(split) split has no rows; widen the date range")
        }
        report("assembled \(table.count) feature rows")

        // Windows of standardised features (training statistics), as the scoring engine builds them.
        let training = options.training
        let d = table.dimension
        let trainRows = table.rows(in: .train)
        let predictionRows = (0..<table.count).filter { table.split[$0] != .train }
        let standardizer = try DemoStandardizer(x: table.features, dimension: d, rows: trainRows)
        let z = standardizer.transform(table.features)
        let zFloat = z.map { Float($0) }
        let allTrain = DemoWindowSet(table: table, length: training.window, requested: trainRows)
        var sampler = SeededGenerator(seedString: "folio-demo/\(options.seed)/train-windows")
        let train = allTrain.subset(sampler.sampleIndices(count: training.trainWindows, from: allTrain.count))
        let val = DemoWindowSet(table: table, length: training.window, requested: table.rows(in: .val))
        let test = DemoWindowSet(table: table, length: training.window, requested: table.rows(in: .test))
        let unscored = (short: val.shortHistory.count + test.shortHistory.count, missing: val.missingFeature.count + test.missingFeature.count)
        report("windows of \(training.window) rows: \(train.count) of \(allTrain.count) train, \(val.count) val, \(test.count) test (\(unscored.short) val or test rows without enough history, \(unscored.missing) with a missing feature)")

        let data = DemoNetworkTrainer.Data(z: z, zFloat: zFloat, labels: table.label, features: DemoFeatures.names,
                                           scaler: standardizer, train: train, val: val)
        var fits: [DemoFit] = []
        for spec in training.networks {
            let fit = try DemoNetworkTrainer.fit(spec, window: training.window, data: data, seed: options.seed,
                                                 parallel: training.parallel, progress: progress)
            fits.append(fit)
            report("trained \(spec.kind.rawValue) trial \(spec.trialNumber) (\(fit.epochs.count) epochs, best \(fit.checkpoint.epoch), \(fit.checkpoint.parameterCount) parameters)")
        }
        let study = DemoHPOStudy.trials(seed: options.seed, fits: fits, training: training)

        // predictions.csv: every val and test row; a row without a window has no score.
        var positions = [Int](repeating: -1, count: table.count)
        for (k, i) in predictionRows.enumerated() { positions[i] = k }
        var predictions: [[Double]] = []
        for (m, checkpoint) in study.checkpoints.enumerated() {
            // Val rows: the logits the logged metrics came from; test rows: scored now.
            let testLogits = checkpoint.logits(features: zFloat, windows: test, parallel: training.parallel)
            var column = [Double](repeating: .nan, count: predictionRows.count)
            for (set, logits) in [(val, fits[m].valLogits), (test, testLogits)] {
                for (n, i) in set.tableRows.enumerated() {
                    column[positions[i]] = DemoDecimal.rounded(Double(DemoCheckpoint.sigmoid(logits[n])))
                }
            }
            predictions.append(column)
        }
        report("predicted \(val.count + test.count) of \(predictionRows.count) val and test rows")

        return DemoDataset(options: options, bars: perSymbol.map(\.bars), table: table, modelNames: training.networks.map { $0.kind.rawValue },
                           predictionRows: predictionRows, predictions: predictions, standardizer: standardizer,
                           fits: fits, checkpoints: study.checkpoints, trials: study.trials,
                           windowCounts: DemoDataset.WindowCounts(train: train.count, trainAvailable: allTrain.count, val: val.count,
                                                                  scored: val.count + test.count, shortHistory: unscored.short,
                                                                  missingFeature: unscored.missing))
    }

    /// Generates the data set and writes it to `directory` atomically (see
    /// ``DemoDataset/write(to:exporter:progress:)``), with this generator's exporter.
    public func write(to directory: URL, progress: DemoDataProgress? = nil) throws -> DemoDataSummary {
        let dataset = try generate(progress: progress)
        return try dataset.write(to: directory, exporter: exporter, progress: progress)
    }

    /// One symbol's bars and its feature rows.
    struct SymbolRows: Sendable {
        var bars: DemoBars
        var rows: [Int]
        var labels: [Int8]
        var splits: [DemoSplit]
        var features: [Double]
    }

    /// Labels every bar, keeps every stride-th labelled bar after the warm-up, computes the
    /// features of the kept bars.
    static func symbolRows(_ bars: DemoBars, options: DemoDataOptions) -> SymbolRows {
        let labels = barrierLabels(close: bars.close, spec: options.label)
        var rows: [Int] = []
        var rowLabels: [Int8] = []
        var splits: [DemoSplit] = []
        for t in options.warmUp..<Swift.max(options.warmUp, bars.count) {
            guard let label = labels[t] else { continue }
            let split = options.split(epochHour: bars.epochHours[t])
            guard t % options.strides[Int(split.rawValue)] == 0 else { continue }
            rows.append(t)
            rowLabels.append(label)
            splits.append(split)
        }
        return SymbolRows(bars: bars, rows: rows, labels: rowLabels, splits: splits,
                          features: DemoFeatures.compute(bars, at: rows))
    }

    /// Merges the symbols' rows into one table ordered by timestamp, then symbol.
    static func assemble(_ perSymbol: [SymbolRows], symbols: [String]) -> DemoFeatureTable {
        let d = DemoFeatures.count
        var keys: [Int] = []
        keys.reserveCapacity(perSymbol.reduce(0) { $0 + $1.rows.count })
        for (s, p) in perSymbol.enumerated() {
            for t in p.rows { keys.append(p.bars.epochHours[t] * 4096 + s) }
        }
        keys.sort()
        var cursor = [Int](repeating: 0, count: perSymbol.count)
        var table = DemoFeatureTable(symbols: symbols, epochHours: [], symbolIndex: [], barIndex: [], split: [], label: [], features: [])
        table.epochHours.reserveCapacity(keys.count)
        table.features.reserveCapacity(keys.count * d)
        for key in keys {
            let s = key & 4095
            let p = perSymbol[s]
            let r = cursor[s]
            cursor[s] += 1
            table.epochHours.append(key >> 12)
            table.symbolIndex.append(Int32(s))
            table.barIndex.append(Int32(p.rows[r]))
            table.split.append(p.splits[r])
            table.label.append(p.labels[r])
            table.features.append(contentsOf: p.features[(r * d)..<((r + 1) * d)])
        }
        return table
    }
}

/// A thread-safe counter for progress reports.
final class DemoCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
