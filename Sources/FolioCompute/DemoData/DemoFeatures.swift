/// The 23 features of the demo data set, each computed from the bars up to and including
/// the row's bar only (no look-ahead).
///
/// | column | definition at bar `t` (`c` close, `h` high, `l` low, `v` volume) |
/// |---|---|
/// | `ret_1`, `ret_2`, `ret_4`, `ret_8`, `ret_24` | log return `log(c[t] / c[t-k])` |
/// | `vol_24`, `vol_72` | sample standard deviation (ddof 1) of the last n one-bar log returns |
/// | `vol_ratio_24_72` | `vol_24 / vol_72` |
/// | `rsi_14` | Wilder's RSI, 0-100 (averages seeded by the mean of the first 14 changes) |
/// | `macd` | `(EMA12(c) - EMA26(c)) / c[t]`, EMAs seeded by the first close (pandas `adjust=False`) |
/// | `macd_signal` | EMA9 of `macd` |
/// | `bb_pctb_20` | Bollinger %b: `(c - (SMA20 - 2 sd)) / (4 sd)`, population sd; 0.5 when sd = 0 |
/// | `atr_14_norm` | Wilder's ATR 14 (true range with the previous close) divided by `c[t]` |
/// | `volume_z_24` | `(v[t] - mean) / sd` over the last 24 volumes, ddof 1; 0 when sd = 0 |
/// | `hl_range` | `(h[t] - l[t]) / c[t]` |
/// | `close_sma_24`, `close_sma_72`, `close_sma_168` | `c[t] / SMA_n(c) - 1` |
/// | `drawdown_72` | `c[t] / max(last 72 closes) - 1` |
/// | `hour_sin`, `hour_cos` | the bar's UTC hour as an angle of `2 pi hour / 24` |
/// | `dow_sin`, `dow_cos` | the weekday (Monday 0) as an angle of `2 pi day / 7` |
///
/// A feature whose window reaches before the first bar is NaN (an empty cell); the
/// generator writes rows only from bar 168 on, where every feature is defined. Values are
/// rounded to 6 significant digits, as written.
public enum DemoFeatures {
    /// The feature column names, in file order.
    public static let names: [String] = [
        "ret_1", "ret_2", "ret_4", "ret_8", "ret_24",
        "vol_24", "vol_72", "vol_ratio_24_72",
        "rsi_14", "macd", "macd_signal", "bb_pctb_20", "atr_14_norm",
        "volume_z_24", "hl_range",
        "close_sma_24", "close_sma_72", "close_sma_168", "drawdown_72",
        "hour_sin", "hour_cos", "dow_sin", "dow_cos",
    ]

    /// The number of features (23).
    public static var count: Int { names.count }

    static let hourAngles: [(sin: Double, cos: Double)] = (0..<24).map { DemoMath.sinCos(turns: $0, of: 24) }
    static let dayAngles: [(sin: Double, cos: Double)] = (0..<7).map { DemoMath.sinCos(turns: $0, of: 7) }

