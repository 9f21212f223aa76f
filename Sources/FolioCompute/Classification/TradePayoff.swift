/// The payoff of one trade, for the expected-value columns of a sweep: a correct signal
/// wins `win` (e.g. 0.05 for the +5% barrier), a wrong one loses `loss` (e.g. 0.02).
public struct TradePayoff: Hashable, Sendable, Codable {
    /// The gain of a true positive, as a fraction.
    public var win: Double
    /// The loss of a false positive, as a positive fraction.
    public var loss: Double

    /// A payoff of `win` per correct trade and `loss` per wrong one.
    public init(win: Double, loss: Double) {
        self.win = win
        self.loss = loss
    }

    /// The expected value per trade taken at a precision:
    /// `precision * win - (1 - precision) * loss`.
    public func expectedValue(precision: Double) -> Double {
        precision * win - (1 - precision) * loss
    }
}
