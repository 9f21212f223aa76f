/// Removes active content from an HTML fragment by an allow-list: the elements cmark-gfm
/// writes for Markdown plus a few that authors use in reports (`details`/`summary`,
/// `sup`/`sub`, `kbd`, `br`); links only to http(s), mailto, relative paths and anchors;
/// images only from relative paths. Everything else is dropped: `script`, `style`,
/// `iframe`, `object`, `embed` and form elements, `on*` and `style` attributes,
/// `javascript:`, `vbscript:` and `data:` URLs, comments, CDATA sections and declarations.
///
/// The fragment is tokenized as a browser would (tag names and attributes in any case,
/// values quoted or not, character references in values, unclosed tags) and written
/// again from the tokens: allowed tags with their allowed attributes, re-quoted and
/// re-escaped; text with every `<` that does not start a kept tag escaped. So what a
/// browser reads is only what the allow-list kept, whatever the input's quirks.
///
/// `HTMLExporter` sanitizes the HTML made from the report's Markdown and inlines folio's
/// own SVG figures afterwards: those are trusted, because folio wrote them.
enum HTMLSanitizer {
    /// Elements kept, with the attributes each may keep (besides `globalAttributes`).
    static let allowedElements: [String: Set<String>] = [
        "a": ["href"], "img": ["src", "alt", "width", "height"],
        "p": [], "br": [], "hr": [], "div": [], "span": [],
        "h1": [], "h2": [], "h3": [], "h4": [], "h5": [], "h6": [],
        "blockquote": [], "pre": ["lang"], "code": [],
        "ul": [], "ol": ["start", "type"], "li": [], "dl": [], "dt": [], "dd": [],
        "em": [], "strong": [], "del": [], "s": [], "ins": [], "b": [], "i": [], "u": [], "mark": [], "small": [],
        "sup": [], "sub": [], "kbd": [], "samp": [], "var": [], "abbr": [], "cite": [], "q": [],
        "table": [], "thead": [], "tbody": [], "tfoot": [], "tr": [], "caption": [],
        "th": ["align", "colspan", "rowspan"], "td": ["align", "colspan", "rowspan"],
        "details": ["open"], "summary": [],
        // GFM task lists: kept as disabled checkboxes (see `attributes(of:)`).
        "input": ["type", "checked", "disabled"],
    ]

    /// Attributes any kept element may keep.
    static let globalAttributes: Set<String> = ["title"]

    /// Elements whose content is not markup (raw text or RCDATA in HTML): dropped together
    /// with everything up to their end tag.
    static let droppedWithContent: Set<String> = [
        "script", "style", "iframe", "noembed", "noframes", "noscript", "xmp", "textarea", "title", "template",
    ]

    /// URL schemes a link may use; images must be relative.
    static let linkSchemes: Set<String> = ["http", "https", "mailto"]

    /// `html` with active content removed; every kept link's `href` passes through
    /// `rewritingLink` (character references decoded) after the allow-list accepted it
    /// (nil drops the `href` and keeps the link's text). Every kept image's `src` passes
    /// through `rewritingImage` likewise: nil drops the image; the result must still be a
    /// relative URL or a `cid:` reference to a part of the same mail message.
    ///
    /// - Complexity: O(`html` length).
    static func sanitize(_ html: String, rewritingLink: (String) -> String? = { $0 },
                         rewritingImage: (String) -> String? = { $0 }) -> String {
        var tokenizer = HTMLTokenizer(html)
        var out = ""
        out.reserveCapacity(html.utf8.count)
        while let token = tokenizer.next() {
            switch token {
            case .text(let text):
                out += text
            case .lessThan:
                out += "&lt;"
            case .startTag(let tag):
                if droppedWithContent.contains(tag.name) {
                    tokenizer.skipRawText(until: tag.name)
                } else if let kept = keep(tag, rewritingLink: rewritingLink, rewritingImage: rewritingImage) {
                    out += kept
                }
            case .endTag(let name):
                if allowedElements[name] != nil, name != "br", name != "img", name != "hr", name != "input" {
                    out += "</\(name)>"
                }
            case .dropped:
                break
            }
        }
        return out
    }

    /// The tag as written again, or nil to drop it.
    private static func keep(_ tag: HTMLTokenizer.Tag, rewritingLink: (String) -> String?,
                             rewritingImage: (String) -> String?) -> String? {
        guard let allowed = allowedElements[tag.name] else { return nil }
        var kept: [(String, String)] = []
        for (name, value) in tag.attributes where allowed.contains(name) || globalAttributes.contains(name) {
            guard !kept.contains(where: { $0.0 == name }) else { continue }  // the first one counts, as in browsers
            switch (tag.name, name) {
            case ("a", "href"):
                guard isAllowedURL(value, schemes: linkSchemes) else { continue }
                guard let rewritten = rewritingLink(value), isAllowedURL(rewritten, schemes: linkSchemes) else { continue }
                kept.append((name, rewritten))
                continue
            case ("img", "src"):
                guard isAllowedURL(value, schemes: []), let rewritten = rewritingImage(value),
                      isAllowedURL(rewritten, schemes: []) || isContentIDURL(rewritten) else { return nil }
                kept.append((name, rewritten))
                continue
            case ("input", "type"):
                guard value.lowercased() == "checkbox" else { return nil }
            default:
                break
            }
            kept.append((name, value))
        }
        if tag.name == "img", !kept.contains(where: { $0.0 == "src" }) { return nil }
        if tag.name == "input" {
            guard kept.contains(where: { $0.0 == "type" }) else { return nil }
            if !kept.contains(where: { $0.0 == "disabled" }) { kept.append(("disabled", "")) }
        }
        var out = "<" + tag.name
        for (name, value) in kept { out += " \(name)=\"\(escapeAttribute(value))\"" }
        out += tag.selfClosing ? " />" : ">"
        return out
    }

    /// Whether `url` (character references already decoded) is relative, an anchor, or
    /// uses one of `schemes`. Control characters and whitespace are removed before the
    /// scheme is read, so `java\tscript:` and ` javascript:` are seen for what they are;
    /// images may not use a scheme-relative `//host` either.
    static func isAllowedURL(_ url: String, schemes: Set<String>) -> Bool {
        let cleaned = String(String.UnicodeScalarView(url.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F }))
        if schemes.isEmpty {
            let head = cleaned.prefix(2)
            if head.count == 2, head.allSatisfy({ $0 == "/" || $0 == "\\" }) { return false }
        }
        // A scheme: an ASCII letter, then letters, digits, `+`, `-`, `.`, up to the first `:`.
        // Anything else before the first `:` (`./a:b`, `#x:y`) makes a relative URL.
        guard let colon = cleaned.firstIndex(of: ":") else { return true }
        let candidate = cleaned[..<colon].unicodeScalars
        guard let first = candidate.first, first.isASCII, first.properties.isAlphabetic,
              candidate.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "+" || $0 == "-" || $0 == ".") })
        else { return true }
        return schemes.contains(String(String.UnicodeScalarView(candidate)).lowercased())
    }

    /// Whether `url` is `cid:` followed by a Content-ID's characters only (RFC 2392): a
    /// reference to an image inside the same mail message, which loads nothing.
    static func isContentIDURL(_ url: String) -> Bool {
        guard url.hasPrefix("cid:"), url.count > 4 else { return false }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_@%".utf8)
        return url.utf8.dropFirst(4).allSatisfy { allowed.contains($0) }
    }

    static func escapeAttribute(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for c in value.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "\"": out += "&quot;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
