/// How `CalibrationCurve` places its bin edges (`strategy` of
/// `sklearn.calibration.calibration_curve`).
public enum CalibrationStrategy: String, Hashable, Sendable, Codable, CaseIterable {
    /// Equal-width bins on [0, 1]: `np.linspace(0, 1, bins + 1)`.
    case uniform
    /// Bins with equal counts: edges at `np.percentile(p, linspace(0, 1, bins + 1) * 100)`
    /// (linear interpolation).
    case quantile
}

/// A reliability diagram: `sklearn.calibration.calibration_curve(y, p, n_bins=...,
/// strategy=...)`, with the number of rows per bin added.
///
/// A probability goes to bin `searchsorted(edges[1:-1], p, 'left')`, so a probability
/// equal to an inner edge belongs to the bin below it. Empty bins are dropped, as in
/// scikit-learn, so the arrays can be shorter than the number of bins.
public struct CalibrationCurve: Equatable, Sendable, Codable {
    /// The share of positives in each non-empty bin (scikit-learn's `prob_true`).
    public var fractionOfPositives: [Double]
    /// The mean predicted probability in each non-empty bin (`prob_pred`).
    public var meanPredicted: [Double]
    /// The number of rows in each non-empty bin.
    public var counts: [Int]
    /// All `bins + 1` edges, empty bins included.
    public var edges: [Double]

    /// - Parameters:
    ///   - bins: the number of bins (scikit-learn's `n_bins`, default 5), at least 1.
    ///   - strategy: `.uniform` (default) or `.quantile`.
    /// - Throws: `ClassificationError` for empty input, mismatched lengths, probabilities
    ///   outside [0, 1] or NaN, and fewer than one bin.
    /// - Complexity: O(n log bins); `.quantile` adds an O(n) radix sort.
    public init(labels: BinaryLabels, probabilities: [Double], bins: Int = 5,
                strategy: CalibrationStrategy = .uniform) throws {
        guard bins >= 1 else {
            throw ClassificationError.invalidParameter(name: "bins", reason: "must be at least 1, got \(bins)")
        }
        try ClassificationInput.checkProbabilities(probabilities, labelCount: labels.count)
        // np.linspace(0, 1, bins + 1): i * step + 0, the last set to exactly 1.
        let step = 1.0 / Double(bins)
        var quantiles = (0...bins).map { Double($0) * step }
        quantiles[bins] = 1
        var edges: [Double]
        switch strategy {
        case .uniform:
            edges = quantiles
        case .quantile:
            var keys = probabilities.map(ScoreKeys.key)
            ScoreKeys.sort(&keys)
            let sorted = keys.map(ScoreKeys.value)
            // np.percentile(p, q * 100) divides by 100 again before interpolating.
            edges = quantiles.map { LinearPercentile.value(sorted: sorted, fraction: ($0 * 100) / 100) }
        }
        let inner = Array(edges.dropFirst().dropLast())
        var sums = [Double](repeating: 0, count: bins)
        var trues = [Double](repeating: 0, count: bins)
        var totals = [Int](repeating: 0, count: bins)
        labels.values.withUnsafeBufferPointer { y in
            probabilities.withUnsafeBufferPointer { p in
                inner.withUnsafeBufferPointer { e in
                    for i in 0..<p.count {
                        // searchsorted 'left': the number of inner edges strictly below p.
                        var lo = 0
                        var hi = e.count
                        while lo < hi {
                            let mid = (lo + hi) / 2
                            if e[mid] < p[i] { lo = mid + 1 } else { hi = mid }
                        }
                        sums[lo] += p[i]
                        trues[lo] += Double(y[i])
                        totals[lo] += 1
                    }
                }
            }
        }
        var fraction: [Double] = []
        var mean: [Double] = []
        var counts: [Int] = []
        for b in 0..<bins where totals[b] != 0 {
            fraction.append(trues[b] / Double(totals[b]))
            mean.append(sums[b] / Double(totals[b]))
            counts.append(totals[b])
        }
        self.fractionOfPositives = fraction
        self.meanPredicted = mean
        self.counts = counts
        self.edges = edges
    }
}
