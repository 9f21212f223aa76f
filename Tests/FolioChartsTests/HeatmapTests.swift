import Testing

@testable import FolioCharts

@Suite("Heatmaps")
struct HeatmapTests {
    static let confusion = Heatmap(
        title: "Confusion matrix", values: [[81_234, 11_280], [24_987, 14_310]], rowLabels: ["0", "1"],
        columnLabels: ["0", "1"], rowAxisTitle: "Actual", columnAxisTitle: "Predicted")

    @Test("Cells carry their values with grouping, labels and axis titles")
    func confusionMatrix() throws {
        let (_, parsed) = try checkDocument(Self.confusion)
        for text in ["81,234", "11,280", "24,987", "14,310", "Actual", "Predicted"] {
            #expect(parsed.texts.contains(text), "\(text)")
        }
        #expect(parsed.all("linearGradient").count == 1)
    }

    @Test("Text colour is chosen for contrast with the cell")
    func contrast() throws {
        let (_, parsed) = try checkDocument(Self.confusion)
        let dark = try #require(parsed.all("text").first { $0.text == "81,234" })
        let light = try #require(parsed.all("text").first { $0.text == "11,280" })
        #expect(dark.attributes["fill"] == "#FFFFFF")
        #expect(light.attributes["fill"] == Theme.text)
        #expect(ChartColor.black.contrastRatio(with: ChartColor(red: 255, green: 255, blue: 255)) > 20.9)
    }

    @Test("A diverging scale is symmetric around its center")
    func diverging() throws {
        let chart = Heatmap(
            title: "Correlation", values: [[1, -0.5], [-0.5, 1]], rowLabels: ["a", "b"], columnLabels: ["a", "b"],
            colorScale: .diverging(center: 0), valueFormat: .fixed(2))
        let (_, parsed) = try checkDocument(chart)
        #expect(parsed.texts.contains("1.00") && parsed.texts.contains("\u{2212}0.50"))
        #expect(HeatmapRenderer.domain(chart).map { [$0.0, $0.1] } == [-1, 1])
        #expect(HeatmapColorScale.diverging(center: 0).color(at: 0.5).hex == "#F7F7F7")
    }

    @Test("NaN cells and an empty matrix are handled")
    func missing() throws {
        let withNaN = Heatmap(title: "Gaps", values: [[1, .nan]], rowLabels: ["r"], columnLabels: ["a", "b"])
        let (_, parsed) = try checkDocument(withNaN)
        #expect(parsed.texts.contains("n/a"))
        let empty = Heatmap(title: "Empty", values: [], rowLabels: [], columnLabels: [])
        let (_, parsedEmpty) = try checkDocument(empty)
        #expect(parsedEmpty.texts.contains("No data"))
    }

    @Test("A ragged matrix is an error")
    func ragged() throws {
        let chart = Heatmap(title: "Ragged", values: [[1, 2], [3]], rowLabels: ["a", "b"], columnLabels: ["x", "y"])
        #expect(throws: ChartError.raggedMatrix(row: 1, expected: 2, actual: 1)) { try chart.validate() }
        let (_, parsed) = try checkDocument(chart)
        #expect(parsed.texts.contains { $0.contains("row 1 has 1 values") })
    }
}
