#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How histogram bins are chosen.
public enum HistogramBins: Hashable, Sendable {
    /// `numpy.histogram_bin_edges(x, 'fd')`: width `2 IQR n^(-1/3)` over `[min, max]`
    /// (one bin when the IQR is 0). When that gives more than `maxBins` bins (a few far
    /// outliers and a narrow IQR), folio uses `maxBins` equal bins over the same range
    /// instead; numpy has no such cap.
    case freedmanDiaconis(maxBins: Int)
    /// `numpy.histogram_bin_edges(x, k)`: `k` equal bins over `[min, max]`.
    case count(Int)
    /// Given edges, strictly increasing.
    case edges([Double])
}

/// Two samples' histograms on shared bin edges (for overlaid charts).
public struct SharedHistogram: Hashable, Sendable, Codable {
    /// The `bins + 1` edges.
    public var edges: [Double]
    /// Counts of sample `a` per bin.
    public var countsA: [Int]
    /// Counts of sample `b` per bin.
    public var countsB: [Int]
    /// `numpy.histogram(a, edges, density=True)`: `count / width / n_a` per bin (NaN when
    /// no value of `a` falls inside the edges).
    public var densityA: [Double]
    /// The same for `b`.
    public var densityB: [Double]
}

/// Histogram edges and counts as numpy computes them.
public enum Histogram {
    /// The default rule for charts: Freedman-Diaconis on the pooled samples, at most 100 bins.
    public static let defaultBins = HistogramBins.freedmanDiaconis(maxBins: 100)

    /// Bin edges for one sample (`numpy.histogram_bin_edges`).
    ///
    /// - Throws: `ShiftError.emptySample`; `ShiftError.nonFiniteRange` when the sample
    ///   holds an infinity (numpy raises too); `ShiftError.invalidParameter` for a bin
    ///   count below 1 or edges that do not increase.
    public static func edges(_ sample: SortedSample, bins: HistogramBins) throws -> [Double] {
        try sample.requireValues()
        return try sample.values.withUnsafeBufferPointer { v in
            try edges(count: v.count, bins: bins) { v[$0] }
        }
    }

    /// Bin edges for the pooled values of two samples, as
    /// `numpy.histogram_bin_edges(numpy.concatenate([a, b]), bins)`, without building the
    /// pooled sample (order statistics of the union by binary search).
    ///
    /// - Throws: as `edges(_:bins:)`.
    public static func edges(pooling a: SortedSample, _ b: SortedSample, bins: HistogramBins) throws -> [Double] {
        try a.requireValues()
        try b.requireValues()
        return try a.values.withUnsafeBufferPointer { av in
            try b.values.withUnsafeBufferPointer { bv in
                try edges(count: av.count + bv.count, bins: bins) { pooledElement(av, bv, $0) }
            }
        }
    }

    /// Counts per bin, as `numpy.histogram(x, bins=edges)`: bin `i` holds
    /// `edges[i] <= x < edges[i+1]`, the last bin also its right edge; values outside
    /// `[edges.first, edges.last]` are not counted.
    ///
    /// - Throws: `ShiftError.invalidParameter` when there are fewer than 2 edges or they
    ///   decrease.
    /// - Complexity: O(bins log n).
    public static func counts(_ sample: SortedSample, edges: [Double]) throws -> [Int] {
        try validate(edges)
        var cumulative = edges.dropLast().map { sample.countBelow($0) }
        cumulative.append(sample.countAtOrBelow(edges[edges.count - 1]))
        return (0..<(cumulative.count - 1)).map { cumulative[$0 + 1] - cumulative[$0] }
    }

    /// Histograms of `a` and `b` on edges computed from the pooled samples.
    ///
    /// - Throws: as `edges(pooling:_:bins:)`.
    public static func shared(_ a: SortedSample, _ b: SortedSample,
                              bins: HistogramBins = Histogram.defaultBins) throws -> SharedHistogram {
        let e: [Double]
        if case .edges(let given) = bins {
            try validate(given)
            e = given
        } else {
            e = try edges(pooling: a, b, bins: bins)
        }
        let countsA = try counts(a, edges: e)
        let countsB = try counts(b, edges: e)
        return SharedHistogram(edges: e, countsA: countsA, countsB: countsB,
                               densityA: density(countsA, edges: e), densityB: density(countsB, edges: e))
    }

