import Foundation
import Testing
@testable import FolioNotebook

/// A notebook and data written to attack the reader of the page: the Markdown report shows
/// the data as text, and the HTML page carries no active content.
@Suite(.serialized) struct ActiveContentTests {
    static let csv = """
    timestamp,symbol,label
    2023-01-02T14:00:00Z,<script>alert(1)</script>,0
    2023-01-02T15:00:00Z,AAPL,1

    """

    static let notebook = """
    ---
    data: data
    params: {name: "<b onclick=alert(3)>x</b>"}
    ---
    # <script>alert(2)</script> Heading

    Prose with <img src=x onerror=alert(1)>, [a link](javascript:alert(1)), \
    [another](jav&#x61;script:alert(1)) and <iframe src="https://evil.example"></iframe>.

    Name: {{ params.name }}.

    ```{dataset} ds
    data: f.csv
    group: symbol
    ```

    ```{echo} e
    value: 1
    figure: true
    ```

    """

    @Test func dataIsTextAndPagesHaveNoActiveContent() async throws {
        let project = try TestProject(["data/f.csv": Self.csv, "notebooks/n.md": Self.notebook])
        defer { project.remove() }
        let summary = await project.render(options: RenderOptions(html: true, quiet: true))
        #expect(summary.succeeded, "\(summary.diagnostics)")

        let markdown = try project.read("reports/n.md")
        // The cell is escaped in the Markdown itself; the author's prose is kept as written.
        #expect(markdown.contains("| \\<script>alert(1)\\</script> | 1 |"))
        #expect(markdown.contains("Name: \\<b onclick=alert(3)>x\\</b>."))
        #expect(markdown.contains("# <script>alert(2)</script> Heading"))

        let html = try project.read("reports/n.html")
        let lower = html.lowercased()
        for active in ["<script", "<iframe", "onerror", "<b onclick", "javascript:", "jav&#x61;script"] {
            #expect(!lower.contains(active), "the page contains \(active)")
        }
        // The data and the prose are still there, as text.
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("<a>a link</a>"))
        #expect(html.contains("<img src=\"x\">"))
        // folio's own figure is inlined after sanitizing.
        #expect(html.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\">"))
    }

    @Test func summaryTemplateValuesAreText() async throws {
        let project = try TestProject([
            "templates/t.mustache": "Top: {{a.e.value}}. Raw: {{{a.e.value}}}.\n",
            "notebooks/a.md": "```{echo} e\nvalue: \"<script>alert(1)</script>\"\n```\n",
            "notebooks/s.md": "```{summary}\ntemplate: t.mustache\n```\n",
        ])
        defer { project.remove() }
        let summary = await project.render(options: RenderOptions(html: true, quiet: true))
        #expect(summary.succeeded, "\(summary.diagnostics)")
        let report = try project.read("reports/s.md")
        #expect(report.contains("Top: \\<script>alert(1)\\</script>."))
        // Triple braces are the template's own choice, raw; the page still drops the script.
        #expect(report.contains("Raw: <script>alert(1)</script>."))
        #expect(!(try project.read("reports/s.html")).lowercased().contains("<script"))
    }
}
