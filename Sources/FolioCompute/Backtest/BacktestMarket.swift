/// The universe of a backtest, prepared once and shared by every run (models, thresholds,
/// baselines): symbols sorted by name, the union of all bar timestamps (the equity
/// curve's timeline), and each bar's position on it.
///
/// Bars are stored flat (all symbols back to back, in symbol order) so that the engine
/// reads them through one set of buffer pointers.
public struct BacktestMarket: Sendable {
    /// Symbols in ascending order (`String` comparison); a symbol's index here is its rank
    /// in tie-breaks.
    public let symbols: [String]
    /// The union of all symbols' bar timestamps, increasing: the equity timeline.
    public let timeline: [Int64]
    /// `offsets[s] ..< offsets[s + 1]` are symbol `s`'s bars in the flat arrays.
    let offsets: [Int]
    let times: [Int64]
    let open: [Double]
    let high: [Double]
    let low: [Double]
    let close: [Double]
    /// The timeline index of each flat bar.
    let step: [Int32]

    /// Prepares a universe.
    ///
    /// - Throws: `BacktestError.emptyUniverse`, `.duplicateSymbol`, or
    ///   `.invalidConfiguration` beyond 2^31 bars.
    /// - Complexity: O(S * T) for S symbols and a timeline of T timestamps (one merge per
    ///   symbol), plus O(S log S) to sort the symbols.
    public init(series: [PriceSeries]) throws(BacktestError) {
        guard !series.isEmpty else { throw .emptyUniverse }
        let sorted = series.sorted { $0.symbol < $1.symbol }
        for i in 1..<max(sorted.count, 1) where sorted[i].symbol == sorted[i - 1].symbol {
            throw .duplicateSymbol(sorted[i].symbol)
        }
        symbols = sorted.map(\.symbol)
        var offsets = [0]
        offsets.reserveCapacity(sorted.count + 1)
        for s in sorted { offsets.append(offsets.last! + s.count) }
        self.offsets = offsets
        let total = offsets.last!
        guard total < Int(Int32.max) else {
            throw .invalidConfiguration("more than \(Int32.max) bars in the universe")
        }
        var times = [Int64](), open = [Double](), high = [Double](), low = [Double](), close = [Double]()
        times.reserveCapacity(total); open.reserveCapacity(total); high.reserveCapacity(total)
        low.reserveCapacity(total); close.reserveCapacity(total)
        // Union timeline by successive merges of sorted, duplicate-free arrays.
        var union: [Int64] = []
        for s in sorted {
            times += s.timestamps; open += s.open; high += s.high; low += s.low; close += s.close
            union = BacktestMarket.mergeUnique(union, s.timestamps)
        }
        self.times = times
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        timeline = union
        var step = [Int32](repeating: 0, count: total)
        for s in sorted.indices {
            var g = 0
            for b in offsets[s]..<offsets[s + 1] {
                let t = times[b]
                while union[g] < t { g += 1 }
                step[b] = Int32(g)
            }
        }
        self.step = step
    }

    /// Number of symbols.
    public var symbolCount: Int { symbols.count }

    /// The index of `symbol` in `symbols`, or `nil`.
    ///
    /// - Complexity: O(log S).
    public func index(ofSymbol symbol: String) -> Int? {
        var lo = 0, hi = symbols.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if symbols[mid] < symbol { lo = mid + 1 } else { hi = mid }
        }
        return lo < symbols.count && symbols[lo] == symbol ? lo : nil
    }

    /// The flat index of symbol `s`'s bar at exactly `time`, or `nil`.
    func bar(ofSymbol s: Int, at time: Int64) -> Int? {
        var lo = offsets[s], hi = offsets[s + 1]
        while lo < hi {
            let mid = (lo + hi) >> 1
            if times[mid] < time { lo = mid + 1 } else { hi = mid }
        }
        return lo < offsets[s + 1] && times[lo] == time ? lo : nil
    }

    static func mergeUnique(_ a: [Int64], _ b: [Int64]) -> [Int64] {
        if a.isEmpty { return b }
        var out: [Int64] = []
        out.reserveCapacity(max(a.count, b.count))
        var i = 0, j = 0
        while i < a.count, j < b.count {
            let x = a[i], y = b[j]
            if x < y { out.append(x); i += 1 } else if y < x { out.append(y); j += 1 } else {
                out.append(x); i += 1; j += 1
            }
        }
        out += a[i...]
        out += b[j...]
        return out
    }
}
