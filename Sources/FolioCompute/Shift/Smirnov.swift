#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one-sided Kolmogorov-Smirnov distribution for a finite sample: the survival
/// function `P(D+_n >= x)` of `scipy.special.smirnov(n, x)`.
///
/// A port of scipy's `_smirnov` (xsf `cephes/kolmogorov.h`, scipy 1.17.1): the
/// Birnbaum-Tingey sum evaluated in double-double arithmetic, summed from either end
/// (the "upper" sum when it has at most three terms), with the same special cases
/// (`x <= 1/n`, `x >= 1 - 1/n`, `n > 1,000,000` uses `exp(-(6nx+1)^2 / 18n)`) and the
/// same early termination. Only the survival function is kept (the CDF and density that
/// scipy computes alongside are not needed by folio). For large n the same sum is taken
/// outward from its largest term instead, with bounded early exits on both sides
/// (`Smirnov+OutwardSum.swift`).
enum Smirnov {
    /// `log(2^-1075)`: `exp` of anything below underflows (cephes `MINLOG`).
    static let minLog = -7.451332191019412076235e2
    static let maxComputeN = 1_000_000
    static let upperSumMaxTerms = 3
    static let upperSumMinN = 10
    static let maxExponent = 960

    /// `scipy.special.smirnov(n, x)`: `P(D+_n >= x)`, clipped to `[0, 1]`; NaN for NaN
    /// `x`, `n <= 0` or `x` outside `[0, 1]`.
    ///
    /// For `n >= 500` with `n x^2` between about 2 and 345 the sum is taken outward from
    /// its peak (`outwardSum`, within a few ulp of scipy's); `allowingOutwardSum: false`
    /// keeps scipy's term-by-term loop everywhere (for comparison in tests).
    ///
    /// - Complexity: O(n) terms at most, usually far fewer (the sum stops once the
    ///   remaining terms cannot change it); about 70 ns a term on the outward path
    ///   against about 470 ns in scipy's loop.
    static func sf(n: Int, x: Double, allowingOutwardSum: Bool = true) -> Double {
        guard !x.isNaN, n > 0, x >= 0, x <= 1 else { return .nan }
        if n == 1 { return 1 - x }
        if x == 0 { return 1 }
        if x == 1 { return 0 }

        let (alpha, nxFloor) = modNX(n: n, x: x)
        var n1mxFloor = n - nxFloor - (alpha == 0 ? 0 : 1)
        var n1mxCeil = n - nxFloor
        if alpha == 0 {
            n1mxFloor -= 1
            n1mxCeil += 1
        }
        // x <= 1/n
        if nxFloor == 0 || (nxFloor == 1 && alpha == 0) {
            let t = pow2(1, x, n - 1)
            return 1 - x * t
        }
        // The survival function underflows.
        if Double(-2 * n) * x * x < minLog { return 0 }
        // x >= 1 - 1/n
        if nxFloor >= n - 1 { return pow2(1, -x, n) }
        if n > maxComputeN {
            let logp = -pow(6.0 * Double(n) * x + 1, 2) / 18.0 / Double(n)
            if logp < -M_LN2 { return exp(logp) }
            return 1 - (-expm1(logp))
        }

        let nUpperTerms = n - n1mxCeil + 1
        var useUpperSum = nUpperTerms <= 1 && x < 0.5
        useUpperSum = useUpperSum
            || (n >= upperSumMinN && nUpperTerms <= upperSumMaxTerms && x <= 0.5 / Double(n).squareRoot())

        if allowingOutwardSum && !useUpperSum && usesOutwardSum(n: n, x: x) {
            let ajSum = outwardSum(n: n, x: x, last: n1mxFloor)
            return min(max((x * ajSum).hi, 0), 1)
        }

        var start = 0
        var step = 1
        var nTerms = n1mxFloor + 1
        let vmid = n / 2
        var cMan = DoubleDouble(1)
        var cExp = 0
        var aj: DoubleDouble
        if useUpperSum {
            start = n
            step = -1
            nTerms = n - n1mxCeil + 1
            aj = pow4(1, x, 1, 0, n - 1)
        } else {
            let t2 = pow4(1, -x, 1, 0, n)
            aj = t2 / x
        }
        var ajSum = DoubleDouble(0) + aj
        updateBinomial(&cMan, &cExp, n: n, j: 0)
        var j = 1
        while j < nTerms {
            let v = start + j * step
            aj = computeAv(n: n, x: x, v: v, cMan: cMan, cExp: cExp)
            let ajIsZero = aj.isZero
            if aj.isFinite && !ajIsZero { ajSum = ajSum + aj }
            if !ajIsZero {
                if Double(4 * (nTerms - j)) * abs(aj.hi) < Double.ulpOfOne * ajSum.hi && j != nTerms - 1 {
                    break
                }
            } else if j > vmid {
                break
            }
            updateBinomial(&cMan, &cExp, n: n, j: j)
            j += 1
        }
        let prob = (x * ajSum).hi
        let sf = step < 0 ? 1 - prob : prob
        return min(max(sf, 0), 1)
    }

    /// `floor(n * x)` and the remainder, computed exactly in double-double (`modNX`).
    static func modNX(n: Int, x: Double) -> (alpha: Double, nxFloor: Int) {
        let nxD = Double(n) * DoubleDouble(x)
        let nxFloorD = nxD.floor
        var alpha = (nxD - nxFloorD).hi
        var nxFloor = Int(nxFloorD.hi)
        if alpha == 1 {
            nxFloor += 1
            alpha = 0
        }
        return (alpha, nxFloor)
    }

