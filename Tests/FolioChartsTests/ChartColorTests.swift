import Testing

@testable import FolioCharts

@Suite("Colours")
struct ChartColorTests {
    @Test("The Okabe-Ito palette in its standard order")
    func okabeIto() {
        #expect(
            ChartColor.okabeIto.map(\.hex)
                == ["#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"])
        #expect((0..<8).map { ChartColor.series($0) } == Array(ChartColor.okabeIto.dropFirst()) + [.black])
        #expect(ChartColor.series(8) == .orange)
    }

    @Test("Hex parsing")
    func hex() {
        #expect(ChartColor(hex: "#e69f00") == .orange)
        #expect(ChartColor(hex: "0072B2") == .blue)
        #expect(ChartColor(hex: "#12345") == nil)
        #expect(ChartColor(hex: "#GGGGGG") == nil)
    }

    @Test("Relative luminance and contrast follow WCAG 2")
    func luminance() {
        let white = ChartColor(red: 255, green: 255, blue: 255)
        #expect(white.relativeLuminance == 1)
        #expect(ChartColor.black.relativeLuminance == 0)
        #expect(abs(white.contrastRatio(with: .black) - 21) < 1e-12)
    }
}
