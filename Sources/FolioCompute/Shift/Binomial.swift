#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The binomial coefficient in floating point as `scipy.special.binom` computes it
/// (xsf `binom.h`), restricted to the integer arguments `0 <= k <= n` that the exact
/// two-sample Kolmogorov-Smirnov counts use.
///
/// For `k < 20` (after the symmetry `k -> n - k`) scipy's multiplication formula is used
/// as is, so small coefficients are exact. Larger ones are `1 / (n + 1) / B(n - k + 1,
/// k + 1)` with cephes' Beta function structure (Gamma products below 171.6, `lgamma`
/// sums above it); folio evaluates those Gamma functions with the C library's
/// `tgamma` / `lgamma_r` instead of cephes' series, which agrees to about 1e-13
/// relative.
enum Binomial {
    static let maxGamma = 171.624376956302725
    static let maxLog = 7.09782712893383996732e2

    static func coefficient(_ n: Double, _ k: Double) -> Double {
        if n < 0, n == n.rounded(.down) { return .nan }
        var kx = k.rounded(.down)
        if k == kx && (abs(n) > 1e-8 || n == 0) {
            let nx = n.rounded(.down)
            if nx == n && kx > nx / 2 && nx > 0 { kx = nx - kx }
            if kx >= 0 && kx < 20 {
                var num = 1.0
                var den = 1.0
                var i = 1
                while i < 1 + Int(kx) {
                    num *= Double(i) + n - kx
                    den *= Double(i)
                    if abs(num) > 1e50 {
                        num /= den
                        den = 1
                    }
                    i += 1
                }
                return num / den
            }
        }
        if n >= 1e10 * k && k > 0 {
            return exp(-logBeta(1 + n - k, 1 + k) - log(n + 1))
        }
        return 1 / (n + 1) / beta(1 + n - k, 1 + k)
    }

    static func logGamma(_ x: Double) -> Double {
        var sign: Int32 = 0
        return lgamma_r(x, &sign)
    }

    /// cephes `beta(a, b)` for `a, b >= 1`.
    static func beta(_ a0: Double, _ b0: Double) -> Double {
        var a = a0
        var b = b0
        if abs(a) < abs(b) { swap(&a, &b) }
        if abs(a) > 1e6 * abs(b) && a > 1e6 { return exp(logBetaAsymptotic(a, b)) }
        let y = a + b
        if abs(y) > maxGamma || abs(a) > maxGamma || abs(b) > maxGamma {
            var l = logGamma(y)
            l = logGamma(b) - l
            l = logGamma(a) + l
            if l > maxLog { return .infinity }
            return exp(l)
        }
        let ry = 1 / tgamma(y)
        let ga = tgamma(a)
        let gb = tgamma(b)
        if ry.isInfinite { return .infinity }
        if abs(abs(ga * ry) - 1.0) > abs(abs(gb * ry) - 1.0) {
            return (gb * ry) * ga
        }
        return (ga * ry) * gb
    }

    /// cephes `lbeta(a, b)` for `a, b >= 1`.
    static func logBeta(_ a0: Double, _ b0: Double) -> Double {
        var a = a0
        var b = b0
        if abs(a) < abs(b) { swap(&a, &b) }
        if abs(a) > 1e6 * abs(b) && a > 1e6 { return logBetaAsymptotic(a, b) }
        let y = a + b
        if abs(y) > maxGamma || abs(a) > maxGamma || abs(b) > maxGamma {
            var l = logGamma(y)
            l = logGamma(b) - l
            return logGamma(a) + l
        }
        return log(abs(beta(a, b)))
    }

    /// `log B(a, b)` for `a > 1e6 max(b, 1)` (cephes `lbeta_asymp`).
    static func logBetaAsymptotic(_ a: Double, _ b: Double) -> Double {
        var r = logGamma(b)
        r -= b * log(a)
        r += b * (1 - b) / (2 * a)
        r += b * (1 - b) * (1 - 2 * b) / (12 * a * a)
        r += -b * b * (1 - b) * (1 - b) / (12 * a * a * a)
        return r
    }
}
