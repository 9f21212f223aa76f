import Foundation
import Testing
@testable import FolioNotebook

@Suite(.serialized) struct SummaryTests {
    @Test func templateReadsOtherReportsWhichRenderFirst() async throws {
        let project = try TestProject([
            "notebooks/z_eval.md": "```{echo} eval\nvalue: {f1: 0.3551, rows: 131811, models: [mlp, gru]}\n```\n",
            "notebooks/a_summary.md": "# Summary\n\n```{summary}\ntemplate: exec.mustache\n```\n",
            "templates/exec.mustache": "F1 {{f3(z_eval.eval.value.f1)}} on {{comma(z_eval.eval.value.rows)}} rows ({{pct1(z_eval.eval.value.f1)}}), first {{z_eval.eval.value.models.1}}.\n{{#z_eval.eval.value.models}}- {{.}}\n{{/z_eval.eval.value.models}}P&L <ok>\n",
        ])
        defer { project.remove() }
        let summary = await project.render()
        #expect(summary.succeeded, "\(summary.diagnostics)")
        // a_summary sorts first but depends on z_eval, so z_eval rendered first.
        #expect(summary.reports.map(\.lastPathComponent) == ["z_eval.md", "a_summary.md"])
        #expect(try project.read("reports/a_summary.md").hasSuffix("# Summary\n\nF1 0.355 on 131,811 rows (35.5%), first gru.\n- mlp\n- gru\nP&L <ok>\n"))
    }

    @Test(arguments: [
        ("Line one\nvalue {{z_eval.eval.value.f2}}\n", "exec.mustache:2:7: no value for 'z_eval.eval.value.f2': no 'f2' in z_eval.eval.value (did you mean 'f1'?)"),
        ("{{f9(z_eval.eval.value.f1)}}", "exec.mustache:1:1: unknown transform 'f9'"),
        ("{{#z_eval.eval.value.models}}{{nme}}{{/z_eval.eval.value.models}}", "exec.mustache:1:30: no value for 'nme'"),
        ("{{#z_eval.eval}}x", "section 'z_eval.eval' is never closed"),
    ])
    func missingValuesAreLocatedErrors(template: String, message: String) async throws {
        let project = try TestProject([
            "notebooks/z_eval.md": "```{echo} eval\nvalue: {f1: 0.3551, models: [{name: mlp}]}\n```\n",
            "notebooks/a_summary.md": "# Summary\n\n```{summary}\ntemplate: exec.mustache\n```\n",
            "templates/exec.mustache": template,
        ])
        defer { project.remove() }
        let summary = await project.render()
        #expect(!summary.succeeded)
        let error = summary.diagnostics.first { $0.severity == .error }
        #expect(error?.message.contains(message) == true, "\(String(describing: error))")
        #expect(error?.location == SourceLocation(line: 4, column: 11))
    }

    @Test func cycleIsAnError() async throws {
        let project = try TestProject([
            "notebooks/a.md": "---\nneeds: [b]\n---\nA\n",
            "notebooks/b.md": "---\nneeds: [a]\n---\nB\n",
            "notebooks/c.md": "C\n",
        ])
        defer { project.remove() }
        let summary = await project.render()
        #expect(!summary.succeeded)
        #expect(summary.diagnostics.filter { $0.message.contains("cycle (a, b)") }.count == 2)
        #expect(summary.reports.map(\.lastPathComponent) == ["c.md"])
    }

    /// `folio watch` renders a saved notebook with the notebooks that read its results, not the
    /// whole project; a template or data file, or a path it does not know, renders everything.
    @Test func changedNotebookRendersWithItsReaders() async throws {
        let project = try TestProject([
            "notebooks/a.md": "---\nneeds: b\n---\nA\n",
            "notebooks/b.md": "---\nneeds: [c]\n---\nB\n",
            "notebooks/c.md": "C\n",
            "notebooks/d.md": "D\n",
            "templates/t.mustache": "T\n",
        ])
        defer { project.remove() }
        let session = RenderSession(projectRoot: project.root, registry: TestProject.registry, options: RenderOptions(quiet: true))
        func rendered(_ changed: [String]) async -> [String] {
            await session.render([], changed: Set(changed.map { project.root.appendingPathComponent($0).path })).reports.map(\.lastPathComponent)
        }
        #expect(await rendered(["notebooks/b.md"]) == ["b.md", "a.md"])
        #expect(await rendered(["notebooks/d.md"]) == ["d.md"])
        #expect(await rendered(["notebooks/c.md", "notebooks/d.md"]) == ["c.md", "d.md", "b.md", "a.md"])
        #expect(await rendered(["templates/t.mustache"]).count == 4)
        #expect(await rendered(["notebooks/gone.md"]).count == 4)
        #expect(await rendered([]).count == 4)
    }

    @Test func renderOrderFollowsNeeds() async throws {
        let project = try TestProject([
            "notebooks/a.md": "---\nneeds: b\n---\nA\n",
            "notebooks/b.md": "---\nneeds: [c]\n---\nB\n",
            "notebooks/c.md": "C\n",
        ])
        defer { project.remove() }
        let summary = await project.render()
        #expect(summary.reports.map(\.lastPathComponent) == ["c.md", "b.md", "a.md"])
    }
}
