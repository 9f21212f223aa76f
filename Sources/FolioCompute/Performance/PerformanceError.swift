/// Errors of the performance statistics: invalid equity curves and trade lists.
public enum PerformanceError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The equity curve has no points.
    case emptyEquity
    /// Two arrays that must have one value per row differ in length.
    case lengthMismatch(what: String, expected: Int, actual: Int)
    /// `timestamps[index]` is not after `timestamps[index - 1]`.
    case timestampsNotIncreasing(index: Int)
    /// `equity[index]` is NaN or infinite.
    case nonFiniteEquity(index: Int)
    /// A trade's field is NaN or infinite.
    case nonFiniteTrade(index: Int, field: String)
    /// A trade's entry or exit lies before the first bar of the curve, or its bar index is
    /// outside the curve.
    case tradeOutsideCurve(index: Int)
    /// A trade exits before it enters.
    case tradeExitBeforeEntry(index: Int)
    /// The risk-free rate must lie in (-1, 1), as backtesting.py asserts.
    case invalidRiskFreeRate(Double)

    /// A message for the user, naming the offending value.
    public var description: String {
        switch self {
        case .emptyEquity:
            return "the equity curve is empty"
        case let .lengthMismatch(what, expected, actual):
            return "\(what): expected \(expected) values, got \(actual)"
        case let .timestampsNotIncreasing(index):
            return "equity timestamps must be strictly increasing (row \(index) is not after row \(index - 1))"
        case let .nonFiniteEquity(index):
            return "equity at row \(index) is not a finite number"
        case let .nonFiniteTrade(index, field):
            return "trade \(index): \(field) is not a finite number"
        case let .tradeOutsideCurve(index):
            return "trade \(index) lies outside the equity curve"
        case let .tradeExitBeforeEntry(index):
            return "trade \(index) exits before it enters"
        case let .invalidRiskFreeRate(rate):
            return "the risk-free rate must lie strictly between -1 and 1 (got \(rate))"
        }
    }
}
