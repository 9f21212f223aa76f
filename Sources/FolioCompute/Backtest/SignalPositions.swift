/// Signal rows (one per prediction: symbol and timestamp) aligned to a market's bars once,
/// so that several probability columns (models, ensembles) reuse the alignment.
///
/// A row whose symbol is not in the market, or whose timestamp is not one of that
/// symbol's bars, is unmatched: it never trades and is counted in
/// `SignalCounts.unmatched`.
public struct SignalPositions: Sendable {
    /// The flat bar index of each row in the market, or -1 when unmatched.
    let bar: [Int32]
    /// The symbol index of each row, or -1 when unmatched.
    let symbol: [Int32]
    /// Number of rows.
    public var count: Int { bar.count }
    /// Rows that matched no bar.
    public let unmatched: Int

    /// Aligns signal rows to `market`'s bars.
    ///
    /// - Parameters:
    ///   - symbols: the symbol of each row.
    ///   - timestamps: the time of the bar each prediction was made at (seconds since the
    ///     epoch, UTC).
    /// - Throws: `BacktestError.lengthMismatch`, or `.duplicateSignal` when two rows name
    ///   the same symbol and bar.
    /// - Complexity: O(R log B) for R rows and B bars per symbol.
    public init(market: BacktestMarket, symbols: [String], timestamps: [Int64]) throws(BacktestError) {
        guard symbols.count == timestamps.count else {
            throw .lengthMismatch(what: "signal timestamps", expected: symbols.count, actual: timestamps.count)
        }
        var bar = [Int32](repeating: -1, count: symbols.count)
        var symbol = [Int32](repeating: -1, count: symbols.count)
        var seen = [Bool](repeating: false, count: market.times.count)
        var unmatched = 0
        var lastName: String? = nil
        var lastIndex: Int? = nil
        for r in symbols.indices {
            let name = symbols[r]
            if name != lastName { lastName = name; lastIndex = market.index(ofSymbol: name) }
            guard let s = lastIndex, let b = market.bar(ofSymbol: s, at: timestamps[r]) else {
                unmatched += 1
                continue
            }
            if seen[b] { throw .duplicateSignal(symbol: name, timestamp: timestamps[r]) }
            seen[b] = true
            bar[r] = Int32(b)
            symbol[r] = Int32(s)
        }
        self.bar = bar
        self.symbol = symbol
        self.unmatched = unmatched
    }
}
