/// The simulated market behind the demo data: a market factor on a 24-hour clock and, per
/// symbol, a regime-switching geometric Brownian motion with jumps on that symbol's
/// trading calendar.
///
/// The model, per bar of symbol `s` starting at hour `h`:
///
/// - Market factor `m[h] = mu_era / 8760 + 0.18 / sqrt(8760) * w(h) * v_era * R_m(h) * z`,
///   where `w` is 1.6 in US trading hours (weekdays 14:00-20:00 UTC) and 0.55 outside,
///   and `R_m` is a two-state Markov regime (calm 0.8, stress 1.8; a calm hour turns to
///   stress with probability 1/720, stress ends with probability 1/168).
/// - Log return of the bar: `alpha_s / B + beta_s * m[h] + sigma_s / sqrt(B) * v_era * R_s * z
///   + jump`, with `B` bars per year (1,764 for stocks, 8,760 for crypto), the symbol's own
///   two-state regime `R_s` (calm 0.85, stress 1.7; per bar 1/200 into stress, 1/40 out) and
///   jumps with probability `0.0015 * j_era` per bar (0.0008 for crypto) of size
///   `N(-0.002, 0.035)`.
/// - A stock's first bar of a day opens with a gap: `beta_s` times the market factor summed
///   over the closed hours, plus idiosyncratic noise; other bars open near the previous close.
/// - High and low extend the open-close range by half-normal wicks; volume follows an
///   intraday U shape (crypto: a daily wave), the regime and the size of the move.
///
/// Eras (fixed calendar dates): 2021 bull (`mu` +18%, `v` 1.0), 2022 bear (-22%, 1.35,
/// jumps x1.2), 2023-01-01 to 2023-09-30 calm (+12%, 0.8, jumps x0.8), and from 2023-10-01
/// a higher-volatility regime (+8%, 1.2, jumps x2). The default splits put training in the
/// first three, validation in the calm one and test in the last, so their distributions
/// genuinely differ.
public struct DemoMarket: Sendable {
    /// Hours since the epoch of the first hour simulated (the start day's midnight).
    public let startHour: Int
    /// The number of hours simulated (whole days).
    public let hourCount: Int
    /// The seed the market and every symbol are derived from.
    public let seed: UInt64
    /// The market factor's log return for each hour.
    public let factor: [Double]
    /// Prefix sums of `factor` (`cumulative[i]` = sum of the first `i` hours).
    let cumulative: [Double]

    struct Era {
        var drift: Double
        var vol: Double
        var jumps: Double
        var volume: Double
    }

    static let eraStarts: [Int] = [
        DemoDate(year: 2022, month: 1, day: 1)!.epochHour,
        DemoDate(year: 2023, month: 1, day: 1)!.epochHour,
        DemoDate(year: 2023, month: 10, day: 1)!.epochHour,
    ]
    static let eras: [Era] = [
        Era(drift: 0.18, vol: 1.0, jumps: 1.0, volume: 1.0),
        Era(drift: -0.22, vol: 1.35, jumps: 1.2, volume: 1.15),
        Era(drift: 0.12, vol: 0.8, jumps: 0.8, volume: 0.9),
        Era(drift: 0.08, vol: 1.2, jumps: 2.0, volume: 1.25),
    ]

    @inline(__always)
    static func era(epochHour h: Int) -> Era {
        if h < eraStarts[0] { return eras[0] }
        if h < eraStarts[1] { return eras[1] }
        if h < eraStarts[2] { return eras[2] }
        return eras[3]
    }

    /// Whether `epochHour` is one of the 7 hourly stock bars of a weekday (14:00-20:00 UTC).
    @inline(__always)
    public static func isStockHour(epochHour h: Int) -> Bool {
        let day = h >= 0 ? h / 24 : (h - 23) / 24
        let hour = h - day * 24
        return hour >= 14 && hour <= 20 && DemoDate.weekday(daysSinceEpoch: day) < 5
    }

    /// Simulates the market factor for the options' date range.
    ///
    /// - Complexity: O(hours).
    public init(options: DemoDataOptions) {
        seed = options.seed
        startHour = options.start.epochHour
        hourCount = (options.end.daysSinceEpoch - options.start.daysSinceEpoch + 1) * 24
        var rng = SeededGenerator(seedString: "folio-demo/\(options.seed)/market")
        var f = [Double](repeating: 0, count: hourCount)
        var c = [Double](repeating: 0, count: hourCount + 1)
        var stress = false
        let sigma = 0.18 / (8760.0).squareRoot()
        for g in 0..<hourCount {
            let u = rng.nextUniform()
            if stress { if u < 1.0 / 168 { stress = false } } else if u < 1.0 / 720 { stress = true }
            let h = startHour + g
            let era = DemoMarket.era(epochHour: h)
            let w = DemoMarket.isStockHour(epochHour: h) ? 1.6 : 0.55
            f[g] = era.drift / 8760 + sigma * w * era.vol * (stress ? 1.8 : 0.8) * DemoMath.normal(&rng)
            c[g + 1] = c[g] + f[g]
        }
        factor = f
        cumulative = c
    }

    /// A symbol's fixed characteristics, drawn from its own stream.
    struct Profile {
        var idioVol: Double
        var beta: Double
        var alpha: Double
        var startPrice: Double
        var baseVolume: Double
    }

