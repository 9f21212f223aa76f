import Testing

@testable import FolioCharts

@Suite("Small multiples")
struct SmallMultiplesTests {
    static func panels(_ count: Int) -> [LineChart] {
        var data = TestData(seed: 24)
        return (0..<count).map { k in
            var path = [0.0]
            for _ in 0..<24 { path.append(path[path.count - 1] + data.normal() * 0.012) }
            return LineChart(
                title: "Trade \(k)", yAxis: Axis(format: .percent),
                series: [LineSeries(name: "close vs entry", y: path, color: .black, lineWidth: 1.5)],
                markers: [ChartMarker(x: 24, y: path[24], label: "timeout", color: .gray)],
                rules: [
                    .horizontal(at: 0.05, label: "+5%", color: .bluishGreen),
                    .horizontal(at: -0.02, label: "\u{2212}2%", color: .vermillion),
                ])
        }
    }

    @Test("Panels share one SVG with unique clip ids and one shared legend entry")
    func grid() throws {
        let chart = SmallMultiples(
            title: "Sampled trades", panels: Self.panels(7), columns: 3, xAxisTitle: "Bars", yAxisTitle: "Return",
            sharesYRange: true)
        let (_, parsed) = try checkDocument(chart)
        let clips = parsed.all("clipPath").compactMap { $0.attributes["id"] }
        #expect(clips.count == 7 && Set(clips).count == 7)
        #expect(parsed.texts.filter { $0 == "close vs entry" }.count == 1)
        #expect(parsed.texts.filter { $0.hasPrefix("Trade ") }.count == 7)
        #expect(parsed.texts.contains("Bars") && parsed.texts.contains("Return"))
        #expect(Double(parsed.root!.attributes["width"]!)! == 2 * 12 + 22 + 3 * 280)
    }

    @Test("A width limit lays out fewer columns and writes what panels share once")
    func fitted() throws {
        let free = SmallMultiples(
            title: "Sampled trades", panels: Self.panels(40), columns: 10, panelWidth: 225, panelHeight: 150,
            xAxisTitle: "Bars", yAxisTitle: "Return", sharesYRange: true)
        var fitted = free
        fitted.maxWidth = 960
        #expect(free.columnCount == 10 && fitted.columnCount == 4)
        let (svg, parsed) = try checkDocument(fitted)
        #expect(Double(parsed.root!.attributes["width"]!)! == 2 * 12 + 22 + 4 * 225)
        // One clip path and two shared groups (under and over the data) for 40 panels of the same axes.
        #expect(parsed.all("clipPath").count == 1)
        #expect(parsed.all("use").count >= 80)
        #expect(parsed.all("g").filter { $0.attributes["class"] == "panel" }.count == 40)
        // Each panel keeps its own title, line and marker, named for hover.
        #expect(parsed.texts.filter { $0.hasPrefix("Trade ") }.count == 40)
        #expect(parsed.all("title").filter { $0.text == "close vs entry" }.count == 40)
        #expect(parsed.all("title").filter { $0.text == "timeout" }.count == 40)
        #expect(svg.contains("xmlns:xlink=\"http://www.w3.org/1999/xlink\""))
        #expect(Double(svg.utf8.count) < 0.6 * Double(free.render().utf8.count))
    }

    @Test("A panel title too wide for its panel shrinks, then is cut with its whole text on hover")
    func panelTitlesFit() {
        #expect(LinePlotRenderer.fitted("AAPL", width: 200, size: 12) == ("AAPL", 12))
        let (shrunk, size) = LinePlotRenderer.fitted("BTCUSD 2021-06-29 08:00 · label 0", width: 213, size: 12)
        #expect(shrunk == "BTCUSD 2021-06-29 08:00 · label 0" && size < 12 && size >= 10)
        let long = "BTCUSD 2021-06-29 08:00 · label 1 ≠ bars 0, a very long title"
        let (cut, cutSize) = LinePlotRenderer.fitted(long, width: 213, size: 12)
        #expect(cut.hasSuffix("…") && cutSize == 10 && TextMetrics.width(cut, fontSize: 10, bold: true) <= 213)
        var panel = Self.panels(1)[0]
        panel.title = long
        let svg = SmallMultiples(title: "t", panels: [panel, panel], columns: 2, panelWidth: 225, panelHeight: 150, maxWidth: 960).render()
        #expect(svg.contains("<title>\(long)</title>"))
    }

    @Test("Sharing the y range gives every panel the same domain")
    func sharedRange() {
        var panels = Self.panels(4)
        SmallMultiples.shareYRange(&panels, panelHeight: 190)
        let ranges = Set(panels.compactMap { $0.yAxis.range.map { "\($0)" } })
        #expect(ranges.count == 1)
    }

    @Test("No panels render a No data note; bad columns are an error")
    func edgeCases() throws {
        let (_, parsed) = try checkDocument(SmallMultiples(title: "None", panels: []))
        #expect(parsed.texts.contains("No data"))
        let bad = SmallMultiples(title: "Bad", panels: Self.panels(2), columns: 0)
        #expect(throws: ChartError.self) { try bad.validate() }
        try checkDocument(bad)
    }
}
