import Foundation
import Testing
@testable import FolioNotebook

/// Every error names the notebook, line and column, puts a callout where the block was,
/// lets the other blocks run and fails the render.
@Suite(.serialized) struct ErrorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var source: String
        var line: Int
        var column: Int
        var message: String
        var testDescription: String { message }
    }

    static let cases: [Case] = [
        Case(source: "# T\n\n```{echo} e\nvalue: [1, 2\n```\n", line: 5, column: 1, message: "invalid YAML"),
        Case(source: "```{echo} e\nvalue: 1\nlabl: x\n```\n", line: 3, column: 1, message: "unknown parameter 'labl' (did you mean 'label'?)"),
        Case(source: "```{sum}\nfile: nope.txt\n```\n", line: 2, column: 7, message: "file not found: nope.txt"),
        Case(source: "```{sum}\nscale: 2\n```\n", line: 1, column: 1, message: "missing required parameter 'file'"),
        Case(source: "```{ech} e\nvalue: 1\n```\n", line: 1, column: 1, message: "unknown directive '{ech}' (did you mean 'echo'?)"),
        Case(source: "```{echo} e\nvalue: 1\n```\nSee {{ f.value }} and more.\n", line: 4, column: 5, message: "unknown id 'f'"),
        Case(source: "```{echo} e\nvalue: 1\n```\nSee {{ e.valeu }}.\n", line: 4, column: 5, message: "no 'valeu' in e (did you mean 'value'?)"),
        Case(source: "x {{ e.value | .3q }}\n```{echo} e\nvalue: 1\n```\n", line: 1, column: 3, message: "unknown format '.3q'"),
        Case(source: "```{echo} a\nvalue: \"{{ b.value }}\"\n```\n```{echo} b\nvalue: 1\n```\n", line: 2, column: 8, message: "'b' is defined later"),
        Case(source: "```{echo} e\nfigure: maybe\n```\n", line: 2, column: 9, message: "'figure': expected true or false"),
        Case(source: "```{sum} s\nfile: ../../etc/passwd\n```\n", line: 2, column: 7, message: "leaves the project folder"),
        Case(source: "```{echo} e\nvalue: 1\n```\n```{echo} e\nvalue: 2\n```\n", line: 4, column: 1, message: "duplicate directive id 'e'"),
    ]

    @Test(arguments: cases)
    func errorIsLocated(_ testCase: Case) async throws {
        let project = try TestProject(["notebooks/n.md": testCase.source])
        defer { project.remove() }
        let summary = await project.render()
        #expect(!summary.succeeded)
        let errors = summary.diagnostics.filter { $0.severity == .error }
        let match = errors.first { $0.message.contains(testCase.message) }
        #expect(match != nil, "got: \(errors.map(\.description))")
        #expect(match?.path == "notebooks/n.md")
        #expect(match?.location == SourceLocation(line: testCase.line, column: testCase.column))
    }

    @Test func failedBlockBecomesCalloutAndOthersRun() async throws {
        let project = try TestProject(["notebooks/n.md": "```{echo} a\nvalue: [\n```\n\n```{echo} b\nvalue: 2\n```\n\nb is {{ b.value }}, a is {{ a.value }}.\n"])
        defer { project.remove() }
        let summary = await project.render()
        #expect(!summary.succeeded)
        let report = try project.read("reports/n.md")
        #expect(report.contains("> [!CAUTION]\n> **`{echo} a` failed** at `notebooks/n.md:"))
        #expect(report.contains("Echo: 2"))
        #expect(report.contains("b is 2, a is **⚠ {{ a.value }}: 'a' has no result because its block failed**."))
    }

    @Test func renderedDiagnosticShowsSourceAndCaret() {
        let d = Diagnostic(path: "n.md", location: SourceLocation(line: 3, column: 7), message: "bad", sourceLine: "file: nope.txt")
        #expect(d.rendered == "n.md:3:7: error: bad\nfile: nope.txt\n      ^")
    }

    @Test func badFrontMatterIsLocated() async throws {
        let project = try TestProject(["notebooks/n.md": "---\ntitle: T\noutpt: x.md\n---\nText\n"])
        defer { project.remove() }
        let summary = await project.render()
        let error = summary.diagnostics.first
        #expect(error?.location == SourceLocation(line: 3, column: 1))
        #expect(error?.message.contains("unknown front matter key 'outpt' (did you mean 'output'?)") == true)
    }
}
