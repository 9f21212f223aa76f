import FolioCompute
import Foundation

/// A small predictions-like CSV for the PostgreSQL tests: times, symbols (one with a quote,
/// a comma and a hostile SQL text), a split, labels, two score columns with missing cells,
/// NaN and awkward floats, a text column that reads as numbers, and an empty column.
enum PostgresFixture {
    static let hostile = "x'); DROP TABLE p; --"

    static var csv: String {
        var rows = ["timestamp,symbol,split,label,mlp,gru,code,note,blank"]
        let symbols = ["AAA", "O'Brien", "\"Q, Inc\"", "\"\(hostile)\"", "BBB"]
        var state: UInt64 = 12_345
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        for i in 0..<600 {
            let t = TimestampParser.string(from: 1_704_067_200 + Int64(i / 5) * 3_600)
            let split = i < 300 ? "train" : i < 450 ? "val" : "test"
            let p = next()
            let label = next() < 0.3 + 0.4 * p ? 1 : 0
            let mlp = i % 37 == 0 ? "" : i % 53 == 0 ? "nan" : "\(p)"
            let gru = i % 41 == 0 ? "NA" : "\(min(1, max(0, p * 0.8 + next() * 0.2 - 1e-17)))"
            let note = i % 7 == 0 ? "" : i % 11 == 0 ? "\"line\nbreak\"" : "n\(i % 13)"
            rows.append("\(t),\(symbols[i % symbols.count]),\(split),\(label),\(mlp),\(gru),\(i % 9),\(note),")
        }
        return rows.joined(separator: "\n") + "\n"
    }

    static var frame: DataFrame {
        get throws { try CSVReader().read(bytes: Array(csv.utf8), path: "p.csv") }
    }
}

extension Column {
    /// Bits of every cell, for exact comparison (NaN included).
    var bits: [String] {
        switch self {
        case .number(let values): values.map { String($0.bitPattern, radix: 16) }
        case .timestamp(let values): values.map { String($0) }
        case .text(let text): text.codes.map { String($0) } + ["|"] + text.levels
        }
    }
}
