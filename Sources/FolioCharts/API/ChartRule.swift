/// A straight reference line across the plot: vertical at an x value (a split boundary in
/// a drift plot) or horizontal at a y value (a break-even line, a +5% barrier).
public struct ChartRule: Sendable, Hashable {
    /// The direction of a rule.
    public enum Orientation: Sendable, Hashable {
        /// At a fixed x, from the bottom to the top of the plot.
        case vertical
        /// At a fixed y, from the left to the right of the plot.
        case horizontal
    }

    /// The direction.
    public var orientation: Orientation
    /// The x (vertical) or y (horizontal) value.
    public var value: Double
    /// The text at the rule's end; empty for none.
    public var label: String
    /// The colour; `nil` for neutral grey.
    public var color: ChartColor?
    /// The stroke pattern.
    public var style: LineStyle

    /// A rule.
    public init(
        _ orientation: Orientation, at value: Double, label: String = "", color: ChartColor? = nil,
        style: LineStyle = .dashed
    ) {
        self.orientation = orientation
        self.value = value
        self.label = label
        self.color = color
        self.style = style
    }

    /// A vertical rule at `x`.
    public static func vertical(at x: Double, label: String = "", color: ChartColor? = nil, style: LineStyle = .dashed)
        -> ChartRule
    {
        ChartRule(.vertical, at: x, label: label, color: color, style: style)
    }

    /// A horizontal rule at `y`.
    public static func horizontal(
        at y: Double, label: String = "", color: ChartColor? = nil, style: LineStyle = .dashed
    ) -> ChartRule {
        ChartRule(.horizontal, at: y, label: label, color: color, style: style)
    }
}
