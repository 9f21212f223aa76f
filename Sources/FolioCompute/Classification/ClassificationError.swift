/// An input that the binary classification metrics cannot use.
///
/// Every case describes itself in a sentence that names the problem and, where there is
/// one, the first offending row (0-based), so that a directive can pass it on as it is.
public enum ClassificationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No rows at all.
    case empty
    /// Two columns that must be parallel have different lengths.
    case lengthMismatch(expected: Int, actual: Int, what: String)
    /// Labels other than 0 and 1 (NaN included): how many, and the first one.
    case invalidLabels(count: Int, firstIndex: Int, firstValue: Double)
    /// NaN or infinite scores: how many, and the first one.
    case nonFiniteScores(count: Int, firstIndex: Int)
    /// Probabilities outside [0, 1]: how many, and the first one.
    case probabilitiesOutOfRange(count: Int, firstIndex: Int, firstValue: Double)
    /// A parameter outside its domain (number of bins, confidence level, grid, weights...).
    case invalidParameter(name: String, reason: String)
    /// The computation needs more rows of a class than there are.
    case tooFewSamples(String)

    public var description: String {
        switch self {
        case .empty:
            return "no rows: the classification metrics need at least one labelled score"
        case let .lengthMismatch(expected, actual, what):
            return "\(what) has \(actual) values but the labels have \(expected)"
        case let .invalidLabels(count, index, value):
            let shown = value.isNaN ? "NaN (missing)" : "\(value)"
            return "labels must be 0 or 1: \(count) value\(count == 1 ? " is" : "s are") not "
                + "(first at row \(index): \(shown))"
        case let .nonFiniteScores(count, index):
            return "scores must be finite: \(count) value\(count == 1 ? " is" : "s are") NaN or "
                + "infinite (first at row \(index))"
        case let .probabilitiesOutOfRange(count, index, value):
            return "probabilities must lie in [0, 1]: \(count) value\(count == 1 ? " is" : "s are") "
                + "outside (first at row \(index): \(value))"
        case let .invalidParameter(name, reason):
            return "invalid \(name): \(reason)"
        case let .tooFewSamples(message):
            return message
        }
    }
}

/// Something a caller should tell the user about a result that is still returned.
public enum ClassificationWarning: Hashable, Sendable, CustomStringConvertible {
    /// Only one class is present in the labels: ROC-AUC and average precision are
    /// undefined and reported as NaN (scikit-learn's `roc_auc_score` returns NaN with an
    /// `UndefinedMetricWarning`), and one of the ROC curve's rates is NaN.
    case singleClass(label: Int8, count: Int)

    public var description: String {
        switch self {
        case let .singleClass(label, count):
            return "only one class is present in the labels (all \(count) rows are \(label)): "
                + "ROC-AUC and average precision are undefined (NaN)"
        }
    }
}

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
