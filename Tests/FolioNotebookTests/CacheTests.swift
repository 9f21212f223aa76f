import Foundation
import Testing
@testable import FolioNotebook

/// A block reruns when its body, its files or the upstream results it uses change, and at
/// no other time. (Serialized: `SumDirective.runs` is shared.)
@Suite(.serialized) struct CacheTests {
    static let notebook = """
    ```{sum} a
    file: a.txt
    ```

    ```{sum} b
    file: b.txt
    ```

    ```{echo} c
    value: "{{ a.total }}"
    ```
    """

    /// How many times `{sum}` ran in `project` during `body`.
    func runs(_ project: TestProject, _ body: () async throws -> Void) async rethrows -> Int {
        let before = SumDirective.runs(in: project)
        try await body()
        return SumDirective.runs(in: project) - before
    }

    @Test func secondRenderIsAllCachedAndIdentical() async throws {
        let project = try TestProject(["notebooks/n.md": CacheTests.notebook, "a.txt": "1\n2\n", "b.txt": "10\n"])
        defer { project.remove() }
        var first = RenderSession.Summary()
        #expect(await runs(project) { first = await project.render() } == 2)
        #expect(first.ran == 3)
        let report = try project.read("reports/n.md"), results = try project.read("reports/n.results.json")
        var second = RenderSession.Summary()
        #expect(await runs(project) { second = await project.render() } == 0)
        #expect(second.cached == 3 && second.ran == 0)
        #expect(try project.read("reports/n.md") == report)
        #expect(try project.read("reports/n.results.json") == results)
    }

    @Test func changedDataFileRerunsOnlyItsReaders() async throws {
        let project = try TestProject(["notebooks/n.md": CacheTests.notebook, "a.txt": "1\n2\n", "b.txt": "10\n"])
        defer { project.remove() }
        _ = await project.render()
        try project.write("b.txt", "10\n20\n")
        var summary = RenderSession.Summary()
        #expect(await runs(project) { summary = await project.render() } == 1)
        #expect(summary.ran == 1 && summary.cached == 2)
        #expect(try project.read("reports/n.md").contains("Total: 30"))
    }

    @Test func changedBlockRerunsItAndItsDependents() async throws {
        let project = try TestProject(["notebooks/n.md": CacheTests.notebook, "a.txt": "1\n2\n", "b.txt": "10\n"])
        defer { project.remove() }
        _ = await project.render()
        try project.write("notebooks/n.md", CacheTests.notebook.replacingOccurrences(of: "file: a.txt", with: "file: a.txt\nscale: 2"))
        var summary = RenderSession.Summary()
        #expect(await runs(project) { summary = await project.render() } == 1)
        // a reran (body changed), c reran (its upstream value changed), b stayed cached.
        #expect(summary.ran == 2 && summary.cached == 1)
        #expect(try project.read("reports/n.md").contains("Echo: 6"))
    }

    @Test func noCacheRecomputesEverything() async throws {
        let project = try TestProject(["notebooks/n.md": CacheTests.notebook, "a.txt": "1\n", "b.txt": "2\n"])
        defer { project.remove() }
        _ = await project.render()
        var summary = RenderSession.Summary()
        #expect(await runs(project) { summary = await project.render(options: RenderOptions(useCache: false, quiet: true)) } == 2)
        #expect(summary.ran == 3)
    }

    @Test func checkFindsStaleReports() async throws {
        let project = try TestProject(["notebooks/n.md": CacheTests.notebook, "a.txt": "1\n", "b.txt": "2\n"])
        defer { project.remove() }
        #expect(project.check().stale == ["reports/n.md"])
        _ = await project.render()
        #expect(project.check().succeeded)
        try project.write("a.txt", "5\n")
        let afterData = project.check()
        #expect(afterData.stale == ["reports/n.md"])
        #expect(afterData.diagnostics.contains { $0.message.contains("a.txt changed") })
        _ = await project.render()
        try project.write("notebooks/n.md", CacheTests.notebook + "\nMore prose.\n")
        #expect(project.check().diagnostics.contains { $0.message.contains("the notebook changed") })
    }

    @Test func checkValidatesWithoutComputing() async throws {
        let project = try TestProject(["notebooks/n.md": "```{sum}\nfile: missing.txt\n```\n"])
        defer { project.remove() }
        let summary = project.check()
        #expect(SumDirective.runs(in: project) == 0)
        #expect(summary.diagnostics.contains { $0.message.contains("file not found: missing.txt") && $0.location.line == 2 })
    }
}
