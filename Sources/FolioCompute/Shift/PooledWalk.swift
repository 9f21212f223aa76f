/// One merge of two sorted samples over their pooled distinct values, giving both the
/// Kolmogorov-Smirnov gaps (`KolmogorovSmirnov.gaps`) and the Wasserstein distance
/// (`Wasserstein.distance`): both read the two ECDFs at every pooled value, so `ks-test`
/// walks each feature's samples once for the two (the walks were 13% of perf.md's CPU).
struct PooledWalk {
    /// The ECDF gaps, as scipy's `ks_2samp` finds them.
    var gaps: KolmogorovSmirnov.Gaps
    /// `scipy.stats.wasserstein_distance(a, b)`.
    var wasserstein: Double

    /// Walks `a` and `b` (both non-empty).
    ///
    /// At each pooled value `x`, ascending: `i` and `j` values of `a` and `b` are `<= x`, and
    /// `F_a - F_b = i / n_a - j / n_b` (each cdf `count / n` in floating point, as scipy).
    /// - KS: the largest and smallest difference and where they are attained; on ties, the
    ///   first in `concat(sorted a, sorted b)` order (numpy's argmax/argmin), so a value
    ///   present in `a` wins.
    /// - Wasserstein: `|F_a - F_b| (x' - x)` summed over consecutive pooled values `x < x'`
    ///   (scipy's `_cdf_distance(1, u, v)`), compensated (Neumaier), so that it agrees with
    ///   scipy's pairwise sum to well within 1e-12 relative. With an infinite value the
    ///   distance is scipy's: infinite, or NaN where a zero ECDF gap meets an infinite step.
    ///
    /// - Throws: `ShiftError.emptySample`.
    /// - Complexity: O(n_a + n_b).
    init(_ a: SortedSample, _ b: SortedSample) throws {
        try a.requireValues()
        try b.requireValues()
        let na = Double(a.count)
        let nb = Double(b.count)
        (gaps, wasserstein) = a.values.withUnsafeBufferPointer { av in
            b.values.withUnsafeBufferPointer { bv in
                let nA = av.count
                let nB = bv.count
                var i = 0
                var j = 0
                var maxDiff = -Double.infinity
                var maxLocation = Double.nan
                var maxInA = false
                var minDiff = Double.infinity
                var minLocation = Double.nan
                var minInA = false
                var sum = 0.0
                var compensation = 0.0
                var x = av[0] <= bv[0] ? av[0] : bv[0]
                while true {
                    let startI = i
                    while i < nA && av[i] <= x { i += 1 }
                    while j < nB && bv[j] <= x { j += 1 }
                    let inA = i > startI
                    let diff = Double(i) / na - Double(j) / nb
                    if diff > maxDiff || (diff == maxDiff && inA && !maxInA) {
                        maxDiff = diff
                        maxLocation = x
                        maxInA = inA
                    }
                    if diff < minDiff || (diff == minDiff && inA && !minInA) {
                        minDiff = diff
                        minLocation = x
                        minInA = inA
                    }
                    if i == nA && j == nB { break }
                    let next = i < nA && (j == nB || av[i] <= bv[j]) ? av[i] : bv[j]
                    let term = abs(diff) * (next - x)
                    let t = sum + term
                    compensation += abs(sum) >= abs(term) ? (sum - t) + term : (term - t) + sum
                    sum = t
                    x = next
                }
                let minS = Swift.min(Swift.max(-minDiff, 0), 1)
                let gaps = KolmogorovSmirnov.Gaps(dPlus: maxDiff, dPlusLocation: maxLocation, dMinus: minS, dMinusLocation: minLocation)
                // An infinite term makes the compensation NaN (inf - inf); the sum itself is
                // then scipy's: infinite, or NaN where a zero gap met an infinite step.
                return (gaps, sum.isFinite ? sum + compensation : sum)
            }
        }
    }
}
