import Foundation
import Testing
@testable import FolioNotebook

/// A notebook is left alone (``NotebookStamp``) only while its text, its blocks' inputs,
/// the reports it reads and the files it wrote are as at its last render; anything else
/// renders it as before. (Serialized: `SumDirective.runs` is shared per project.)
@Suite(.serialized) struct NotebookStampTests {
    static let upstream = """
    ```{sum} a
    file: a.txt
    ```

    ```{echo} e
    value: "{{ a.total }}"
    figure: true
    ```

    Total {{ a.total }}.
    """

    static let downstream = """
    ---
    needs: [up]
    ---
    ```{claims} c
    - {id: big, that: "up.a.total > 2", says: the total is above 2, severity: warn}
    ```

    Big: {{ c.big.holds }}.
    """

    func project(_ extra: [String: String] = [:]) throws -> TestProject {
        var files = ["notebooks/up.md": Self.upstream, "notebooks/down.md": Self.downstream, "a.txt": "1\n2\n"]
        for (path, text) in extra { files[path] = text }
        return try TestProject(files)
    }

    /// Renders `project` (quiet, cached), returning the summary and how often `{sum}` ran.
    func render(_ project: TestProject, options: RenderOptions = RenderOptions(quiet: true)) async -> (RenderSession.Summary, Int) {
        let before = SumDirective.runs(in: project)
        let summary = await project.render(options: options)
        return (summary, SumDirective.runs(in: project) - before)
    }

    func files(_ project: TestProject) throws -> [String: String] {
        var out: [String: String] = [:]
        for path in ["reports/up.md", "reports/up.results.json", "reports/figures/up-e-dot.svg", "reports/down.md", "reports/down.results.json"] {
            out[path] = try project.read(path)
        }
        return out
    }

    @Test func unchangedNotebooksAreLeftAloneWithTheSameFiles() async throws {
        let project = try project()
        defer { project.remove() }
        let (first, runs) = await render(project)
        #expect(runs == 1 && first.unchanged == 0 && first.succeeded)
        let written = try files(project)
        let (second, again) = await render(project)
        #expect(again == 0)
        #expect(second.unchanged == 2)
        #expect(second.cached == 3 && second.ran == 0 && second.failed == 0)
        #expect(second.reports.count == 2 && second.succeeded)
        #expect(try files(project) == written)
        // The result cache alone gives the same files: the stamp changes nothing but the work.
        try FileManager.default.removeItem(at: project.root.appendingPathComponent(".folio/cache/notebooks"))
        let (third, _) = await render(project)
        #expect(third.unchanged == 0 && third.cached == 2 && third.ran == 1)
        #expect(try files(project) == written)
    }

    @Test func editedProseRendersThatNotebookOnly() async throws {
        let project = try project()
        defer { project.remove() }
        _ = await render(project)
        try project.write("notebooks/up.md", Self.upstream + "\nA new line.\n")
        let (summary, runs) = await render(project)
        #expect(runs == 0)
        // up renders (from the result cache); down reads up's results, which did not change.
        #expect(summary.unchanged == 1)
        #expect(try project.read("reports/up.md").contains("A new line."))
        // down's stamp still names up's earlier results file; the results read back from the
        // new file have the same digest.
        let (again, _) = await render(project)
        #expect(again.unchanged == 2)
    }

    /// A results file's digest leaves out its `_folio` entry and nothing else.
    @Test func resultsDigestLeavesOutOnlyTheProvenance() throws {
        func file(_ provenance: JSONObject, _ results: [(String, JSONValue)]) -> Data {
            var object = JSONObject()
            object["_folio"] = .object(provenance)
            for (key, value) in results { object[key] = value }
            return Data(JSONValue.object(object).serialized().utf8)
        }
        let nested: JSONValue = .object(JSONObject([("inputs", .object(JSONObject([("a.csv", .string("ff"))])))]))
        let results: [(String, JSONValue)] = [("e", .object(JSONObject([("auc", .number(0.75)), ("n", .number(3))])))]
        let digest = NotebookStamps.resultsDigest(of: file(JSONObject([("notebook", .string("n.md"))]), results))
        // Other provenance, nested or not: the same digest.
        #expect(NotebookStamps.resultsDigest(of: file(JSONObject([("notebook", .string("m.md")), ("more", nested)]), results)) == digest)
        // Other results, another key, no results: other digests.
        let others = [
            file(JSONObject([("notebook", .string("n.md"))]), [("e", .object(JSONObject([("auc", .number(0.76)), ("n", .number(3))])))]),
            file(JSONObject([("notebook", .string("n.md"))]), [("f", results[0].1)]),
            file(JSONObject([("notebook", .string("n.md"))]), []),
        ]
        #expect(Set(others.map(NotebookStamps.resultsDigest(of:))).count == 3)
        #expect(!others.map(NotebookStamps.resultsDigest(of:)).contains(digest))
        // Laid out otherwise (compact): the whole file counts, so provenance does too.
        let compact = { (name: String) in
            Data("{\"_folio\":{\"notebook\":\"\(name)\"},\"e\":1}".utf8)
        }
        #expect(NotebookStamps.resultsDigest(of: compact("n.md")) != NotebookStamps.resultsDigest(of: compact("m.md")))
    }

