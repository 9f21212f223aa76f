import Foundation
import Testing

@testable import FolioCompute

/// `CSVReader.firstNonNumericCell(inColumn:path:)`: the cell that makes a column text,
/// with its line and byte column, past blank lines, quoted newlines, a BOM and CRLF.
@Suite struct CSVReaderNonNumericCellTests {
    static func cell(_ csv: String, column: String) throws -> CSVReader.NonNumericCell? {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("folio-cell-\(UUID().uuidString).csv")
        try Data(csv.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try CSVReader.firstNonNumericCell(inColumn: column, path: url.path)
    }

    @Test func findsTheFirstBadCellPastBlankLinesAndMissingTokens() throws {
        let found = try Self.cell("a,b\n1,2\n\n3,NA\n4,\n5,x1\n6,y\n", column: "b")
        #expect(found == CSVReader.NonNumericCell(value: "x1", line: 6, position: 3, row: 4, count: 2, rows: 5))
    }

    @Test func countsLinesInsideQuotedFieldsAndHandlesBOMAndCRLF() throws {
        let found = try Self.cell("\u{FEFF}n,\"s\"\r\n\"a\nb\",1\r\n\"c\",\"2,5\"\r\n", column: "s")
        #expect(found == CSVReader.NonNumericCell(value: "2,5", line: 4, position: 5, row: 2, count: 1, rows: 2))
    }

    @Test func numericOrAbsentColumnsGiveNil() throws {
        #expect(try Self.cell("a,b\n1,2\n3,nan\n", column: "b") == nil)
        #expect(try Self.cell("a,b\n1,2\n", column: "c") == nil)
        #expect(try Self.cell("", column: "a") == nil)
    }
}
