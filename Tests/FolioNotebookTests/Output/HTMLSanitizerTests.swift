import Testing
@testable import FolioNotebook

/// Hostile HTML in, what a page may carry out: the allow-list keeps Markdown's elements
/// and a few more, and drops everything that runs or loads active content.
@Suite struct HTMLSanitizerTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var input: String
        var expected: String
        var testDescription: String { input }
        init(_ input: String, _ expected: String) {
            self.input = input
            self.expected = expected
        }
    }

    static let hostile: [Case] = [
        // Elements that run, load or submit, with their content where it is not markup.
        Case("<script>alert(1)</script>ok", "ok"),
        Case("<SCRIPT SRC=//x.example/x.js></SCRIPT>", ""),
        Case("<script>unclosed", ""),
        Case("<iframe src=\"https://evil.example\"></iframe>after", "after"),
        Case("<object data=\"x.swf\"></object><embed src=\"x.swf\">", ""),
        Case("<style>body { background: url(javascript:alert(1)) }</style>", ""),
        Case("<form action=\"https://evil.example\"><input type=\"text\" name=\"q\"><button>go</button></form>", "go"),
        Case("<textarea><script>alert(1)</script></textarea>", ""),
        Case("<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">", "<img src=\"x\">\">"),
        Case("<svg onload=alert(1)><circle r=\"1\"/></svg>", ""),
        Case("<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>", "x"),
        Case("<base href=\"https://evil.example/\"><meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\"><link rel=stylesheet href=x>", ""),
        // Event handlers and styles.
        Case("<img src=x onerror=alert(1)>", "<img src=\"x\">"),
        Case("<p onclick=\"alert(1)\" OnMouseOver='alert(2)'>x</p>", "<p>x</p>"),
        Case("<div style=\"background:url(javascript:alert(1))\">x</div>", "<div>x</div>"),
        Case("<img src=x onerror=\"alert(1)", ""),
        // URLs: schemes in any case, with references, whitespace and controls.
        Case("<a href=\"javascript:alert(1)\">x</a>", "<a>x</a>"),
        Case("<a href=\"JaVaScRiPt:alert(1)\">x</a>", "<a>x</a>"),
        Case("<a href=\"jav&#x61;script:alert(1)\">x</a>", "<a>x</a>"),
        Case("<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">x</a>", "<a>x</a>"),
        Case("<a href=\"&#x6A&#x61&#x76&#x61script:alert(1)\">x</a>", "<a>x</a>"),
        Case("<a href=javascript&colon;alert(1)>x</a>", "<a>x</a>"),
        Case("<a href=\"java\tscript:alert(1)\">x</a>", "<a>x</a>"),
        Case("<a href=\"java&#9;script:alert(1)\">x</a>", "<a>x</a>"),
        Case("<a href=\"java&Tab;script:alert(1)\">x</a>", "<a>x</a>"),
        Case("<a href=\" \u{01}javascript:alert(1)\">x</a>", "<a>x</a>"),
        Case("<a href=\"vbscript:msgbox(1)\">x</a>", "<a>x</a>"),
        Case("<a href=\"data:text/html;base64,PHNjcmlwdD4=\">x</a>", "<a>x</a>"),
        Case("<img src=\"javascript:alert(1)\">", ""),
        Case("<img src=\"data:image/svg+xml,<svg onload=alert(1)>\">", ""),
        Case("<img src=\"https://tracker.example/p.gif\">", ""),
        Case("<img src=\"//tracker.example/p.gif\">", ""),
        Case("<img src=\"\\\\tracker.example/p.gif\">", ""),
        // Attribute values are re-quoted and re-escaped.
        Case("<p title=\"&quot;><script>alert(1)</script>\">x</p>", "<p title=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\">x</p>"),
        Case("<p title='a\"b'>x</p>", "<p title=\"a&quot;b\">x</p>"),
        // Comments, CDATA, declarations, processing instructions.
        Case("<!-- <script>alert(1)</script> -->ok", "ok"),
        Case("<!-->ok", "ok"),
        Case("<!-- unclosed <script>alert(1)</script>", ""),
        Case("<![CDATA[<script>alert(1)</script>]]>", "alert(1)]]>"),
        Case("<!DOCTYPE html>x", "x"),
        Case("<?php echo 1 ?>x", "x"),
        // Malformed tags.
        Case("<scr<script>ipt>alert(1)</script>", "ipt>alert(1)"),
        Case("<<script>script>alert(1)<</script>/script>", "&lt;/script>"),
        Case("a < b and c > d", "a &lt; b and c > d"),
        Case("</>x</ x>", "x"),
        Case("<a href=\"http://ok.example\">x</a", "<a href=\"http://ok.example\">x"),
    ]

    static let kept: [Case] = [
        // What cmark-gfm writes for Markdown stays byte for byte.
        Case("<h1>Title</h1>\n<p>Some <em>text</em> and <strong>more</strong>, <code>x &lt; y</code>.</p>",
             "<h1>Title</h1>\n<p>Some <em>text</em> and <strong>more</strong>, <code>x &lt; y</code>.</p>"),
        Case("<table>\n<thead>\n<tr>\n<th align=\"right\">n</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td align=\"right\">1</td>\n</tr>\n</tbody>\n</table>",
             "<table>\n<thead>\n<tr>\n<th align=\"right\">n</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td align=\"right\">1</td>\n</tr>\n</tbody>\n</table>"),
        Case("<p><img src=\"figures/n-ds-rows.svg\" alt=\"Rows &amp; more\" /></p>", "<p><img src=\"figures/n-ds-rows.svg\" alt=\"Rows &amp; more\" /></p>"),
        Case("<ul>\n<li><input type=\"checkbox\" checked=\"\" disabled=\"\" /> done</li>\n</ul>",
             "<ul>\n<li><input type=\"checkbox\" checked=\"\" disabled=\"\" /> done</li>\n</ul>"),
        Case("<blockquote>\n<p>[!CAUTION]</p>\n</blockquote>\n<hr />\n<pre lang=\"swift\"><code>let x = 1\n</code></pre>",
             "<blockquote>\n<p>[!CAUTION]</p>\n</blockquote>\n<hr />\n<pre lang=\"swift\"><code>let x = 1\n</code></pre>"),
        Case("<a href=\"https://example.com/?a=1&amp;b=2\" title=\"t\">x</a> <a href=\"#top\">up</a> <a href=\"../other.md\">o</a> <a href=\"mailto:a@example.com\">m</a>",
             "<a href=\"https://example.com/?a=1&amp;b=2\" title=\"t\">x</a> <a href=\"#top\">up</a> <a href=\"../other.md\">o</a> <a href=\"mailto:a@example.com\">m</a>"),
        // Allowed raw HTML from authors.
        Case("<details open><summary>More</summary>\n<p>x</p>\n</details>", "<details open=\"\"><summary>More</summary>\n<p>x</p>\n</details>"),
        Case("H<sub>2</sub>O, x<sup>2</sup>, <kbd>Ctrl</kbd><br>", "H<sub>2</sub>O, x<sup>2</sup>, <kbd>Ctrl</kbd><br>"),
        Case("<DETAILS><SUMMARY>Upper</SUMMARY></DETAILS>", "<details><summary>Upper</summary></details>"),
        // A checkbox is always disabled; other inputs go.
        Case("<input type=\"checkbox\" checked>", "<input type=\"checkbox\" checked=\"\" disabled=\"\">"),
    ]

    @Test(arguments: hostile)
    func hostileInputIsDisarmed(_ testCase: Case) {
        #expect(HTMLSanitizer.sanitize(testCase.input) == testCase.expected)
    }

    @Test(arguments: kept)
    func markdownOutputIsKept(_ testCase: Case) {
        #expect(HTMLSanitizer.sanitize(testCase.input) == testCase.expected)
    }

    @Test(arguments: [
        ("figures/x.svg", true), ("./a:b.png", true), ("#x:y", true), ("x", true),
        ("javascript:x", false), ("https://x", false), ("//x", false), ("/\\x", false), ("a:b", false),
    ])
    func imageSourcesMustBeRelative(url: String, allowed: Bool) {
        #expect(HTMLSanitizer.isAllowedURL(url, schemes: []) == allowed)
    }
}
