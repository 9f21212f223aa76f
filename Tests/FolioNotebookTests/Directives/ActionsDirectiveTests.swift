import Foundation
import Testing
@testable import FolioNotebook

@Suite struct ActionsDirectiveTests {
    static let handWritten = """
    # Phase 3 HPO results analysis

    ## Notes written by hand
    Keep   this    *exactly*.\t

    """

    /// An `echo` block `e` whose value `done_when` reads, and three items.
    static func notebook(value: Double, status: String = "todo", log: String = "memory-bank/analysis.md") -> String {
        """
        ```{echo} e
        value: \(value)
        ```

        ```{actions} a
        log: \(log)
        review: weekly
        items:
          - id: rebuild-val-split
            title: Rebuild the validation split across volatility regimes
            task: 4
            owner: data
            due: 2999-11-15
            status: \(status)
            done_when: e.value < 0.25
          - id: audit-labels
            title: Audit the labels
            task: 5
            owner: research
            due: 2000-01-01
            status: doing
          - id: write-playbook
            title: Write the playbook
            task: 10
            status: blocked
        ```
        """
    }

    static func section(_ log: String) -> String? {
        DecisionLog(parsing: log, kind: "actions").entry("notebooks/n.md#a")
    }

    static func items(_ project: TestProject) throws -> [JSONValue] {
        guard case .object(let results) = try JSONValue(parsing: project.read("reports/n.results.json")),
              case .array(let items)? = results["a"]?.value(at: ["items"]) else { return [] }
        return items
    }

    @Test func upsertKeepsHandWrittenBytesAndIsStable() async throws {
        let project = try TestProject(["notebooks/n.md": Self.notebook(value: 0.5), "memory-bank/analysis.md": Self.handWritten])
        defer { project.remove() }
        #expect(await project.render().succeeded)
        let first = try project.read("memory-bank/analysis.md")
        #expect(first.hasPrefix(Self.handWritten))
        #expect(first.components(separatedBy: "<!-- folio:actions id=\"notebooks/n.md#a\" -->").count == 2)
        #expect(first.contains("- [ ] `rebuild-val-split` Rebuild the validation split across volatility regimes · task 4 · owner data · due 2999-11-15 · **todo** · evidence: `e.value` = 0.5"))
        #expect(first.contains("- [ ] `audit-labels` Audit the labels · task 5 · owner research · due 2000-01-01 · **doing** (overdue)"))
        let report = try project.read("reports/n.md")
        // Render again: log and report byte-identical.
        #expect(await project.render().succeeded)
        #expect(try project.read("memory-bank/analysis.md") == first)
        #expect(try project.read("reports/n.md") == report)
        // A note added by hand after the section, then the notebook changes: the section is
        // replaced in place, every hand-written byte kept.
        try project.write("memory-bank/analysis.md", first + "\nA note added by hand   after the checklist.\n")
        try project.write("notebooks/n.md", Self.notebook(value: 0.5).replacingOccurrences(of: "status: blocked", with: "status: doing"))
        #expect(await project.render().succeeded)
        let edited = try project.read("memory-bank/analysis.md")
        #expect(edited.hasPrefix(Self.handWritten))
        #expect(edited.hasSuffix("\nA note added by hand   after the checklist.\n"))
        #expect(edited.components(separatedBy: "<!-- folio:actions id=").count == 2)
        #expect(edited.contains("`write-playbook` blocked → doing"))
        #expect(!edited.contains("**blocked**"))
    }

    @Test func doneWhenMakesItemsDoneAndFlipsBackToDoing() async throws {
        let project = try TestProject(["notebooks/n.md": Self.notebook(value: 0.1)])
        defer { project.remove() }
        #expect(await project.render().succeeded)
        var items = try Self.items(project)
        #expect(items[0].value(at: ["status"]) == .string("done"))
        #expect(items[0].value(at: ["values", "e.value"]) == .number(0.1))
        #expect(try project.read("memory-bank/analysis.md").contains("- [x] `rebuild-val-split`"))
        #expect(try project.read("reports/n.md").contains("done (written todo)"))

        // The condition stops holding: back to doing, and the report says so.
        try project.write("notebooks/n.md", Self.notebook(value: 0.3))
        let summary = await project.render()
        #expect(summary.succeeded)
        items = try Self.items(project)
        #expect(items[0].value(at: ["status"]) == .string("doing"))
        let report = try project.read("reports/n.md")
        #expect(report.contains("> [!WARNING]\n> **`rebuild-val-split` is back to doing:** its done_when no longer holds. `e.value < 0.25` read `e.value` = 0.3."))
        #expect(report.contains("done_when no longer holds"))
        let log = try project.read("memory-bank/analysis.md")
        #expect(log.contains("`rebuild-val-split` done → doing (done_when no longer holds)"))
        #expect(log.contains("- [ ] `rebuild-val-split`"))
        // Rendering again keeps saying so (the item is still reopened), byte for byte.
        #expect(await project.render().succeeded)
        #expect(try project.read("reports/n.md") == report)
        #expect(try project.read("memory-bank/analysis.md") == log)

        // Holding again: done, and no longer reopened.
        try project.write("notebooks/n.md", Self.notebook(value: 0.2))
        #expect(await project.render().succeeded)
        #expect(try Self.items(project)[0].value(at: ["status"]) == .string("done"))
        #expect(!(try project.read("reports/n.md").contains("back to doing")))
        // An item written as done whose condition does not hold is shown doing.
        try project.write("notebooks/n.md", Self.notebook(value: 0.9, status: "done"))
        #expect(await project.render().succeeded)
        #expect(try Self.items(project)[0].value(at: ["status"]) == .string("doing"))
    }

