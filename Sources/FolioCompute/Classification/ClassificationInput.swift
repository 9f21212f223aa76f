/// Input checks shared by the classification metrics.
enum ClassificationInput {
    /// Throws unless `scores` is non-empty, as long as the labels, and finite.
    static func checkScores(_ scores: [Double], labelCount: Int, what: String = "the scores") throws {
        guard labelCount > 0, !scores.isEmpty else { throw ClassificationError.empty }
        guard scores.count == labelCount else {
            throw ClassificationError.lengthMismatch(expected: labelCount, actual: scores.count, what: what)
        }
        try scores.withUnsafeBufferPointer { s in
            var bad = 0
            var first = -1
            for i in 0..<s.count where !s[i].isFinite {
                if first < 0 { first = i }
                bad += 1
            }
            if bad > 0 { throw ClassificationError.nonFiniteScores(count: bad, firstIndex: first) }
        }
    }

    /// Throws unless `probabilities` is non-empty, as long as the labels, and within [0, 1]
    /// (NaN included in the error, as `checkScores`).
    static func checkProbabilities(_ probabilities: [Double], labelCount: Int) throws {
        try checkScores(probabilities, labelCount: labelCount, what: "the probabilities")
        try probabilities.withUnsafeBufferPointer { p in
            var bad = 0
            var first = -1
            for i in 0..<p.count where !(p[i] >= 0 && p[i] <= 1) {
                if first < 0 { first = i }
                bad += 1
            }
            if bad > 0 {
                throw ClassificationError.probabilitiesOutOfRange(count: bad, firstIndex: first, firstValue: p[first])
            }
        }
    }
}
