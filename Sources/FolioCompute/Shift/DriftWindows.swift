/// Calendar windows for drift statistics (UTC).
public enum DriftWindow: String, Hashable, Sendable, Codable, CaseIterable {
    /// ISO weeks, starting on Monday.
    case week
    /// Calendar months.
    case month
    /// Calendar quarters (January, April, July, October).
    case quarter
}

/// A feature's statistics in one time window (and group).
public struct DriftWindowStatistics: Hashable, Sendable, Codable {
    /// The group key, `nil` when no groups were given.
    public var group: Int?
    /// The window's first second: midnight UTC of its first day, seconds since the epoch.
    public var start: Int64
    /// The window start as an ISO date, `YYYY-MM-DD`.
    public var label: String
    /// Number of values in the window.
    public var count: Int
    /// `numpy.mean` of the window's values (in input order).
    public var mean: Double
    /// `numpy.median`.
    public var median: Double
    /// `numpy.quantile(values, 0.1)` (linear interpolation).
    public var p10: Double
    /// `numpy.quantile(values, 0.9)`.
    public var p90: Double
}

/// Per-window statistics of a value over time, for the `drift` directive.
public enum DriftWindows {
    /// Groups `values` by the calendar window of their timestamp (and by `groups` when
    /// given) and summarises each window.
    ///
    /// - Parameters:
    ///   - timestamps: seconds since 1970-01-01T00:00:00Z (UTC).
    ///   - values: one value per timestamp; NaN must be dropped first.
    ///   - groups: optional group codes (e.g. split or class), one per timestamp.
    ///   - window: week (Monday start), month or quarter.
    /// - Returns: one entry per non-empty (group, window), ordered by group and then
    ///   window start.
    /// - Throws: `ShiftError.lengthMismatch` for arrays of different lengths,
    ///   `ShiftError.notANumber` for a NaN value.
    /// - Complexity: O(n log n) (one sort per window).
    public static func statistics(timestamps: [Int64], values: [Double], groups: [Int]? = nil,
                                  window: DriftWindow) throws -> [DriftWindowStatistics] {
        guard timestamps.count == values.count else {
            throw ShiftError.lengthMismatch("values", expected: timestamps.count, actual: values.count)
        }
        if let groups, groups.count != timestamps.count {
            throw ShiftError.lengthMismatch("groups", expected: timestamps.count, actual: groups.count)
        }
        if let index = values.firstIndex(where: \.isNaN) {
            throw ShiftError.notANumber(sample: "values", index: index)
        }
        struct Key: Hashable {
            var group: Int
            var startDay: Int64
        }
        var bucketOf: [Key: Int] = [:]
        var keys: [Key] = []
        var buckets: [[Double]] = []
        for i in timestamps.indices {
            let key = Key(group: groups?[i] ?? 0, startDay: windowStartDay(timestamps[i], window))
            if let b = bucketOf[key] {
                buckets[b].append(values[i])
            } else {
                bucketOf[key] = buckets.count
                keys.append(key)
                buckets.append([values[i]])
            }
        }
        let order = keys.indices.sorted {
            (keys[$0].group, keys[$0].startDay) < (keys[$1].group, keys[$1].startDay)
        }
        return order.map { b in
            let key = keys[b]
            let raw = buckets[b]
            let mean = raw.withUnsafeBufferPointer { PairwiseSum.mean($0) }
            let sorted = RadixSort.sorted(raw)
            let (median, p10, p90) = sorted.withUnsafeBufferPointer { v -> (Double, Double, Double) in
                let n = v.count
                let median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2
                return (median, SortedSample.linearQuantile(v, 0.1), SortedSample.linearQuantile(v, 0.9))
            }
            return DriftWindowStatistics(
                group: groups == nil ? nil : key.group, start: key.startDay * 86_400,
                label: isoDate(day: key.startDay), count: raw.count, mean: mean,
                median: median, p10: p10, p90: p90)
        }
    }

    /// The first second (UTC) of the window holding `timestamp`.
    public static func windowStart(_ timestamp: Int64, _ window: DriftWindow) -> Int64 {
        windowStartDay(timestamp, window) * 86_400
    }

    /// `YYYY-MM-DD` of the UTC day holding `timestamp`.
    public static func isoDate(_ timestamp: Int64) -> String {
        isoDate(day: floorDivide(timestamp, 86_400))
    }

    // MARK: civil calendar (Howard Hinnant's algorithms, proleptic Gregorian)

    static func windowStartDay(_ timestamp: Int64, _ window: DriftWindow) -> Int64 {
        let day = floorDivide(timestamp, 86_400)
        switch window {
        case .week:
            // 1970-01-01 was a Thursday: Monday-based weekday = (day + 3) mod 7.
            return day - floorModulo(day + 3, 7)
        case .month:
            let (y, m, _) = civil(fromDay: day)
            return self.day(year: y, month: m, day: 1)
        case .quarter:
            let (y, m, _) = civil(fromDay: day)
            return self.day(year: y, month: (m - 1) / 3 * 3 + 1, day: 1)
        }
    }

    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    static func floorModulo(_ a: Int64, _ b: Int64) -> Int64 { a - floorDivide(a, b) * b }

    /// (year, month 1-12, day 1-31) of a day count since 1970-01-01 (shared with the CSV reader).
    static func civil(fromDay day: Int64) -> (Int64, Int64, Int64) {
        let c = TimestampParser.civil(fromDays: day)
        return (c.year, c.month, c.day)
    }

    /// Days since 1970-01-01 of a civil date.
    static func day(year: Int64, month: Int64, day: Int64) -> Int64 {
        TimestampParser.days(fromCivil: year, month, day)
    }

    static func isoDate(day: Int64) -> String {
        let (y, m, d) = civil(fromDay: day)
        func pad(_ v: Int64, _ width: Int) -> String {
            let s = String(abs(v))
            return (v < 0 ? "-" : "") + String(repeating: "0", count: Swift.max(0, width - s.count)) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }
}
