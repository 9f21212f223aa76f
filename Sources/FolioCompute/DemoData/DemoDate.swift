/// A calendar day in the proleptic Gregorian calendar (UTC), with the day-count and
/// timestamp arithmetic the demo data needs: no Foundation, no time zones.
///
/// Hours are counted from 1970-01-01T00:00:00Z ("epoch hours"); a bar's timestamp is
/// the start of its hour.
public struct DemoDate: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The year, e.g. 2024.
    public var year: Int
    /// The month, 1-12.
    public var month: Int
    /// The day of the month, 1-31.
    public var day: Int

    /// A date from its parts; `nil` when the month or day is out of range.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= DemoDate.daysInMonth(year: year, month: month) else {
            return nil
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`; `nil` for anything else.
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The date `days` days after 1970-01-01 (negative before).
    ///
    /// Howard Hinnant's `civil_from_days`. - Complexity: O(1).
    public init(daysSinceEpoch days: Int) {
        let c = TimestampParser.civil(fromDays: Int64(days))
        self.year = Int(c.year)
        self.month = Int(c.month)
        self.day = Int(c.day)
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    public var daysSinceEpoch: Int {
        Int(TimestampParser.days(fromCivil: Int64(year), Int64(month), Int64(day)))
    }

    /// Hours from 1970-01-01T00:00Z to this day's midnight.
    public var epochHour: Int { daysSinceEpoch * 24 }

    /// The ISO weekday counted from Monday = 0 to Sunday = 6.
    public var weekday: Int { DemoDate.weekday(daysSinceEpoch: daysSinceEpoch) }

    /// Monday = 0 ... Sunday = 6 for a day count (1970-01-01 was a Thursday).
    @inline(__always)
    public static func weekday(daysSinceEpoch days: Int) -> Int {
        ((days + 3) % 7 + 7) % 7
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        var b: [UInt8] = []
        DemoDate.appendDigits(year, 4, &b)
        b.append(0x2D)
        DemoDate.appendDigits(month, 2, &b)
        b.append(0x2D)
        DemoDate.appendDigits(day, 2, &b)
        return String(decoding: b, as: UTF8.self)
    }

    /// Chronological order.
    public static func < (a: DemoDate, b: DemoDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Appends the ISO 8601 UTC timestamp of an epoch hour, `2024-03-01T14:00:00Z`, to
    /// `buffer` (20 bytes).
    ///
    /// - Complexity: O(1), no allocation beyond the buffer's growth.
    @inline(__always)
    public static func appendTimestamp(epochHour: Int, to buffer: inout [UInt8]) {
        let days = epochHour >= 0 ? epochHour / 24 : (epochHour - 23) / 24
        let hour = epochHour - days * 24
        let date = DemoDate(daysSinceEpoch: days)
        appendDigits(date.year, 4, &buffer)
        buffer.append(0x2D)
        appendDigits(date.month, 2, &buffer)
        buffer.append(0x2D)
        appendDigits(date.day, 2, &buffer)
        buffer.append(0x54)  // T
        appendDigits(hour, 2, &buffer)
        buffer.append(contentsOf: [0x3A, 0x30, 0x30, 0x3A, 0x30, 0x30, 0x5A])  // :00:00Z
    }

    /// The timestamp text of an epoch hour (see ``appendTimestamp(epochHour:to:)``).
    public static func timestamp(epochHour: Int) -> String {
        var b: [UInt8] = []
        appendTimestamp(epochHour: epochHour, to: &b)
        return String(decoding: b, as: UTF8.self)
    }

    @inline(__always)
    static func appendDigits(_ value: Int, _ width: Int, _ buffer: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var v = value
        while divisor > 0 {
            buffer.append(UInt8(truncatingIfNeeded: (v / divisor) % 10) &+ 0x30)
            v %= divisor
            divisor /= 10
        }
    }
}
