import Foundation

/// `index.html` beside the reports of a `--html` render: every report with its title, a
/// link to its page, how many of its blocks failed, whether `folio check` finds it out of
/// date, and what it was rendered from. The one link to send to stakeholders.
///
/// Reports record no render time (the same inputs give the same bytes, so a render
/// changes nothing when nothing changed); the index shows what each report records
/// instead: the notebook's SHA-256 and folio's version.
struct ReportIndex: Sendable {
    struct Entry: Sendable, Equatable {
        /// The front matter's title, else the report's name.
        var title: String
        /// The report's `.md` path, as shown (relative to the project).
        var reportPath: String
        /// The page's link from the index's folder; nil when there is no page.
        var pageLink: String?
        /// Directive blocks in the notebook, and how many failed.
        var blocks: Int
        var failedBlocks: Int
        /// Errors reported for the notebook besides failed blocks (claims that do not hold, prose).
        var errors: Int
        /// Why `folio check` finds the report out of date; nil when it is current.
        var staleness: String?
        /// The first 12 hex digits of the notebook's SHA-256 and folio's version, from the results file.
        var notebookHash: String
        var folioVersion: String
    }

    var title: String
    var entries: [Entry]

    /// The folder the index goes in: the deepest folder holding every report.
    static func folder(for reports: [URL]) -> URL? {
        guard var common = reports.first?.deletingLastPathComponent().standardizedFileURL.pathComponents else { return nil }
        for report in reports.dropFirst() {
            let parts = report.deletingLastPathComponent().standardizedFileURL.pathComponents
            var n = 0
            while n < min(common.count, parts.count), common[n] == parts[n] { n += 1 }
            common = Array(common.prefix(n))
        }
        guard !common.isEmpty else { return nil }
        return URL(fileURLWithPath: NSString.path(withComponents: common), isDirectory: true)
    }

    /// `target`'s path relative to `folder` (both standardized; `target` inside `folder`).
    static func relativePath(of target: URL, from folder: URL) -> String {
        let base = folder.standardizedFileURL.pathComponents
        let parts = target.standardizedFileURL.pathComponents
        var n = 0
        while n < min(base.count, parts.count), base[n] == parts[n] { n += 1 }
        let up = Array(repeating: "..", count: base.count - n)
        return (up + parts[n...]).map { $0.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? $0 }.joined(separator: "/")
    }

    /// The page.
    var html: String {
        var body = "<h1>\(HTMLExporter.escape(title))</h1>\n"
        let failing = entries.filter { $0.failedBlocks + $0.errors > 0 }.count
        let stale = entries.filter { $0.staleness != nil }.count
        body += "<p>\(entries.count) report\(entries.count == 1 ? "" : "s")"
        body += failing == 0 ? ", none with failures" : ", <span class=\"failed\">\(failing) with failures</span>"
        body += stale == 0 ? ", all up to date." : ", <span class=\"stale\">\(stale) out of date</span> (run <code>folio render</code>)."
        body += "</p>\n"
        body += "<div class=\"table-scroll\" role=\"region\" aria-label=\"Reports, scrolls sideways\" tabindex=\"0\"><table class=\"index\">\n"
        body += "<thead>\n<tr><th>Report</th><th>Blocks</th><th>Failed</th><th>Status</th><th>Rendered from</th></tr>\n</thead>\n<tbody>\n"
        for entry in entries {
            let e = HTMLExporter.escape
            let name = entry.pageLink.map { "<a href=\"\(e($0))\">\(e(entry.title))</a>" } ?? e(entry.title) + " (no page)"
            body += "<tr><td>\(name)<br><small><code>\(e(entry.reportPath))</code></small></td>"
            body += "<td class=\"number\">\(entry.blocks)</td>"
            let failed = entry.failedBlocks + entry.errors
            let failedText = entry.errors > 0 ? "\(entry.failedBlocks) + \(entry.errors) error\(entry.errors == 1 ? "" : "s")" : "\(entry.failedBlocks)"
            body += "<td class=\"number\(failed > 0 ? " failed" : "")\">\(failedText)</td>"
            if let staleness = entry.staleness {
                body += "<td class=\"stale\" title=\"\(e(staleness))\">out of date: \(e(staleness))</td>"
            } else {
                body += "<td>up to date</td>"
            }
            body += "<td>notebook <code>\(e(entry.notebookHash))</code>, folio \(e(entry.folioVersion))</td></tr>\n"
        }
        body += "</tbody>\n</table></div>\n"
        body += "<p><small>Reports record no render time: the same notebook, data and folio give the same bytes. "
        body += "&ldquo;Rendered from&rdquo; is what each report records; &ldquo;out of date&rdquo; is what <code>folio check</code> says.</small></p>\n"
        return HTMLExporter.document(title: title, body: body)
    }
}
