import Foundation
import Testing

@testable import FolioNotebook

/// Figures are named `<report>-<block>-<name>.svg` in one `figures/` folder, and report
/// names and block ids may both hold `-`: a block whose names could be another report's
/// fails (`NotebookRenderer.figureClash`) instead of overwriting or deleting that report's
/// figures.
@Suite struct FigureNameClashTests {
    static func echo(_ id: String) -> String { "```{echo} \(id)\nvalue: 1\nfigure: true\n```\n" }

    /// Block `b-c` of `a.md` and block `c` of `a-b.md` would both write `a-b-c-dot.svg`.
    @Test func twoReportsWritingOneFigureFailTheShorterNamedReportsBlock() async throws {
        let project = try TestProject(["notebooks/a.md": Self.echo("b-c"), "notebooks/a-b.md": Self.echo("c")])
        defer { project.remove() }
        let summary = await project.render()
        let errors = summary.diagnostics.filter { $0.severity == .error }
        #expect(errors.count == 1)
        let error = try #require(errors.first)
        #expect(error.path == "notebooks/a.md")
        #expect(error.location == SourceLocation(line: 1, column: 1))
        #expect(error.message.contains("block 'b-c'") && error.message.contains("a-b-c-*.svg") && error.message.contains("a-b.md"),
                "\(error.message)")
        // The figure on disk is a-b's, and a's report shows the failure in place of the block.
        #expect(try project.read("reports/a-b.md").contains("figures/a-b-c-dot.svg"))
        #expect(try !project.read("reports/a.md").contains("figures/"))
        #expect(try project.read("reports/a.md").contains("[!CAUTION]"))
    }

    /// Block `b` of `a.md` writes `a-b-dot.svg`, which `a-b.md`'s stale-figure sweep (every
    /// `a-b-*.svg` it did not write) would delete at its next render.
    @Test func aBlockNamedAfterALongerReportFails() async throws {
        let project = try TestProject(["notebooks/a.md": Self.echo("b"), "notebooks/a-b.md": Self.echo("e")])
        defer { project.remove() }
        let summary = await project.render()
        #expect(summary.diagnostics.filter { $0.severity == .error }.map(\.path) == ["notebooks/a.md"])
        #expect(!project.exists("reports/figures/a-b-dot.svg"))
        #expect(project.exists("reports/figures/a-b-e-dot.svg"))
    }

    /// A block without an id is named `block<N>`: the message says to give it one.
    @Test func aBlockWithoutAnIdIsToldToTakeOne() async throws {
        let project = try TestProject(["notebooks/a.md": "```{echo}\nvalue: 1\nfigure: true\n```\n",
                                       "notebooks/a-block1.md": Self.echo("e")])
        defer { project.remove() }
        let summary = await project.render()
        let error = try #require(summary.diagnostics.first { $0.severity == .error })
        #expect(error.path == "notebooks/a.md")
        #expect(error.message.contains("give it an id"), "\(error.message)")
    }

    /// Names that cannot meet render as before: the same block id in `a.md` and `a-b.md`,
    /// a block named after a longer report that writes no figure, reports in other folders.
    @Test func namesThatCannotMeetRender() async throws {
        let project = try TestProject([
            "notebooks/a.md": Self.echo("e") + "\n```{echo} b\nvalue: 2\n```\n",
            "notebooks/a-b.md": Self.echo("e"),
            "notebooks/x.md": "---\noutput: reports/other/x.md\n---\n" + Self.echo("y"),
            "notebooks/x-y.md": Self.echo("z"),
        ])
        defer { project.remove() }
        let summary = await project.render()
        #expect(summary.succeeded, "\(summary.diagnostics.map(\.message))")
        for figure in ["figures/a-e-dot.svg", "figures/a-b-e-dot.svg", "other/figures/x-y-dot.svg", "figures/x-y-z-dot.svg"] {
            #expect(project.exists("reports/\(figure)"), "\(figure)")
        }
    }
}
