/// The few classification metrics the demo generator reports about its own models (the
/// full, reference-checked metrics live in FolioCompute's evaluation code).
enum DemoMetrics {
    /// ROC-AUC as the Mann-Whitney statistic with ties counted as one half (equal to
    /// scikit-learn's `roc_auc_score`); NaN with a single class.
    ///
    /// - Complexity: O(n log n).
    static func rocAUC(labels: [Int8], scores: [Double]) -> Double {
        let n = labels.count
        let order = (0..<n).sorted { scores[$0] < scores[$1] }
        var positives = 0.0, rankSum = 0.0
        var i = 0
        while i < n {
            var j = i
            while j + 1 < n && scores[order[j + 1]] == scores[order[i]] { j += 1 }
            let midRank = Double(i + j) / 2 + 1
            for k in i...j where labels[order[k]] == 1 {
                positives += 1
                rankSum += midRank
            }
            i = j + 1
        }
        let negatives = Double(n) - positives
        guard positives > 0, negatives > 0 else { return .nan }
        return (rankSum - positives * (positives + 1) / 2) / (positives * negatives)
    }

    /// Mean binary log loss, probabilities clipped to `[eps, 1 - eps]` with the double
    /// machine epsilon (scikit-learn's `log_loss`).
    static func logLoss(labels: [Int8], probabilities: [Double]) -> Double {
        guard !labels.isEmpty else { return .nan }
        let eps = Double.ulpOfOne
        var s = 0.0
        for (y, p) in zip(labels, probabilities) {
            let q = Swift.min(Swift.max(p, eps), 1 - eps)
            s -= y == 1 ? DemoMath.log(q) : DemoMath.log(1 - q)
        }
        return s / Double(labels.count)
    }
}
