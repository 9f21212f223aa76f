#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The Birnbaum-Tingey sum of `smirnov` for large n, summed outward from its largest
/// term and stopped on both sides once the rest is provably negligible, with most terms
/// derived from a nearby exactly computed one.
///
/// The sum is `S = sum_{j=0}^{J} a_j`, `a_j = binom(n, j) q_j^(n-j) p_j^(j-1)` with
/// `q_j = 1 - x - j/n`, `p_j = x + j/n`, and `smirnov = x S` (scipy sums it from j = 0
/// term by term, each term costing a handful of `pow` calls in double-double).
///
/// **Log-concavity.** Write `B = n x`, `A = n - B`, so that `n q_j = A - j` and
/// `n p_j = B + j`, and extend `log a_j` to real `t` in `[0, A)` with log-gamma. Its
/// second derivative is `-psi1(t+1) - psi1(n-t+1) + 1/(A-t) - B/(A-t)^2 + 1/(B+t) +
/// (B+1)/(B+t)^2`; with the trigamma bound `psi1(z) > 1/z` and `u = A - t`, the terms
/// in `u` are at most `(u - B^2 - B) / (u^2 (u+B+1))` and the others at most
/// `(2B + 2t + 1 - B^2) / ((t+1)(B+t)^2)`. Both are negative for every `t < n` when
/// `(B - 1)^2 >= 2n + 2` (which holds whenever `n x^2 >= 2.2`, the only place
/// `kstwo` calls `smirnov` for `n > 140`, once n is above about 250). So the terms
/// are log-concave: the ratio `a_{j+1}/a_j` never increases, the terms rise to one peak
/// and fall, and beyond any point where they fall the remaining terms are bounded by a
/// geometric series: past `a_j` with `r = a_j/a_{j-1} < 1` on the way out, the rest sum
/// to at most `a_j r / (1 - r)` (the same holds walking down from the peak).
///
/// **Early exit.** The walk goes up from the peak, then down from it, and each side
/// stops once that geometric bound is at most `2^-60` of the sum found so far. The
/// omitted mass is therefore below `2^-59 S` (about `1.7e-18 S`), far under the half
/// ulp (`1.1e-16`) at which the double result is rounded. scipy itself stops its upper
/// tail when `4 (terms left) a_j < eps S` (and always sums the small terms at the start),
/// which leaves out up to about `eps/4 S`.
///
/// **Derived terms.** Within a block `j = j_a + d`, `0 <= d < K`, with `N = n - j_a`,
/// `M = j_a + 1`, `alpha = A - j_a`, `beta = B + j_a`:
///
///     a_j = a_{j_a} sigma^d exp(Phi(d)),   sigma = N beta / (M alpha),
///     Phi(d) = d c1 + d^2 (1/alpha + 1/beta) - d(d-1)/2 (1/N + 1/M)
///              + sum_{i<d} [R(-i/N) - R(i/M)] + (N-d) R(-d/alpha) + (j_a-1+d) R(d/beta),
///     c1 = -B/alpha - (B+1)/beta,   R(z) = log1p(z) - z,
///
/// which is exact algebra: the binomial ratio is `(N/M)^d prod (1 - i/N)/(1 + i/M)`,
/// `q_j = q_{j_a}(1 - d/alpha)` and `p_j = p_{j_a}(1 + d/beta)`.
///
/// **Accuracy.** The anchor term `a_{j_a}` is computed to double-double accuracy (its
/// binomial coefficient from exact integer products, its two powers by `accuratePower`);
/// `c1` and `sigma` are double-double, `sigma^d` is a double-double product, `d c1` is
/// split exactly, and the remaining part of `Phi` (at most about 0.5 in size, because
/// blocks are limited to `d^2 <= min(alpha, beta, N, M) / 8`, `|d c1| <= 64`,
/// `d <= 64`) is evaluated in double, with `R` by its Taylor series (`|z| <= 1/64`,
/// truncation below `2^-70`). Each derived term is then within about 3 ulp of the exact
/// term (three roundings in the small part of `Phi` and one in `exp`), independently of
/// its neighbours. All terms being positive, the sum is within that relative bound even
/// if every error had the same sign, and with the cut-off the result is within about
/// `5e-16` of the exact sum (in practice far closer). scipy's result is about as close
/// to the exact sum: its terms are individually less accurate (see `accuratePower`) but
/// their errors average out; against 40-digit mpmath sums both are within `6e-16`, from
/// n = 5,000 to 10^6. So the two agree to about `1e-15` at worst; on 2,400 points from
/// n = 500 to 10^6, 83% agree to the last bit and all to within 4 ulp; of the points
/// where they differed by 2 ulp or more, the four checked against mpmath (n = 250,000 and
/// 10^6) all had folio's value the closer to the exact one.
///
/// **Cost.** One `exp` and a few hundred instructions per derived term, against about
/// 4,000 instructions (six or so `pow` calls in double-double) per scipy term: at
/// n = 75,000 about 5 ms instead of 35 ms for `n x^2` near 2.2, and less further out,
/// where the early exits drop more terms.
extension Smirnov {
    /// Below this n, scipy's loop is used as it is (it costs well under a millisecond).
    static let outwardMinN = 500
    /// The outward sum is used when `2 n x^2` is at most this (results above about
    /// `1e-300`), so that the sum dwarfs the rounding of tiny terms near the subnormal
    /// range (at most about `n 2^-1075` in all); below it, scipy's own loop keeps scipy's
    /// rounding of what are then results with few significant bits.
    static let outwardMaxExponent = 690.0
    /// Each side of the walk stops when the rest of it is at most this fraction of the sum.
    static let negligibleFraction = 0x1p-60
    /// Blocks of derived terms need `min(alpha, beta, N, M)` at least this large.
    static let blockMinScale = 512.0
    static let maxBlockLength = 64

