#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Performance statistics of an equity curve and its trades, with the definitions of
/// backtesting.py 0.6.6 `backtesting._stats.compute_stats` (the numbers `Backtest.run()`
/// prints), percentages as it prints them (`12.5` is 12.5%).
///
/// Every statistic here exists in backtesting.py, so its definition is used throughout;
/// where empyrical 0.5.5 defines the same quantity differently the property's comment says
/// so. Undefined values are NaN, as in backtesting.py: with no trades every trade
/// statistic (`win_rate_pct` to `sqn`) is NaN and `trades` is 0; a flat curve has NaN
/// Sharpe, Sortino and Calmar ratios and NaN drawdown statistics.
///
/// Use `entries` for a stable, ordered list of `(key, value)` pairs (the result keys of
/// the `performance` and `backtest` directives).
public struct PerformanceStatistics: Sendable, Hashable {
    /// `Return [%]`: `(E_last - E_0) / E_0 * 100`.
    public var returnPct: Double
    /// `Return (Ann.) [%]`: `((1 + g)^A - 1) * 100` with `g` the geometric mean period
    /// return and `A` the periods per year (see `Annualization`). Equals empyrical's
    /// `annual_return` of the same period returns.
    public var returnAnnPct: Double
    /// `Volatility (Ann.) [%]`: `sqrt((var(r, ddof=1) + (1+g)^2)^A - (1+g)^(2A)) * 100`,
    /// the volatility of compounded returns (empyrical's `annual_volatility` is the
    /// simpler `std(r, ddof=1) * sqrt(A)`).
    public var volatilityAnnPct: Double
    /// `CAGR [%]`: `((E_last / E_0)^(1 / years) - 1) * 100` with `years` the calendar time
    /// between the first and last bar over 365.25 days.
    public var cagrPct: Double
    /// `Sharpe Ratio`: `(return_ann_pct - 100 rf) / volatility_ann_pct` (NaN for zero
    /// volatility). empyrical's `sharpe_ratio` uses `mean(r) / std(r) * sqrt(A)` instead.
    public var sharpe: Double
    /// `Sortino Ratio`: `(annual return - rf) / (sqrt(mean(min(r, 0)^2)) * sqrt(A))`
    /// (infinite when no period loses; empyrical's `sortino_ratio` uses the arithmetic mean
    /// return instead of the annualised geometric return).
    public var sortino: Double
    /// `Calmar Ratio`: annual return (fraction) over the maximum drawdown (fraction); NaN
    /// without a drawdown. Same as empyrical's `calmar_ratio` given the same annual return.
    public var calmar: Double
    /// `Max. Drawdown [%]`: `-max(dd) * 100`, non-positive.
    public var maxDrawdownPct: Double
    /// `Avg. Drawdown [%]`: `-mean(episode depths) * 100` (see `Drawdown`).
    public var avgDrawdownPct: Double
    /// `Max. Drawdown Duration` in days, rounded up to the bar period's resolution (whole
    /// days for daily bars, whole hours for hourly bars). NaN without an episode; when only
    /// the last bar is below the peak backtesting.py prints that bar's drawdown fraction
    /// here, folio prints NaN.
    public var maxDrawdownDuration: Double
    /// `Avg. Drawdown Duration` in days: mean episode duration, rounded up as above.
    public var avgDrawdownDuration: Double
    /// `Exposure Time [%]`: share of bars inside a trade (entry bar to exit bar inclusive),
    /// counted in bars, not in time.
    public var exposurePct: Double
    /// `# Trades`.
    public var trades: Int
    /// `Win Rate [%]`: share of trades with `pnl > 0`.
    public var winRatePct: Double
    /// `Best Trade [%]`: largest trade return.
    public var bestTradePct: Double
    /// `Worst Trade [%]`: smallest trade return.
    public var worstTradePct: Double
    /// `Avg. Trade [%]`: geometric mean of trade returns,
    /// `exp(mean(ln(1 + r))) - 1`, and 0 when any trade lost 100% or more.
    public var avgTradePct: Double
    /// `Profit Factor`: sum of positive trade returns over the absolute sum of negative
    /// ones (returns, not cash; NaN when no trade lost).
    public var profitFactor: Double
    /// `Expectancy [%]`: arithmetic mean trade return.
    public var expectancyPct: Double
    /// `SQN` (Van Tharp's system quality number): `sqrt(N) * mean(pnl) / std(pnl, ddof=1)`.
    public var sqn: Double

