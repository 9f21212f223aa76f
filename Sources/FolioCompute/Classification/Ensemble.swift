/// The scores of an ensemble of models, ready to be ranked and swept like a model's.
public struct Ensemble: Hashable, Sendable {
    /// The ensemble's name in reports.
    public var name: String
    /// How the models were combined.
    public var method: EnsembleMethod
    /// One score per row.
    public var scores: [Double]
    /// The threshold of the ensemble's own decision rule: 0.5 for the means; for a
    /// majority vote of M models, the smallest share above one half,
    /// `(M / 2 + 1) / M` (2/3 for three models), so `score >= decisionThreshold` exactly
    /// when more than half vote positive.
    public var decisionThreshold: Double
    /// The number of models combined (n of "k of n").
    public var modelCount: Int

    /// Whether the ensemble is a vote, whose score is a count of votes (k of n) rather
    /// than a probability.
    public var isVote: Bool {
        if case .majorityVote = method { return true }
        return false
    }

    /// For a vote, the thresholds that mean "at least k of n models vote positive", k = 1...n
    /// (`Double(k) / Double(n)`, the very values the scores take); `nil` for the means. A
    /// vote is swept over these, never over a probability grid.
    public var voteThresholds: [Double]? {
        guard isVote, modelCount > 0 else { return nil }
        return (1...modelCount).map { Double($0) / Double(modelCount) }
    }

    /// For a vote, the fewest votes k with `k / n >= threshold` (0 for a threshold at or
    /// below 0; `nil` above 1 or for the means).
    public func votes(atThreshold threshold: Double) -> Int? {
        guard isVote else { return nil }
        return (0...modelCount).first { Double($0) / Double(modelCount) >= threshold }
    }

    /// Combines `models` (one score column each, all the same length).
    /// - Throws: `ClassificationError` for no models, empty or unequal columns,
    ///   non-finite scores, a weight or threshold list of the wrong length, negative or
    ///   non-finite weights, weights summing to 0, or a NaN threshold.
    /// - Complexity: O(n M).
    public init(name: String, method: EnsembleMethod, models: [[Double]]) throws {
        guard let first = models.first else {
            throw ClassificationError.invalidParameter(name: "ensemble \(name)", reason: "needs at least one model")
        }
        for (m, column) in models.enumerated() {
            try ClassificationInput.checkScores(column, labelCount: first.count, what: "model \(m + 1) of ensemble \(name)")
        }
        let n = first.count
        let count = models.count
        self.name = name
        self.method = method
        modelCount = count
        var out = [Double](repeating: 0, count: n)
        switch method {
        case .mean:
            for column in models {
                for i in 0..<n { out[i] += column[i] }
            }
            let divisor = Double(count)
            for i in 0..<n { out[i] /= divisor }
            decisionThreshold = 0.5
        case let .weightedMean(weights):
            guard weights.count == count else {
                throw ClassificationError.invalidParameter(
                    name: "weights", reason: "ensemble \(name) has \(count) models but \(weights.count) weights")
            }
            guard weights.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
                throw ClassificationError.invalidParameter(name: "weights", reason: "must be finite and non-negative")
            }
            let total = weights.reduce(0, +)
            guard total > 0 else {
                throw ClassificationError.invalidParameter(name: "weights", reason: "must not all be zero")
            }
            for (column, w) in zip(models, weights) {
                for i in 0..<n { out[i] += w * column[i] }
            }
            for i in 0..<n { out[i] /= total }
            decisionThreshold = 0.5
        case let .majorityVote(thresholds):
            guard thresholds.count == count else {
                throw ClassificationError.invalidParameter(
                    name: "thresholds", reason: "ensemble \(name) has \(count) models but \(thresholds.count) thresholds")
            }
            guard !thresholds.contains(where: \.isNaN) else {
                throw ClassificationError.invalidParameter(name: "thresholds", reason: "must not be NaN")
            }
            var votes = [Int](repeating: 0, count: n)
            for (column, t) in zip(models, thresholds) {
                for i in 0..<n where column[i] >= t { votes[i] += 1 }
            }
            let divisor = Double(count)
            for i in 0..<n { out[i] = Double(votes[i]) / divisor }
            decisionThreshold = Double(count / 2 + 1) / divisor
        }
        scores = out
    }
}
