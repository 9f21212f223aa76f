/// The colour scale of a ``Heatmap``.
public enum HeatmapColorScale: Sendable, Hashable {
    /// Light to dark blue over [min, max] (ColorBrewer "Blues", 9 classes): counts,
    /// confusion matrices, p-values.
    case sequential
    /// Red through near-white to blue (ColorBrewer "RdBu", colour-blind safe), symmetric
    /// around `center`: correlations (center 0), differences.
    case diverging(center: Double)

    /// ColorBrewer Blues, light to dark.
    static let blues: [ChartColor] = [
        "#F7FBFF", "#DEEBF7", "#C6DBEF", "#9ECAE1", "#6BAED6", "#4292C6", "#2171B5", "#08519C", "#08306B",
    ].compactMap { ChartColor(hex: $0) }

    /// ColorBrewer RdBu, red (low) to blue (high).
    static let redBlue: [ChartColor] = [
        "#B2182B", "#D6604D", "#F4A582", "#FDDBC7", "#F7F7F7", "#D1E5F0", "#92C5DE", "#4393C3", "#2166AC",
    ].compactMap { ChartColor(hex: $0) }

    /// The stops of the scale, low to high.
    var stops: [ChartColor] {
        switch self {
        case .sequential: return Self.blues
        case .diverging: return Self.redBlue
        }
    }

    /// The colour at position `t` in 0 ... 1 (piecewise linear between stops).
    func color(at t: Double) -> ChartColor {
        let stops = self.stops
        let u = min(max(t.isFinite ? t : 0, 0), 1) * Double(stops.count - 1)
        let index = min(Int(u), stops.count - 2)
        return stops[index].interpolated(to: stops[index + 1], u - Double(index))
    }
}
