/// What the best threshold of a sweep maximises.
///
/// Ties are broken by the lower threshold (it keeps more trades for the same value).
/// A sweep has no best threshold when no row qualifies (for example no threshold reaches
/// the required precision).
public enum SweepObjective: Hashable, Sendable, Codable {
    /// The F1 score of the positive class.
    case f1
    /// The highest recall among thresholds whose precision is at least the given level.
    case recallAtPrecision(Double)
    /// The highest precision among thresholds whose recall is at least the given level.
    case precisionAtRecall(Double)
    /// The expected value per trade taken (needs a `TradePayoff`); thresholds that take no
    /// trade do not qualify.
    case expectedValue

    /// The value this objective gives `row`, or `nil` when the row does not qualify.
    public func value(of row: SweepRow) -> Double? {
        switch self {
        case .f1:
            return row.f1
        case let .recallAtPrecision(level):
            return row.precision >= level ? row.recall : nil
        case let .precisionAtRecall(level):
            return row.recall >= level ? row.precision : nil
        case .expectedValue:
            guard let ev = row.expectedValue, !ev.isNaN else { return nil }
            return ev
        }
    }

    /// The index of the best row: the highest value, the lowest threshold among equals.
    /// Rows with fewer than `minimumSignals` predicted positives do not qualify (a
    /// precision measured on a handful of signals is noise).
    public func bestIndex(in rows: [SweepRow], minimumSignals: Int = 0) -> Int? {
        var best: Int?
        var bestValue = -Double.infinity
        for (i, row) in rows.enumerated() where row.counts.predictedPositives >= minimumSignals {
            guard let v = value(of: row), !v.isNaN else { continue }
            if let b = best {
                if v > bestValue || (v == bestValue && row.threshold < rows[b].threshold) {
                    best = i
                    bestValue = v
                }
            } else {
                best = i
                bestValue = v
            }
        }
        return best
    }
}
