/// A labelled point drawn over the lines, e.g. the chosen threshold on a PR curve or the
/// bar where a barrier was hit.
public struct ChartMarker: Sendable, Hashable {
    /// x position.
    public var x: Double
    /// y position.
    public var y: Double
    /// The text beside the point; empty for none.
    public var label: String
    /// The fill colour; `nil` for black.
    public var color: ChartColor?
    /// Drawn as a ring (white inside, coloured edge) instead of a filled dot: a point
    /// backed by few observations (see ``ChartMarker/support(x:y:count:minimum:label:color:)``).
    public var isHollow: Bool

    /// A marker.
    public init(x: Double, y: Double, label: String = "", color: ChartColor? = nil, isHollow: Bool = false) {
        self.x = x
        self.y = y
        self.label = label
        self.color = color
        self.isHollow = isHollow
    }

    /// A marker for a point computed from `count` observations: hollow when `count` is
    /// below `minimum`, so that points resting on few observations do not look like findings.
    public static func support(x: Double, y: Double, count: Int, minimum: Int, label: String = "",
                               color: ChartColor? = nil) -> ChartMarker {
        ChartMarker(x: x, y: y, label: label, color: color, isHollow: count < minimum)
    }
}
