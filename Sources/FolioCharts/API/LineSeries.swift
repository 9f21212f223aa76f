/// One line of a ``LineChart``: points `(x[i], y[i])` in order, joined by
/// ``Interpolation``. Non-finite values leave a gap.
///
/// When `x` and `y` differ in length, ``LineChart/validate()`` reports it and the chart
/// renders the error message instead of the plot.
public struct LineSeries: Sendable, Hashable {
    /// The legend label; empty for no legend entry.
    public var name: String
    /// x values (seconds since the epoch on a time axis).
    public var x: [Double]
    /// y values.
    public var y: [Double]
    /// The colour; `nil` takes the next Okabe-Ito colour (``ChartColor/series(_:)``).
    public var color: ChartColor?
    /// The stroke pattern.
    public var style: LineStyle
    /// The stroke width in pixels.
    public var lineWidth: Double
    /// How points are joined.
    public var interpolation: Interpolation
    /// A symbol repeated along the line; `nil` lets the chart choose one when an earlier
    /// named series has the same style (see ``SeriesSymbol``).
    public var symbol: SeriesSymbol? = nil
    /// Whether the symbol marks each data point (a few points that each stand for
    /// something, such as calibration bins) instead of recurring every 64 pixels along the
    /// line. Such a named series always
    /// has a symbol: its own, else the next automatic one.
    public var marksEveryPoint = false

    /// A series from numeric x values.
    public init(
        name: String, x: [Double], y: [Double], color: ChartColor? = nil, style: LineStyle = .solid,
        lineWidth: Double = 2, interpolation: Interpolation = .linear
    ) {
        self.name = name
        self.x = x
        self.y = y
        self.color = color
        self.style = style
        self.lineWidth = lineWidth
        self.interpolation = interpolation
    }

    /// A series over time: `times` in whole seconds since 1970-01-01T00:00:00Z.
    public init(
        name: String, times: [Int64], y: [Double], color: ChartColor? = nil, style: LineStyle = .solid,
        lineWidth: Double = 2, interpolation: Interpolation = .linear
    ) {
        self.init(
            name: name, x: times.map(Double.init), y: y, color: color, style: style, lineWidth: lineWidth,
            interpolation: interpolation)
    }

    /// A series whose x values are 0, 1, 2, ... (bar index, step number).
    public init(
        name: String, y: [Double], color: ChartColor? = nil, style: LineStyle = .solid, lineWidth: Double = 2,
        interpolation: Interpolation = .linear
    ) {
        self.init(
            name: name, x: (0..<y.count).map(Double.init), y: y, color: color, style: style, lineWidth: lineWidth,
            interpolation: interpolation)
    }
}
