import Foundation
import Testing
@testable import FolioNotebook

/// Header fields: folding at 78, RFC 2047 encoded-words, mailboxes, dates.
@Suite struct MIMEHeaderTests {
    /// `value` of an encoded-word sequence as a reader decodes it.
    static func decodeWords(_ value: String) -> String {
        var bytes: [UInt8] = []
        for word in value.split(whereSeparator: \.isWhitespace) {
            guard word.hasPrefix("=?utf-8?B?"), word.hasSuffix("?="),
                  let data = Data(base64Encoded: String(word.dropFirst(10).dropLast(2))) else { return "<not an encoded-word: \(word)>" }
            bytes += data
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func foldsLongValuesAtSpacesWithinSeventyEightCharacters() {
        let subject = (1...30).map { "word\($0)" }.joined(separator: " ")
        let folded = MIMEHeader.text("Subject", subject).folded
        #expect(folded.hasSuffix("\r\n"))
        let lines = folded.dropLast().split(separator: "\r\n", omittingEmptySubsequences: false)
        #expect(lines.count > 1)
        #expect(lines.allSatisfy { $0.utf8.count <= 78 })
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix(" ") })
        // Unfolding (removing each CRLF) gives the value back.
        #expect(folded.dropLast().replacingOccurrences(of: "\r\n", with: "") == "Subject: " + subject)
    }

    @Test func shortValuesStayOnOneLine() {
        #expect(MIMEHeader("MIME-Version", "1.0").folded == "MIME-Version: 1.0\r\n")
        #expect(MIMEHeader.text("Subject", "Phase 4: executive summary").folded == "Subject: Phase 4: executive summary\r\n")
    }

    @Test(arguments: [
        "Phase 4 : résumé exécutif",
        "Überprüfung der Schwellenwerte für das Backtesting der Modelle mit Kosten ≥ 5 bp und Schätzungen",
        String(repeating: "🙂", count: 30),
        "日本語のレポートの件名はとても長いのでいくつかのエンコードされた単語に分割されます",
        "=?utf-8?B?not really?=",
    ])
    func nonASCIISubjectsBecomeEncodedWords(_ subject: String) {
        let folded = MIMEHeader.text("Subject", subject).folded
        #expect(folded.utf8.allSatisfy { $0 < 0x80 })
        let lines = folded.dropLast().split(separator: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 78 }, "\(folded)")
        let value = String(folded.dropFirst("Subject: ".count).dropLast())  // "\r\n" is one Character
        for word in value.split(whereSeparator: \.isWhitespace) {
            #expect(word.utf8.count <= 75, "encoded-word of \(word.utf8.count)")
        }
        #expect(Self.decodeWords(value) == subject)
    }

    @Test func encodedWordsNeverSplitACharacter() {
        for word in MIMEHeader.encodedWords(String(repeating: "é€🙂", count: 20)) {
            let data = Data(base64Encoded: String(word.dropFirst(10).dropLast(2)))!
            #expect(String(validating: Array(data), as: UTF8.self) != nil)
        }
    }

    @Test func mailboxesAreReadAndWritten() throws {
        #expect(try MailAddress(parsing: "ana@example.com").headerValue == "ana@example.com")
        #expect(try MailAddress(parsing: "Ana Lima <ana@example.com>").headerValue == "Ana Lima <ana@example.com>")
        #expect(try MailAddress(parsing: "\"Lima, Ana\" <ana@example.com>").headerValue == "\"Lima, Ana\" <ana@example.com>")
        let accented = try MailAddress(parsing: "José Pérez <jose@example.com>")
        #expect(accented.headerValue.hasPrefix("=?utf-8?B?"))
        #expect(Self.decodeWords(String(accented.headerValue.prefix { $0 != "<" }.dropLast())) == "José Pérez")
        #expect(throws: MailAddress.InvalidAddress.self) { try MailAddress(parsing: "no-at-sign") }
        #expect(throws: MailAddress.InvalidAddress.self) { try MailAddress(parsing: "a b@example.com") }
        #expect(throws: MailAddress.InvalidAddress.self) { try MailAddress(parsing: "a@example.com\r\nBcc: x@y.z") }
        #expect(throws: MailAddress.InvalidAddress.self) { try MailAddress(parsing: "Evil\r\nBcc: v@x.y <a@b.c>") }
        #expect(throws: MailAddress.InvalidAddress.self) { try MailAddress(parsing: "josé@example.com") }
    }

    @Test func datesAreMidnightUTCAndChecked() throws {
        #expect(try MIMEMessage.rfc5322Date("2026-12-07") == "Mon, 07 Dec 2026 00:00:00 +0000")
        #expect(try MIMEMessage.rfc5322Date("2024-02-29") == "Thu, 29 Feb 2024 00:00:00 +0000")
        #expect(throws: MIMEMessage.InvalidDate.self) { try MIMEMessage.rfc5322Date("2026-02-30") }
        #expect(throws: MIMEMessage.InvalidDate.self) { try MIMEMessage.rfc5322Date("07/12/2026") }
    }

    @Test func parametersUseRFC2231WhenNeeded() {
        #expect(MIMEPart.parameter("filename", "model_validation.html") == "filename=\"model_validation.html\"")
        #expect(MIMEPart.parameter("filename", "résumé \"x\".html") == "filename*=utf-8''r%C3%A9sum%C3%A9%20%22x%22.html")
    }
}
