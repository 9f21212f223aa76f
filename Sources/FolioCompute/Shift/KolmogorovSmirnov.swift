#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The two-sample Kolmogorov-Smirnov test, exactly as `scipy.stats.ks_2samp`
/// (scipy 1.17.1) computes it.
public enum KolmogorovSmirnov {
    /// scipy's `MAX_AUTO_N`: `method: .auto` is exact up to this many values per sample.
    public static let maxAutoExactCount = 10_000

    /// The ECDF gaps of two samples, found by one linear merge.
    public struct Gaps: Hashable, Sendable {
        /// `max(F_a - F_b)` over the pooled values (scipy's `maxS`), `>= 0`.
        public var dPlus: Double
        /// Where `dPlus` is attained (scipy's `loc_maxS`, the first pooled value in
        /// `concat(sorted a, sorted b)` order).
        public var dPlusLocation: Double
        /// `clip(-min(F_a - F_b), 0, 1)` (scipy's `minS`).
        public var dMinus: Double
        /// Where the minimum of `F_a - F_b` is attained (scipy's `loc_minS`).
        public var dMinusLocation: Double
    }

    /// The gaps between the ECDFs of `a` and `b`, computed as scipy does (`cdf_a(x) -
    /// cdf_b(x)` at every pooled value, each cdf `count / n` in floating point) but by a
    /// merge of the two sorted samples instead of binary searches.
    ///
    /// - Throws: `ShiftError.emptySample`.
    /// - Complexity: O(n_a + n_b).
    public static func gaps(_ a: SortedSample, _ b: SortedSample) throws -> Gaps {
        try PooledWalk(a, b).gaps
    }

    /// The two-sample Kolmogorov-Smirnov test of `a` against `b`, as
    /// `scipy.stats.ks_2samp(a, b, alternative, method)`.
    ///
    /// - D: `greater` uses D+ = `max(F_a - F_b)`, `less` D- = `max(F_b - F_a)`;
    ///   two-sided takes D- when it is strictly larger, else D+.
    /// - `method: .auto` is exact when both samples have at most 10,000 values.
    /// - Exact: with `g = gcd(n_a, n_b)` and `lcm = n_a n_b / g`, `h = round(D lcm)`
    ///   (half to even) and D is reported as `h / lcm`. Two-sided p: equal sizes by
    ///   scipy's `_compute_prob_outside_square`, unequal sizes by
    ///   `_compute_outer_prob_inside_method`. One-sided: equal sizes
    ///   `prod_{j<h} (n - j)/(n + j + 1)`, unequal sizes
    ///   `_count_paths_outside_method / binom(n_a + n_b, n_a)`. An explicit `.exact` with
    ///   `n_a/g >= (2^31 - 1) / (n_b/g)` is answered asymptotically; so is any exact
    ///   computation that overflows or leaves `[0, 1]` (scipy warns; folio reports it in
    ///   `method`).
    /// - Asymptotic: with `m >= n` the sizes and `en = m n / (m + n)`: two-sided
    ///   `kstwo.sf(D, round(en))` (`KolmogorovDistribution.sf`); one-sided Hodges'
    ///   `exp(-2 z^2 - 2 z (m + 2n) / sqrt(m n (m + n)) / 3)` with `z = sqrt(en) D`.
    ///   The p-value is clipped to `[0, 1]`. The one degenerate case is a two-sided
    ///   asymptotic test of one value against one value: `round(0.5) = 0` is not a valid
    ///   `n` for `kstwo`, and the p-value is NaN, as in scipy.
    ///
    /// - Throws: `ShiftError.emptySample` when either sample is empty.
    /// - Complexity: O(n_a + n_b) for D and the asymptotic p-values (plus O(n) for
    ///   `smirnov` terms); the exact p-values cost O(n_a h / (n_a / g)) two-sided and
    ///   O(n^2) one-sided with unequal sizes.
    public static func twoSample(
        _ a: SortedSample, _ b: SortedSample,
        alternative: KSAlternative = .twoSided, method: KSMethod = .auto
    ) throws -> KSTestResult {
        let gaps = try gaps(a, b)
        return test(gaps: gaps, countA: a.count, countB: b.count, alternative: alternative, method: method)
    }

