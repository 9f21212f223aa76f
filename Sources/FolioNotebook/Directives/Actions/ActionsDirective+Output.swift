import Foundation

extension ActionsDirective {
    /// The result, the board per plan task and the item table. Nothing in them says whether
    /// this render wrote the log, so that rendering again gives the same bytes.
    func output(shown: [ActionItem.Shown], section: ActionsSection, logPath: String, today: String) -> DirectiveOutput {
        let nextReview = ActionDate.next(from: section.anchor, every: review, onOrAfter: today)
        var counts: [ActionItem.Status: Int] = [:]
        for item in shown { counts[item.status, default: 0] += 1 }
        let overdue = shown.filter(\.overdue)
        let reopened = shown.filter(\.reopened)

        var markdown = ""
        var warnings: [String] = []
        for item in reopened {
            let values = item.evidence ?? "no values"
            markdown += "> [!WARNING]\n> **`\(item.item.id)` is back to doing:** its done_when no longer holds. "
                + MarkdownText.escapedOutsideCodeSpans("\(MarkdownText.code(item.item.doneWhen?.that ?? "")) read \(values).") + "\n\n"
            warnings.append("action item '\(item.item.id)' is back to doing: done_when no longer holds (\(values))")
        }
        var line = "\(counts[.done, default: 0]) of \(shown.count) items done"
        if !overdue.isEmpty { line += ", **\(overdue.count) overdue** (" + overdue.map { "`\($0.item.id)`" }.joined(separator: ", ") + ")" }
        line += " as of \(today)."
        if let nextReview { line += " Review \(review.rawValue); next review \(nextReview)." }
        markdown += line + "\n\n"

        // The board: one row per plan task, one column per status.
        var board = MarkdownTable([("task", .left)] + ActionItem.Status.allCases.map { ($0.column, .left) })
        let tasks = Array(Set(shown.compactMap(\.item.task))).sorted()
        var rows: [(label: String, items: [ActionItem.Shown])] = tasks.map { task in ("Task \(task)", shown.filter { $0.item.task == task }) }
        let untasked = shown.filter { $0.item.task == nil }
        if !untasked.isEmpty { rows.append(("no task", untasked)) }
        for row in rows {
            board.append([row.label] + ActionItem.Status.allCases.map { status in
                row.items.filter { $0.status == status }.map { "`\($0.item.id)`" + ($0.overdue ? " (overdue)" : "") }.joined(separator: ", ")
            })
        }
        board.append(["**total**"] + ActionItem.Status.allCases.map { "**\(counts[$0, default: 0])**" })
        markdown += board.markdown + "\n"

        var table = MarkdownTable([("item", .left), ("title", .left), ("task", .right), ("owner", .left), ("due", .left),
                                   ("status", .left), ("evidence", .left)])
        for item in shown {
            var status = item.status.rawValue
            if item.overdue { status += " · **overdue**" }
            if item.reopened { status += " · done_when no longer holds" }
            if item.status != item.item.status, !item.reopened { status += " (written \(item.item.status.rawValue))" }
            table.append(["`\(item.item.id)`", ActionItem.oneLine(item.item.title), item.item.task.map(String.init) ?? "",
                          item.item.owner.map(ActionItem.oneLine) ?? "", item.item.due ?? "", status, item.evidence ?? ""])
        }
        markdown += table.markdown + "\n"
        if !section.changes.isEmpty {
            markdown += MarkdownText.escapedOutsideCodeSpans("*Changes on \(section.date):* " + section.changes.joined(separator: "; ")) + "\n\n"
        }
        markdown += "*Checklist kept in `\(logPath)` (updated \(section.date)).*\n"

        let itemResults: [JSONValue] = shown.map { item in
            .object(JSONObject([
                ("id", .string(item.item.id)), ("title", .string(item.item.title)),
                ("task", item.item.task.map { .number(Double($0)) } ?? .null),
                ("owner", item.item.owner.map { .string($0) } ?? .null),
                ("due", item.item.due.map { .string($0) } ?? .null),
                ("status", .string(item.status.rawValue)), ("overdue", .bool(item.overdue)),
                ("values", .object(JSONObject(item.values.map { ($0.path, $0.value) }))),
            ]))
        }
        let result: JSONValue = .object(JSONObject([
            ("items", .array(itemResults)),
            ("board", .object(JSONObject(ActionItem.Status.allCases.map { ($0.rawValue, JSONValue.number(Double(counts[$0, default: 0]))) }))),
            ("overdue", .array(overdue.map { .string($0.item.id) })),
            ("reopened", .array(reopened.map { .string($0.item.id) })),
            ("next_review", nextReview.map { .string($0) } ?? .null),
        ]))
        return DirectiveOutput(result: result, markdown: markdown, warnings: warnings)
    }
}
