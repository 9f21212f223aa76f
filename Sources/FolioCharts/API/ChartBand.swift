/// A shaded region between two curves over shared x values: a 10-90% quantile band, or
/// the area between a drawdown curve and zero (``ChartBand/area(name:x:y:baseline:color:)``).
/// Points where any of x, lower or upper is not finite leave a gap.
public struct ChartBand: Sendable, Hashable {
    /// The legend label; empty for no legend entry.
    public var name: String
    /// x values.
    public var x: [Double]
    /// The lower edge, one value per x.
    public var lower: [Double]
    /// The upper edge, one value per x.
    public var upper: [Double]
    /// The fill colour; `nil` takes the next Okabe-Ito colour.
    public var color: ChartColor?
    /// The fill opacity, 0 ... 1.
    public var opacity: Double
    /// How points of each edge are joined.
    public var interpolation: Interpolation

    /// A band between two edges.
    public init(
        name: String, x: [Double], lower: [Double], upper: [Double], color: ChartColor? = nil,
        opacity: Double = 0.22, interpolation: Interpolation = .linear
    ) {
        self.name = name
        self.x = x
        self.lower = lower
        self.upper = upper
        self.color = color
        self.opacity = opacity
        self.interpolation = interpolation
    }

    /// The area between a curve and a constant baseline (zero by default), e.g. the area
    /// under a drawdown curve.
    public static func area(
        name: String, x: [Double], y: [Double], baseline: Double = 0, color: ChartColor? = nil,
        opacity: Double = 0.22, interpolation: Interpolation = .linear
    ) -> ChartBand {
        let lower = y.map { $0.isFinite ? min($0, baseline) : Double.nan }
        let upper = y.map { $0.isFinite ? max($0, baseline) : Double.nan }
        return ChartBand(
            name: name, x: x, lower: lower, upper: upper, color: color, opacity: opacity,
            interpolation: interpolation)
    }
}