    /// `Equity Final [$]` (not in `entries`).
    public var equityFinal: Double
    /// `Equity Peak [$]` (not in `entries`).
    public var equityPeak: Double
    /// The annualisation used (periods per year, resampling), for reports.
    public var annualization: Annualization

    /// The result keys in report order.
    public static let keys: [String] = [
        "return_pct", "return_ann_pct", "volatility_ann_pct", "cagr_pct", "sharpe", "sortino",
        "calmar", "max_drawdown_pct", "avg_drawdown_pct", "max_drawdown_duration",
        "avg_drawdown_duration", "exposure_pct", "trades", "win_rate_pct", "best_trade_pct",
        "worst_trade_pct", "avg_trade_pct", "profit_factor", "expectancy_pct", "sqn",
    ]

    /// The statistics as ordered `(key, value)` pairs, in the order of `keys`; `trades`
    /// as a Double. Stable, for deterministic JSON.
    public var entries: [(key: String, value: Double)] {
        [
            ("return_pct", returnPct), ("return_ann_pct", returnAnnPct),
            ("volatility_ann_pct", volatilityAnnPct), ("cagr_pct", cagrPct), ("sharpe", sharpe),
            ("sortino", sortino), ("calmar", calmar), ("max_drawdown_pct", maxDrawdownPct),
            ("avg_drawdown_pct", avgDrawdownPct), ("max_drawdown_duration", maxDrawdownDuration),
            ("avg_drawdown_duration", avgDrawdownDuration), ("exposure_pct", exposurePct),
            ("trades", Double(trades)), ("win_rate_pct", winRatePct),
            ("best_trade_pct", bestTradePct), ("worst_trade_pct", worstTradePct),
            ("avg_trade_pct", avgTradePct), ("profit_factor", profitFactor),
            ("expectancy_pct", expectancyPct), ("sqn", sqn),
        ]
    }

    /// The value of a result key (one of `keys`), or `nil` for an unknown key.
    public subscript(key: String) -> Double? {
        entries.first { $0.key == key }?.value
    }

