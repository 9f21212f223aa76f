#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Log returns over a window of bars before or after each row's bar, the quantities the
/// look-ahead screen correlates features with.
public enum WindowReturns {
    /// `log(close[t + bars] / close[t])` for each row at bar `t`: the return over the next
    /// `bars` bars (the label's horizon). NaN when the row has no bar or the window runs
    /// past the series.
    ///
    /// - Complexity: O(rows).
    public static func forward(series: [PriceSeries], positions: BarPositions, bars: Int) -> [Double] {
        returns(series: series, positions: positions, from: 0, to: bars)
    }

    /// `log(close[t] / close[t - bars])` for each row at bar `t`: the return over the
    /// previous `bars` bars. NaN when the row has no bar or the window starts before the
    /// series.
    ///
    /// - Complexity: O(rows).
    public static func backward(series: [PriceSeries], positions: BarPositions, bars: Int) -> [Double] {
        returns(series: series, positions: positions, from: -bars, to: 0)
    }

    static func returns(series: [PriceSeries], positions: BarPositions, from: Int, to: Int) -> [Double] {
        var out = [Double](repeating: .nan, count: positions.count)
        for i in 0..<positions.count {
            let s = Int(positions.series[i]), b = Int(positions.bar[i])
            guard s >= 0, b >= 0 else { continue }
            let close = series[s].close
            let a = b + from, z = b + to
            guard a >= 0, z < close.count else { continue }
            out[i] = log(close[z] / close[a])
        }
        return out
    }
}

/// Pearson correlations, on the rows where every variable involved is finite.
public enum Correlation {
    /// `scipy.stats.pearsonr(x, y)` on the pairs where both values are finite: the
    /// coefficient (NaN when fewer than 2 pairs or a constant variable) and the number of
    /// pairs.
    ///
    /// - Precondition: `x.count == y.count`.
    /// - Complexity: O(n), two passes.
    public static func pearson(_ x: [Double], _ y: [Double]) -> (r: Double, count: Int) {
        precondition(x.count == y.count, "one y per x")
        var n = 0, sx = 0.0, sy = 0.0
        for i in 0..<x.count where x[i].isFinite && y[i].isFinite {
            n += 1; sx += x[i]; sy += y[i]
        }
        guard n >= 2 else { return (.nan, n) }
        let mx = sx / Double(n), my = sy / Double(n)
        var sxx = 0.0, syy = 0.0, sxy = 0.0
        for i in 0..<x.count where x[i].isFinite && y[i].isFinite {
            let dx = x[i] - mx, dy = y[i] - my
            sxx += dx * dx; syy += dy * dy; sxy += dx * dy
        }
        guard sxx > 0, syy > 0 else { return (.nan, n) }
        return (max(-1, min(1, sxy / (sxx * syy).squareRoot())), n)
    }

    /// The three pairwise correlations of `x`, `y` and `z` on the rows where all three are
    /// finite, and their count.
    ///
    /// - Complexity: O(n), two passes.
    public static func pearson3(_ x: [Double], _ y: [Double], _ z: [Double])
        -> (xy: Double, xz: Double, yz: Double, count: Int)
    {
        precondition(x.count == y.count && x.count == z.count, "one value per row")
        var n = 0, sx = 0.0, sy = 0.0, sz = 0.0
        for i in 0..<x.count where x[i].isFinite && y[i].isFinite && z[i].isFinite {
            n += 1; sx += x[i]; sy += y[i]; sz += z[i]
        }
        guard n >= 2 else { return (.nan, .nan, .nan, n) }
        let mx = sx / Double(n), my = sy / Double(n), mz = sz / Double(n)
        var xx = 0.0, yy = 0.0, zz = 0.0, xy = 0.0, xz = 0.0, yz = 0.0
        for i in 0..<x.count where x[i].isFinite && y[i].isFinite && z[i].isFinite {
            let dx = x[i] - mx, dy = y[i] - my, dz = z[i] - mz
            xx += dx * dx; yy += dy * dy; zz += dz * dz
            xy += dx * dy; xz += dx * dz; yz += dy * dz
        }
        func r(_ c: Double, _ a: Double, _ b: Double) -> Double {
            a > 0 && b > 0 ? max(-1, min(1, c / (a * b).squareRoot())) : .nan
        }
        return (r(xy, xx, yy), r(xz, xx, zz), r(yz, yy, zz), n)
    }

    /// The partial correlation of x and y given z from the pairwise correlations:
    /// `(r_xy - r_xz r_yz) / sqrt((1 - r_xz^2)(1 - r_yz^2))` (pingouin's `partial_corr`
    /// with one covariate). 0 when x or y is (almost) a linear function of z
    /// (`1 - r^2 < 1e-12`): nothing is left to correlate beyond z.
    public static func partial(xy: Double, xz: Double, yz: Double) -> Double {
        let a = 1 - xz * xz, b = 1 - yz * yz
        guard xy.isFinite, xz.isFinite, yz.isFinite else { return .nan }
        guard a > 1e-12, b > 1e-12 else { return 0 }
        return max(-1, min(1, (xy - xz * yz) / (a * b).squareRoot()))
    }
}

/// A screen for features that know the future: each feature's correlation with the return
/// over the label's horizon after the row, against its correlation with the return over
/// the same number of bars before it.
///
/// A feature computed from past bars only may correlate strongly with the past return
/// (`ret_24` is the past return) and, through the returns' own autocorrelation, a little
/// with the future return. What the past return cannot explain is the partial correlation
/// of the feature and the future return given the past return. The rule: a feature is
/// flagged when `|partial| >= threshold` (0.1 by default: a feature that explains 1% of
/// the future return's variance beyond the past return, far more than hourly features
/// without leakage reach, and far less than a leaked one such as the future return or the
/// label itself).
public struct LeakageScreen: Sendable, Hashable {
    /// One feature's correlations.
    public struct Row: Sendable, Hashable {
        /// The feature's name.
        public var name: String
        /// Correlation with the forward return.
        public var future: Double
        /// Correlation with the backward return.
        public var past: Double
        /// Partial correlation with the forward return given the backward return.
        public var partial: Double
        /// Rows where the feature and both returns are finite.
        public var count: Int
        /// Whether `|partial| >= threshold`.
        public var flagged: Bool
    }

    /// The rule's threshold on `|partial|`.
    public let threshold: Double
    /// Correlation of the backward and forward returns over all rows where both are finite
    /// (the returns' own autocorrelation at the horizon).
    public let returnAutocorrelation: Double
    /// One row per feature, in the order given.
    public let rows: [Row]

    /// Screens `features`.
    ///
    /// - Parameters:
    ///   - features: named columns, one value per row (NaN for missing).
    ///   - future: `WindowReturns.forward` of the rows.
    ///   - past: `WindowReturns.backward` of the rows.
    ///   - threshold: the flagging threshold on the absolute partial correlation.
    /// - Complexity: O(features * rows).
    public init(features: [(name: String, values: [Double])], future: [Double], past: [Double], threshold: Double = 0.1) {
        self.threshold = threshold
        returnAutocorrelation = Correlation.pearson(past, future).r
        rows = features.map { feature in
            let c = Correlation.pearson3(feature.values, future, past)
            let partial = Correlation.partial(xy: c.xy, xz: c.xz, yz: c.yz)
            return Row(name: feature.name, future: c.xy, past: c.xz, partial: partial, count: c.count,
                       flagged: partial.isFinite && abs(partial) >= threshold)
        }
    }

    /// The names of the flagged features.
    public var flagged: [String] { rows.filter(\.flagged).map(\.name) }
}