    /// The features of `bars` at the bar indices `rows`, row-major (`rows.count * 23`
    /// values), rounded to 6 significant digits.
    ///
    /// Only bars `0 ... max(rows)` are read.
    /// - Complexity: O(n + rows.count * 400) for n bars up to the last row.
    public static func compute(_ bars: DemoBars, at rows: [Int]) -> [Double] {
        let d = names.count
        var out = [Double](repeating: .nan, count: rows.count * d)
        guard let last = rows.max(), last < bars.count, rows.allSatisfy({ $0 >= 0 }) else { return out }
        let n = last + 1
        let c = bars.close, hi = bars.high, lo = bars.low, v = bars.volume
        // Causal recursive indicators over bars 0...last.
        var logc = [Double](repeating: 0, count: n)
        for i in 0..<n { logc[i] = DemoMath.log(c[i]) }
        var macd = [Double](repeating: .nan, count: n)
        var signal = [Double](repeating: .nan, count: n)
        var rsi = [Double](repeating: .nan, count: n)
        var atr = [Double](repeating: .nan, count: n)
        var ema12 = c[0], ema26 = c[0]
        let a12 = 2.0 / 13, a26 = 2.0 / 27, a9 = 2.0 / 10
        macd[0] = 0
        signal[0] = 0
        var gainSum = 0.0, lossSum = 0.0, trSum = 0.0
        var avgGain = 0.0, avgLoss = 0.0, avgTR = 0.0
        for i in 1..<max(n, 1) {
            ema12 = a12 * c[i] + (1 - a12) * ema12
            ema26 = a26 * c[i] + (1 - a26) * ema26
            macd[i] = (ema12 - ema26) / c[i]
            signal[i] = a9 * macd[i] + (1 - a9) * signal[i - 1]
            let change = c[i] - c[i - 1]
            let gain = change > 0 ? change : 0
            let loss = change < 0 ? -change : 0
            let tr = Swift.max(hi[i] - lo[i], Swift.max(Swift.abs(hi[i] - c[i - 1]), Swift.abs(lo[i] - c[i - 1])))
            if i <= 14 {
                gainSum += gain
                lossSum += loss
                trSum += tr
                if i == 14 {
                    avgGain = gainSum / 14
                    avgLoss = lossSum / 14
                    avgTR = trSum / 14
                }
            } else {
                avgGain = (avgGain * 13 + gain) / 14
                avgLoss = (avgLoss * 13 + loss) / 14
                avgTR = (avgTR * 13 + tr) / 14
            }
            if i >= 14 {
                rsi[i] = avgLoss == 0 ? 100 : 100 - 100 / (1 + avgGain / avgLoss)
                atr[i] = avgTR / c[i]
            }
        }

        @inline(__always) func logReturnStd(_ t: Int, _ window: Int) -> Double {
            // returns r_i = logc[i] - logc[i-1] for i in t-window+1 ... t
            guard t - window >= 0 else { return .nan }
            var s = 0.0
            for i in (t - window + 1)...t { s += logc[i] - logc[i - 1] }
            let mean = s / Double(window)
            var ss = 0.0
            for i in (t - window + 1)...t {
                let e = (logc[i] - logc[i - 1]) - mean
                ss += e * e
            }
            return (ss / Double(window - 1)).squareRoot()
        }
        @inline(__always) func sma(_ t: Int, _ window: Int) -> Double {
            guard t - window + 1 >= 0 else { return .nan }
            var s = 0.0
            for i in (t - window + 1)...t { s += c[i] }
            return s / Double(window)
        }

        for (r, t) in rows.enumerated() {
            var f = [Double](repeating: .nan, count: d)
            @inline(__always) func ret(_ k: Int) -> Double { t - k >= 0 ? logc[t] - logc[t - k] : .nan }
            f[0] = ret(1); f[1] = ret(2); f[2] = ret(4); f[3] = ret(8); f[4] = ret(24)
            let v24 = logReturnStd(t, 24), v72 = logReturnStd(t, 72)
            f[5] = v24
            f[6] = v72
            f[7] = v72 > 0 ? v24 / v72 : (v72 == 0 ? 1 : .nan)
            f[8] = rsi[t]
            f[9] = macd[t]
            f[10] = signal[t]
            if t >= 19 {
                let m = sma(t, 20)
                var ss = 0.0
                for i in (t - 19)...t { ss += (c[i] - m) * (c[i] - m) }
                let sd = (ss / 20).squareRoot()
                f[11] = sd > 0 ? (c[t] - (m - 2 * sd)) / (4 * sd) : 0.5
            }
            f[12] = atr[t]
            if t >= 23 {
                var s = 0.0
                for i in (t - 23)...t { s += v[i] }
                let m = s / 24
                var ss = 0.0
                for i in (t - 23)...t { ss += (v[i] - m) * (v[i] - m) }
                let sd = (ss / 23).squareRoot()
                f[13] = sd > 0 ? (v[t] - m) / sd : 0
            }
            f[14] = (hi[t] - lo[t]) / c[t]
            f[15] = c[t] / sma(t, 24) - 1
            f[16] = c[t] / sma(t, 72) - 1
            f[17] = c[t] / sma(t, 168) - 1
            if t >= 71 {
                var mx = c[t]
                for i in (t - 71)...t where c[i] > mx { mx = c[i] }
                f[18] = c[t] / mx - 1
            }
            let h = bars.epochHours[t]
            let day = h >= 0 ? h / 24 : (h - 23) / 24
            let hour = h - day * 24
            let dow = DemoDate.weekday(daysSinceEpoch: day)
            f[19] = hourAngles[hour].sin
            f[20] = hourAngles[hour].cos
            f[21] = dayAngles[dow].sin
            f[22] = dayAngles[dow].cos
            let base = r * d
            for j in 0..<d { out[base + j] = DemoDecimal.rounded(f[j]) }
        }
        return out
    }
}
