/// A sample of doubles held in ascending order, NaN-free: sort a column once per group
/// and reuse it for the Kolmogorov-Smirnov test, the Wasserstein distance, PSI,
/// quantiles, ECDF points, histograms and summary statistics.
///
/// Infinities are ordinary values (they sort to the ends); statistics that subtract
/// them (Wasserstein, histogram ranges, quantile interpolation) give the same
/// infinities or NaN that numpy and scipy give.
public struct SortedSample: Hashable, Sendable {
    /// The values, ascending.
    public let values: [Double]
    /// The name used in error messages ("a", "train", a feature name, ...).
    public let name: String

    /// Number of values.
    public var count: Int { values.count }
    /// Whether the sample has no values.
    public var isEmpty: Bool { values.isEmpty }
    /// The smallest value, `nil` when empty.
    public var minimum: Double? { values.first }
    /// The largest value, `nil` when empty.
    public var maximum: Double? { values.last }

    /// Sorts `values` (an LSD radix sort on the IEEE bit patterns for large inputs).
    ///
    /// - Parameters:
    ///   - values: the sample, in any order.
    ///   - name: how errors refer to the sample.
    ///   - droppingNaN: drop NaN values instead of throwing.
    /// - Throws: `ShiftError.notANumber` when a value is NaN and `droppingNaN` is false.
    /// - Complexity: O(n) for large samples (see `RadixSort`), O(n log n) below 6,000 values.
    public init(_ values: [Double], name: String = "sample", droppingNaN: Bool = false) throws {
        var clean = values
        if let index = values.firstIndex(where: \.isNaN) {
            guard droppingNaN else { throw ShiftError.notANumber(sample: name, index: index) }
            clean = values.filter { !$0.isNaN }
        }
        self.values = RadixSort.sorted(clean)
        self.name = name
    }

    /// Wraps values that are already ascending, checking that they are.
    ///
    /// - Throws: `ShiftError.notANumber` for NaN, `ShiftError.notSorted` when a value is
    ///   smaller than its predecessor.
    /// - Complexity: O(n).
    public init(presorted values: [Double], name: String = "sample") throws {
        if let index = values.firstIndex(where: \.isNaN) {
            throw ShiftError.notANumber(sample: name, index: index)
        }
        if values.count > 1 {
            for i in 1..<values.count where values[i] < values[i - 1] {
                throw ShiftError.notSorted(index: i)
            }
        }
        self.values = values
        self.name = name
    }

    /// Splits a column by group and sorts each part: one `SortedSample` per distinct
    /// group code (for example split x label), named `"\(name)[\(code)]"`.
    ///
    /// - Throws: `ShiftError.lengthMismatch` when `groups` and `values` differ in length;
    ///   `ShiftError.notANumber` for NaN unless `droppingNaN`.
    /// - Complexity: O(n) for large groups.
    public static func grouped(_ values: [Double], by groups: [Int], name: String = "sample",
                               droppingNaN: Bool = false) throws -> [Int: SortedSample] {
        guard groups.count == values.count else {
            throw ShiftError.lengthMismatch("groups", expected: values.count, actual: groups.count)
        }
        var parts: [Int: [Double]] = [:]
        for i in values.indices {
            let v = values[i]
            if v.isNaN {
                guard droppingNaN else { throw ShiftError.notANumber(sample: name, index: i) }
                continue
            }
            parts[groups[i], default: []].append(v)
        }
        var result: [Int: SortedSample] = [:]
        for (code, part) in parts {
            result[code] = SortedSample(sortedUnchecked: RadixSort.sorted(part), name: "\(name)[\(code)]")
        }
        return result
    }

    /// Wraps values known to be ascending and NaN-free.
    init(sortedUnchecked values: [Double], name: String) {
        self.values = values
        self.name = name
    }

    /// Throws `ShiftError.emptySample` when the sample is empty.
    func requireValues() throws {
        if values.isEmpty { throw ShiftError.emptySample(name) }
    }

