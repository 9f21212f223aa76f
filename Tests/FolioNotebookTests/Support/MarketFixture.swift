import FolioCompute
import Foundation

/// A small seeded market for the `backtest` and `label-audit` tests: hourly bars (around
/// the clock) of a few symbols as `bars/<SYMBOL>.csv`, feature rows with barrier labels and
/// a split, and predictions.
struct MarketFixture {
    struct Bars {
        var symbol: String
        var times: [Int64]
        var open: [Double], high: [Double], low: [Double], close: [Double]
    }

    var bars: [Bars] = []
    /// 2024-01-01T00:00:00Z.
    static let start: Int64 = 1_704_067_200

    init(symbols: [String] = ["AAA", "BBB", "CCC"], count: Int = 400, seed: UInt64 = 7) {
        var rng = SeededGenerator(seed: seed)
        for symbol in symbols {
            var o: [Double] = [], h: [Double] = [], l: [Double] = [], c: [Double] = []
            var previous = 100.0
            for _ in 0..<count {
                let open = previous * (1 + 0.002 * rng.nextNormal())
                let close = open * (1 + 0.015 * rng.nextNormal())
                o.append(open); c.append(close)
                h.append(max(open, close) * (1 + abs(0.004 * rng.nextNormal())))
                l.append(min(open, close) * (1 - abs(0.004 * rng.nextNormal())))
                previous = close
            }
            bars.append(Bars(symbol: symbol, times: (0..<count).map { Self.start + Int64($0) * 3_600 }, open: o, high: h, low: l, close: c))
        }
    }

    static func iso(_ t: Int64) -> String { TimestampParser.string(from: t) }

    /// `bars/<SYMBOL>.csv` files under `folder`.
    func barFiles(folder: String = "data/bars") -> [String: String] {
        var files: [String: String] = [:]
        for b in bars {
            var text = "timestamp,open,high,low,close,volume\n"
            for i in b.times.indices {
                text += "\(Self.iso(b.times[i])),\(b.open[i]),\(b.high[i]),\(b.low[i]),\(b.close[i]),1000\n"
            }
            files["\(folder)/\(b.symbol).csv"] = text
        }
        return files
    }

    /// One feature/prediction row.
    struct Row {
        var symbol: Int
        var bar: Int
        var split: String
        var label: Int8
    }

    /// Rows every `every` bars from bar 30 while the label window is complete, ordered by
    /// time then symbol; splits by bar: train < 60%, val < 80%, test after.
    func rows(spec: BarrierSpec = .contract, every: Int = 2) -> [Row] {
        var out: [Row] = []
        let count = bars[0].close.count
        let labels = bars.map { barrierLabels(close: $0.close, spec: spec) }
        for t in stride(from: 30, to: count, by: every) {
            for s in bars.indices {
                guard let label = labels[s][t] else { continue }
                let split = t < count * 6 / 10 ? "train" : t < count * 8 / 10 ? "val" : "test"
                out.append(Row(symbol: s, bar: t, split: split, label: label))
            }
        }
        return out
    }

    /// `features.csv`: `timestamp,symbol,split,label,ret_4,noise` plus `leak` (the log
    /// return of the next 24 bars) when asked; `labelShift` computes the stored label at
    /// another bar (a look-ahead bug); `flip` lists rows whose label is inverted.
    func featuresCSV(rows: [Row], leak: Bool = false, labelShift: Int = 0, flip: Set<Int> = [], spec: BarrierSpec = .contract) -> String {
        var rng = SeededGenerator(seed: 99)
        let labels = bars.map { barrierLabels(close: $0.close, spec: spec) }
        var text = "timestamp,symbol,split,label,ret_4,noise\(leak ? ",leak" : "")\n"
        for (k, r) in rows.enumerated() {
            let b = bars[r.symbol]
            var label = labelShift == 0 ? r.label : (labels[r.symbol][r.bar + labelShift] ?? 0)
            if flip.contains(k) { label = 1 - label }
            let ret4 = log(b.close[r.bar] / b.close[r.bar - 4])
            text += "\(Self.iso(b.times[r.bar])),\(b.symbol),\(r.split),\(label),\(ret4),\(rng.nextNormal())"
            if leak {
                let future = r.bar + 24 < b.close.count ? "\(log(b.close[r.bar + 24] / b.close[r.bar]))" : ""
                text += ",\(future)"
            }
            text += "\n"
        }
        return text
    }

    /// `predictions.csv` of the val and test rows: `good` is high for labels of 1, `coin` is
    /// noise; `override` sets a row's `good` value (by its index among the written rows).
    func predictionsCSV(rows: [Row], override: [Int: String] = [:], splits: Set<String> = ["val", "test"]) -> String {
        var rng = SeededGenerator(seed: 5)
        var text = "timestamp,symbol,split,label,good,coin\n"
        var written = 0
        for r in rows where splits.contains(r.split) {
            let good = r.label == 1 ? 0.6 + 0.3 * rng.nextUniform() : 0.5 * rng.nextUniform()
            let value = override[written] ?? "\(good)"
            text += "\(Self.iso(bars[r.symbol].times[r.bar])),\(bars[r.symbol].symbol),\(r.split),\(r.label),\(value),\(rng.nextUniform())\n"
            written += 1
        }
        return text
    }
}