    /// `twoSample(a, b, alternative:method:)` and `Wasserstein.distance(a, b)`, from one
    /// walk over the two samples (`PooledWalk`): the same values as the two calls.
    ///
    /// - Throws: `ShiftError.emptySample` when either sample is empty.
    public static func twoSampleWithWasserstein(
        _ a: SortedSample, _ b: SortedSample,
        alternative: KSAlternative = .twoSided, method: KSMethod = .auto
    ) throws -> (test: KSTestResult, wasserstein: Double) {
        let walk = try PooledWalk(a, b)
        return (test(gaps: walk.gaps, countA: a.count, countB: b.count, alternative: alternative, method: method), walk.wasserstein)
    }

    /// The test from gaps computed on samples of `countA` and `countB` values (both at
    /// least 1; `twoSample` guarantees it).
    static func test(
        gaps: Gaps, countA n1: Int, countB n2: Int,
        alternative: KSAlternative = .twoSided, method requested: KSMethod = .auto
    ) -> KSTestResult {
        var d: Double
        var location: Double
        var sign: Int
        if alternative == .less || (alternative == .twoSided && gaps.dMinus > gaps.dPlus) {
            d = gaps.dMinus
            location = gaps.dMinusLocation
            sign = -1
        } else {
            d = gaps.dPlus
            location = gaps.dPlusLocation
            sign = 1
        }
        let g = gcd(n1, n2)
        let n1g = n1 / g
        let n2g = n2 / g
        var mode = requested
        if mode == .auto {
            mode = Swift.max(n1, n2) <= maxAutoExactCount ? .exact : .asymp
        } else if mode == .exact {
            if Double(n1g) >= Double(Int32.max) / Double(n2g) { mode = .asymp }
        }
        var prob = -Double.infinity
        if mode == .exact {
            let attempt = attemptExact(n1: n1, n2: n2, g: g, d: d, alternative: alternative)
            d = attempt.d
            if let p = attempt.probability {
                prob = p
            } else {
                mode = .asymp
            }
        }
        if mode == .asymp {
            let m = Double(Swift.max(n1, n2))
            let n = Double(Swift.min(n1, n2))
            let en = m * n / (m + n)
            if alternative == .twoSided {
                let roundedEn = en.rounded(.toNearestOrEven)
                prob = kstwoSF(d, n: roundedEn)
            } else {
                let z = en.squareRoot() * d
                let exponent = -2 * (z * z) - 2 * z * (m + 2 * n) / (m * n * (m + n)).squareRoot() / 3.0
                prob = exp(exponent)
            }
        }
        let p = prob.isNaN ? prob : Swift.min(Swift.max(prob, 0), 1)
        return KSTestResult(
            statistic: d, pValue: p, statisticLocation: location, statisticSign: sign,
            alternative: alternative, requestedMethod: requested, method: mode,
            countA: n1, countB: n2, dPlus: gaps.dPlus, dMinus: gaps.dMinus)
    }

    /// `scipy.stats.kstwo.sf(x, n)` including `rv_continuous`'s support handling: NaN
    /// for an invalid `n`, 1 at or below `0.5 / n`, 0 at or above 1.
    static func kstwoSF(_ x: Double, n: Double) -> Double {
        guard n >= 1, n == n.rounded(), !x.isNaN, n < Double(Int.max) else { return .nan }
        if x <= 0.5 / n { return 1 }
        if x >= 1 { return 0 }
        return KolmogorovDistribution.sf(n: Int(n), x: x)
    }

    static func gcd(_ a: Int, _ b: Int) -> Int {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }
}