    /// Whether `sf(n:x:)` may use `outwardSum`: n large, the result far from underflow,
    /// and the terms provably log-concave (`(n x - 1)^2 >= 2n + 2`, with a margin for
    /// rounding).
    static func usesOutwardSum(n: Int, x: Double) -> Bool {
        guard n >= outwardMinN, n <= maxComputeN else { return false }
        let nd = Double(n)
        let nx = nd * x
        guard 2 * nx * x <= outwardMaxExponent else { return false }
        return (nx - 1) * (nx - 1) >= 1.001 * (2 * nd + 2)
    }

    /// `sum_{j=0}^{last} a_j` (the `ajSum` of scipy's loop), summed outward from the peak.
    ///
    /// - Complexity: O(number of non-negligible terms), one `exp` each, plus one
    ///   double-double anchor per block of up to 64 terms and O(peak / 3) double-double
    ///   products for the first binomial coefficient.
    static func outwardSum(n: Int, x: Double, last: Int) -> DoubleDouble {
        let walk = OutwardWalk(n: n, x: x)
        let peak = walk.peakIndex(last: last)
        var sum = DoubleDouble(0)

        // Upward from the peak: blocks [j, j + k).
        let atPeak = binomial(n, peak)
        var coefficient = atPeak
        var j = peak
        var outer = Double.nan
        var inner = Double.nan
        var peakTerm = Double.nan
        while j <= last {
            let k = walk.blockLength(lowest: j, highest: j, limit: last - j + 1)
            let terms = walk.addBlock(anchor: j, count: k, binomial: coefficient, into: &sum)
            if peakTerm.isNaN { peakTerm = terms.first }
            inner = k >= 2 ? terms.penultimate : outer
            outer = terms.last
            if isNegligible(outer: outer, inner: inner, sum: sum.hi) { break }
            coefficient = stepBinomial(coefficient, top: n - j, bottom: j + 1, count: k)
            j += k
        }

        // Downward from just below the peak: blocks [j - k + 1, j].
        guard peak > 0 else { return sum }
        j = peak - 1
        coefficient = stepBinomial(atPeak, top: peak, bottom: n - peak + 1, count: 1)
        outer = peakTerm
        while j >= 0 {
            let k = walk.blockLength(lowest: max(j - (maxBlockLength - 1), 0), highest: j, limit: j + 1)
            let bottom = j - k + 1
            let atBottom = k > 1 ? stepBinomial(coefficient, top: j, bottom: n - j + 1, count: k - 1) : coefficient
            let terms = walk.addBlock(anchor: bottom, count: k, binomial: atBottom, into: &sum)
            inner = k >= 2 ? terms.second : outer
            outer = terms.first
            if bottom == 0 || isNegligible(outer: outer, inner: inner, sum: sum.hi) { break }
            coefficient = stepBinomial(atBottom, top: bottom, bottom: n - bottom + 1, count: 1)
            j = bottom - 1
        }
        return sum
    }

