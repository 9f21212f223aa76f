/// numpy's summation: `numpy.add.reduce` on a contiguous float64 array uses pairwise
/// summation (blocks of at most 128 values summed with eight accumulators, halves
/// split at multiples of 8). Reproducing it makes folio's means and standard
/// deviations round as numpy's do.
enum PairwiseSum {
    /// `numpy.sum(values)`.
    ///
    /// - Complexity: O(n).
    static func sum(_ values: UnsafeBufferPointer<Double>) -> Double {
        sum(values, 0, values.count)
    }

    static func sum(_ values: [Double]) -> Double {
        values.withUnsafeBufferPointer { sum($0) }
    }

    static func sum(_ a: UnsafeBufferPointer<Double>, _ start: Int, _ n: Int) -> Double {
        if n < 8 {
            var result = 0.0
            for i in start..<(start + n) { result += a[i] }
            return result
        }
        if n <= 128 {
            var r0 = a[start], r1 = a[start + 1], r2 = a[start + 2], r3 = a[start + 3]
            var r4 = a[start + 4], r5 = a[start + 5], r6 = a[start + 6], r7 = a[start + 7]
            var i = 8
            let blockEnd = n - n % 8
            while i < blockEnd {
                r0 += a[start + i]
                r1 += a[start + i + 1]
                r2 += a[start + i + 2]
                r3 += a[start + i + 3]
                r4 += a[start + i + 4]
                r5 += a[start + i + 5]
                r6 += a[start + i + 6]
                r7 += a[start + i + 7]
                i += 8
            }
            var result = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
            while i < n {
                result += a[start + i]
                i += 1
            }
            return result
        }
        var half = n / 2
        half -= half % 8
        return sum(a, start, half) + sum(a, start + half, n - half)
    }

    /// `numpy.mean(values)`: the pairwise sum divided by the count.
    static func mean(_ values: UnsafeBufferPointer<Double>) -> Double {
        sum(values) / Double(values.count)
    }

    /// `numpy.std(values, ddof=ddof)`: the square root of the pairwise sum of squared
    /// deviations from the (pairwise) mean, divided by `n - ddof`; NaN when `n <= ddof`.
    static func standardDeviation(_ values: UnsafeBufferPointer<Double>, ddof: Int) -> Double {
        let n = values.count
        guard n > ddof else { return .nan }
        let mean = self.mean(values)
        var squares = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let d = values[i] - mean
            squares[i] = d * d
        }
        return (sum(squares) / Double(n - ddof)).squareRoot()
    }
}