    /// The number of values `<= x` (`numpy.searchsorted(values, x, side='right')`).
    ///
    /// - Complexity: O(log n).
    public func countAtOrBelow(_ x: Double) -> Int {
        values.withUnsafeBufferPointer { SortedSample.upperBound($0, x, from: 0) }
    }

    /// The number of values `< x` (`numpy.searchsorted(values, x, side='left')`).
    ///
    /// - Complexity: O(log n).
    public func countBelow(_ x: Double) -> Int {
        values.withUnsafeBufferPointer { SortedSample.lowerBound($0, x, from: 0) }
    }

    /// The empirical CDF at `x`: the share of values `<= x`.
    ///
    /// - Throws: `ShiftError.emptySample`.
    public func ecdf(at x: Double) throws -> Double {
        try requireValues()
        return Double(countAtOrBelow(x)) / Double(count)
    }

    /// The `q`-quantile with numpy's default linear interpolation
    /// (`numpy.quantile(x, q)`, method `'linear'`, Hyndman-Fan type 7): the value at
    /// position `(n - 1) q` of the sorted sample, interpolated between neighbours as
    /// numpy's `_lerp` does.
    ///
    /// - Throws: `ShiftError.emptySample`; `ShiftError.invalidParameter` when `q` is not
    ///   in `[0, 1]`.
    /// - Complexity: O(1).
    public func quantile(_ q: Double) throws -> Double {
        try requireValues()
        guard q >= 0, q <= 1 else {
            throw ShiftError.invalidParameter("quantile \(q) is not in [0, 1]")
        }
        return values.withUnsafeBufferPointer { SortedSample.linearQuantile($0, q) }
    }

    /// Several quantiles (see `quantile(_:)`).
    public func quantiles(_ qs: [Double]) throws -> [Double] {
        try qs.map { try quantile($0) }
    }

    /// The median as `numpy.median` computes it: the middle value, or the mean of the
    /// two middle values (`(a + b) / 2`).
    ///
    /// - Throws: `ShiftError.emptySample`.
    public func median() throws -> Double {
        try requireValues()
        let n = count
        if n % 2 == 1 { return values[n / 2] }
        return (values[n / 2 - 1] + values[n / 2]) / 2
    }

    // MARK: helpers on sorted buffers

    /// numpy's linear quantile of an ascending, non-empty buffer.
    static func linearQuantile(_ v: UnsafeBufferPointer<Double>, _ q: Double) -> Double {
        linearQuantile(count: v.count, q) { v[$0] }
    }

    /// numpy's linear quantile (`method='linear'`) of `count` ascending values given by
    /// `element`: position `(n - 1) q`, `_lerp` between its neighbours; at or past the
    /// last position numpy reads the last value (with the weight it computes there).
    static func linearQuantile(count n: Int, _ q: Double, element: (Int) -> Double) -> Double {
        let virtual = Double(n - 1) * q
        var previous = virtual.rounded(.down)
        var lower: Int
        var upper: Int
        if virtual >= Double(n - 1) {
            lower = n - 1
            upper = n - 1
            previous = -1
        } else {
            lower = Int(previous)
            upper = lower + 1
        }
        if virtual < 0 {
            lower = 0
            upper = 0
        }
        let gamma = virtual - previous
        return lerp(element(lower), element(upper), gamma)
    }

    /// numpy's `_lerp(a, b, t)`: `a + (b - a) t`, or `b - (b - a)(1 - t)` when `t >= 0.5`.
    @inline(__always)
    static func lerp(_ a: Double, _ b: Double, _ t: Double) -> Double {
        let diff = b - a
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t
    }

    /// The first index in `v[from...]` whose value is `> x`.
    @inline(__always)
    static func upperBound(_ v: UnsafeBufferPointer<Double>, _ x: Double, from: Int) -> Int {
        var low = from
        var high = v.count
        while low < high {
            let mid = (low + high) >> 1
            if v[mid] <= x { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The first index in `v[from...]` whose value is `>= x`.
    @inline(__always)
    static func lowerBound(_ v: UnsafeBufferPointer<Double>, _ x: Double, from: Int) -> Int {
        var low = from
        var high = v.count
        while low < high {
            let mid = (low + high) >> 1
            if v[mid] < x { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
