import Testing
@testable import FolioCharts

/// The byte-level replacement of the chart id token gives what the standard library's
/// Character-based `replacing(_:with:)` gives.
@Suite struct UTF8ReplacingTests {
    static let token = ChartDocument.idToken

    @Test(arguments: ["", "no token here", "\(token)-a", "x\(token)-clip y \(token)-s1 é \(token)",
                      "\(token)\(token)-over", "partial \u{E000}id but not the end", "ünïcödé \(token)-z 🙂"])
    func replacesLikeTheStandardLibrary(_ text: String) {
        let offsets = text.utf8Offsets(of: Self.token)
        #expect(offsets.count == text.ranges(of: Self.token).count)
        #expect(text.replacingUTF8(at: offsets, length: Self.token.utf8.count, with: "folio-0123") == text.replacing(Self.token, with: "folio-0123"))
    }
}