    /// numpy's `density=True`: `count / width / total`.
    static func density(_ counts: [Int], edges: [Double]) -> [Double] {
        let total = Double(counts.reduce(0, +))
        return counts.indices.map { Double(counts[$0]) / (edges[$0 + 1] - edges[$0]) / total }
    }

    static func validate(_ edges: [Double]) throws {
        guard edges.count >= 2 else {
            throw ShiftError.invalidParameter("a histogram needs at least 2 bin edges, got \(edges.count)")
        }
        for i in 1..<edges.count where !(edges[i - 1] <= edges[i]) {
            throw ShiftError.invalidParameter("bin edges must increase monotonically (edge \(i))")
        }
    }

    /// `numpy.histogram_bin_edges` over `n` ascending values given by `element`.
    static func edges(count n: Int, bins: HistogramBins, element: (Int) -> Double) throws -> [Double] {
        if case .edges(let given) = bins {
            try validate(given)
            return given
        }
        var first = element(0)
        var last = element(n - 1)
        guard first.isFinite && last.isFinite else { throw ShiftError.nonFiniteRange(first, last) }
        if first == last {
            first -= 0.5
            last += 0.5
        }
        let binCount: Int
        switch bins {
        case .count(let k):
            guard k >= 1 else { throw ShiftError.invalidParameter("bin count must be positive, got \(k)") }
            binCount = k
        case .freedmanDiaconis(let maxBins):
            guard maxBins >= 1 else { throw ShiftError.invalidParameter("maxBins must be positive, got \(maxBins)") }
            let iqr = SortedSample.linearQuantile(count: n, 0.75, element: element)
                - SortedSample.linearQuantile(count: n, 0.25, element: element)
            let width = 2.0 * iqr * pow(Double(n), -1.0 / 3.0)
            if width != 0 {
                let raw = ((last - first) / width).rounded(.up)
                binCount = raw > Double(maxBins) || raw.isNaN ? maxBins : Int(raw)
            } else {
                binCount = 1
            }
        case .edges:
            binCount = 1  // handled above
        }
        return try linspace(first, last, binCount + 1)
    }

    /// `numpy.linspace(start, stop, count)` (endpoint included): `i * step + start`,
    /// the last value set to `stop`.
    static func linspace(_ start: Double, _ stop: Double, _ count: Int) throws -> [Double] {
        let divisions = Double(count - 1)
        let delta = stop - start
        let step = delta / divisions
        var result = (0..<count).map { i -> Double in
            step == 0 ? Double(i) / divisions * delta + start : Double(i) * step + start
        }
        result[count - 1] = stop
        for i in 1..<count where !(result[i - 1] < result[i]) {
            throw ShiftError.invalidParameter(
                "too many bins for the data range: cannot create \(count - 1) finite-sized bins")
        }
        return result
    }

    /// The `k`-th smallest (0-based) of the union of two ascending buffers.
    ///
    /// - Complexity: O(log(min(n_a, n_b))).
    static func pooledElement(_ a: UnsafeBufferPointer<Double>, _ b: UnsafeBufferPointer<Double>, _ k: Int) -> Double {
        let t = k + 1
        var low = Swift.max(0, t - b.count)
        var high = Swift.min(t, a.count)
        // The smallest i (values taken from a) with a[i] >= b[t - i - 1].
        while low < high {
            let i = (low + high) / 2
            let j = t - i
            if i < a.count && j > 0 && a[i] < b[j - 1] { low = i + 1 } else { high = i }
        }
        let j = t - low
        let fromA = low > 0 ? a[low - 1] : -Double.infinity
        let fromB = j > 0 ? b[j - 1] : -Double.infinity
        return Swift.max(fromA, fromB)
    }
}
