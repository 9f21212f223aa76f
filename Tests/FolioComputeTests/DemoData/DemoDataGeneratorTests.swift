import Foundation
import Numerics
import Testing
@testable import FolioCompute

@Suite struct DemoDataGeneratorTests {
    /// Every row's label agrees with a plain loop over its symbol's closes (+5% before -2%
    /// within 24 bars after the row's bar), and no row's horizon runs past the data.
    @Test func labelsAgreeWithBruteForce() throws {
        let data = try SmallDemo.dataset()
        let table = data.table
        #expect(table.count > 5000)
        for i in 0..<table.count {
            let close = data.bars[Int(table.symbolIndex[i])].close
            let t = Int(table.barIndex[i])
            #expect(t + 24 < close.count)
            var expected: Int8 = 0
            for k in 1...24 {
                let r = close[t + k] / close[t]
                if r >= 1.05 { expected = 1; break }
                if r <= 0.98 { break }
            }
            #expect(table.label[i] == expected, "row \(i)")
        }
        let rate = Double(table.label.filter { $0 == 1 }.count) / Double(table.count)
        #expect(rate > 0.03 && rate < 0.5)
    }

    /// Perturbing every bar after bar t changes no feature at or before t.
    @Test(arguments: [0, 1, 2, 3, 4])
    func featuresUseNoFutureBar(symbol: Int) throws {
        let data = try SmallDemo.dataset()
        let bars = data.bars[symbol]
        var rng = SeededGenerator(seed: UInt64(100 + symbol))
        for _ in 0..<4 {
            let t = 168 + rng.nextInt(below: bars.count - 200)
            let rows = [168, (168 + t) / 2, t - 1, t]
            let original = DemoFeatures.compute(bars, at: rows + [bars.count - 1])
            var changed = bars
            for i in (t + 1)..<bars.count {
                let f = 1 + 0.2 * (rng.nextUniform() - 0.5)
                changed.open[i] *= f
                changed.close[i] *= 1 / f
                changed.high[i] = Swift.max(changed.open[i], changed.close[i]) * 1.01
                changed.low[i] = Swift.min(changed.open[i], changed.close[i]) * 0.99
                changed.volume[i] *= 3
            }
            let after = DemoFeatures.compute(changed, at: rows + [bars.count - 1])
            let d = DemoFeatures.count
            #expect(Array(after[0..<(4 * d)]) == Array(original[0..<(4 * d)]))
            // The test can fail: the last row's features do see the changes.
            #expect(Array(after[(4 * d)...]) != Array(original[(4 * d)...]))
        }
    }

    /// Features against independent, direct formulas (to the 6 significant digits written).
    @Test func featuresMatchTheirDefinitions() throws {
        let data = try SmallDemo.dataset()
        let table = data.table
        let d = table.dimension
        let name = Dictionary(uniqueKeysWithValues: DemoFeatures.names.enumerated().map { ($1, $0) })
        #expect(DemoFeatures.count == 23)
        #expect(Set(DemoFeatures.names).count == 23)
        func close(_ a: Double, _ b: Double) -> Bool {
            a.isApproximatelyEqual(to: b, absoluteTolerance: 1e-12, relativeTolerance: 1e-5)
        }
        for i in stride(from: 0, to: table.count, by: 97) {
            let bars = data.bars[Int(table.symbolIndex[i])]
            let t = Int(table.barIndex[i])
            let c = bars.close
            let f = Array(table.features[(i * d)..<((i + 1) * d)])
            #expect(f.allSatisfy { $0.isFinite })
            #expect(close(f[name["ret_1"]!], Foundation.log(c[t] / c[t - 1])))
            #expect(close(f[name["ret_24"]!], Foundation.log(c[t] / c[t - 24])))
            let returns = ((t - 23)...t).map { Foundation.log(c[$0] / c[$0 - 1]) }
            let mean = returns.reduce(0, +) / 24
            let sd = (returns.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 23).squareRoot()
            #expect(close(f[name["vol_24"]!], sd))
            let sma168 = c[(t - 167)...t].reduce(0, +) / 168
            #expect(close(f[name["close_sma_168"]!], c[t] / sma168 - 1))
            #expect(close(f[name["drawdown_72"]!], c[t] / c[(t - 71)...t].max()! - 1))
            #expect(close(f[name["hl_range"]!], (bars.high[t] - bars.low[t]) / c[t]))
            let window = c[(t - 19)...t]
            let m20 = window.reduce(0, +) / 20
            let sd20 = (window.map { ($0 - m20) * ($0 - m20) }.reduce(0, +) / 20).squareRoot()
            #expect(close(f[name["bb_pctb_20"]!], (c[t] - m20 + 2 * sd20) / (4 * sd20)))
            let hour = ((table.epochHours[i] % 24) + 24) % 24
            #expect(close(f[name["hour_sin"]!], Foundation.sin(2 * Double.pi * Double(hour) / 24)))
            let rsi = f[name["rsi_14"]!]
            #expect(rsi >= 0 && rsi <= 100)
        }
    }

