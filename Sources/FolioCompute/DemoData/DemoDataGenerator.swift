import Foundation

/// Progress messages of a long demo-data run (a line of text each, for standard error).
public typealias DemoDataProgress = @Sendable (String) -> Void

/// Generates the demo data set of `folio demo-data`: bars, features, labels, three fitted
/// models' predictions and an MLflow store of HPO trials (see ``DemoDataset``).
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

    /// Names of the fitted models, in `predictions.csv` column order.
    public static let modelNames = ["logreg", "mlp", "window_logreg"]
    /// How many earlier rows of a symbol `window_logreg` averages.
    public static let window = 8

    /// - Throws: ``DemoDataError/invalidOption(_:)`` for invalid options.
    public init(options: DemoDataOptions) throws {
        try options.validate()
        self.options = options
    }

    /// Generates the whole data set in memory.
    ///
    /// - Throws: ``DemoDataError/insufficientData(_:)`` when the options leave a split
    ///   without rows or the training rows with a single class.
    /// - Complexity: O(symbols * hours) for bars, labels and features (symbols in parallel),
    ///   then the model fits (see ``DemoLogisticModel``, ``DemoMLPModel``).
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

        // Models: trained on the training rows only, features standardised with training statistics.
        let d = table.dimension
        let trainRows = table.rows(in: .train)
        let predictionRows = (0..<table.count).filter { table.split[$0] != .train }
        let standardizer = try DemoStandardizer(x: table.features, dimension: d, rows: trainRows)
        let z = standardizer.transform(table.features)
        let logistic = try DemoLogisticModel.fit(x: z, dimension: d, y: table.label, rows: trainRows)
        report("fitted logreg (\(logistic.iterations) Newton iterations)")
        let mlp = try DemoMLPModel.fit(x: z, dimension: d, y: table.label, rows: trainRows,
                                       settings: .scaled(toRows: trainRows.count, seed: options.seed))
        report("trained mlp (\(mlp.epochLosses.count) epochs)")
        let previous = table.previousRows(window: DemoDataGenerator.window)
        let windowInputs = DemoWindowLogisticModel.inputs(x: z, dimension: d, previous: previous)
        let window = DemoWindowLogisticModel(
            window: DemoDataGenerator.window,
            logistic: try DemoLogisticModel.fit(x: windowInputs, dimension: 2 * d, y: table.label, rows: trainRows))
        report("fitted window_logreg (\(window.logistic.iterations) Newton iterations)")

        let trainProbabilities = [
            logistic.probabilities(x: z, rows: trainRows),
            mlp.probabilities(x: z, rows: trainRows),
            window.logistic.probabilities(x: windowInputs, rows: trainRows),
        ]
        let predictions = [
            logistic.probabilities(x: z, rows: predictionRows),
            mlp.probabilities(x: z, rows: predictionRows),
            window.logistic.probabilities(x: windowInputs, rows: predictionRows),
        ].map { column in column.map { DemoDecimal.rounded(Swift.min(1, Swift.max(0, $0))) } }
        report("predicted \(predictionRows.count) val and test rows")

        return DemoDataset(options: options, bars: perSymbol.map(\.bars), table: table, modelNames: DemoDataGenerator.modelNames,
                           trainRows: trainRows, trainProbabilities: trainProbabilities,
                           predictionRows: predictionRows, predictions: predictions,
                           standardizer: standardizer, logistic: logistic, mlp: mlp, windowModel: window,
                           trials: DemoHPOStudy.trials(seed: options.seed))
    }

    /// Generates the data set and writes it to `directory` atomically (see
    /// ``DemoDataset/write(to:progress:)``).
    public func write(to directory: URL, progress: DemoDataProgress? = nil) throws -> DemoDataSummary {
        let dataset = try generate(progress: progress)
        return try dataset.write(to: directory, progress: progress)
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
