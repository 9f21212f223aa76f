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

    /// The series `frame(_:)` made, read from its archive one symbol at a time (each value
    /// copied once, no frame between) and validated again; `nil` for an archive of another
    /// shape.
    public static func series(from archive: DataFrameArchive.Columns) -> [PriceSeries]? {
        guard archive.names == ["symbol", "timestamp", "open", "high", "low", "close"],
              let symbols = archive.text("symbol") else { return nil }
        var out: [PriceSeries] = []
        var start = 0
        while start < symbols.codes.count {
            let code = symbols.codes[start]
            guard Int(code) == out.count else { return nil }
            var end = start
            while end < symbols.codes.count, symbols.codes[end] == code { end += 1 }
            let rows = start..<end
            guard let t = archive.timestamps("timestamp", rows: rows), let o = archive.numbers("open", rows: rows),
                  let h = archive.numbers("high", rows: rows), let l = archive.numbers("low", rows: rows),
                  let c = archive.numbers("close", rows: rows),
                  let series = try? PriceSeries(symbol: symbols.levels[Int(code)], timestamps: t,
                                                open: o, high: h, low: l, close: c) else { return nil }
            out.append(series)
            start = end
        }
        return out.count == symbols.levels.count ? out : nil
    }
}
