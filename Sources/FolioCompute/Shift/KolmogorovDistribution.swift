#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

#if arch(x86_64) || arch(i386)
/// numpy's `longdouble` on this platform: the x87 80-bit extended format. scipy's
/// Durbin and Pomeranz routines switch to it once they rescale an intermediate
/// product by `2^±128`; folio follows them so that their last roundings agree.
typealias LongDouble = Float80
#else
/// numpy's `longdouble` is not representable here; Double is the closest available
/// and differs from scipy only in the last bits.
typealias LongDouble = Double
#endif

/// The distribution of the two-sided one-sample Kolmogorov-Smirnov statistic
/// `D_n = sup |F_n - F|` for a finite sample of size `n`: scipy's `kstwo` (its
/// `kolmogn` in `scipy/stats/_ksstats.py`, scipy 1.17.1), and the one-sided
/// `scipy.special.smirnov`.
///
/// The regimes are scipy's (Simard and L'Ecuyer 2011): the Ruben-Gambino closed forms
/// for `n x <= 1` and `n x >= n - 1`; `2 * smirnov(n, x)` for `x >= 0.5`; for
/// `n <= 140`, the Durbin matrix (Marsaglia-Tsang-Wang) when `n x^2 <= 0.754693`,
/// Pomeranz's recursion when `n x^2 <= 4`, else `2 * smirnov`; for `n > 140`, the
/// survival function is `0` when `n x^2 >= 370`, `2 * smirnov` when `n x^2 >= 2.2`, and
/// otherwise `1 - CDF` where the CDF is `1` when `n x^2 >= 18`, the Durbin matrix when
/// `n <= 100,000` and `n x^1.5 <= 1.4`, else the Pelz-Good asymptotic series.
public enum KolmogorovDistribution {
    static let e128 = 128
    static let ep128 = Double(sign: .plus, exponent: 128, significand: 1)
    static let em128 = Double(sign: .plus, exponent: -128, significand: 1)
    static let sqrt2Pi = (2 * Double.pi).squareRoot()
    static let log2Pi = log(2 * Double.pi)
    static let minLog = -708.0
    static let sqrt3 = 3.0.squareRoot()
    static let piSquared = Double.pi * Double.pi
    static let piFour = pow(Double.pi, 4)
    static let piSix = pow(Double.pi, 6)
    /// Stirling coefficients `B_2j / (2j (2j-1))` for j = 8 ... 1.
    static let stirlingCoefficients: [Double] = [
        -2.955065359477124183e-2, 6.4102564102564102564e-3,
        -1.9175269175269175269e-3, 8.4175084175084175084e-4,
        -5.952380952380952381e-4, 7.9365079365079365079e-4,
        -2.7777777777777777778e-3, 8.3333333333333333333e-2,
    ]

    /// `P(D_n > x)`, as `scipy.stats.kstwo.sf(x, n)` (`kolmogn(n, x, cdf=False)`).
    ///
    /// - Returns: a probability in `[0, 1]`; NaN when `n < 1` or `x` is NaN.
    /// - Complexity: O(1) for the closed forms and Pelz-Good; O(n) for `smirnov`;
    ///   O(k^3 log n) with `k = ceil(n x)` for the Durbin matrix; O(n (n x)^2) for Pomeranz.
    public static func sf(n: Int, x: Double) -> Double {
        kolmogn(n: n, x: x, cdf: false)
    }

    /// `P(D_n <= x)`, as `scipy.stats.kstwo.cdf(x, n)` (`kolmogn(n, x)`).
    ///
    /// - Returns: a probability in `[0, 1]`; NaN when `n < 1` or `x` is NaN.
    public static func cdf(n: Int, x: Double) -> Double {
        kolmogn(n: n, x: x, cdf: true)
    }

    /// `P(D+_n >= x)` for the one-sided statistic, as `scipy.special.smirnov(n, x)`.
    ///
    /// - Returns: a probability in `[0, 1]`; NaN when `n < 1` or `x` is NaN or outside
    ///   `[0, 1]`.
    public static func oneSidedSF(n: Int, x: Double) -> Double {
        Smirnov.sf(n: n, x: x)
    }

    // MARK: - kolmogn