    /// Computes the statistics of `equity` and `trades` as backtesting.py's
    /// `compute_stats` does.
    ///
    /// - Parameters:
    ///   - equity: the account value at every bar.
    ///   - trades: closed trades; bar indices not given are derived from the times (the
    ///     last bar at or before the time).
    ///   - riskFreeRate: annual risk-free rate as a fraction, in (-1, 1) (backtesting.py's
    ///     `risk_free_rate`, 0 by default).
    /// - Throws: `PerformanceError` for trades outside the curve, exits before entries,
    ///   non-finite trade values, or an invalid risk-free rate.
    /// - Complexity: O(n + t log n) for n bars and t trades.
    public init(equity curve: EquityCurve, trades: [PerformanceTrade], riskFreeRate: Double = 0)
        throws(PerformanceError)
    {
        guard riskFreeRate > -1, riskFreeRate < 1 else { throw .invalidRiskFreeRate(riskFreeRate) }
        let n = curve.count
        let eq = curve.equity, ts = curve.timestamps
        let first = eq[0], last = eq[n - 1]

        // Trades: bar indices and validation.
        var spans: [(Int, Int)] = []
        spans.reserveCapacity(trades.count)
        for (k, t) in trades.enumerated() {
            guard t.pnl.isFinite else { throw .nonFiniteTrade(index: k, field: "pnl") }
            guard t.returnFraction.isFinite else { throw .nonFiniteTrade(index: k, field: "return") }
            guard let e = t.entryIndex ?? curve.lastIndex(atOrBefore: t.entryTime),
                  let x = t.exitIndex ?? curve.lastIndex(atOrBefore: t.exitTime),
                  e >= 0, e < n, x >= 0, x < n
            else { throw .tradeOutsideCurve(index: k) }
            guard x >= e else { throw .tradeExitBeforeEntry(index: k) }
            spans.append((e, x))
        }

        // Exposure: bars covered by any trade, via a difference array.
        var cover = [Int32](repeating: 0, count: n + 1)
        for (e, x) in spans { cover[e] += 1; cover[x + 1] -= 1 }
        var running: Int32 = 0, exposed = 0
        for i in 0..<n { running += cover[i]; if running > 0 { exposed += 1 } }
        exposurePct = Double(exposed) / Double(n) * 100

        var peakValue = -Double.infinity
        for v in eq where v > peakValue { peakValue = v }
        equityFinal = last
        equityPeak = peakValue
        returnPct = (last - first) / first * 100

        // Period returns and annualisation.
        let ann = Annualization(timestamps: ts)
        annualization = ann
        let r = ann.periodReturns(of: curve)
        let A = Double(ann.periodsPerYear)
        let g = PerformanceStatistics.geometricMean(r)
        let annualReturn = pow(1 + g, A) - 1
        returnAnnPct = annualReturn * 100
        let variance = PerformanceStatistics.variance(r)
        volatilityAnnPct = sqrt(pow(variance + pow(1 + g, 2), A) - pow(1 + g, 2 * A)) * 100

        let span = ts[n - 1] - ts[0]
        let years = (Double(span / 86_400) + Double(span % 86_400) / 86_400) / 365.25
        cagrPct = years != 0 ? (pow(last / first, 1 / years) - 1) * 100 : .nan

        let volatility = volatilityAnnPct == 0 ? Double.nan : volatilityAnnPct
        sharpe = (returnAnnPct - riskFreeRate * 100) / volatility
        var downside = 0.0
        for x in r { let m = min(x, 0); downside += m * m }
        let downsideDeviation = sqrt(downside / Double(r.count))  // NaN when r is empty
        sortino = (annualReturn - riskFreeRate) / (downsideDeviation * sqrt(A))

        // Drawdowns.
        let drawdown = Drawdown(curve: curve)
        let maxDD = drawdown.maximum
        maxDrawdownPct = -maxDD * 100
        calmar = annualReturn / (maxDD == 0 ? .nan : maxDD)
        let episodes = drawdown.episodes
        if episodes.isEmpty {
            let tail = drawdown.values[n - 1]
            avgDrawdownPct = tail != 0 ? -tail * 100 : .nan
            maxDrawdownDuration = .nan
            avgDrawdownDuration = .nan
        } else {
            var depthSum = 0.0, durationSum: Int64 = 0, longest: Int64 = 0
            for ep in episodes {
                depthSum += ep.depth
                durationSum += ep.durationSeconds
                longest = max(longest, ep.durationSeconds)
            }
            avgDrawdownPct = -(depthSum / Double(episodes.count)) * 100
            maxDrawdownDuration = ann.ceiledDays(totalSeconds: longest, count: 1)
            avgDrawdownDuration = ann.ceiledDays(totalSeconds: durationSum, count: episodes.count)
        }

        // Trade statistics (NaN with no trades).
        let count = trades.count
        self.trades = count
        let nt = Double(count)
        var wins = 0, best = -Double.infinity, worst = Double.infinity
        var positive = 0.0, negative = 0.0, returnSum = 0.0, pnlSum = 0.0
        var returns: [Double] = []
        returns.reserveCapacity(count)
        for t in trades {
            if t.pnl > 0 { wins += 1 }
            let x = t.returnFraction
            best = max(best, x); worst = min(worst, x)
            if x > 0 { positive += x } else if x < 0 { negative += x }
            returnSum += x
            pnlSum += t.pnl
            returns.append(x)
        }
        winRatePct = count == 0 ? .nan : Double(wins) / nt * 100
        bestTradePct = count == 0 ? .nan : best * 100
        worstTradePct = count == 0 ? .nan : worst * 100
        avgTradePct = PerformanceStatistics.geometricMean(returns) * 100
        profitFactor = positive / (negative == 0 ? .nan : abs(negative))
        expectancyPct = returnSum / nt * 100
        let pnlMean = pnlSum / nt
        var squares = 0.0
        for t in trades { let d = t.pnl - pnlMean; squares += d * d }
        let pnlStd = count > 1 ? sqrt(squares / (nt - 1)) : .nan
        sqn = sqrt(nt) * pnlMean / (pnlStd == 0 ? .nan : pnlStd)
    }

    /// backtesting.py's `geometric_mean`: `exp(sum(ln(1 + r)) / n) - 1`, 0 when any
    /// `1 + r <= 0`, NaN for no values.
    ///
    /// - Complexity: O(n).
    public static func geometricMean(_ returns: [Double]) -> Double {
        var logSum = 0.0
        for r in returns {
            let x = (r.isNaN ? 0 : r) + 1
            if x <= 0 { return 0 }
            logSum += log(x)
        }
        return exp(logSum / (returns.isEmpty ? .nan : Double(returns.count))) - 1
    }

    /// Sample variance (ddof = 1) as pandas computes it (mean first, then squared
    /// deviations); NaN for fewer than 2 values.
    static func variance(_ values: [Double]) -> Double {
        guard values.count > 1 else { return .nan }
        var sum = 0.0
        for v in values { sum += v }
        let mean = sum / Double(values.count)
        var squares = 0.0
        for v in values { let d = mean - v; squares += d * d }
        return squares / Double(values.count - 1)
    }
}
