import Foundation

/// The demo data set in memory: what ``DemoDataGenerator/generate(progress:)`` makes and
/// ``write(to:exporter:progress:)`` puts on disk in the data contract's layout:
///
/// ```
/// bars/<SYMBOL>.csv   timestamp,open,high,low,close,volume
/// features.csv        timestamp,symbol,split,label,<23 features>
/// predictions.csv     timestamp,symbol,split,label,mlp,lstm,gru
/// mlruns/             MLflow file store, experiment phase3_hpo; the three fitted trials'
///                     runs hold artifacts/model/ (config.yaml, scaler.json, metrics.json,
///                     model.onnx when an exporter is given)
/// ```
///
/// `predictions.csv` has a row per val and test row; a model's cell is empty (no score)
/// when the row has no full window of history or a missing feature in its window, as the
/// scoring engine does (see ``DemoWindowSet``). With the default options every val and test
/// row has a window.
public struct DemoDataset: Sendable {
    /// How many windows the models saw.
    public struct WindowCounts: Hashable, Sendable {
        /// Training windows sampled for the fits.
        public var train: Int
        /// Training rows with a window (the population sampled from).
        public var trainAvailable: Int
        /// Validation windows (every val row with a window): the rows of the logged metrics.
        public var val: Int
        /// Val and test rows with a score.
        public var scored: Int
        /// Val and test rows without a score: too little history.
        public var shortHistory: Int
        /// Val and test rows without a score: a missing feature in the window.
        public var missingFeature: Int
    }

    /// The options it was generated with.
    public var options: DemoDataOptions
    /// Each symbol's bars, in ticker order.
    public var bars: [DemoBars]
    /// The feature rows (timestamp, then symbol order).
    public var table: DemoFeatureTable
    /// The fitted models' names, the prediction columns (`mlp`, `lstm`, `gru`).
    public var modelNames: [String]
    /// The validation and test rows of `table`, in table order: the rows of `predictions.csv`.
    public var predictionRows: [Int]
    /// Per model, P(label = 1) of each prediction row, rounded to 6 significant digits as
    /// written; NaN (an empty cell) for a row without a window.
    public var predictions: [[Double]]
    /// The training statistics the models' inputs were standardised with.
    public var standardizer: DemoStandardizer
    /// The fits, in model order.
    public var fits: [DemoFit]
    /// The checkpoints, in model order, with run ids and logged params.
    public var checkpoints: [DemoCheckpoint]
    /// The HPO trials of the MLflow store.
    public var trials: [DemoHPOTrial]
    /// Window counts.
    public var windowCounts: WindowCounts

    /// The CSV text of `features.csv`.
    public func featuresCSV() -> [UInt8] {
        var header = "timestamp,symbol,split,label"
        for name in DemoFeatures.names { header += "," + name }
        let d = table.dimension
        return csv(header: header, rows: Array(0..<table.count)) { i, b in
            for j in 0..<d {
                b.append(0x2C)
                DemoCSV.appendNumber(table.features[i * d + j], to: &b)
            }
        }
    }

    /// The CSV text of `predictions.csv`.
    public func predictionsCSV() -> [UInt8] {
        var header = "timestamp,symbol,split,label"
        for name in modelNames { header += "," + name }
        var positions = [Int](repeating: -1, count: table.count)
        for (k, i) in predictionRows.enumerated() { positions[i] = k }
        let position = positions
        let columns = predictions
        return csv(header: header, rows: predictionRows) { i, b in
            let k = position[i]
            for column in columns {
                b.append(0x2C)
                DemoCSV.appendNumber(column[k], to: &b)
            }
        }
    }

    /// Rows formatted in parallel chunks, concatenated in order.
    private func csv(header: String, rows: [Int], cells: @escaping @Sendable (Int, inout [UInt8]) -> Void) -> [UInt8] {
        let table = self.table
        let symbolBytes = table.symbols.map { Array($0.utf8) }
        let splitBytes = DemoSplit.allCases.map { Array($0.description.utf8) }
        let chunks = DemoParallel.ranges(rows.count, chunks: 32)
        let parts = DemoParallel.map(chunks.count) { c -> [UInt8] in
            var b: [UInt8] = []
            b.reserveCapacity(chunks[c].count * 260)
            for r in chunks[c] {
                let i = rows[r]
                DemoDate.appendTimestamp(epochHour: table.epochHours[i], to: &b)
                b.append(0x2C)
                b.append(contentsOf: symbolBytes[Int(table.symbolIndex[i])])
                b.append(0x2C)
                b.append(contentsOf: splitBytes[Int(table.split[i].rawValue)])
                b.append(0x2C)
                b.append(table.label[i] == 1 ? 0x31 : 0x30)
                cells(i, &b)
                b.append(0x0A)
            }
            return b
        }
        var out = Array((header + "\n").utf8)
        out.reserveCapacity(out.count + parts.reduce(0) { $0 + $1.count })
        for p in parts { out.append(contentsOf: p) }
        return out
    }

