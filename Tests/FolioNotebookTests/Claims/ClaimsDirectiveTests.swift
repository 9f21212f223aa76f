import Foundation
import Testing
@testable import FolioNotebook

/// The `claims` block in a render: tables, callouts, exit status, results used by prose,
/// error locations, other reports, and `folio check`.
@Suite struct ClaimsDirectiveTests {
    static let echo = "```{echo} e\nvalue: {auc: 0.61, f1: 0.3, table: [{f1: 0.1}, {f1: 0.25}]}\n```\n\n"

    static func claims(_ body: String) -> String { echo + "```{claims} c\n" + body + "```\n\nAll: {{ c.all_hold }}; good: {{ c.good.holds }}.\n" }

    @Test func holdingClaimsRenderATableAndResults() async throws {
        let project = try TestProject(["notebooks/a.md": ClaimsDirectiveTests.claims("""
        - id: good
          that: e.value.auc > 0.6 and e.value.table[1].f1 >= 0.25
          says: The model ranks better than chance.

        """)])
        defer { project.remove() }
        let summary = await project.render()
        #expect(summary.succeeded, "\(summary.diagnostics.map(\.rendered))")
        let report = try project.read("reports/a.md")
        #expect(report.contains("1 of 1 claims hold."))
        #expect(report.contains("| `good` | The model ranks better than chance. | `e.value.auc` = 0.61, `e.value.table[1].f1` = 0.25 | yes |"))
        #expect(report.contains("All: true; good: true."))
        #expect(!report.contains("[!CAUTION]"))
        let results = try project.read("reports/a.results.json")
        #expect(results.contains("\"all_hold\": true"))
    }

    @Test func aFailingClaimFailsTheRenderButKeepsItsResult() async throws {
        let project = try TestProject(["notebooks/a.md": ClaimsDirectiveTests.claims("""
        - id: good
          that: e.value.f1 > 0.5
          says: F1 above one half.

        """)])
        defer { project.remove() }
        let summary = await project.render()
        #expect(!summary.succeeded)
        let error = try #require(summary.diagnostics.first { $0.severity == .error })
        #expect(error.message == "claim 'good' does not hold: F1 above one half. (`e.value.f1` = 0.3)")
        #expect(error.location == SourceLocation(line: 5, column: 1))
        let report = try project.read("reports/a.md")
        #expect(report.contains("> [!CAUTION]\n> **Claim `good` does not hold:** F1 above one half.\n>\n> `e.value.f1 > 0.5` read `e.value.f1` = 0.3.\n"))
        #expect(report.contains("All: false; good: false."))
        #expect(report.contains("| **no** |"))
    }

    @Test func aWarningClaimWarnsAndExitsZero() async throws {
        let project = try TestProject(["notebooks/a.md": ClaimsDirectiveTests.claims("""
        - id: good
          that: "abs(e.value.auc - e.value.f1) < 0.1"
          says: Close.
          severity: warn

        """)])
        defer { project.remove() }
        let summary = await project.render()
        #expect(summary.succeeded)
        #expect(summary.diagnostics.contains { $0.severity == .warning && $0.message.contains("claim 'good' does not hold: Close.") })
        #expect(try project.read("reports/a.md").contains("> [!WARNING]\n> **Claim `good` does not hold:** Close."))
    }

    /// Errors point at the character of the expression: plain and quoted scalars.
    @Test(arguments: [
        ("  that: e.value.acu > 0.6\n", "no 'acu' in e.value (did you mean 'auc'?)", 7, 17),
        ("  that: \"e.value.auc > > 1\"\n", "expected a value, found '>'", 7, 24),
        ("  that: e.value.auc + 'x' > 1\n", "'+' needs a number, got a string", 7, 23),
        ("  that: nope.x > 1\n", "unknown id 'nope'", 7, 9),
        ("  that: e.value.auc\n", "a claim must be true or false, this is a number", 7, 9),
    ] as [(String, String, Int, Int)])
    func errorsAreLocatedAtTheCharacter(_ that: String, _ message: String, _ line: Int, _ column: Int) async throws {
        let project = try TestProject(["notebooks/a.md": ClaimsDirectiveTests.echo + "```{claims} c\n- id: good\n" + that + "  says: S.\n```\n"])
        defer { project.remove() }
        let summary = await project.render()
        let error = try #require(summary.diagnostics.first { $0.severity == .error })
        #expect(error.message.contains(message), "\(error.message)")
        #expect(error.location == SourceLocation(line: line, column: column), "\(error.rendered)")
    }

