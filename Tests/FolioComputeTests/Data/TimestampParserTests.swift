import Foundation
import Testing

@testable import FolioCompute

@Suite struct TimestampParserTests {
    @Test(arguments: [
        ("2024-03-01T14:00:00Z", 1_709_301_600), ("2024-03-01t14:00:00z", 1_709_301_600),
        ("2024-03-01 14:00:00", 1_709_301_600), ("2024-03-01", 1_709_251_200),
        ("2024-03-01T14:00:00+00:00", 1_709_301_600), ("2024-03-01T15:00:00+0100", 1_709_301_600),
        ("2024-03-01T15:00:00+01", 1_709_301_600), ("2024-03-01T09:00-05:00", 1_709_301_600),
        ("2024-03-01T14:00:00.999Z", 1_709_301_600), ("1970-01-01T00:00:00Z", 0),
        ("1969-12-31T23:59:59Z", -1), ("1969-12-31T23:59:59.5Z", -1), ("0001-01-01", -62_135_596_800),
        ("9999-12-31T23:59:59Z", 253_402_300_799), (" 2024-03-01 ", 1_709_251_200),
    ] as [(String, Int64)])
    func acceptedForms(text: String, seconds: Int64) {
        #expect(TimestampParser.seconds(from: text) == seconds)
    }

    @Test(arguments: [
        "", "2024", "2024-03", "2024-3-1", "2024-02-30", "2023-02-29", "1900-02-29", "2024-13-01", "2024-00-10",
        "2024-03-01T24:00:00Z", "2024-03-01T14:60", "2024-03-01T14:00:60Z", "2024-03-01T14", "2024-03-01X14:00",
        "2024-03-01T14:00:00+2", "2024-03-01T14:00:00+25:00", "2024-03-01T14:00:00Zx", "2024-03-01T14:00:00.",
        "20240301", "1.5", "2024/03/01",
    ])
    func rejectedForms(text: String) {
        #expect(TimestampParser.seconds(from: text) == nil)
    }

    /// Formatting then parsing gives the seconds back; the formatted text agrees with
    /// Foundation's ISO 8601 formatter (UTC).
    @Test func roundTripsAndAgreesWithFoundation() {
        var rng = SeededGenerator(seed: 11)
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        for _ in 0..<20_000 {
            let seconds = Int64(rng.nextInt(below: 8_000_000_000)) - 2_000_000_000
            let text = TimestampParser.string(from: seconds)
            #expect(TimestampParser.seconds(from: text) == seconds, "\(text)")
            #expect(text == formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds))))
        }
    }
}
