extension CSVReader {
    /// A cell that keeps a column from reading as numbers: its text and where it is.
    public struct NonNumericCell: Sendable, Hashable {
        /// The cell's text, unquoted.
        public var value: String
        /// 1-based line in the file.
        public var line: Int
        /// 1-based byte column of the cell in its line.
        public var position: Int
        /// 1-based data row (the header is not a row; blank lines are skipped).
        public var row: Int
        /// How many cells of the column are neither numbers nor missing.
        public var count: Int
        /// The number of data rows.
        public var rows: Int
    }

    /// The first cell of column `name` that is neither a number nor a missing-value token,
    /// with its line and byte column: the reason the column reads as text. Used to explain
    /// an error, so it rescans the file instead of keeping line numbers for every row.
    ///
    /// - Returns: `nil` when every cell of the column is a number or missing, or the file
    ///   has no such column.
    /// - Throws: `DataError` when the file cannot be read or is malformed.
    /// - Complexity: O(file size), on one core.
    public static func firstNonNumericCell(inColumn name: String, path: String) throws(DataError) -> NonNumericCell? {
        let file = try FileBytes(path: path)
        return try file.withBytes { (base, count) throws(DataError) -> NonNumericCell? in
            guard let base, count > 0 else { return nil }
            var start = 0
            if count >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF { start = 3 }
            var scanner = CSVRecordScanner(base: base, start: start, end: count, line: 1, path: path)
            guard scanner.skipBlankLines() else { return nil }
            var column = -1
            var k = 0
            while true {
                let field = try scanner.nextField()
                if column < 0, String(decoding: UnsafeBufferPointer(start: field.bytes, count: field.count), as: UTF8.self) == name {
                    column = k
                }
                k += 1
                if field.endsRecord { break }
            }
            guard column >= 0 else { return nil }
            var found: NonNumericCell?
            var bad = 0
            var rows = 0
            while scanner.skipBlankLines() {
                rows += 1
                var j = 0
                while true {
                    let line = scanner.line
                    let field = try scanner.nextField()
                    if j == column, field.count > 0, !NumberParser.isMissingToken(field.bytes, field.count),
                       NumberParser.parse(field.bytes, field.count) == nil {
                        bad += 1
                        if found == nil {
                            let text = String(decoding: UnsafeBufferPointer(start: field.bytes, count: field.count), as: UTF8.self)
                            found = NonNumericCell(value: text, line: line, position: field.position, row: rows, count: 0, rows: 0)
                        }
                    }
                    j += 1
                    if field.endsRecord { break }
                }
            }
            found?.count = bad
            found?.rows = rows
            return found
        }
    }
}
