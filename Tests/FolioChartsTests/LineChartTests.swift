import Foundation
import Testing

@testable import FolioCharts

@Suite("Line charts")
struct LineChartTests {
    static func roc() -> LineChart {
        var data = TestData(seed: 72)
        let a = data.rocCurve(shift: 0.55, count: 3000)
        let b = data.rocCurve(shift: 0.35, count: 3000)
        return LineChart(
            title: "ROC curve", xAxis: Axis(title: "False positive rate", range: 0...1),
            yAxis: Axis(title: "True positive rate", range: 0...1),
            series: [LineSeries(name: "MLP", x: a.fpr, y: a.tpr), LineSeries(name: "GRU", x: b.fpr, y: b.tpr)],
            showsDiagonal: true)
    }

    /// Points of every `M`/`L` command of a path's data.
    static func pathPoints(_ d: String) -> [[PixelPoint]] {
        var polylines: [[PixelPoint]] = []
        for subpath in d.split(separator: "M") {
            let numbers = subpath.replacingOccurrences(of: "L", with: " ").replacingOccurrences(of: "Z", with: " ")
                .replacingOccurrences(of: "h0", with: " ").split(separator: " ").compactMap { Double($0) }
            var points: [PixelPoint] = []
            var i = 0
            while i + 1 < numbers.count {
                points.append(PixelPoint(x: numbers[i], y: numbers[i + 1]))
                i += 2
            }
            polylines.append(points)
        }
        return polylines
    }

    @Test("A ROC chart renders as valid, deterministic SVG with its parts")
    func renders() throws {
        let (_, parsed) = try checkDocument(Self.roc())
        #expect(parsed.all("title").first?.text == "ROC curve")
        #expect(parsed.texts.contains("False positive rate"))
        #expect(parsed.texts.contains("True positive rate"))
        #expect(parsed.texts.contains("MLP") && parsed.texts.contains("GRU"))
        #expect(parsed.texts.contains("0.5") && parsed.texts.contains("1"))
        let strokes = parsed.all("path").filter { $0.attributes["fill"] == "none" }.compactMap { $0.attributes["stroke"] }
        #expect(strokes == ["#E69F00", "#56B4E9"])
        // Both solid: each line carries symbols in its colour, so they are not told apart by colour alone.
        #expect(parsed.all("path").contains { $0.attributes["fill"] == "#E69F00" })
        #expect(parsed.all("path").contains { $0.attributes["fill"] == "#56B4E9" })
        #expect(parsed.all("clipPath").count == 1)
        // Fonts are in the 12-14 px range.
        for element in parsed.elements {
            if let size = element.attributes["font-size"].flatMap(Double.init) {
                #expect(size >= 11 && size <= 14)
            }
        }
        #expect(parsed.root?.attributes["font-family"]?.contains("sans-serif") == true)
    }

