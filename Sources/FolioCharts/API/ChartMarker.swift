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

    /// A marker.
    public init(x: Double, y: Double, label: String = "", color: ChartColor? = nil) {
        self.x = x
        self.y = y
        self.label = label
        self.color = color
    }
}
