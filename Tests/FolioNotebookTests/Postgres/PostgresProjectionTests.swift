import FolioCompute
import Foundation
import Testing
@testable import FolioNotebook

/// Directives that declare the columns they read (`DataSelection.reading`) fetch only
/// those from PostgreSQL, with reports identical to a CSV file's, errors included. Needs a
/// PostgreSQL server (`TestPostgresServer`); skipped when none can be started.
@Suite(.enabled(if: TestPostgresServer.isAvailable, "needs PostgreSQL: scripts/ensure-system-packages --postgres"))
struct PostgresProjectionTests {
    static func notebook(data: String) -> String {
        """
        ---
        title: Projection
        data: data
        ---
        # Projection

        ```{drift} drift
        data: \(data)
        features: [mlp, gru]
        window: month
        by: label
        ```

        ```{sweep} sweep
        data: \(data)
        where: {split: test, mlp: {">=": 0}, gru: {">=": 0}}
        models: [mlp, gru]
        ensembles: [mean]
        ```

        ```{ks-test} pos
        data: \(data)
        features: [gru, code]
        compare: {column: split, a: train, b: val}
        positive_only: true
        ```

        ```{ks-test} wrong_kind
        data: \(data)
        features: [codes]
        ```

        ```{drift} wrong_name
        data: \(data)
        features: [mpl]
        ```

        ```{evaluate} wrong_model
        data: \(data)
        where: {mlp: {">=": 0}}
        models: [mlp, gruu]
        ```

        ```{dataset} where_missing
        data: \(data)
        where: {splt: test}
        ```
        """
    }

    /// The fixture with a text column `codes`, whose name is close to the numeric `code`:
    /// the error for `features: [codes]` suggests `code`, a column the block does not read.
    static var csv: String {
        PostgresFixture.csv.split(separator: "\n").enumerated().map { $0.offset == 0 ? $0.element + ",codes" : $0.element + ",c\($0.offset % 3)" }
            .joined(separator: "\n") + "\n"
    }

    /// Every report and figure of a render from the CSV file and from the table, the URL
    /// written as the file's path.
    @Test func declaredColumnsGiveTheCSVReportErrorsIncluded() async throws {
        let server = try TestPostgresServer.server
        let database = try server.makeDatabase()
        let frame = try CSVReader().read(bytes: Array(Self.csv.utf8), path: "p.csv")
        try PostgresTableWriter(url: server.url(database: database)).replace(table: "p", with: frame)
        let url = server.url(database: database, "?table=p")
        let fromCSV = try TestProject(["notebooks/n.md": Self.notebook(data: "p.csv"), "data/p.csv": Self.csv])
        defer { fromCSV.remove() }
        let fromPG = try TestProject(["notebooks/n.md": Self.notebook(data: url)])
        defer { fromPG.remove() }
        let a = await fromCSV.render()
        let b = await fromPG.render()
        // Four blocks fail on purpose, alike.
        #expect(a.diagnostics.filter { $0.severity == .error }.count == 4, "\(a.diagnostics)")
        #expect(a.diagnostics.map(\.message) == b.diagnostics.map { $0.message.replacingOccurrences(of: url, with: "data/p.csv") })
        let expected = try PostgresRenderTests().outputs(fromCSV)
        let actual = try PostgresRenderTests().outputs(fromPG, replacing: url)
        #expect(expected.keys.sorted() == actual.keys.sorted())
        for (name, text) in expected {
            #expect(actual[name] == text, "\(name) differs")
            if let other = actual[name], other != text {
                let x = text.split(separator: "\n", omittingEmptySubsequences: false), y = other.split(separator: "\n", omittingEmptySubsequences: false)
                for (p, q) in zip(x, y) where p != q { print("CSV: \(p.prefix(300))\nPG:  \(q.prefix(300))"); break }
            }
        }
        let report = try fromPG.read("reports/n.md")
        #expect(report.contains("holds text, not numbers (did you mean 'code'?)"), "\(report)")
    }

    /// A column no block reads is not fetched: selecting it fails here (a division by
    /// zero in a view), and the blocks that declare their columns still render; the one
    /// that reads every column fails.
    @Test func aColumnNoBlockReadsIsNotFetched() async throws {
        let server = try TestPostgresServer.server
        let database = try server.makeDatabase()
        try PostgresTableWriter(url: server.url(database: database)).replace(table: "p", with: try PostgresFixture.frame)
        try server.execute("CREATE VIEW v AS SELECT *, 1 / (code - code) AS boom FROM p", database: database)
        // A given version: the rows' hash would read every column.
        let url = server.url(database: database, "?table=v&version=1")
        let project = try TestProject(["notebooks/n.md": """
            ```{drift} drift
            data: \(url)
            features: [mlp]
            window: month
            ```

            ```{evaluate} eval
            data: \(url)
            where: {split: val, gru: {">=": 0}}
            models: [gru]
            ```

            ```{ks-test} every
            data: \(url)
            features: all
            ```
            """])
        defer { project.remove() }
        let summary = await project.render()
        let errors = summary.diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.location.line == 14)
        #expect(errors.first?.message.contains("division by zero") == true, "\(errors)")
    }
}
