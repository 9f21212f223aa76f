import Foundation

/// One item of an `actions` block: a task of the plan with an owner, a due date, a status
/// and, optionally, the condition over results that makes it done (`done_when`).
struct ActionItem: Sendable {
    enum Status: String, Sendable, CaseIterable {
        case todo, doing, done, blocked

        /// The board column.
        var column: String {
            switch self {
            case .todo: return "To do"
            case .doing: return "Doing"
            case .done: return "Done"
            case .blocked: return "Blocked"
            }
        }
    }

    var id: String
    var title: String
    /// The plan task (Task 1 ... Task 12), when given.
    var task: Int?
    var owner: String?
    /// `YYYY-MM-DD`.
    var due: String?
    /// The status as written in the notebook.
    var status: Status
    /// `done_when`, parsed with the claims language.
    var doneWhen: Claim?
    /// Where the item's `id` is written (for `folio check`'s overdue list).
    var location: SourceLocation
    /// Where its `due` is written, when given.
    var dueLocation: SourceLocation?

    /// An item as shown after `done_when` was evaluated.
    struct Shown: Sendable {
        var item: ActionItem
        var status: Status
        var overdue: Bool
        /// Every path `done_when` read, with the value found.
        var values: [(path: String, value: JSONValue)]
        /// Whether `done_when` was given and holds.
        var holds: Bool?
        /// Set when the item was done (as written, or at the last render) and `done_when`
        /// no longer holds: it is shown as doing.
        var reopened: Bool
    }

    /// The status after `done_when`: done while it holds; back to doing when it stops
    /// holding for an item written as done, or recorded done (or already reopened) at the
    /// last render; else the status as written.
    func shown(holds: Bool?, values: [(path: String, value: JSONValue)], previous: Status?, wasReopened: Bool = false,
               today: String) -> Shown {
        var status = self.status
        var reopened = false
        if let holds {
            if holds {
                status = .done
            } else if self.status == .done || previous == .done || wasReopened {
                status = .doing
                reopened = true
            }
        }
        let overdue = status != .done && (due.map { $0 < today } ?? false)
        return Shown(item: self, status: status, overdue: overdue, values: values, holds: holds, reopened: reopened)
    }

    /// Text on one line: newlines and runs of spaces become one space.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: { $0.isNewline || $0 == " " || $0 == "\t" }).joined(separator: " ")
    }
}

extension ActionItem.Shown {
    /// `` `path` = value `` pairs, or nil without `done_when`. A long list or an object read
    /// whole (`len(x.backlog) == 0`) is summarised by its size, so that a line stays a line.
    var evidence: String? {
        guard item.doneWhen != nil else { return nil }
        return ClaimsDirective.valueList(values.map { pair in
            switch pair.value {
            case .array(let items) where items.count > 6 || items.contains(where: { $0.isContainer }):
                return (pair.path, .string("a list of \(items.count)"))
            case .object(let object):
                return (pair.path, .string("an object of \(object.keys.count) keys"))
            default:
                return pair
            }
        })
    }

    /// The checklist line of the log (one line; comment markers neutralised by the caller).
    var logLine: String {
        var parts = ["`\(item.id)` \(ActionItem.oneLine(item.title))"]
        if let task = item.task { parts.append("task \(task)") }
        if let owner = item.owner { parts.append("owner \(ActionItem.oneLine(owner))") }
        if let due = item.due { parts.append("due \(due)") }
        parts.append("**\(status.rawValue)**" + (overdue ? " (overdue)" : ""))
        if reopened { parts.append("done_when no longer holds") }
        if let evidence { parts.append("evidence: \(evidence)") }
        return "- [\(status == .done ? "x" : " ")] " + parts.joined(separator: " · ")
    }
}

extension JSONValue {
    /// Whether the value is a list or an object.
    fileprivate var isContainer: Bool {
        switch self {
        case .array, .object: return true
        default: return false
        }
    }
}

/// Calendar days as `YYYY-MM-DD` text (UTC, Gregorian).
enum ActionDate {
    private static var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }

    /// The date of `text` when it is a real `YYYY-MM-DD` day.
    static func date(_ text: String) -> Date? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        guard let date = calendar.date(from: DateComponents(year: y, month: m, day: d)) else { return nil }
        let back = calendar.dateComponents([.year, .month, .day], from: date)
        return back.year == y && back.month == m && back.day == d ? date : nil
    }

    static func text(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    /// The first day on or after `today` that is `anchor` plus a whole number of periods.
    static func next(from anchor: String, every period: ActionsDirective.Review, onOrAfter today: String) -> String? {
        guard let start = date(anchor), let end = date(today) else { return nil }
        let step: DateComponents
        switch period {
        case .none: return nil
        case .weekly: step = DateComponents(day: 7)
        case .biweekly: step = DateComponents(day: 14)
        case .monthly: step = DateComponents(month: 1)
        }
        // Counted from the anchor each time, so a monthly review on the 31st stays on the last day.
        var candidate = start
        var periods = 0
        while candidate < end, periods < 100_000 {
            periods += 1
            var offset = step
            offset.day = step.day.map { $0 * periods }
            offset.month = step.month.map { $0 * periods }
            guard let next = calendar.date(byAdding: offset, to: start) else { return nil }
            candidate = next
        }
        return text(candidate)
    }
}
