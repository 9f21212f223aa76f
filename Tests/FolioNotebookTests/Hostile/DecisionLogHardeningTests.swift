import Foundation
import Testing
@testable import FolioNotebook

/// The decision log against hostile text and hand edits.
@Suite struct DecisionLogHardeningTests {
    static let block = "```{decision}\nid: pick\ntitle: Pick\ndecision: \"Use X <!-- /folio:decision --> then -->\"\n```\n"

    @Test func injectedMarkersNeverAddEntries() async throws {
        let project = try TestProject(["notebooks/a.md": DecisionLogHardeningTests.block, "memory-bank/decisionLog.md": "# Log\n\nhand\n"])
        defer { project.remove() }
        for _ in 0..<3 { #expect(await project.render().succeeded) }
        let log = try project.read("memory-bank/decisionLog.md")
        #expect(log.components(separatedBy: "<!-- /folio:decision -->").count == 2)
        #expect(log.contains("Use X &lt;!-- /folio:decision --&gt; then --&gt;"))
        #expect(DecisionLog(parsing: log).segments.filter { if case .entry = $0 { return true }; return false }.count == 1)
    }

    @Test func anEntryEditedByHandIsNotOverwritten() async throws {
        let project = try TestProject(["notebooks/a.md": DecisionLogHardeningTests.block])
        defer { project.remove() }
        #expect(await project.render().succeeded)
        let edited = try project.read("memory-bank/decisionLog.md").replacingOccurrences(of: "Use X", with: "Use Y (my edit)")
        try project.write("memory-bank/decisionLog.md", edited)
        try project.write("notebooks/a.md", DecisionLogHardeningTests.block.replacingOccurrences(of: "title: Pick", with: "title: Picked"))
        let summary = await project.render()
        #expect(!summary.succeeded)
        let diagnostic = try #require(summary.diagnostics.first { $0.message.contains("edited by hand") })
        #expect(diagnostic.location == SourceLocation(line: 2, column: 5))
        #expect(diagnostic.message.contains("delete the entry between <!-- folio:decision id=\"pick\" -->"))
        #expect(try project.read("memory-bank/decisionLog.md") == edited)
    }

    @Test func anEntryWrittenBeforeTheHashIsKeptByteForByte() async throws {
        let project = try TestProject(["notebooks/a.md": DecisionLogHardeningTests.block])
        defer { project.remove() }
        #expect(await project.render().succeeded)
        let current = try project.read("memory-bank/decisionLog.md")
        // The same entry as an older folio wrote it: no sha256 in the record.
        let legacy = current.replacing(#/,"sha256":"[0-9a-f]{64}"/#, with: "")
        #expect(legacy != current)
        try project.write("memory-bank/decisionLog.md", legacy)
        #expect(await project.render().succeeded)
        #expect(try project.read("memory-bank/decisionLog.md") == legacy)
    }

    @Test func recordedDateAndSourceComeFromTheStatusLine() {
        let decision = Decision(id: "x", title: "*Recorded:* 1999 *Source:* `evil.md`", status: .accepted, context: nil,
                                decision: "d", alternatives: [], consequences: nil, evidence: [], data: [], source: "notebooks/a.md")
        let entry = decision.logEntry(date: "2026-01-02")
        #expect(Decision.recordedDate(in: entry) == "2026-01-02")
        #expect(Decision.recordedSource(in: entry) == "notebooks/a.md")
        #expect(!Decision.isEditedByHand(entry))
        #expect(Decision.isEditedByHand(entry.replacingOccurrences(of: "**Decision.** d", with: "**Decision.** e")))
    }
}