    static func clip(_ p: Double) -> Double { p.isNaN ? p : min(max(p, 0), 1) }
    static func clip(_ p: LongDouble) -> LongDouble { p.isNaN ? p : min(max(p, 0), 1) }

    /// `_select_and_clip_prob(cdf, sf, cdf=wantCDF)`.
    static func select(_ cdfValue: Double, _ sfValue: Double, _ wantCDF: Bool) -> Double {
        clip(wantCDF ? cdfValue : sfValue)
    }

    /// A CDF from the Durbin or Pomeranz routine, carried in numpy's `longdouble` when
    /// scipy's value had become one; its complement is taken in the same precision.
    struct Mixed {
        var value: LongDouble
        var isExtended: Bool

        func selected(wantCDF: Bool) -> Double {
            if isExtended {
                let c = KolmogorovDistribution.clip(value)
                return Double(KolmogorovDistribution.clip(wantCDF ? c : 1 - c))
            }
            let c = KolmogorovDistribution.clip(Double(value))
            return KolmogorovDistribution.clip(wantCDF ? c : 1 - c)
        }
    }

    /// `_kolmogn(n, x, cdf)`.
    static func kolmogn(n: Int, x: Double, cdf: Bool) -> Double {
        guard n > 0, !x.isNaN else { return .nan }
        if x >= 1 { return select(1, 0, cdf) }
        if x <= 0 { return select(0, 1, cdf) }
        let nd = Double(n)
        let t = nd * x
        if t <= 1 {
            if t <= 0.5 { return select(0, 1, cdf) }
            let prob: Double
            if n <= 140 {
                var product = 1.0
                let base = 2 * t - 1
                for i in 1...n { product *= Double(i) * (1.0 / nd) * base }
                prob = product
            } else {
                prob = exp(logFactorialOverPower(n) + nd * log(2 * t - 1))
            }
            return select(prob, 1 - prob, cdf)
        }
        if t >= nd - 1 {
            let prob = 2 * pow(1 - x, nd)
            return select(1 - prob, prob, cdf)
        }
        if x >= 0.5 {
            let prob = 2 * Smirnov.sf(n: n, x: x)
            return select(1 - prob, prob, cdf)
        }
        let nxSquared = t * x
        if n <= 140 {
            if nxSquared <= 0.754693 { return durbin(n: n, d: x).selected(wantCDF: cdf) }
            if nxSquared <= 4 { return pomeranz(n: n, x: x).selected(wantCDF: cdf) }
            let prob = 2 * Smirnov.sf(n: n, x: x)
            return select(1 - prob, prob, cdf)
        }
        if !cdf {
            if nxSquared >= 370 { return 0 }
            if nxSquared >= 2.2 { return clip(2 * Smirnov.sf(n: n, x: x)) }
        }
        if nxSquared >= 18 { return select(1, 0, cdf) }
        if n <= 100_000 && nd * pow(x, 1.5) <= 1.4 {
            return durbin(n: n, d: x).selected(wantCDF: cdf)
        }
        let p = pelzGood(n: n, x: x)
        return select(p, 1 - p, cdf)
    }

    /// `log(n! / n^n)` by Stirling's series with `n log n` removed
    /// (`_log_nfactorial_div_n_pow_n`).
    static func logFactorialOverPower(_ n: Int) -> Double {
        let nd = Double(n)
        let rn = 1.0 / nd
        var poly = 0.0
        let z = rn / nd
        for c in stirlingCoefficients { poly = poly * z + c }
        return log(nd) / 2 - nd + log2Pi / 2 + rn * poly
    }

    // MARK: Durbin matrix, Marsaglia-Tsang-Wang

