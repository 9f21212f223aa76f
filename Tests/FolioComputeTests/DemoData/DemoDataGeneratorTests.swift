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

    /// Predictions: one row per val and test row, every value in [0, 1].
    @Test func predictionsAreProbabilities() throws {
        let data = try SmallDemo.dataset()
        #expect(data.modelNames == ["logreg", "mlp", "window_logreg"])
        #expect(data.predictionRows == (0..<data.table.count).filter { data.table.split[$0] != .train })
        for column in data.predictions {
            #expect(column.count == data.predictionRows.count)
            #expect(column.allSatisfy { $0 >= 0 && $0 <= 1 })
            #expect(Set(column).count > column.count / 2)  // not a constant
        }
    }

    /// Every fitted model beats the constant base-rate prediction on the training rows.
    @Test func modelsBeatAConstantOnTrain() throws {
        let data = try SmallDemo.dataset()
        let summary = data.summary()
        for name in data.modelNames {
            let loss = try #require(summary.trainLogLoss[name])
            #expect(loss < summary.baseRateLogLoss, "\(name): \(loss) vs \(summary.baseRateLogLoss)")
        }
        #expect(summary.rowsPerSplit.values.reduce(0, +) == data.table.count)
    }

    /// The same options give the same data set; another seed gives another.
    @Test func generationIsDeterministic() throws {
        let data = try SmallDemo.dataset()
        let again = try DemoDataGenerator(options: SmallDemo.options).generate()
        #expect(again.featuresCSV() == data.featuresCSV())
        #expect(again.predictionsCSV() == data.predictionsCSV())
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

    /// The HPO study: 100 trials, 62/72/93 the best of their types with the plan's values.
    @Test func hpoStudyHasThePlansBestTrials() {
        let trials = DemoHPOStudy.trials(seed: 42)
        #expect(trials.count == 100)
        #expect(Set(trials.map(\.runID)).count == 100)
        var bestByType: [String: DemoHPOTrial] = [:]
        for t in trials {
            guard let b = t.bestEpoch else { continue }
            if let current = bestByType[t.modelType], let cb = current.bestEpoch, cb.valF1 >= b.valF1 { continue }
            bestByType[t.modelType] = t
        }
        let expected: [(String, Int, Int, Double, Double)] = [("lstm", 62, 1, 0.329, 0.63), ("mlp", 72, 3, 0.355, 0.517), ("gru", 93, 4, 0.334, 0.549)]
        for (type, number, epoch, f1, recall) in expected {
            let t = bestByType[type]
            #expect(t?.number == number)
            #expect(t?.bestEpoch?.step == epoch)
            #expect(t?.bestEpoch?.valF1 == f1)
            #expect(t?.bestEpoch?.valRecall == recall)
        }
        for t in trials {
            for e in t.epochs {
                let f = 2 * e.valPrecision * e.valRecall / (e.valPrecision + e.valRecall)
                #expect(f.isApproximatelyEqual(to: e.valF1, relativeTolerance: 1e-5))
                #expect(e.valPrecision > 0 && e.valPrecision < 1)
            }
        }
        #expect(trials.filter { $0.status == .failed }.count == 2)
        #expect(DemoHPOStudy.trials(seed: 42) == trials)
    }
}
