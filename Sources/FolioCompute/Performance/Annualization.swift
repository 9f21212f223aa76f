#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How returns are annualised for an equity curve, as backtesting.py 0.6.6's
/// `_stats.compute_stats` decides it from the bar timestamps.
///
/// - The bar period is the median spacing of the last 100 timestamps
///   (`backtesting._util._data_period`); its whole number of days selects the periods per
///   year: 7 days -> 52 (weekly resampling), 31 -> 12 (month ends), 365 -> 1 (year ends);
///   any other period (intraday and daily bars alike) resamples the equity to daily last
///   values and uses 365 periods a year when more than `0.6 * 2/7` of the bars fall on a
///   Saturday or Sunday, else 252.
/// - Durations (drawdown durations) are rounded up to the resolution of the bar period:
///   the finest non-zero unit of it (day, hour, minute, second, millisecond), as
///   backtesting.py's `_round_timedelta` does with `Timedelta.ceil`.
public struct Annualization: Sendable, Hashable {
    /// The calendar bins that equity is resampled to before computing period returns.
    public enum Resampling: String, Sendable, Hashable, CaseIterable {
        /// Calendar days (pandas `'D'`), the case for intraday and daily bars.
        case daily
        /// Weeks Monday to Sunday (pandas `'W'`, i.e. `'W-SUN'`).
        case weekly
        /// Calendar months (pandas `'ME'`).
        case monthly
        /// Calendar years (pandas `'YE'`).
        case yearly
    }

    /// Median spacing of the last 100 bars, in seconds (NaN with fewer than 2 bars).
    public let periodSeconds: Double
    /// Whole days of `periodSeconds` (pandas `Timedelta.days`); -1 with fewer than 2 bars.
    public let periodDays: Int
    /// Share of bars on a Saturday or Sunday (UTC).
    public let weekendShare: Double
    /// Periods per year: 252, 365, 52, 12 or 1.
    public let periodsPerYear: Int
    /// The resampling of the equity curve for period returns.
    public let resampling: Resampling
    /// The unit durations are rounded up to, in seconds (NaN with fewer than 2 bars).
    public let durationResolutionSeconds: Double

    /// Derives the annualisation from bar timestamps (seconds since the epoch, UTC,
    /// increasing).
    ///
    /// - Complexity: O(n) (the median is over at most 99 spacings).
    public init(timestamps: [Int64]) {
        let n = timestamps.count
        if n >= 2 {
            let tail = timestamps[max(0, n - 100)...]
            var gaps: [Int64] = []
            gaps.reserveCapacity(tail.count - 1)
            var previous = tail.first!
            for t in tail.dropFirst() { gaps.append(t - previous); previous = t }
            gaps.sort()
            let m = gaps.count
            let median = m % 2 == 1
                ? Double(gaps[m / 2])
                : (Double(gaps[m / 2 - 1]) + Double(gaps[m / 2])) / 2
            periodSeconds = median
            periodDays = Int((median / 86_400).rounded(.down))
            durationResolutionSeconds = Annualization.resolution(ofSeconds: median)
        } else {
            periodSeconds = .nan
            periodDays = -1
            durationResolutionSeconds = .nan
        }
        var weekend = 0
        for t in timestamps {
            let weekday = Annualization.weekday(ofDay: Annualization.day(of: t))
            if weekday >= 5 { weekend += 1 }
        }
        weekendShare = n == 0 ? .nan : Double(weekend) / Double(n)
        switch periodDays {
        case 7: periodsPerYear = 52; resampling = .weekly
        case 31: periodsPerYear = 12; resampling = .monthly
        case 365: periodsPerYear = 1; resampling = .yearly
        default:
            periodsPerYear = weekendShare > 2.0 / 7.0 * 0.6 ? 365 : 252
            resampling = .daily
        }
    }

