/// The alternative hypothesis of a two-sample Kolmogorov-Smirnov test, named as in
/// scipy. With `F` and `G` the CDFs of samples `a` and `b`:
public enum KSAlternative: String, Hashable, Sendable, Codable, CaseIterable {
    /// `F != G`; the statistic is `max |F_a - F_b|`.
    case twoSided = "two-sided"
    /// `F < G` somewhere; the statistic is `max(F_b - F_a)` ("D-").
    case less
    /// `F > G` somewhere; the statistic is `max(F_a - F_b)` ("D+").
    case greater
}

/// How the p-value is computed, as scipy's `method` argument.
public enum KSMethod: String, Hashable, Sendable, Codable, CaseIterable {
    /// `exact` when both samples have at most 10,000 values, else `asymp`.
    case auto
    /// Exact path counting; falls back to `asymp` when it cannot be computed.
    case exact
    /// The finite-n Kolmogorov distribution (two-sided) or Hodges' approximation
    /// (one-sided).
    case asymp
}

/// The result of `KolmogorovSmirnov.twoSample`, field for field scipy's
/// `KstestResult` from `scipy.stats.ks_2samp`.
public struct KSTestResult: Hashable, Sendable, Codable {
    /// The statistic D. With the exact method it is reported as `h / lcm(n_a, n_b)`
    /// (scipy rounds it to the lattice of attainable values).
    public var statistic: Double
    /// The p-value, in `[0, 1]`; NaN only in the degenerate case described in
    /// `KolmogorovSmirnov.twoSample`.
    public var pValue: Double
    /// The pooled-sample value where the ECDF gap D is attained (scipy's
    /// `statistic_location`): the smallest such value of sample `a` if `a` attains it
    /// there, else the smallest such value of sample `b`.
    public var statisticLocation: Double
    /// `+1` when `F_a - F_b` attains D (the `greater` side), `-1` when `F_b - F_a` does.
    public var statisticSign: Int
    /// The alternative tested.
    public var alternative: KSAlternative
    /// The method requested.
    public var requestedMethod: KSMethod
    /// The method that produced `pValue`: `.exact` or `.asymp` (after scipy's fallback).
    public var method: KSMethod
    /// Size of sample `a`.
    public var countA: Int
    /// Size of sample `b`.
    public var countB: Int
    /// The one-sided gaps as computed from the samples, before any rounding to the
    /// exact lattice: `max(F_a - F_b)` (D+) and `max(F_b - F_a)` clipped to `[0, 1]` (D-).
    public var dPlus: Double
    /// See `dPlus`.
    public var dMinus: Double

    /// Creates a result from its fields.
    public init(statistic: Double, pValue: Double, statisticLocation: Double, statisticSign: Int,
                alternative: KSAlternative, requestedMethod: KSMethod, method: KSMethod,
                countA: Int, countB: Int, dPlus: Double, dMinus: Double) {
        self.statistic = statistic
        self.pValue = pValue
        self.statisticLocation = statisticLocation
        self.statisticSign = statisticSign
        self.alternative = alternative
        self.requestedMethod = requestedMethod
        self.method = method
        self.countA = countA
        self.countB = countB
        self.dPlus = dPlus
        self.dMinus = dMinus
    }
}
