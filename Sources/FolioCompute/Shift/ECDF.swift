/// One step of an empirical CDF: `f` is the share of values `<= x`.
public struct ECDFPoint: Hashable, Sendable, Codable {
    /// A distinct sample value.
    public var x: Double
    /// The ECDF at `x` (right-continuous: it includes `x` itself).
    public var f: Double

    /// Creates a point.
    public init(x: Double, f: Double) {
        self.x = x
        self.f = f
    }
}

/// ECDF step points for charts.
public enum ECDF {
    /// One point per distinct value: `(x, count(values <= x) / n)`, ascending. Drawn as a
    /// right-continuous step function (horizontal from each point to the next x), they
    /// are the sample's ECDF.
    ///
    /// - Complexity: O(n).
    public static func points(_ sample: SortedSample) -> [ECDFPoint] {
        let v = sample.values
        let n = Double(v.count)
        var result: [ECDFPoint] = []
        var i = 0
        while i < v.count {
            var j = i + 1
            while j < v.count && v[j] == v[i] { j += 1 }
            result.append(ECDFPoint(x: v[i], f: Double(j) / n))
            i = j
        }
        return result
    }

    /// At most `maxPoints` step points of the ECDF, for a chart.
    ///
    /// Kept: the first and last steps; for each value in `keeping`, the step at the
    /// largest sample value `<=` it (so the drawn ECDF is exact there: pass the KS
    /// statistic's location for both samples and the chart's largest gap is the
    /// statistic); and the remaining budget as the first steps at or above the levels
    /// `j / (budget + 1)`, evenly spread in probability. All points are actual steps,
    /// so the thinned curve never crosses the full one.
    ///
    /// The steps are found by binary search in the sorted values, without listing every
    /// step first (a list of a few hundred thousand points per charted sample, built at
    /// the end of a `ks-test` block while the other core had nothing left to do): a step
    /// is the run of equal values ending at `count(values <= x)`, and the first step at or
    /// above a level is the run holding the first value whose rank reaches it.
    ///
    /// - Throws: `ShiftError.invalidParameter` when `maxPoints` is smaller than the
    ///   points that must be kept (2 plus one per `keeping` value).
    /// - Complexity: O((maxPoints + keeping.count) log n).
    public static func points(_ sample: SortedSample, maxPoints: Int, keeping: [Double] = []) throws -> [ECDFPoint] {
        let v = sample.values
        guard distinctCount(v, exceeds: maxPoints) else { return points(sample) }
        let n = v.count
        // Steps by the end of their run: count(values <= x).
        var required = Set<Int>([sample.countAtOrBelow(v[0]), n])
        for x in keeping {
            let end = sample.countAtOrBelow(x)  // the last step at or below x
            if end > 0 { required.insert(end) }
        }
        let budget = maxPoints - required.count
        guard budget >= 0 else {
            throw ShiftError.invalidParameter(
                "maxPoints \(maxPoints) is too small: \(required.count) ECDF points must be kept")
        }
        var chosen = required
        if budget > 0 {
            let total = Double(n)
            for j in 1...budget {
                let level = Double(j) / Double(budget + 1)
                // The first position whose rank (position + 1) reaches the level.
                var low = 0
                var high = n - 1
                while low < high {
                    let mid = (low + high) / 2
                    if Double(mid + 1) / total < level { low = mid + 1 } else { high = mid }
                }
                chosen.insert(sample.countAtOrBelow(v[low]))
            }
        }
        return chosen.sorted().map { end in
            ECDFPoint(x: v[sample.countBelow(v[end - 1])], f: Double(end) / Double(n))
        }
    }

    /// Whether the sorted `values` hold more than `limit` distinct values; stops looking
    /// once they do (each run skipped by binary search, so few long runs cost little).
    private static func distinctCount(_ values: [Double], exceeds limit: Int) -> Bool {
        values.withUnsafeBufferPointer { v in
            var distinct = 0
            var i = 0
            while i < v.count {
                distinct += 1
                if distinct > limit { return true }
                i = SortedSample.upperBound(v, v[i], from: i)
            }
            return false
        }
    }
}
