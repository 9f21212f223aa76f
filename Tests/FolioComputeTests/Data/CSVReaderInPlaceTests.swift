import Foundation
import Testing

@testable import FolioCompute

/// Number and time columns parsed straight into the frame's arrays (`CSVReader+InPlace`):
/// the rows of every chunk land in order however the lines are cut, with the gaps of
/// blank lines closed, and files too wide for it go through chunk buffers with the same
/// values.
@Suite struct CSVReaderInPlaceTests {
    /// A file of `rows` records (number, time, text and number columns), blank lines and
    /// CRLF line ends sprinkled through it, and the values it holds.
    static func sample(rows: Int, seed: UInt64, finalNewline: Bool) -> (text: String, x: [Double], t: [Int64], s: [String], y: [Double]) {
        var g = SeededGenerator(seed: seed)
        var text = "x,entry_time,s,y\n"
        var x: [Double] = [], t: [Int64] = [], s: [String] = [], y: [Double] = []
        for r in 0..<rows {
            if g.nextInt(below: 9) == 0 { text += g.nextInt(below: 2) == 0 ? "\n" : "\r\n" }  // blank lines
            let xv = Double(g.nextInt(below: 2_000_001) - 1_000_000) / 1000
            let day = 1 + g.nextInt(below: 28)
            let hour = g.nextInt(below: 24)
            let sv = ["AAA", "BB", "C"][g.nextInt(below: 3)]
            let missing = g.nextInt(below: 11) == 0
            let yv = missing ? Double.nan : Double(r) * 0.25
            let end = r == rows - 1 && !finalNewline ? "" : (g.nextInt(below: 4) == 0 ? "\r\n" : "\n")
            text += "\(xv),2024-03-\(day < 10 ? "0" : "")\(day)T\(hour < 10 ? "0" : "")\(hour):00:00Z,\(sv),\(missing ? "" : "\(yv)")\(end)"
            x.append(xv)
            t.append(Int64(((19783 + day - 1) * 24 + hour) * 3600))  // 2024-03-01 is day 19783 of the epoch
            s.append(sv)
            y.append(yv)
        }
        return (text, x, t, s, y)
    }

    @Test(arguments: [(1, true), (7, false), (2_500, true), (2_500, false)] as [(Int, Bool)])
    func chunksLandInOrderAcrossBlankLines(rows: Int, finalNewline: Bool) throws {
        let sample = Self.sample(rows: rows, seed: UInt64(rows), finalNewline: finalNewline)
        for reader in CSVReaderTests.readers() {
            let frame = try reader.read(bytes: Array(sample.text.utf8), path: "in-place.csv")
            #expect(frame.rowCount == rows)
            #expect(try frame.numbers("x") == sample.x)
            #expect(try frame.timestamps("entry_time") == sample.t)
            #expect(try frame.texts("s").values == sample.s)
            let y = try frame.numbers("y")
            #expect(y.count == rows)
            #expect(zip(y, sample.y).allSatisfy { $0.bitPattern == $1.bitPattern || ($0.isNaN && $1.isNaN) })
        }
    }

    @Test func wideFilesGoThroughChunkBuffers() throws {
        let width = CSVReader.inPlaceLimit + 1
        var text = (0..<width).map { "c\($0)" }.joined(separator: ",") + "\n"
        for r in 0..<300 {
            if r % 37 == 0 { text += "\n" }
            text += (0..<width).map { "\(r * width + $0)" }.joined(separator: ",") + "\n"
        }
        for reader in CSVReaderTests.readers() {
            let frame = try reader.read(bytes: Array(text.utf8), path: "wide.csv")
            #expect(frame.rowCount == 300)
            #expect(try frame.numbers("c0") == (0..<300).map { Double($0 * width) })
            #expect(try frame.numbers("c\(width - 1)") == (0..<300).map { Double($0 * width + width - 1) })
        }
    }

    @Test func lineCountsIncludeALastLineWithoutLineFeed() {
        let bytes = Array("a\n\nbc\r\nd".utf8)
        bytes.withUnsafeBufferPointer { b in
            let counts = CSVReader.lineCounts(base: b.baseAddress!, ranges: [0..<2, 2..<3, 3..<bytes.count, 3..<3], threads: 2)
            #expect(counts == [1, 1, 2, 0])
        }
    }
}