    @Test("The legend sits in a corner that no line crosses")
    func legendAvoidsData() throws {
        let (_, parsed) = try checkDocument(Self.roc())
        let legendRect = try #require(
            parsed.elements.first { $0.name == "rect" && $0.attributes["stroke"] == Theme.legendBorder })
        let box = Rect(
            x: Double(legendRect.attributes["x"]!)!, y: Double(legendRect.attributes["y"]!)!,
            width: Double(legendRect.attributes["width"]!)!, height: Double(legendRect.attributes["height"]!)!)
        // The lines (not the symbols along them, nor those on the legend's own swatches).
        for path in parsed.all("path") where path.attributes["stroke-linejoin"] == "round" {
            for polyline in Self.pathPoints(path.attributes["d"] ?? "") where polyline.count > 1 {
                for i in 1..<polyline.count {
                    let p = polyline[i - 1]
                    let q = polyline[i]
                    #expect(!box.intersectsSegment(p.x, p.y, q.x, q.y), "segment \(p) - \(q) crosses the legend")
                }
            }
        }
        // The legend is inside the plot (between the outermost grid lines).
        let grid = parsed.all("line").filter { $0.attributes["stroke"] == Theme.grid }
        let xs = grid.flatMap { [Double($0.attributes["x1"]!)!, Double($0.attributes["x2"]!)!] }
        let ys = grid.flatMap { [Double($0.attributes["y1"]!)!, Double($0.attributes["y2"]!)!] }
        #expect(box.minX > xs.min()! && box.maxX < xs.max()!)
        #expect(box.minY > ys.min()! && box.maxY < ys.max()!)
    }

    @Test("When every corner is taken, the legend moves above the plot")
    func legendOnTop() throws {
        let x = (0...200).map { Double($0) / 200 }
        let zigzag = x.enumerated().map { $0.offset % 2 == 0 ? 0.0 : 1.0 }
        let chart = LineChart(
            title: "Dense", series: [LineSeries(name: "zigzag", x: x, y: zigzag), LineSeries(name: "flat", x: x, y: x)])
        let (_, parsed) = try checkDocument(chart)
        #expect(!parsed.elements.contains { $0.name == "rect" && $0.attributes["stroke"] == Theme.legendBorder })
        let legendText = try #require(parsed.all("text").first { $0.text == "zigzag" })
        let firstGridLine = try #require(parsed.all("line").first)
        #expect(Double(legendText.attributes["y"]!)! < Double(firstGridLine.attributes["y1"]!)!)
    }

    @Test("100,000 points are thinned to a small file, endpoints and extremes kept")
    func largeSeries() throws {
        var data = TestData(seed: 5)
        var y = 0.0
        var values: [Double] = []
        for _ in 0..<100_000 {
            y += data.normal()
            values.append(y)
        }
        let chart = LineChart(title: "Random walk", series: [LineSeries(name: "walk", y: values)])
        let clock = ContinuousClock()
        var svg = ""
        let elapsed = clock.measure { svg = chart.render() }
        #expect(svg.utf8.count < 200_000, "\(svg.utf8.count) bytes")
        #expect(elapsed < .seconds(5))
        let parsed = try ParsedSVG.parse(svg)
        let path = try #require(parsed.all("path").first { $0.attributes["stroke"] == "#E69F00" })
        let points = Self.pathPoints(path.attributes["d"]!).flatMap { $0 }
        #expect(points.count < 4_000 && points.count > 200)
        // The drawn line spans the plot: first point at the left end, last at the right end,
        // and (the y domain being fitted to the data) its extremes near the plot's edges.
        let grid = parsed.all("line").filter { $0.attributes["stroke"] == Theme.grid }
        let verticals = grid.filter { $0.attributes["x1"] == $0.attributes["x2"] }
        let plotTop = Double(verticals.first!.attributes["y1"]!)!
        let plotBottom = Double(verticals.first!.attributes["y2"]!)!
        #expect(points.first!.x < points.last!.x)
        #expect(points.map(\.y).min()! >= plotTop - 0.01 && points.map(\.y).max()! <= plotBottom + 0.01)
        #expect(points.map(\.y).min()! < plotTop + (plotBottom - plotTop) * 0.25)
        #expect(points.map(\.y).max()! > plotBottom - (plotBottom - plotTop) * 0.25)
    }

    @Test("NaN and infinite values leave gaps")
    func gaps() throws {
        let chart = LineChart(
            title: "Gaps", series: [LineSeries(name: "s", x: [0, 1, 2, 3, 4, 5], y: [1, 2, .nan, 3, .infinity, 2])])
        let (_, parsed) = try checkDocument(chart)
        let path = try #require(parsed.all("path").first { $0.attributes["stroke"] == "#E69F00" })
        let subpaths = Self.pathPoints(path.attributes["d"]!)
        #expect(subpaths.map(\.count) == [2, 1, 1])
        #expect(path.attributes["d"]!.contains("h0"), "a lone point is drawn as a dot")
    }

    @Test("Empty and all-NaN data render a chart with a No data note", arguments: [[Double](), [.nan, .nan]])
    func empty(values: [Double]) throws {
        let chart = LineChart(
            title: "Nothing", xAxis: .time(title: "Time"), series: [LineSeries(name: "s", y: values)],
            bands: [ChartBand(name: "b", x: values, lower: values, upper: values)])
        let (_, parsed) = try checkDocument(chart)
        #expect(parsed.texts.contains("No data"))
        let noSeries = LineChart(title: "", series: [])
        let (_, parsedEmpty) = try checkDocument(noSeries)
        #expect(parsedEmpty.texts.contains("No data"))
        #expect(parsedEmpty.root?.attributes["aria-label"] == "Line chart")
    }

    @Test("Mismatched lengths are reported by validate() and drawn as an error")
    func mismatch() throws {
        let chart = LineChart(title: "Broken", series: [LineSeries(name: "s", x: [1, 2, 3], y: [1, 2])])
        #expect(throws: ChartError.lengthMismatch(what: "y of series \u{201C}s\u{201D}", expected: 3, actual: 2)) {
            try chart.validate()
        }
        let (_, parsed) = try checkDocument(chart)
        #expect(parsed.texts.contains { $0.contains("Cannot draw this chart") && $0.contains("2 values, expected 3") })
        let badRange = LineChart(title: "Range", xAxis: Axis(range: 1...1), series: [])
        #expect(throws: ChartError.invalidRange(axis: "x")) { try badRange.validate() }
        try checkDocument(badRange)
        let badSize = LineChart(title: "Size", series: [], width: .nan, height: 10)
        #expect(throws: ChartError.self) { try badSize.validate() }
        try checkDocument(badSize)
        let band = LineChart(title: "Band", series: [], bands: [ChartBand(name: "b", x: [1, 2], lower: [1], upper: [1, 2])])
        #expect(throws: ChartError.self) { try band.validate() }
    }

    @Test("Markers, rules, bands, diagonal and percent ticks all appear")
    func annotations() throws {
        let x = (0...100).map { Double($0) / 100 }
        let precision = x.map { 0.3 + 0.4 * (1 - $0) * (1 - $0) }
        let chart = LineChart(
            title: "PR", xAxis: Axis(title: "Recall", range: 0...1), yAxis: Axis(title: "Precision", format: .percent),
            series: [LineSeries(name: "MLP", x: x, y: precision, interpolation: .stepAfter)],
            bands: [ChartBand(name: "band", x: x, lower: precision.map { $0 - 0.05 }, upper: precision.map { $0 + 0.05 })],
            markers: [ChartMarker(x: 0.4, y: 0.444, label: "threshold 0.62")],
            rules: [.horizontal(at: 0.298, label: "base rate"), .vertical(at: 0.5, label: "split")],
            showsDiagonal: true)
        let (_, parsed) = try checkDocument(chart)
        #expect(parsed.texts.contains("threshold 0.62"))
        #expect(parsed.texts.contains("base rate"))
        #expect(parsed.texts.contains("split"))
        #expect(parsed.texts.contains { $0.hasSuffix("%") })
        #expect(parsed.all("circle").count == 1)
        #expect(parsed.all("path").contains { $0.attributes["fill-opacity"] != nil })
        #expect(parsed.all("line").contains { $0.attributes["stroke-dasharray"] == "4 4" }, "diagonal")
    }

    @Test("A time axis is labelled at calendar boundaries")
    func timeAxis() throws {
        let start: Int64 = 1_672_531_200  // 2023-01-01
        let times = (0..<90).map { start + Int64($0) * 7 * 86_400 }
        let chart = LineChart(
            title: "Drift", xAxis: .time(title: "Week"),
            series: [LineSeries(name: "median", times: times, y: times.map { Double($0 % 1000) })])
        let (_, parsed) = try checkDocument(chart)
        #expect(parsed.texts.contains("Q1 2024"))
    }

    @Test("Element ids derive from the content: stable, and distinct across charts")
    func ids() throws {
        let a = Self.roc().render()
        var other = Self.roc()
        other.title = "ROC curve, validation"
        let b = other.render()
        let idA = try #require(ParsedSVG.parse(a).all("clipPath").first?.attributes["id"])
        let idB = try #require(ParsedSVG.parse(b).all("clipPath").first?.attributes["id"])
        #expect(idA != idB)
        #expect(idA == (try ParsedSVG.parse(Self.roc().render()).all("clipPath").first?.attributes["id"]))
        #expect(idA.hasPrefix("folio-") && idA.hasSuffix("-clip"))
    }
}

@Suite("Hostile parameters")
struct HostileParameterTests {
    @Test("Non-finite widths and opacities, huge values and reversed data never leak into the SVG")
    func hostile() throws {
        let chart = LineChart(
            title: "Hostile", xAxis: Axis(title: "x"),
            series: [
                LineSeries(name: "w", x: [0, 1, 2], y: [1e300, -1e300, 0], lineWidth: .nan),
                LineSeries(name: "v", x: [2, 1, 0], y: [3, 2, 1], lineWidth: .infinity),
            ],
            bands: [ChartBand(name: "b", x: [0, 1], lower: [0, 0], upper: [1, 1], opacity: .nan)],
            markers: [ChartMarker(x: .infinity, y: 1, label: "nowhere")],
            rules: [.vertical(at: .nan, label: "never"), .horizontal(at: 1e308, label: "far")])
        let (_, parsed) = try checkDocument(chart)
        #expect(!parsed.texts.contains("nowhere") && !parsed.texts.contains("never"))
        let ticks = NiceTicks.loose(min: -Double.greatestFiniteMagnitude, max: Double.greatestFiniteMagnitude, count: 5)
        #expect(ticks.values.count >= 2 && ticks.values.count < 1000)
    }
}