    /// `y^m` for `0 < y < 1` and `m >= 0` as a mantissa in `[0.5, 1)` and a binary
    /// exponent, by squaring and multiplying in double-double (about `2 log2 m` products,
    /// relative error about `4 log2(m) 2^-104`). scipy's `pow2Scaled` instead splits the
    /// power into `pow` calls whose rounding (about an ulp) it raises to a further power,
    /// so its terms can be off by up to `m |log2 y| / 480` ulp; the errors of neighbouring
    /// terms are independent and average out in scipy's sum, but a block derived from one
    /// anchor would share its anchor's error, so anchors are computed this way instead.
    static func accuratePower(_ y: DoubleDouble, _ m: Int) -> (DoubleDouble, Int) {
        var (base, baseExponent) = y.frexp()
        var result = DoubleDouble(0.5)
        var resultExponent = 1
        var m = m
        while m > 0 {
            if m & 1 == 1 {
                result = result * base
                resultExponent += baseExponent
                if result.hi < 0.5 {
                    result = DoubleDouble(result.hi * 2, result.lo * 2)
                    resultExponent -= 1
                }
            }
            m >>= 1
            guard m > 0 else { break }
            base = base * base
            baseExponent *= 2
            if base.hi < 0.5 {
                base = DoubleDouble(base.hi * 2, base.lo * 2)
                baseExponent -= 1
            }
        }
        return (result, resultExponent)
    }

    /// Whether the terms beyond `outer` (whose neighbour on the peak side is `inner`)
    /// are at most `negligibleFraction` of `sum`: by log-concavity they are at most
    /// `outer r / (1 - r)` with `r = outer / inner < 1`.
    static func isNegligible(outer: Double, inner: Double, sum: Double) -> Bool {
        guard outer < inner else { return false }
        let ratio = outer / inner
        return outer * ratio <= negligibleFraction * sum * (1 - ratio)
    }

    /// `binom(n, k)` as a double-double mantissa and a binary exponent, from products of
    /// whole numbers grouped so that each group is exact in a double.
    ///
    /// - Complexity: O(min(k, n - k)).
    static func binomial(_ n: Int, _ k: Int) -> (DoubleDouble, Int) {
        let k = min(k, n - k)
        return stepBinomial((DoubleDouble(0.5), 1), top: n, bottom: 1, count: k)
    }

    /// `c * prod_{i<count} (top - i) / (bottom + i)`, for the binomial coefficient one
    /// block further up (`top = n - j`, `bottom = j + 1`) or down (`top = j`,
    /// `bottom = n - j + 1`). Factors are multiplied in groups whose products stay below
    /// `2^53` (so each group is exact), each group into a double-double.
    static func stepBinomial(_ c: (DoubleDouble, Int), top: Int, bottom: Int, count: Int) -> (DoubleDouble, Int) {
        guard count > 0 else { return c }
        var numerator = DoubleDouble(1)
        var numeratorExponent = 0
        var denominator = DoubleDouble(1)
        var denominatorExponent = 0
        let largest = Double(max(top, bottom + count))
        var i = 0
        while i < count {
            var a = Double(top - i)
            var b = Double(bottom + i)
            i += 1
            var bound = largest
            while i < count && bound * largest < 0x1p53 {
                a *= Double(top - i)
                b *= Double(bottom + i)
                bound *= largest
                i += 1
            }
            numerator = numerator.multiplied(by: a)
            denominator = denominator.multiplied(by: b)
            if numerator.hi > 0x1p900 {
                let (nm, ne) = numerator.frexp()
                numerator = nm
                numeratorExponent += ne
            }
            if denominator.hi > 0x1p900 {
                let (dm, de) = denominator.frexp()
                denominator = dm
                denominatorExponent += de
            }
        }
        let (m, e) = (c.0 * numerator / denominator).frexp()
        return (m, e + c.1 + numeratorExponent - denominatorExponent)
    }

    /// The constants of one (n, x) for the outward walk.
    struct OutwardWalk {
        let n: Int
        let x: Double
        /// `n x`, exactly.
        let bigB: DoubleDouble

