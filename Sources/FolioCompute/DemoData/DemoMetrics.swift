/// The few classification metrics the demo generator reports about its own models (the
/// full, reference-checked metrics live in FolioCompute's evaluation code).
enum DemoMetrics {
    /// ROC-AUC through the classification module's `ScoreRanking` (scikit-learn's
    /// definition); NaN when a class is missing or the input is invalid.
    static func rocAUC(labels: [Int8], scores: [Double]) -> Double {
        guard let binary = try? BinaryLabels(labels),
              let ranking = try? ScoreRanking(labels: binary, scores: scores) else { return .nan }
        return ranking.rocAUC
    }

    /// Log loss through `ProbabilityScores.logLoss` (scikit-learn's clipping, labels {0, 1});
    /// NaN for empty or invalid input.
    static func logLoss(labels: [Int8], probabilities: [Double]) -> Double {
        guard !labels.isEmpty, let binary = try? BinaryLabels(labels),
              let loss = try? ProbabilityScores.logLoss(labels: binary, probabilities: probabilities) else { return .nan }
        return loss
    }

    /// Validation metrics of a checkpoint's logits.
    struct Validation {
        var precision: Double
        var recall: Double
        var f1: Double
        var accuracy: Double
        var loss: Double
        var rocAUC: Double
    }

    /// Precision, recall and F1 of the positive class (scikit-learn, `zero_division=0`) and
    /// accuracy at threshold 0.5 on the Float32 probabilities (`sigmoid(logit) >= 0.5`); the
    /// mean weighted binary cross-entropy of the logits (PyTorch's `BCEWithLogitsLoss` with
    /// `pos_weight`); ROC-AUC of the Float32 probabilities.
    static func validation(labels: [Int8], logits: [Float], positiveWeight: Double) -> Validation {
        var tp = 0, fp = 0, fn = 0, tn = 0
        var loss = 0.0
        var probabilities: [Double] = []
        probabilities.reserveCapacity(logits.count)
        for (y, z) in zip(labels, logits) {
            let p = DemoCheckpoint.sigmoid(z)
            probabilities.append(Double(p))
            let positive = p >= 0.5
            switch (y == 1, positive) {
            case (true, true): tp += 1
            case (false, true): fp += 1
            case (true, false): fn += 1
            case (false, false): tn += 1
            }
            loss += DemoNetwork.loss(logit: Double(z), label: y, positiveWeight: positiveWeight).loss
        }
        let precision = tp + fp > 0 ? Double(tp) / Double(tp + fp) : 0
        let recall = tp + fn > 0 ? Double(tp) / Double(tp + fn) : 0
        let f1 = 2 * tp + fp + fn > 0 ? Double(2 * tp) / Double(2 * tp + fp + fn) : 0
        let n = Swift.max(1, labels.count)
        return Validation(precision: precision, recall: recall, f1: f1, accuracy: Double(tp + tn) / Double(n),
                          loss: loss / Double(n), rocAUC: rocAUC(labels: labels, scores: probabilities))
    }
}
