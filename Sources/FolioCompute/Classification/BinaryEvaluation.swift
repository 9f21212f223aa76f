/// Everything the `evaluate` directive reports for one model: the counts and metrics at a
/// threshold, the threshold-free areas, and the probability scores, from one ranking.
public struct BinaryEvaluation: Sendable {
    /// The decision threshold (predicted positive when `score >= threshold`).
    public let threshold: Double
    /// Counts at `threshold`; its properties give accuracy, precision, recall, F1, MCC...
    public let counts: ConfusionCounts
    /// The ranking the curves and areas are read from.
    public let ranking: ScoreRanking
    /// `roc_auc_score` (NaN with a single class; see `warnings`).
    public let rocAUC: Double
    /// `average_precision_score` (NaN with a single class; see `warnings`).
    public let averagePrecision: Double
    /// `log_loss(y, p, labels=[0, 1])`.
    public let logLoss: Double
    /// `brier_score_loss`.
    public let brierScore: Double

    /// Warnings to print beside the results (a single class, for now).
    public var warnings: [ClassificationWarning] { ranking.warnings }

    /// Evaluates probabilities against labels.
    /// - Throws: `ClassificationError` for empty input, mismatched lengths, and
    ///   probabilities that are NaN, infinite or outside [0, 1].
    /// - Complexity: O(n) (radix sort) plus O(log d) for the counts.
    public init(labels: BinaryLabels, probabilities: [Double], threshold: Double = 0.5) throws {
        try ClassificationInput.checkProbabilities(probabilities, labelCount: labels.count)
        self.threshold = threshold
        ranking = try ScoreRanking(labels: labels, scores: probabilities)
        counts = ranking.counts(atThreshold: threshold)
        rocAUC = ranking.rocAUC
        averagePrecision = ranking.averagePrecision
        logLoss = try ProbabilityScores.logLoss(labels: labels, probabilities: probabilities)
        brierScore = try ProbabilityScores.brierScore(labels: labels, probabilities: probabilities)
    }
}