        init(n: Int, x: Double) {
            self.n = n
            self.x = x
            let (p, e) = DoubleDouble.twoProduct(Double(n), x)
            self.bigB = DoubleDouble(p, e)
        }

        /// `log(a_{j+1} / a_j)` in double (only its sign is used, to find the peak).
        func logRatio(_ j: Int) -> Double {
            let nd = Double(n)
            let jd = Double(j)
            let a = nd - bigB.hi - jd
            let b = bigB.hi + jd
            return log((nd - jd) / (jd + 1)) + (nd - jd - 1) * log1p(-1 / a) - log(a / nd)
                + (jd - 1) * log1p(1 / b) + log((b + 1) / nd)
        }

        /// The index of the largest term: the first j whose successor is smaller (the
        /// ratios decrease, so this is a bisection). It need not be exact: the bounds
        /// only ever use terms on the far side of a fall.
        func peakIndex(last: Int) -> Int {
            var low = 0
            var high = last
            while low < high {
                let middle = (low + high) / 2
                if logRatio(middle) < 0 { high = middle } else { low = middle + 1 }
            }
            return low
        }

        /// How many terms a block may hold when its anchor lies in `[lowest, highest]`
        /// (alpha and N shrink going up, beta and M going down, so these two ends bound
        /// all four): 1 (an exact scipy term) near the ends of the sum, else up to 64
        /// with `d^2 <= min(alpha, beta, N, M) / 8` and `|d c1| <= 64`.
        func blockLength(lowest: Int, highest: Int, limit: Int) -> Int {
            let nd = Double(n)
            let alpha = nd - bigB.hi - Double(highest)
            let bigN = nd - Double(highest)
            let beta = bigB.hi + Double(lowest)
            let bigM = Double(lowest + 1)
            let smallest = min(alpha, bigN, beta, bigM)
            guard smallest >= Smirnov.blockMinScale else { return 1 }
            var k = Int((smallest / 8).squareRoot())
            let c1 = bigB.hi / alpha + (bigB.hi + 1) / beta
            k = min(k, Int(64 / c1), Smirnov.maxBlockLength, limit)
            return max(k, 1)
        }

        /// Adds `a_j` for `j = anchor ..< anchor + count` to `sum`, the anchor term as
        /// scipy computes it and the others derived from it (see the type's comment).
        /// Returns the leading words of the first two and the last two terms.
        func addBlock(
            anchor: Int, count: Int, binomial: (DoubleDouble, Int), into sum: inout DoubleDouble
        ) -> (first: Double, second: Double, penultimate: Double, last: Double) {
            if anchor == 0 {
                // scipy's first term, binom(n, 0) = 1.
                let t = Smirnov.pow4(1, -x, 1, 0, n) / x
                sum = sum + t
                return (t.hi, .nan, .nan, t.hi)
            }
            let nd = Double(n)
            let alpha = DoubleDouble(nd - Double(anchor)) - bigB
            let beta = DoubleDouble(Double(anchor)) + bigB
            // q^(n-j) p^(j-1) with q = alpha/n, p = beta/n, to double-double accuracy.
            let (qPower, qExponent) = Smirnov.accuratePower(alpha / nd, n - anchor)
            let (pPower, pExponent) = Smirnov.accuratePower(beta / nd, anchor - 1)
            let base = qPower * pPower * binomial.0
            let baseExponent = qExponent + pExponent + binomial.1
            let first = base.scaled(by: baseExponent)
            sum = sum + first
            guard count > 1 else { return (first.hi, .nan, .nan, first.hi) }

            let bigN = nd - Double(anchor)
            let bigM = Double(anchor + 1)
            let sigma = (beta * bigN) / (alpha * bigM)
            let c1 = -((bigB / alpha) + ((bigB + 1.0) / beta))
            let series = BlockSeries(alpha: alpha.hi, beta: beta.hi, bigN: bigN, bigM: bigM, anchor: anchor)

            // base * sigma^d, renormalised only when it leaves [2^-600, 2^600].
            var scaledBase = base
            var scaledExponent = baseExponent
            var binomialSeries = 0.0
            var second = Double.nan
            var penultimate = first.hi
            var lastTerm = first.hi
            for d in 1..<count {
                let dd = Double(d)
                binomialSeries += series.binomialIncrement(dd - 1)
                let rest = series.smooth(dd) + binomialSeries
                let (p, pError) = DoubleDouble.twoProduct(dd, c1.hi)
                let (s, sError) = DoubleDouble.twoSum(p, pError + dd * c1.lo + rest)
                var factor = exp(s)
                factor += factor * sError

                scaledBase = scaledBase * sigma
                let magnitude = abs(scaledBase.hi)
                if magnitude > 0x1p600 || magnitude < 0x1p-600 {
                    let (m, e) = scaledBase.frexp()
                    scaledBase = m
                    scaledExponent += e
                }
                let term = scaledBase.multiplied(by: factor).scaled(by: scaledExponent)
                sum = sum + term
                if d == 1 { second = term.hi }
                penultimate = lastTerm
                lastTerm = term.hi
            }
            return (first.hi, second, penultimate, lastTerm)
        }
    }

