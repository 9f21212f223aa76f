import Testing

@testable import FolioCharts

/// Coinciding series stay visible: dash patterns or symbols besides colour, histogram
/// outlines, hollow markers for thin support.
@Suite("Series that coincide")
struct SeriesDistinctionTests {
    static let x: [Double] = (0...20).map { Double($0) / 20 }

    /// Identical dashed lines (the `mean` under `weighted`): each gets its own symbols, at a
    /// phase of its own and drawn over all lines, so the hidden one still shows; the legend
    /// swatches show the symbols. A style's only named series gets none.
    @Test func coincidingSeriesGetDistinctSymbols() throws {
        let y = Self.x.map { $0 * $0 }
        let chart = LineChart(title: "F1", series: [
            LineSeries(name: "a", x: Self.x, y: Self.x),
            LineSeries(name: "mean", x: Self.x, y: y, style: .dashed),
            LineSeries(name: "weighted", x: Self.x, y: y, style: .dashed),
            LineSeries(name: "vote", x: Self.x, y: y, style: .dashed),
            LineSeries(name: "", x: Self.x, y: y),  // unnamed: a guide, left alone
        ])
        let renderer = LinePlotRenderer(chart: chart, compact: false)
        #expect(renderer.symbols == [.none, .square, .triangle, .diamond, .none])
        // Every named series differs from every other by its (style, symbol) pair.
        let pairs = chart.series.indices.filter { !chart.series[$0].name.isEmpty }.map { "\(chart.series[$0].style)/\(renderer.symbols[$0])" }
        #expect(Set(pairs).count == pairs.count)
        let svg = try ParsedSVG.parse(chart.render())
        let groups = svg.all("g").filter { $0.attributes["class"] == "symbols" }
        #expect(groups.count == 3)
        #expect(renderer.legendEntries.map(\.swatch).contains(.line(.dashed, width: 2, symbol: .square)))
    }

    /// A series that marks each data point (calibration bins) has its symbol at exactly its
    /// finite points inside the plot, one per point, even as a style's only named series.
    @Test func aSeriesCanMarkEachDataPoint() throws {
        var bins = LineSeries(name: "mlp", x: [0.1, 0.2, .nan, 0.4, 0.5], y: [0.1, 0.15, 0.2, 0.3, 0.45])
        bins.marksEveryPoint = true
        let chart = LineChart(title: "Calibration", xAxis: Axis(range: 0...0.5), yAxis: Axis(range: 0...0.5), series: [bins], showsDiagonal: true)
        let renderer = LinePlotRenderer(chart: chart, compact: false)
        #expect(renderer.symbols == [.square])
        let text = chart.render()
        _ = try ParsedSVG.parse(text)
        // The one symbols group holds a square per finite point (the NaN leaves none).
        let group = try #require(text.components(separatedBy: "<g class=\"symbols\"").dropFirst().first?.components(separatedBy: "</g>").first)
        #expect(group.components(separatedBy: "<path").count - 1 == 4)
        #expect(text.components(separatedBy: "<g class=\"symbols\"").count - 1 == 1)
    }

    /// Symbols go every `spacing` pixels of path length from the phase on.
    @Test func symbolPointsFollowThePath() {
        let line = [PixelPoint(x: 0, y: 0), PixelPoint(x: 100, y: 0), PixelPoint(x: 100, y: 50)]
        let points = LinePlotRenderer.symbolPoints([line], spacing: 40, phase: 10)
        #expect(points == [PixelPoint(x: 10, y: 0), PixelPoint(x: 50, y: 0), PixelPoint(x: 90, y: 0), PixelPoint(x: 100, y: 30)])
    }

    /// Several samples: step outlines with distinct dash patterns and no fill, so an
    /// identical sample drawn last does not cover the others; one sample keeps its fill.
    @Test func histogramSamplesAreOutlines() throws {
        let values = (0..<200).map { Double($0 % 17) / 17 }
        let histogram = Histogram(title: "Trade returns", series: [
            HistogramSeries(name: "mlp", values: values), HistogramSeries(name: "lstm", values: values),
            HistogramSeries(name: "gru", values: values),
        ], bins: .count(10))
        let chart = try histogram.lineChart()
        #expect(chart.bands.isEmpty)
        #expect(chart.series.map(\.name) == ["mlp", "lstm", "gru"])
        #expect(chart.series.map(\.style) == [.solid, .dashed, .dotted])
        let svg = try ParsedSVG.parse(histogram.render())
        let dashes = svg.all("path").compactMap { $0.attributes["stroke-dasharray"] }
        #expect(dashes.contains("6 4") && dashes.contains("2 3"))
        #expect(svg.texts.contains("lstm") && svg.texts.contains("gru"))
        let single = try Histogram(title: "One", series: [HistogramSeries(name: "mlp", values: values)], bins: .count(10)).lineChart()
        #expect(single.bands.count == 1 && single.bands[0].name == "mlp")
    }

    /// Points from few observations are rings, named in the legend when the chart says what
    /// they mean.
    @Test func hollowMarkersForThinSupport() throws {
        let thin = ChartMarker.support(x: 0.5, y: 0.1, count: 5, minimum: 30, color: .blue)
        let solid = ChartMarker.support(x: 0.4, y: 0.2, count: 30, minimum: 30, color: .blue)
        #expect(thin.isHollow && !solid.isHollow)
        var chart = LineChart(title: "EV", series: [LineSeries(name: "a", x: [0.4, 0.5], y: [0.2, 0.1])], markers: [thin, solid])
        chart.hollowMarkerLabel = "fewer than 30 signals"
        let svg = try ParsedSVG.parse(chart.render())
        let circles = svg.all("circle").filter { $0.attributes["r"] == "4.5" || $0.attributes["r"] == "5" }
        #expect(circles.contains { $0.attributes["fill"] == Theme.background && $0.attributes["stroke"] == ChartColor.blue.hex })
        #expect(circles.contains { $0.attributes["fill"] == ChartColor.blue.hex })
        #expect(svg.texts.contains("fewer than 30 signals"))
    }
}
