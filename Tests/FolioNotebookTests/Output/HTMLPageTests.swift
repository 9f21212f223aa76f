import Foundation
import Testing
@testable import FolioNotebook

/// What a stakeholder clicks through: links between reports, GitHub alerts as callouts,
/// heading anchors and the table of contents, scrolling tables, and the index.
@Suite struct HTMLPageTests {
    static let links = ReportLinks(
        folder: URL(fileURLWithPath: "/p/reports/phase4"),
        reports: ["/p/reports/phase4/model_validation.md", "/p/reports/dataset_overview.md", "/p/reports/phase4/sub/deep.md"])

    @Test(arguments: [
        ("model_validation.md", "model_validation.html"),
        ("model_validation.md#the-run-table", "model_validation.html#the-run-table"),
        ("./model_validation.md?x=1#a", "./model_validation.html?x=1#a"),
        ("../dataset_overview.md", "../dataset_overview.html"),
        ("sub/deep.md#top", "sub/deep.html#top"),
        ("../phase4/sub/../model_validation.md", "../phase4/sub/../model_validation.html"),
        // Not reports, or not relative: as written.
        ("../../notebooks/README.md", "../../notebooks/README.md"),
        ("missing.md", "missing.md"),
        ("https://example.com/model_validation.md", "https://example.com/model_validation.md"),
        ("//example.com/model_validation.md", "//example.com/model_validation.md"),
        ("/p/reports/phase4/model_validation.md", "/p/reports/phase4/model_validation.md"),
        ("#model_validation.md", "#model_validation.md"),
        ("mailto:a@example.com", "mailto:a@example.com"),
        ("figures/x.svg", "figures/x.svg"),
    ])
    func relativeLinksToReportsPointAtTheirPages(href: String, expected: String) {
        #expect(Self.links.rewrite(href) == expected)
    }

    @Test func pagesRewriteLinksAndStillDropActiveContent() {
        let markdown = """
        See [validation](model_validation.md#runs), [raw](javascript:alert(1)) and [site](https://example.com/a.md).
        <a href="model_validation.md" onclick="alert(1)">x</a>

        """
        let html = HTMLExporter.page(markdown: markdown, title: "t", figures: [:], links: Self.links)
        #expect(html.contains("<a href=\"model_validation.html#runs\">validation</a>"))
        #expect(html.contains("<a href=\"https://example.com/a.md\">site</a>"))
        #expect(html.contains("<a href=\"model_validation.html\">x</a>"))
        #expect(!html.contains("javascript:") && !html.contains("onclick"))
    }

    @Test(arguments: HTMLAlert.allCases)
    func everyAlertKindIsATitledCallout(_ kind: HTMLAlert) {
        let html = HTMLExporter.page(markdown: "> [!\(kind.rawValue.uppercased())]\n> Body **text**.\n", title: "t", figures: [:])
        #expect(html.contains("<div class=\"alert alert-\(kind.rawValue)\" role=\"note\">"))
        #expect(html.contains(">\(kind.title)</p>\n<p>Body <strong>text</strong>.</p>\n</div>"))
        #expect(!html.contains("[!"))
        #expect(!html.contains("<blockquote>"))
    }

    @Test func alertsAreFoundWhereverTheMarkerParagraphEnds() {
        // Marker alone in its paragraph; lower case; a nested plain quote; a plain quote after.
        let markdown = """
        > [!caution]
        >
        > **`x` failed** at `n.md:3:1`
        >
        > > quoted inside

        > [!NOTE] not a marker: text follows on its line

        > plain

        """
        let html = HTMLAlert.render(HTMLSanitizer.sanitize(MarkdownDocument.renderHTML(markdown)))
        #expect(html.hasPrefix("<div class=\"alert alert-caution\" role=\"note\">\n<p class=\"alert-title\">"))
        #expect(html.contains("Caution</p>\n\n<p><strong><code>x</code> failed</strong>"))
        #expect(html.contains("<blockquote>\n<p>quoted inside</p>\n</blockquote>\n</div>"))
        #expect(html.contains("<blockquote>\n<p>[!NOTE] not a marker"))
        #expect(html.hasSuffix("<blockquote>\n<p>plain</p>\n</blockquote>\n"))
    }

    @Test func aFailedBlockIsACautionNotANote() async throws {
        let project = try TestProject(["notebooks/n.md": "# N\n\n```{sum} s\nfile: missing.txt\n```\n"])
        defer { project.remove() }
        _ = await project.render(options: RenderOptions(html: true, quiet: true))
        let html = try project.read("reports/n.html")
        #expect(html.contains("<div class=\"alert alert-caution\""))
        #expect(!html.contains("[!CAUTION]"))
    }

    @Test(arguments: [
        ("Test-set evaluation", "test-set-evaluation"), ("What's next?", "whats-next"),
        ("F1 & AUC (2023)", "f1--auc-2023"), ("Résumé _x_", "résumé-_x_"), ("  Spaced  ", "spaced"),
    ])
    func headingIDsAreGitHubs(text: String, slug: String) {
        #expect(HTMLOutline.slug(HTMLOutline.text(of: Substring(text))) == slug)
    }

