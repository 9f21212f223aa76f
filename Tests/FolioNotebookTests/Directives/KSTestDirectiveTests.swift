import Foundation
import Testing
@testable import FolioNotebook
import FolioCompute

/// `ks-test` as a notebook block: parameters, defaults, result keys, fragment and errors.
/// The statistics are checked against scipy on `Fixtures/shift` (see its `generate.py`).
@Suite(.serialized) struct KSTestDirectiveTests {
    static func fixture(_ name: String) throws -> String {
        let url = try #require(Bundle.module.resourceURL).appendingPathComponent("Fixtures/shift/\(name)")
        return try String(contentsOf: url, encoding: .utf8)
    }

    static let expected: JSONValue = {
        (try? JSONValue(parsing: fixture("expected.json"))) ?? .null
    }()

    /// A project with the fixture as `data/f.csv` and one `ks-test` block with id `shift`
    /// whose body starts on line 5.
    static func project(_ body: String, prose: String = "") throws -> TestProject {
        try TestProject(["data/f.csv": fixture("features.csv"),
                         "notebooks/n.md": "---\ndata: data\n---\n```{ks-test} shift\n\(body)```\n\(prose)"])
    }

    static func render(_ body: String, prose: String = "") async throws -> (project: TestProject, results: JSONValue, report: String) {
        let project = try project(body, prose: prose)
        let summary = await project.render()
        #expect(summary.succeeded, "\(summary.diagnostics)")
        let results = try JSONValue(parsing: project.read("reports/n.results.json"))
        return (project, try #require(results.value(at: ["shift"])), try project.read("reports/n.md"))
    }

    static func row(_ result: JSONValue, _ feature: String) -> JSONValue? {
        guard case .array(let rows)? = result.value(at: ["features"]) else { return nil }
        return rows.first { $0.value(at: ["feature"]) == .string(feature) }
    }

    static func close(_ x: Double?, _ y: Double?, _ tolerance: Double = 1e-9) -> Bool {
        guard let x, let y else { return false }
        return abs(x - y) <= tolerance * max(abs(x), abs(y)) + 1e-300
    }

    /// Every number of the rows of `features` against scipy/numpy.
    static func expectMatches(_ result: JSONValue, case key: String, adjusted: String = "p_adjusted_bh", sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        for feature in ["goog", "normal20", "ties"] {
            let row = Self.row(result, feature)
            #expect(row != nil, "no row for \(feature)", sourceLocation: sourceLocation)
            let reference = expected.value(at: [key, feature])
            for (name, source, tolerance) in [("n_a", "n_a", 0.0), ("n_b", "n_b", 0), ("statistic", "statistic", 1e-12),
                                              ("p_value", "p_value", 1e-9), ("p_adjusted", adjusted, 1e-9), ("psi", "psi", 1e-12),
                                              ("wasserstein", "wasserstein", 1e-12), ("mean_a", "mean_a", 1e-12), ("mean_b", "mean_b", 1e-12),
                                              ("std_a", "std_a", 1e-12), ("std_b", "std_b", 1e-12)] {
                let actual = row?.value(at: [name])?.doubleValue
                let wanted = reference?.value(at: [source])?.doubleValue
                #expect(close(actual, wanted, tolerance), "\(feature).\(name): \(String(describing: actual)) != \(String(describing: wanted))",
                        sourceLocation: sourceLocation)
            }
        }
    }

    @Test func matchesScipyOnEveryFeature() async throws {
        let (project, result, report) = try await Self.render("data: f.csv\nfeatures: [goog, normal20, ties]\n")
        defer { project.remove() }
        Self.expectMatches(result, case: "all")
        // Missing cells are dropped per feature and counted.
        #expect(result.value(at: ["missing", "normal20"]) == ["a": 1053, "b": 1054])
        #expect(result.value(at: ["missing", "goog"]) == nil)
        #expect(report.contains("Empty, NaN or infinite values were dropped per feature: `ties` 1,067 in train, 1,067 in val; `normal20` 1,053 in train, 1,054 in val."))
        #expect(result.value(at: ["n_a"]) == 1073)
        #expect(result.value(at: ["n_b"]) == 1074)
    }

    @Test func positiveClassOnly() async throws {
        let (project, result, report) = try await Self.render("data: f.csv\nfeatures: [goog, normal20, ties]\npositive_only: true\n")
        defer { project.remove() }
        Self.expectMatches(result, case: "positive")
        #expect(report.contains("positive class only (`label` = 1)"))
    }

