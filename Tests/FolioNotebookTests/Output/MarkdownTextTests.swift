import Testing
@testable import FolioNotebook

/// Data values in Markdown are text: escaped just enough that they cannot form HTML,
/// character references or quotes, and unchanged otherwise.
@Suite struct MarkdownTextTests {
    @Test(arguments: [
        ("<script>alert(1)</script>", "\\<script>alert(1)\\</script>"),
        ("<img src=x onerror=alert(1)>", "\\<img src=x onerror=alert(1)>"),
        ("<!-- x -->", "\\<!-- x -->"),
        ("<?xml?>", "\\<?xml?>"),
        ("<https://example.com>", "\\<https://example.com>"),
        ("&lt;script&gt;", "\\&lt;script\\&gt;"),
        ("&#60;&#x3C;", "\\&#60;\\&#x3C;"),
        ("\\<script>", "\\\\\\<script>"),
        ("> quoted", "\\> quoted"),
        ("a\n> b", "a\n\\> b"),
        // Ordinary text and numbers: byte for byte.
        ("< 1e-300", "< 1e-300"),
        ("P&L", "P&L"),
        ("AT&T R&D", "AT&T R&D"),
        // `&T;` has the shape of a reference: escaped, though CommonMark knows no such name.
        ("AT&T;", "AT\\&T;"),
        ("a > b", "a > b"),
        ("rsi_14", "rsi_14"),
        ("0.612", "0.612"),
        ("C:\\data", "C:\\data"),
    ])
    func escaped(_ input: String, _ expected: String) {
        #expect(MarkdownText.escaped(input) == expected)
    }

    @Test func codeSpansAreLeftAlone() {
        #expect(MarkdownText.escapedOutsideCodeSpans("`<b>` and <b>") == "`<b>` and \\<b>")
        #expect(MarkdownText.escapedOutsideCodeSpans("``a`<b>`` <i>") == "``a`<b>`` \\<i>")
        #expect(MarkdownText.escapedOutsideCodeSpans("`unclosed <b>") == "`unclosed \\<b>")
    }

    @Test(arguments: [
        ("rsi_14", "`rsi_14`"),
        ("a`b", "`` a`b ``"),
        ("``x``", "``` ``x`` ```"),
        ("`</code><script>", "`` `</code><script> ``"),
        ("two\nlines", "`two lines`"),
    ])
    func codeSpanHoldsAnyText(_ input: String, _ expected: String) {
        #expect(MarkdownText.code(input) == expected)
    }

    @Test func tableCellsAreText() {
        var table = MarkdownTable([("symbol", .left), ("p", .right)])
        table.append(["<script>alert(1)</script>", "< 1e-300"])
        table.append(["`<b>` | x", "**0.5**"])
        #expect(table.markdown == """
            | symbol | p |
            |---|---:|
            | \\<script>alert(1)\\</script> | < 1e-300 |
            | `<b>` \\| x | **0.5** |

            """)
    }
}
