import Foundation

/// A self-contained HTML page for a report: cmark-gfm's HTML renderer, sanitized by an
/// allow-list (`HTMLSanitizer`: no script, no event handler, no `javascript:` link from a
/// notebook, a template or data), inline CSS, and every SVG figure inlined in place of its
/// image link, so the page can be mailed as one file.
enum HTMLExporter {
    static func page(markdown: String, title: String, figures: [String: String]) -> String {
        // Sanitize first, then inline the figures: the SVG files are folio's own output
        // (text escaped by FolioCharts), trusted as they are.
        var body = HTMLSanitizer.sanitize(MarkdownDocument.renderHTML(markdown))
        // Inline figures: <img src="figures/x.svg" alt="..." /> -> <figure><svg>...</svg></figure>
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
        return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        \(GeneratedFile.pageMarker)
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>
        \(css)
        </style>
        </head>
        <body>
        <main>
        \(body)</main>
        </body>
        </html>

        """
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static let css = """
    body { margin: 0; background: #fafafa; color: #1f2328; font: 15px/1.55 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; }
    main { max-width: 980px; margin: 0 auto; padding: 32px 40px 64px; background: #fff; box-shadow: 0 0 0 1px #e5e7eb; }
    h1, h2, h3 { line-height: 1.25; margin-top: 1.6em; }
    h1 { font-size: 1.9em; border-bottom: 1px solid #e5e7eb; padding-bottom: .3em; }
    h2 { font-size: 1.45em; border-bottom: 1px solid #eef0f2; padding-bottom: .25em; }
    table { border-collapse: collapse; margin: 1em 0; font-size: 13.5px; font-variant-numeric: tabular-nums; display: block; overflow-x: auto; }
    th, td { border: 1px solid #d0d7de; padding: 5px 10px; }
    th { background: #f3f4f6; font-weight: 600; }
    tr:nth-child(even) td { background: #f9fafb; }
    code { background: #f3f4f6; padding: .1em .35em; border-radius: 4px; font-size: 90%; }
    pre { background: #f6f8fa; padding: 12px 16px; overflow-x: auto; border-radius: 6px; }
    pre code { background: none; padding: 0; }
    blockquote { margin: 1em 0; padding: .5em 1em; border-left: 4px solid #d0d7de; color: #3d444d; background: #f6f8fa; }
    .figure svg { max-width: 100%; height: auto; display: block; margin: 1em 0; }
    img { max-width: 100%; }
    """
}
