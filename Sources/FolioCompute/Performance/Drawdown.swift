/// The drawdown of an equity curve and its episodes, as backtesting.py 0.6.6 computes them
/// (`dd = 1 - equity / cummax(equity)`, `_stats.compute_drawdown_duration_peaks`).
///
/// An episode runs between two consecutive bars of the set {bars where `dd == 0`} ∪
/// {last bar} that are more than one bar apart; its depth is the largest `dd` between them
/// (both ends included) and its duration the time between them. A drawdown that is still
/// open at the last bar therefore counts as an episode ending there; a drawdown of only
/// the last bar does not (backtesting.py's rule).
public struct Drawdown: Sendable, Hashable {
    /// One drawdown episode.
    public struct Episode: Sendable, Hashable {
        /// Bar where the episode starts (the last bar at the running peak).
        public var start: Int
        /// Bar where it ends (recovery to the peak, or the last bar of the curve).
        public var end: Int
        /// Deepest drawdown inside, as a positive fraction (0.25 is -25%).
        public var depth: Double
        /// `timestamps[end] - timestamps[start]`, in seconds.
        public var durationSeconds: Int64
    }

    /// Drawdown at every bar, a fraction in [0, 1] for positive equity (0 at a new peak).
    public let values: [Double]
    /// The episodes, in time order.
    public let episodes: [Episode]

    /// Computes the drawdown of `curve`.
    ///
    /// - Complexity: O(n).
    public init(curve: EquityCurve) {
        let eq = curve.equity, ts = curve.timestamps
        let n = eq.count
        var dd = [Double](repeating: 0, count: n)
        var peak = -Double.infinity
        for i in 0..<n {
            peak = max(peak, eq[i])
            dd[i] = 1 - eq[i] / peak
        }
        var episodes: [Episode] = []
        var previous = -1
        var deepest = 0.0  // max dd since `previous`
        for i in 0..<n {
            if i > 0 { deepest = max(deepest, dd[i]) }
            guard dd[i] == 0 || i == n - 1 else { continue }
            if previous >= 0, i > previous + 1 {
                episodes.append(Episode(start: previous, end: i, depth: max(deepest, dd[previous]),
                                        durationSeconds: ts[i] - ts[previous]))
            }
            previous = i
            deepest = dd[i]
        }
        self.values = dd
        self.episodes = episodes
    }

    /// Largest drawdown, a positive fraction (0 for a curve that never falls).
    public var maximum: Double {
        var m = 0.0
        for v in values where v > m { m = v }
        return m
    }
}
