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
        guard let runs = symbolRuns(archive) else { return nil }
        // `frame(_:)` writes each series' rows together, in order, every level once.
        guard runs.list.count == runs.levels.count, zip(runs.list, runs.levels).allSatisfy({ $0.level == $1 }) else { return nil }
        return read(runs.list, from: archive)
    }

    /// The series of `symbols` (sorted, each once) from the archive `frame(_:)` made; `nil`
    /// for an archive of another shape or when a symbol is not in it. A block that trades
    /// five symbols copies their bars, not every symbol's.
    public static func series(from archive: DataFrameArchive.Columns, symbols: [String]) -> [PriceSeries]? {
        guard let runs = symbolRuns(archive), runs.list.count == runs.levels.count else { return nil }
        var rowsOf: [String: Range<Int>] = [:]
        for run in runs.list {
            guard let level = run.level, rowsOf.updateValue(run.rows, forKey: level) == nil else { return nil }
        }
        var wanted: [(level: String?, rows: Range<Int>)] = []
        for symbol in Array(Set(symbols)).sorted() {
            guard let rows = rowsOf[symbol] else { return nil }
            wanted.append((symbol, rows))
        }
        return read(wanted, from: archive)
    }

    private static func symbolRuns(_ archive: DataFrameArchive.Columns)
        -> (list: [(level: String?, rows: Range<Int>)], levels: [String])? {
        guard archive.names == ["symbol", "timestamp", "open", "high", "low", "close"],
              let runs = archive.runs(ofText: "symbol"), let levels = archive.levels(ofText: "symbol") else { return nil }
        return (runs, levels)
    }

    private static func read(_ runs: [(level: String?, rows: Range<Int>)], from archive: DataFrameArchive.Columns) -> [PriceSeries]? {
        var out: [PriceSeries] = []
        out.reserveCapacity(runs.count)
        for run in runs {
            guard let symbol = run.level, let t = archive.timestamps("timestamp", rows: run.rows),
                  let o = archive.numbers("open", rows: run.rows), let h = archive.numbers("high", rows: run.rows),
                  let l = archive.numbers("low", rows: run.rows), let c = archive.numbers("close", rows: run.rows),
                  let series = try? PriceSeries(symbol: symbol, timestamps: t, open: o, high: h, low: l, close: c)
            else { return nil }
            out.append(series)
        }
        return out
    }
}