    @Test func alternativeMethodAndAdjustmentArePassedOn() async throws {
        let (project, result, report) = try await Self.render(
            "data: f.csv\nfeatures: [goog, normal20, ties]\nalternative: less\nmethod: asymp\nadjust: bonferroni\n")
        defer { project.remove() }
        for feature in ["goog", "normal20", "ties"] {
            let row = Self.row(result, feature)
            let reference = Self.expected.value(at: ["less_asymp", feature])
            #expect(Self.close(row?.value(at: ["statistic"])?.doubleValue, reference?.value(at: ["statistic"])?.doubleValue, 1e-12))
            #expect(Self.close(row?.value(at: ["p_value"])?.doubleValue, reference?.value(at: ["p_value"])?.doubleValue))
        }
        Self.expectMatches(try await Self.render("data: f.csv\nfeatures: [goog, normal20, ties]\nadjust: bonferroni\n").results,
                           case: "all", adjusted: "p_adjusted_bonferroni")
        #expect(report.contains("one-sided (`less`) KS test with asymptotic p-values, Bonferroni adjusted across features."))
    }

    @Test func defaultsRankResultKeysAndFragment() async throws {
        let (project, result, report) = try await Self.render("data: f.csv\nexclude: train_only\ntop: 2\n",
                                                              prose: "\nTop: {{ shift.top.0 }}; shifted: {{ shift.shifted }}.\n")
        defer { project.remove() }
        // `all` takes the numeric columns but the label and the compare column.
        guard case .array(let rows)? = result.value(at: ["features"]) else { Issue.record("no features"); return }
        #expect(rows.map { $0.value(at: ["feature"]) } == ["ties", "normal20", "goog"])
        // Each row holds exactly the documented keys, in order.
        if case .object(let first)? = rows.first {
            #expect(first.keys == ["feature", "n_a", "n_b", "statistic", "p_value", "p_adjusted", "psi", "psi_band", "wasserstein",
                                   "mean_a", "mean_b", "std_a", "std_b"])
        }
        #expect(result.value(at: ["top"]) == ["ties", "normal20"])
        // PSI: goog 0.106 (moderate), normal20 1.79 and ties 2.79 (major).
        #expect(result.value(at: ["shifted"]) == ["ties", "normal20", "goog"])
        #expect(Self.row(result, "goog")?.value(at: ["psi_band"]) == "moderate")
        #expect(result.value(at: ["significant"]) == 1)
        if case .object(let object) = result {
            #expect(object.keys == ["features", "top", "shifted", "n_a", "n_b", "significant", "missing"])
        }
        #expect(report.contains("**train** (1,073 rows) against **val** (1,074 rows) of `data/f.csv`, `split`: 3 features, two-sided KS test with exact p-values, Benjamini-Hochberg adjusted across features."))
        #expect(report.contains("1 of 3 features has an adjusted p-value below 0.05. Features are ranked by effect size, the KS statistic D."))
        #expect(report.contains("The largest shifts: `ties` (D = 0.429, PSI 2.790), `normal20` (D = 0.300, PSI 1.793) and `goog` (D = 0.078, PSI 0.106). All 3 features are over the PSI band of 0.1 (2 of them major, over 0.25): `ties`, `normal20` and `goog`."))
        #expect(report.contains("The 2 features with the largest D (all 3 are in the results):"))
        #expect(report.contains("| 1 | `ties` | 6 | 7 | 0.429 | 0.434 | 0.434 | 2.790 | **major** | 1.595 | 2.833 | 4.429 | 1.472 | 2.507 |"))
        #expect(!report.contains("| 3 | `goog`"))
        #expect(report.contains("![KS statistic and PSI per feature, train vs val](figures/n-shift-overview.svg)"))
        #expect(report.contains("(figures/n-shift-distributions.svg)"))
        #expect(report.hasSuffix("Top: ties; shifted: ties, normal20, goog.\n"))
        #expect(project.exists("reports/figures/n-shift-overview.svg"))
        let grid = try project.read("reports/figures/n-shift-distributions.svg")
        #expect(grid.contains("ties: ECDF, D = 0.429"))
        #expect(grid.contains("goog: density"))
        // Densities as step outlines, the second sample dashed, no translucent fills to hide one behind the other.
        #expect(!grid.contains("fill-opacity"))
        #expect(grid.contains("stroke-dasharray=\"6 4\""))
    }

    @Test func rankByPSIAndMajorBandAndNoCharts() async throws {
        let (project, result, report) = try await Self.render(
            "data: f.csv\nfeatures: [goog, normal20]\nrank_by: psi\nshift_band: major\ncharts: 0\ncompare: {column: split, a: val, b: train}\n")
        defer { project.remove() }
        #expect(result.value(at: ["top"]) == ["normal20", "goog"])
        #expect(result.value(at: ["shifted"]) == ["normal20"])
        #expect(report.contains("1 of 2 features has a major shift (PSI over 0.25): `normal20`."))
        #expect(report.contains("Every feature, largest PSI first:"))
        #expect(!project.exists("reports/figures/n-shift-distributions.svg"))
        // Groups swapped: a is val.
        #expect(result.value(at: ["n_a"]) == 1074)
    }

    @Test func compareByANumberColumn() async throws {
        let (project, result, _) = try await Self.render("data: f.csv\nfeatures: goog\ncompare: {column: label, a: 0, b: 1}\ncharts: 1\n")
        defer { project.remove() }
        // 1,073 + 1,074 + 5 rows, every third one positive.
        #expect(Self.row(result, "goog")?.value(at: ["n_b"]) == 718)
        #expect(result.value(at: ["n_a"]) == 1434)
    }

    @Test func degenerateFeaturesRender() async throws {
        // A constant feature, one value per group, and infinities (dropped like NaN).
        let csv = "split,label,c,one,inf\ntrain,0,1,1,1\ntrain,1,1,,inf\ntrain,0,1,,2\nval,1,1,3,-inf\nval,0,1,,3\nval,1,1,,4\n"
        let project = try TestProject(["data/f.csv": csv, "notebooks/n.md": "---\ndata: data\n---\n```{ks-test} shift\ndata: f.csv\n```\n"])
        defer { project.remove() }
        let summary = await project.render()
        #expect(summary.succeeded, "\(summary.diagnostics)")
        let result = try #require(try JSONValue(parsing: project.read("reports/n.results.json")).value(at: ["shift"]))
        #expect(Self.row(result, "c")?.value(at: ["statistic"]) == 0)
        #expect(Self.row(result, "c")?.value(at: ["psi"]) == 0)
        #expect(Self.row(result, "one")?.value(at: ["std_a"]) == .null)
        #expect(result.value(at: ["missing", "inf"]) == ["a": 1, "b": 1])
        let report = try project.read("reports/n.md")
        #expect(report.contains("| 2 | `one` | 1 | 1 | 1.000 | 1.000 | 1.000 | 0.000 | stable | 2 | 1 | 3 | – | – |"))
        #expect(report.contains("1 of 3 features is over the PSI band of 0.1 (a major shift, over 0.25): `inf`."))
        #expect(project.exists("reports/figures/n-shift-distributions.svg"))
    }

    @Test func pooledOrderStatistics() throws {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<200 {
            let a = (0..<Int.random(in: 1...12, using: &generator)).map { _ in Double(Int.random(in: 0...6, using: &generator)) }.sorted()
            let b = (0..<Int.random(in: 1...12, using: &generator)).map { _ in Double(Int.random(in: 0...6, using: &generator)) }.sorted()
            let pooled = (a + b).sorted()
            for k in pooled.indices {
                #expect(DisplayRange.pooledElement(a, b, k) == pooled[k], "\(a) \(b) k=\(k)")
            }
        }
        // The range keeps a small sample's extremes.
        let range = DisplayRange(try SortedSample([1, 2, 3]), try SortedSample([4, 5, 6, 7]))
        #expect(range.low == 1 && range.high == 7)
    }

    @Test(arguments: [
        ("data: f.csv\nfeatures: [goog, symbl]\n", 6, 18, "'features': no column 'symbl' in data/f.csv (did you mean 'symbol'?)"),
        ("data: f.csv\nfeatures: [goog, symbol]\n", 6, 18, "'features': column 'symbol' of data/f.csv holds text, not numbers"),
        ("data: f.csv\nfeatures: [gogo]\n", 6, 12, "'features': no column 'gogo' in data/f.csv (did you mean 'goog'?)"),
        ("data: f.csv\nexclude: [gooog]\n", 6, 11, "'exclude': no column 'gooog' in data/f.csv (did you mean 'goog'?)"),
        ("data: f.csv\nfeatures: [goog, goog]\n", 6, 18, "'features': 'goog' is listed twice"),
        ("data: f.csv\nfeatures: [train_only]\n", 6, 12, "feature 'train_only' has no value where split = 'val': all 1074 of its rows are empty, NaN or infinite"),
        ("data: f.csv\ncompare: {column: splt}\n", 6, 19, "'compare.column': no column 'splt' in data/f.csv (did you mean 'split'?)"),
        ("data: f.csv\ncompare: {column: split, a: trian}\n", 6, 29, "'compare.a': no row of data/f.csv has split = 'trian' (did you mean 'train'?); values: 'train', 'val', 'test'"),
        ("data: f.csv\ncompare: {a: val}\n", 6, 10, "'compare.b': both groups are 'val'; compare two different values of 'split'"),
        ("data: f.csv\ncompare: {column: split, c: val}\n", 6, 26, "unknown key in 'compare' 'c' (did you mean 'a'?); expected one of: column, a, b"),
        ("data: f.csv\ncompare: {column: timestamp}\n", 6, 19, "'compare.column': column 'timestamp' of data/f.csv holds timestamps; compare two values of a text or number column (e.g. split)"),
        ("data: f.csv\ncompare: {column: label, a: 0, b: yes}\n", 6, 35, "'compare.b': column 'label' holds numbers; 'yes' is not one"),
        ("data: f.csv\nwhere: {split: train}\n", 6, 8, "'compare.b': no row of data/f.csv has split = 'val' among the rows 'where' {split: train} keeps (the group is empty)"),
        ("data: f.csv\npositive_only: true\nlabel: goog\n", 7, 8, "label column 'goog' of data/f.csv must hold 0 or 1 for 'positive_only', found 0.07643306679153916"),
        ("data: f.csv\npositive_only: true\nlabel: symbol\n", 7, 8, "column 'symbol' of data/f.csv holds text, not numbers: \"AAA\" at data/f.csv:2:22 (row 1) is not a number (2152 of 2152 rows)"),
        ("data: f.csv\npositive_only: yes please\n", 6, 16, "'positive_only': expected true or false"),
        ("data: f.csv\nmethod: exakt\n", 6, 9, "'method': unknown value 'exakt' (did you mean 'exact'?); expected one of: auto, exact, asymp"),
        ("data: f.csv\nalternative: two_sided\n", 6, 14, "'alternative': unknown value 'two_sided' (did you mean 'two-sided'?); expected one of: two-sided, less, greater"),
        ("data: f.csv\nadjust: bhh\n", 6, 9, "'adjust': unknown value 'bhh' (did you mean 'bh'?); expected one of: bh, bonferroni, none"),
        ("data: f.csv\nrank_by: psii\n", 6, 10, "'rank_by': unknown value 'psii' (did you mean 'psi'?); expected one of: statistic, psi"),
        ("data: f.csv\ntop: 0\n", 6, 6, "'top': must be at least 1, got 0"),
        ("data: f.csv\ncharts: -1\n", 6, 9, "'charts': must be between 0 and 24, got -1"),
        ("data: f.csv\npsi_bins: 1\n", 6, 11, "'psi_bins': must be between 2 and 1000, got 1"),
        ("data: f.csv\nfeature: [goog]\n", 6, 1, "unknown parameter 'feature' (did you mean 'features'?); expected one of: data, where, features, exclude, compare, positive_only, label, method, alternative, adjust, rank_by, top, charts, psi_bins, shift_band"),
        ("data: g.csv\n", 5, 7, "file not found: data/g.csv"),
    ])
    func errorsAreLocated(body: String, line: Int, column: Int, message: String) async throws {
        let project = try Self.project(body)
        defer { project.remove() }
        let summary = await project.render()
        let error = summary.diagnostics.first { $0.severity == .error }
        #expect(error?.message == message)
        #expect(error?.location == SourceLocation(line: line, column: column))
    }

    @Test func checkFindsMissingColumnsWithoutComputing() throws {
        let project = try Self.project("data: f.csv\nfeatures: [goog, vol]\ncompare: {column: splits}\n")
        defer { project.remove() }
        let summary = project.check()
        let error = summary.diagnostics.first { $0.severity == .error }
        #expect(error?.message == "no column 'vol' in data/f.csv")
        #expect(error?.location == SourceLocation(line: 6, column: 18))
    }
}
