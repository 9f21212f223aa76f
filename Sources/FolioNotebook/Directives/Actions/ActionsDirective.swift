import Foundation

/// `{actions}`: the plan's action items with owners, due dates and statuses, a board per
/// plan task, `done_when` conditions over results checked at every render, and a checklist
/// section upserted into a Markdown log under `memory-bank/`.
public struct ActionsDirective: Directive {
    public static let name = "actions"
    public static let summary = "Track action items: a board per plan task, done_when conditions over results, a checklist upserted into a memory-bank log."

    enum Review: String, Sendable, CaseIterable { case none, weekly, biweekly, monthly }

    static let itemKeys = ["id", "title", "task", "owner", "due", "status", "done_when"]

    public static let parameters = [
        ParameterSpec("log", "path", required: true, "The Markdown file under memory-bank/ that holds the checklist (e.g. memory-bank/phase3_hpo_results_analysis.md), from the project root."),
        ParameterSpec("review", "none | weekly | biweekly | monthly", default: "none", "Review cadence, counted from the day the checklist was first recorded; the next review date is shown."),
        ParameterSpec("items", "list of {id, title, task, owner, due, status, done_when}", required: true,
                      "The items. `id`: a name; `title`: one line; `task`: the plan's task number; `owner`: who; `due`: YYYY-MM-DD; `status`: todo (default), doing, done or blocked; `done_when`: an expression in the claims language."),
    ]
    public static let resultKeys = [
        ResultKeySpec("items", "One per item, in order: id, title, task, owner, due, status (as shown after done_when), overdue, values (every path done_when read -> the value found)."),
        ResultKeySpec("items.0.status", "The first item's status as shown."),
        ResultKeySpec("board.todo", "Items to do."),
        ResultKeySpec("board.doing", "Items in progress (including those whose done_when stopped holding)."),
        ResultKeySpec("board.done", "Items done."),
        ResultKeySpec("board.blocked", "Items blocked."),
        ResultKeySpec("overdue", "The ids of the items due before today and not done."),
        ResultKeySpec("reopened", "The ids of the items whose done_when stopped holding."),
        ResultKeySpec("next_review", "The next review date, or null without a cadence."),
    ]
    public static let details = """
    ```{actions} a
    log: memory-bank/phase3_hpo_results_analysis.md
    review: weekly
    items:
      - id: rebuild-val-split
        title: Rebuild the validation split across volatility regimes
        task: 4
        owner: data
        due: 2025-11-15
        status: doing
        done_when: data_shift_analysis.shift.top.0.psi < 0.25
    ```

    `done_when` is the claims language (`folio directives claims`): paths start with an
    earlier block's id, `params` or another report's name. It is evaluated at every render
    of the notebook (the block is never cached; the notebook itself is left alone only while
    its text, the results it reads, today's date and its checklist in the log are as its last
    render left them): while it holds the item is shown done with the values it
    read; when it stops holding, an item written as done (or recorded done in the log at the
    last render) is shown as doing and the report says so in a `> [!WARNING]` callout.
    Syntax errors, unknown paths and type mismatches are errors located at the character.

    The checklist is one section of the log between `<!-- folio:actions id="NOTEBOOK#ID" -->`
    and `<!-- /folio:actions -->`, one line per item with its status, owner, due date and
    evidence, and the status changes of the last change. Text written by hand outside the
    markers is kept byte for byte; a section edited by hand inside them is refused, not
    overwritten. The file is locked (flock) and replaced atomically, so concurrent renders
    are safe; no item text can open or close a marker (`<!--` and `-->` become entities).
    A render that produces the same checklist leaves the file untouched.

    An item is overdue when its due date is before today (UTC; FOLIO_DATE=YYYY-MM-DD sets
    today) and it is not done. `folio check` lists the overdue items as warnings, and
    reports a checklist missing from its log.
    """
    public static var isCacheable: Bool { false }
    /// The checklist in the log is the block's effect (`DirectiveOutput.effects`); overdue
    /// items depend on today's date, which `NotebookStamp`'s key holds.
    public var followsFromInputs: Bool { true }
    public static var readsEarlierResults: Bool { true }

    let items: [ActionItem]
    let review: Review
    let logURL: URL
    let location: SourceLocation
    let logLocation: SourceLocation
    /// The key of the checklist in the log: notebook path and block id.
    let sectionID: String
    let source: String

