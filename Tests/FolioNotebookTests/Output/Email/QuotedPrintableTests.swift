import Foundation
import Testing
@testable import FolioNotebook

/// RFC 2045 transfer encodings of the mail parts: line lengths, escapes, soft breaks.
@Suite struct QuotedPrintableTests {
    /// Every line of `encoded` (split at CRLF) with no bare CR or LF left over.
    static func lines(_ encoded: String) -> [Substring] {
        let lines = encoded.split(separator: "\r\n", omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { !$0.contains("\r") && !$0.contains("\n") }, "bare CR or LF in \(encoded.debugDescription)")
        return lines
    }

    @Test(arguments: [
        "",
        "plain ascii",
        "a = b",
        "trailing space ",
        "trailing tab\t",
        "two lines\nsecond",
        "ends with a break\n",
        "crlf\r\nline",
        String(repeating: "x", count: 76),
        String(repeating: "x", count: 77),
        String(repeating: "=", count: 40),
        String(repeating: "é", count: 40),
        String(repeating: "a€", count: 30) + " ",
        String(repeating: "🙂", count: 12),
        String(repeating: "ab ", count: 40),
        ".starts with a dot",
        String(repeating: "y", count: 75) + ".",
        "Déjà vu — naïve ≥ 0.35 | 17.0% |",
    ])
    func roundTripsWithinTheLineLimit(_ text: String) {
        let encoded = QuotedPrintable.encode(text)
        #expect(encoded.utf8.allSatisfy { $0 < 0x80 }, "not ASCII")
        for line in Self.lines(encoded) {
            #expect(line.utf8.count <= 76, "line of \(line.utf8.count): \(line)")
            #expect(line.last != " " && line.last != "\t", "whitespace ends an encoded line")
        }
        let canonical = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
        #expect(QuotedPrintable.decode(encoded) == Array(canonical.utf8))
    }

    @Test func escapesEqualsTrailingWhitespaceAndNonASCII() {
        #expect(QuotedPrintable.encode("a=b") == "a=3Db")
        #expect(QuotedPrintable.encode("end \nnext\t") == "end=20\r\nnext=09")
        #expect(QuotedPrintable.encode("in the middle stays") == "in the middle stays")
        #expect(QuotedPrintable.encode("é") == "=C3=A9")
        #expect(QuotedPrintable.encode("≥") == "=E2=89=A5")
        #expect(QuotedPrintable.encode(".") == "=2E")
        #expect(QuotedPrintable.encode("a\r\nb\nc\r") == "a\r\nb\r\nc=0D", "CRLF and LF are hard breaks; a lone CR is data")
    }

    @Test func softBreaksAtSeventySixCharacters() {
        let exact = String(repeating: "x", count: 76)
        #expect(QuotedPrintable.encode(exact) == exact, "a line of exactly 76 needs no soft break")
        let encoded = QuotedPrintable.encode(String(repeating: "x", count: 77))
        #expect(encoded == String(repeating: "x", count: 75) + "=\r\nxx")
    }

    @Test func neverSplitsAMultibyteCharacterAcrossASoftBreak() {
        // 24 x "é" = 24 x 6 = 144 encoded characters: breaks must fall between "=C3=A9" pairs.
        let encoded = QuotedPrintable.encode("x" + String(repeating: "é", count: 24))
        for line in Self.lines(encoded) {
            let content = line.hasSuffix("=") ? line.dropLast() : line
            let body = content.hasPrefix("x") ? content.dropFirst() : content
            #expect(body.utf8.count % 6 == 0, "a character cut in \(line)")
            // Each encoded line decodes to whole UTF-8 characters by itself.
            #expect(String(validating: QuotedPrintable.decode(String(content)), as: UTF8.self) != nil)
        }
        let emoji = QuotedPrintable.encode(String(repeating: "🙂", count: 10))
        for line in Self.lines(emoji) {
            let content = line.hasSuffix("=") ? line.dropLast() : line
            #expect(content.utf8.count % 12 == 0, "an emoji cut in \(line)")
        }
    }

    @Test(arguments: [0, 1, 2, 3, 56, 57, 58, 1000])
    func base64LinesAreSeventySixCharacters(count: Int) {
        let data = Data((0..<count).map { UInt8(truncatingIfNeeded: $0 &* 37) })
        let encoded = Base64Lines.encode(data)
        let lines = Self.lines(encoded)
        #expect(lines.dropLast().allSatisfy { $0.count == 76 })
        #expect((lines.last?.count ?? 0) <= 76)
        #expect(Data(base64Encoded: lines.joined()) == data)
        if count == 0 { #expect(encoded.isEmpty) }
    }
}
