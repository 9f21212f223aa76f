/// The first Wasserstein (earth mover's) distance between two samples, as
/// `scipy.stats.wasserstein_distance(u, v)` (unweighted).
public enum Wasserstein {
    /// `sum |U(x_i) - V(x_i)| (x_{i+1} - x_i)` over the sorted pooled values `x`, with
    /// `U`, `V` the two ECDFs (scipy's `_cdf_distance(1, u, v)`), computed by one merge
    /// of the sorted samples. The sum is compensated (Neumaier), so it agrees with scipy's
    /// pairwise sum to well within 1e-12 relative.
    ///
    /// - Throws: `ShiftError.emptySample` when either sample is empty (scipy raises too).
    /// - Returns: the distance, in the samples' unit; infinite or NaN when a sample holds
    ///   an infinity (as scipy).
    /// - Complexity: O(n_u + n_v).
    public static func distance(_ u: SortedSample, _ v: SortedSample) throws -> Double {
        try PooledWalk(u, v).wasserstein
    }
}
