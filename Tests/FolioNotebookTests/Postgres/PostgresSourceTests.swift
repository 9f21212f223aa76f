import FolioCompute
import Foundation
import Testing
@testable import FolioNotebook

/// `data:` from PostgreSQL gives the CSV reader's typed columns, pushes `where:` down as
/// bound values, refuses passwords and versions its rows. Needs a PostgreSQL server
/// (`TestPostgresServer`); skipped when none can be started.
@Suite(.enabled(if: TestPostgresServer.isAvailable, "needs PostgreSQL: scripts/ensure-system-packages --postgres"))
struct PostgresSourceTests {
    /// A database holding the fixture as table `p`.
    func loaded() throws -> (server: TestPostgresServer, database: String, frame: DataFrame) {
        let server = try TestPostgresServer.server
        let database = try server.makeDatabase()
        let frame = try PostgresFixture.frame
        try PostgresTableWriter(url: server.url(database: database)).replace(table: "p", with: frame)
        return (server, database, frame)
    }

    func expectSame(_ a: DataFrame, _ b: DataFrame, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(a.columnNames == b.columnNames, sourceLocation: sourceLocation)
        #expect(a.rowCount == b.rowCount, sourceLocation: sourceLocation)
        for (name, (x, y)) in zip(a.columnNames, zip(a.columns, b.columns)) {
            #expect(x.kind == y.kind, "column \(name)", sourceLocation: sourceLocation)
            #expect(x.bits == y.bits, "column \(name)", sourceLocation: sourceLocation)
        }
    }

    @Test func wholeTableGivesTheCSVColumns() throws {
        let (server, database, frame) = try loaded()
        let source = PostgresSource(url: try PostgresURL(server.url(database: database, "?table=p")))
        let fetched = try source.load(display: "db")
        expectSame(frame, fetched)
        #expect(frame.kind(of: "code") == .number && frame.kind(of: "note") == .text && frame.kind(of: "blank") == .number)
    }

    @Test func onlyTheColumnsAskedForAreFetched() throws {
        let (server, database, _) = try loaded()
        let source = PostgresSource(url: try PostgresURL(server.url(database: database, "?table=p")))
        let fetched = try source.load(columns: ["mlp", "split", "note"], display: "db")
        let expected = try CSVReader(columns: ["mlp", "split", "note"]).read(bytes: Array(PostgresFixture.csv.utf8))
        expectSame(expected, fetched)
        #expect(throws: DataError.self) { try source.load(columns: ["mpl"], display: "db") }
    }

    @Test(arguments: [
        [RowFilter.Condition("split", equals: "test")],
        [RowFilter.Condition("split", oneOf: ["val", "test"]), RowFilter.Condition("mlp", .greaterOrEqual, 0.25)],
        [RowFilter.Condition("timestamp", from: "2024-01-02", to: "2024-01-03"), RowFilter.Condition("label", equals: 1)],
        [RowFilter.Condition("symbol", equals: .text(PostgresFixture.hostile))],
        [RowFilter.Condition("symbol", equals: "O'Brien"), RowFilter.Condition("gru", .less, 0.5)],
        [RowFilter.Condition("note", .notEqual, "n3"), RowFilter.Condition("split", equals: "tset")],
    ])
    func pushedDownFilterKeepsTheCSVRows(conditions: [RowFilter.Condition]) throws {
        let (server, database, frame) = try loaded()
        let source = PostgresSource(url: try PostgresURL(server.url(database: database, "?table=p")))
        let expected = try RowFilter(conditions).apply(to: frame)
        let fetched = try source.load(conditions: conditions, display: "db")
        #expect(fetched.rowCount <= frame.rowCount)
        let actual = try RowFilter(conditions).apply(to: fetched)
        expectSame(expected.frame, actual.frame)
        // An empty selection is taken again from the whole table (`DataSelection`), whose
        // notes are then those of the file.
        if expected.frame.rowCount > 0 { #expect(expected.selection.notes == actual.selection.notes) }
    }

    @Test func hostileValuesAreBoundNotInjected() throws {
        let (server, database, _) = try loaded()
        var pushdown = PostgresPushdown()
        pushdown.add(RowFilter.Condition("symbol", equals: .text(PostgresFixture.hostile)), kind: .text, type: 25, column: "\"symbol\"")
        #expect(pushdown.values == [PostgresFixture.hostile])
        #expect(!pushdown.clauses.joined().contains("DROP"))
        let source = PostgresSource(url: try PostgresURL(server.url(database: database, "?table=p")))
        let fetched = try source.load(conditions: [RowFilter.Condition("symbol", equals: .text(PostgresFixture.hostile))], display: "db")
        #expect(fetched.rowCount == 120)
        #expect(try fetched.texts("symbol").levels.contains(PostgresFixture.hostile))
        let count = try server.execute("SELECT count(*)::text FROM p", database: database)
        #expect(count.first?.first == "600")
        // A hostile column name is quoted, not run.
        let missing = PostgresSource(url: try PostgresURL(server.url(database: database, "?table=p")))
        #expect(throws: (any Error).self) {
            try missing.load(columns: ["x\"; DROP TABLE p; --"], display: "db")
        }
        #expect(try server.execute("SELECT count(*)::text FROM p", database: database).first?.first == "600")
    }

