import FolioCompute

/// The score that permutation importance compares before and after a permutation, oriented
/// so that larger is better, as scikit-learn's scorers are.
///
/// Each case reuses FolioCompute's classification code and names the scikit-learn scorer
/// it matches:
/// - `rocAUC`: `"roc_auc"` (`ScoreRanking.rocAUC`).
/// - `averagePrecision`: `"average_precision"` (`ScoreRanking.averagePrecision`).
/// - `logLoss`: `"neg_log_loss"`: the log loss negated (`-ProbabilityScores.logLoss`).
/// - `f1(threshold:)`: `"f1"` on `predict`, with a row predicted positive when its score is
///   at or above `threshold` (`ConfusionCounts.f1`, `zero_division=0`).
public enum ImportanceMetric: Sendable, Hashable, CustomStringConvertible {
    /// The area under the ROC curve.
    case rocAUC
    /// Average precision (the step sum, not the trapezoid).
    case averagePrecision
    /// The negated log loss (larger is better).
    case logLoss
    /// F1 of `score >= threshold`.
    case f1(threshold: Double)

    /// The metric's name as the `importance` directive spells it (`roc_auc`,
    /// `average_precision`, `log_loss`, `f1`).
    public var description: String {
        switch self {
        case .rocAUC: "roc_auc"
        case .averagePrecision: "average_precision"
        case .logLoss: "log_loss"
        case .f1: "f1"
        }
    }

    /// Whether the metric is undefined when only one class is present (ROC-AUC and AP).
    public var needsBothClasses: Bool {
        switch self {
        case .rocAUC, .averagePrecision: true
        case .logLoss, .f1: false
        }
    }

    /// The score of `scores` against `labels`, larger is better (the log loss negated).
    ///
    /// - Throws: `ClassificationError` for scores that are not finite probabilities.
    /// - Complexity: O(n).
    public func score(labels: BinaryLabels, scores: [Double]) throws -> Double {
        switch self {
        case .rocAUC: try ScoreRanking(labels: labels, scores: scores).rocAUC
        case .averagePrecision: try ScoreRanking(labels: labels, scores: scores).averagePrecision
        case .logLoss: -(try ProbabilityScores.logLoss(labels: labels, probabilities: scores))
        case .f1(let threshold): try ConfusionCounts(labels: labels, scores: scores, threshold: threshold).f1
        }
    }
}