    /// `Pr(D_n <= d)` by the Durbin matrix as Marsaglia, Tsang and Wang evaluate it
    /// (`_kolmogn_DMTW`): the k-th diagonal entry of `H^n` (with `d = (k - h)/n`),
    /// scaled by `n!/n^n`, rescaling by `2^128` as it goes.
    ///
    /// - Complexity: O(m^3 log n / 2) with `m = 2 ceil(n d) - 1` (squarings of a
    ///   persymmetric matrix, and vector-matrix products for the accumulated power).
    static func durbin(n: Int, d: Double) -> Mixed {
        if d >= 1 { return Mixed(value: 1, isExtended: false) }
        let nd = Double(n) * d
        if nd <= 0.5 { return Mixed(value: 0, isExtended: false) }
        let k = Int(nd.rounded(.up))
        let h = Double(k) - nd
        let m = 2 * k - 1

        var v = [Double](repeating: 0, count: m)
        for j in 1...m { v[j - 1] = 1.0 - pow(h, Double(j)) }
        var w = [Double](repeating: 0, count: m)
        var fac = 1.0
        for j in 1...m {
            w[j - 1] = fac
            fac /= Double(j)
            v[j - 1] *= fac
        }
        let tt = pow(max(2 * h - 1.0, 0), Double(m)) - 2 * pow(h, Double(m))
        v[m - 1] = (1.0 + tt) * fac

        var matrix = [Double](repeating: 0, count: m * m)
        if m > 1 {
            for i in 1..<m {
                for r in (i - 1)..<m { matrix[r * m + i] = w[r - (i - 1)] }
            }
        }
        for r in 0..<m { matrix[r * m] = v[r] }
        for c in 0..<m { matrix[(m - 1) * m + c] = v[m - 1 - c] }

        // scipy keeps the whole product Hpwr but reads only Hpwr[k-1, k-1]: keep its
        // row k-1 (row k-1 of Hpwr H is that row times H, with the same sums).
        var row = [Double](repeating: 0, count: m)
        row[k - 1] = 1
        var rowScratch = row
        var scratch = [Double](repeating: 0, count: m * m)
        var nn = n
        var exponent = 0
        var matrixExponent = 0
        let diagonal = (k - 1) * m + (k - 1)
        while nn > 0 {
            if nn % 2 == 1 {
                multiply(row, matrix, into: &rowScratch, m: m)
                swap(&row, &rowScratch)
                exponent += matrixExponent
            }
            nn /= 2
            // scipy squares once more after the last bit; that square is never used.
            guard nn > 0 else { break }
            squarePersymmetric(matrix, into: &scratch, m: m)
            swap(&matrix, &scratch)
            matrixExponent *= 2
            if abs(matrix[diagonal]) > ep128 {
                for i in matrix.indices { matrix[i] /= ep128 }
                matrixExponent += e128
            }
        }

        // Multiply by n!/n^n. numpy's p becomes a longdouble at its first rescale.
        var p = row[k - 1]
        let nDouble = Double(n)
        var i = 1
        var promoted = false
        while i <= n {
            p = Double(i) * p / nDouble
            if abs(p) < em128 {
                promoted = true
                break
            }
            i += 1
        }
        guard promoted else {
            return Mixed(value: LongDouble(ldexp(p, exponent)), isExtended: false)
        }
        var q = LongDouble(p) * LongDouble(ep128)
        exponent -= e128
        i += 1
        let nLong = LongDouble(n)
        while i <= n {
            q = LongDouble(i) * q / nLong
            if abs(q) < LongDouble(em128) {
                q *= LongDouble(ep128)
                exponent -= e128
            }
            i += 1
        }
        if exponent != 0 { q = LongDouble(sign: .plus, exponent: exponent, significand: q) }
        return Mixed(value: q, isExtended: true)
    }

    static func ldexp(_ x: Double, _ e: Int) -> Double {
        e == 0 ? x : Double(sign: .plus, exponent: e, significand: x)
    }