    @Test func changedInputRendersTheNotebookAndItsReaders() async throws {
        let project = try project()
        defer { project.remove() }
        _ = await render(project)
        #expect(try project.read("reports/down.md").contains("Big: true"))
        try project.write("a.txt", "1\n")
        let (summary, runs) = await render(project)
        #expect(runs == 1 && summary.unchanged == 0)
        #expect(try project.read("reports/up.md").contains("Total 1."))
        #expect(try project.read("reports/down.md").contains("Big: false"))
    }

    @Test func changedResultsOfAReportOutsideTheRenderAreSeen() async throws {
        let project = try project()
        defer { project.remove() }
        _ = await render(project)
        // down alone, reading up's committed results; then up's results change on disk.
        _ = await project.render(["notebooks/down.md"])
        try project.write("a.txt", "1\n")
        _ = await project.render(["notebooks/up.md"])
        let summary = await project.render(["notebooks/down.md"])
        #expect(summary.unchanged == 0)
        #expect(try project.read("reports/down.md").contains("Big: false"))
    }

    @Test(arguments: ["reports/up.md", "reports/up.results.json", "reports/figures/up-e-dot.svg"])
    func anEditedOrDeletedOutputIsWrittenAgain(path: String) async throws {
        let project = try project()
        defer { project.remove() }
        _ = await render(project)
        let written = try files(project)
        try project.write(path, written[path]! + "edited\n")
        var (summary, _) = await render(project)
        #expect(summary.unchanged == 1)
        // A generated file edited by hand is still recognised as folio's and replaced.
        #expect(try files(project) == written)
        try FileManager.default.removeItem(at: project.root.appendingPathComponent(path))
        (summary, _) = await render(project)
        #expect(summary.unchanged == 1)
        #expect(try files(project) == written)
    }

    @Test func aStrayFigureOfTheReportIsRemovedAsByAFullRender() async throws {
        let project = try project()
        defer { project.remove() }
        _ = await render(project)
        try project.write("reports/figures/up-old-chart.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n")
        let (summary, _) = await render(project)
        #expect(summary.unchanged == 1)
        #expect(!project.exists("reports/figures/up-old-chart.svg"))
    }

    /// `a.md`'s render removes its own stale figures, not those of `a-b.md` beside it.
    @Test func aReportKeepsItsHandsOffTheFiguresOfALongerNamedReport() async throws {
        let echo = "```{echo} e\nvalue: 1\nfigure: true\n```\n"
        let project = try TestProject(["notebooks/a.md": echo, "notebooks/a-b.md": echo])
        defer { project.remove() }
        let first = await project.render()
        #expect(first.succeeded, "\(first.diagnostics.map(\.message))")
        #expect(project.exists("reports/figures/a-e-dot.svg") && project.exists("reports/figures/a-b-e-dot.svg"))
        try project.write("notebooks/a.md", "```{echo} e\nvalue: 1\n```\n")
        let summary = await project.render()
        #expect(summary.unchanged == 1)
        #expect(!project.exists("reports/figures/a-e-dot.svg"))
        #expect(project.exists("reports/figures/a-b-e-dot.svg"))
    }

    @Test func failuresAreReportedAtEveryRender() async throws {
        let project = try project(["notebooks/bad.md": "```{sum} s\nfile: missing.txt\n```\n",
                                   "notebooks/warn.md": "```{claims} c\n- {id: no, that: \"1 > 2\", says: never, severity: warn}\n```\n"])
        defer { project.remove() }
        for _ in 0..<2 {
            let (summary, _) = await render(project)
            #expect(summary.failed == 1)
            #expect(summary.diagnostics.contains { $0.path == "notebooks/bad.md" && $0.severity == .error })
            #expect(summary.diagnostics.contains { $0.path == "notebooks/warn.md" && $0.severity == .warning })
        }
        #expect(!FileManager.default.fileExists(atPath: NotebookStamp.url(in: project.root.appendingPathComponent(".folio/cache/notebooks"), notebookPath: "notebooks/bad.md").path))
    }

