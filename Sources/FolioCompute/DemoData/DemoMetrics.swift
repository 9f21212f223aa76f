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
}