    /// Writes the data set to `directory`, atomically: everything goes into a temporary
    /// sibling folder (`.<name>.partial`), which replaces `directory` by a rename at the end,
    /// so an interrupted run leaves the previous data set (or nothing) in place, never half
    /// of one.
    ///
    /// An existing `directory` is replaced only when it is empty or looks like a demo data
    /// set (has `features.csv` or `mlruns/`).
    ///
    /// - Throws: ``DemoDataError/refusingToOverwrite(path:)``, ``DemoDataError/io(path:message:)``.
    ///
    /// - Parameter exporter: writes each checkpoint's `artifacts/model/model.onnx`; nil
    ///   writes no ONNX file.
    public func write(to directory: URL, exporter: DemoModelExporter? = nil, progress: DemoDataProgress? = nil) throws -> DemoDataSummary {
        let fm = FileManager.default
        var stopwatch = DemoStopwatch(progress: progress)
        func report(_ message: String) { stopwatch.report(message) }
        let target = directory.standardizedFileURL
        let finalPath = target.path
        let parent = target.deletingLastPathComponent()
        let name = target.lastPathComponent
        var isDirectory: ObjCBool = false
        let exists = fm.fileExists(atPath: finalPath, isDirectory: &isDirectory)
        if exists {
            let contents = (try? fm.contentsOfDirectory(atPath: finalPath)) ?? ["?"]
            let looksLikeDemo = contents.contains("features.csv") || contents.contains("mlruns")
            guard isDirectory.boolValue, contents.isEmpty || looksLikeDemo else {
                throw DemoDataError.refusingToOverwrite(path: finalPath)
            }
        }
        try DemoFileIO.makeDirectory(parent.path)
        let temporary = parent.appendingPathComponent(".\(name).partial")
        if fm.fileExists(atPath: temporary.path) {
            do { try fm.removeItem(at: temporary) } catch {
                throw DemoDataError.io(path: temporary.path, message: "cannot remove a stale partial data set: \(error.localizedDescription)")
            }
        }
        var sizes: [String: Int] = [:]
        do {
            let barsDirectory = temporary.path + "/bars"
            try DemoFileIO.makeDirectory(barsDirectory)
            let bars = self.bars
            let barResults = DemoParallel.map(bars.count) { s -> Result<Int, DemoDataError> in
                let bytes = bars[s].csvBytes()
                do {
                    try DemoFileIO.write(bytes, to: barsDirectory + "/" + bars[s].symbol + ".csv")
                    return .success(bytes.count)
                } catch let error as DemoDataError {
                    return .failure(error)
                } catch {
                    return .failure(.io(path: barsDirectory, message: "\(error)"))
                }
            }
            sizes["bars"] = try barResults.reduce(0) { $0 + (try $1.get()) }
            report("wrote bars/ (\(bars.count) files)")

            let features = featuresCSV()
            try DemoFileIO.write(features, to: temporary.path + "/features.csv")
            sizes["features.csv"] = features.count
            report("wrote features.csv (\(table.count) rows)")
            let predictionBytes = predictionsCSV()
            try DemoFileIO.write(predictionBytes, to: temporary.path + "/predictions.csv")
            sizes["predictions.csv"] = predictionBytes.count
            report("wrote predictions.csv (\(predictionRows.count) rows)")
            try DemoMLflowStore.write(trials: trials, checkpoints: checkpoints, exporter: exporter,
                                      to: temporary.appendingPathComponent("mlruns"), finalPath: finalPath + "/mlruns")
            report("wrote mlruns/ (\(trials.count) runs, \(checkpoints.count) with a checkpoint\(exporter == nil ? ", no model.onnx" : ""))")
        } catch {
            // Leave nothing half-written behind (the previous data set stays in place).
            try? fm.removeItem(at: temporary)
            throw error
        }
        // Swap into place.
        let old = parent.appendingPathComponent(".\(name).old")
        do {
            if fm.fileExists(atPath: old.path) { try fm.removeItem(at: old) }
            if exists { try fm.moveItem(at: target, to: old) }
            try fm.moveItem(at: temporary, to: target)
            if exists { try fm.removeItem(at: old) }
        } catch {
            throw DemoDataError.io(path: finalPath, message: "cannot move the new data set into place: \(error.localizedDescription)")
        }
        return summary(fileSizes: sizes)
    }

    /// Row counts, label rates and model quality, without writing anything.
    public func summary(fileSizes: [String: Int] = [:]) -> DemoDataSummary {
        var rows: [String: Int] = [:]
        var positives: [String: Int] = [:]
        for i in 0..<table.count {
            let s = table.split[i].description
            rows[s, default: 0] += 1
            if table.label[i] == 1 { positives[s, default: 0] += 1 }
        }
        var auc: [String: [String: Double]] = [:]
        for split in [DemoSplit.val, .test] {
            for (m, name) in modelNames.enumerated() {
                let idx = predictionRows.indices.filter { table.split[predictionRows[$0]] == split && !predictions[m][$0].isNaN }
                auc[name, default: [:]][split.description] = DemoMetrics.rocAUC(
                    labels: idx.map { table.label[predictionRows[$0]] }, scores: idx.map { predictions[m][$0] })
            }
        }
        var models: [DemoDataSummary.Model] = []
        for (m, name) in modelNames.enumerated() where m < checkpoints.count {
            let c = checkpoints[m]
            models.append(DemoDataSummary.Model(
                name: name, trial: c.trialNumber, epoch: c.epoch, epochsRun: fits[m].epochs.count, parameters: c.parameterCount,
                valF1: c.valMetrics["val_f1"] ?? .nan, valPrecision: c.valMetrics["val_precision"] ?? .nan,
                valRecall: c.valMetrics["val_recall"] ?? .nan, rocAUC: auc[name] ?? [:]))
        }
        return DemoDataSummary(
            symbols: bars.count, bars: bars.reduce(0) { $0 + $1.count }, rowsPerSplit: rows, positivesPerSplit: positives,
            models: models, windows: windowCounts, fileSizes: fileSizes)
    }
}
