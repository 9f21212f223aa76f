#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Metrics of predicted probabilities (proper scoring rules).
public enum ProbabilityScores {
    /// The clipping bound of `sklearn.metrics.log_loss`: the machine epsilon of Double.
    public static let logLossEpsilon: Double = 2.220446049250313e-16

    /// `sklearn.metrics.log_loss(y, p, labels=[0, 1])`: the mean of
    /// `-[y log p + (1 - y) log(1 - p)]` with `p` and `1 - p` clipped to
    /// `[eps, 1 - eps]` (eps = 2.220446049250313e-16), without renormalising.
    ///
    /// folio always knows the classes are {0, 1}, so it passes `labels=[0, 1]`: with a
    /// single class present scikit-learn would raise without it; here the loss is
    /// computed.
    /// - Throws: `ClassificationError` for empty input, mismatched lengths, and
    ///   probabilities that are NaN or outside [0, 1] (scikit-learn raises too).
    /// - Complexity: O(n).
    public static func logLoss(labels: BinaryLabels, probabilities: [Double]) throws -> Double {
        try ClassificationInput.checkProbabilities(probabilities, labelCount: labels.count)
        let eps = logLossEpsilon
        var sum = 0.0
        labels.values.withUnsafeBufferPointer { y in
            probabilities.withUnsafeBufferPointer { p in
                for i in 0..<p.count {
                    let q = y[i] == 1 ? p[i] : 1 - p[i]
                    sum -= log(min(max(q, eps), 1 - eps))
                }
            }
        }
        return sum / Double(probabilities.count)
    }

    /// `sklearn.metrics.brier_score_loss`: the mean of `(y - p)^2`.
    /// - Throws: as `logLoss(labels:probabilities:)`.
    /// - Complexity: O(n).
    public static func brierScore(labels: BinaryLabels, probabilities: [Double]) throws -> Double {
        try ClassificationInput.checkProbabilities(probabilities, labelCount: labels.count)
        var sum = 0.0
        labels.values.withUnsafeBufferPointer { y in
            probabilities.withUnsafeBufferPointer { p in
                for i in 0..<p.count {
                    let d = Double(y[i]) - p[i]
                    sum += d * d
                }
            }
        }
        return sum / Double(probabilities.count)
    }
}
