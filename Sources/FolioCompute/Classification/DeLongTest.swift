#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// DeLong's test for two correlated ROC-AUCs: two models' scores on the same rows.
///
/// DeLong, DeLong & Clarke-Pearson (1988), computed the fast way of Sun & Xu (2014):
/// a positive's structural component is `V10 = (Tz - Tx) / n`, its midrank among all
/// scores minus its midrank among the positives, which is the number of negatives below
/// it plus half the negatives tied with it, over n; a negative's is
/// `V01 = 1 - (Tz - Ty) / m`, the positives above it plus half the tied ones, over m.
/// Both are read by binary search in the sorted scores. Then `AUC_r = mean(V10_r)`,
/// `S10`, `S01` are the 2 x 2 sample covariances (ddof 1) of the components,
/// `Var(AUC1 - AUC2) = c'(S10/m + S01/n)c` with `c = (1, -1)`, `z = diff / se` and the
/// two-sided normal p-value `erfc(|z| / sqrt 2)`.
///
/// scikit-learn has no DeLong test; the fixtures check it against a direct numpy
/// implementation from the Mann-Whitney kernel, and the AUCs against `roc_auc_score`.
///
/// When the standard error is 0 (for example identical score columns), `z` is 0 and the
/// p-value 1 if the AUCs are equal, else `z` is infinite and the p-value 0.
public struct DeLongTest: Hashable, Sendable, Codable {
    /// ROC-AUC of the first scores.
    public var auc1: Double
    /// ROC-AUC of the second scores.
    public var auc2: Double
    /// `auc1 - auc2`.
    public var difference: Double
    /// Variance of `auc1`.
    public var variance1: Double
    /// Variance of `auc2`.
    public var variance2: Double
    /// Covariance of the two AUCs.
    public var covariance: Double
    /// Standard error of the difference.
    public var standardError: Double
    /// `difference / standardError`.
    public var z: Double
    /// Two-sided p-value under the normal approximation.
    public var pValue: Double

    /// Compares `scores1` and `scores2` against the same `labels`.
    /// - Throws: `ClassificationError` for empty input, mismatched lengths, non-finite
    ///   scores, or fewer than two positives or two negatives (the covariances need them).
    /// - Complexity: O(n log n).
    public init(labels: BinaryLabels, scores1: [Double], scores2: [Double]) throws {
        try ClassificationInput.checkScores(scores1, labelCount: labels.count, what: "the first scores")
        try ClassificationInput.checkScores(scores2, labelCount: labels.count, what: "the second scores")
        let m = labels.positives
        let n = labels.negatives
        guard m >= 2, n >= 2 else {
            throw ClassificationError.tooFewSamples(
                "DeLong's test needs at least two positives and two negatives, got \(m) and \(n)")
        }
        let a = Self.components(labels: labels, scores: scores1)
        let b = Self.components(labels: labels, scores: scores2)
        auc1 = a.auc
        auc2 = b.auc
        difference = auc1 - auc2
        let s10 = Self.covariance(a.v10, b.v10)
        let s01 = Self.covariance(a.v01, b.v01)
        variance1 = s10.xx / Double(m) + s01.xx / Double(n)
        variance2 = s10.yy / Double(m) + s01.yy / Double(n)
        covariance = s10.xy / Double(m) + s01.xy / Double(n)
        let variance = max(0, variance1 + variance2 - 2 * covariance)
        standardError = variance.squareRoot()
        if standardError > 0 {
            z = difference / standardError
            pValue = erfc(Swift.abs(z) / 2.0.squareRoot())
        } else if difference == 0 {
            z = 0
            pValue = 1
        } else {
            z = difference > 0 ? .infinity : -.infinity
            pValue = 0
        }
    }

    /// One model's AUC (exact: integer numerator) and structural components, V10 over
    /// the positives and V01 over the negatives, each in row order.
    private static func components(labels: BinaryLabels, scores: [Double]) -> (auc: Double, v10: [Double], v01: [Double]) {
        let (pos, neg) = ScoreKeys.sortedByClass(labels: labels.values, positives: labels.positives, scores: scores)
        let m = pos.count
        let n = neg.count
        var v10 = [Double]()
        var v01 = [Double]()
        v10.reserveCapacity(m)
        v01.reserveCapacity(n)
        var twiceWins = 0
        labels.values.withUnsafeBufferPointer { y in
            scores.withUnsafeBufferPointer { s in
                pos.withUnsafeBufferPointer { p in
                    neg.withUnsafeBufferPointer { q in
                        for i in 0..<y.count {
                            let key = ScoreKeys.key(s[i])
                            if y[i] == 1 {
                                // negatives below + half the tied ones = (lower + upper) / 2
                                let below = Self.lowerBound(q, key)
                                let notAbove = Self.upperBound(q, key, from: below)
                                twiceWins += below + notAbove
                                v10.append(Double(below + notAbove) / Double(2 * n))
                            } else {
                                // positives above + half the tied ones
                                let below = Self.lowerBound(p, key)
                                let notAbove = Self.upperBound(p, key, from: below)
                                v01.append(Double(2 * m - below - notAbove) / Double(2 * m))
                            }
                        }
                    }
                }
            }
        }
        return (Double(twiceWins) / (2 * Double(m) * Double(n)), v10, v01)
    }

    /// The first index whose key is not below `key`.
    @inline(__always)
    private static func lowerBound(_ a: UnsafeBufferPointer<UInt64>, _ key: UInt64) -> Int {
        var lo = 0
        var hi = a.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if a[mid] < key { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The first index at or after `from` whose key is above `key`.
    @inline(__always)
    private static func upperBound(_ a: UnsafeBufferPointer<UInt64>, _ key: UInt64, from: Int) -> Int {
        var lo = from
        var hi = a.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if a[mid] <= key { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The 2 x 2 sample covariance (ddof 1) of two equally long columns.
    private static func covariance(_ x: [Double], _ y: [Double]) -> (xx: Double, yy: Double, xy: Double) {
        let count = Double(x.count)
        var mx = 0.0
        var my = 0.0
        for i in x.indices { mx += x[i]; my += y[i] }
        mx /= count
        my /= count
        var sxx = 0.0
        var syy = 0.0
        var sxy = 0.0
        for i in x.indices {
            let dx = x[i] - mx
            let dy = y[i] - my
            sxx += dx * dx
            syy += dy * dy
            sxy += dx * dy
        }
        return (sxx / (count - 1), syy / (count - 1), sxy / (count - 1))
    }
}
