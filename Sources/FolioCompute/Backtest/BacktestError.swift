/// Errors of the backtest engine: invalid bars, signals or configuration.
public enum BacktestError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No price series were given.
    case emptyUniverse
    /// Two price series have the same symbol.
    case duplicateSymbol(String)
    /// A price series has no bars.
    case emptySeries(symbol: String)
    /// Arrays that must have one value per row differ in length.
    case lengthMismatch(what: String, expected: Int, actual: Int)
    /// A series' timestamp is not after the previous one.
    case timestampsNotIncreasing(symbol: String, index: Int)
    /// A price is NaN, infinite, zero or negative.
    case invalidPrice(symbol: String, index: Int, field: String)
    /// Two signal rows name the same symbol and bar.
    case duplicateSignal(symbol: String, timestamp: Int64)
    /// A configuration value is out of range; the message names it.
    case invalidConfiguration(String)
    /// The period contains no bar of any symbol.
    case emptyPeriod
    /// The statistics could not be computed (should not happen for engine output).
    case statistics(PerformanceError)

    /// A message for the user, naming the offending value.
    public var description: String {
        switch self {
        case .emptyUniverse:
            return "the backtest needs at least one price series"
        case let .duplicateSymbol(symbol):
            return "symbol \(symbol) appears more than once in the price series"
        case let .emptySeries(symbol):
            return "the price series of \(symbol) has no bars"
        case let .lengthMismatch(what, expected, actual):
            return "\(what): expected \(expected) values, got \(actual)"
        case let .timestampsNotIncreasing(symbol, index):
            return "\(symbol): bar timestamps must be strictly increasing (bar \(index) is not after bar \(index - 1))"
        case let .invalidPrice(symbol, index, field):
            return "\(symbol): \(field) of bar \(index) is not a positive finite number"
        case let .duplicateSignal(symbol, timestamp):
            return "more than one signal for \(symbol) at \(timestamp) (seconds since the epoch)"
        case let .invalidConfiguration(message):
            return "invalid backtest configuration: \(message)"
        case .emptyPeriod:
            return "the backtest period contains no bars"
        case let .statistics(error):
            return "performance statistics: \(error)"
        }
    }
}