    public init(parameters: ParameterReader, context: DirectiveContext) throws(DirectiveError) {
        location = parameters.location
        logLocation = parameters.location(of: "log")
        let log = try parameters.requiredString("log")
        let url = (log.hasPrefix("/") ? URL(fileURLWithPath: log) : context.projectRoot.appendingPathComponent(log)).standardizedFileURL
        let bank = context.projectRoot.appendingPathComponent("memory-bank").standardizedFileURL.path + "/"
        guard url.path.hasPrefix(bank), url.pathExtension == "md" else {
            throw parameters.error("log", "the checklist goes into a Markdown file under memory-bank/ (e.g. memory-bank/phase3_hpo_results_analysis.md), not '\(log)'")
        }
        if let resolvedBank = ProjectPaths.resolve(bank), let resolved = ProjectPaths.resolve(url.path),
           !ProjectPaths.isWithin(resolved, resolvedBank) {
            throw parameters.error("log", "'\(log)' resolves to \(resolved), outside memory-bank/")
        }
        try context.services.paths.confineRead(url, at: logLocation)
        logURL = url
        review = try parameters.choice("review", default: .none)
        source = context.notebookPath
        let safe = "\(context.notebookPath)#\(context.blockID ?? "block\(context.blockIndex)")".map { c -> Character in
            c.isASCII && (c.isLetter || c.isNumber || "._/#-".contains(c)) ? c : "_"
        }
        sectionID = String(safe)

        guard let list = try parameters.mappingList("items"), !list.isEmpty else {
            throw parameters.error("items", "give at least one item: - {id: name, title: text, task: 4, owner: who, due: YYYY-MM-DD, status: todo}")
        }
        var items: [ActionItem] = []
        for item in list {
            try item.rejectUnknownKeys(allowed: ActionsDirective.itemKeys, context: "item key")
            let id = try item.requiredString("id")
            guard DirectiveBlock.isValidID(id) else { throw item.error("id", "use letters, digits, '_' and '-', starting with a letter") }
            guard !items.contains(where: { $0.id == id }) else { throw item.error("id", "duplicate item id '\(id)'") }
            let title = try item.requiredString("title")
            var task: Int?
            if item.has("task") {
                task = try item.int("task")
                guard let t = task, (1...999).contains(t) else { throw item.error("task", "give the plan's task number, e.g. task: 4") }
            }
            var due: String?
            if let text = try item.string("due") {
                guard ActionDate.date(text) != nil else {
                    throw item.error("due", "'\(text)' is not a date; write it as YYYY-MM-DD, e.g. 2025-11-15")
                }
                due = text
            }
            let status: ActionItem.Status = try item.choice("status", default: .todo)
            var doneWhen: Claim?
            if item.has("done_when") {
                doneWhen = try Claim.parse(item, key: "done_when", id: id, says: title, label: "done_when of '\(id)'")
            }
            items.append(ActionItem(id: id, title: title, task: task, owner: try item.string("owner"), due: due, status: status,
                                    doneWhen: doneWhen, location: item.location(of: "id"),
                                    dueLocation: item.has("due") ? item.location(of: "due") : nil))
        }
        self.items = items
    }

    public var inputs: [DataInput] { [] }

    /// The reports the `done_when` conditions start with, so that those reports render first.
    public static var readsOtherReports: Bool { true }

    public static func reportsRead(parameters: ParameterReader, services: RenderServices) -> [String] {
        guard let list = try? parameters.mappingList("items") else { return [] }
        let names = services.reportNames
        var found = Set<String>()
        for item in list {
            guard let text = try? item.string("done_when"), let expression = try? ClaimExpression(parsing: text) else { continue }
            for (path, _) in expression.paths where names.contains(path[0]) { found.insert(path[0]) }
        }
        return found.sorted()
    }

