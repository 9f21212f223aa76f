/// The exact null distribution of the two-sample statistic: scipy's lattice-path
/// counts (`_attempt_exact_2kssamp` and the functions it calls, scipy 1.17.1).
extension KolmogorovSmirnov {
    /// The outcome of `_attempt_exact_2kssamp`: D rounded to the lattice, and the
    /// probability, or `nil` when scipy would fall back to the asymptotic method.
    struct ExactAttempt {
        var d: Double
        var probability: Double?
    }

    static func attemptExact(n1: Int, n2: Int, g: Int, d dIn: Double, alternative: KSAlternative) -> ExactAttempt {
        let lcm = (n1 / g) * n2
        let h = Int((dIn * Double(lcm)).rounded(.toNearestOrEven))
        let d = Double(h) * 1.0 / Double(lcm)
        if h == 0 { return ExactAttempt(d: d, probability: 1.0) }
        var prob: Double?
        if alternative == .twoSided {
            if n1 == n2 {
                prob = probabilityOutsideSquare(n: n1, h: h)
            } else {
                prob = outerProbabilityInside(m: n1, n: n2, g: g, h: h)
            }
        } else if n1 == n2 {
            var product = 1.0
            for j in 0..<h {
                product *= (Double(n1) - Double(j)) / (Double(n1) + Double(j) + 1.0)
            }
            prob = product
        } else if let paths = countPathsOutside(m: n1, n: n2, g: g, h: h) {
            let total = Binomial.coefficient(Double(n1 + n2), Double(n1))
            if total.isInfinite || total.isNaN || paths > total {
                prob = nil
            } else {
                prob = paths / total
            }
        }
        guard let p = prob, p >= 0, p <= 1 else { return ExactAttempt(d: d, probability: nil) }
        return ExactAttempt(d: d, probability: p)
    }

    /// `_compute_prob_outside_square(n, h)`: the share of lattice paths from (0, 0) to
    /// (n, n) that touch `|x - y| >= h`, by a Horner-like alternating sum.
    ///
    /// - Complexity: O(n).
    static func probabilityOutsideSquare(n: Int, h: Int) -> Double {
        var p = 0.0
        var k = Int((Double(n) / Double(h)).rounded(.down))
        while k >= 0 {
            var p1 = 1.0
            for j in 0..<h {
                p1 = Double(n - k * h - j) * p1 / Double(n + k * h + j + 1)
            }
            p = p1 * (1.0 - p)
            k -= 1
        }
        return 2 * p
    }

    /// `_compute_outer_prob_inside_method(m, n, g, h)`: the share of lattice paths from
    /// (0, 0) to (m, n) that leave `|n x / g - m y / g| < h`, computed directly as
    /// `1 - inside` over a sliding window of one column (Hodges; Viehmann's recursion).
    ///
    /// - Complexity: O(m * window), the window being about `2 h g / m` wide.
    static func outerProbabilityInside(m m0: Int, n n0: Int, g: Int, h: Int) -> Double {
        let (m, n) = m0 < n0 ? (n0, m0) : (m0, n0)
        let mg = m / g
        let ng = n / g
        var minj = 0
        var maxj = Swift.min(Int((Double(h) / Double(mg)).rounded(.up)), n + 1)
        var curlen = maxj - minj
        let lenA = Swift.min(2 * maxj + 2, n + 1)
        var a = [Double](repeating: 1, count: lenA)
        for j in minj..<Swift.min(maxj, lenA) { a[j] = 0 }
        return a.withUnsafeMutableBufferPointer { a in
            for i in 1...m {
                let lastminj = minj
                let lastlen = curlen
                minj = Swift.max(Int((Double(ng * i - h) / Double(mg)).rounded(.down)) + 1, 0)
                minj = Swift.min(minj, n)
                maxj = Swift.min(Int((Double(ng * i + h) / Double(mg)).rounded(.up)), n + 1)
                if maxj <= minj { return 1.0 }
                var value = minj == 0 ? 0.0 : 1.0
                let di = Double(i)
                for jj in 0..<(maxj - minj) {
                    let j = jj + minj
                    let source = jj + minj - lastminj
                    let carried = source < lenA ? a[source] : 1.0
                    value = (carried * di + value * Double(j)) / Double(i + j)
                    if jj < lenA { a[jj] = value }
                }
                curlen = maxj - minj
                if lastlen > curlen {
                    let lower = Swift.min(maxj - minj, lenA)
                    let upper = Swift.min(maxj - minj + (lastlen - curlen), lenA)
                    for idx in lower..<upper { a[idx] = 1 }
                }
            }
            let last = maxj - minj - 1
            return last >= 0 && last < lenA ? a[last] : 1.0
        }
    }

    /// `_count_paths_outside_method(m, n, g, h)`: the number of lattice paths from
    /// (0, 0) to (m, n) that reach `m y <= n x - h g` (Hodges' treatment of
    /// Drion/Gnedenko/Korolyuk), in floating point; `nil` where scipy's computation
    /// overflows (numpy raises there and scipy falls back to the asymptotic method).
    ///
    /// - Complexity: O(n^2) binomial coefficients.
    static func countPathsOutside(m m0: Int, n n0: Int, g: Int, h: Int) -> Double? {
        let (m, n) = m0 < n0 ? (n0, m0) : (m0, n0)
        let mg = m / g
        let ng = n / g
        let lxj = n + floorDivide(mg - h, mg)
        if lxj <= 0 {
            let total = Binomial.coefficient(Double(m + n), Double(n))
            return total.isFinite ? total : nil
        }
        var xj = [Int](repeating: 0, count: lxj)
        for j in 0..<lxj { xj[j] = floorDivide(h + mg * j + ng - 1, ng) }
        var b = [Double](repeating: 0, count: lxj)
        b[0] = 1
        if lxj > 1 {
            for j in 1..<lxj {
                var bj = Binomial.coefficient(Double(xj[j] + j), Double(j))
                guard bj.isFinite else { return nil }
                for i in 0..<j {
                    let coefficient = Binomial.coefficient(Double(xj[j] - xj[i] + j - i), Double(j - i))
                    let term = coefficient * b[i]
                    bj -= term
                    guard coefficient.isFinite, term.isFinite, bj.isFinite else { return nil }
                }
                b[j] = bj
            }
        }
        var paths = 0.0
        for j in 0..<lxj {
            let coefficient = Binomial.coefficient(Double((m - xj[j]) + (n - j)), Double(n - j))
            let term = b[j] * coefficient
            paths += term
            guard coefficient.isFinite, term.isFinite, paths.isFinite else { return nil }
        }
        return paths
    }

    /// Python's `//` for integers (rounds toward negative infinity).
    static func floorDivide(_ a: Int, _ b: Int) -> Int {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }
}
