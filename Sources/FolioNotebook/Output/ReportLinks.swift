import Foundation

/// Rewrites a page's relative links to reports (`model_validation.md`,
/// `../phase4/label_audit.md#mismatches`) to their HTML pages (`.html`, the anchor kept),
/// so a reader clicking through the `--html` pages stays in HTML.
///
/// Only links that resolve, from the page's folder, to a report folio knows (one of
/// `reports`) change; external links (`https:`, `mailto:`, `//host`), absolute paths,
/// anchors within the page and links to any other file are left as written.
struct ReportLinks: Sendable {
    /// The folder of the page the links are in.
    var folder: URL
    /// Standardized paths of the `.md` reports whose pages may be linked.
    var reports: Set<String>

    /// No rewriting at all.
    static let none = ReportLinks(folder: URL(fileURLWithPath: "/"), reports: [])

    /// `href` (character references decoded), pointing at the report's page when it
    /// points at a known report.
    func rewrite(_ href: String) -> String {
        guard !reports.isEmpty, let target = Self.reportPath(in: href) else { return href }
        let (path, rest) = target
        let decoded = path.removingPercentEncoding ?? path
        let resolved = folder.appendingPathComponent(decoded).standardizedFileURL.path
        guard reports.contains(resolved) else { return href }
        return String(path.dropLast(3)) + ".html" + rest
    }

    /// The path of a relative link ending in `.md` and what follows it (`?query#anchor`),
    /// or nil for any other link.
    static func reportPath(in href: String) -> (path: String, rest: String)? {
        guard !href.isEmpty, !href.hasPrefix("/"), !href.hasPrefix("\\"), !href.hasPrefix("#"), !href.hasPrefix("?"),
              HTMLSanitizer.isAllowedURL(href, schemes: []) else { return nil }
        let end = href.firstIndex { $0 == "#" || $0 == "?" } ?? href.endIndex
        let path = String(href[..<end])
        guard path.lowercased().hasSuffix(".md"), path.count > 3, !path.hasSuffix("/.md") else { return nil }
        return (path, String(href[end...]))
    }
}