    /// Splits follow the timestamps; rows are ordered by timestamp, then symbol.
    @Test func splitsAreByTime() throws {
        let data = try SmallDemo.dataset()
        let table = data.table
        let valStart = data.options.valStart.epochHour
        let testStart = data.options.testStart.epochHour
        for i in 0..<table.count {
            let h = table.epochHours[i]
            let expected: DemoSplit = h < valStart ? .train : (h < testStart ? .val : .test)
            #expect(table.split[i] == expected)
            if i > 0 {
                let previous = (table.epochHours[i - 1], table.symbolIndex[i - 1])
                #expect(previous < (h, table.symbolIndex[i]))
            }
        }
        for split in DemoSplit.allCases { #expect(table.split.contains(split)) }
        // The default strides: every 2nd bar in train and val, every 4th in test.
        for i in 0..<table.count {
            #expect(Int(table.barIndex[i]) % data.options.strides[Int(table.split[i].rawValue)] == 0)
            #expect(Int(table.barIndex[i]) >= data.options.warmUp)
        }
    }

    /// Bars are consistent: high >= max(open, close), low <= min(open, close), positive
    /// volume, stocks on weekdays 14:00-20:00 UTC, BTCUSD every hour.
    @Test func barsAreConsistent() throws {
        let data = try SmallDemo.dataset()
        #expect(data.bars.map(\.symbol) == ["AAPL", "MSFT", "NVDA", "SPY", "BTCUSD"])
        for bars in data.bars {
            for i in 0..<bars.count {
                #expect(bars.high[i] >= Swift.max(bars.open[i], bars.close[i]))
                #expect(bars.low[i] <= Swift.min(bars.open[i], bars.close[i]))
                #expect(bars.low[i] > 0 && bars.volume[i] > 0)
                if i > 0 { #expect(bars.epochHours[i] > bars.epochHours[i - 1]) }
                #expect(bars.isCrypto || DemoMarket.isStockHour(epochHour: bars.epochHours[i]))
            }
            let days = (data.options.end.daysSinceEpoch - data.options.start.daysSinceEpoch + 1)
            if bars.isCrypto { #expect(bars.count == days * 24) }
        }
    }

    /// Predictions: one row per val and test row, every value in [0, 1]; every val and test
    /// row has a full window of history (from earlier splits where needed) without a
    /// missing feature, so every cell has a score.
    @Test func predictionsAreProbabilities() throws {
        let data = try SmallDemo.dataset()
        #expect(data.modelNames == ["mlp", "lstm", "gru"])
        #expect(data.predictionRows == (0..<data.table.count).filter { data.table.split[$0] != .train })
        #expect(data.windowCounts.shortHistory == 0 && data.windowCounts.missingFeature == 0)
        #expect(data.windowCounts.scored == data.predictionRows.count)
        #expect(data.windowCounts.val == data.table.rows(in: .val).count)
        #expect(data.table.features.allSatisfy { $0.isFinite })
        for column in data.predictions {
            #expect(column.count == data.predictionRows.count)
            #expect(column.allSatisfy { $0 >= 0 && $0 <= 1 })
            #expect(Set(column).count > column.count / 2)  // not a constant
        }
    }

    /// The windows of one symbol, built here from the table directly (independently of
    /// `DemoWindowSet`): T consecutive rows of the symbol ending at each row.
    static func windows(_ data: DemoDataset, rows: [Int], length t: Int) -> [Float] {
        var bySymbol: [Int32: [Int]] = [:]
        var position: [Int: Int] = [:]
        for i in 0..<data.table.count {
            position[i] = bySymbol[data.table.symbolIndex[i], default: []].count
            bySymbol[data.table.symbolIndex[i], default: []].append(i)
        }
        let d = data.table.dimension
        var out: [Float] = []
        for i in rows {
            let list = bySymbol[data.table.symbolIndex[i]]!
            let p = position[i]!
            for r in list[(p - t + 1)...p] {
                for j in 0..<d {
                    out.append(Float((data.table.features[r * d + j] - data.standardizer.mean[j]) / data.standardizer.scale[j]))
                }
            }
        }
        return out
    }

    /// Task 2 of the plan for real: the logged val metrics of each checkpoint's epoch are
    /// recomputed from its saved weights on every val window (threshold 0.5); a corrupted
    /// weight fails the ±0.5% check.
    @Test func loggedMetricsAreTheCheckpointsOwn() throws {
        let data = try SmallDemo.dataset()
        let valRows = data.table.rows(in: .val)
        let labels = valRows.map { data.table.label[$0] }
        let windows = Self.windows(data, rows: valRows, length: SmallDemo.training.window)
        func metrics(_ c: DemoCheckpoint) -> (f1: Double, precision: Double, recall: Double) {
            let p = c.probabilities(windows: windows, count: valRows.count)
            var tp = 0.0, fp = 0.0, fn = 0.0
            for (y, s) in zip(labels, p) {
                if s >= 0.5 { if y == 1 { tp += 1 } else { fp += 1 } } else if y == 1 { fn += 1 }
            }
            return (2 * tp / (2 * tp + fp + fn), tp / (tp + fp), tp / (tp + fn))
        }
        for (m, checkpoint) in data.checkpoints.enumerated() {
            let trial = try #require(data.trials.first { $0.runID == checkpoint.runID })
            #expect(trial.number == SmallDemo.training.networks[m].trialNumber)
            #expect(trial.modelType == checkpoint.kind.rawValue)
            let logged = try #require(trial.bestEpoch)
            #expect(logged.step == checkpoint.epoch)
            let recomputed = metrics(checkpoint)
            // Equal to the 15 significant digits logged.
            #expect(recomputed.f1.isApproximatelyEqual(to: logged.valF1, relativeTolerance: 1e-14))
            #expect(recomputed.precision.isApproximatelyEqual(to: logged.valPrecision, relativeTolerance: 1e-14))
            #expect(recomputed.recall.isApproximatelyEqual(to: logged.valRecall, relativeTolerance: 1e-14))
            #expect(checkpoint.valMetrics["val_f1"] == logged.valF1)
            // The predictions written for val rows are this checkpoint's, rounded.
            let p = checkpoint.probabilities(windows: windows, count: valRows.count)
            let k = data.predictionRows.firstIndex(of: valRows[0])!
            #expect(data.predictions[m][k] == DemoDecimal.rounded(Double(p[0])))
            // A corrupted weight no longer reproduces the logged metrics.
            var corrupted = checkpoint
            if corrupted.kind == .mlp {
                corrupted.denseLayers[0].weight = corrupted.denseLayers[0].weight.map { -$0 }
            } else {
                corrupted.recurrentLayers[0].w = corrupted.recurrentLayers[0].w.map { -$0 }
            }
            let bad = metrics(corrupted)
            #expect(abs(bad.f1 - logged.valF1) > 0.005 * logged.valF1)
        }
    }

    /// The logged params describe the trained networks.
    @Test func loggedParamsDescribeTheCheckpoints() throws {
        let data = try SmallDemo.dataset()
        for (m, spec) in SmallDemo.training.networks.enumerated() {
            let c = data.checkpoints[m]
            let p = c.hyperParameters
            #expect(p["model_type"] == spec.kind.rawValue)
            #expect(p["hidden_size"] == String(spec.hiddenSize))
            #expect(p["num_layers"] == String(spec.numLayers))
            #expect(p["sequence_length"] == "24" && c.window == 24)
            #expect(p["batch_size"] == String(spec.batchSize))
            #expect(Double(p["learning_rate"]!) == spec.learningRate)
            #expect(Double(p["weight_decay"]!) == spec.weightDecay)
            #expect(Double(p["dropout"]!) == spec.dropout)
            #expect(p["max_epochs"] == String(spec.maxEpochs))
            #expect(data.fits[m].epochs.count <= spec.maxEpochs)
            #expect(Double(p["pos_weight"]!)! > 5)
            if c.kind == .mlp {
                #expect(c.denseLayers.count == spec.numLayers + 1)
                #expect(c.denseLayers[0].inputSize == 24 * 23 && c.denseLayers[0].outputSize == spec.hiddenSize)
            } else {
                #expect(c.recurrentLayers.count == spec.numLayers)
                #expect(c.recurrentLayers.allSatisfy { $0.hiddenSize == spec.hiddenSize })
                #expect(c.recurrentLayers[0].w.count == c.kind.gateCount * spec.hiddenSize * 23)
            }
            #expect(c.features == DemoFeatures.names)
            #expect(c.scalerMean == data.standardizer.mean && c.scalerScale == data.standardizer.scale)
        }
    }

    /// The same options give the same data set; another seed gives another.
    @Test func generationIsDeterministic() throws {
        let data = try SmallDemo.dataset()
        let again = try DemoDataGenerator(options: SmallDemo.options).generate()
        #expect(again.featuresCSV() == data.featuresCSV())
        #expect(again.predictionsCSV() == data.predictionsCSV())
        #expect(again.checkpoints == data.checkpoints)
        // One core or all: the same networks.
        var serial = SmallDemo.options
        serial.training.parallel = false
        let one = try DemoDataGenerator(options: serial).generate()
        #expect(one.checkpoints == data.checkpoints)
        #expect(one.predictionsCSV() == data.predictionsCSV())
        #expect(again.bars.map { $0.csvBytes() } == data.bars.map { $0.csvBytes() })
        var other = SmallDemo.options
        other.seed = 43
        let market = DemoMarket(options: other)
        #expect(market.bars(symbol: "AAPL").close != data.bars[0].close)
        // A symbol's bars do not depend on the number of symbols.
        var fewer = SmallDemo.options
        fewer.symbols = 1
        #expect(DemoMarket(options: fewer).bars(symbol: "AAPL").close == data.bars[0].close)
    }

    @Test func invalidOptionsThrow() {
        var o = DemoDataOptions(symbols: 0)
        #expect(throws: DemoDataError.self) { try DemoDataGenerator(options: o) }
        o = DemoDataOptions()
        o.end = o.start
        #expect(throws: DemoDataError.self) { try DemoDataGenerator(options: o) }
        o = DemoDataOptions()
        o.end = DemoDate(year: 2023, month: 6, day: 1)!
        #expect(throws: DemoDataError.self) { try DemoDataGenerator(options: o) }
        o = DemoDataOptions()
        o.strides = [2, 0, 4]
        #expect(throws: DemoDataError.self) { try DemoDataGenerator(options: o) }
    }

    /// A range with too few bars for a split to get rows is an error, not an empty file.
    @Test func emptySplitThrows() throws {
        var o = DemoDataOptions(symbols: 1)
        o.start = DemoDate(year: 2023, month: 3, day: 1)!
        o.valStart = DemoDate(year: 2023, month: 3, day: 2)!
        o.testStart = DemoDate(year: 2023, month: 3, day: 3)!
        o.end = DemoDate(year: 2023, month: 3, day: 10)!
        #expect(throws: DemoDataError.self) { try DemoDataGenerator(options: o).generate() }
    }

    /// The HPO study: 100 trials; the fitted trials are the best of their types, the
    /// simulated ones peak strictly below them; F1 is consistent with precision and recall.
    @Test func hpoStudyRanksTheFittedTrialsFirst() throws {
        let data = try SmallDemo.dataset()
        let trials = data.trials
        #expect(trials.count == 100)
        #expect(Set(trials.map(\.runID)).count == 100)
        var bestByType: [String: DemoHPOTrial] = [:]
        for t in trials {
            guard let b = t.bestEpoch else { continue }
            if let current = bestByType[t.modelType], let cb = current.bestEpoch, cb.valF1 >= b.valF1 { continue }
            bestByType[t.modelType] = t
        }
        for c in data.checkpoints {
            let t = try #require(bestByType[c.kind.rawValue])
            #expect(t.number == c.trialNumber)
            #expect(t.bestEpoch?.step == c.epoch)
            for other in trials where other.modelType == t.modelType && other.number != t.number {
                #expect((other.bestEpoch?.valF1 ?? 0) < t.bestEpoch!.valF1)
            }
        }
        let overall = trials.compactMap { t in t.bestEpoch.map { (t.number, $0.valF1) } }.max { $0.1 < $1.1 }!
        let realBest = data.checkpoints.max { $0.valMetrics["val_f1"]! < $1.valMetrics["val_f1"]! }!
        #expect(overall.0 == realBest.trialNumber)
        for t in trials {
            for e in t.epochs where e.valF1 > 0 {
                let f = 2 * e.valPrecision * e.valRecall / (e.valPrecision + e.valRecall)
                #expect(f.isApproximatelyEqual(to: e.valF1, relativeTolerance: 1e-5))
                #expect(e.valPrecision > 0 && e.valPrecision <= 1)
            }
        }
        #expect(trials.filter { $0.status == .failed }.count == 2)
        let again = DemoHPOStudy.trials(seed: 42, fits: data.fits, training: SmallDemo.training)
        #expect(again.trials == trials && again.checkpoints == data.checkpoints)
    }
}
