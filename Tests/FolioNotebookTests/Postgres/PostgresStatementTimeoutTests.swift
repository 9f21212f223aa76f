import FolioCompute
import Foundation
import Testing
@testable import FolioNotebook

/// Every statement a PostgreSQL source runs is bounded by `statement_timeout`; a bad
/// value is an error at the `data:` parameter. Needs a PostgreSQL server
/// (`TestPostgresServer`); skipped when none can be started.
@Suite(.enabled(if: TestPostgresServer.isAvailable, "needs PostgreSQL: scripts/ensure-system-packages --postgres"))
struct PostgresStatementTimeoutTests {
    static func encoded(_ sql: String) -> String {
        sql.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
    }

    @Test func theSessionCarriesTheURLsTimeout() throws {
        let server = try TestPostgresServer.server
        let database = try server.makeDatabase()
        for (suffix, expected) in [("", "10min"), ("?statement_timeout=1500ms", "1500ms"), ("?statement_timeout=2h", "2h")] {
            let connection = try PostgresConnection(database: try PostgresURL.Database(server.url(database: database, suffix)))
            #expect(try connection.execute("SHOW statement_timeout").values.first?.first == expected)
        }
        // libpq's `options` cannot lift it: folio sets it after connecting.
        let options = Self.encoded("-c statement_timeout=0")
        let lifted = try PostgresConnection(database: try PostgresURL.Database(server.url(database: database, "?options=\(options)")))
        #expect(try lifted.execute("SHOW statement_timeout").values.first?.first == "10min")
    }

    @Test func aSlowQueryIsCancelledAndSaysHowToAllowMore() throws {
        let server = try TestPostgresServer.server
        let database = try server.makeDatabase()
        let slow = Self.encoded("SELECT x, pg_sleep(0.2) AS nap FROM generate_series(1, 50) AS x")
        let source = PostgresSource(url: try PostgresURL(server.url(database: database, "?query=\(slow)&statement_timeout=300ms")))
        let start = Date()
        do {
            _ = try source.load(display: "db")
            Issue.record("a 10 s query finished under a 300 ms timeout")
        } catch let error as PostgresError {
            #expect(error.message.contains("statement timeout"), "\(error)")
            #expect(error.message.contains("statement_timeout=300ms"), "\(error)")
        }
        #expect(Date().timeIntervalSince(start) < 5)
        // The version's scan is bounded too.
        #expect(throws: PostgresError.self) { try source.version() }
        // A fast query under the same limit reads.
        let fast = PostgresSource(url: try PostgresURL(server.url(database: database, "?query=\(Self.encoded("SELECT 1 AS one"))&statement_timeout=300ms")))
        #expect(try fast.load(display: "db").rowCount == 1)
    }

    /// A query that sets `statement_timeout` itself does not stop the running statement's
    /// timer (PostgreSQL arms it when the statement starts).
    @Test func aQueryCannotLiftItsOwnTimeout() throws {
        let server = try TestPostgresServer.server
        let database = try server.makeDatabase()
        let sneaky = Self.encoded("SELECT set_config('statement_timeout', '0', false) AS lifted, pg_sleep(0.2) AS nap FROM generate_series(1, 50)")
        let source = PostgresSource(url: try PostgresURL(server.url(database: database, "?query=\(sneaky)&statement_timeout=300ms")))
        #expect {
            _ = try source.load(display: "db")
        } throws: { error in
            (error as? PostgresError)?.message.contains("statement_timeout=300ms") == true
        }
        #expect(throws: PostgresError.self) { try source.version() }
    }

    @Test func aMalformedTimeoutIsALocatedError() async throws {
        let project = try TestProject([
            "notebooks/n.md": "# N\n\n```{dataset} d\ndata: postgresql://folio@127.0.0.1:1/db?table=p&statement_timeout=10m\n```\n",
        ])
        defer { project.remove() }
        let summary = await project.render()
        let error = try #require(summary.diagnostics.first { $0.severity == .error })
        #expect(error.location.line == 4 && error.location.column == 7)
        #expect(error.message.contains("statement_timeout=10m"), "\(error.message)")
        #expect(error.message.contains("ms, s, min or h"), "\(error.message)")
    }

    @Test func aTimeoutWhileVersioningIsAnErrorAtTheBlock() async throws {
        let server = try TestPostgresServer.server
        let database = try server.makeDatabase()
        let slow = Self.encoded("SELECT x, pg_sleep(0.2) AS nap FROM generate_series(1, 50) AS x")
        let url = server.url(database: database, "?query=\(slow)&statement_timeout=200ms")
        let project = try TestProject([
            "notebooks/n.md": "# N\n\n```{dataset} d\ndata: \(url)\n```\n\n```{dataset} e\ndata: \(url)\n```\n",
        ])
        defer { project.remove() }
        let summary = await project.render()
        let errors = summary.diagnostics.filter { $0.severity == .error }
        #expect(errors.map(\.location.line).sorted() == [4, 8])
        #expect(errors.allSatisfy { $0.location.column == 7 && $0.message.contains("statement_timeout=200ms") }, "\(errors.map(\.message))")
    }
}
