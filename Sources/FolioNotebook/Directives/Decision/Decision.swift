import Foundation

/// A decision as the `decision` directive records it.
struct Decision: Sendable, Equatable {
    enum Status: String, Sendable, CaseIterable { case proposed, accepted, superseded }

    struct Evidence: Sendable, Equatable {
        var name: String
        var value: JSONValue
        /// The reference as written (`sweep.primary.threshold`), or nil for a literal.
        var reference: String?
    }

    var id: String
    var title: String
    var status: Status
    var context: String?
    var decision: String
    var alternatives: [String]
    var consequences: String?
    var evidence: [Evidence]
    /// Data files the evidence rests on: project-relative path and SHA-256.
    var data: [(path: String, sha256: String)]
    var source: String

    static func == (a: Decision, b: Decision) -> Bool {
        a.id == b.id && a.title == b.title && a.status == b.status && a.context == b.context && a.decision == b.decision
            && a.alternatives == b.alternatives && a.consequences == b.consequences && a.evidence == b.evidence
            && a.data.map(\.path) == b.data.map(\.path) && a.data.map(\.sha256) == b.data.map(\.sha256) && a.source == b.source
    }

    /// The machine-readable record kept in the log entry, for `folio check`; with the
    /// SHA-256 of the entry's text (`body`), which tells an entry edited by hand from one
    /// folio wrote. Entries written before the hash existed have none (`bodyHash` nil).
    func record(bodyHash: String?) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("evidence", .object(JSONObject(evidence.map { ($0.name, $0.value) }))),
            ("data", .object(JSONObject(data.map { ($0.path, JSONValue.string($0.sha256)) }))),
        ]
        if let bodyHash { pairs.append(("sha256", .string(bodyHash))) }
        return .object(JSONObject(pairs))
    }

    /// The Markdown body shared by the report and the log entry.
    func body(date: String, headingLevel: Int) -> String {
        let oneLineTitle = title.split(whereSeparator: \.isNewline).joined(separator: " ")
        var out = "\(String(repeating: "#", count: headingLevel)) \(id): \(oneLineTitle)\n\n"
        out += "*Status:* **\(status.rawValue)** · *Recorded:* \(date) · *Source:* `\(source)`\n\n"
        if let context { out += "**Context.** \(context.trimmingCharacters(in: .whitespacesAndNewlines))\n\n" }
        out += "**Decision.** \(decision.trimmingCharacters(in: .whitespacesAndNewlines))\n\n"
        if !alternatives.isEmpty {
            out += "**Alternatives considered.**\n\n"
            for alternative in alternatives { out += "- \(alternative.trimmingCharacters(in: .whitespacesAndNewlines))\n" }
            out += "\n"
        }
        if let consequences { out += "**Consequences.** \(consequences.trimmingCharacters(in: .whitespacesAndNewlines))\n\n" }
        if !evidence.isEmpty {
            out += "**Evidence** (resolved when the notebook rendered):\n\n| evidence | value | from |\n|---|---:|---|\n"
            for item in evidence {
                let value = item.value.inlineText(format: nil).replacingOccurrences(of: "|", with: "\\|")
                out += "| \(item.name) | \(value) | \(item.reference.map { "`\($0)`" } ?? "literal") |\n"
            }
            out += "\n"
        }
        if !data.isEmpty {
            out += "**Data:** " + data.map { "`\($0.path)` (sha256 `\($0.sha256.prefix(12))`)" }.joined(separator: ", ") + "\n\n"
        }
        return Decision.neutralizingComments(out)
    }

    /// `text` with every `<!--` and `-->` turned into entities (they read the same in
    /// Markdown), so that no field of a decision can open or close an HTML comment, and
    /// so cannot form or end one of the log's markers.
    static func neutralizingComments(_ text: String) -> String {
        guard text.contains("<!--") || text.contains("-->") else { return text }
        return text.replacingOccurrences(of: "<!--", with: "&lt;!--").replacingOccurrences(of: "-->", with: "--&gt;")
    }

    /// The first line of an entry.
    func startMarker() -> String { "<!-- folio:decision id=\"\(id)\" -->\n" }

    /// The complete log entry, markers included; `hashed: false` gives the form entries had
    /// before the record carried the text's hash (to recognise them unchanged).
    func logEntry(date: String, hashed: Bool = true) -> String {
        let body = body(date: date, headingLevel: 3)
        let record = record(bodyHash: hashed ? sha256Hex(body) : nil)
        return startMarker() + body
            + "<!-- folio:record \(record.compact().replacingOccurrences(of: "--", with: "-\\u002d")) -->\n<!-- /folio:decision -->\n"
    }

    /// Whether an existing entry's text differs from the hash its record holds: someone
    /// edited it inside folio's markers. Entries without a hash count as unedited.
    static func isEditedByHand(_ entry: String) -> Bool {
        guard let recorded = record(in: entry)?["sha256"]?.stringValue,
              let firstLineEnd = entry.firstIndex(of: "\n"),
              let recordStart = entry.range(of: "<!-- folio:record ") else { return false }
        let body = entry[entry.index(after: firstLineEnd)..<recordStart.lowerBound]
        return sha256Hex(String(body)) != recorded
    }

    /// The notebook recorded as an entry's source (`*Source:* \`path\``).
    static func recordedSource(in entry: String) -> String? {
        guard let status = entry.range(of: "\n*Status:* **"),
              let range = entry[status.upperBound...].range(of: "*Source:* `") else { return nil }
        return String(entry[range.upperBound...].prefix(while: { $0 != "`" && $0 != "\n" }))
    }

    /// The date recorded in an existing entry.
    static func recordedDate(in entry: String) -> String? {
        // After the status line: the title above it could hold the same words.
        guard let status = entry.range(of: "\n*Status:* **"),
              let range = entry[status.upperBound...].range(of: "*Recorded:* ") else { return nil }
        return String(entry[range.upperBound...].prefix(while: { $0 != " " && $0 != "\n" }))
    }

    /// The record of an existing entry.
    static func record(in entry: String) -> JSONObject? {
        guard let start = entry.range(of: "<!-- folio:record "), let end = entry[start.upperBound...].range(of: " -->"),
              case .object(let object)? = try? JSONValue(parsing: String(entry[start.upperBound..<end.lowerBound])) else { return nil }
        return object
    }

    /// Today's date (UTC), or `FOLIO_DATE` when set (for reproducible tests).
    static func today() -> String {
        if let fixed = ProcessInfo.processInfo.environment["FOLIO_DATE"], !fixed.isEmpty { return fixed }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day], from: Date())
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }
}
