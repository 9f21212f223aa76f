import Testing
@testable import FolioNotebook

@Suite struct DistinctDecimalsTests {
    static func percent(_ x: Double, _ d: Int) -> String { Cell.fixed(x, d) + "%" }

    /// −30.12% and −30.14% print alike with one decimal: two are used.
    @Test(arguments: [
        ([-30.12, -30.14], 1, 2),
        ([-30.12, -30.12], 1, 1),  // equal values: nothing to tell apart
        ([-30.1, -25.0, 4.0], 1, 1),
        ([1.00001, 1.00002], 1, 4),  // capped at base + 3
        ([0.1234, 0.1232, .nan], 3, 4),  // both 0.123 at three decimals
        ([0.0, -0.0], 1, 1),
    ])
    func widensUntilDistinct(values: [Double], base: Int, expected: Int) {
        #expect(DistinctDecimals.decimals(for: values, base: base, format: Self.percent) == expected)
    }

    @Test func distinctValuesPrintDistinctly() {
        let values = [-30.1234, -30.1299, -30.1301]
        let d = DistinctDecimals.decimals(for: values, base: 1, format: Self.percent)
        #expect(Set(values.map { Self.percent($0, d) }).count == 3)
        #expect(d == 4)  // at 3 decimals the last two both print 30.130
    }

    @Test func coincidingGroups() {
        #expect(DistinctDecimals.coinciding([1, 2, 1, .nan, .nan, 3, 2]) == [[0, 2], [1, 6]])
        #expect(DistinctDecimals.coinciding([1, 2, 3]).isEmpty)
    }
}
