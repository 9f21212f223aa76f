import Foundation
import Testing
@testable import FolioNotebook

/// What `folio check` finds without computing (issue 11, item 7): references in prose,
/// format specs, summary templates, `needs:`, and every invalid parameter of a block.
@Suite(.serialized) struct CheckTests {
    /// The check's errors as `line:column: message`, without the staleness line.
    static func errors(_ summary: Checker.Summary) -> [String] {
        summary.diagnostics.filter { $0.severity == .error && !$0.message.hasPrefix("report ") }
            .map { "\($0.path):\($0.location.line):\($0.location.column): \($0.message)" }
    }

    struct ProseCase: Sendable, CustomTestStringConvertible {
        var prose: String
        var expected: [String]
        var testDescription: String { prose }
    }

    /// `e` is rendered (its result recorded), `s` is added after the render (no result
    /// recorded: its directive's documented keys apply).
    @Test(arguments: [
        ProseCase(prose: "{{ e.value.rows }}, {{ s.total | .2f }}, {{ s.count }}, {{ params.k }}, `{{ nope }}`", expected: []),
        ProseCase(prose: "Rows {{ nope.rows }}.", expected: ["notebooks/n.md:10:6: unknown id 'nope'"]),
        ProseCase(prose: "Rows\n{{ e.value.rosw }}.", expected: [
            "notebooks/n.md:11:1: no 'rosw' in e.value (did you mean 'rows'?); available: rows (results recorded in reports/n.results.json)",
        ]),
        ProseCase(prose: "Sum {{ s.totl }}.", expected: [
            "notebooks/n.md:10:5: no 'totl' in the results of {sum} s (did you mean 'total'?); its results have: total, count (see `folio directives sum`)",
        ]),
        ProseCase(prose: "{{ e.value.rows | .3q }} and {{ params.kk }} and {{ s.count | }}", expected: [
            "notebooks/n.md:10:1: unknown format '.3q' (use .3f, %, .1%, ,d, d, .2e)",
            "notebooks/n.md:10:30: no 'kk' in params (did you mean 'k'?); available: k",
            "notebooks/n.md:10:50: unknown format '' (use .3f, %, .1%, ,d, d, .2e)",
        ]),
        ProseCase(prose: "Open {{ e.value", expected: ["notebooks/n.md:10:6: unclosed '{{': add '}}'"]),
    ])
    func proseReferencesAreChecked(_ testCase: ProseCase) async throws {
        let head = "---\nparams: {k: 1}\n---\n```{echo} e\nvalue: {rows: 3}\n```\n"
        let project = try TestProject(["notebooks/n.md": head, "a.txt": "1\n"])
        defer { project.remove() }
        #expect(await project.render().succeeded)
        try project.write("notebooks/n.md", head + "```{sum} s\nfile: a.txt\n```\n" + testCase.prose + "\n")
        let summary = project.check()
        #expect(CheckTests.errors(summary) == testCase.expected)
        #expect(SumDirective.runs(in: project) == 0)
    }

    @Test(arguments: [
        ("MODEL.roc_auc, average_precision", ["MODEL.roc_auc", "MODEL.average_precision"]),
        ("mismatches.count, .compared, .agreement", ["mismatches.count", "mismatches.compared", "mismatches.agreement"]),
        ("start, end", ["start", "end"]),
        ("period.from, period.to, period.bars", ["period.from", "period.to", "period.bars"]),
        ("MODEL.ci.f1|roc_auc.lower|upper", ["MODEL.ci.f1|roc_auc.lower|upper"]),
    ])
    func resultKeySpecShorthandExpands(spec: String, paths: [String]) {
        #expect(ResultKeySpec(spec, "").paths.map { $0.map { $0.joined(separator: "|") }.joined(separator: ".") } == paths)
    }

    @Test(arguments: [
        (["mlp", "ci", "roc_auc", "upper"], true), (["mlp", "ci", "auc"], false), (["gru", "f1"], true),
        (["best"], true), (["rows"], true), (["mlp", "confusion", "tp"], true), (["delong", "mlp_vs_gru"], true),
    ])
    func documentedEvaluateKeys(keys: [String], documented: Bool) {
        #expect(EvaluateDirective.resultKeys.contains { $0.documents(keys) } == documented)
    }

    @Test func resultsOfARemovedBlockDoNotCount() async throws {
        let project = try TestProject(["notebooks/n.md": "```{echo} old\nvalue: 1\n```\n{{ old.value }}\n"])
        defer { project.remove() }
        #expect(await project.render().succeeded)
        try project.write("notebooks/n.md", "Gone: {{ old.value }}\n")
        #expect(CheckTests.errors(project.check()) == ["notebooks/n.md:1:7: unknown id 'old'"])
    }