    /// `c = r b` for a row vector `r` of length m and an m-by-m row-major matrix `b`.
    ///
    /// - Complexity: O(m^2).
    static func multiply(_ r: [Double], _ b: [Double], into c: inout [Double], m: Int) {
        r.withUnsafeBufferPointer { r in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    for j in 0..<m { c[j] = 0 }
                    for l in 0..<m {
                        let rl = r[l]
                        if rl == 0 { continue }
                        let brow = l * m
                        for j in 0..<m { c[j] += rl * b[brow + j] }
                    }
                }
            }
        }
    }

    /// `c = a a` for a persymmetric m-by-m row-major matrix `a` (symmetric about its
    /// anti-diagonal, `a[i][j] == a[m-1-j][m-1-i]`). The Durbin matrix is persymmetric
    /// (a Toeplitz matrix whose first column and last row are each other's reverse), and
    /// so are its powers, so only the entries with `i + j <= m - 1` are computed and the
    /// others copied: half the work of a full product, with the same sums for the
    /// computed half (the copies equal their mirror's sum, which differs from a directly
    /// computed one only in rounding: every entry is a sum of non-negative terms).
    ///
    /// - Complexity: O(m^3 / 2).
    static func squarePersymmetric(_ a: [Double], into c: inout [Double], m: Int) {
        a.withUnsafeBufferPointer { ap in
            c.withUnsafeMutableBufferPointer { cp in
                guard let a = ap.baseAddress, let c = cp.baseAddress, m > 0 else { return }
                // Rows in fours (each computed to the widest row's width, m - i0), columns
                // in fours, with a 4-by-4 block of sums held in registers over l; every
                // entry is summed over l in order, as a plain triple loop would.
                var i0 = 0
                while i0 + 4 <= m {
                    let width = m - i0
                    let r0 = a + i0 * m
                    let r1 = r0 + m
                    let r2 = r1 + m
                    let r3 = r2 + m
                    var j0 = 0
                    while j0 + 4 <= width {
                        var c00 = SIMD2<Double>(), c01 = SIMD2<Double>()
                        var c10 = SIMD2<Double>(), c11 = SIMD2<Double>()
                        var c20 = SIMD2<Double>(), c21 = SIMD2<Double>()
                        var c30 = SIMD2<Double>(), c31 = SIMD2<Double>()
                        for l in 0..<m {
                            let b = a + l * m + j0
                            let b0 = SIMD2(b[0], b[1])
                            let b1 = SIMD2(b[2], b[3])
                            let x0 = r0[l], x1 = r1[l], x2 = r2[l], x3 = r3[l]
                            c00 += x0 * b0
                            c01 += x0 * b1
                            c10 += x1 * b0
                            c11 += x1 * b1
                            c20 += x2 * b0
                            c21 += x2 * b1
                            c30 += x3 * b0
                            c31 += x3 * b1
                        }
                        let out = c + i0 * m + j0
                        out[0] = c00[0]; out[1] = c00[1]; out[2] = c01[0]; out[3] = c01[1]
                        out[m] = c10[0]; out[m + 1] = c10[1]; out[m + 2] = c11[0]; out[m + 3] = c11[1]
                        out[2 * m] = c20[0]; out[2 * m + 1] = c20[1]
                        out[2 * m + 2] = c21[0]; out[2 * m + 3] = c21[1]
                        out[3 * m] = c30[0]; out[3 * m + 1] = c30[1]
                        out[3 * m + 2] = c31[0]; out[3 * m + 3] = c31[1]
                        j0 += 4
                    }
                    for r in 0..<4 {
                        let row = a + (i0 + r) * m
                        for j in j0..<width {
                            var sum = 0.0
                            for l in 0..<m { sum += row[l] * a[l * m + j] }
                            c[(i0 + r) * m + j] = sum
                        }
                    }
                    i0 += 4
                }
                for i in i0..<m {
                    let row = a + i * m
                    for j in 0..<(m - i) {
                        var sum = 0.0
                        for l in 0..<m { sum += row[l] * a[l * m + j] }
                        c[i * m + j] = sum
                    }
                }
                for i in 1..<m {
                    for j in (m - i)..<m { c[i * m + j] = c[(m - 1 - j) * m + (m - 1 - i)] }
                }
            }
        }
    }

    // MARK: Pomeranz

    /// The endpoints of row `i`'s non-zero interval (`_pomeranz_compute_j1j2`).
    static func pomeranzBounds(_ i: Int, n: Int, ll: Int, ceilf: Int, roundf: Int) -> (Int, Int) {
        var j1: Int
        var j2: Int
        if i == 0 {
            j1 = -ll - ceilf - 1
            j2 = ll + ceilf - 1
        } else {
            let half = (i + 1) / 2
            if (i + 1) % 2 == 0 {
                if half == n + 1 {
                    j1 = n - ll - ceilf - 1
                    j2 = n + ll + ceilf - 1
                } else {
                    j1 = half - 1 - ll - roundf - 1
                    j2 = half + ll - 1 + ceilf - 1
                }
            } else {
                j1 = half - 1 - ll - 1
                j2 = half + ll + roundf - 1
            }
        }
        return (max(j1 + 2, 0), min(j2, n))
    }

    /// `Pr(D_n <= x)` by Pomeranz's recursion (`_kolmogn_Pomeranz`): rows of Poisson-like
    /// convolutions over a sliding window, rescaled by `2^128` against underflow, times
    /// `n!` at the end.
    ///
    /// - Complexity: O(n (n x)^2).
    static func pomeranz(n: Int, x: Double) -> Mixed {
        let nd = Double(n)
        let t = nd * x
        let ll = Int(t.rounded(.down))
        let f = t - Double(ll)
        let g = min(f, 1.0 - f)
        let ceilf = f > 0 ? 1 : 0
        let roundf = f > 0.5 ? 1 : 0
        let npwrs = 2 * (ll + 1)
        var gpower = [Double](repeating: 1, count: npwrs)
        var twogpower = [Double](repeating: 1, count: npwrs)
        var onem2gpower = [Double](repeating: 1, count: npwrs)
        let gOverN = g / nd
        let twoGOverN = 2 * g / nd
        let oneMinusTwoGOverN = (1 - 2 * g) / nd
        if npwrs > 1 {
            for m in 1..<npwrs {
                gpower[m] = gpower[m - 1] * gOverN / Double(m)
                twogpower[m] = twogpower[m - 1] * twoGOverN / Double(m)
                onem2gpower[m] = onem2gpower[m - 1] * oneMinusTwoGOverN / Double(m)
            }
        }
        var v0 = [Double](repeating: 0, count: npwrs)
        var v1 = [Double](repeating: 0, count: npwrs)
        v1[0] = 1
        var v0s = 0
        var v1s = 0
        var exponent = 0
        var (j1, j2) = pomeranzBounds(0, n: n, ll: ll, ceilf: ceilf, roundf: roundf)
        var conv = [Double](repeating: 0, count: 2 * npwrs)
        for i in 1..<(2 * n + 2) {
            let k1 = j1
            swap(&v0, &v1)
            swap(&v0s, &v1s)
            for idx in v1.indices { v1[idx] = 0 }
            (j1, j2) = pomeranzBounds(i, n: n, ll: ll, ceilf: ceilf, roundf: roundf)
            let powers = (i == 1 || i == 2 * n + 1) ? gpower : (i % 2 == 1 ? twogpower : onem2gpower)
            let ln2 = j2 - k1 + 1
            guard ln2 > 0 else { continue }
            // np.convolve(V0[k1 - V0s : k1 - V0s + ln2], pwrs[:ln2]), Python slice rules.
            let (aStart, aEnd) = pythonSlice(start: k1 - v0s, end: k1 - v0s + ln2, count: npwrs)
            let aCount = aEnd - aStart
            let bCount = min(ln2, npwrs)
            guard aCount > 0, bCount > 0 else { continue }
            let convCount = aCount + bCount - 1
            for idx in 0..<convCount { conv[idx] = 0 }
            for ia in 0..<aCount {
                let av = v0[aStart + ia]
                if av == 0 { continue }
                for ib in 0..<bCount { conv[ia + ib] += av * powers[ib] }
            }
            let convStart = j1 - k1
            let convLength = j2 - j1 + 1
            if convLength > 0 {
                for idx in 0..<convLength where convStart + idx >= 0 && convStart + idx < convCount {
                    v1[idx] = conv[convStart + idx]
                }
            }
            let largest = v1.max() ?? 0
            if largest > 0 && largest < em128 {
                for idx in v1.indices { v1[idx] *= ep128 }
                exponent -= e128
            }
            v1s = v0s + j1 - k1
        }

        // Multiply by n!. numpy turns ans into a longdouble at its first rescale.
        var index = n - v1s
        if index < 0 { index += npwrs }
        var ans = (index >= 0 && index < npwrs) ? v1[index] : 0
        var m = 1
        while m <= n {
            if abs(ans) > ep128 { break }
            ans *= Double(m)
            m += 1
        }
        if m > n {
            return Mixed(value: LongDouble(ldexp(ans, exponent)), isExtended: false)
        }
        var q = LongDouble(ans)
        while m <= n {
            if abs(q) > LongDouble(ep128) {
                q *= LongDouble(em128)
                exponent += e128
            }
            q *= LongDouble(m)
            m += 1
        }
        if exponent != 0 { q = LongDouble(sign: .plus, exponent: exponent, significand: q) }
        return Mixed(value: q, isExtended: true)
    }

    /// The bounds of `array[start:end]` under Python's slice rules for an array of
    /// `count` elements (negative indices count from the end; out-of-range bounds clamp).
    static func pythonSlice(start: Int, end: Int, count: Int) -> (Int, Int) {
        func normalise(_ i: Int) -> Int {
            if i < 0 { return max(i + count, 0) }
            return min(i, count)
        }
        let s = normalise(start)
        let e = normalise(end)
        return (s, max(s, e))
    }

    // MARK: Pelz-Good

    /// The Pelz-Good approximation of `Pr(D_n <= x)` (`_kolmogn_PelzGood`): the
    /// Li-Chien/Korolyuk expansion to order `n^-1.5`, rewritten with Jacobi theta
    /// functions for small `z = sqrt(n) x`.
    static func pelzGood(n: Int, x: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let z = Double(n).squareRoot() * x
        let zSquared = z * z
        let zThree = pow(z, 3)
        let zFour = pow(z, 4)
        let zSix = pow(z, 6)
        let qlog = -piSquared / 8 / zSquared
        if qlog < minLog { return 0 }
        var q = exp(qlog)

        let k1a = -zSquared
        let k1b = piSquared / 4
        let k2a = 6 * zSix + 2 * zFour
        let k2b = (2 * zFour - 5 * zSquared) * piSquared / 4
        let k2c = piFour * (1 - 2 * zSquared) / 16
        let k3d = piSix * (5 - 30 * zSquared) / 64
        let k3c = piFour * (-60 * zSquared + 212 * zFour) / 16
        let k3b = piSquared * (135 * zFour - 96 * zSix) / 4
        let k3a = -30 * zSix - 90 * pow(z, 8)

        var sums = (0.0, 0.0, 0.0, 0.0)
        let maxk = Int((16 * z / Double.pi).rounded(.up))
        var k = maxk
        while k >= 1 {
            let mInt = 2 * k - 1
            let mSquared = Double(mInt * mInt)
            let mFour = Double(mInt * mInt * mInt * mInt)
            let mSix = Double(mInt * mInt * mInt * mInt * mInt * mInt)
            let qPower = pow(q, Double(8 * k))
            sums.0 = sums.0 * qPower + 1.0
            sums.1 = sums.1 * qPower + (k1a + k1b * mSquared)
            sums.2 = sums.2 * qPower + (k2a + k2b * mSquared + k2c * mFour)
            sums.3 = sums.3 * qPower + (k3a + k3b * mSquared + k3c * mFour + k3d * mSix)
            k -= 1
        }
        var k0 = sums.0 * q * sqrt2Pi / z
        var k1 = sums.1 * q * sqrt2Pi / (6 * zFour)
        var k2 = sums.2 * q * sqrt2Pi / (72 * pow(z, 7))
        var k3 = sums.3 * q * sqrt2Pi / (6480 * pow(z, 10))

        q = exp(-piSquared / 2 / zSquared)
        let sqrt3z = sqrt3 * z
        var k2Extra = 0.0
        var k3Extra = 0.0
        var kk = maxk
        while kk >= 1 {
            let kd = Double(kk)
            let kSquared = Double(kk * kk)
            let qPower = pow(q, kSquared)
            k2Extra += kSquared * qPower
            let kPi = Double.pi * kd
            k3Extra += (sqrt3z + kPi) * (sqrt3z - kPi) * kSquared * qPower
            kk -= 1
        }
        k2Extra *= piSquared * sqrt2Pi / (-36 * zThree)
        k2 += k2Extra
        k3Extra *= piSquared * sqrt2Pi / (216 * zSix)
        k3 += k3Extra
        let nd = Double(n)
        k0 /= 1
        k1 /= pow(nd, 0.5)
        k2 /= pow(nd, 1.0)
        k3 /= pow(nd, 1.5)
        return 0 + k0 + k1 + k2 + k3
    }
}
