/// Ticks at calendar boundaries in UTC for a time axis whose values are seconds since the
/// Unix epoch: seconds, minutes, hours, days, weeks (Mondays), months, quarters, half
/// years and years, with labels such as `14:00`, `2024-03-05`, `2024-03`, `Q1 2024` and
/// `2024`.
///
/// Sub-day ticks are labelled concisely (`14:00`); the first tick and ticks at midnight
/// carry the date instead, so every label stays short and the day is never ambiguous.
struct TimeTicks: Sendable, Equatable {
    /// Calendar units, coarsest last.
    enum Unit: Sendable, Equatable {
        case second, minute, hour, day, week, month, year
    }

    /// A tick interval: a multiple of a calendar unit.
    struct Interval: Sendable, Equatable {
        var unit: Unit
        var multiple: Int

        /// Approximate length in seconds (months as 30.44 days).
        var approximateSeconds: Double {
            let base: Double
            switch unit {
            case .second: base = 1
            case .minute: base = 60
            case .hour: base = 3600
            case .day: base = 86_400
            case .week: base = 604_800
            case .month: base = 2_629_746
            case .year: base = 31_556_952
            }
            return base * Double(multiple)
        }
    }

    /// The candidate intervals, finest first.
    static let intervals: [Interval] = [
        .init(unit: .second, multiple: 1), .init(unit: .second, multiple: 5),
        .init(unit: .second, multiple: 15), .init(unit: .second, multiple: 30),
        .init(unit: .minute, multiple: 1), .init(unit: .minute, multiple: 5),
        .init(unit: .minute, multiple: 15), .init(unit: .minute, multiple: 30),
        .init(unit: .hour, multiple: 1), .init(unit: .hour, multiple: 3),
        .init(unit: .hour, multiple: 6), .init(unit: .hour, multiple: 12),
        .init(unit: .day, multiple: 1), .init(unit: .week, multiple: 1),
        .init(unit: .month, multiple: 1), .init(unit: .month, multiple: 3),
        .init(unit: .month, multiple: 6), .init(unit: .year, multiple: 1),
        .init(unit: .year, multiple: 2), .init(unit: .year, multiple: 5),
        .init(unit: .year, multiple: 10), .init(unit: .year, multiple: 20),
        .init(unit: .year, multiple: 50), .init(unit: .year, multiple: 100),
        .init(unit: .year, multiple: 1000),
    ]

    /// Tick positions in seconds since the epoch, ascending.
    var values: [Double]
    /// One label per tick.
    var labels: [String]
    /// The interval chosen.
    var interval: Interval

    /// The ticks of one interval inside `[from, to]`.
    ///
    /// - Complexity: O(number of ticks), at most `limit` ticks are generated.
    static func ticks(from: Double, to: Double, interval: Interval, limit: Int = 400) -> TimeTicks {
        var values: [Int64] = []
        guard from.isFinite, to.isFinite, from <= to,
            abs(from) < 1.0e15, abs(to) < 1.0e15
        else { return TimeTicks(values: [], labels: [], interval: interval) }
        let start = Int64(from.rounded(.up))
        let end = Int64(to.rounded(.down))
        switch interval.unit {
        case .second, .minute, .hour, .day:
            let step = Int64(interval.approximateSeconds)
            var t = CivilDate.floorDiv(start + step - 1, step) * step
            while t <= end && values.count < limit {
                values.append(t)
                t += step
            }
        case .week:
            // 1970-01-01 was a Thursday; day 4 was a Monday.
            let firstDay = CivilDate.floorDiv(start + 86_399, 86_400)
            var day = firstDay + ((4 - firstDay) % 7 + 7) % 7
            while day * 86_400 <= end && values.count < limit {
                values.append(day * 86_400)
                day += 7
            }
        case .month:
            let date = CivilDate(secondsSinceEpoch: start)
            var index = date.year * 12 + (date.month - 1)
            if CivilDate(year: date.year, month: date.month, day: 1).secondsSinceEpoch < start { index += 1 }
            let m = interval.multiple
            index += ((m - index % m) % m + m) % m
            while values.count < limit {
                let year = Int((Double(index) / 12).rounded(.down))
                let month = index - year * 12 + 1
                let t = CivilDate(year: year, month: month, day: 1).secondsSinceEpoch
                if t > end { break }
                values.append(t)
                index += m
            }
        case .year:
            let date = CivilDate(secondsSinceEpoch: start)
            var year = date.year
            if CivilDate(year: year, month: 1, day: 1).secondsSinceEpoch < start { year += 1 }
            let m = interval.multiple
            year += ((m - year % m) % m + m) % m
            while values.count < limit {
                let t = CivilDate(year: year, month: 1, day: 1).secondsSinceEpoch
                if t > end { break }
                values.append(t)
                year += m
            }
        }
        let labels = values.enumerated().map { offset, t in
            label(for: t, interval: interval, isFirst: offset == 0)
        }
        return TimeTicks(values: values.map(Double.init), labels: labels, interval: interval)
    }

    /// The label of the tick at `t` for an interval.
    static func label(for t: Int64, interval: Interval, isFirst: Bool) -> String {
        let date = CivilDate(secondsSinceEpoch: t)
        switch interval.unit {
        case .second:
            if isFirst || (date.hour == 0 && date.minute == 0 && date.second == 0) {
                return date.dayText + " " + date.secondText
            }
            return date.secondText
        case .minute, .hour:
            if isFirst || (date.hour == 0 && date.minute == 0) {
                return date.hour == 0 && date.minute == 0 ? date.dayText : date.dayText + " " + date.minuteText
            }
            return date.minuteText
        case .day, .week:
            return date.dayText
        case .month:
            if interval.multiple == 3 {
                return "Q\((date.month - 1) / 3 + 1) \(CivilDate.pad(date.year, 4))"
            }
            return date.monthText
        case .year:
            return CivilDate.pad(date.year, 4)
        }
    }

    /// The finest interval whose ticks fit (`fits` returns true); the coarsest interval
    /// with ticks when none does.
    ///
    /// - Parameters:
    ///   - from: start of the domain, seconds since the epoch.
    ///   - to: end of the domain.
    ///   - fits: whether a candidate's labels can be drawn without overlapping.
    /// - Complexity: O(number of intervals × ticks per tried interval).
    static func choose(from: Double, to: Double, fits: (TimeTicks) -> Bool) -> TimeTicks {
        let span = to - from
        var fallback: TimeTicks?
        for interval in intervals {
            if span / interval.approximateSeconds > 60 { continue }
            let candidate = ticks(from: from, to: to, interval: interval)
            if candidate.values.isEmpty { continue }
            fallback = candidate
            if fits(candidate) { return candidate }
        }
        return fallback ?? TimeTicks(values: [], labels: [], interval: intervals[0])
    }
}