    /// Every item as shown today, `done_when` evaluated over the earlier results and the
    /// other reports; `previous` holds the statuses recorded in the log, `reopened` the ids
    /// recorded as reopened.
    func shownItems(context: DirectiveContext, previous: [String: ActionItem.Status], reopened: Set<String> = [],
                    today: String) throws(DirectiveError) -> [ActionItem.Shown] {
        let services = context.services
        let names = services.reportNames
        var shown: [ActionItem.Shown] = []
        for item in items {
            var holds: Bool?
            var values: [(path: String, value: JSONValue)] = []
            if let condition = item.doneWhen {
                let outcome = try condition.evaluate(results: context.results, failed: context.failedIDs,
                                                     reports: { services.results(ofReport: $0) }, reportNames: names)
                holds = outcome.holds
                values = outcome.values
            }
            shown.append(item.shown(holds: holds, values: values, previous: previous[item.id], wasReopened: reopened.contains(item.id), today: today))
        }
        return shown
    }

    /// `folio check`: every `done_when` path must resolve in the recorded results.
    public func validate(context: DirectiveContext) throws(DirectiveError) {
        _ = try shownItems(context: context, previous: [:], today: Decision.today())
    }

    /// `folio check`: a checklist missing from its log.
    public func staleness(context: DirectiveContext) -> [String] {
        let log = DecisionLog.read(at: logURL, kind: "actions")
        guard log?.entry(sectionID) != nil else {
            return ["the checklist of this actions block is not in \(context.displayPath(logURL)); render the notebook to record it"]
        }
        return []
    }

    /// `folio check`: the overdue items.
    public func reminders(context: DirectiveContext) -> [DirectiveError] {
        let today = Decision.today()
        let entry = DecisionLog.read(at: logURL, kind: "actions")?.entry(sectionID)
        let shown = (try? shownItems(context: context, previous: ActionsSection.statuses(in: entry),
                                     reopened: ActionsSection.reopened(in: entry), today: today))
            ?? items.map { $0.shown(holds: nil, values: [], previous: nil, today: today) }
        return shown.filter(\.overdue).map { item in
            DirectiveError("action item '\(item.item.id)' is overdue: due \(item.item.due ?? "?"), today is \(today), status \(item.status.rawValue)\(item.item.owner.map { ", owner \($0)" } ?? "")",
                           at: item.item.dueLocation ?? item.item.location)
        }
    }

    public func run(context: DirectiveContext) throws(DirectiveError) -> DirectiveOutput {
        let today = Decision.today()
        let logPath = context.displayPath(logURL)
        let sectionID = self.sectionID
        let location = self.location
        let header = "# Action items\n\nChecklists written by folio's `actions` blocks (between `folio:actions` markers) and notes written by hand.\nfolio rewrites only its own sections; everything else in this file is kept as written.\n\n"
        var shown: [ActionItem.Shown] = []
        var section = ActionsSection(id: sectionID, source: source, review: review, anchor: today, date: today, items: [], changes: [])
        var wrote = false
        do {
            try DecisionLog.update(at: logURL, kind: "actions", header: header) { (log: inout DecisionLog) throws in
                let existing = log.entry(sectionID)
                if let existing, Decision.isEditedByHand(existing) {
                    throw DirectiveError("""
                        the checklist '\(sectionID)' in \(logPath) was edited by hand inside folio's markers since folio wrote it; \
                        folio will not overwrite the edit. Move the edited text outside the markers (or into this block), \
                        delete the section between <!-- folio:actions id="\(sectionID)" --> and <!-- /folio:actions -->, then render again
                        """, at: location)
                }
                let record = existing.flatMap { Decision.record(in: $0) }
                let previous = ActionsSection.statuses(in: existing)
                shown = try shownItems(context: context, previous: previous, reopened: ActionsSection.reopened(in: existing), today: today)
                section.items = shown
                section.anchor = record?["anchor"]?.stringValue ?? today
                let changes = existing == nil ? [] : ActionsSection.changes(from: previous, to: shown)
                var recordedChanges: [String] = []
                if case .array(let list)? = record?["changes"] { recordedChanges = list.compactMap(\.stringValue) }
                section.changes = changes.isEmpty ? recordedChanges : changes
                if let existing, changes.isEmpty, let date = record?["date"]?.stringValue {
                    section.date = date
                    if existing == section.logEntry() { return }
                }
                section.date = today
                log.upsert(id: sectionID, text: section.logEntry())
                wrote = true
            }
        } catch let error as DirectiveError {
            throw error
        } catch {
            throw DirectiveError("cannot update \(logPath): \(error)", at: location)
        }
        var output = output(shown: shown, section: section, logPath: logPath, today: today)
        output.effects = [logURL]
        output.repeatable = !wrote
        return output
    }
}
