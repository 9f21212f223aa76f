import Testing

@testable import FolioCharts

@Suite("Locale-independent number text")
struct NumberTextTests {
    @Test(
        "Fixed precision with trailing zeros trimmed",
        arguments: [
            (0.1 + 0.2, 2, "0.3"), (0.30000000000000004, 15, "0.3"), (2.5, 0, "3"), (-2.5, 0, "-3"),
            (1.005, 2, "1"), (-0.0001, 2, "0"), (-0.0, 3, "0"), (123.456, 1, "123.5"), (1e-9, 6, "0"),
            (100, 2, "100"), (0.125, 2, "0.13"), (7.000000000000001, 0, "7"),
        ])
    func fixed(value: Double, digits: Int, expected: String) {
        #expect(NumberText.fixed(value, fractionDigits: digits) == expected)
    }

    @Test("Grouping, minus sign and non-finite values")
    func grouping() {
        #expect(NumberText.fixed(1_234_567.5, fractionDigits: 1, grouping: true) == "1,234,567.5")
        #expect(NumberText.fixed(-12_000, fractionDigits: 0, grouping: true, minus: "\u{2212}") == "\u{2212}12,000")
        #expect(NumberText.fixed(999, fractionDigits: 0, grouping: true) == "999")
        #expect(NumberText.fixed(.nan, fractionDigits: 2) == "NaN")
        #expect(NumberText.fixed(1e300, fractionDigits: 2) == "1e+300")
    }

    @Test("Coordinates: two decimals, the fast path agrees with the general one")
    func coordinates() {
        var data = TestData(seed: 7)
        for _ in 0..<2000 {
            let v = (data.uniform() - 0.5) * 2_000
            var fast = ""
            NumberText.appendCoordinate(v, to: &fast)
            #expect(fast == NumberText.coordinate(v), "\(v)")
        }
        #expect(NumberText.coordinate(12.0) == "12")
        #expect(NumberText.coordinate(12.5) == "12.5")
        #expect(NumberText.coordinate(-0.004) == "0")
    }

    @Test("Value formats for bar labels and heatmap cells")
    func valueFormats() {
        #expect(ValueFormat.automatic.string(0.61234) == "0.612")
        #expect(ValueFormat.automatic.string(81_234) == "81,234")
        #expect(ValueFormat.automatic.string(-8541) == "\u{2212}8541")
        #expect(ValueFormat.automatic.string(12.345) == "12.3")
        #expect(ValueFormat.automatic.string(0) == "0")
        #expect(ValueFormat.fixed(2).string(0.5) == "0.50")
        #expect(ValueFormat.percent(1).string(0.298) == "29.8%")
        #expect(ValueFormat.fixed(2).string(.nan) == "n/a")
    }
}
