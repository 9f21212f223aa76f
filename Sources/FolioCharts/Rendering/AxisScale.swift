/// A linear map from a data domain to a pixel range, with the ticks and labels of the axis.
struct AxisScale: Sendable, Equatable {
    /// The data value at ``start``.
    var lower: Double
    /// The data value at ``end``.
    var upper: Double
    /// The pixel position of ``lower`` (the bottom of a vertical axis).
    var start: Double
    /// The pixel position of ``upper``.
    var end: Double
    /// Tick values inside the domain.
    var ticks: [Double]
    /// One label per tick.
    var labels: [String]

    /// The pixel position of `value`.
    @inline(__always)
    func map(_ value: Double) -> Double {
        start + (value - lower) / (upper - lower) * (end - start)
    }

    /// Slope and intercept of ``map(_:)``, for tight loops.
    var affine: (scale: Double, offset: Double) {
        let scale = (end - start) / (upper - lower)
        return (scale, start - lower * scale)
    }

    /// Whether `value` lies in the domain (with a relative tolerance).
    func containsValue(_ value: Double) -> Bool {
        let eps = (upper - lower) * 1e-9
        return value >= lower - eps && value <= upper + eps
    }

    /// Builds the scale of an axis: the domain (fixed, fitted on a 1-2-5 grid, or fitted
    /// tightly), then as many ticks as fit without labels overlapping.
    ///
    /// - Parameters:
    ///   - axis: the axis configuration.
    ///   - dataMin: the smallest data value, `nil` when there is no data.
    ///   - dataMax: the largest data value.
    ///   - loose: extend a fitted domain to the outermost nice ticks (value axes);
    ///     otherwise keep the data extent and place ticks inside it.
    ///   - length: the axis length in pixels.
    ///   - horizontal: whether labels sit side by side (their widths matter) or stacked.
    /// - Complexity: O(ticks × tries), a few dozen label measurements.
    static func make(
        axis: Axis, dataMin: Double?, dataMax: Double?, loose: Bool, length: Double, horizontal: Bool
    ) -> AxisScale {
        var low: Double
        var high: Double
        var fixed = false
        if let range = axis.range, axis.hasValidRange {
            low = range.lowerBound
            high = range.upperBound
            fixed = true
        } else if let dataMin, let dataMax {
            low = dataMin
            high = dataMax
            if axis.includesZero {
                low = Swift.min(low, 0)
                high = Swift.max(high, 0)
            }
        } else {
            low = 0
            high = axis.format == .time ? 86_400 : 1
            fixed = true
        }
        let usable = Swift.max(length, 1)
        if axis.format == .time {
            if high - low < 1 {
                low -= 43_200
                high += 43_200
            }
            let (lo, hi) = (low, high)
            let result = TimeTicks.choose(from: lo, to: hi) { candidate in
                horizontal
                    ? labelsFit(candidate.values, candidate.labels, lower: lo, upper: hi, length: usable)
                    : stackedLabelsFit(candidate.values, lower: lo, upper: hi, length: usable)
            }
            return AxisScale(lower: lo, upper: hi, start: 0, end: usable, ticks: result.values, labels: result.labels)
        }
        let target =
            horizontal
            ? Swift.min(Swift.max(Int(usable / 55) + 1, 2), 12)
            : Swift.min(Swift.max(Int(usable / minimumStackedGap(usable)) + 1, 2), 11)
        var count = target
        while true {
            let ticks =
                (fixed || !loose)
                ? NiceTicks.within(min: low, max: high, count: count)
                : NiceTicks.loose(min: low, max: high, count: count)
            let labels = tickLabels(ticks.values, fractionDigits: ticks.fractionDigits, step: ticks.step, format: axis.format)
            let fits =
                horizontal
                ? labelsFit(ticks.values, labels, lower: ticks.lower, upper: ticks.upper, length: usable)
                : stackedLabelsFit(ticks.values, lower: ticks.lower, upper: ticks.upper, length: usable)
            if fits || count <= 2 {
                return AxisScale(
                    lower: ticks.lower, upper: ticks.upper, start: 0, end: usable, ticks: ticks.values, labels: labels)
            }
            count -= 1
        }
    }

    /// Whether horizontal labels centred on their ticks keep at least 12 px apart.
    static func labelsFit(_ values: [Double], _ labels: [String], lower: Double, upper: Double, length: Double) -> Bool {
        guard values.count > 1, upper > lower else { return true }
        var previousRight = -Double.infinity
        for (value, label) in zip(values, labels) {
            let center = (value - lower) / (upper - lower) * length
            let half = TextMetrics.width(label, fontSize: Theme.tickSize) / 2
            if center - half < previousRight + 12 { return false }
            previousRight = center + half
        }
        return true
    }

    /// The smallest distance between stacked labels: 40 px, 28 px on short axes.
    static func minimumStackedGap(_ length: Double) -> Double {
        length < 200 ? 28 : 40
    }

    /// Whether stacked labels keep ``minimumStackedGap(_:)`` between ticks.
    static func stackedLabelsFit(_ values: [Double], lower: Double, upper: Double, length: Double) -> Bool {
        guard values.count > 1, upper > lower else { return true }
        let gap = (values[1] - values[0]) / (upper - lower) * length
        return gap >= minimumStackedGap(length) - 1e-9
    }

    /// Tick labels: fixed decimals from the step (no floating-point artefacts), `,`
    /// grouping from 10,000, `k`-free suffixes `M`, `B`, `T` from a million, percentages
    /// for ``TickFormat/percent``, and U+2212 as the minus sign.
    ///
    /// - Complexity: O(number of ticks).
    static func tickLabels(_ values: [Double], fractionDigits: Int, step: Double, format: TickFormat) -> [String] {
        let minus = NumberText.labelMinus
        switch format {
        case .percent:
            let digits = Swift.max(0, fractionDigits - 2)
            return values.map { NumberText.fixed($0 * 100, fractionDigits: digits, minus: minus) + "%" }
        case .number, .time:
            let maxAbs = values.reduce(0) { Swift.max($0, abs($1)) }
            if maxAbs >= 1e6 && step >= 1e4 {
                let (divisor, exponent, suffix): (Double, Int, String) =
                    maxAbs >= 1e12 ? (1e12, 12, "T") : maxAbs >= 1e9 ? (1e9, 9, "B") : (1e6, 6, "M")
                let stepExponent = Int(step.log10Floor)
                let digits = Swift.max(0, exponent - stepExponent)
                return values.map {
                    $0 == 0 ? "0" : NumberText.fixed($0 / divisor, fractionDigits: digits, minus: minus) + suffix
                }
            }
            let grouping = maxAbs >= 10_000
            return values.map { NumberText.fixed($0, fractionDigits: fractionDigits, grouping: grouping, minus: minus) }
        }
    }
}
