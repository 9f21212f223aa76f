/// One sample of a ``Histogram``.
public struct HistogramSeries: Sendable, Hashable {
    /// The legend label; empty for none.
    public var name: String
    /// The observations; NaN and infinite values are ignored.
    public var values: [Double]
    /// The colour; `nil` takes the next Okabe-Ito colour.
    public var color: ChartColor?

    /// A sample.
    public init(name: String, values: [Double], color: ChartColor? = nil) {
        self.name = name
        self.values = values
        self.color = color
    }
}
