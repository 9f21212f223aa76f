/// Data values written into Markdown as text: a CSV cell, a column or symbol name, an
/// MLflow parameter or tag, an error message quoting a value. Whatever they hold, they
/// must not form HTML (a `<script>` in a cell must reach the page as text) nor break out
/// of the construct folio put them in (a code span, a table cell, a callout line).
///
/// Only what could form HTML or escape is escaped, so ordinary text and numbers stay
/// byte for byte as they were (`P&L`, `< 1e-300` and `a > b` are left alone):
/// - `<` before a letter, `/`, `!` or `?` (a tag, comment, declaration or autolink) → `\<`;
/// - `&` that starts a character reference (`&lt;`, `&#60;`, `&#x3c;`) → `\&`, so it shows
///   as written instead of becoming `<`;
/// - `\` before ASCII punctuation → `\\`, so a value cannot cancel the escapes above;
/// - `>` at the start of a line (a block quote), and line breaks in values meant for
///   one line (`oneLine`).
public enum MarkdownText {
    /// `text` escaped for Markdown prose or a table cell.
    ///
    /// - Complexity: O(`text` length).
    public static func escaped(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x3C || $0 == 0x26 || $0 == 0x5C || $0 == 0x3E }) else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var atLineStart = true
        for (k, c) in scalars.enumerated() {
            let next = k + 1 < scalars.count ? scalars[k + 1] : nil
            switch c {
            case "<":
                if let next, next.isASCII, next.properties.isAlphabetic || next == "/" || next == "!" || next == "?" {
                    out.append("\\")
                }
            case "&":
                if startsCharacterReference(scalars[(k + 1)...]) { out.append("\\") }
            case "\\":
                if let next, isASCIIPunctuation(next) { out.append("\\") }
            case ">":
                if atLineStart { out.append("\\") }
            default:
                break
            }
            out.append(c)
            if c == "\n" || c == "\r" {
                atLineStart = true
            } else if c != " " && c != "\t" {
                atLineStart = false
            }
        }
        return String(out)
    }

    /// `markdown` (a table cell or a line folio wrote, whose values may be data) with its
    /// text outside code spans `escaped`; code spans, already literal, are kept as they are.
    public static func escapedOutsideCodeSpans(_ markdown: String) -> String {
        guard markdown.contains("`") else { return escaped(markdown) }
        var out = ""
        var rest = Substring(markdown)
        while let open = rest.firstIndex(of: "`") {
            let runEnd = rest[open...].firstIndex(where: { $0 != "`" }) ?? rest.endIndex
            let fence = rest[open..<runEnd]
            // The closing run: exactly as many backticks.
            var search = runEnd
            var close: Range<Substring.Index>?
            while search < rest.endIndex, let next = rest[search...].firstIndex(of: "`") {
                let end = rest[next...].firstIndex(where: { $0 != "`" }) ?? rest.endIndex
                if rest.distance(from: next, to: end) == fence.count { close = next..<end; break }
                search = end
            }
            guard let close else {
                out += escaped(String(rest[..<runEnd]))
                rest = rest[runEnd...]
                continue
            }
            out += escaped(String(rest[..<open])) + rest[open..<close.upperBound]
            rest = rest[close.upperBound...]
        }
        return out + escaped(String(rest))
    }

    /// `text` as a code span: shown literally, whatever backticks it holds (the fence is
    /// one backtick longer than its longest run, CommonMark's rule), on one line.
    public static func code(_ value: some CustomStringConvertible) -> String {
        let flat = value.description.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
        guard flat.contains("`") else { return "`\(flat)`" }
        var longest = 0, run = 0
        for c in flat {
            run = c == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        // A space on each side keeps a leading or trailing backtick apart from the fence;
        // CommonMark strips one such space on each side.
        return fence + " " + flat + " " + fence
    }

    /// `&` followed by `name;`, `#digits;` or `#xhex;`: a character reference.
    private static func startsCharacterReference(_ rest: ArraySlice<Unicode.Scalar>) -> Bool {
        var k = rest.startIndex
        guard k < rest.endIndex else { return false }
        var isDigit: (Unicode.Scalar) -> Bool = { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }
        if rest[k] == "#" {
            k += 1
            isDigit = { ("0"..."9").contains($0) }
            if k < rest.endIndex, rest[k] == "x" || rest[k] == "X" {
                k += 1
                isDigit = { $0.properties.isASCIIHexDigit }
            }
        }
        let start = k
        while k < rest.endIndex, isDigit(rest[k]) { k += 1 }
        return k > start && k < rest.endIndex && rest[k] == ";"
    }

    private static func isASCIIPunctuation(_ c: Unicode.Scalar) -> Bool {
        c.isASCII && c.value > 0x20 && c.value < 0x7F && !c.properties.isAlphabetic && !("0"..."9").contains(c)
    }
}
