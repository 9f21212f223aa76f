import Foundation

/// Barrier labels of every bar of several price series (`barrierLabels` on closes, the
/// data contract's definition), computed once and read at any rows.
public struct SeriesLabels: Sendable, Hashable {
    /// The barriers.
    public let spec: BarrierSpec
    /// Per series, per bar: 0 or 1, or -1 when the bar's window runs past the data.
    public let labels: [[Int8]]

    /// Labels every bar of `series` (in parallel over the series).
    ///
    /// - Complexity: O(total bars * horizon) worst case.
    public init(series: [PriceSeries], spec: BarrierSpec) {
        self.spec = spec
        let slots = LabelSlots(count: series.count)
        ParallelLoop.run(iterations: series.count, threads: ProcessInfo.processInfo.activeProcessorCount) { k in
            slots.buffer[k] = barrierLabels(close: series[k].close, spec: spec).map { $0 ?? -1 }
        }
        labels = (0..<series.count).map { slots.buffer[$0]! }
    }

    /// The label of each row's bar, or of the bar `shift` bars after it (before it when
    /// negative); -1 when the row has no bar, the shifted bar is outside the series, or its
    /// window runs past the data.
    ///
    /// - Complexity: O(rows).
    public func labels(at positions: BarPositions, shift: Int = 0) -> [Int8] {
        var out = [Int8](repeating: -1, count: positions.count)
        for i in 0..<positions.count {
            let s = Int(positions.series[i]), b = Int(positions.bar[i])
            guard s >= 0, b >= 0 else { continue }
            let t = b + shift
            let column = labels[s]
            guard t >= 0, t < column.count else { continue }
            out[i] = column[t]
        }
        return out
    }
}

/// Stored labels compared with recomputed ones.
public struct LabelComparison: Sendable, Hashable {
    /// Rows with a stored label of 0 or 1 and a recomputed label.
    public var compared: Int
    /// Compared rows whose labels agree.
    public var agreeing: Int
    /// Row indices of compared rows whose labels differ, in row order.
    public var mismatches: [Int]
    /// Rows that could not be recomputed because they have no bar (or no series).
    public var noBar: Int
    /// Rows with a bar whose label window runs past the end of the data (the data
    /// contract drops such rows).
    public var incompleteWindow: Int
    /// Rows whose stored label is missing or not 0/1.
    public var invalidStored: Int
    /// Compared rows stored as 1.
    public var storedPositives: Int
    /// Compared rows recomputed as 1.
    public var recomputedPositives: Int

    /// The share of compared rows that agree (NaN when none were compared).
    public var agreement: Double { compared == 0 ? .nan : Double(agreeing) / Double(compared) }

    /// Compares `stored` (a numeric column: 0, 1, NaN) with `recomputed` (0, 1 or -1).
    ///
    /// - Parameters:
    ///   - rows: the rows to compare (all when `nil`).
    /// - Precondition: `stored`, `recomputed` and `positions` have one value per row.
    /// - Complexity: O(rows).
    public init(stored: [Double], recomputed: [Int8], positions: BarPositions, rows: [Int]? = nil) {
        precondition(stored.count == recomputed.count && stored.count == positions.count, "one value per row")
        compared = 0; agreeing = 0; mismatches = []; noBar = 0; incompleteWindow = 0; invalidStored = 0
        storedPositives = 0; recomputedPositives = 0
        func visit(_ i: Int) {
            let y = stored[i]
            guard y == 0 || y == 1 else { invalidStored += 1; return }
            let r = recomputed[i]
            guard r >= 0 else {
                if positions.bar[i] < 0 { noBar += 1 } else { incompleteWindow += 1 }
                return
            }
            compared += 1
            if y == 1 { storedPositives += 1 }
            if r == 1 { recomputedPositives += 1 }
            if Double(r) == y { agreeing += 1 } else { mismatches.append(i) }
        }
        if let rows { for i in rows { visit(i) } } else { for i in 0..<stored.count { visit(i) } }
    }
}

extension PriceSeries {
    /// The label walk of bar `t`: the closes of bars `t + 1 ... t + horizon` against
    /// barriers around `close[t]` (`firstBarrierTouch` with `.close`), with the bar where
    /// it ended; `nil` when `t` is the last bar or outside the series.
    public func labelTouch(at t: Int, spec: BarrierSpec) -> BarrierHit? {
        guard t >= 0, t < count else { return nil }
        let empty = UnsafeBufferPointer<Double>(start: nil, count: 0)
        return close.withUnsafeBufferPointer { c in
            firstBarrierTouch(reference: c[t], from: t + 1, spec: spec, source: .close,
                              open: empty, high: empty, low: empty, close: c)
        }
    }
}

extension PriceSeries {
    /// The trade walk of a signal at bar `t`, as the backtest exits it (before costs): entry
    /// at the open of bar `t + 1`, barriers relative to that open tested on each bar's high
    /// and low from the entry bar on (the stop first when one bar touches both), for
    /// `horizon` bars (`firstBarrierTouch` with `.highLow`); `nil` when there is no bar after
    /// `t`.
    public func tradeTouch(at t: Int, spec: BarrierSpec) -> BarrierHit? {
        guard t >= 0, t + 1 < count else { return nil }
        return open.withUnsafeBufferPointer { o in
            high.withUnsafeBufferPointer { h in
                low.withUnsafeBufferPointer { l in
                    close.withUnsafeBufferPointer { c in
                        firstBarrierTouch(reference: o[t + 1], from: t + 1, spec: spec, source: .highLow,
                                          open: o, high: h, low: l, close: c)
                    }
                }
            }
        }
    }
}

/// What a row's label becomes when it is traded: 1 when the trade walk (`tradeTouch`)
/// reaches the take-profit first, 0 when it stops out or times out, -1 when the row has no
/// bar or the walk runs past the data.
///
/// Labels test closes from the row's close; trades enter at the next open and test highs
/// and lows. Comparing the two shows how many labelled winners a trade would still lose.
///
/// - Complexity: O(rows * horizon).
public func tradeOutcomes(series: [PriceSeries], positions: BarPositions, spec: BarrierSpec) -> [Int8] {
    var out = [Int8](repeating: -1, count: positions.count)
    for i in 0..<positions.count {
        let s = Int(positions.series[i]), b = Int(positions.bar[i])
        guard s >= 0, b >= 0, let hit = series[s].tradeTouch(at: b, spec: spec), hit.isComplete else { continue }
        out[i] = hit.outcome == .upper ? 1 : 0
    }
    return out
}

/// Result slots written by one task each.
final class LabelSlots: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<[Int8]?>
    init(count: Int) {
        buffer = .allocate(capacity: max(count, 1))
        buffer.initialize(repeating: nil)
    }
    deinit {
        buffer.deinitialize()
        buffer.deallocate()
    }
}