    static func profile(symbol: String, crypto: Bool, rng: inout SeededGenerator) -> Profile {
        var p = Profile(
            idioVol: 0.12 + 0.28 * rng.nextUniform(),
            beta: 0.6 + 0.9 * rng.nextUniform(),
            alpha: 0.05 * DemoMath.normal(&rng),
            startPrice: DemoMath.exp(DemoMath.log(20) + (DemoMath.log(400) - DemoMath.log(20)) * rng.nextUniform()),
            baseVolume: DemoMath.exp(DemoMath.log(3e5) + (DemoMath.log(8e6) - DemoMath.log(3e5)) * rng.nextUniform())
        )
        switch symbol {
        case "AAPL": p.idioVol = 0.20; p.beta = 1.1; p.startPrice = 130; p.baseVolume = 1.2e7
        case "MSFT": p.idioVol = 0.18; p.beta = 1.0; p.startPrice = 220; p.baseVolume = 4e6
        case "NVDA": p.idioVol = 0.42; p.beta = 1.6; p.startPrice = 130; p.baseVolume = 6e6
        case "SPY": p.idioVol = 0.03; p.beta = 1.0; p.alpha = 0; p.startPrice = 370; p.baseVolume = 1.1e7
        default: break
        }
        if crypto {
            p.idioVol = 0.55
            p.beta = 0.4
            p.startPrice = symbol == "BTCUSD" ? 32000 : p.startPrice * 100
            p.baseVolume = 1500
        }
        return p
    }

    /// The bars of one symbol. Each symbol has its own random stream (seeded from the seed
    /// and the ticker), so its bars are the same whatever other symbols are generated.
    ///
    /// - Complexity: O(hours).
    public func bars(symbol: String) -> DemoBars {
        let crypto = DemoTickers.crypto.contains(symbol)
        var rng = SeededGenerator(seedString: "folio-demo/\(seed)/symbol/\(symbol)")
        let p = DemoMarket.profile(symbol: symbol, crypto: crypto, rng: &rng)
        var grid: [Int] = []
        grid.reserveCapacity(crypto ? hourCount : hourCount * 7 / 24 + 7)
        for g in 0..<hourCount where crypto || DemoMarket.isStockHour(epochHour: startHour + g) {
            grid.append(g)
        }
        let n = grid.count
        var hours = [Int](repeating: 0, count: n)
        var open = [Double](repeating: 0, count: n)
        var high = open, low = open, close = open, volume = open
        let barsPerYear = crypto ? 8760.0 : 1764.0
        let sb = p.idioVol / barsPerYear.squareRoot()
        let jumpProbability = crypto ? 0.0008 : 0.0015
        let jumpScale = crypto ? 0.045 : 0.035
        var stress = false
        var previousClose = p.startPrice
        var previousG = -1
        for k in 0..<n {
            let g = grid[k]
            let h = startHour + g
            let era = DemoMarket.era(epochHour: h)
            let u = rng.nextUniform()
            if stress { if u < 1.0 / 40 { stress = false } } else if u < 1.0 / 200 { stress = true }
            let regime = stress ? 1.7 : 0.85
            var gap = 0.0
            if k > 0 {
                if g != previousG + 1 {
                    gap = p.beta * (cumulative[g] - cumulative[previousG + 1]) + sb * 1.2 * era.vol * DemoMath.normal(&rng)
                } else {
                    gap = sb * 0.05 * DemoMath.normal(&rng)
                }
            }
            let o = previousClose * DemoMath.exp(gap)
            var r = p.alpha / barsPerYear + p.beta * factor[g] + sb * era.vol * regime * DemoMath.normal(&rng)
            if rng.nextUniform() < jumpProbability * era.jumps {
                r += -0.002 + jumpScale * DemoMath.normal(&rng)
            }
            let c = o * DemoMath.exp(r)
            let wick = 0.45 * (sb * era.vol * regime + p.beta * 0.0019 * era.vol)
            let hi = Swift.max(o, c) * DemoMath.exp(Swift.abs(DemoMath.normal(&rng)) * wick)
            let lo = Swift.min(o, c) * DemoMath.exp(-Swift.abs(DemoMath.normal(&rng)) * wick)
            let hourOfDay = ((h % 24) + 24) % 24
            let season: Double
            if crypto {
                let wave = DemoMarket.cryptoSeason[hourOfDay]
                season = wave
            } else {
                season = DemoMarket.stockSeason[hourOfDay - 14]
            }
            let noise = DemoMath.exp(0.3 * DemoMath.normal(&rng) - 0.045)
            let rawVolume = p.baseVolume * season * era.volume * (stress ? 1.55 : 0.88) * (1 + 25 * Swift.abs(r)) * noise
            hours[k] = h
            open[k] = DemoDecimal.rounded(o)
            close[k] = DemoDecimal.rounded(c)
            // Rounding to significant digits is monotone, so high >= max(open, close) and
            // low <= min(open, close) survive it.
            high[k] = DemoDecimal.rounded(hi)
            low[k] = DemoDecimal.rounded(lo)
            volume[k] = crypto ? DemoDecimal.rounded(Swift.max(rawVolume, 0.001)) : Swift.max(1, rawVolume.rounded())
            previousClose = c
            previousG = g
        }
        return DemoBars(symbol: symbol, isCrypto: crypto, epochHours: hours, open: open, high: high,
                        low: low, close: close, volume: volume)
    }

    /// Relative volume of the 7 stock bars (14:00 ... 20:00 UTC): the intraday U shape.
    static let stockSeason: [Double] = [1.8, 1.15, 0.9, 0.8, 0.85, 1.0, 1.5]
    /// Relative volume of crypto by UTC hour: busiest around the US afternoon.
    static let cryptoSeason: [Double] = (0..<24).map { hour in
        1 + 0.4 * DemoMath.sinCos(turns: hour - 9, of: 24).sin
    }
}