    @Test func overdueItemsInResultsAndCheck() async throws {
        let project = try TestProject(["notebooks/n.md": Self.notebook(value: 0.1)])
        defer { project.remove() }
        #expect(await project.render().succeeded)
        let items = try Self.items(project)
        #expect(items.map { $0.value(at: ["overdue"]) } == [.bool(false), .bool(true), .bool(false)])
        guard case .object(let results) = try JSONValue(parsing: project.read("reports/n.results.json")) else { Issue.record(); return }
        #expect(results["a"]?.value(at: ["overdue"]) == .array([.string("audit-labels")]))
        #expect(results["a"]?.value(at: ["board"]) == .object(JSONObject([("todo", 0), ("doing", 1), ("done", 1), ("blocked", 1)])))
        let check = project.check()
        let warnings = check.diagnostics.filter { $0.severity == .warning && $0.message.contains("overdue") }
        #expect(warnings.count == 1)
        #expect(warnings.first?.message.hasPrefix("action item 'audit-labels' is overdue: due 2000-01-01") == true)
        #expect(warnings.first?.location.line == 20)
        #expect(!check.diagnostics.contains { $0.severity == .error })
    }

    @Test func overdueFollowsToday() {
        let item = ActionItem(id: "x", title: "X", task: 1, owner: nil, due: "2025-11-15", status: .doing, doneWhen: nil,
                              location: SourceLocation(line: 1, column: 1), dueLocation: nil)
        #expect(item.shown(holds: nil, values: [], previous: nil, today: "2025-11-15").overdue == false)
        #expect(item.shown(holds: nil, values: [], previous: nil, today: "2025-11-16").overdue == true)
        #expect(item.shown(holds: true, values: [], previous: nil, today: "2025-11-16").overdue == false)
        #expect(ActionDate.next(from: "2025-11-03", every: .weekly, onOrAfter: "2025-11-12") == "2025-11-17")
        #expect(ActionDate.next(from: "2025-11-03", every: .weekly, onOrAfter: "2025-11-03") == "2025-11-03")
        #expect(ActionDate.next(from: "2025-01-31", every: .monthly, onOrAfter: "2025-02-10") == "2025-02-28")
        #expect(ActionDate.date("2025-02-30") == nil)
        var long = item
        long.doneWhen = try? Claim.parse(ParameterReader(ParamValue.parse(yaml: "w: len(x) == 0", origin: SourceLocation(line: 1, column: 1))),
                                          key: "w", id: "x", says: "X")
        let shown = long.shown(holds: false, values: [("x", .array((0..<9).map { .number(Double($0)) }))], previous: nil, today: "2025-01-01")
        #expect(shown.evidence == "`x` = a list of 9")
        #expect(ActionDate.date("2025-2-3") == nil)
    }

    @Test func concurrentUpsertsKeepEveryEntry() async throws {
        let project = try TestProject(["memory-bank/analysis.md": Self.handWritten])
        defer { project.remove() }
        // Eight notebooks of one level render concurrently into the same log...
        for k in 0..<8 {
            try project.write("notebooks/n\(k).md", Self.notebook(value: Double(k) / 10))
        }
        #expect(await project.render().succeeded)
        // ...and sixteen direct upserts race on it.
        let url = project.root.appendingPathComponent("memory-bank/analysis.md")
        DispatchQueue.concurrentPerform(iterations: 16) { k in
            _ = try? DecisionLog.update(at: url, kind: "actions") { log in log.upsert(id: "direct\(k)", text: "<!-- folio:actions id=\"direct\(k)\" -->\nentry \(k)\n<!-- /folio:actions -->\n") }
        }
        let log = try project.read("memory-bank/analysis.md")
        #expect(log.hasPrefix(Self.handWritten))
        let ids = DecisionLog(parsing: log, kind: "actions").segments.compactMap { segment -> String? in
            if case .entry(let id, _) = segment { return id }
            return nil
        }
        #expect(Set(ids) == Set((0..<8).map { "notebooks/n\($0).md#a" } + (0..<16).map { "direct\($0)" }))
        #expect(ids.count == 24)
    }

