import Foundation
import Testing
@testable import FolioNotebook

/// `drift` as a notebook block: windows, groups, boundaries, segments, references to a
/// `ks-test` result, and located errors.
@Suite(.serialized) struct DriftDirectiveTests {
    /// Three weekly windows of `x` (2023-01-02, -09, -30), a missing value and a missing time.
    static let csv = """
    timestamp,split,label,x,y,name
    2023-01-02T10:00:00Z,train,0,1,5,a
    2023-01-03T10:00:00Z,train,1,2,5,b
    2023-01-08T23:00:00Z,train,0,3,,c
    2023-01-09T00:00:00Z,val,1,10,6,d
    2023-01-10T00:00:00Z,val,0,,6,e
    2023-02-01T00:00:00Z,test,1,20,7,f
    2023-02-02T00:00:00Z,test,0,30,,g
    ,test,0,40,7,h

    """

    /// A project with one `drift` block (id `drift`) whose body starts on line 5.
    static func project(_ body: String, before: String = "", prose: String = "") throws -> TestProject {
        try TestProject(["data/f.csv": csv,
                         "notebooks/n.md": "---\ndata: data\n---\n\(before)```{drift} drift\n\(body)```\n\(prose)"])
    }

    static func render(_ body: String, before: String = "", prose: String = "") async throws -> (project: TestProject, results: JSONValue, report: String) {
        let project = try project(body, before: before, prose: prose)
        let summary = await project.render()
        #expect(summary.succeeded, "\(summary.diagnostics)")
        let results = try JSONValue(parsing: project.read("reports/n.results.json"))
        return (project, try #require(results.value(at: ["drift"])), try project.read("reports/n.md"))
    }

    @Test func weeklyWindowsBoundariesAndSegments() async throws {
        let (project, result, report) = try await Self.render("data: f.csv\nfeatures: x\n",
                                                              prose: "\nVal mean {{ drift.features.x.segments.1.mean }}.\n")
        defer { project.remove() }
        #expect(result.value(at: ["window"]) == "week")
        #expect(result.value(at: ["by"]) == .null)
        #expect(result.value(at: ["boundaries"]) == [
            ["label": "val", "after": "train", "at": "2023-01-09T00:00:00Z"],
            ["label": "test", "after": "val", "at": "2023-02-01T00:00:00Z"],
        ])
        #expect(result.value(at: ["features", "x", "windows"]) == [
            ["start": "2023-01-02", "count": 3, "mean": 2, "median": 2, "p10": 1.2, "p90": 2.8],
            ["start": "2023-01-09", "count": 1, "mean": 10, "median": 10, "p10": 10, "p90": 10],
            ["start": "2023-01-30", "count": 2, "mean": 25, "median": 25, "p10": 21, "p90": 29],
        ])
        #expect(result.value(at: ["features", "x", "segments"]) == [
            ["segment": "train", "count": 3, "mean": 2, "median": 2, "p10": 1.2, "p90": 2.8],
            ["segment": "val", "count": 1, "mean": 10, "median": 10, "p10": 10, "p90": 10],
            ["segment": "test", "count": 2, "mean": 25, "median": 25, "p10": 21, "p90": 29],
        ])
        #expect(result.value(at: ["features", "x", "missing"]) == 2)
        #expect(report.contains("`x` of `data/f.csv` by week (UTC, weeks from Monday): 3 weeks from 2023-01-02 to 2023-01-30. "
                                + "Dashed rules mark the start of `val` (2023-01-09) and `test` (2023-02-01) (the first timestamp of each `split`). "
                                + "Rows left out (empty, NaN or infinite value, or no time): `x` 2."))
        #expect(report.contains("![x: weekly mean, median and 10-90% range over time](figures/n-drift-x.svg)"))
        #expect(report.contains("| `x` | val | 1 | 10 | 10 | 10 | 10 |"))
        #expect(report.hasSuffix("Val mean 10.\n"))
        let svg = try project.read("reports/figures/n-drift-x.svg")
        #expect(svg.contains("train | val"))
        #expect(svg.contains("val | test"))
    }

    @Test func monthlyWindowsPerLabelWithGivenBoundaries() async throws {
        let (project, result, report) = try await Self.render(
            "data: f.csv\nfeatures: [x]\nwindow: month\nby: label\nboundaries: {late: 2023-01-20}\n")
        defer { project.remove() }
        #expect(result.value(at: ["by"]) == "label")
        #expect(result.value(at: ["boundaries"]) == [["label": "late", "after": "before late", "at": "2023-01-20T00:00:00Z"]])
        #expect(result.value(at: ["features", "x", "windows"]) == [
            ["group": "0", "start": "2023-01-01", "count": 2, "mean": 2, "median": 2, "p10": 1.2, "p90": 2.8],
            ["group": "0", "start": "2023-02-01", "count": 1, "mean": 30, "median": 30, "p10": 30, "p90": 30],
            ["group": "1", "start": "2023-01-01", "count": 2, "mean": 6, "median": 6, "p10": 2.8, "p90": 9.2],
            ["group": "1", "start": "2023-02-01", "count": 1, "mean": 20, "median": 20, "p10": 20, "p90": 20],
        ])
        #expect(result.value(at: ["features", "x", "segments", "0"]) == ["group": "0", "segment": "before late", "count": 2, "mean": 2, "median": 2, "p10": 1.2, "p90": 2.8])
        #expect(report.contains("| `x` | 1 | late | 1 | 20 | 20 | 20 | 20 |"))
        let svg = try project.read("reports/figures/n-drift-x.svg")
        #expect(svg.contains("label 1: mean"))
    }

    @Test func noBoundariesAndQuarters() async throws {
        let (project, result, report) = try await Self.render("data: f.csv\nfeatures: [x, y]\nwindow: quarter\nboundaries: none\n")
        defer { project.remove() }
        #expect(result.value(at: ["boundaries"]) == [])
        #expect(result.value(at: ["features", "y", "windows"]) == [["start": "2023-01-01", "count": 5, "mean": 5.8, "median": 6, "p10": 5, "p90": 6.6]])
        #expect(result.value(at: ["features", "y", "segments"]) == [["segment": "all", "count": 5, "mean": 5.8, "median": 6, "p10": 5, "p90": 6.6]])
        #expect(report.contains("No boundaries are drawn."))
        #expect(project.exists("reports/figures/n-drift-y.svg"))
    }

    @Test func featuresFromAKSTestResult() async throws {
        let (project, result, _) = try await Self.render(
            "data: f.csv\nfeatures: \"{{ shift.top }}\"\n",
            before: "```{ks-test} shift\ndata: f.csv\nfeatures: [x, y]\ntop: 1\ncharts: 0\n```\n\n")
        defer { project.remove() }
        let results = try JSONValue(parsing: project.read("reports/n.results.json"))
        let top = try #require(results.value(at: ["shift", "top", "0"])?.stringValue)
        #expect(result.value(at: ["features"])?.childNames == [top])
    }

    @Test(arguments: [
        ("data: f.csv\n", 4, 1, "missing required parameter 'features' of {drift}: The numeric columns to follow, e.g. [vol_24, atr_14_norm] or \"{{ shift.top }}\"."),
        ("data: f.csv\nfeatures: all\n", 6, 11, "'features': name the columns to plot, e.g. [vol_24, atr_14_norm]"),
        ("data: f.csv\nfeatures: [x, nme]\n", 6, 15, "'features': no column 'nme' in data/f.csv (did you mean 'name'?)"),
        ("data: f.csv\nfeatures: [name]\n", 6, 12, "'features': column 'name' of data/f.csv holds text, not numbers"),
        ("data: f.csv\nfeatures: x\nwindow: weak\n", 7, 9, "'window': unknown value 'weak' (did you mean 'week'?); expected one of: week, month, quarter"),
        ("data: f.csv\nfeatures: x\nby: lable\n", 7, 5, "'by': no column 'lable' in data/f.csv (did you mean 'label'?)"),
        ("data: f.csv\nfeatures: x\nby: timestamp\n", 7, 5, "'by': column 'timestamp' of data/f.csv holds timestamps; group by a text or number column (e.g. split or label)"),
        ("data: f.csv\nfeatures: x\ntime: y\n", 7, 7, "column 'y' of data/f.csv: holds numbers, not ISO 8601 timestamps"),
        ("data: f.csv\nfeatures: x\nboundaries: splt\n", 7, 13, "'boundaries': no column 'splt' in data/f.csv (did you mean 'split'?)"),
        ("data: f.csv\nfeatures: x\nboundaries: {val: soon}\n", 7, 19, "'boundaries.val': expected an ISO 8601 time such as 2023-04-01 or 2023-04-01T00:00:00Z"),
        ("data: f.csv\nfeatures: x\nwhere: {name: e}\n", 6, 11, "feature 'x' has no value with a time: all 1 rows are empty, NaN or infinite, or have no time"),
        ("data: f.csv\nfeatures: x\nwhere: {name: z}\n", 7, 8, "no rows of data/f.csv match 'where' {name: z} (the split is empty): `name == \"z\"` matches no row (values: \"a\", \"b\", \"c\", \"d\", \"e\", \"f\", \"g\", \"h\"; did you mean \"a\"?)"),
    ])
    func errorsAreLocated(body: String, line: Int, column: Int, message: String) async throws {
        let project = try Self.project(body)
        defer { project.remove() }
        let summary = await project.render()
        let error = summary.diagnostics.first { $0.severity == .error }
        #expect(error?.message == message)
        #expect(error?.location == SourceLocation(line: line, column: column))
    }
}
