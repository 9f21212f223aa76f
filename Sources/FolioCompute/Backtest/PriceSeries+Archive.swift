extension PriceSeries {
    /// Several series as one frame (columns symbol, timestamp, open, high, low, close; each
    /// series' rows together, in order), for `DataFrameArchive`.
    public static func frame(_ series: [PriceSeries]) -> DataFrame {
        var codes: [Int32] = [], timestamps: [Int64] = []
        var open: [Double] = [], high: [Double] = [], low: [Double] = [], close: [Double] = []
        for (k, s) in series.enumerated() {
            codes.append(contentsOf: repeatElement(Int32(k), count: s.timestamps.count))
            timestamps += s.timestamps
            open += s.open
            high += s.high
            low += s.low
            close += s.close
        }
        let columns: [(name: String, column: Column)] = [
            ("symbol", .text(TextColumn(codes: codes, levels: series.map(\.symbol)))),
            ("timestamp", .timestamp(timestamps)),
            ("open", .number(open)), ("high", .number(high)), ("low", .number(low)), ("close", .number(close)),
        ]
        return (try? DataFrame(columns)) ?? DataFrame()
    }

    /// The series `frame(_:)` made, validated again; `nil` for a frame of another shape.
    public static func series(from frame: DataFrame) -> [PriceSeries]? {
        guard frame.columnNames == ["symbol", "timestamp", "open", "high", "low", "close"],
              case .text(let symbols)? = frame.column("symbol"), case .timestamp(let t)? = frame.column("timestamp"),
              case .number(let o)? = frame.column("open"), case .number(let h)? = frame.column("high"),
              case .number(let l)? = frame.column("low"), case .number(let c)? = frame.column("close") else { return nil }
        var out: [PriceSeries] = []
        var start = 0
        while start < symbols.codes.count {
            let code = symbols.codes[start]
            guard Int(code) == out.count else { return nil }
            var end = start
            while end < symbols.codes.count, symbols.codes[end] == code { end += 1 }
            guard let series = try? PriceSeries(symbol: symbols.levels[Int(code)], timestamps: Array(t[start..<end]),
                                                open: Array(o[start..<end]), high: Array(h[start..<end]),
                                                low: Array(l[start..<end]), close: Array(c[start..<end])) else { return nil }
            out.append(series)
            start = end
        }
        return out.count == symbols.levels.count ? out : nil
    }
}