    @Test func hostileTextCannotForgeMarkers() async throws {
        let hostile = """
        ```{actions} a
        log: memory-bank/analysis.md
        items:
          - id: x
            title: "Fix <!-- /folio:actions --> <!-- folio:actions id=\\"notebooks/n.md#a\\" --> it -->"
            owner: "a\\n<!-- /folio:actions -->\\n<!-- folio:record {} -->"
            status: todo
        ```
        """
        let project = try TestProject(["notebooks/n.md": hostile, "memory-bank/analysis.md": Self.handWritten])
        defer { project.remove() }
        for _ in 0..<3 { #expect(await project.render().succeeded) }
        let log = try project.read("memory-bank/analysis.md")
        #expect(log.components(separatedBy: "<!-- /folio:actions -->").count == 2)
        #expect(log.components(separatedBy: "<!-- folio:actions id=").count == 2)
        #expect(log.components(separatedBy: "<!-- folio:record ").count == 2)
        #expect(log.contains("Fix &lt;!-- /folio:actions --&gt; &lt;!-- folio:actions id=\"notebooks/n.md#a\" --&gt; it --&gt;"))
        #expect(log.contains("owner a &lt;!-- /folio:actions --&gt; &lt;!-- folio:record {} --&gt;"))
        let section = try #require(Self.section(log))
        #expect(!Decision.isEditedByHand(section))
        let report = try project.read("reports/n.md")
        // Only folio's own generator comment; the item text's markers are escaped.
        #expect(report.replacingOccurrences(of: "\\<!--", with: "").components(separatedBy: "<!--").count == 2)
    }

    @Test func aSectionEditedByHandIsNotOverwritten() async throws {
        let project = try TestProject(["notebooks/n.md": Self.notebook(value: 0.5)])
        defer { project.remove() }
        #expect(await project.render().succeeded)
        let edited = try project.read("memory-bank/analysis.md").replacingOccurrences(of: "Audit the labels", with: "Audit the labels (my edit)")
        try project.write("memory-bank/analysis.md", edited)
        try project.write("notebooks/n.md", Self.notebook(value: 0.1))
        let summary = await project.render()
        #expect(!summary.succeeded)
        #expect(summary.diagnostics.contains { $0.message.contains("edited by hand inside folio's markers") })
        #expect(try project.read("memory-bank/analysis.md") == edited)
    }

    static func errors(_ items: String, log: String = "memory-bank/analysis.md") async throws -> [Diagnostic] {
        let project = try TestProject(["notebooks/n.md": "```{echo} e\nvalue: 1\n```\n\n```{actions} a\nlog: \(log)\nitems:\n\(items)```\n"])
        defer { project.remove() }
        let summary = await project.render()
        #expect(!summary.succeeded)
        #expect(!project.exists("memory-bank/analysis.md"))
        return summary.diagnostics.filter { $0.severity == .error }
    }

    // Line 8 is the first item's first line; its keys start at column 5.
    @Test(arguments: [
        ("  - {id: x, title: X, status: finished}\n", "unknown value 'finished'", 8),
        ("  - id: x\n    title: X\n    due: 2025-13-01\n", "'2025-13-01' is not a date", 10),
        ("  - id: x\n    title: X\n    ownr: me\n", "ownr", 10),
        ("  - id: x\n    title: X\n    task: zero\n", "task", 10),
    ])
    func badInputIsLocated(items: String, message: String, line: Int) async throws {
        let errors = try await Self.errors(items)
        let error = try #require(errors.first)
        #expect(error.message.contains(message))
        #expect(error.location.line == line)
    }

    @Test func doneWhenErrorsAreLocatedAtTheCharacter() async throws {
        // `    done_when: ` is 15 columns: the expression starts at column 16.
        let path = try #require(try await Self.errors("  - id: x\n    title: X\n    done_when: e.valeu > 3\n").first)
        #expect(path.location == SourceLocation(line: 10, column: 18))
        #expect(path.message.hasPrefix("done_when of 'x': no 'valeu' in e"))
        let syntax = try #require(try await Self.errors("  - id: x\n    title: X\n    done_when: e.value > > 3\n").first)
        #expect(syntax.location == SourceLocation(line: 10, column: 26))
        #expect(syntax.message.hasPrefix("done_when of 'x':"))
        let outside = try #require(try await Self.errors("  - {id: x, title: X}\n", log: "notes.md").first)
        #expect(outside.message.contains("under memory-bank/"))
        #expect(outside.location.line == 6)
    }
}