    /// The finest non-zero component of a duration (pandas `Timedelta.resolution_string`),
    /// in seconds.
    static func resolution(ofSeconds seconds: Double) -> Double {
        let whole = seconds.rounded(.down)
        if whole != seconds { return 0.001 }
        let s = Int64(whole)
        if s % 60 != 0 { return 1 }
        if s % 3_600 != 0 { return 60 }
        if s % 86_400 != 0 { return 3_600 }
        return 86_400
    }

    /// Rounds a duration up to the period's resolution and returns it in days, as
    /// backtesting.py prints `Max. Drawdown Duration` (a `Timedelta` ceiled to the bar
    /// period's resolution).
    ///
    /// - Parameters:
    ///   - totalSeconds: the sum of `count` durations, in seconds.
    ///   - count: how many durations were summed (1 for a single duration, n for a mean).
    func ceiledDays(totalSeconds: Int64, count: Int) -> Double {
        guard count > 0, durationResolutionSeconds.isFinite else { return .nan }
        if durationResolutionSeconds >= 1 {
            // Exact: ceil(total / (count * resolution)) in integers.
            let unit = Int64(durationResolutionSeconds) * Int64(count)
            let q = totalSeconds >= 0 ? (totalSeconds + unit - 1) / unit : -((-totalSeconds) / unit)
            return Double(q * Int64(durationResolutionSeconds)) / 86_400
        }
        let mean = Double(totalSeconds) / Double(count)
        let q = (mean / durationResolutionSeconds).rounded(.up)
        return q * durationResolutionSeconds / 86_400
    }

    /// The UTC day number (days since 1970-01-01) of a timestamp.
    @inline(__always)
    static func day(of timestamp: Int64) -> Int64 {
        timestamp >= 0 ? timestamp / 86_400 : -((-timestamp + 86_399) / 86_400)
    }

    /// pandas `dayofweek`: Monday 0 ... Sunday 6 (1970-01-01 was a Thursday).
    @inline(__always)
    static func weekday(ofDay day: Int64) -> Int {
        let r = (day + 3) % 7
        return Int(r < 0 ? r + 7 : r)
    }

    /// The resampling bin of a timestamp: a day, a Monday-to-Sunday week, a month or a year.
    @inline(__always)
    func bin(of timestamp: Int64) -> Int64 {
        let d = Annualization.day(of: timestamp)
        switch resampling {
        case .daily: return d
        case .weekly:
            let shifted = d + 3
            return shifted >= 0 ? shifted / 7 : -((-shifted + 6) / 7)
        case .monthly:
            let c = Annualization.civil(fromDay: d)
            return c.year * 12 + c.month - 1
        case .yearly:
            return Annualization.civil(fromDay: d).year
        }
    }

    /// Gregorian (year, month 1-12, day 1-31) of a day number (shared with the CSV reader).
    static func civil(fromDay day: Int64) -> (year: Int64, month: Int64, day: Int64) {
        TimestampParser.civil(fromDays: day)
    }

    /// Period returns of an equity curve: the last value in each resampling bin, then
    /// `pct_change` (`v[i] / v[i-1] - 1`), dropping NaN results, as backtesting.py's
    /// `equity.resample(freq).last().dropna().pct_change().dropna()`.
    ///
    /// - Complexity: O(n).
    public func periodReturns(of curve: EquityCurve) -> [Double] {
        var lasts: [Double] = []
        let ts = curve.timestamps, eq = curve.equity
        guard !eq.isEmpty else { return [] }
        var currentBin = bin(of: ts[0])
        var last = eq[0]
        for i in 1..<eq.count {
            let b = bin(of: ts[i])
            if b != currentBin { lasts.append(last); currentBin = b }
            last = eq[i]
        }
        lasts.append(last)
        var returns: [Double] = []
        returns.reserveCapacity(max(lasts.count - 1, 0))
        for i in 1..<max(lasts.count, 1) {
            let r = lasts[i] / lasts[i - 1] - 1
            if !r.isNaN { returns.append(r) }
        }
        return returns
    }
}
