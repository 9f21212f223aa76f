/// A point in SVG user units (pixels).
struct PixelPoint: Sendable, Equatable {
    var x: Double
    var y: Double
}

/// Reduces a polyline in pixel space to the points that change its picture.
///
/// Two passes:
/// 1. per pixel column: each run of consecutive points falling in one column keeps its
///    first, lowest, highest and last point, in their original order (the M4 reduction),
///    so the ink of every column is unchanged;
/// 2. Ramer-Douglas-Peucker with a tolerance of half a pixel drops points that lie within
///    that distance of the segment joining their kept neighbours.
/// The first and last points and the points with the smallest and largest x and y are
/// always kept.
///
/// A 100,000-point curve over a 650-pixel plot keeps a few thousand points at most.
enum PolylineThinner {
    /// The thinned polyline.
    ///
    /// - Parameters:
    ///   - points: one continuous polyline (no gaps), in pixels.
    ///   - tolerance: the largest distance, in pixels, a dropped point may lie from the kept line.
    /// - Complexity: O(n) for the column pass; O(m log m) expected (O(m²) worst case) for the
    ///   simplification of the m points left by it.
    static func thin(_ points: [PixelPoint], tolerance: Double = 0.5) -> [PixelPoint] {
        if points.count <= 3 { return points }
        let reduced = columnReduce(points)
        return simplify(reduced, tolerance: tolerance)
    }

    /// Pass 1: first, min-y, max-y and last point of each run of points in one pixel column.
    ///
    /// Complexity: O(n).
    static func columnReduce(_ points: [PixelPoint]) -> [PixelPoint] {
        var output: [PixelPoint] = []
        output.reserveCapacity(min(points.count, 4096))
        points.withUnsafeBufferPointer { buffer in
            var runStart = 0
            while runStart < buffer.count {
                let column = buffer[runStart].x.rounded(.down)
                var runEnd = runStart + 1
                var minIndex = runStart
                var maxIndex = runStart
                while runEnd < buffer.count && buffer[runEnd].x.rounded(.down) == column {
                    if buffer[runEnd].y < buffer[minIndex].y { minIndex = runEnd }
                    if buffer[runEnd].y > buffer[maxIndex].y { maxIndex = runEnd }
                    runEnd += 1
                }
                let last = runEnd - 1
                var kept = [runStart, minIndex, maxIndex, last]
                kept.sort()
                var previous = -1
                for index in kept where index != previous {
                    output.append(buffer[index])
                    previous = index
                }
                runStart = runEnd
            }
        }
        return output
    }

    /// Pass 2: Ramer-Douglas-Peucker between anchors (endpoints and extreme points).
    ///
    /// Complexity: O(n log n) expected, O(n²) worst case.
    static func simplify(_ points: [PixelPoint], tolerance: Double) -> [PixelPoint] {
        let n = points.count
        if n <= 2 { return points }
        var keep = [Bool](repeating: false, count: n)
        keep[0] = true
        keep[n - 1] = true
        var minX = 0, maxX = 0, minY = 0, maxY = 0
        for i in 1..<n {
            if points[i].x < points[minX].x { minX = i }
            if points[i].x > points[maxX].x { maxX = i }
            if points[i].y < points[minY].y { minY = i }
            if points[i].y > points[maxY].y { maxY = i }
        }
        for index in [minX, maxX, minY, maxY] { keep[index] = true }
        let tolerance2 = tolerance * tolerance
        var stack: [(Int, Int)] = []
        var anchor = 0
        for i in 1..<n where keep[i] {
            if i - anchor > 1 { stack.append((anchor, i)) }
            anchor = i
        }
        points.withUnsafeBufferPointer { p in
            while let (start, end) = stack.popLast() {
                let a = p[start]
                let b = p[end]
                var farthest = -1
                var farthestDistance = tolerance2
                for i in (start + 1)..<end {
                    let d = squaredDistance(p[i], a, b)
                    if d > farthestDistance {
                        farthestDistance = d
                        farthest = i
                    }
                }
                if farthest >= 0 {
                    keep[farthest] = true
                    if farthest - start > 1 { stack.append((start, farthest)) }
                    if end - farthest > 1 { stack.append((farthest, end)) }
                }
            }
        }
        var output: [PixelPoint] = []
        output.reserveCapacity(n / 4)
        for i in 0..<n where keep[i] { output.append(points[i]) }
        return output
    }

    /// Squared distance from `p` to the segment `a`-`b`.
    @inline(__always)
    static func squaredDistance(_ p: PixelPoint, _ a: PixelPoint, _ b: PixelPoint) -> Double {
        let dx = b.x - a.x
        let dy = b.y - a.y
        let length2 = dx * dx + dy * dy
        var t = 0.0
        if length2 > 0 {
            t = ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2
            t = min(max(t, 0), 1)
        }
        let ex = a.x + t * dx - p.x
        let ey = a.y + t * dy - p.y
        return ex * ex + ey * ey
    }
}
