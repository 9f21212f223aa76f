import Testing

@testable import FolioCharts

@Suite("Bar charts")
struct BarChartTests {
    static let symbols = ["AAPL", "MSFT", "BTCUSD", "ETHUSD", "NVDA"]

    @Test("Vertical grouped bars render with one rect per finite value and a legend")
    func grouped() throws {
        let chart = BarChart(
            title: "F1 by split", categories: ["train", "val", "test"],
            series: [
                BarSeries(name: "MLP", values: [0.52, 0.44, 0.41]), BarSeries(name: "LSTM", values: [0.55, 0.42, 0.39]),
                BarSeries(name: "GRU", values: [0.50, 0.43, .nan]),
            ], valueAxis: Axis(title: "F1"), showsValueLabels: true, valueFormat: .fixed(2))
        let (_, parsed) = try checkDocument(chart)
        let bars = parsed.all("rect").filter { ["#E69F00", "#56B4E9", "#009E73"].contains($0.attributes["fill"] ?? "") }
        #expect(bars.filter { $0.attributes["width"] != nil && $0.attributes["x"] != nil }.count >= 8)
        #expect(bars.filter { $0.attributes["fill"] == "#009E73" && $0.attributes["height"] != "12" }.count == 2)
        #expect(parsed.texts.contains("0.52") && parsed.texts.contains("0.39"))
        #expect(parsed.texts.contains("MLP") && parsed.texts.contains("GRU"))
        #expect(parsed.texts.contains("train") && parsed.texts.contains("test"))
    }

    @Test("Error bars: a whisker and two caps per bar with an error, spanning value ± error")
    func errorBars() throws {
        let chart = BarChart(
            title: "Permutation importance", categories: ["atr", "ret_1", "dead"],
            series: [BarSeries(name: "train", values: [0.04, 0.01, 0], color: .blue, errors: [0.01, 0, .nan])],
            orientation: .horizontal, valueAxis: Axis(range: 0...0.06))
        let (_, parsed) = try checkDocument(chart)
        let start = try #require(parsed.elements.firstIndex { $0.name == "g" && $0.attributes["class"] == "errors" })
        let depth = parsed.elements[start].depth
        let lines = parsed.elements[(start + 1)...].prefix { $0.depth > depth }.filter { $0.name == "line" }
        // Only the first bar has an error: one whisker and two caps.
        #expect(lines.count == 3)
        let bar = try #require(parsed.all("rect").first { $0.attributes["fill"] == ChartColor.blue.hex })
        let width = try #require(Double(bar.attributes["width"] ?? ""))
        let whisker = lines[0]
        let span = try #require(Double(whisker.attributes["x2"] ?? "")) - (try #require(Double(whisker.attributes["x1"] ?? "")))
        // 0.03 ... 0.05 is half of the bar's 0 ... 0.04.
        #expect(abs(span - width / 2) < 0.05)
        let mismatched = BarChart(title: "x", categories: ["a", "b"], series: [BarSeries(name: "s", values: [1, 2], errors: [0.1])])
        #expect(throws: ChartError.lengthMismatch(what: "errors of series \u{201C}s\u{201D}", expected: 2, actual: 1)) { try mismatched.validate() }
    }

    @Test("Signed horizontal bars grow both ways from a zero line and are coloured by sign")
    func signed() throws {
        let values = [1200, -3400, 560, -90, 4100.0]
        let chart = BarChart(
            title: "P&L per symbol", categories: Self.symbols, series: [BarSeries(name: "P&L", values: values)],
            orientation: .horizontal, valueAxis: Axis(title: "USD"), showsValueLabels: true, colorsBySign: true)
        let (_, parsed) = try checkDocument(chart)
        let positive = parsed.all("rect").filter { $0.attributes["fill"] == ChartColor.blue.hex }
        let negative = parsed.all("rect").filter { $0.attributes["fill"] == ChartColor.vermillion.hex }
        #expect(positive.count == 3 && negative.count == 2)
        // Negative bars end where positive bars start: at the zero line.
        let zeroFromNegative = negative.map { Double($0.attributes["x"]!)! + Double($0.attributes["width"]!)! }
        let zeroFromPositive = positive.map { Double($0.attributes["x"]!)! }
        for z in zeroFromNegative + zeroFromPositive {
            #expect(abs(z - zeroFromPositive[0]) < 0.02)
        }
        #expect(parsed.texts.contains("\u{2212}3400"))
        #expect(parsed.texts.contains("4100"))
    }

    @Test("Many categories rotate their labels; a horizontal chart grows with its categories")
    func manyCategories() throws {
        let names = (0..<143).map { "SYMBOL\($0)" }
        let values = names.indices.map { Double($0 % 17) - 8 }
        let vertical = BarChart(title: "Trades", categories: names, series: [BarSeries(name: "n", values: values)])
        let (_, parsed) = try checkDocument(vertical)
        #expect(parsed.all("text").contains { $0.attributes["transform"]?.hasPrefix("rotate(-45") == true })
        let horizontal = BarChart(
            title: "Trades", categories: names, series: [BarSeries(name: "n", values: values)], orientation: .horizontal)
        let (_, parsedH) = try checkDocument(horizontal)
        #expect(Double(parsedH.root!.attributes["height"]!)! >= 143 * 18)
    }

    @Test("No categories or no finite values render a No data note")
    func empty() throws {
        let (_, none) = try checkDocument(BarChart(title: "Empty", categories: [], series: []))
        #expect(none.texts.contains("No data"))
        let (_, nan) = try checkDocument(
            BarChart(title: "NaN", categories: ["a"], series: [BarSeries(name: "s", values: [.nan])]))
        #expect(nan.texts.contains("No data"))
    }

    @Test("A series with the wrong number of values is an error")
    func mismatch() throws {
        let chart = BarChart(title: "Bad", categories: ["a", "b"], series: [BarSeries(name: "s", values: [1])])
        #expect(throws: ChartError.lengthMismatch(what: "series \u{201C}s\u{201D}", expected: 2, actual: 1)) {
            try chart.validate()
        }
        let (_, parsed) = try checkDocument(chart)
        #expect(parsed.texts.contains { $0.contains("Cannot draw this chart") })
    }
}
