import Foundation
import Testing
@testable import FolioNotebook

@Suite(.serialized) struct DecisionTests {
    static let notebook = """
    ```{sum} s
    file: a.txt
    ```

    ```{decision}
    id: threshold-policy
    title: Deploy at the swept threshold
    status: accepted
    context: Models differ by little.
    decision: Use the sum.
    alternatives: [Keep 0.5, Ensemble]
    evidence:
      total: "{{ s.total }}"
      fixed: 3
    ```
    """

    static let handWritten = """
    # Decision log

    ## 2025-10-01: Hand-written entry
    Keep   this    *exactly*.

    """

    @Test func upsertNewUnchangedEditedAndKeepsNeighbours() async throws {
        let project = try TestProject(["notebooks/n.md": DecisionTests.notebook, "a.txt": "1\n2\n",
                                       "memory-bank/decisionLog.md": DecisionTests.handWritten])
        defer { project.remove() }
        // New.
        #expect(await project.render().succeeded)
        let first = try project.read("memory-bank/decisionLog.md")
        #expect(first.hasPrefix(DecisionTests.handWritten))
        #expect(first.components(separatedBy: "<!-- folio:decision id=\"threshold-policy\" -->").count == 2)
        #expect(first.contains("| total | 3 | `s.total` |"))
        #expect(first.contains("`a.txt` (sha256"))
        // Unchanged: byte-identical, no duplicate.
        #expect(await project.render().succeeded)
        #expect(try project.read("memory-bank/decisionLog.md") == first)
        // Another notebook's entry and more hand-written text appended by a person.
        try project.write("memory-bank/decisionLog.md", first + "\nA note added by hand after the entry.\n")
        try project.write("notebooks/other.md", "```{decision}\nid: other\ntitle: Other\ndecision: Something else.\n```\n")
        #expect(await project.render().succeeded)
        let withOther = try project.read("memory-bank/decisionLog.md")
        #expect(withOther.hasPrefix(first + "\nA note added by hand after the entry.\n"))
        #expect(withOther.contains("<!-- folio:decision id=\"other\" -->"))
        // Edited: the entry is replaced in place, neighbours kept byte for byte.
        try project.write("notebooks/n.md", DecisionTests.notebook.replacingOccurrences(of: "Use the sum.", with: "Use twice the sum."))
        #expect(await project.render().succeeded)
        let edited = try project.read("memory-bank/decisionLog.md")
        #expect(edited.hasPrefix(DecisionTests.handWritten))
        #expect(edited.contains("Use twice the sum."))
        #expect(!edited.contains("**Decision.** Use the sum."))
        #expect(edited.contains("A note added by hand after the entry.\n"))
        #expect(edited.components(separatedBy: "id=\"threshold-policy\"").count == 2)
        #expect(edited.contains("<!-- folio:decision id=\"other\" -->"))
    }

    @Test func staleWhenDataBehindEvidenceChanges() async throws {
        let project = try TestProject(["notebooks/n.md": DecisionTests.notebook, "a.txt": "1\n2\n"])
        defer { project.remove() }
        #expect(await project.render().succeeded)
        #expect(project.check().succeeded)
        try project.write("a.txt", "1\n2\n3\n")
        let check = project.check()
        #expect(check.diagnostics.contains { $0.message.contains("decision 'threshold-policy' is stale: a.txt changed") })
    }

    @Test func staleWhenEvidenceValueNoLongerMatchesResults() async throws {
        let project = try TestProject(["notebooks/n.md": DecisionTests.notebook, "a.txt": "1\n2\n"])
        defer { project.remove() }
        #expect(await project.render().succeeded)
        let results = try project.read("reports/n.results.json").replacingOccurrences(of: "\"total\": 3", with: "\"total\": 4")
        try project.write("reports/n.results.json", results)
        #expect(project.check().diagnostics.contains { $0.message.contains("evidence 'total' is now 4, recorded 3") })
    }

    @Test func twoProcessesAtOnceKeepBothEntries() throws {
        // Two folio processes, each writing its own decision, many times over.
        let project = try TestProject([
            "notebooks/a.md": "```{decision}\nid: a\ntitle: A\ndecision: A.\n```\n",
            "notebooks/b.md": "```{decision}\nid: b\ntitle: B\ndecision: B.\n```\n",
        ])
        defer { project.remove() }
        let folio = try FolioBinary.url()
        for round in 0..<5 {
            try project.write("notebooks/a.md", "```{decision}\nid: a\ntitle: A\ndecision: A round \(round).\n```\n")
            try project.write("notebooks/b.md", "```{decision}\nid: b\ntitle: B\ndecision: B round \(round).\n```\n")
            let processes = ["notebooks/a.md", "notebooks/b.md"].map { path -> Process in
                let process = Process()
                process.executableURL = folio
                process.arguments = ["render", path, "--quiet", "--project", project.root.path]
                return process
            }
            for process in processes { try process.run() }
            for process in processes { process.waitUntilExit(); #expect(process.terminationStatus == 0) }
            let log = try project.read("memory-bank/decisionLog.md")
            #expect(log.contains("A round \(round)."))
            #expect(log.contains("B round \(round)."))
        }
    }

    @Test func logParsingRoundTripsAnyText() {
        let texts = ["", "no entries\n", DecisionTests.handWritten,
                     "x\n<!-- folio:decision id=\"k\" -->\nbody\n<!-- /folio:decision -->\ny\n",
                     "<!-- folio:decision id=\"broken\" -->\nnever closed\n"]
        for text in texts { #expect(DecisionLog(parsing: text).text == text) }
    }
}

/// The `folio` executable built beside the test bundle.
enum FolioBinary {
    static func url() throws -> URL {
        let bundle = Bundle.main.bundleURL
        let candidates = [bundle.deletingLastPathComponent().appendingPathComponent("folio"),
                          bundle.appendingPathComponent("folio")]
        guard let url = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: candidates[0].path])
        }
        return url
    }
}
