import FolioCompute

/// A per-model metric of `evaluate`: its result key (also the name used in `expect:`),
/// its column title, which way is better, and how it is read from a `BinaryEvaluation`.
struct EvaluationMetric: Sendable {
    /// The result key, e.g. `roc_auc`.
    let key: String
    /// The column title in tables.
    let title: String
    /// Whether larger values are better (false for the losses).
    let higherIsBetter: Bool
    /// Whether the value depends on the threshold.
    let atThreshold: Bool
    let read: @Sendable (BinaryEvaluation) -> Double

    /// Every metric, in result order.
    static let all: [EvaluationMetric] = [
        EvaluationMetric(key: "accuracy", title: "accuracy", higherIsBetter: true, atThreshold: true) { $0.counts.accuracy },
        EvaluationMetric(key: "balanced_accuracy", title: "balanced accuracy", higherIsBetter: true, atThreshold: true) { $0.counts.balancedAccuracy },
        EvaluationMetric(key: "precision", title: "precision", higherIsBetter: true, atThreshold: true) { $0.counts.precision },
        EvaluationMetric(key: "recall", title: "recall", higherIsBetter: true, atThreshold: true) { $0.counts.recall },
        EvaluationMetric(key: "f1", title: "F1", higherIsBetter: true, atThreshold: true) { $0.counts.f1 },
        EvaluationMetric(key: "macro_precision", title: "macro precision", higherIsBetter: true, atThreshold: true) { $0.counts.macroPrecision },
        EvaluationMetric(key: "macro_recall", title: "macro recall", higherIsBetter: true, atThreshold: true) { $0.counts.macroRecall },
        EvaluationMetric(key: "macro_f1", title: "macro F1", higherIsBetter: true, atThreshold: true) { $0.counts.macroF1 },
        EvaluationMetric(key: "mcc", title: "MCC", higherIsBetter: true, atThreshold: true) { $0.counts.matthewsCorrelation },
        EvaluationMetric(key: "roc_auc", title: "ROC-AUC", higherIsBetter: true, atThreshold: false) { $0.rocAUC },
        EvaluationMetric(key: "average_precision", title: "average precision", higherIsBetter: true, atThreshold: false) { $0.averagePrecision },
        EvaluationMetric(key: "log_loss", title: "log loss", higherIsBetter: false, atThreshold: false) { $0.logLoss },
        EvaluationMetric(key: "brier", title: "Brier", higherIsBetter: false, atThreshold: false) { $0.brierScore },
    ]

    /// The metric with result key `key`.
    static func named(_ key: String) -> EvaluationMetric? {
        all.first { $0.key == key }
    }

    /// The keys `expect:` accepts: every metric, the counts and the positive rate.
    static let expectable: [String] = all.map(\.key) + ["positives", "rows", "positive_rate"]

    /// The indices of the best value in `values` (every index on a tie; NaN never wins):
    /// empty when all values are NaN or all are equal.
    func bestIndices(_ values: [Double]) -> Set<Int> {
        let finite = values.filter { !$0.isNaN }
        guard let best = higherIsBetter ? finite.max() : finite.min() else { return [] }
        // Nothing stands out when every value is the same.
        if finite.count == values.count, finite.allSatisfy({ $0 == best }) { return [] }
        return Set(values.indices.filter { values[$0] == best })
    }
}
