internal import CLibPQ
internal import CLibPQLoader
import Foundation

/// One libpq connection (the only file that touches libpq's C API). Credentials come from
/// libpq itself: the environment (`PGUSER`, `PGPASSWORD`, `PGHOST`, ...) and the pgpass
/// file; folio never places a password in a connection string.
///
/// Every statement goes through `PQexecParams`, so a statement is exactly one command
/// (the extended protocol refuses a second one) and values travel as bound parameters.
final class PostgresConnection {
    private let connection: OpaquePointer
    /// The limit on each statement, named when the server cancels one for it.
    let statementTimeout: PostgresStatementTimeout

    /// A result's column names and type OIDs, and its rows as text (`nil` for NULL).
    struct Rows {
        var names: [String]
        var types: [UInt32]
        var values: [[String?]]
    }

    /// Connects to a URL's database with its statement timeout.
    convenience init(database: PostgresURL.Database) throws(PostgresError) {
        try self.init(conninfo: database.conninfo, statementTimeout: database.statementTimeout)
    }

    /// Connects with a libpq connection string or URI, then fixes the session settings
    /// the text transfer relies on: UTF-8, ISO dates in UTC, shortest exact floats, rows
    /// in the order a plain sequential scan gives (no parallel workers, no synchronized
    /// scans), and the statement timeout (set after connecting, so that libpq's `options`
    /// parameter cannot lift it).
    init(conninfo: String, statementTimeout: PostgresStatementTimeout = .standard) throws(PostgresError) {
        // libpq is opened here, the first time (CLibPQLoader): without it, say why.
        if let missing = folio_libpq_unavailable() { throw PostgresError("cannot connect: \(String(cString: missing))") }
        guard let connection = PQconnectdb(conninfo) else { throw PostgresError("out of memory while connecting") }
        self.connection = connection
        self.statementTimeout = statementTimeout
        // Notices ("table does not exist, skipping") are not folio's to print.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        guard PQstatus(connection) == CONNECTION_OK else {
            // `deinit` (which runs when an initialised object's init throws) finishes it.
            throw PostgresError("cannot connect: \(Self.trimmed(PQerrorMessage(connection)))")
        }
        for setting in [
            ("client_encoding", "UTF8"), ("DateStyle", "ISO, YMD"), ("TimeZone", "UTC"),
            ("extra_float_digits", "1"), ("max_parallel_workers_per_gather", "0"), ("synchronize_seqscans", "off"),
            ("statement_timeout", String(statementTimeout.milliseconds)),
        ] {
            _ = try execute("SELECT set_config($1, $2, false)", [setting.0, setting.1])
        }
    }

    deinit { PQfinish(connection) }

    /// Runs one statement with bound text parameters and returns its rows as text.
    func execute(_ sql: String, _ parameters: [String?] = []) throws(PostgresError) -> Rows {
        let result = try run(sql, parameters)
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK else {
            throw serverError(result)
        }
        let columns = Int(PQnfields(result))
        let rows = Int(PQntuples(result))
        var out = Rows(names: [], types: [], values: [])
        for k in 0..<columns {
            out.names.append(String(cString: PQfname(result, Int32(k))))
            out.types.append(UInt32(PQftype(result, Int32(k))))
        }
        out.values.reserveCapacity(rows)
        for r in 0..<rows {
            var row: [String?] = []
            row.reserveCapacity(columns)
            for k in 0..<columns {
                if PQgetisnull(result, Int32(r), Int32(k)) != 0 {
                    row.append(nil)
                } else {
                    row.append(String(cString: PQgetvalue(result, Int32(r), Int32(k))))
                }
            }
            out.values.append(row)
        }
        return out
    }

    /// Runs `COPY ... TO STDOUT` and returns every byte it sends.
    func copyOut(_ sql: String) throws(PostgresError) -> [UInt8] {
        let result = try run(sql, [])
        let status = PQresultStatus(result)
        if status != PGRES_COPY_OUT {
            defer { PQclear(result) }
            throw serverError(result)
        }
        PQclear(result)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1 << 20)
        while true {
            var buffer: UnsafeMutablePointer<CChar>?
            let count = PQgetCopyData(connection, &buffer, 0)
            if count > 0, let buffer {
                buffer.withMemoryRebound(to: UInt8.self, capacity: Int(count)) {
                    bytes.append(contentsOf: UnsafeBufferPointer(start: $0, count: Int(count)))
                }
                PQfreemem(buffer)
            } else if count == -1 {
                break
            } else {
                throw PostgresError("COPY failed: \(Self.trimmed(PQerrorMessage(connection)))")
            }
        }
        try finish()
        return bytes
    }

    /// Runs `COPY ... FROM STDIN`, sending what `produce` hands to its `send` callback.
    func copyIn(_ sql: String, _ produce: (_ send: ([UInt8]) throws(PostgresError) -> Void) throws(PostgresError) -> Void) throws(PostgresError) {
        let result = try run(sql, [])
        let status = PQresultStatus(result)
        if status != PGRES_COPY_IN {
            defer { PQclear(result) }
            throw serverError(result)
        }
        PQclear(result)
        let connection = self.connection
        try produce { (bytes: [UInt8]) throws(PostgresError) in
            let sent = bytes.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { PQputCopyData(connection, $0.baseAddress, Int32($0.count)) }
            }
            if sent != 1 { throw PostgresError("COPY failed: \(Self.trimmed(PQerrorMessage(connection)))") }
        }
        guard PQputCopyEnd(connection, nil) == 1 else {
            throw PostgresError("COPY failed: \(Self.trimmed(PQerrorMessage(connection)))")
        }
        try finish()
    }

    /// `name` as a quoted SQL identifier (`PQescapeIdentifier`).
    func quoteIdentifier(_ name: String) throws(PostgresError) -> String {
        let utf8 = Array(name.utf8)
        guard let escaped = utf8.withUnsafeBufferPointer({ buffer in
            buffer.withMemoryRebound(to: CChar.self) { PQescapeIdentifier(connection, $0.baseAddress, $0.count) }
        }) else {
            throw PostgresError("cannot quote the name \"\(name)\": \(Self.trimmed(PQerrorMessage(connection)))")
        }
        defer { PQfreemem(escaped) }
        return String(cString: escaped)
    }

    // MARK: - Internals

    private func run(_ sql: String, _ parameters: [String?]) throws(PostgresError) -> OpaquePointer {
        let copies: [UnsafePointer<CChar>?] = parameters.map { $0.map { UnsafePointer(strdup($0)!) } }
        defer { for copy in copies { free(UnsafeMutableRawPointer(mutating: copy)) } }
        let result = copies.isEmpty
            ? PQexecParams(connection, sql, 0, nil, nil, nil, nil, 0)
            : copies.withUnsafeBufferPointer { PQexecParams(connection, sql, Int32($0.count), nil, $0.baseAddress, nil, nil, 0) }
        guard let result else { throw PostgresError(Self.trimmed(PQerrorMessage(connection))) }
        return result
    }

    /// Reads the results after a COPY until the connection is idle.
    private func finish() throws(PostgresError) {
        var failure: PostgresError?
        while let result = PQgetResult(connection) {
            let status = PQresultStatus(result)
            if status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK && failure == nil {
                failure = serverError(result)
            }
            PQclear(result)
        }
        if let failure { throw failure }
    }

    /// The error a failed result reports; a statement the server cancelled for running
    /// past `statementTimeout` (SQLSTATE 57014 with the timeout's message, as opposed to a
    /// cancel request) says how to allow more.
    private func serverError(_ result: OpaquePointer) -> PostgresError {
        let message = Self.trimmed(PQresultErrorMessage(result))
        let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
        guard state == "57014", message.contains("statement timeout") else { return PostgresError(message) }
        return PostgresError("\(message): a statement ran longer than statement_timeout=\(statementTimeout); "
            + "a URL parameter such as ?statement_timeout=30min allows more (at most 24h)")
    }

    private static func trimmed(_ message: UnsafePointer<CChar>?) -> String {
        guard let message else { return "unknown error" }
        var text = String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines)
        if text.hasPrefix("ERROR:") { text = text.dropFirst(6).trimmingCharacters(in: .whitespaces) }
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return lines.isEmpty ? "unknown error" : lines.joined(separator: "; ")
    }
}
