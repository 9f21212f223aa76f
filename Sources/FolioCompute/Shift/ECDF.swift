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
    /// - Throws: `ShiftError.invalidParameter` when `maxPoints` is smaller than the
    ///   points that must be kept (2 plus one per `keeping` value).
    /// - Complexity: O(n + maxPoints log n).
    public static func points(_ sample: SortedSample, maxPoints: Int, keeping: [Double] = []) throws -> [ECDFPoint] {
        let all = points(sample)
        guard all.count > maxPoints else { return all }
        var required = Set<Int>([0, all.count - 1])
        for x in keeping {
            // The last step at or below x.
            var low = 0
            var high = all.count
            while low < high {
                let mid = (low + high) / 2
                if all[mid].x <= x { low = mid + 1 } else { high = mid }
            }
            if low > 0 { required.insert(low - 1) }
        }
        let budget = maxPoints - required.count
        guard budget >= 0 else {
            throw ShiftError.invalidParameter(
                "maxPoints \(maxPoints) is too small: \(required.count) ECDF points must be kept")
        }
        var chosen = required
        if budget > 0 {
            for j in 1...budget {
                let level = Double(j) / Double(budget + 1)
                var low = 0
                var high = all.count
                while low < high {
                    let mid = (low + high) / 2
                    if all[mid].f < level { low = mid + 1 } else { high = mid }
                }
                if low < all.count { chosen.insert(low) }
            }
        }
        return chosen.sorted().map { all[$0] }
    }
}