    @Test func needsNamingNoReportIsAnError() async throws {
        let project = try TestProject([
            "notebooks/a.md": "---\nneeds: [b, c, shfit]\n---\nA\n",
            "notebooks/b.md": "B\n",
            "reports/old/shift.results.json": "{}\n",
        ])
        defer { project.remove() }
        // b is part of the check, shift was rendered before; c is nowhere.
        #expect(CheckTests.errors(project.check()) == [
            "notebooks/a.md:2:12: 'needs': no report 'c' (did you mean 'a'?): no notebook writes it and no reports/**/c.results.json exists",
            "notebooks/a.md:2:15: 'needs': no report 'shfit' (did you mean 'shift'?): no notebook writes it and no reports/**/shfit.results.json exists",
        ])
    }

    @Test func summaryTemplatesAreChecked() async throws {
        let project = try TestProject([
            "notebooks/z_eval.md": "```{echo} eval\nvalue: {f1: 0.3551, models: [{name: mlp}]}\n```\n",
            "notebooks/a_summary.md": "# Summary\n\n```{summary}\ntemplate: exec.mustache\n```\n",
            "templates/exec.mustache": "F1 {{f3(z_eval.eval.value.f1)}}\n",
        ])
        defer { project.remove() }
        #expect(await project.render().succeeded)
        try project.write("notebooks/later.md", "Not rendered yet\n")
        try project.write("templates/exec.mustache", """
            F1 {{f3(z_eval.eval.value.f2)}}, {{z_evl.eval.value.f1}}, {{later.x.y}}
            {{#z_eval.eval.value.models}}{{nme}}{{/z_eval.eval.value.models}}
            {{#z_eval.eval.value}}{{f1}}{{/z_eval.eval}}
            {{#z_eval.eval}}open

            """)
        let prefix = "notebooks/a_summary.md:4:11: templates/exec.mustache:"
        #expect(CheckTests.errors(project.check()) == [
            prefix + "1:4: no value for 'z_eval.eval.value.f2': no 'f2' in z_eval.eval.value (did you mean 'f1'?); available: f1, models",
            prefix + "1:34: no value for 'z_evl.eval.value.f1': no 'z_evl' in the reports (did you mean 'z_eval'?); available: z_eval",
            prefix + "1:59: no value for 'later.x.y': report 'later' has no results yet (render it first)",
            prefix + "2:30: no value for 'nme': no 'nme' in the section's value (did you mean 'name'?); available: name",
            prefix + "3:1: section 'z_eval.eval.value' is never closed: add '{{/z_eval.eval.value}}'",
            prefix + "3:29: '{{/z_eval.eval}}' closes no open section; the open section is 'z_eval.eval.value' (line 3, column 1)",
            prefix + "4:1: section 'z_eval.eval' is never closed: add '{{/z_eval.eval}}'",
        ])
    }

    @Test func everyInvalidParameterIsReported() async throws {
        let project = try TestProject([
            "data/s.csv": "label,mlp\n1,0.9\n0,0.1\n",
            "notebooks/n.md": "```{evaluate} ev\ndata: data/s.csv\nmodls: [mlp]\nbins: many\nthreshold: 2\ndelong: maybe\ncolour: red\nshow: [table, nope]\n```\n",
        ])
        defer { project.remove() }
        let expected = [
            "notebooks/n.md:3:1: unknown parameter 'modls' (did you mean 'models'?); expected one of: data, where, models, label, threshold, bins, calibration, bootstrap, confidence, seed, delong, expect, tolerance, show",
            "notebooks/n.md:4:7: 'bins': expected a finite number",
            "notebooks/n.md:5:12: 'threshold': must be between 0 and 1, got 2",
            "notebooks/n.md:6:9: 'delong': expected true or false",
            "notebooks/n.md:7:1: unknown parameter 'colour'; expected one of: data, where, models, label, threshold, bins, calibration, bootstrap, confidence, seed, delong, expect, tolerance, show",
            "notebooks/n.md:8:8: 'show': unknown part 'table'; expected a list of: metrics, intervals, delong, confusion, charts, checks",
        ]
        #expect(CheckTests.errors(project.check()) == expected)
        // Rendering reports them all too, and the callout lists them.
        let summary = await project.render()
        #expect(CheckTests.errors(Checker.Summary(diagnostics: summary.diagnostics)) == expected)
        #expect(try project.read("reports/n.md").contains("> - at `4:7`: 'bins': expected a finite number\n"))
    }

    @Test func missingRequiredParameterIsReportedOnce() async throws {
        let project = try TestProject(["notebooks/n.md": "```{sum}\nscale: x\nfiel: a.txt\n```\n"])
        defer { project.remove() }
        #expect(CheckTests.errors(project.check()) == [
            "notebooks/n.md:1:1: missing required parameter 'file' of {sum}: A file of numbers, one per line.",
            "notebooks/n.md:3:1: unknown parameter 'fiel' (did you mean 'file'?); expected one of: file, scale",
        ])
    }

    @Test func nestedUnknownKeysAreAllReported() async throws {
        let project = try TestProject([
            "data/s.csv": "label,mlp,split\n1,0.9,a\n0,0.1,b\n",
            "notebooks/n.md": "```{ks-test} k\ndata: data/s.csv\ncompare: {column: split, a: a, b: b, c: x, d: y}\n```\n",
        ])
        defer { project.remove() }
        let errors = CheckTests.errors(project.check())
        #expect(errors.filter { $0.contains("unknown key in 'compare'") }.count == 2, "\(errors)")
    }
}
