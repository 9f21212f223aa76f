import Crypto
import FolioCompute
import Foundation

/// Reads a PostgreSQL table or query into a `DataFrame` whose typed columns are those the
/// CSV reader gives for a CSV file of the same rows: the rows travel as
/// `COPY (SELECT ...) TO STDOUT (FORMAT csv, HEADER)` and are parsed by `CSVReader`.
///
/// Column kinds: numeric SQL types (`smallint` ... `double precision`, `numeric`) are
/// numbers and date/time types (`date`, `timestamp`, `timestamptz`, written in UTC) are
/// timestamps; every other type is typed as the CSV reader types a CSV column, from the
/// whole table's values (numbers, ISO 8601 times by name or content, else text). Text
/// levels are listed in the order of first appearance in the table. Floats are sent in
/// their shortest exact form (`extra_float_digits = 1`), so a `double precision` value
/// arrives with the same bits it has in the database.
///
/// Row order: a table's rows come in its physical order (`ORDER BY ctid`), which for a table
/// filled by `COPY FROM` (as `folio demo-data --postgres` does) is the CSV file's order; a
/// query's rows come in the order it gives.
///
/// `where:` conditions that SQL can test exactly as `RowFilter` does are pushed down
/// (`PostgresPushdown`, values bound through `set_config`, never written into the SQL);
/// the caller still applies the whole filter to the rows fetched, so the rows kept, their
/// order, the kinds and the text levels are those of a filtered CSV file.
public struct PostgresSource: Sendable {
    /// The data source.
    public let url: PostgresURL

    /// Creates a source.
    public init(url: PostgresURL) {
        self.url = url
    }

    /// Fetches the rows.
    ///
    /// - Parameters:
    ///   - columns: the columns to fetch (table order kept), or `nil` for all.
    ///   - conditions: a `where:` filter's conditions; those SQL can test exactly are
    ///     pushed down. The caller applies the whole filter afterwards.
    ///   - display: how errors and the frame name the source.
    /// - Throws: `PostgresError` (connection, server) or `DataError` (unknown column).
    public func load(columns: Set<String>? = nil, conditions: [RowFilter.Condition] = [], display: String) throws -> DataFrame {
        let connection = try PostgresConnection(database: url.database)
        _ = try connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        let shape = try Shape(url: url, connection: connection)
        var selected = shape.names.indices.filter { columns?.contains(shape.names[$0]) ?? true }
        for name in (columns ?? []).sorted() where !shape.names.contains(name) {
            throw DataError.missing(name, available: shape.names, path: display)
        }
        // Filter conditions on columns not fetched still need their column.
        for condition in conditions {
            if let k = shape.names.firstIndex(of: condition.column), !selected.contains(k) { selected.append(k) }
        }
        selected.sort()

        var kinds: [String: ColumnKind] = [:]
        var levels: [String: [String]] = [:]
        let subset = shape.isOrdered && !conditions.isEmpty
        for k in selected {
            let name = shape.names[k]
            if let kind = PostgresTypes.kind(ofType: shape.types[k]) {
                kinds[name] = kind
            } else if subset {
                // Kinds and levels of the whole table, as the CSV reader gives them.
                let whole = try wholeColumn(name, shape: shape, connection: connection)
                kinds[name] = whole.kind
                if case .text(let text) = whole { levels[name] = text.levels }
            }
        }
        var pushdown = PostgresPushdown()
        if subset {
            for condition in conditions {
                guard let k = shape.names.firstIndex(of: condition.column), let kind = kinds[condition.column] else { continue }
                pushdown.add(condition, kind: kind, type: shape.types[k], column: try connection.quoteIdentifier(condition.column))
            }
        }
        if !pushdown.values.isEmpty {
            let calls = pushdown.values.indices.map { "set_config('folio.p\($0 + 1)', $\($0 + 1), true)" }
            _ = try connection.execute("SELECT " + calls.joined(separator: ", "), pushdown.values)
        }
        var sql = "COPY (SELECT "
        sql += try selected.map { try connection.quoteIdentifier(shape.names[$0]) }.joined(separator: ", ")
        sql += " FROM " + shape.relation
        if !pushdown.clauses.isEmpty { sql += " WHERE " + pushdown.clauses.joined(separator: " AND ") }
        if shape.isOrdered { sql += " ORDER BY ctid" }
        sql += ") TO STDOUT WITH (FORMAT csv, HEADER true)"
        let bytes = try connection.copyOut(sql)
        _ = try connection.execute("COMMIT")

        var frame = try CSVReader(options: CSVReader.Options(columnTypes: kinds)).read(bytes: bytes, path: display)
        if !levels.isEmpty { frame = try Self.recoding(frame, levels: levels) }
        return frame
    }

    /// The column names, in table order (for `folio check`).
    public func columnNames() throws -> [String] {
        let connection = try PostgresConnection(database: url.database)
        _ = try connection.execute("BEGIN READ ONLY")
        return try Shape(url: url, connection: connection).names
    }

