import Foundation
import Testing
@testable import FolioCompute

/// Archived frames come back bit for bit; anything else reads as absent.
@Suite struct DataFrameArchiveTests {
    static func frame() throws -> DataFrame {
        let awkward: [Double] = [0, -0.0, .nan, Double(bitPattern: 0x7FF8_0000_0000_0ABC), .infinity, -.infinity,
                                 .leastNonzeroMagnitude, .greatestFiniteMagnitude, 0.1, -1e-300]
        return try DataFrame([
            (name: "x", column: .number(awkward)),
            (name: "t", column: .timestamp([Int64.min, -1, 0, 1, 1_700_000_000_000_000_000, Int64.max, 2, 3, 4, 5])),
            (name: "sym", column: .text(TextColumn(codes: [0, 1, -1, 2, 0, 1, 2, -1, 0, 0], levels: ["AAPL", "é😀", ""]))),
            (name: "naïve name", column: .number([Double](repeating: 1, count: 10))),
        ], path: "/data/f.csv")
    }

    @Test func roundTripIsBitForBit() throws {
        let frame = try Self.frame()
        let back = try #require(DataFrameArchive.decode(DataFrameArchive.encode(frame, key: "k1"), key: "k1"))
        #expect(back.columnNames == frame.columnNames)
        #expect(back.rowCount == frame.rowCount)
        #expect(back.path == "/data/f.csv")
        guard case .number(let x) = back.columns[0], case .number(let x0) = frame.columns[0],
              case .timestamp(let t) = back.columns[1], case .timestamp(let t0) = frame.columns[1],
              case .text(let s) = back.columns[2], case .text(let s0) = frame.columns[2] else {
            Issue.record("column kinds changed")
            return
        }
        #expect(x.map(\.bitPattern) == x0.map(\.bitPattern))
        #expect(t == t0)
        #expect(s == s0)
    }

    @Test func emptyFramesAndFramesWithoutAPath() throws {
        let empty = try DataFrame([(name: "a", column: .number([])), (name: "b", column: .text(TextColumn(codes: [], levels: [])))])
        let back = try #require(DataFrameArchive.decode(DataFrameArchive.encode(empty, key: "k"), key: "k"))
        #expect(back.rowCount == 0 && back.columnNames == ["a", "b"] && back.path == nil)
    }

    /// Another key, every truncation, a stray byte and damaged codes read as absent.
    @Test func anythingElseIsAbsent() throws {
        let data = DataFrameArchive.encode(try Self.frame(), key: "k1")
        #expect(DataFrameArchive.decode(data, key: "k2") == nil)
        for cut in stride(from: 0, to: data.count, by: 7) {
            #expect(DataFrameArchive.decode(data.prefix(cut), key: "k1") == nil, "cut at \(cut)")
        }
        #expect(DataFrameArchive.decode(data + Data([0]), key: "k1") == nil)
        // A text code beyond the levels: the last code of column `sym` set to 7.
        let bad = try DataFrame([(name: "s", column: .text(TextColumn(codes: [0, 0], levels: ["a"])))])
        var bytes = [UInt8](DataFrameArchive.encode(bad, key: "k"))
        let codes = bytes.count - (8 + 8 + 1) - 8 - 8  // levels: count, one string (length + "a"); codes: 2 x 4 bytes
        bytes[codes + 4] = 7
        #expect(DataFrameArchive.decode(Data(bytes), key: "k") == nil)
    }

