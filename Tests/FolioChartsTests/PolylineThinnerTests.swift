import Testing

@testable import FolioCharts

@Suite("Thinning large series")
struct PolylineThinnerTests {
    static func noisyWalk(count: Int, seed: UInt64) -> [PixelPoint] {
        var data = TestData(seed: seed)
        var y = 200.0
        return (0..<count).map { i in
            y += data.normal()
            return PixelPoint(x: 60 + Double(i) * 640 / Double(count), y: y)
        }
    }

    @Test("Endpoints and the extreme points are kept", arguments: [1 as UInt64, 2, 3])
    func keepsEndpointsAndExtremes(seed: UInt64) {
        let points = Self.noisyWalk(count: 100_000, seed: seed)
        let thinned = PolylineThinner.thin(points)
        #expect(thinned.first == points.first)
        #expect(thinned.last == points.last)
        let minY = points.min { $0.y < $1.y }!
        let maxY = points.max { $0.y < $1.y }!
        #expect(thinned.contains(minY))
        #expect(thinned.contains(maxY))
        #expect(thinned.count < 4 * 641)
        #expect(thinned.count > 100)
    }

    @Test("Order is preserved (a subsequence of the input)")
    func subsequence() {
        let points = Self.noisyWalk(count: 20_000, seed: 9)
        let thinned = PolylineThinner.thin(points)
        var index = 0
        for p in thinned {
            while index < points.count && points[index] != p { index += 1 }
            #expect(index < points.count)
        }
    }

    @Test("Collinear points collapse to the two ends")
    func collinear() {
        let line = (0...10_000).map { PixelPoint(x: Double($0) * 0.05, y: 3 + Double($0) * 0.02) }
        #expect(PolylineThinner.thin(line) == [line[0], line[10_000]])
    }

    @Test("Every dropped point lies within 1.5 px of the thinned line (1 px column, 0.5 px tolerance)")
    func fidelity() {
        let points = Self.noisyWalk(count: 5_000, seed: 11)
        let thinned = PolylineThinner.thin(points)
        var segment = 0
        for p in points {
            while segment + 1 < thinned.count - 1 && thinned[segment + 1].x < p.x { segment += 1 }
            var best = Double.infinity
            for s in max(0, segment - 4)..<min(thinned.count - 1, segment + 5) {
                best = min(best, PolylineThinner.squaredDistance(p, thinned[s], thinned[s + 1]))
            }
            #expect(best <= 2.25, "point \(p) is \(best.squareRoot()) px away")
        }
    }

    @Test("Short polylines are unchanged")
    func short() {
        let points = [PixelPoint(x: 0, y: 0), PixelPoint(x: 1, y: 5), PixelPoint(x: 2, y: 0)]
        #expect(PolylineThinner.thin(points) == points)
        #expect(PolylineThinner.thin([]) == [])
    }
}
