/// ISO 8601 date-times to whole seconds since 1970-01-01T00:00:00Z, from bytes.
///
/// Accepted forms (surrounding spaces are ignored):
/// - `2024-03-01` (midnight UTC)
/// - `2024-03-01T14:00`, `2024-03-01T14:00:00`, with `T`, `t` or a space between date and
///   time, and optional fractional seconds `14:00:00.250` (the fraction is dropped:
///   times are whole seconds, rounded toward the past)
/// - an optional zone: `Z`/`z`, `+01:00`, `-0530`, `+01`; no zone means UTC.
///
/// Fields are range-checked (month 1-12, day within the month of that year, hour 0-23,
/// minute 0-59, second 0-59). Years are four digits, 0000-9999.
public enum TimestampParser {
    /// Parses `text`, or returns `nil` when it is not one of the accepted forms.
    public static func seconds(from text: some StringProtocol) -> Int64? {
        var copy = String(text)
        return copy.withUTF8 { utf8 in
            guard let base = utf8.baseAddress, utf8.count > 0 else { return nil }
            return parse(base, utf8.count)
        }
    }

    /// Formats seconds since the epoch as `2024-03-01T14:00:00Z`.
    public static func string(from seconds: Int64) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : -((-seconds + 86_399) / 86_400)
        let secondOfDay = seconds - days * 86_400
        let (y, m, d) = civil(fromDays: days)
        func pad(_ value: Int64, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(secondOfDay / 3600, 2)):"
            + "\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))Z"
    }

    /// Parses the whole of `bytes[0..<count]`.
    @inline(__always)
    static func parse(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> Int64? {
        var start = 0
        var end = count
        while start < end && bytes[start] == 0x20 { start += 1 }
        while end > start && bytes[end - 1] == 0x20 { end -= 1 }
        let p = bytes + start
        let n = end - start
        guard n >= 10, p[4] == 0x2D, p[7] == 0x2D else { return nil }
        @inline(__always) func digit(_ k: Int) -> Int64? {
            let d = p[k] &- 0x30
            return d <= 9 ? Int64(d) : nil
        }
        @inline(__always) func two(_ k: Int) -> Int64? {
            guard let a = digit(k), let b = digit(k + 1) else { return nil }
            return a * 10 + b
        }
        guard let y1 = two(0), let y2 = two(2), let month = two(5), let day = two(8) else { return nil }
        let year = y1 * 100 + y2
        guard month >= 1, month <= 12, day >= 1, day <= daysInMonth(year, month) else { return nil }
        var seconds = days(fromCivil: year, month, day) * 86_400
        var i = 10
        if i == n { return seconds }
        let separator = p[i]
        guard separator == 0x54 || separator == 0x74 || separator == 0x20 else { return nil }  // T t space
        i += 1
        guard n - i >= 5, let hour = two(i), p[i + 2] == 0x3A, let minute = two(i + 3) else { return nil }
        guard hour <= 23, minute <= 59 else { return nil }
        seconds += hour * 3600 + minute * 60
        i += 5
        if i < n && p[i] == 0x3A {  // :ss
            guard n - i >= 3, let second = two(i + 1), second <= 59 else { return nil }
            seconds += second
            i += 3
            if i < n && (p[i] == 0x2E || p[i] == 0x2C) {  // fraction . or ,
                i += 1
                let fractionStart = i
                while i < n && p[i] &- 0x30 <= 9 { i += 1 }
                if i == fractionStart { return nil }
            }
        }
        if i == n { return seconds }
        let zone = p[i]
        if zone == 0x5A || zone == 0x7A {  // Z z
            return i + 1 == n ? seconds : nil
        }
        guard zone == 0x2B || zone == 0x2D else { return nil }  // + -
        i += 1
        guard n - i >= 2, let offsetHours = two(i), offsetHours <= 23 else { return nil }
        i += 2
        var offsetMinutes: Int64 = 0
        if i < n {
            if p[i] == 0x3A { i += 1 }
            guard n - i == 2, let minutes = two(i), minutes <= 59 else { return nil }
            offsetMinutes = minutes
            i += 2
        }
        guard i == n else { return nil }
        let offset = offsetHours * 3600 + offsetMinutes * 60
        return zone == 0x2B ? seconds - offset : seconds + offset
    }

    @inline(__always)
    static func daysInMonth(_ year: Int64, _ month: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
    @inline(__always)
    static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date of a day count since 1970-01-01 (H. Hinnant's `civil_from_days`).
    static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
