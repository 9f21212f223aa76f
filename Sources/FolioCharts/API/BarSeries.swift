/// One series of a ``BarChart``: a value per category (NaN for none).
public struct BarSeries: Sendable, Hashable {
    /// The legend label; empty for none.
    public var name: String
    /// One value per category, in the chart's category order.
    public var values: [Double]
    /// The fill colour; `nil` takes the next Okabe-Ito colour.
    public var color: ChartColor?
    /// Half-widths of error bars, one per category (a standard deviation, say): a whisker
    /// from `value - error` to `value + error`; `nil`, NaN or 0 for none.
    public var errors: [Double]?

    /// A bar series.
    public init(name: String, values: [Double], color: ChartColor? = nil, errors: [Double]? = nil) {
        self.name = name
        self.values = values
        self.color = color
        self.errors = errors
    }
}