    @Test func headingsGetAnchorsAndTheTableOfContentsListsThem() {
        let markdown = "# Title\n\nIntro.\n\n## Data\n\n### Rows & columns\n\n## Data\n\n## <em>Risk</em>\n"
        let html = HTMLExporter.page(markdown: markdown, title: "t", figures: [:])
        #expect(html.contains("<h1 id=\"title\"><a class=\"anchor\" href=\"#title\" aria-label=\"Link to this section\">#</a>Title</h1>\n<nav class=\"toc\""))
        #expect(html.contains("<h2 id=\"data\">"))
        #expect(html.contains("<h2 id=\"data-1\">"))
        #expect(html.contains("<h3 id=\"rows--columns\">"))
        #expect(html.contains("<li class=\"toc-h3\"><a href=\"#rows--columns\">Rows &amp; columns</a></li>"))
        #expect(html.contains("<li class=\"toc-h2\"><a href=\"#risk\">Risk</a></li>"))
        // Few headings: no contents box.
        #expect(!HTMLExporter.page(markdown: "# A\n\n## B\n", title: "t", figures: [:]).contains("<nav"))
    }

    @Test func theIndexShowsWhatCheckSaysAndPagesThatAreMissing() {
        let entry = ReportIndex.Entry(title: "A <b>", reportPath: "reports/a.md", pageLink: nil, blocks: 3, failedBlocks: 1, errors: 2,
                                      staleness: "data/x.csv changed", notebookHash: "0123456789ab", folioVersion: "0.1.0")
        let html = ReportIndex(title: "Reports", entries: [entry]).html
        #expect(html.contains("<td>A &lt;b&gt; (no page)<br><small><code>reports/a.md</code></small></td>"))
        #expect(html.contains("<td class=\"number failed\">1 + 2 errors</td>"))
        #expect(html.contains("<td class=\"stale\" title=\"data/x.csv changed\">out of date: data/x.csv changed</td>"))
        #expect(html.contains("1 report, <span class=\"failed\">1 with failures</span>, <span class=\"stale\">1 out of date</span>"))
        #expect(ReportIndex.relativePath(of: URL(fileURLWithPath: "/p/reports/phase 4/a.html"), from: URL(fileURLWithPath: "/p/reports"))
                == "phase%204/a.html")
        #expect(ReportIndex.folder(for: [URL(fileURLWithPath: "/p/reports/a.md"), URL(fileURLWithPath: "/p/reports/x/b.md")])?.path
                == "/p/reports")
    }

    @Test func tablesScrollInsideThePage() {
        let html = HTMLExporter.page(markdown: "| a | b |\n|---|---|\n| 1 | 2 |\n", title: "t", figures: [:])
        #expect(html.contains("<div class=\"table-scroll\" role=\"region\" aria-label=\"Table, scrolls sideways\" tabindex=\"0\"><table>"))
        #expect(html.contains("</table></div>"))
        #expect(HTMLPageStyle.css.contains("@media print"))
        #expect(HTMLPageStyle.css.contains("prefers-color-scheme: dark"))
    }

    @Test func theIndexListsEveryReportWithFailuresAndLinks() async throws {
        let project = try TestProject([
            "numbers.txt": "1\n2\n",
            "notebooks/a.md": "---\ntitle: Alpha & co\n---\n# A\n\nSee [b](phase/b.md#b).\n\n```{sum} s\nfile: numbers.txt\n```\n",
            "notebooks/phase/b.md": "# B\n\n```{sum} s\nfile: missing.txt\n```\n\nBack to [a](../a.md).\n",
        ])
        defer { project.remove() }
        let summary = await project.render(options: RenderOptions(html: true, quiet: true))
        #expect(!summary.succeeded)
        let index = try project.read("reports/index.html")
        #expect(index.contains("<a href=\"a.html\">Alpha &amp; co</a>"))
        #expect(index.contains("<a href=\"phase/b.html\">b</a>"))
        #expect(index.contains("<td class=\"number failed\">1</td>"))
        #expect(index.contains("2 reports, <span class=\"failed\">1 with failures</span>, all up to date."))
        #expect(index.contains(GeneratedFile.pageMarker))
        #expect(try project.read("reports/a.html").contains("<a href=\"phase/b.html#b\">b</a>"))
        #expect(try project.read("reports/phase/b.html").contains("<a href=\"../a.html\">a</a>"))
        // Rendering again changes nothing; a changed input shows as out of date in the index.
        let before = try project.read("reports/index.html")
        _ = await project.render(options: RenderOptions(html: true, quiet: true))
        #expect(try project.read("reports/index.html") == before)
        // A report that could not be written (a hand-made file in its place): no index is
        // written, the one there stays.
        try project.write("notebooks/c.md", "# C\n")
        try project.write("reports/c.md", "hand written\n")
        #expect(!(await project.render(options: RenderOptions(html: true, quiet: true))).succeeded)
        #expect(try project.read("reports/index.html") == before)
        try FileManager.default.removeItem(at: project.root.appendingPathComponent("notebooks/c.md"))
        try FileManager.default.removeItem(at: project.root.appendingPathComponent("reports/c.md"))
        // A render of one folder indexes that folder's reports beside them; of a file alone, none.
        _ = await project.render(["notebooks/phase"], options: RenderOptions(html: true, quiet: true))
        #expect(try project.read("reports/phase/index.html").contains("<a href=\"b.html\">b</a>"))
        #expect(try project.read("reports/index.html") == before)
        try FileManager.default.removeItem(at: project.root.appendingPathComponent("reports/phase/index.html"))
        _ = await project.render(["notebooks/phase/b.md"], options: RenderOptions(html: true, quiet: true))
        #expect(!project.exists("reports/phase/index.html"))
    }
}