    @Test(arguments: [
        "postgresql://folio:secret@127.0.0.1:5432/db?table=p",
        "postgresql:///db?table=p&password=secret",
        "postgres://u:secret@/db?table=p",
        "postgresql:///db?table=p&sslpassword=secret",
    ])
    func passwordInURLIsRefused(url: String) {
        #expect(throws: PostgresError.self) { try PostgresURL(url) }
    }

    @Test func passwordInNotebookIsALocatedErrorAndNeverWritten() async throws {
        let project = try TestProject([
            "notebooks/n.md": "# N\n\n```{dataset} d\ndata: postgresql://folio:hunter2@127.0.0.1:1/db?table=p\n```\n",
        ])
        defer { project.remove() }
        let summary = await project.render()
        let error = try #require(summary.diagnostics.first { $0.severity == .error })
        #expect(error.location.line == 4 && error.location.column == 7)
        #expect(error.message.contains("password"))
        #expect(!error.message.contains("hunter2"))
        #expect(!(try project.read("reports/n.md")).contains("hunter2"))
        #expect(!(try project.read("reports/n.results.json")).contains("hunter2"))
    }

    @Test func unreachableServerIsALocatedError() async throws {
        let project = try TestProject([
            "notebooks/n.md": "# N\n\n```{dataset} d\ndata: postgresql://folio@127.0.0.1:1/db?table=p\n```\n",
        ])
        defer { project.remove() }
        let summary = await project.render()
        let error = try #require(summary.diagnostics.first { $0.severity == .error })
        #expect(error.location.line == 4 && error.location.column == 7)
        #expect(error.message.contains("cannot connect"))
    }

    @Test func changedTableChangesTheVersion() throws {
        let (server, database, _) = try loaded()
        let source = PostgresSource(url: try PostgresURL(server.url(database: database, "?table=p")))
        let before = try source.version()
        #expect(try source.version() == before)
        try server.execute("UPDATE p SET mlp = 0.5 WHERE symbol = $1 AND split = 'test'", database: database, ["AAA"])
        let after = try source.version()
        #expect(after != before)
        try server.execute("DELETE FROM p WHERE split = 'val'", database: database)
        #expect(try source.version() != after)
        let pinned = PostgresSource(url: try PostgresURL(server.url(database: database, "?table=p&version=v1")))
        #expect(try pinned.version() == "version:v1")
    }

    @Test func otherSQLTypesReadAsACSVExportWould() throws {
        let server = try TestPostgresServer.server
        let database = try server.makeDatabase()
        try server.execute("CREATE TABLE t (day date, n integer, x numeric, at timestamp, flag boolean, spot point, doc json, code text)",
                           database: database)
        try server.execute("""
            INSERT INTO t VALUES ('2024-03-01', 1, 0.1, '2024-03-01 14:00:00.75', true, '(1,2)', '{"a": 1}', '7'),
                                 (NULL, NULL, 'NaN', NULL, false, NULL, NULL, NULL),
                                 ('2024-03-02', -3, 12345678901234567890.5, '1969-12-31 23:59:59.5', NULL, '(0,0)', '[]', '8.5')
            """, database: database)
        let source = PostgresSource(url: try PostgresURL(server.url(database: database, "?table=t")))
        let fetched = try source.load(display: "t")
        let csv = """
            day,n,x,at,flag,spot,doc,code
            2024-03-01,1,0.1,2024-03-01 14:00:00.75,t,"(1,2)","{""a"": 1}",7
            ,,NaN,,f,,,
            2024-03-02,-3,12345678901234567890.5,1969-12-31 23:59:59.5,,"(0,0)",[],8.5

            """
        let expected = try CSVReader(options: CSVReader.Options(columnTypes: ["at": .timestamp])).read(bytes: Array(csv.utf8))
        expectSame(expected, fetched)
        #expect(fetched.kind(of: "code") == .number && fetched.kind(of: "flag") == .text && fetched.kind(of: "day") == .timestamp)
        // `point` and `json` have no hash function: the version falls back to MD5 of the text.
        let version = try source.version()
        try server.execute("UPDATE t SET spot = '(3,4)' WHERE n = 1", database: database)
        #expect(try source.version() != version)
        // Filters on these columns give the rows of the whole table (read again: the update
        // moved its row to the end).
        let updated = try source.load(display: "t")
        for condition in [RowFilter.Condition("code", .greater, 7.5), RowFilter.Condition("day", from: "2024-03-02", to: nil),
                          RowFilter.Condition("flag", equals: "t"), RowFilter.Condition("x", .less, 1e19)] {
            let rows = try RowFilter([condition]).apply(to: try source.load(conditions: [condition], display: "t")).frame
            let all = try RowFilter([condition]).apply(to: updated).frame
            expectSame(all, rows)
        }
    }

    @Test func queryParameterReadsASelect() throws {
        let (server, database, frame) = try loaded()
        let query = "SELECT * FROM p ORDER BY ctid".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let fetched = try PostgresSource(url: try PostgresURL(server.url(database: database, "?query=\(query)"))).load(display: "db")
        expectSame(frame, fetched)
        // A query's version is hashed over its rows too (it is its cache key).
        #expect(!(try PostgresSource(url: try PostgresURL(server.url(database: database, "?query=\(query)"))).version().isEmpty))
        #expect(throws: PostgresError.self) { try PostgresURL(server.url(database: database, "?query=DELETE%20FROM%20p")) }
    }
}
