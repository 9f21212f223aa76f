import Foundation
import Testing

@testable import FolioCompute

/// The parser's fused number path (digits read while looking for the delimiter, Clinger's
/// fast path, the general parser past 19 digits or 2^53): every length of integer and
/// fraction part, signs and leading zeros, in cells ending at commas, at line ends and at
/// the end of the file, gives the correctly rounded double.
@Suite struct CSVDigitRunTests {
    @Test(arguments: [1, 2, 3] as [UInt64])
    func everyRunLengthGivesTheCorrectlyRoundedValue(seed: UInt64) throws {
        var g = SeededGenerator(seed: seed)
        func digits(_ count: Int) -> String { String((0..<count).map { _ in Character(String(g.nextInt(below: 10))) }) }
        var cells: [String] = []
        for integer in 0...20 {
            for fraction in [-1, 0, 1, 2, 7, 8, 9, 15, 16, 17, 22] {
                guard integer > 0 || fraction > 0 else { continue }
                var cell = g.nextInt(below: 2) == 0 ? "-" : ""
                cell += digits(integer)
                if fraction >= 0 { cell += "." + digits(fraction) }
                cells.append(cell)
            }
        }
        cells += ["9007199254740992", "9007199254740993", "0.9007199254740993", "0000000000000000001.5", "-0", "-0.0", "00.000000001"]
        while cells.count % 3 != 0 { cells.append("12345678.87654321") }
        // Three columns, so that cells end at commas and at line ends; no final newline.
        var text = "a,b,c\n"
        var expected: [[Double]] = [[], [], []]
        for (i, cell) in cells.enumerated() {
            text += cell + (i % 3 != 2 ? "," : i == cells.count - 1 ? "" : "\n")
            expected[i % 3].append(Double(cell)!)
        }
        for reader in CSVReaderTests.readers() {
            let frame = try reader.read(bytes: Array(text.utf8), path: "digits.csv")
            for (k, name) in ["a", "b", "c"].enumerated() {
                let values = try frame.numbers(name)
                #expect(values.map(\.bitPattern) == expected[k].map(\.bitPattern), "column \(name)")
            }
        }
    }
}
