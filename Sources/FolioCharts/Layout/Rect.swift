/// An axis-aligned rectangle in SVG user units (y grows downwards).
struct Rect: Sendable, Equatable {
    var x: Double
    var y: Double
    var width: Double
    var height: Double

    var minX: Double { x }
    var minY: Double { y }
    var maxX: Double { x + width }
    var maxY: Double { y + height }
    var midX: Double { x + width / 2 }
    var midY: Double { y + height / 2 }

    /// The rectangle grown by `dx` and `dy` on each side (shrunk for negative values).
    func insetBy(dx: Double, dy: Double) -> Rect {
        Rect(x: x + dx, y: y + dy, width: max(0, width - 2 * dx), height: max(0, height - 2 * dy))
    }

    /// Whether the point lies inside or on the border.
    func contains(_ px: Double, _ py: Double) -> Bool {
        px >= minX && px <= maxX && py >= minY && py <= maxY
    }

    /// Whether the two rectangles overlap (touching edges do not count).
    func intersects(_ other: Rect) -> Bool {
        minX < other.maxX && other.minX < maxX && minY < other.maxY && other.minY < maxY
    }

    /// Whether the segment from (x0, y0) to (x1, y1) touches the rectangle
    /// (Liang-Barsky clipping).
    ///
    /// Complexity: O(1).
    func intersectsSegment(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> Bool {
        clippedFraction(x0, y0, x1, y1) != nil
    }

    /// The length of the part of the segment from (x0, y0) to (x1, y1) inside the rectangle.
    ///
    /// Complexity: O(1).
    func lengthInside(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> Double {
        guard let (t0, t1) = clippedFraction(x0, y0, x1, y1) else { return 0 }
        let dx = x1 - x0
        let dy = y1 - y0
        return (t1 - t0) * (dx * dx + dy * dy).squareRoot()
    }

    /// The parameter interval of the segment inside the rectangle (Liang-Barsky), `nil`
    /// when the segment misses it.
    private func clippedFraction(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> (Double, Double)? {
        var t0 = 0.0
        var t1 = 1.0
        let dx = x1 - x0
        let dy = y1 - y0
        let checks: [(Double, Double)] = [(-dx, x0 - minX), (dx, maxX - x0), (-dy, y0 - minY), (dy, maxY - y0)]
        for (p, q) in checks {
            if p == 0 {
                if q < 0 { return nil }
            } else {
                let r = q / p
                if p < 0 {
                    if r > t1 { return nil }
                    if r > t0 { t0 = r }
                } else {
                    if r < t0 { return nil }
                    if r < t1 { t1 = r }
                }
            }
        }
        return (t0, t1)
    }
}