    @Test(arguments: [
        ("- id: a\n  that: 1 < 2\n", "missing", "says"),
        ("- id: a\n  that: 1 < 2\n  says: x\n  severity: loud\n", "severity", "fail"),
        ("- id: a\n  that: 1 < 2\n  says: x\n  sayz: y\n", "sayz", "says"),
        ("- id: a\n  that: 1 < 2\n  says: x\n- id: a\n  that: 1 < 2\n  says: y\n", "duplicate claim id 'a'", ""),
        ("- id: all_hold\n  that: 1 < 2\n  says: x\n", "is a key of the result", ""),
        ("[]\n", "give at least one claim", ""),
    ] as [(String, String, String)])
    func badBlocks(_ body: String, _ message: String, _ more: String) async throws {
        let project = try TestProject(["notebooks/a.md": "```{claims} c\n" + body + "```\n"])
        defer { project.remove() }
        let summary = await project.render()
        let errors = summary.diagnostics.filter { $0.severity == .error }.map(\.message)
        #expect(errors.contains { $0.contains(message) && (more.isEmpty || $0.contains(more)) }, "\(errors)")
    }

    @Test func claimsReadOtherReportsAndRenderAfterThem() async throws {
        let project = try TestProject([
            "notebooks/z_source.md": "```{echo} e\nvalue: {ret: -0.2}\n```\n",
            "notebooks/a_summary.md": "```{claims} c\n- id: loss\n  that: z_source.e.value.ret < 0\n  says: It loses money.\n```\n",
        ])
        defer { project.remove() }
        let summary = await project.render()
        #expect(summary.succeeded, "\(summary.diagnostics.map(\.rendered))")
        #expect(summary.reports.map(\.lastPathComponent) == ["z_source.md", "a_summary.md"])
        #expect(try project.read("reports/a_summary.md").contains("`z_source.e.value.ret` = -0.2"))
    }

    @Test func checkFindsClaimsThatNoLongerHoldAgainstRecordedResults() async throws {
        let project = try TestProject(["notebooks/a.md": ClaimsDirectiveTests.claims("""
        - id: good
          that: e.value.auc > 0.6
          says: Good.

        """)])
        defer { project.remove() }
        #expect(await project.render().succeeded)
        #expect(project.check().succeeded)
        // The recorded results change (as if the data had): check says the claim no longer holds.
        let results = try project.read("reports/a.results.json").replacingOccurrences(of: "\"auc\": 0.61", with: "\"auc\": 0.55")
        try project.write("reports/a.results.json", results)
        let check = project.check()
        #expect(check.diagnostics.contains { $0.message.contains("claim 'good' no longer holds: Good. (`e.value.auc` = 0.55)") },
                "\(check.diagnostics.map(\.rendered))")
        // A typo is found without rendering.
        try project.write("notebooks/a.md", ClaimsDirectiveTests.claims("- id: good\n  that: e.value.acu > 0.6\n  says: Good.\n"))
        #expect(project.check().diagnostics.contains { $0.message.contains("no 'acu' in e.value") })
    }

    @Test func documentationDescribesTheLanguage() {
        let text = DirectiveDocumentation.text(for: ClaimsDirective.self)
        #expect(text.contains("Precedence, lowest first"))
        #expect(text.contains("ID.holds"))
    }

    @Test func anEmptyListReadsAsSuch() {
        let text = ClaimsDirective.valueList([("imp.consensus", .array([])), ("imp.flagged", .strings(["ret_1", "macd"]))])
        #expect(text == "`imp.consensus` = (empty list), `imp.flagged` = ret_1, macd")
    }
}
