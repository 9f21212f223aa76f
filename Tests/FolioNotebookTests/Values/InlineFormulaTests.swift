import Foundation
import Testing
@testable import FolioNotebook

/// `{{ formula | format }}` in prose and in parameters: the claims language over results, so
/// that a sentence can state a range or a difference that stays true when the numbers move.
@Suite struct InlineFormulaTests {
    static let echo = "```{echo} e\nvalue: {auc: 0.61, f1: 0.3, gru: 0.615, name: gru, table: [{f1: 0.1}, {f1: 0.25}]}\n```\n\n"

    static func render(_ prose: String) async throws -> (summary: RenderSession.Summary, report: String) {
        let project = try TestProject(["notebooks/a.md": echo + prose])
        defer { project.remove() }
        let summary = await project.render()
        return (summary, try project.read("reports/a.md"))
    }

    @Test(arguments: [
        ("{{ max(e.value.auc, e.value.gru) - e.value.f1 | .3f }}", "0.315"),
        ("{{ min(e.value.auc, e.value.gru) | .3f }} to {{ max(e.value.auc, e.value.gru) | .3f }}", "0.610 to 0.615"),
        ("{{ e.value.gru > e.value.auc }}", "true"),
        ("{{ e.value.table[1].f1 * 100 | .1f }}", "25.0"),
        ("{{ (e.value.auc + e.value.gru) / 2 | .4f }}", "0.6125"),
        ("{{ len(e.value.table) }}", "2"),
        ("{{ e.value.name == 'gru' and not e.value.f1 > 0.5 }}", "true"),
        // A plain path still reads as before, hyphens and all.
        ("{{ e.value.auc | .2f }}", "0.61"),
    ])
    func formulasInProse(_ prose: String, _ expected: String) async throws {
        let (summary, report) = try await InlineFormulaTests.render("Value: \(prose).\n")
        #expect(summary.succeeded, "\(summary.diagnostics.map(\.rendered))")
        #expect(report.contains("Value: \(expected).\n"), "\(report)")
    }

    /// Errors are located at the character of the formula, on the prose line (line 5).
    @Test(arguments: [
        ("x {{ e.value.acu + 1 }}", "no 'acu' in e.value (did you mean 'auc'?)", 6),
        ("x {{ e.value.auc + }}", "expected a value, found end of expression", 19),
        ("x {{ e.value.auc + e.value.name }}", "'+' needs a number, got a string", 20),
        ("x {{  nope.x * 2 }}", "unknown id 'nope'", 7),
        ("x {{ 1 + 2 }}", "reads no result", 3),
        ("x {{ max(e.value.auc, e.value.gru | .9z }}", "unknown format '.9z'", 3),
    ] as [(String, String, Int)])
    func errorsAreLocated(_ prose: String, _ message: String, _ column: Int) async throws {
        let (summary, report) = try await InlineFormulaTests.render(prose + "\n")
        let error = try #require(summary.diagnostics.first { $0.severity == .error })
        #expect(error.message.contains(message), "\(error.message)")
        #expect(error.location == SourceLocation(line: 5, column: column), "\(error.rendered)")
        #expect(report.contains("**⚠ {{"), "the unresolved formula is marked in place")
    }

    @Test func aFormulaInAParameterReadsEarlierResults() async throws {
        let project = try TestProject(["notebooks/a.md": InlineFormulaTests.echo + "```{echo} twice\nvalue: \"{{ e.value.auc * 2 | .2f }}\"\n```\n"])
        defer { project.remove() }
        let summary = await project.render()
        #expect(summary.succeeded, "\(summary.diagnostics.map(\.rendered))")
        #expect(try project.read("reports/a.md").contains("Echo: 1.22\n"))
    }

    /// `folio check` reads formulas against the recorded results without rendering.
    @Test func checkFindsABrokenFormula() async throws {
        let project = try TestProject(["notebooks/a.md": InlineFormulaTests.echo + "Gap {{ e.value.gru - e.value.auc | .3f }}.\n"])
        defer { project.remove() }
        #expect(await project.render().succeeded)
        #expect(project.check().diagnostics.isEmpty)
        try project.write("notebooks/a.md", InlineFormulaTests.echo + "Gap {{ e.value.gru - e.value.acu | .3f }}.\n")
        let messages = project.check().diagnostics.filter { $0.severity == .error }.map { "\($0.location):\($0.message)" }
        #expect(messages.contains { $0.hasPrefix("5:22:") && $0.contains("no 'acu' in e.value") }, "\(messages)")
    }

    /// A shared notebook cannot exhaust a thread's stack with a deep or long expression.
    @Test(arguments: [
        (String(repeating: "(", count: 100) + "1" + String(repeating: ")", count: 100), "nested more than 64 levels deep"),
        (String(repeating: "- ", count: 100) + "e.value.auc", "nested more than 64 levels deep"),
        (String(repeating: "not ", count: 100) + "true", "nested more than 64 levels deep"),
        (String(repeating: "abs(", count: 100) + "1" + String(repeating: ")", count: 100), "nested more than 64 levels deep"),
        (String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000), "too long"),
        ("e.value.auc" + String(repeating: " + 1", count: 5000), "too long"),
    ])
    func hostileExpressionsFailToParse(_ text: String, _ message: String) {
        #expect(throws: ClaimError.self) { try ClaimExpression(parsing: text) }
        do { _ = try ClaimExpression(parsing: text) } catch { #expect(error.message.contains(message), "\(error.message)") }
    }
}
