import Testing

@testable import FolioCharts

@Suite("Text escaping")
struct XMLEscapeTests {
    @Test("Markup characters are escaped in text and attributes")
    func escapes() {
        #expect(XMLEscape.text("a < b & c > d") == "a &lt; b &amp; c &gt; d")
        #expect(XMLEscape.attribute("say \"hi\" & 'bye'") == "say &quot;hi&quot; &amp; &apos;bye&apos;")
        #expect(XMLEscape.text("plain ASCII") == "plain ASCII")
        #expect(XMLEscape.text("ünïcödé −2% ✓") == "ünïcödé −2% ✓")
    }

    @Test("Characters XML forbids are dropped")
    func forbidden() {
        #expect(XMLEscape.text("a\u{0}b\u{1B}c\u{FFFE}") == "abc")
        #expect(XMLEscape.attribute("line\nbreak") == "line&#10;break")
    }

    @Test("User strings survive a round trip through an XML parser")
    func roundTrip() throws {
        let hostile = "P&L <USD> \"net\" 'gross' ]]> <!-- x --> <script>alert(1)</script>\u{7}"
        let chart = BarChart(
            title: hostile, categories: [hostile, "b"], series: [BarSeries(name: hostile, values: [1, -1])],
            valueAxis: Axis(title: hostile))
        let (_, parsed) = try checkDocument(chart)
        let clean = hostile.replacingOccurrences(of: "\u{7}", with: "")
        #expect(parsed.all("title").first?.text == clean)
        #expect(parsed.root?.attributes["aria-label"] == clean)
        #expect(parsed.texts.contains(clean))
        #expect(parsed.all("script").isEmpty)
    }
}

import Foundation
