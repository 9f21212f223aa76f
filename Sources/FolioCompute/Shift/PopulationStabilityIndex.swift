#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How much a distribution moved, by the population stability index.
public enum PSIBand: String, Hashable, Sendable, Codable, CaseIterable {
    /// PSI < 0.1.
    case stable
    /// 0.1 <= PSI <= 0.25.
    case moderate
    /// PSI > 0.25.
    case major

    /// The band of a PSI value (NaN counts as `major`, so that it is never overlooked).
    public init(psi: Double) {
        if psi < 0.1 {
            self = .stable
        } else if psi <= 0.25 {
            self = .moderate
        } else {
            self = .major
        }
    }
}

/// The population stability index of a current sample against a reference sample, and
/// the bins it was computed on.
public struct PSIResult: Hashable, Sendable, Codable {
    /// `sum((ref% - cur%) * ln(ref% / cur%))` over the bins, with shares clipped at
    /// `PopulationStabilityIndex.epsilon`.
    public var value: Double
    /// The band of `value`.
    public var band: PSIBand
    /// The inner bin edges (the reference quantiles, duplicates removed); the outer
    /// edges are -infinity and +infinity, so there are `innerEdges.count + 1` bins.
    public var innerEdges: [Double]
    /// Reference counts per bin.
    public var referenceCounts: [Int]
    /// Current counts per bin.
    public var currentCounts: [Int]
    /// Reference shares per bin, after clipping.
    public var referenceShares: [Double]
    /// Current shares per bin, after clipping.
    public var currentShares: [Double]
}

/// The population stability index (PSI) between a reference sample (for folio, the
/// training split) and a current sample.
///
/// folio's convention (it differs from evidently's, which bins the pooled sample with
/// Sturges' rule): the bins are quantile bins of the reference sample. For `bins = k`,
/// the inner edges are the reference quantiles at `1/k, 2/k, ..., (k-1)/k` (numpy's
/// linear interpolation); the outer edges are -infinity and +infinity, so every value
/// falls in a bin. Tied quantiles (a discrete or heavily tied reference) give repeated
/// edges; repeats are collapsed to one edge (`numpy.unique`), so such samples get fewer
/// bins and no empty zero-width bin. Counting follows `numpy.histogram` on those
/// edges: bin `i` holds `edge[i] <= x < edge[i+1]` (the last bin also holds +infinity),
/// so a value equal to an edge counts in the bin above it. Shares are `count / n`; a
/// share below `epsilon` (1e-4) is raised to `epsilon` (on both sides, without
/// renormalising) so that empty bins give a large but finite term.
public enum PopulationStabilityIndex {
    /// The floor for a bin share: 1e-4.
    public static let epsilon = 1e-4

    /// PSI of `current` against `reference`.
    ///
    /// - Parameters:
    ///   - reference: the reference sample (its quantiles define the bins).
    ///   - current: the sample compared with it.
    ///   - bins: the number of quantile bins before collapsing ties (default 10).
    /// - Throws: `ShiftError.emptySample`; `ShiftError.invalidParameter` when `bins < 1`.
    /// - Complexity: O(bins log n).
    public static func compute(reference: SortedSample, current: SortedSample, bins: Int = 10) throws -> PSIResult {
        try reference.requireValues()
        try current.requireValues()
        guard bins >= 1 else { throw ShiftError.invalidParameter("PSI needs at least 1 bin, got \(bins)") }
        var inner: [Double] = []
        if bins > 1 {
            for i in 1..<bins {
                let q = try reference.quantile(Double(i) / Double(bins))
                if inner.last != q { inner.append(q) }
            }
        }
        let referenceCounts = counts(reference, inner: inner)
        let currentCounts = counts(current, inner: inner)
        let referenceShares = referenceCounts.map { Swift.max(Double($0) / Double(reference.count), epsilon) }
        let currentShares = currentCounts.map { Swift.max(Double($0) / Double(current.count), epsilon) }
        var terms = [Double](repeating: 0, count: referenceShares.count)
        for i in terms.indices {
            let r = referenceShares[i]
            let c = currentShares[i]
            terms[i] = (r - c) * log(r / c)
        }
        let value = PairwiseSum.sum(terms)
        return PSIResult(value: value, band: PSIBand(psi: value), innerEdges: inner,
                         referenceCounts: referenceCounts, currentCounts: currentCounts,
                         referenceShares: referenceShares, currentShares: currentShares)
    }

    /// Counts per bin for edges `[-inf] + inner + [+inf]`, as `numpy.histogram`.
    static func counts(_ sample: SortedSample, inner: [Double]) -> [Int] {
        var boundaries = [0]
        for e in inner { boundaries.append(sample.countBelow(e)) }
        boundaries.append(sample.count)
        return (0..<(boundaries.count - 1)).map { boundaries[$0 + 1] - boundaries[$0] }
    }
}
