/// GitHub's five alert kinds (`> [!NOTE]`, `> [!TIP]`, `> [!IMPORTANT]`, `> [!WARNING]`,
/// `> [!CAUTION]`): in a page, a block quote whose first line is the marker becomes a
/// titled callout in the kind's colour, as GitHub shows it, so a failed block (a caution)
/// never looks like a note. Any other block quote stays a quote.
enum HTMLAlert: String, CaseIterable, Sendable {
    case note, tip, important, warning, caution

    /// The callout's title.
    var title: String {
        switch self {
        case .note: "Note"
        case .tip: "Tip"
        case .important: "Important"
        case .warning: "Warning"
        case .caution: "Caution"
        }
    }

    /// A glyph before the title (text, so the page needs no icon font or image).
    var symbol: String {
        switch self {
        case .note: "i"
        case .tip: "✓"
        case .important: "★"
        case .warning: "!"
        case .caution: "✕"
        }
    }

    /// `html` (sanitized: block quotes written as `<blockquote>` or with a `title`) with
    /// every alert block quote turned into `<div class="alert alert-KIND">`, its marker
    /// replaced by a title paragraph. The kind is read case-insensitively, as GitHub does.
    ///
    /// - Complexity: O(`html` length).
    static func render(_ html: String) -> String {
        guard html.contains("[!") else { return html }
        var out = ""
        out.reserveCapacity(html.utf8.count + 512)
        var converted: [Bool] = []  // one per open block quote
        var rest = Substring(html)
        while let open = rest.range(of: "<blockquote") {
            let close = rest.range(of: "</blockquote>")
            if let close, close.lowerBound < open.lowerBound {
                out += rest[..<close.lowerBound]
                out += (converted.popLast() ?? false) ? "</div>" : "</blockquote>"
                rest = rest[close.upperBound...]
                continue
            }
            out += rest[..<open.lowerBound]
            guard let tagEnd = rest[open.upperBound...].firstIndex(of: ">") else {
                out += rest[open.lowerBound...]
                rest = rest[rest.endIndex...]
                break
            }
            let afterTag = rest.index(after: tagEnd)
            if let (kind, bodyStart) = marker(in: rest[afterTag...]) {
                out += "<div class=\"alert alert-\(kind.rawValue)\" role=\"note\">\n"
                out += "<p class=\"alert-title\"><span class=\"alert-symbol\" aria-hidden=\"true\">\(kind.symbol)</span>\(kind.title)</p>\n"
                out += bodyStart.opensParagraph ? "<p>" : ""
                rest = rest[bodyStart.index...]
                converted.append(true)
            } else {
                out += rest[open.lowerBound..<afterTag]
                rest = rest[afterTag...]
                converted.append(false)
            }
        }
        // Closing tags after the last opening one.
        while let close = rest.range(of: "</blockquote>") {
            out += rest[..<close.lowerBound]
            out += (converted.popLast() ?? false) ? "</div>" : "</blockquote>"
            rest = rest[close.upperBound...]
        }
        out += rest
        return out
    }

    /// The alert kind when `text` (what follows `<blockquote>`) starts with the marker
    /// paragraph, and where the quote's content resumes: after `[!KIND]\n` (the paragraph
    /// goes on, so a `<p>` is opened again) or after `[!KIND]</p>`.
    static func marker(in text: Substring) -> (HTMLAlert, (index: String.Index, opensParagraph: Bool))? {
        var t = text.drop(while: { $0 == "\n" })
        guard t.hasPrefix("<p>[!") else { return nil }
        t = t.dropFirst(5)
        guard let end = t.firstIndex(of: "]"), let kind = HTMLAlert(rawValue: t[..<end].lowercased()) else { return nil }
        let after = t[t.index(after: end)...]
        if after.hasPrefix("</p>") { return (kind, (after.index(after.startIndex, offsetBy: 4), false)) }
        if after.hasPrefix("\n") { return (kind, (after.index(after: after.startIndex), true)) }
        return nil
    }
}
