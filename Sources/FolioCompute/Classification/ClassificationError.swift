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

    /// The message shown to the user.
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
