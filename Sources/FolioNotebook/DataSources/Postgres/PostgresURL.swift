import Foundation

/// A `data:` value naming PostgreSQL rows instead of a CSV file:
///
/// ```text
/// postgresql:///market?table=features                  (local socket, database market)
/// postgresql://127.0.0.1:54329/folio?table=predictions
/// postgresql:///market?table=public.features&version=2024-06-01
/// postgresql:///market?query=SELECT%20*%20FROM%20features%20WHERE%20split%20%3D%20'test'
/// ```
///
/// folio reads three query parameters: `table` (a table, view or `schema.table`), `query` (a
/// SELECT, percent-encoded; exactly one of the two), and `version` (any text naming the
/// data's version: when given, it is the data's part of the cache key and the database is
/// not asked). Every other query parameter is handed to libpq (`sslmode`, `host` for a
/// socket folder, `application_name`, ...).
///
/// Credentials never appear in a notebook: a URL holding a password (`user:secret@` or
/// `password=`) is refused; libpq finds the password in `PGPASSWORD` or the pgpass file.
public struct PostgresURL: Sendable, Hashable, CustomStringConvertible {
    /// What the rows are.
    public enum Relation: Sendable, Hashable {
        /// A table or view: its schema (when given) and name, unquoted.
        case table(schema: String?, name: String)
        /// A SELECT statement, run in a read-only transaction.
        case query(String)
    }

    /// The URL as written in the notebook (it holds no password).
    public let text: String
    /// The connection URI for libpq: `text` without folio's own query parameters.
    public let conninfo: String
    /// The rows to read.
    public let relation: Relation
    /// The notebook's `version`, if any.
    public let version: String?

    /// Whether `text` is meant as a PostgreSQL URL (`postgresql:` or `postgres:`).
    public static func isPostgres(_ text: String) -> Bool {
        let lower = text.prefix(11).lowercased()
        return lower.hasPrefix("postgresql:") || lower.hasPrefix("postgres:")
    }

    /// Whether `url` is a PostgreSQL URL.
    public static func isPostgres(_ url: URL) -> Bool {
        let scheme = url.scheme?.lowercased()
        return scheme == "postgresql" || scheme == "postgres"
    }

    /// Parses and checks a URL.
    ///
    /// - Throws: `PostgresError` for a malformed URL, a password in it, no or two of
    ///   `table`/`query`, or a query that is not a single SELECT.
    public init(_ text: String) throws(PostgresError) {
        guard var components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "postgresql" || scheme == "postgres" else {
            throw PostgresError("'\(text)' is not a PostgreSQL URL such as postgresql:///database?table=name")
        }
        if components.password != nil || components.percentEncodedPassword != nil {
            throw PostgresError("the URL holds a password; a notebook may not: give it in PGPASSWORD or a pgpass file (~/.pgpass), never in the notebook")
        }
        var table: String?
        var query: String?
        var version: String?
        var passed: [URLQueryItem] = []
        for item in components.queryItems ?? [] {
            switch item.name {
            case "table": table = item.value
            case "query": query = item.value
            case "version": version = item.value
            case "password", "sslpassword":
                throw PostgresError("the URL holds a password; a notebook may not: give it in PGPASSWORD or a pgpass file (~/.pgpass), never in the notebook")
            default: passed.append(item)
            }
        }
        switch (table, query) {
        case (let table?, nil):
            let parts = table.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard (1...2).contains(parts.count), !parts.contains(where: \.isEmpty) else {
                throw PostgresError("'table=\(table)': give a table name, or schema.table")
            }
            relation = parts.count == 2 ? .table(schema: parts[0], name: parts[1]) : .table(schema: nil, name: parts[0])
        case (nil, let query?):
            try Self.checkSelect(query)
            relation = .query(query)
        case (nil, nil):
            throw PostgresError("the URL names no rows: add ?table=NAME or ?query=SELECT...")
        default:
            throw PostgresError("the URL gives both 'table' and 'query'; give one")
        }
        if let version, version.isEmpty { throw PostgresError("'version=' is empty; give the data's version, or leave it out") }
        self.version = version
        self.text = text
        components.queryItems = passed.isEmpty ? nil : passed
        components.scheme = "postgresql"
        conninfo = components.string ?? text
    }

    /// The URL as written.
    public var description: String { text }

    /// A `URL` value standing for the rows (for inputs and the shared data store).
    public var url: URL { URL(string: text) ?? URL(string: "postgresql:")! }

    /// A query must be one SELECT (or WITH ... SELECT, VALUES, TABLE); it also runs in a
    /// read-only transaction, so nothing it names can write.
    static func checkSelect(_ query: String) throws(PostgresError) {
        let trimmed = query.trimmingCharacters(in: .whitespacesAndNewlines)
        let first = trimmed.prefix { $0.isLetter }.lowercased()
        guard ["select", "with", "values", "table"].contains(first) else {
            throw PostgresError("'query=' must be a SELECT (or WITH, VALUES, TABLE), not '\(trimmed.prefix(30))'")
        }
        var body = trimmed
        while body.hasSuffix(";") { body.removeLast(); body = body.trimmingCharacters(in: .whitespacesAndNewlines) }
        if body.contains(";") {
            throw PostgresError("'query=' must be a single statement (it holds ';')")
        }
    }

    /// The query without trailing semicolons, for use inside `COPY (...)`.
    var selectText: String? {
        guard case .query(let query) = relation else { return nil }
        var body = query.trimmingCharacters(in: .whitespacesAndNewlines)
        while body.hasSuffix(";") { body.removeLast(); body = body.trimmingCharacters(in: .whitespacesAndNewlines) }
        return body
    }
}
