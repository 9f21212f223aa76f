import FolioCompute
import Foundation

/// Writes frames into PostgreSQL tables (`folio demo-data --postgres`): `CREATE TABLE` with a
/// typed column per frame column (numbers `double precision`, times `timestamptz`, text
/// `text`), filled by `COPY FROM STDIN` in the frame's row order. Numbers are sent in
/// their shortest exact form, so the table holds the frame's bits; missing cells are NULL.
/// Reading the table back (`PostgresSource`) gives the frame's columns again.
public struct PostgresTableWriter: Sendable {
    /// Where the tables go.
    public let database: PostgresURL.Database

    /// - Parameter url: `postgresql://[user@][host][:port]/database[?libpq parameters]`,
    ///   read by `PostgresURL.Database` (`statement_timeout` bounds each statement, the
    ///   `COPY` too); folio's row parameters (`table`, `query`, `version`) are ignored here.
    /// - Throws: `PostgresError` for a URL that is not PostgreSQL's, holds a password or a
    ///   malformed `statement_timeout`.
    public init(url: String) throws(PostgresError) {
        database = try PostgresURL.Database(url)
    }

    /// Replaces table `table` (in the connection's schema search path) with `frame`.
    ///
    /// - Returns: the number of bytes sent.
    /// - Throws: `PostgresError` when the server refuses a statement.
    @discardableResult
    public func replace(table: String, with frame: DataFrame) throws(PostgresError) -> Int {
        let connection = try PostgresConnection(database: database)
        let name = try connection.quoteIdentifier(table)
        var definitions: [String] = []
        for (column, values) in zip(frame.columnNames, frame.columns) {
            definitions.append("\(try connection.quoteIdentifier(column)) \(PostgresTypes.sqlType(for: values.kind))")
        }
        _ = try connection.execute("BEGIN")
        _ = try connection.execute("DROP TABLE IF EXISTS \(name)")
        _ = try connection.execute("CREATE TABLE \(name) (\(definitions.joined(separator: ", ")))")
        var sent = 0
        try connection.copyIn("COPY \(name) FROM STDIN WITH (FORMAT csv)") { (send) throws(PostgresError) in
            var buffer: [UInt8] = []
            buffer.reserveCapacity(1 << 20)
            for row in 0..<frame.rowCount {
                for (k, column) in frame.columns.enumerated() {
                    if k > 0 { buffer.append(0x2C) }
                    Self.append(column, row: row, to: &buffer)
                }
                buffer.append(0x0A)
                if buffer.count >= 1 << 20 {
                    try send(buffer)
                    sent += buffer.count
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            if !buffer.isEmpty {
                try send(buffer)
                sent += buffer.count
            }
        }
        _ = try connection.execute("COMMIT")
        _ = try connection.execute("ANALYZE \(name)")
        return sent
    }

    /// One CSV cell: empty for a missing value (NULL), text always quoted.
    static func append(_ column: Column, row: Int, to buffer: inout [UInt8]) {
        switch column {
        case .number(let values):
            let x = values[row]
            if !x.isNaN { buffer.append(contentsOf: PostgresPushdown.float(x).utf8) }
        case .timestamp(let values):
            let t = values[row]
            if t != Column.missingTime { buffer.append(contentsOf: TimestampParser.string(from: t).utf8) }
        case .text(let text):
            let code = text.codes[row]
            guard code >= 0 else { return }
            buffer.append(0x22)
            for byte in text.levels[Int(code)].utf8 {
                if byte == 0x22 { buffer.append(0x22) }
                buffer.append(byte)
            }
            buffer.append(0x22)
        }
    }
}