    /// Bars folders are archived as one frame of every series' rows.
    @Test func priceSeriesRoundTrip() throws {
        let series = [
            try PriceSeries(symbol: "AAPL", timestamps: [1, 2, 3], open: [1, 2, 3], high: [2, 3, 4], low: [0.5, 1, 2], close: [1.5, 2.5, 3.5]),
            try PriceSeries(symbol: "BTCUSD", timestamps: [2], open: [10], high: [11], low: [9], close: [10.5]),
            try PriceSeries(symbol: "Zé", timestamps: [5, 9], open: [1e-9, 3], high: [1, 4], low: [1e-10, 2], close: [0.5, 3.25]),
        ]
        func read(_ frame: DataFrame) -> [PriceSeries]? {
            DataFrameArchive.withColumns(DataFrameArchive.encode(frame, key: "b"), key: "b", PriceSeries.series(from:))
        }
        #expect(read(PriceSeries.frame(series)) == series)
        // The same bytes at every alignment (the archive's columns follow strings of any
        // length, so its doubles are rarely 8-byte aligned in the mapped file).
        let data = DataFrameArchive.encode(PriceSeries.frame(series), key: "b")
        for shift in 1..<8 {
            let shifted = (Data(repeating: 0, count: shift) + data).dropFirst(shift)
            #expect(DataFrameArchive.withColumns(shifted, key: "b", PriceSeries.series(from:)) == series)
        }
        // A frame of another shape is not bars; no series is none.
        #expect(read(try Self.frame()) == nil)
        #expect(read(PriceSeries.frame([])) == [])
        // Bars that fail validation again (a price no longer positive) are not read.
        var bad = series
        bad[1] = try PriceSeries(symbol: "BTCUSD", timestamps: [2], open: [10], high: [11], low: [9], close: [10.5])
        var frame = PriceSeries.frame(bad)
        frame = try DataFrame(zip(frame.columnNames, frame.columns).map { name, column in
            guard name == "low", case .number(var values) = column else { return (name, column) }
            values[3] = -1
            return (name, .number(values))
        })
        #expect(read(frame) == nil)
    }

    /// A block's own symbols read alone from a bars archive: in sorted order, each once,
    /// equal to those of the whole read; a symbol not in it, or an archive whose symbols do
    /// not each hold one run of rows, reads as nothing.
    @Test func someSymbolsOfABarsArchive() throws {
        let series = [
            try PriceSeries(symbol: "AAPL", timestamps: [1, 2, 3], open: [1, 2, 3], high: [2, 3, 4], low: [0.5, 1, 2], close: [1.5, 2.5, 3.5]),
            try PriceSeries(symbol: "BTCUSD", timestamps: [2], open: [10], high: [11], low: [9], close: [10.5]),
            try PriceSeries(symbol: "Zé", timestamps: [5, 9], open: [1e-9, 3], high: [1, 4], low: [1e-10, 2], close: [0.5, 3.25]),
        ]
        let data = DataFrameArchive.encode(PriceSeries.frame(series), key: "b")
        func read(_ symbols: [String], _ bytes: Data = data) -> [PriceSeries]? {
            DataFrameArchive.withColumns(bytes, key: "b") { PriceSeries.series(from: $0, symbols: symbols) }
        }
        #expect(read(["Zé", "AAPL", "Zé"]) == [series[0], series[2]])
        #expect(read(["BTCUSD"]) == [series[1]])
        #expect(read([]) == [])
        #expect(read(["AAPL", "MSFT"]) == nil)
        // The same symbol in two runs (rows not grouped by symbol): not bars.
        let split = try DataFrame([
            (name: "symbol", column: .text(TextColumn(codes: [0, 1, 0], levels: ["A", "B"]))),
            (name: "timestamp", column: .timestamp([1, 1, 2])),
            (name: "open", column: .number([1, 1, 1])), (name: "high", column: .number([1, 1, 1])),
            (name: "low", column: .number([1, 1, 1])), (name: "close", column: .number([1, 1, 1])),
        ])
        #expect(read(["A"], DataFrameArchive.encode(split, key: "b")) == nil)
        #expect(DataFrameArchive.withColumns(DataFrameArchive.encode(split, key: "b"), key: "b", PriceSeries.series(from:)) == nil)
    }

    /// The runs of a text column: each level with its rows, missing cells as `nil`.
    @Test func runsOfATextColumn() throws {
        let frame = try DataFrame([(name: "s", column: .text(TextColumn(codes: [1, 1, -1, 0, 0, 0, 1], levels: ["a", "b"])))])
        let runs = DataFrameArchive.withColumns(DataFrameArchive.encode(frame, key: "k"), key: "k") { $0.runs(ofText: "s") }
        #expect(runs?.map(\.level) == ["b", nil, "a", "b"])
        #expect(runs?.map(\.rows) == [0..<2, 2..<3, 3..<6, 6..<7])
        #expect(DataFrameArchive.withColumns(DataFrameArchive.encode(frame, key: "k"), key: "k") { $0.runs(ofText: "t") }.map { _ in 1 } == nil)
        let empty = try DataFrame([(name: "s", column: .text(TextColumn(codes: [], levels: [])))])
        #expect(DataFrameArchive.withColumns(DataFrameArchive.encode(empty, key: "k"), key: "k") { $0.runs(ofText: "s") }?.isEmpty == true)
    }
}
