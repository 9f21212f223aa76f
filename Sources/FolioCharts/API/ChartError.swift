/// An inconsistency in a chart's definition, reported by the charts' `validate()`
/// methods and drawn in place of the plot by `render()`.
public enum ChartError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Two arrays that must have one element per point differ in length.
    case lengthMismatch(what: String, expected: Int, actual: Int)
    /// A fixed axis range is not finite or empty.
    case invalidRange(axis: String)
    /// Histogram bin edges must be finite and strictly increasing, at least two.
    case invalidBinEdges
    /// A histogram bin count must be at least 1.
    case invalidBinCount(Int)
    /// A heatmap's rows must all have one value per column label.
    case raggedMatrix(row: Int, expected: Int, actual: Int)
    /// A layout parameter (size, column count) is not usable.
    case invalidLayout(String)

    /// A sentence describing the problem.
    public var description: String {
        switch self {
        case .lengthMismatch(let what, let expected, let actual):
            return "\(what) has \(actual) values, expected \(expected)"
        case .invalidRange(let axis):
            return "the \(axis) axis range must be finite with lower < upper"
        case .invalidBinEdges:
            return "histogram bin edges must be at least two finite, strictly increasing values"
        case .invalidBinCount(let count):
            return "histogram bin count must be at least 1 (got \(count))"
        case .raggedMatrix(let row, let expected, let actual):
            return "heatmap row \(row) has \(actual) values, expected \(expected)"
        case .invalidLayout(let message):
            return message
        }
    }
}
