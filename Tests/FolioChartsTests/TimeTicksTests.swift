import Testing

@testable import FolioCharts

@Suite("Calendar ticks in UTC")
struct TimeTicksTests {
    @Test(
        "Civil dates round-trip through seconds since the epoch",
        arguments: [
            (0 as Int64, 1970, 1, 1), (1_709_164_800, 2024, 2, 29), (-86_400, 1969, 12, 31),
            (951_782_400, 2000, 2, 29), (4_102_444_800, 2100, 1, 1), (-2_208_988_800, 1900, 1, 1),
        ])
    func civil(seconds: Int64, year: Int, month: Int, day: Int) {
        let date = CivilDate(secondsSinceEpoch: seconds)
        #expect(date.year == year && date.month == month && date.day == day)
        #expect(date.hour == 0 && date.minute == 0)
        #expect(CivilDate(year: year, month: month, day: day).secondsSinceEpoch == seconds)
    }

    @Test("Negative times floor to the previous day")
    func negativeTime() {
        let date = CivilDate(secondsSinceEpoch: -1)
        #expect(date.dayText == "1969-12-31" && date.secondText == "23:59:59")
    }

    static func seconds(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 0) -> Double {
        Double(CivilDate(year: y, month: m, day: d, hour: h).secondsSinceEpoch)
    }

    @Test("Monthly ticks fall on the first of each month")
    func months() {
        let ticks = TimeTicks.ticks(
            from: Self.seconds(2023, 12, 15), to: Self.seconds(2024, 5, 2),
            interval: .init(unit: .month, multiple: 1))
        #expect(ticks.labels == ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05"])
        #expect(ticks.values.first == Self.seconds(2024, 1, 1))
    }

    @Test("Quarterly ticks are labelled Q1 2024 ...")
    func quarters() {
        let ticks = TimeTicks.ticks(
            from: Self.seconds(2023, 2, 1), to: Self.seconds(2024, 7, 1),
            interval: .init(unit: .month, multiple: 3))
        #expect(ticks.labels == ["Q2 2023", "Q3 2023", "Q4 2023", "Q1 2024", "Q2 2024", "Q3 2024"])
    }

    @Test("Yearly ticks at multiples of the step")
    func years() {
        let ticks = TimeTicks.ticks(
            from: Self.seconds(2003, 6, 1), to: Self.seconds(2024, 1, 1),
            interval: .init(unit: .year, multiple: 5))
        #expect(ticks.labels == ["2005", "2010", "2015", "2020"])
    }

    @Test("Weekly ticks are Mondays")
    func weeks() {
        let ticks = TimeTicks.ticks(
            from: Self.seconds(2024, 3, 1), to: Self.seconds(2024, 3, 31),
            interval: .init(unit: .week, multiple: 1))
        #expect(ticks.labels == ["2024-03-04", "2024-03-11", "2024-03-18", "2024-03-25"])
    }

    @Test("Hourly ticks: the first and midnight ticks carry the date")
    func hours() {
        let ticks = TimeTicks.ticks(
            from: Self.seconds(2024, 3, 4, 13), to: Self.seconds(2024, 3, 5, 7),
            interval: .init(unit: .hour, multiple: 6))
        #expect(ticks.labels == ["2024-03-04 18:00", "2024-03-05", "06:00"])
    }

    @Test("An axis picks the finest interval whose labels fit")
    func chooses() {
        let year = AxisScale.make(
            axis: .time(), dataMin: Self.seconds(2023, 1, 1), dataMax: Self.seconds(2024, 12, 31), loose: false,
            length: 620, horizontal: true)
        #expect(year.labels.contains("Q1 2024"))
        let days = AxisScale.make(
            axis: .time(), dataMin: Self.seconds(2024, 3, 1), dataMax: Self.seconds(2024, 3, 6), loose: false,
            length: 620, horizontal: true)
        #expect(days.labels.contains("2024-03-02"))
        #expect(AxisScale.labelsFit(days.ticks, days.labels, lower: days.lower, upper: days.upper, length: 620))
        let decades = AxisScale.make(
            axis: .time(), dataMin: Self.seconds(1950, 1, 1), dataMax: Self.seconds(2024, 1, 1), loose: false,
            length: 620, horizontal: true)
        #expect(decades.labels.allSatisfy { $0.count == 4 })
    }
}