    /// The version of the rows, for cache keys: the URL's `version` when given (the
    /// database is not asked), else a digest of the column names and types, the row count
    /// and the rows in table order: each row's 64-bit `hash_record_extended` (PostgreSQL
    /// 14+, about four times faster than text), or the MD5 of its text when a column's type
    /// has no hash function. One pass over the table (about 1.7 s for 489,000 feature rows
    /// of 27 columns here).
    ///
    /// The hash of a `double precision` does not tell `0` from `-0`, nor one NaN from
    /// another: such a change alone keeps the version.
    public func version() throws -> String {
        if let version = url.version { return "version:" + version }
        let connection = try PostgresConnection(database: url.database)
        _ = try connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        let shape = try Shape(url: url, connection: connection)
        _ = try connection.execute("SAVEPOINT folio_hash")
        // Without ORDER BY, the aggregate reads the rows in scan order: physical order for a
        // table (no parallel workers, no synchronized scans), the query's own order else.
        // A query's relation is already aliased (`(...) AS folio_query`): wrap it once more.
        let rows: String
        switch url.relation {
        case .table: rows = "\(shape.relation) AS folio_row"
        case .query: rows = "(SELECT * FROM \(shape.relation)) AS folio_row"
        }
        var digest: Rows
        do {
            digest = try connection.execute("SELECT 'hash', count(*)::text, coalesce(md5(string_agg(hash_record_extended(folio_row, 0)::text, ',')), '') FROM \(rows)")
        } catch {
            _ = try connection.execute("ROLLBACK TO SAVEPOINT folio_hash")
            digest = try connection.execute("SELECT 'md5', count(*)::text, coalesce(md5(string_agg(md5(folio_row::text), '')), '') FROM \(rows)")
        }
        _ = try connection.execute("COMMIT")
        var text = "postgres\n"
        for (name, type) in zip(shape.names, shape.types) { text += "column \(name) \(type)\n" }
        text += "rows " + (digest.values.first ?? []).map { $0 ?? "" }.joined(separator: " ") + "\n"
        return SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    typealias Rows = PostgresConnection.Rows

    // MARK: - Internals

    /// One column over the whole table, typed by the CSV reader from its distinct values
    /// in order of first appearance (what a CSV file of the table gives).
    private func wholeColumn(_ name: String, shape: Shape, connection: PostgresConnection) throws -> Column {
        let quoted = try connection.quoteIdentifier(name)
        // One row per distinct value (told apart by its text, bytewise), the value itself
        // so that it arrives in its output form as COPY writes it (`t`, not `true`), in
        // order of first appearance.
        let rows = try connection.execute("""
            SELECT v FROM (SELECT DISTINCT ON ((\(quoted))::text COLLATE "C") \(quoted) AS v, ctid AS first FROM \(shape.relation) \
            WHERE \(quoted) IS NOT NULL ORDER BY (\(quoted))::text COLLATE "C", ctid) AS levels ORDER BY first
            """)
        var csv = Self.quoted(name) + "\n"
        for case let value? in rows.values.map({ $0[0] }) where !value.isEmpty { csv += Self.quoted(value) + "\n" }
        let frame = try CSVReader().read(bytes: Array(csv.utf8), path: nil)
        return frame.columns[0]
    }

    private static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `frame` with each text column of `levels` coded against those levels (the whole
    /// table's, in order of first appearance) instead of the fetched rows' own.
    static func recoding(_ frame: DataFrame, levels: [String: [String]]) throws -> DataFrame {
        var columns: [(name: String, column: Column)] = []
        for (name, column) in zip(frame.columnNames, frame.columns) {
            guard let global = levels[name], case .text(let text) = column else {
                columns.append((name, column))
                continue
            }
            var index: [[UInt8]: Int32] = [:]
            for (k, level) in global.enumerated() { index[Array(level.utf8)] = Int32(k) }
            let remap = text.levels.map { index[Array($0.utf8)] ?? -1 }
            guard !remap.contains(-1) else { throw PostgresError("column '\(name)' changed while it was read; render again") }
            columns.append((name, .text(TextColumn(codes: text.codes.map { $0 < 0 ? -1 : remap[Int($0)] }, levels: global))))
        }
        return try DataFrame(columns, path: frame.path)
    }

    /// The relation's columns, SQL types and whether it has a physical row order.
    struct Shape {
        var relation: String
        var names: [String]
        var types: [UInt32]
        var isOrdered: Bool

        init(url: PostgresURL, connection: PostgresConnection) throws {
            switch url.relation {
            case .table(let schema, let name):
                relation = try (schema.map { try connection.quoteIdentifier($0) + "." } ?? "") + connection.quoteIdentifier(name)
                let kind = try connection.execute("SELECT relkind::text FROM pg_class WHERE oid = to_regclass($1)", [relation])
                guard let relkind = kind.values.first?[0] else {
                    throw PostgresError("no table \(schema.map { "\($0)." } ?? "")\(name) in the database")
                }
                isOrdered = relkind == "r" || relkind == "m"
            case .query:
                relation = "(" + (url.selectText ?? "") + ") AS folio_query"
                isOrdered = false
            }
            let empty = try connection.execute("SELECT * FROM \(relation) LIMIT 0")
            names = empty.names
            types = empty.types
        }
    }
}

extension DataError {
    /// A `notFound` error for a column the database does not have, with a "did you mean".
    static func missing(_ name: String, available: [String], path: String?) -> DataError {
        let message = "no column \"\(name)\"\(Suggestion.hint(for: name, in: available)); columns: " + available.prefix(40).joined(separator: ", ")
        return DataError(.notFound, message, path: path, suggestion: Suggestion.closest(to: name, in: available))
    }
}
