import Testing
@testable import FolioCompute

@Suite struct DemoDateTests {
    @Test(arguments: [
        (1970, 1, 1, 0, 3), (2021, 1, 4, 18631, 0), (2024, 2, 29, 19782, 3), (2000, 3, 1, 11017, 2),
        (1969, 12, 31, -1, 2), (2025, 10, 1, 20362, 2),
    ] as [(Int, Int, Int, Int, Int)])
    func civilDays(year: Int, month: Int, day: Int, days: Int, weekday: Int) throws {
        let date = try #require(DemoDate(year: year, month: month, day: day))
        #expect(date.daysSinceEpoch == days)
        #expect(DemoDate(daysSinceEpoch: days) == date)
        #expect(date.weekday == weekday)
    }

    /// Every day of 1900-2100 converts back and forth, and consecutive days are consecutive.
    @Test func roundTripsEveryDay() {
        let first = DemoDate(year: 1900, month: 1, day: 1)!.daysSinceEpoch
        let last = DemoDate(year: 2100, month: 12, day: 31)!.daysSinceEpoch
        var previous = DemoDate(daysSinceEpoch: first - 1)
        for z in first...last {
            let d = DemoDate(daysSinceEpoch: z)
            #expect(d.daysSinceEpoch == z)
            #expect(previous < d)
            previous = d
        }
    }

    @Test func timestamps() throws {
        let date = try #require(DemoDate(iso: "2024-03-01"))
        #expect(DemoDate.timestamp(epochHour: date.epochHour + 14) == "2024-03-01T14:00:00Z")
        #expect(DemoDate.timestamp(epochHour: 0) == "1970-01-01T00:00:00Z")
        #expect(DemoDate.timestamp(epochHour: -1) == "1969-12-31T23:00:00Z")
        #expect(date.description == "2024-03-01")
    }

    @Test(arguments: ["2024-02-30", "2024-13-01", "24-01-01", "2024-1-01", "", "2024-01-01T00"])
    func rejectsInvalidDates(text: String) {
        #expect(DemoDate(iso: text) == nil)
    }
}
