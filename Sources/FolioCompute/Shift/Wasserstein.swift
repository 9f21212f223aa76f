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
        try u.requireValues()
        try v.requireValues()
        let nu = Double(u.count)
        let nv = Double(v.count)
        return u.values.withUnsafeBufferPointer { a in
            v.values.withUnsafeBufferPointer { b in
                var i = 0
                var j = 0
                var sum = 0.0
                var compensation = 0.0
                // The current pooled value; every pooled value <= it has been consumed.
                var x: Double
                if a[0] <= b[0] { x = a[0] } else { x = b[0] }
                while true {
                    while i < a.count && a[i] <= x { i += 1 }
                    while j < b.count && b[j] <= x { j += 1 }
                    if i == a.count && j == b.count { break }
                    let next: Double
                    if i < a.count && (j == b.count || a[i] <= b[j]) { next = a[i] } else { next = b[j] }
                    let term = abs(Double(i) / nu - Double(j) / nv) * (next - x)
                    let t = sum + term
                    compensation += abs(sum) >= abs(term) ? (sum - t) + term : (term - t) + sum
                    sum = t
                    x = next
                }
                return sum + compensation
            }
        }
    }
}
