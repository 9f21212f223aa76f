import Foundation

/// The checklist an `actions` block keeps in its log: one section between
/// `<!-- folio:actions id="..." -->` and `<!-- /folio:actions -->`, with a machine-readable
/// record (statuses, review anchor, date, last changes, and the SHA-256 of the text, which
/// tells a section edited by hand from one folio wrote).
struct ActionsSection: Sendable {
    var id: String
    var source: String
    var review: ActionsDirective.Review
    /// The day the checklist was first recorded: the review cadence counts from it.
    var anchor: String
    /// The day the checklist last changed.
    var date: String
    var items: [ActionItem.Shown]
    /// The status changes of the last change (`id: todo -> doing`).
    var changes: [String]

    /// The Markdown text between the markers (without the record).
    func body() -> String {
        var out = "### Action items from `\(source)`\n\n"
        var line = "*Updated:* \(date) · *Source:* `\(source)`"
        if review != .none { line += " · *Review:* \(review.rawValue), counted from \(anchor)" }
        out += line + "\n\n"
        for item in items { out += item.logLine + "\n" }
        if !changes.isEmpty {
            out += "\n*Changes on \(date):* " + changes.joined(separator: "; ") + "\n"
        }
        out += "\n"
        return Decision.neutralizingComments(out)
    }

    func record(bodyHash: String) -> JSONValue {
        .object(JSONObject([
            ("anchor", .string(anchor)), ("date", .string(date)),
            ("items", .object(JSONObject(items.map { ($0.item.id, JSONValue.string($0.status.rawValue)) }))),
            ("reopened", .array(items.filter(\.reopened).map { .string($0.item.id) })),
            ("changes", .array(changes.map { .string($0) })),
            ("sha256", .string(bodyHash)),
        ]))
    }

    /// The complete section, markers included. The record's `--` are escaped so that no
    /// value can close the comment that holds it.
    func logEntry() -> String {
        let body = body()
        return "<!-- folio:actions id=\"\(id)\" -->\n" + body
            + "<!-- folio:record \(record(bodyHash: sha256Hex(body)).compact().replacingOccurrences(of: "--", with: "-\\u002d")) -->\n<!-- /folio:actions -->\n"
    }

    /// The statuses recorded in a section of the log, by item id.
    static func statuses(in entry: String?) -> [String: ActionItem.Status] {
        guard let entry, case .object(let items)? = Decision.record(in: entry)?["items"] else { return [:] }
        var out: [String: ActionItem.Status] = [:]
        for (id, value) in items.pairs { if let status = value.stringValue.flatMap(ActionItem.Status.init(rawValue:)) { out[id] = status } }
        return out
    }

    /// The ids recorded as reopened (done_when stopped holding) in a section of the log.
    static func reopened(in entry: String?) -> Set<String> {
        guard let entry, case .array(let ids)? = Decision.record(in: entry)?["reopened"] else { return [] }
        return Set(ids.compactMap(\.stringValue))
    }

    /// What changed between the recorded statuses and the shown ones, in item order, then
    /// the items no longer listed.
    static func changes(from previous: [String: ActionItem.Status], to shown: [ActionItem.Shown]) -> [String] {
        var out: [String] = []
        for item in shown {
            guard let before = previous[item.item.id] else {
                out.append("`\(item.item.id)` added (\(item.status.rawValue))")
                continue
            }
            guard before != item.status else { continue }
            out.append("`\(item.item.id)` \(before.rawValue) → \(item.status.rawValue)" + (item.reopened ? " (done_when no longer holds)" : ""))
        }
        let ids = Set(shown.map(\.item.id))
        for id in previous.keys.sorted() where !ids.contains(id) { out.append("`\(id)` removed") }
        return out
    }
}
