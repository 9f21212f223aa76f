/// numpy's default (`method='linear'`) percentile, step by step as numpy computes it, so
/// that edges equal to data values come out bit for bit.
enum LinearPercentile {
    /// `np.quantile(sorted, fraction)` for ascending `sorted` (non-empty) and `fraction`
    /// in [0, 1].
    static func value(sorted: [Double], fraction: Double) -> Double {
        let n = sorted.count
        let virtualIndex = Double(n - 1) * fraction
        if virtualIndex >= Double(n - 1) { return sorted[n - 1] }
        if virtualIndex < 0 { return sorted[0] }
        let previous = virtualIndex.rounded(.down)
        let gamma = virtualIndex - previous
        let a = sorted[Int(previous)]
        let b = sorted[Int(previous) + 1]
        // numpy's _lerp: a + (b - a) t, or b - (b - a)(1 - t) when t >= 0.5.
        let diff = b - a
        return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma
    }
}
