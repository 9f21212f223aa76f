import Foundation
import Testing
@testable import FolioNotebook

/// Messages that used to mislead (issue 11, item 8): each names the real cause, at the
/// place to fix it. Every case asserts the exact message and location.
@Suite(.serialized) struct MessageTests {
    /// A project, what to run on it, and the one error expected.
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var files: [String: String]
        var check = false
        var path = "notebooks/n.md"
        var line: Int
        var column: Int
        var message: String
        var testDescription: String { name }
    }

    static let scores = "label,mlp,gru\n1,0.9,0.8\n0,0.2,0.1\n\n1,0.7,abc\n0,0.1,0.3\n0,0.4,n/a\n1,0.6,x\n"
    static let oneClass = "label,mlp,gru\n0,0.9,0.8\n0,0.2,0.1\n0,0.7,0.4\n"

    static let cases: [Case] = [
        Case(name: "unclosed fence, prose read as its body",
             files: ["notebooks/n.md": "# T\n\n```{echo} e\nvalue: 1\n\nSee: {{ e.value }} here.\nAnd more.\n"],
             line: 3, column: 1, message: "the code fence of {echo} e is not closed: add a line '```' after its parameters"),
        Case(name: "unclosed tilde fence, body not YAML",
             files: ["notebooks/n.md": "~~~~{echo} e\nvalue: 1\n\n- a list\n"],
             line: 1, column: 1, message: "the code fence of {echo} e is not closed: add a line '~~~~' after its parameters"),
        Case(name: "unclosed fence, in check",
             files: ["notebooks/n.md": "# T\n\n```{echo} e\nvalue: [1\n"], check: true,
             line: 3, column: 1, message: "the code fence of {echo} e is not closed: add a line '```' after its parameters"),
        Case(name: "front matter never closed",
             files: ["notebooks/n.md": "---\ntitle: T\n\n# Heading\n\n```{echo} e\nvalue: 1\n```\n"],
             line: 1, column: 1, message: "the front matter is not closed: add a line '---' after its last key"),
        Case(name: "non-numeric score column",
             files: ["data/s.csv": scores, "notebooks/n.md": "```{evaluate} ev\ndata: data/s.csv\nmodels: [mlp, gru]\n```\n"],
             line: 3, column: 15,
             message: "column 'gru' of data/s.csv holds text, not numbers: \"abc\" at data/s.csv:5:7 (row 3) is not a number (2 of 6 rows)"),
        Case(name: "non-numeric label column, quoted cell over two lines",
             files: ["data/s.csv": "label,mlp\n1,0.9\n\"0\n1\",0.2\n", "notebooks/n.md": "```{evaluate} ev\ndata: data/s.csv\nmodels: [mlp]\n```\n"],
             line: 2, column: 1,
             message: "column 'label' of data/s.csv holds text, not numbers: \"0\\n1\" at data/s.csv:3:1 (row 2) is not a number (1 of 2 rows)"),
        Case(name: "non-numeric score column, long cell shortened",
             files: ["data/s.csv": "label,mlp\n1,0.9\n0,\(String(repeating: "z", count: 50))\n", "notebooks/n.md": "```{evaluate} ev\ndata: data/s.csv\nmodels: [mlp]\n```\n"],
             line: 3, column: 10,
             message: "column 'mlp' of data/s.csv holds text, not numbers: \"\(String(repeating: "z", count: 40))…\" at data/s.csv:3:3 (row 2) is not a number (1 of 2 rows)"),
        Case(name: "one-class label in sweep",
             files: ["data/s.csv": oneClass, "notebooks/n.md": "```{sweep} sw\ndata: data/s.csv\nlabel: label\nmodels: [mlp, gru]\n```\n"],
             line: 3, column: 8,
             message: "label column 'label' of data/s.csv has one class only: all 3 rows are 0; a threshold sweep needs rows of both classes"),
        Case(name: "check on a folder",
             files: ["data/folder/x.csv": "a\n1\n", "notebooks/n.md": "```{evaluate} ev\ndata: data/folder\nlabel: y\n```\n"], check: true,
             line: 2, column: 7, message: "data/folder: is a folder, not a file"),
        Case(name: "check on an empty file",
             files: ["data/e.csv": "", "notebooks/n.md": "```{evaluate} ev\ndata: data/e.csv\nlabel: y\n```\n"], check: true,
             line: 2, column: 7, message: "data/e.csv: the file is empty: a header row is required"),
        Case(name: "check on a file of blank lines",
             files: ["data/e.csv": "\n\r\n\n", "notebooks/n.md": "```{evaluate} ev\ndata: data/e.csv\nlabel: y\n```\n"], check: true,
             line: 2, column: 7, message: "data/e.csv: the file is empty: a header row is required"),
        Case(name: "render on an empty file says the same",
             files: ["data/e.csv": "", "notebooks/n.md": "```{evaluate} ev\ndata: data/e.csv\nlabel: y\n```\n"],
             line: 2, column: 7, message: "data/e.csv: the file is empty: a header row is required"),
    ]

    @Test(arguments: cases)
    func messageNamesTheCause(_ testCase: Case) async throws {
        let project = try TestProject(testCase.files)
        defer { project.remove() }
        let diagnostics = testCase.check ? project.check().diagnostics : await project.render().diagnostics
        let errors = diagnostics.filter { $0.severity == .error && !$0.message.hasPrefix("report ") }
        #expect(errors.map(\.message) == [testCase.message])
        #expect(errors.first?.path == testCase.path)
        #expect(errors.first?.location == SourceLocation(line: testCase.line, column: testCase.column))
    }

    @Test func unclosedFenceWhoseBodyDecodesIsAWarning() async throws {
        let project = try TestProject(["notebooks/n.md": "A\n\n```{echo} e\nvalue: 1\n"])
        defer { project.remove() }
        let summary = await project.render()
        #expect(summary.succeeded)
        #expect(summary.diagnostics.map(\.description) == [
            "notebooks/n.md:3:1: warning: the code fence of {echo} e is not closed, so it runs to the end of the notebook: add a line '```' after its parameters",
        ])
    }

    @Test func badFormatMarksOnlyThatValue() async throws {
        let project = try TestProject(["notebooks/n.md": "```{echo} e\nvalue: 0.25\n```\nA {{ e.value | .3q }}, B {{ e.value | .1% }}, C `{{ x }}`, D {{ e.value }}.\n"])
        defer { project.remove() }
        let summary = await project.render()
        #expect(summary.diagnostics.map(\.description) == ["notebooks/n.md:4:3: error: unknown format '.3q' (use .3f, %, .1%, ,d, d, .2e)"])
        let report = try project.read("reports/n.md")
        #expect(report.hasSuffix("Echo: 0.25\nA **⚠ {{ e.value | .3q }}: unknown format '.3q' (use .3f, %, .1%, ,d, d, .2e)**, B 25.0%, C `{{ x }}`, D 0.25.\n"))
    }

    @Test func everyBadReferenceOfALineIsMarkedAndReported() async throws {
        let project = try TestProject(["notebooks/n.md": "```{echo} e\nvalue: 2\n```\n{{ nope.x }} and {{ e.value | zz }}\nthen {{ e.value }} and {{ e.vale }}.\n"])
        defer { project.remove() }
        let summary = await project.render()
        #expect(summary.diagnostics.map(\.description) == [
            "notebooks/n.md:4:1: error: unknown id 'nope'",
            "notebooks/n.md:4:18: error: unknown format 'zz' (use .3f, %, .1%, ,d, d, .2e)",
            "notebooks/n.md:5:24: error: no 'vale' in e (did you mean 'value'?); available: value, label",
        ])
        let report = try project.read("reports/n.md")
        #expect(report.hasSuffix("Echo: 2\n**⚠ {{ nope.x }}: unknown id 'nope'** and **⚠ {{ e.value | zz }}: unknown format 'zz' (use .3f, %, .1%, ,d, d, .2e)**\n"
                                 + "then 2 and **⚠ {{ e.vale }}: no 'vale' in e (did you mean 'value'?); available: value, label**.\n"))
    }
}
