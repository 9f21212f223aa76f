@testable import FolioCompute

/// A seeded synthetic universe for property tests and the benchmark: one 24/7 symbol
/// (`BTCUSD`) and equities trading weekdays 14:00-20:00 UTC (7 hourly bars a day), with
/// gaps, random missing bars, and random-walk prices volatile enough to hit the barriers.
struct SyntheticMarket {
    var series: [PriceSeries]
    var symbols: [String]
    var timestamps: [Int64]
    /// One probability column per model, one value per signal row.
    var probabilities: [[Double]]

    init(equities: Int, days: Int, models: Int = 1, seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let start: Int64 = 1_704_067_200  // Monday 2024-01-01
        var series: [PriceSeries] = []
        var symbols: [String] = [], stamps: [Int64] = []
        var columns = [[Double]](repeating: [], count: models)
        for k in 0...equities {
            let name = k == equities ? "BTCUSD" : "EQ" + String(k + 1000)
            var times: [Int64] = []
            for d in 0..<days {
                let day = start + Int64(d) * 86_400
                if k == equities {
                    for h in 0..<24 { times.append(day + Int64(h) * 3_600) }
                } else if Annualization.weekday(ofDay: Annualization.day(of: day)) < 5 {
                    for h in 14...20 where rng.nextUniform() > 0.03 { times.append(day + Int64(h) * 3_600) }
                }
            }
            let vol = k == equities ? 0.008 : 0.012
            var o = [Double](), h = [Double](), l = [Double](), c = [Double]()
            var previous = 50 + 100 * rng.nextUniform()
            for _ in times {
                let open = previous * (1 + 0.004 * rng.nextNormal())
                let close = open * (1 + vol * rng.nextNormal())
                o.append(open)
                c.append(close)
                h.append(max(open, close) * (1 + abs(0.006 * rng.nextNormal())))
                l.append(min(open, close) * (1 - abs(0.006 * rng.nextNormal())))
                previous = close
            }
            series.append(try PriceSeries(symbol: name, timestamps: times, open: o, high: h, low: l, close: c))
            for t in times {
                symbols.append(name)
                stamps.append(t)
                for m in 0..<models { columns[m].append(rng.nextUniform()) }
            }
        }
        self.series = series
        self.symbols = symbols
        self.timestamps = stamps
        self.probabilities = columns
    }
}