    /// Multiplies the binomial coefficient held as (mantissa, exponent) by `(n-j)/(j+1)`.
    static func updateBinomial(_ cMan: inout DoubleDouble, _ cExp: inout Int, n: Int, j: Int) {
        let rat = DoubleDouble(Double(n - j)) / (Double(j) + 1.0)
        let (man, e) = (cMan * rat).frexp()
        cExp += e
        cMan = man
    }

    /// `a^m` for a double-double `a`: `pow` on the leading word, corrected for the low
    /// word to first or second order (`pow_D`).
    static func powD(_ a: DoubleDouble, _ m: Int) -> DoubleDouble {
        if m <= 0 {
            if m == 0 { return DoubleDouble(1) }
            return 1.0 / powD(a, -m)
        }
        if a.isZero { return DoubleDouble(0) }
        let ans = pow(a.hi, Double(m))
        let r = a.lo / a.hi
        var adj = Double(m) * r
        if abs(adj) > 1e-8 {
            if abs(adj) < 1e-4 {
                adj += (Double(m) * r) * ((Double(m) - 1) / 2.0 * r)
            } else {
                adj = expm1(Double(m) * log1p(r))
            }
        }
        return DoubleDouble(ans) + ans * adj
    }

    static func pow2(_ a: Double, _ b: Double, _ m: Int) -> Double {
        powD(DoubleDouble(a) + b, m).hi
    }

    /// scipy's `nextPowerOf2` (which, despite its name, returns `x` rounded up by an ulp).
    static func nextPowerOf2(_ x: Double) -> Double {
        let q = Double(sign: .plus, exponent: -Double.significandBitCount, significand: x)
        var l = abs(q + x)
        if l == 0 {
            l = abs(x)
        } else if l < 2_147_483_648, Double(Int32(l)) == l {
            l = Double(Int32(l))
        }
        return l
    }

    /// `a^m` as a mantissa in `[0.5, 1)` and a binary exponent, splitting the power so
    /// that no intermediate underflows (`pow2Scaled_D`).
    static func pow2Scaled(_ a: DoubleDouble, _ m: Int) -> (DoubleDouble, Int) {
        if m <= 0 {
            if m == 0 { return (DoubleDouble(1), 0) }
            let (ans, e1) = pow2Scaled(a, -m)
            let (inv, e2) = (1.0 / ans).frexp()
            return (inv, -e1 + e2)
        }
        let (y, yE) = a.frexp()
        if m == 1 { return (y, yE) }
        var maxExpt = maxExponent
        if Double(m) * (y.hi - 1) / y.hi < Double(-maxExponent) * M_LN2 {
            let lg2y = log(y.hi) / M_LN2
            let lgAns = Double(m) * lg2y
            if lgAns <= Double(-maxExponent) {
                maxExpt = Int(nextPowerOf2(Double(-maxExponent) / lg2y + 1) / 2)
            }
        }
        if m <= maxExpt {
            var (ans, ansE) = powD(y, m).frexp()
            ansE += m * yE
            return (ans, ansE)
        }
        let q = m / maxExpt
        let r = m % maxExpt
        let (y2r, y2rE) = pow2Scaled(y, r)
        let (y2m, y2mE) = pow2Scaled(y, maxExpt)
        let (y2mq, y2mqE) = pow2Scaled(y2m, q)
        let (ans, ansE) = (y2r * y2mq).frexp()
        return (ans, ansE + y2mqE + y2mE * q + y2rE + m * yE)
    }

    /// `((a + b) / (c + d))^m` (`pow4_D`).
    static func pow4(_ a: Double, _ b: Double, _ c: Double, _ d: Double, _ m: Int) -> DoubleDouble {
        if m <= 0 {
            if m == 0 { return DoubleDouble(1) }
            return pow4(c, d, a, b, -m)
        }
        let numerator = DoubleDouble(a) + b
        let denominator = DoubleDouble(c) + d
        if numerator.isZero {
            return denominator.isZero ? DoubleDouble(.nan, .nan) : DoubleDouble(0)
        }
        if denominator.isZero {
            return numerator < 0 ? DoubleDouble(-.infinity, -.infinity) : DoubleDouble(.infinity, .infinity)
        }
        return powD(numerator / denominator, m)
    }

    /// One term of the sum: `binom(n, v) (1 - x - v/n)^(n-v) (x + v/n)^(v-1)`
    /// (`computeAv`).
    static func computeAv(n: Int, x: Double, v: Int, cMan: DoubleDouble, cExp: Int) -> DoubleDouble {
        let (powers, exponent) = powerPart(n: n, x: x, v: v)
        let ans = powers * cMan
        return ans.scaled(by: cExp + exponent)
    }

    /// `(x + v/n)^(v-1) (1 - x - v/n)^(n-v)` as a mantissa and a binary exponent, computed
    /// as `computeAv` does.
    static func powerPart(n: Int, x: Double, v: Int) -> (DoubleDouble, Int) {
        let t2x = DoubleDouble(Double(n - v)) / Double(n) - x
        let (t2, t2E) = pow2Scaled(t2x, n - v)
        let t1x = DoubleDouble(Double(v)) / Double(n) + x
        let (t1, t1E) = pow2Scaled(t1x, v - 1)
        return (t1 * t2, t1E + t2E)
    }
}
