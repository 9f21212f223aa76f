import Foundation

/// Axis ticks on a 1-2-5 grid, after Paul Heckbert, "Nice Numbers for Graph Labels"
/// (Graphics Gems, 1990).
///
/// Tick values are computed as integer multiples of a step `mantissa × 10^exponent`
/// (division by an exact power of ten for negative exponents), so they are the doubles
/// nearest to the decimal values and format without artefacts.
struct NiceTicks: Sendable, Equatable {
    /// The axis domain: the outermost ticks for loose labelling, the given range otherwise.
    var lower: Double
    /// See ``lower``.
    var upper: Double
    /// The tick values, ascending.
    var values: [Double]
    /// The distance between ticks.
    var step: Double
    /// Decimals needed to print `step` exactly (Heckbert's `nfrac`).
    var fractionDigits: Int

    /// Heckbert's `nicenum`: a 1-2-5 number near `x` (rounded, or the next one up).
    static func niceNumber(_ x: Double, round: Bool) -> (mantissa: Int, exponent: Int) {
        guard x > 0, x.isFinite else { return (1, 0) }
        var exponent = Int(x.log10Floor)
        let fraction = x / NumberText.powerOfTen(exponent)
        let nice: Int
        if round {
            if fraction < 1.5 { nice = 1 } else if fraction < 3 { nice = 2 } else if fraction < 7 { nice = 5 } else { nice = 10 }
        } else {
            if fraction <= 1 { nice = 1 } else if fraction <= 2 { nice = 2 } else if fraction <= 5 { nice = 5 } else { nice = 10 }
        }
        if nice == 10 { return (1, exponent + 1) }
        if exponent < -300 { exponent = -300 }
        return (nice, exponent)
    }

    /// Loose labelling: the domain grows to the nearest ticks outside `[min, max]`.
    ///
    /// The step is Heckbert's `nicenum((max - min) / (count - 1), round: true)`; unlike the
    /// Gems listing the range is not rounded to a nice number first, which could double
    /// the step (0.714 → 1 where 0.5 was meant) and leave a quarter of the plot empty.
    ///
    /// - Parameters:
    ///   - min: the smallest data value (finite).
    ///   - max: the largest data value (finite).
    ///   - count: the desired number of ticks (clamped to 2 ... 20).
    /// - Complexity: O(number of ticks).
    static func loose(min: Double, max: Double, count: Int) -> NiceTicks {
        let (low, high) = widened(min, max)
        let ticks = Swift.max(2, Swift.min(count, 20))
        let step = niceNumber((high - low) / Double(ticks - 1), round: true)
        let first = (low / stepValue(step) + 1e-9).rounded(.down)
        let last = (high / stepValue(step) - 1e-9).rounded(.up)
        return make(from: first, to: last, step: step, lower: nil, upper: nil)
    }

    /// Ticks inside a fixed range `[min, max]`, which stays the domain: a 1-2-5 step near
    /// `(max - min) / (count - 1)`, ticks at its multiples inside the range.
    ///
    /// At least two ticks are produced when the range allows it (the step shrinks along
    /// the 1-2-5 sequence).
    /// - Complexity: O(number of ticks).
    static func within(min: Double, max: Double, count: Int) -> NiceTicks {
        let (low, high) = widened(min, max)
        let ticks = Swift.max(2, Swift.min(count, 20))
        // The domain is fixed, so the step comes from the range itself (Heckbert first
        // rounds the range, which suits loose labelling only).
        var step = niceNumber((high - low) / Double(ticks - 1), round: true)
        for _ in 0..<6 {
            let first = (low / stepValue(step) - 1e-9).rounded(.up)
            let last = (high / stepValue(step) + 1e-9).rounded(.down)
            if last - first >= 1 {
                return make(from: first, to: last, step: step, lower: low, upper: high)
            }
            step = smaller(step)
        }
        let first = (low / stepValue(step) - 1e-9).rounded(.up)
        let last = Swift.max(first, (high / stepValue(step) + 1e-9).rounded(.down))
        return make(from: first, to: last, step: step, lower: low, upper: high)
    }

    /// A degenerate or reversed interval widened so that ticks exist.
    static func widened(_ min: Double, _ max: Double) -> (Double, Double) {
        // Keep the span finite (data near ±Double.greatestFiniteMagnitude).
        var low = Swift.max(Swift.min(min, max), -1e307)
        var high = Swift.min(Swift.max(min, max), 1e307)
        let magnitude = Swift.max(abs(low), abs(high))
        if high - low <= magnitude * 1e-12 {
            let pad = magnitude == 0 ? 1 : magnitude * 0.1
            low -= pad
            high += pad
        }
        return (low, high)
    }

    private static func stepValue(_ step: (mantissa: Int, exponent: Int)) -> Double {
        Double(step.mantissa) * NumberText.powerOfTen(step.exponent)
    }

    private static func smaller(_ step: (mantissa: Int, exponent: Int)) -> (mantissa: Int, exponent: Int) {
        switch step.mantissa {
        case 5: return (2, step.exponent)
        case 2: return (1, step.exponent)
        default: return (5, step.exponent - 1)
        }
    }

    private static func value(_ k: Double, _ step: (mantissa: Int, exponent: Int)) -> Double {
        let multiple = k * Double(step.mantissa)
        if step.exponent >= 0 { return multiple * NumberText.powerOfTen(step.exponent) }
        let divisor = NumberText.powerOfTen(-step.exponent)
        return multiple / divisor
    }

    private static func make(
        from first: Double, to last: Double, step: (mantissa: Int, exponent: Int),
        lower: Double?, upper: Double?
    ) -> NiceTicks {
        var values: [Double] = []
        var k = first
        while k <= last && values.count < 1000 {
            let v = value(k, step)
            values.append(v == 0 ? 0 : v)
            k += 1
        }
        let digits = Swift.max(-step.exponent, 0)
        return NiceTicks(
            lower: lower ?? values.first ?? 0, upper: upper ?? values.last ?? 1, values: values,
            step: stepValue(step), fractionDigits: digits)
    }
}

extension Double {
    /// floor(log10(self)) for a positive finite value, corrected at exact powers of ten.
    var log10Floor: Double {
        var exponent = Foundation.log10(self).rounded(.down)
        if NumberText.powerOfTen(Int(exponent) + 1) <= self { exponent += 1 }
        if NumberText.powerOfTen(Int(exponent)) > self { exponent -= 1 }
        return exponent
    }
}
