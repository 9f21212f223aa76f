/// Summary statistics of one sample, as numpy computes them.
public struct SampleSummary: Hashable, Sendable, Codable {
    /// Number of values.
    public var count: Int
    /// `numpy.mean` (pairwise summation).
    public var mean: Double
    /// The sample standard deviation, `numpy.std(x, ddof=1)` (divides by `n - 1`); NaN
    /// for a single value.
    public var standardDeviation: Double
    /// Smallest value.
    public var minimum: Double
    /// Largest value.
    public var maximum: Double
    /// `numpy.median`.
    public var median: Double
    /// The requested quantile levels, in the order given.
    public var quantileLevels: [Double]
    /// `numpy.quantile(x, level)` (linear interpolation) for each level.
    public var quantiles: [Double]

    /// The default quantile levels: 1%, 5%, 10%, 25%, 75%, 90%, 95%, 99%.
    public static let defaultLevels: [Double] = [0.01, 0.05, 0.1, 0.25, 0.75, 0.9, 0.95, 0.99]

    /// Summarises a sorted sample.
    ///
    /// The mean and standard deviation are summed in ascending order (the order a
    /// `SortedSample` holds), which can differ from numpy on the unsorted column in the
    /// last bits only.
    ///
    /// - Throws: `ShiftError.emptySample`; `ShiftError.invalidParameter` for a level
    ///   outside `[0, 1]`.
    /// - Complexity: O(n).
    public init(_ sample: SortedSample, quantileLevels: [Double] = SampleSummary.defaultLevels) throws {
        try sample.requireValues()
        count = sample.count
        (mean, standardDeviation) = sample.values.withUnsafeBufferPointer {
            (PairwiseSum.mean($0), PairwiseSum.standardDeviation($0, ddof: 1))
        }
        minimum = sample.values[0]
        maximum = sample.values[sample.count - 1]
        median = try sample.median()
        self.quantileLevels = quantileLevels
        quantiles = try sample.quantiles(quantileLevels)
    }
}
