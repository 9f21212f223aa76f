import Foundation

/// The `text/plain` alternative of a report mail, from the same sanitized HTML as the
/// `text/html` part: headings underlined, paragraphs and list items wrapped at `width`
/// columns, `strong` as `*text*`, links as `text <url>`, code blocks indented, quotes and
/// alerts prefixed with `> `, and tables as aligned columns when they fit in
/// `tableWidth`, else one block per row (`- first cell`, then `header: value` lines).
struct PlainTextRenderer {
    /// The column at which prose wraps.
    var width = 72
    /// The widest table drawn as aligned columns.
    var tableWidth = 78

    static let blockElements: Set<String> = [
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "table", "hr",
        "div", "details", "summary", "dl", "dt", "dd", "section",
    ]

    /// `html` as plain text, ending in one line break.
    func render(_ html: String) -> String {
        let blocks = renderBlocks(HTMLNode.parse(html), width: width)
        return blocks.map { $0.joined(separator: "\n") }.joined(separator: "\n\n") + "\n"
    }

    /// Each block as its lines.
    func renderBlocks(_ nodes: [HTMLNode], width: Int) -> [[String]] {
        var blocks: [[String]] = []
        var inline: [HTMLNode] = []
        func flushInline() {
            let text = inlineText(inline)
            inline = []
            let lines = wrap(text, width: width)
            if !lines.isEmpty { blocks.append(lines) }
        }
        for node in nodes {
            guard case .element(let name, let attributes, let children) = node, Self.blockElements.contains(name) else {
                inline.append(node)
                continue
            }
            flushInline()
            if attributes["aria-hidden"] == "true" { continue }
            let lines = renderBlock(name: name, attributes: attributes, children: children, width: width)
            if !lines.isEmpty { blocks.append(lines) }
        }
        flushInline()
        return blocks
    }

    func renderBlock(name: String, attributes: [String: String], children: [HTMLNode], width: Int) -> [String] {
        switch name {
        case "h1", "h2", "h3", "h4", "h5", "h6":
            let text = inlineText(children)
            let lines = wrap(text, width: width)
            guard let longest = lines.map(\.count).max() else { return [] }
            let rule: Character = name == "h1" ? "=" : name == "h2" ? "-" : "~"
            return lines + [String(repeating: rule, count: longest)]
        case "ul", "ol":
            var number = Int(attributes["start"] ?? "") ?? 1
            var lines: [String] = []
            for case .element("li", _, let item) in children {
                let marker = name == "ol" ? "\(number). " : "- "
                number += 1
                let body = renderBlocks(item, width: max(20, width - marker.count))
                let flat = body.enumerated().flatMap { index, block in index == 0 ? block : [""] + block }
                for (index, line) in flat.enumerated() {
                    lines.append(index == 0 ? marker + line : (line.isEmpty ? "" : String(repeating: " ", count: marker.count) + line))
                }
                if flat.isEmpty { lines.append(marker.trimmingTrailingSpaces) }
            }
            return lines
        case "blockquote":
            return quoted(renderBlocks(children, width: max(20, width - 2)))
        case "div" where (attributes["class"] ?? "").hasPrefix("alert"):
            return quoted(renderBlocks(children, width: max(20, width - 2)))
        case "pre":
            var lines = children.map(\.textContent).joined().split(separator: "\n", omittingEmptySubsequences: false)
                .map { ("    " + $0).trimmingTrailingSpaces }
            while lines.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { lines.removeLast() }
            return lines
        case "p" where attributes["class"] == "alert-title":
            return [inlineText(children).trimmingCharacters(in: .whitespaces) + ":"]
        case "hr":
            return [String(repeating: "-", count: min(width, 40))]
        case "table":
            return table(children)
        default:
            return renderBlocks(children, width: width).enumerated().flatMap { index, block in index == 0 ? block : [""] + block }
        }
    }

    private func quoted(_ blocks: [[String]]) -> [String] {
        blocks.enumerated().flatMap { index, block in index == 0 ? block : [""] + block }.map { $0.isEmpty ? ">" : "> " + $0 }
    }

