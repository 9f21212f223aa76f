import Foundation

/// The headings of a page: each gets an `id` made as GitHub makes it (so `report.md#some-heading`
/// links from GitHub work on the page too) and a `#` link to itself, and the `h2`/`h3`
/// headings make the page's table of contents.
struct HTMLOutline: Sendable {
    struct Entry: Equatable, Sendable {
        var level: Int
        var id: String
        var text: String
    }

    /// The page body with ids and self-links on its headings.
    var html: String
    /// Every heading, in document order.
    var entries: [Entry]

    /// Reads the headings of `html` (sanitized: `<hN>` or `<hN title="...">`, closed by `</hN>`).
    ///
    /// - Complexity: O(`html` length).
    init(_ html: String) {
        var out = ""
        out.reserveCapacity(html.utf8.count + 1024)
        var entries: [Entry] = []
        var used: [String: Int] = [:]
        var rest = Substring(html)
        while let open = Self.nextHeading(in: rest) {
            let (range, level) = open
            guard let close = rest[range.upperBound...].range(of: "</h\(level)>") else { break }
            out += rest[..<range.lowerBound]
            let inner = rest[range.upperBound..<close.lowerBound]
            let text = Self.text(of: inner)
            var id = Self.slug(text)
            if id.isEmpty { id = "section" }
            if let n = used[id] {
                used[id] = n + 1
                id += "-\(n)"
                used[id, default: 0] += 1
            } else {
                used[id] = 1
            }
            let tag = rest[range]
            out += tag.dropLast() + " id=\"\(id)\">"
            out += "<a class=\"anchor\" href=\"#\(id)\" aria-label=\"Link to this section\">#</a>"
            out += inner
            out += "</h\(level)>"
            entries.append(Entry(level: level, id: id, text: text))
            rest = rest[close.upperBound...]
        }
        out += rest
        self.html = out
        self.entries = entries
    }

    /// The next `<hN>` or `<hN ...>` start tag and its level.
    static func nextHeading(in text: Substring) -> (Range<String.Index>, Int)? {
        var search = text
        while let start = search.range(of: "<h") {
            let after = search[start.upperBound...]
            if let digit = after.first, let level = digit.wholeNumberValue, (1...6).contains(level) {
                let next = after.dropFirst().first
                if next == ">" || next == " ", let end = after.firstIndex(of: ">") {
                    return (start.lowerBound..<after.index(after: end), level)
                }
            }
            search = after
        }
        return nil
    }

    /// The text of a heading's content: tags dropped, the references the sanitizer and
    /// cmark-gfm write decoded.
    static func text(of html: Substring) -> String {
        var text = ""
        var inTag = false
        for c in html {
            if c == "<" { inTag = true } else if c == ">" && inTag { inTag = false } else if !inTag { text.append(c) }
        }
        for (reference, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: reference, with: character)
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// GitHub's anchor for a heading text: lowercased; letters, digits, `-` and `_` kept,
    /// spaces made `-`, everything else dropped.
    static func slug(_ text: String) -> String {
        var slug = ""
        for scalar in text.lowercased().unicodeScalars {
            if scalar == " " {
                slug += "-"
            } else if scalar == "-" || scalar == "_" || scalar.properties.isAlphabetic || scalar.properties.numericType != nil
                || scalar.properties.generalCategory == .nonspacingMark {
                slug.unicodeScalars.append(scalar)
            }
        }
        return slug
    }

    /// The table of contents: the `h2` and `h3` headings as links, or nothing when the
    /// page has fewer than three of them.
    var tableOfContents: String {
        let shown = entries.filter { $0.level == 2 || $0.level == 3 }
        guard shown.count >= 3 else { return "" }
        var out = "<nav class=\"toc\" aria-label=\"Contents\">\n<p class=\"toc-title\">Contents</p>\n"
        out += shown.count > 8 ? "<ul class=\"toc-columns\">\n" : "<ul>\n"
        for entry in shown {
            out += "<li class=\"toc-h\(entry.level)\"><a href=\"#\(entry.id)\">\(HTMLExporter.escape(entry.text))</a></li>\n"
        }
        return out + "</ul>\n</nav>\n"
    }
}
