import Foundation
import Testing
@testable import FolioNotebook

/// Parsed CSV files kept in `.folio/cache/columns/`: used when the file is the one parsed,
/// never when it changed or the archive is damaged, and not written by `--no-cache` renders.
@Suite struct ColumnCacheTests {
    static let notebook = """
    ```{evaluate} e
    data: t.csv
    ```
    """
    static let ordered = "label,a\n0,0.1\n1,0.9\n0,0.3\n1,0.7\n"
    static let reversed = "label,a\n0,0.9\n1,0.1\n0,0.7\n1,0.3\n"

    static func rocAUC(_ project: TestProject) throws -> Double? {
        try JSONValue(parsing: project.read("reports/n.results.json")).at("e.a.roc_auc")?.doubleValue
    }

    static func archives(_ project: TestProject) -> [URL] {
        let folder = project.root.appendingPathComponent(".folio/cache/columns")
        return ((try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []).filter { $0.pathExtension == "columns" }
    }

    @Test func aChangedFileIsParsedAgainAndADamagedArchiveIgnored() async throws {
        let project = try TestProject(["notebooks/n.md": Self.notebook, "t.csv": Self.ordered])
        defer { project.remove() }
        #expect(await project.render().succeeded)
        #expect(try Self.rocAUC(project) == 1)
        #expect(Self.archives(project).count == 1)
        // Same size, other values: the archive is not used.
        try project.write("t.csv", Self.reversed)
        #expect(await project.render().succeeded)
        #expect(try Self.rocAUC(project) == 0)
        #expect(Self.archives(project).count == 1)
        // A damaged archive: parsed again, the same results. (The block's result cache is
        // left out by editing the block.)
        let archive = try #require(Self.archives(project).first)
        try Data("garbage".utf8).write(to: archive)
        try project.write("notebooks/n.md", Self.notebook.replacingOccurrences(of: "data: t.csv", with: "data: t.csv\nthreshold: 0.4"))
        #expect(await project.render().succeeded)
        #expect(try Self.rocAUC(project) == 0)
        #expect(try Data(contentsOf: archive).count > 7)
    }

    @Test func noCacheRendersWriteNoArchive() async throws {
        let project = try TestProject(["notebooks/n.md": Self.notebook, "t.csv": Self.ordered])
        defer { project.remove() }
        #expect(await project.render(options: RenderOptions(useCache: false, quiet: true)).succeeded)
        #expect(Self.archives(project).isEmpty)
    }

    /// A backtest on some symbols reads them alone from the bars archive an earlier render
    /// left: the same results as from the bars themselves; a symbol not in the folder is
    /// still the block's located error.
    @Test func someSymbolsFromTheBarsArchive() async throws {
        let notebook = """
        ---
        data: data
        ---
        ```{backtest} all
        model: logreg
        random_draws: 2
        ```

        ```{backtest} some
        model: logreg
        symbols: [BBB, AAA]
        random_draws: 2
        ```

        """
        var files = BacktestDirectiveTests.flatBars()
        files["data/predictions.csv"] = BacktestDirectiveTests.flatPredictions()
        files["notebooks/n.md"] = notebook
        let project = try TestProject(files)
        defer { project.remove() }
        // The first render parses the bars and leaves their archive.
        #expect(await project.render().succeeded)
        let fromBars = try project.read("reports/n.results.json")
        #expect(Self.archives(project).count == 2)  // the predictions and the bars folder
        // Results and stamps gone, archives kept: `some` reads its two symbols from the archive.
        for name in try FileManager.default.contentsOfDirectory(atPath: project.root.appendingPathComponent(".folio/cache").path)
        where name != "columns" && name != "files.tsv" {
            try FileManager.default.removeItem(at: project.root.appendingPathComponent(".folio/cache/\(name)"))
        }
        #expect(await project.render().succeeded)
        #expect(try project.read("reports/n.results.json") == fromBars)
        try project.write("notebooks/n.md", notebook.replacingOccurrences(of: "[BBB, AAA]", with: "[BBB, AAB]"))
        let render = await project.render()
        #expect(render.diagnostics.map(\.message) == ["no bars for symbol 'AAB' in data/bars (did you mean 'AAA'?)"])
    }
}
