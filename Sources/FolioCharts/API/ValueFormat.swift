/// How a value printed in the chart (a bar's value label, a heatmap cell) is formatted.
/// Formatting is locale independent; trailing zeros are trimmed.
public enum ValueFormat: Sendable, Hashable {
    /// Three significant digits for |v| < 1000, whole numbers with `,` grouping above.
    case automatic
    /// A fixed number of decimals, e.g. `.fixed(2)` gives `0.61`.
    case fixed(Int)
    /// A fraction as a percentage with the given decimals, e.g. `.percent(1)` gives `61.2%`.
    case percent(Int)

    /// The text of `value`; NaN prints as `n/a`.
    ///
    /// - Complexity: O(number of digits).
    public func string(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "n/a" : NumberText.fixed(value, fractionDigits: 0) }
        switch self {
        case .automatic:
            let magnitude = abs(value)
            if magnitude == 0 { return "0" }
            let digits = magnitude >= 1000 ? 0 : max(0, min(6, 2 - Int(magnitude.log10Floor)))
            return NumberText.fixed(
                value, fractionDigits: digits, grouping: magnitude >= 10_000, minus: NumberText.labelMinus)
        case .fixed(let digits):
            return NumberText.fixed(
                value, fractionDigits: digits, grouping: abs(value) >= 10_000, minus: NumberText.labelMinus,
                trimZeros: false)
        case .percent(let digits):
            return NumberText.fixed(
                value * 100, fractionDigits: digits, minus: NumberText.labelMinus, trimZeros: false) + "%"
        }
    }
}
