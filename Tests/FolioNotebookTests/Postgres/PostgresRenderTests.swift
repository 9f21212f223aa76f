import FolioCompute
import Foundation
import Testing
@testable import FolioNotebook

/// A notebook renders the same bytes from a CSV file and from the same rows in
/// PostgreSQL, and a changed table reruns its blocks.
@Suite(.enabled(if: TestPostgresServer.isAvailable, "needs PostgreSQL: scripts/ensure-system-packages --postgres"))
struct PostgresRenderTests {
    static func notebook(data: String) -> String {
        """
        ---
        title: Source check
        data: data
        ---
        # Source check

        ```{evaluate} eval
        data: \(data)
        where: {split: [val, test], mlp: {">=": 0}}
        models: [mlp]
        threshold: 0.5
        ```

        ```{ks-test} shift
        data: \(data)
        compare: {column: split, a: train, b: test}
        features: [mlp, gru, code]
        ```

        ```{dataset} rows
        data: \(data)
        where: {split: test}
        group: symbol
        ```

        F1 of the MLP: {{ eval.mlp.f1 | .4f }}.
        """
    }

    /// The report and figures of `project`, with `url` written as `path`. SVG element ids
    /// hash the figure's text, which names the source, so they are compared as `folio-ID`.
    func outputs(_ project: TestProject, replacing url: String? = nil, with path: String = "data/p.csv") throws -> [String: String] {
        var out: [String: String] = [:]
        let reports = project.root.appendingPathComponent("reports")
        for name in try FileManager.default.subpathsOfDirectory(atPath: reports.path).sorted() where name.hasSuffix(".md") || name.hasSuffix(".svg") {
            var text = try String(contentsOf: reports.appendingPathComponent(name), encoding: .utf8)
            if let url { text = text.replacingOccurrences(of: MarkdownText.escaped(url), with: MarkdownText.escaped(path)).replacingOccurrences(of: url, with: path) }
            if name.hasSuffix(".svg") {
                text = text.replacingOccurrences(of: #"folio-[0-9a-f]{12}"#, with: "folio-ID", options: .regularExpression)
            }
            out[name] = text
        }
        return out
    }

    /// Two sources in one database are two inputs: a table and a query over it (whose
    /// version is hashed too) are loaded apart in one render, not shared by the database's
    /// path.
    @Test func aTableAndAQueryOfOneDatabaseAreLoadedApart() async throws {
        let server = try TestPostgresServer.server
        let database = try server.makeDatabase()
        try PostgresTableWriter(url: server.url(database: database)).replace(table: "p", with: try PostgresFixture.frame)
        let table = server.url(database: database, "?table=p")
        let query = server.url(database: database, "?query=" + "SELECT * FROM p WHERE split = 'test'".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
        let project = try TestProject(["notebooks/n.md": """
            ```{dataset} all
            data: \(table)
            ```

            ```{dataset} some
            data: \(query)
            ```

            rows: {{ all.rows }} and {{ some.rows }}
            """])
        defer { project.remove() }
        let summary = await project.render()
        #expect(summary.succeeded, "\(summary.diagnostics)")
        // The fixture's 600 rows, 150 of them in the test split.
        let report = try project.read("reports/n.md")
        #expect(report.contains("rows: 600 and 150"), "\(report)")
    }

    @Test func evaluateAndKSTestRenderByteIdenticallyFromCSVAndPostgreSQL() async throws {
        let server = try TestPostgresServer.server
        let database = try server.makeDatabase()
        try PostgresTableWriter(url: server.url(database: database)).replace(table: "p", with: try PostgresFixture.frame)
        let url = server.url(database: database, "?table=p")

        let fromCSV = try TestProject(["notebooks/n.md": Self.notebook(data: "p.csv"), "data/p.csv": PostgresFixture.csv])
        defer { fromCSV.remove() }
        let fromPG = try TestProject(["notebooks/n.md": Self.notebook(data: url)])
        defer { fromPG.remove() }
        let a = await fromCSV.render()
        let b = await fromPG.render()
        #expect(a.succeeded, "\(a.diagnostics)")
        #expect(b.succeeded, "\(b.diagnostics)")
        let expected = try outputs(fromCSV)
        let actual = try outputs(fromPG, replacing: url)
        #expect(expected.keys.sorted() == actual.keys.sorted())
        for (name, text) in expected {
            #expect(actual[name] == text, "\(name) differs")
            if let other = actual[name], other != text {
                let a = text.split(separator: "\n", omittingEmptySubsequences: false), b = other.split(separator: "\n", omittingEmptySubsequences: false)
                for (x, y) in zip(a, b) where x != y { print("CSV: \(x.prefix(300))\nPG:  \(y.prefix(300))"); break }
            }
        }
        #expect(try fromPG.read("reports/n.md").contains("F1 of the MLP: 0."))

        // Unchanged rows: every block from the cache; a changed table: they rerun.
        let again = await fromPG.render()
        #expect(again.cached == 3 && again.ran == 0)
        try server.execute("UPDATE p SET mlp = 1 - mlp WHERE split = 'test'", database: database)
        #expect(fromPG.check().stale == ["reports/n.md"])
        let changed = await fromPG.render()
        #expect(changed.ran == 3)
        #expect(try fromPG.read("reports/n.md") != (try fromCSV.read("reports/n.md")))
    }
}
