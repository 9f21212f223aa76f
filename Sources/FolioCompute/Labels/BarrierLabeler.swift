/// Triple-barrier logic shared by the label definition, the label audit and the
/// backtest's trade exits: one implementation, told which prices to test.
///
/// Barriers are relative to a reference price `p`: the upper barrier is `p * (1 + up)`,
/// the lower `p * (1 - down)`. Bars are examined from `first` for at most `horizon`
/// bars.
public struct BarrierSpec: Hashable, Sendable, Codable {
    /// Relative take-profit distance, e.g. `0.05` for +5%.
    public var up: Double
    /// Relative stop-loss distance, positive, e.g. `0.02` for -2%.
    public var down: Double
    /// Number of bars examined.
    public var horizon: Int

    public init(up: Double, down: Double, horizon: Int) {
        self.up = up
        self.down = down
        self.horizon = horizon
    }

    /// The data contract's label: +5% before -2% within 24 bars.
    public static let contract = BarrierSpec(up: 0.05, down: 0.02, horizon: 24)
}

/// Which prices the barriers are tested on.
public enum BarrierPriceSource: String, Sendable, Codable, CaseIterable {
    /// Closes only (the data contract's label definition). A close at or above the upper
    /// barrier hits it; at or below the lower barrier hits that. Both cannot happen in one
    /// bar.
    case close
    /// Each bar's high and low (trade exits). When one bar touches both barriers the
    /// lower (stop) counts first: the bar's path inside is unknown, and the conservative
    /// rule is the one backtesting.py-style engines use. A bar that opens beyond a
    /// barrier fills at its open (a gap), not at the barrier.
    case highLow = "high_low"
}

/// How a barrier walk ended.
public enum BarrierOutcome: String, Sendable, Codable, CaseIterable {
    case upper = "take_profit"
    case lower = "stop_loss"
    /// Neither barrier within the horizon: exit at the close of the last examined bar.
    case horizon
    /// The data ended before the horizon and neither barrier was hit.
    case endOfData = "end_of_data"
}

/// The first barrier event of a walk.
public struct BarrierHit: Hashable, Sendable {
    public var outcome: BarrierOutcome
    /// Index of the bar at which the walk ended.
    public var index: Int
    /// The exit price: the barrier (or the open when it gapped past it) for `highLow`, the
    /// close for `close` and for `horizon` / `endOfData`.
    public var price: Double
    /// Whether all `horizon` bars were inside the data.
    public var isComplete: Bool
}

/// Walks bars from `first` and returns the first barrier event.
///
/// - Parameters:
///   - reference: the price the barriers are relative to.
///   - first: the first bar examined (for a label at bar `t`, `t + 1`; for a trade
///     entered at bar `e`'s open, `e`).
///   - open, high, low, close: bar prices (`open`, `high`, `low` are only read with
///     `.highLow`).
/// - Returns: the event; `nil` only when `first` is past the data.
/// - Complexity: O(horizon).

public func firstBarrierTouch(
    reference: Double, from first: Int, spec: BarrierSpec, source: BarrierPriceSource,
    open: UnsafeBufferPointer<Double>, high: UnsafeBufferPointer<Double>,
    low: UnsafeBufferPointer<Double>, close: UnsafeBufferPointer<Double>
) -> BarrierHit? {
    let n = close.count
    guard first >= 0, first < n, spec.horizon > 0 else { return nil }
    let upper = reference * (1 + spec.up)
    let lower = reference * (1 - spec.down)
    let end = min(first + spec.horizon, n)
    var i = first
    switch source {
    case .close:
        while i < end {
            let c = close[i]
            if c >= upper { return BarrierHit(outcome: .upper, index: i, price: c, isComplete: first + spec.horizon <= n) }
            if c <= lower { return BarrierHit(outcome: .lower, index: i, price: c, isComplete: first + spec.horizon <= n) }
            i += 1
        }
    case .highLow:
        while i < end {
            let o = open[i]
            if o <= lower { return BarrierHit(outcome: .lower, index: i, price: o, isComplete: first + spec.horizon <= n) }
            if o >= upper { return BarrierHit(outcome: .upper, index: i, price: o, isComplete: first + spec.horizon <= n) }
            if low[i] <= lower { return BarrierHit(outcome: .lower, index: i, price: lower, isComplete: first + spec.horizon <= n) }
            if high[i] >= upper { return BarrierHit(outcome: .upper, index: i, price: upper, isComplete: first + spec.horizon <= n) }
            i += 1
        }
    }
    let complete = first + spec.horizon <= n
    return BarrierHit(outcome: complete ? .horizon : .endOfData, index: end - 1, price: close[end - 1], isComplete: complete)
}

/// Barrier labels on closes for every bar of one series: `1` when the close reaches
/// `+up` before `-down` within the next `horizon` bars after bar `t`, `0` otherwise, and
/// `nil` for the last `horizon` bars whose window runs past the data (they are dropped,
/// as the data contract says, even when a barrier was already hit).
///
/// - Complexity: O(n * horizon) worst case.
public func barrierLabels(close: [Double], spec: BarrierSpec = .contract) -> [Int8?] {
    var labels = [Int8?](repeating: nil, count: close.count)
    close.withUnsafeBufferPointer { c in
        let empty = UnsafeBufferPointer<Double>(start: nil, count: 0)
        for t in 0..<c.count where t + spec.horizon < c.count {
            let hit = firstBarrierTouch(reference: c[t], from: t + 1, spec: spec, source: .close,
                                        open: empty, high: empty, low: empty, close: c)
            labels[t] = hit?.outcome == .upper ? 1 : 0
        }
    }
    return labels
}