    /// The parts of `Phi(d)` beyond `d c1` for one block, as polynomials in d, from the
    /// Taylor series `R(z) = log1p(z) - z = sum_{k=2}^{13} (-1)^(k+1) z^k / k` (every z
    /// here has `|z| <= 1/64`, so the first omitted term, even times the largest
    /// multiplier `N`, is below `2^-70`).
    struct BlockSeries {
        /// `smooth(d) = d^2 (1/alpha + 1/beta) - d(d-1)/2 (1/N + 1/M) + (N-d) R(-d/alpha)
        /// + (j_a-1+d) R(d/beta) = sum_{k=1}^{14} P_k d^k`.
        var smoothCoefficients = SIMD16<Double>(repeating: 0)
        /// `R(-i/N) - R(i/M) = sum_{k=2}^{13} h_k i^k`, the step of the binomial series.
        var binomialCoefficients = SIMD16<Double>(repeating: 0)

        init(alpha: Double, beta: Double, bigN: Double, bigM: Double, anchor: Int) {
            var a = SIMD16<Double>(repeating: 0)
            var b = SIMD16<Double>(repeating: 0)
            // (-1/alpha)^k, (1/beta)^k, (-1/N)^k, (1/M)^k, from k = 1.
            var powerA = -1 / alpha
            var powerB = 1 / beta
            var powerN = -1 / bigN
            var powerM = 1 / bigM
            for k in 2...13 {
                powerA *= -1 / alpha
                powerB *= 1 / beta
                powerN *= -1 / bigN
                powerM *= 1 / bigM
                let r = (k % 2 == 0 ? -1.0 : 1.0) / Double(k)
                a[k] = r * powerA
                b[k] = r * powerB
                binomialCoefficients[k] = r * (powerN - powerM)
            }
            let halfSumNM = 0.5 * (1 / bigN + 1 / bigM)
            let anchorMinusOne = Double(anchor - 1)
            smoothCoefficients[1] = halfSumNM
            smoothCoefficients[2] = (1 / alpha + 1 / beta) - halfSumNM + bigN * a[2] + anchorMinusOne * b[2]
            for k in 3...13 {
                smoothCoefficients[k] = bigN * a[k] + anchorMinusOne * b[k] + (b[k - 1] - a[k - 1])
            }
            smoothCoefficients[14] = b[13] - a[13]
        }

        @inline(__always)
        func smooth(_ d: Double) -> Double {
            let c = smoothCoefficients
            var s = c[14] * d + c[13]
            s = s * d + c[12]
            s = s * d + c[11]
            s = s * d + c[10]
            s = s * d + c[9]
            s = s * d + c[8]
            s = s * d + c[7]
            s = s * d + c[6]
            s = s * d + c[5]
            s = s * d + c[4]
            s = s * d + c[3]
            s = s * d + c[2]
            s = s * d + c[1]
            return s * d
        }

        @inline(__always)
        func binomialIncrement(_ i: Double) -> Double {
            let c = binomialCoefficients
            var s = c[13] * i + c[12]
            s = s * i + c[11]
            s = s * i + c[10]
            s = s * i + c[9]
            s = s * i + c[8]
            s = s * i + c[7]
            s = s * i + c[6]
            s = s * i + c[5]
            s = s * i + c[4]
            s = s * i + c[3]
            s = s * i + c[2]
            return s * i * i
        }
    }
}
