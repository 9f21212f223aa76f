import Foundation
import Testing
@testable import FolioNotebook

@Suite(.serialized) struct DatasetDirectiveTests {
    static let csv = """
    timestamp,symbol,split,label,x
    2023-01-02T14:00:00Z,AAPL,train,0,1.5
    2023-01-02T15:00:00Z,MSFT,train,1,
    2023-05-01T14:00:00Z,AAPL,val,0,2.0
    2023-11-01T14:00:00Z,AAPL,test,1,0.5
    2023-11-01T15:00:00Z,MSFT,test,0,0.25

    """

    @Test func overviewResultsAndReport() async throws {
        let project = try TestProject(["data/f.csv": DatasetDirectiveTests.csv,
                                       "notebooks/n.md": "---\ndata: data\n---\n```{dataset} ds\ndata: f.csv\n```\n\n{{ ds.rows }} rows, test positive rate {{ ds.groups.test.positive_rate | .0% }}, {{ ds.missing.x }} missing x.\n"])
        defer { project.remove() }
        let summary = await project.render()
        #expect(summary.succeeded, "\(summary.diagnostics)")
        let report = try project.read("reports/n.md")
        #expect(report.hasSuffix("5 rows, test positive rate 50%, 1 missing x.\n"))
        #expect(report.contains("| test | 2 | 40.0% | 50.00% | 2023-11-01T14:00:00Z | 2023-11-01T15:00:00Z |"))
        #expect(report.contains("| x | number | 1 | 20.00% |"))
        #expect(project.exists("reports/figures/n-ds-rows.svg"))
        let results = try JSONValue(parsing: project.read("reports/n.results.json"))
        #expect(results.value(at: ["ds", "symbols"]) == .number(2))
        #expect(results.value(at: ["ds", "start"]) == .string("2023-01-02T14:00:00Z"))
        #expect(results.value(at: ["ds", "groups", "train", "rows"]) == .number(2))
    }

    @Test func whereFilterSelectsRows() async throws {
        let project = try TestProject(["data/f.csv": DatasetDirectiveTests.csv,
                                       "notebooks/n.md": "---\ndata: data\n---\n```{dataset} ds\ndata: f.csv\nwhere: {split: [val, test], x: {\"<\": 1}}\n```\n{{ ds.rows }}\n"])
        defer { project.remove() }
        #expect(await project.render().succeeded)
        #expect(try project.read("reports/n.md").hasSuffix("\n2\n"))
    }

    @Test(arguments: [
        ("data: f.csv\ngroup: splt\n", 6, 8, "no column 'splt' in data/f.csv (did you mean 'split'?)"),
        ("data: g.csv\n", 5, 7, "file not found: data/g.csv"),
        ("data: f.csv\nwhere: {split: holdout}\n", 6, 8, "no rows of data/f.csv match 'where' {split: holdout} (the split is empty): `split == \"holdout\"` matches no row (values: \"train\", \"val\", \"test\")"),
        ("data: f.csv\nwhere: {splt: test}\n", 6, 9, "'where': no column 'splt' in data/f.csv (did you mean 'split'?)"),
        ("data: f.csv\nwhere: {x: {\"=>\": 1}}\n", 6, 13, "'where.x': unknown comparison '=>' (did you mean '=='?); use <, <=, >, >=, ==, !="),
        ("data: f.csv\nlabel: x\n", 6, 8, "label column 'x' of data/f.csv must hold 0 or 1, found 1.5"),
        ("data: f.csv\ntop: 0\n", 6, 6, "'top': must be at least 1, got 0"),
    ])
    func errorsAreLocated(body: String, line: Int, column: Int, message: String) async throws {
        let project = try TestProject(["data/f.csv": DatasetDirectiveTests.csv,
                                       "notebooks/n.md": "---\ndata: data\n---\n```{dataset} ds\n\(body)```\n"])
        defer { project.remove() }
        let summary = await project.render()
        let error = summary.diagnostics.first { $0.severity == .error }
        #expect(error?.message == message)
        #expect(error?.location == SourceLocation(line: line, column: column))
    }

    @Test func malformedCSVIsAnErrorWithItsLine() async throws {
        let project = try TestProject(["data/f.csv": "a,b\n1,2\n3\n",
                                       "notebooks/n.md": "```{dataset}\ndata: data/f.csv\n```\n"])
        defer { project.remove() }
        let summary = await project.render()
        let error = summary.diagnostics.first { $0.severity == .error }
        #expect(error?.message.hasPrefix("data/f.csv:3") == true, "\(String(describing: error?.message))")
        #expect(error?.location == SourceLocation(line: 2, column: 7))
    }
}