    /// Inline content as one string: whitespace collapsed, `br` as a line break.
    func inlineText(_ nodes: [HTMLNode]) -> String {
        var out = ""
        for node in nodes {
            switch node {
            case .text(let text):
                out += String(text.map { $0.isNewline || $0 == "\t" ? " " : $0 }).replacingRuns()
            case .element(let name, let attributes, let children):
                if attributes["aria-hidden"] == "true" { continue }
                switch name {
                case "br": out += "\n"
                case "strong", "b": out += "*" + inlineText(children) + "*"
                case "img":
                    if let alt = attributes["alt"], !alt.isEmpty { out += "[figure: \(alt)]" } else { out += "[figure]" }
                case "input":
                    out += attributes["checked"] != nil ? "[x] " : "[ ] "
                case "a":
                    let text = inlineText(children)
                    if let href = attributes["href"], !href.isEmpty, href != text, "mailto:" + text != href {
                        out += "\(text) <\(href)>"
                    } else {
                        out += text
                    }
                default:
                    out += inlineText(children)
                }
            }
        }
        return out
    }

    /// Words of `text` in lines of at most `width` columns (a longer word stays whole);
    /// line breaks in `text` are kept.
    func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var current = ""
            for word in paragraph.split(separator: " ") {
                if current.isEmpty {
                    current = String(word)
                } else if current.count + 1 + word.count <= width {
                    current += " " + word
                } else {
                    lines.append(current)
                    current = String(word)
                }
            }
            lines.append(current)
        }
        while lines.first?.isEmpty == true { lines.removeFirst() }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    /// Rows of cells (header first), as aligned columns or as one block per row.
    func table(_ children: [HTMLNode]) -> [String] {
        var rows: [[String]] = []
        var alignments: [String] = []
        var headerRows = 0
        func collect(_ nodes: [HTMLNode], inHead: Bool) {
            for case .element(let name, _, let kids) in nodes {
                switch name {
                case "thead": collect(kids, inHead: true)
                case "tbody", "tfoot": collect(kids, inHead: false)
                case "tr":
                    var row: [String] = []
                    for case .element(let cell, let attributes, let content) in kids where cell == "td" || cell == "th" {
                        if alignments.count < row.count + 1 { alignments.append(attributes["align"] ?? "") }
                        row.append(inlineText(content).replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces))
                    }
                    rows.append(row)
                    if inHead { headerRows += 1 }
                default: break
                }
            }
        }
        collect(children, inHead: false)
        guard !rows.isEmpty else { return [] }
        let columns = rows.map(\.count).max() ?? 0
        rows = rows.map { $0 + Array(repeating: "", count: columns - $0.count) }
        let widths = (0..<columns).map { c in rows.map { $0[c].count }.max() ?? 0 }
        if widths.reduce(0, +) + 2 * (columns - 1) <= tableWidth {
            var lines: [String] = []
            for (index, row) in rows.enumerated() {
                let cells = row.enumerated().map { c, text in
                    let pad = String(repeating: " ", count: widths[c] - text.count)
                    return alignments[c] == "right" ? pad + text : text + pad
                }
                lines.append(cells.joined(separator: "  ").trimmingTrailingSpaces)
                if index == headerRows - 1 { lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")) }
            }
            return lines
        }
        let header = headerRows > 0 ? rows[headerRows - 1] : Array(repeating: "", count: columns)
        var lines: [String] = []
        for row in rows.dropFirst(headerRows) {
            if !lines.isEmpty { lines.append("") }
            for (c, text) in row.enumerated() where !text.isEmpty || c == 0 {
                let label = c == 0 || header[c].isEmpty ? "" : header[c] + ": "
                let prefix = c == 0 ? "- " : "  "
                let wrapped = wrap(label + text, width: max(20, width - 4))
                for (index, line) in wrapped.enumerated() {
                    lines.append((index == 0 ? prefix : "    ") + line)
                }
            }
        }
        return lines
    }
}

private extension StringProtocol {
    var trimmingTrailingSpaces: String {
        var s = String(self)
        while s.last == " " { s.removeLast() }
        return s
    }
}

private extension String {
    /// Runs of spaces made one.
    func replacingRuns() -> String {
        var out = ""
        out.reserveCapacity(utf8.count)
        var lastSpace = false
        for c in self {
            if c == " " {
                if !lastSpace { out.append(c) }
                lastSpace = true
            } else {
                out.append(c)
                lastSpace = false
            }
        }
        return out
    }
}
