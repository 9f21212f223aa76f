import Foundation

/// A `data:` value naming PostgreSQL rows instead of a CSV file:
///
/// ```text
/// postgresql:///market?table=features                  (local socket, database market)
/// postgresql://127.0.0.1:54329/folio?table=predictions
/// postgresql:///market?table=public.features&version=2024-06-01
/// postgresql:///market?query=SELECT%20*%20FROM%20features%20WHERE%20split%20%3D%20'test'
/// postgresql:///market?table=features&statement_timeout=30min
/// ```
///
/// folio reads four query parameters: `table` (a table, view or `schema.table`), `query` (a
/// SELECT, percent-encoded; exactly one of the two), `version` (any text naming the
/// data's version: when given, it is the data's part of the cache key and the database is
/// not asked) and `statement_timeout` (`PostgresStatementTimeout`, 10 minutes unless
/// given). Every other query parameter is handed to libpq (`sslmode`, `host` for a socket
/// folder, `application_name`, ...).
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

    /// Where a URL connects, without the rows it names: what `folio demo-data --postgres`
    /// writes into, and the first part of every `PostgresURL`.
    public struct Database: Sendable, Hashable {
        /// The connection URI for libpq: the URL without folio's own query parameters.
        public let conninfo: String
        /// The limit on each statement.
        public let statementTimeout: PostgresStatementTimeout
        /// folio's row parameters as given (`table`, `query`, `version`), the last of a
        /// repeated one.
        let rowParameters: [String: String]

        /// Parses a database URL; row parameters (`table`, `query`, `version`) may be
        /// present and are kept for `PostgresURL`.
        ///
        /// - Throws: `PostgresError` for a URL that is not PostgreSQL's, holds a password or
        ///   a malformed `statement_timeout`.
        public init(_ text: String) throws(PostgresError) {
            guard var components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
                  scheme == "postgresql" || scheme == "postgres" else {
                throw PostgresError("'\(text)' is not a PostgreSQL URL such as postgresql:///database?table=name")
            }
            if components.password != nil || components.percentEncodedPassword != nil {
                throw Self.passwordRefused
            }
            var timeout = PostgresStatementTimeout.standard
            var rows: [String: String] = [:]
            var passed: [URLQueryItem] = []
            for item in components.queryItems ?? [] {
                switch item.name {
                case "table", "query", "version": rows[item.name] = item.value ?? ""
                case "statement_timeout": timeout = try PostgresStatementTimeout(parsing: item.value ?? "")
                case "password", "sslpassword": throw Self.passwordRefused
                default: passed.append(item)
                }
            }
            statementTimeout = timeout
            rowParameters = rows
            components.queryItems = passed.isEmpty ? nil : passed
            components.scheme = "postgresql"
            conninfo = components.string ?? text
        }

        private static let passwordRefused = PostgresError(
            "the URL holds a password; a notebook may not: give it in PGPASSWORD or a pgpass file (~/.pgpass), never in the notebook")
    }

    /// The URL as written in the notebook (it holds no password).
    public let text: String
    /// Where it connects.
    public let database: Database
    /// The rows to read.
    public let relation: Relation
    /// The notebook's `version`, if any.
    public let version: String?

    /// The connection URI for libpq: `text` without folio's own query parameters.
    public var conninfo: String { database.conninfo }

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
    ///   `table`/`query`, a query that is not a single SELECT, an empty `version` or a
    ///   malformed `statement_timeout`.
    public init(_ text: String) throws(PostgresError) {
        database = try Database(text)
        let parameters = database.rowParameters
        switch (parameters["table"], parameters["query"]) {
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
        let version = parameters["version"]
        if let version, version.isEmpty { throw PostgresError("'version=' is empty; give the data's version, or leave it out") }
        self.version = version
        self.text = text
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
