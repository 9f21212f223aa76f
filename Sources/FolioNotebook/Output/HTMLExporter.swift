import Foundation

/// A self-contained HTML page for a report: cmark-gfm's HTML renderer, sanitized by an
/// allow-list (`HTMLSanitizer`: no script, no event handler, no `javascript:` link from a
/// notebook, a template or data), links to other reports pointed at their pages
/// (`ReportLinks`), GitHub's alerts as callouts (`HTMLAlert`), headings with anchors and a
/// table of contents (`HTMLOutline`), tables in a scrolling box, inline CSS
/// (`HTMLPageStyle`: light and dark schemes, print), and every SVG figure inlined in place
/// of its image link, so the page can be mailed as one file and loads nothing.
enum HTMLExporter {
    static func page(markdown: String, title: String, figures: [String: String], links: ReportLinks = .none) -> String {
        // Sanitize first, then add folio's own markup and inline the figures: the SVG files
        // are folio's own output (text escaped by FolioCharts), trusted as they are.
        let sanitized = HTMLSanitizer.sanitize(MarkdownDocument.renderHTML(markdown), rewritingLink: links.rewrite)
        let outline = HTMLOutline(HTMLAlert.render(sanitized))
        var body = wrapTables(outline.html)
        body = insert(outline.tableOfContents, into: body)
        body = inlineFigures(figures, in: body)
        return document(title: title, body: body)
    }

    /// The page around `body`: head with the generator tag, viewport, title and style.
    static func document(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        \(GeneratedFile.pageMarker)
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="light dark">
        <title>\(escape(title))</title>
        <style>
        \(HTMLPageStyle.css)
        </style>
        </head>
        <body>
        <main>
        \(body)</main>
        </body>
        </html>

        """
    }

    /// The table of contents after the page's first `h1` when it opens the page, else first.
    static func insert(_ toc: String, into body: String) -> String {
        guard !toc.isEmpty else { return body }
        let start = body.firstIndex { !$0.isWhitespace } ?? body.endIndex
        if body[start...].hasPrefix("<h1"), let end = body.range(of: "</h1>\n") {
            return String(body[..<end.upperBound]) + toc + body[end.upperBound...]
        }
        return toc + body
    }

    /// Every table in a box that scrolls sideways (with shadows at the clipped edges),
    /// reachable by keyboard.
    static func wrapTables(_ html: String) -> String {
        guard html.contains("<table") else { return html }
        var out = html.replacingOccurrences(
            of: "<table(?=[ >])", with: "<div class=\"table-scroll\" role=\"region\" aria-label=\"Table, scrolls sideways\" tabindex=\"0\"><table",
            options: .regularExpression)
        out = out.replacingOccurrences(of: "</table>", with: "</table></div>")
        return out
    }

    /// `<img src="figures/x.svg" alt="..." />` -> `<span class="figure"><svg>...</svg></span>`.
    static func inlineFigures(_ figures: [String: String], in html: String) -> String {
        var body = html
        for (link, svg) in figures.sorted(by: { $0.key < $1.key }) {
            var inline = svg
            if inline.hasPrefix("<?xml"), let end = inline.range(of: "?>") {
                inline = String(inline[end.upperBound...]).trimmingCharacters(in: .whitespacesAndNewlines)
            }
            let pattern = "<img src=\"\(link)\""
            while let start = body.range(of: pattern) {
                guard let close = body[start.upperBound...].range(of: "/>") else { break }
                body.replaceSubrange(start.lowerBound..<close.upperBound, with: "<span class=\"figure\">\(inline)</span>")
            }
        }
        return body
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