    @Test func aDecisionLogEditedOrDeletedIsSeen() async throws {
        let decision = """
        ```{decision}
        id: pick
        title: Pick a threshold
        decision: Use 0.5.
        ```
        """
        let project = try project(["notebooks/decide.md": decision])
        defer { project.remove() }
        // The first render writes the entry (its result says `changed`): no stamp for decide.
        var (summary, _) = await render(project)
        #expect(summary.unchanged == 0)
        (summary, _) = await render(project)
        #expect(summary.unchanged == 2)
        let log = try project.read("memory-bank/decisionLog.md"), report = try project.read("reports/decide.md")
        (summary, _) = await render(project)
        #expect(summary.unchanged == 3)
        // Deleted: written again (and not stamped, since this render changed it).
        try FileManager.default.removeItem(at: project.root.appendingPathComponent("memory-bank/decisionLog.md"))
        (summary, _) = await render(project)
        #expect(summary.unchanged == 2)
        #expect(try project.read("memory-bank/decisionLog.md") == log)
        // A hand-written note outside folio's markers: kept, and the decision renders once
        // to see that its entry is intact, then is left alone again.
        try project.write("memory-bank/decisionLog.md", log + "\nA note by hand.\n")
        _ = await render(project)
        (summary, _) = await render(project)
        #expect(summary.unchanged == 3)
        #expect(try project.read("memory-bank/decisionLog.md") == log + "\nA note by hand.\n")
        #expect(try project.read("reports/decide.md") == report)
    }

    /// A decision id declared a second time elsewhere fails the block in both notebooks,
    /// also in the one whose stamp would otherwise hold.
    @Test func aDecisionIdDeclaredAgainElsewhereFailsBothNotebooks() async throws {
        let decision = "```{decision}\nid: pick\ntitle: Pick\ndecision: Use 0.5.\n```\n"
        let project = try project(["notebooks/decide.md": decision])
        defer { project.remove() }
        _ = await render(project)
        _ = await render(project)
        var (summary, _) = await render(project)
        #expect(summary.unchanged == 3)
        try project.write("notebooks/other.md", decision)
        (summary, _) = await render(project)
        #expect(summary.failed == 2)
        #expect(Set(summary.diagnostics.filter { $0.message.contains("also declared at") }.map(\.path)) == ["notebooks/decide.md", "notebooks/other.md"])
    }

    @Test func deletedOrEditedCheckpointCopiesAreSeen() async throws {
        let project = try CheckpointsDirectiveTests.project()
        defer { project.remove() }
        let model = "models/production/mlp_trial72_epoch1/model.onnx"
        var summary = await project.render()
        let copied = try Data(contentsOf: project.root.appendingPathComponent(model))
        summary = await project.render()
        summary = await project.render()
        #expect(summary.unchanged == 1)
        try FileManager.default.removeItem(at: project.root.appendingPathComponent(model))
        summary = await project.render()
        #expect(summary.unchanged == 0 && summary.succeeded)
        #expect(try Data(contentsOf: project.root.appendingPathComponent(model)) == copied)
        try project.write("models/production/mlp_trial72_epoch1/PROVENANCE.json", "{}\n")
        summary = await project.render()
        #expect(summary.unchanged == 0)
        #expect(summary.diagnostics.contains { $0.message.contains("PROVENANCE.json exists and differs") })
    }

    @Test func paramsNoCacheAndDamagedStampsRenderAgain() async throws {
        let project = try project()
        defer { project.remove() }
        _ = await render(project)
        var (summary, runs) = await render(project, options: RenderOptions(useCache: false, quiet: true))
        #expect(runs == 1 && summary.unchanged == 0)
        (summary, runs) = await render(project, options: RenderOptions(paramOverrides: [("x", "1")], quiet: true))
        #expect(summary.unchanged == 0)
        let folder = project.root.appendingPathComponent(".folio/cache/notebooks")
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            try Data("{\"format\": \"folio notebook stamp 1\", \"key\":".utf8).write(to: folder.appendingPathComponent(name))
        }
        (summary, runs) = await render(project)
        #expect(summary.unchanged == 0 && summary.cached == 2 && runs == 0)
        (summary, runs) = await render(project)
        #expect(summary.unchanged == 2)
    }

    @Test func htmlRendersEveryNotebook() async throws {
        let project = try project()
        defer { project.remove() }
        _ = await render(project)
        let (summary, _) = await render(project, options: RenderOptions(html: true, quiet: true))
        #expect(summary.unchanged == 0)
        #expect(project.exists("reports/up.html"))
    }
}
