/// The drawing of a chart in one frame: SVG nodes and the definitions they use.
struct PanelDrawing: Sendable {
    var nodes: [SVGNode]
    var defs: [SVGNode]
}

/// Lays out and draws a ``LineChart`` inside a frame, either as a whole chart (title,
/// axis titles, legend) or as a compact panel of ``SmallMultiples``.
///
/// Steps: data extents → axis scales and plot rectangle → pixel geometry (thinned
/// polylines, band polygons, annotation boxes) → legend placement (a free corner of the
/// plot, else above it, which needs a second layout) → SVG nodes.
struct LinePlotRenderer {
    let chart: LineChart
    let compact: Bool

    /// Where the legend goes once placed.
    enum LegendMode: Equatable {
        case none
        case top
        case right
        case inside(Rect)
    }

    /// Plot rectangle and scales.
    struct Layout {
        var plot: Rect
        var x: AxisScale
        var y: AxisScale
        var legend: LegendMode
        /// Top of the legend rows when the legend is above the plot.
        var legendTop: Double
    }

    /// Pixel-space content of the plot.
    struct Geometry {
        var series: [[[PixelPoint]]] = []
        var bands: [[[PixelPoint]]] = []
        var markers: [PixelPoint?] = []
        /// The data points of series that mark each of them (`LineSeries.marksEveryPoint`), in pixels.
        var seriesPoints: [[PixelPoint]] = []
        var annotations: [SVGNode] = []
        var annotationLabels: [SVGNode] = []
        var annotationBoxes: [Rect] = []
        var ruleSegments: [(PixelPoint, PixelPoint)] = []
    }

    /// Running minimum and maximum.
    struct Extent {
        var min = Double.infinity
        var max = -Double.infinity
        mutating func add(_ value: Double) {
            if value < min { min = value }
            if value > max { max = value }
        }
        var isEmpty: Bool { min > max }
    }

    var padding: Double { compact ? 6 : Theme.padding }

    /// A usable stroke width: 0.25 ... 20 px, 2 px for a non-finite or non-positive value.
    static func strokeWidth(_ width: Double) -> Double {
        width.isFinite && width > 0 ? min(max(width, 0.25), 20) : 2
    }

    /// A usable opacity: 0 ... 1, 0.22 for a non-finite value.
    static func opacity(_ value: Double) -> Double {
        value.isFinite ? min(max(value, 0), 1) : 0.22
    }

    // MARK: - Colours and legend entries

    func seriesColor(_ index: Int) -> ChartColor {
        chart.series[index].color ?? .series(index)
    }

    func bandColor(_ index: Int) -> ChartColor {
        chart.bands[index].color ?? .series(chart.series.count + index)
    }

    /// The symbol drawn along each series: its own, else for a named series that shares its
    /// style with another named series, the next of ``SeriesSymbol/automatic`` within that
    /// style (so every named series differs from the others by its dash pattern or its
    /// symbol, not by colour alone); unnamed series and a style's only series get none.
    /// Symbols are drawn over all lines, so a line hidden under an identical one still shows
    /// its own symbols between the other's.
    var symbols: [SeriesSymbol] {
        var sharing: [LineStyle: Int] = [:]
        for series in chart.series where !series.name.isEmpty && series.symbol == nil { sharing[series.style, default: 0] += 1 }
        var used: [LineStyle: Int] = [:]
        return chart.series.map { series in
            if let symbol = series.symbol { return symbol }
            guard !series.name.isEmpty, sharing[series.style, default: 0] > 1 || series.marksEveryPoint else { return .none }
            let k = used[series.style, default: 0]
            used[series.style] = k + 1
            return SeriesSymbol.automatic[k % SeriesSymbol.automatic.count]
        }
    }

    /// Named bands and series, in that order (bands first, as they sit underneath), then
    /// the hollow markers' meaning when the chart names it.
    var legendEntries: [LegendEntry] {
        var entries: [LegendEntry] = []
        for (index, band) in chart.bands.enumerated() where !band.name.isEmpty {
            entries.append(LegendEntry(label: band.name, color: bandColor(index), swatch: .area(opacity: Self.opacity(band.opacity))))
        }
        let symbols = self.symbols
        for (index, series) in chart.series.enumerated() where !series.name.isEmpty {
            entries.append(
                LegendEntry(
                    label: series.name, color: seriesColor(index),
                    swatch: .line(series.style, width: Self.strokeWidth(series.lineWidth), symbol: symbols[index])))
        }
        if let label = chart.hollowMarkerLabel, chart.markers.contains(where: \.isHollow) {
            entries.append(LegendEntry(label: label, color: .gray, swatch: .hollowMarker))
        }
        return entries
    }

    /// Where symbols go along a series' polylines: every `spacing` pixels of path length,
    /// from `phase` on.
    ///
    /// - Complexity: O(points).
    static func symbolPoints(_ polylines: [[PixelPoint]], spacing: Double, phase: Double) -> [PixelPoint] {
        var out: [PixelPoint] = []
        for line in polylines where !line.isEmpty {
            if line.count == 1 { out.append(line[0]); continue }
            var next = phase
            var travelled = 0.0
            for (a, b) in zip(line, line.dropFirst()) {
                let length = ((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y)).squareRoot()
                while length > 0, next <= travelled + length {
                    let t = (next - travelled) / length
                    out.append(PixelPoint(x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y)))
                    next += spacing
                }
                travelled += length
            }
        }
        return out
    }

    /// Pixels between two symbols of one series.
    static let symbolSpacing = 64.0

    // MARK: - Extents

    /// Extents of the finite data (series, bands, markers) and of the rules.
    func extents() -> (x: Extent, y: Extent, hasData: Bool) {
        var ex = Extent()
        var ey = Extent()
        for s in chart.series {
            let n = min(s.x.count, s.y.count)
            s.x.withUnsafeBufferPointer { xs in
                s.y.withUnsafeBufferPointer { ys in
                    for i in 0..<n where xs[i].isFinite && ys[i].isFinite {
                        ex.add(xs[i])
                        ey.add(ys[i])
                    }
                }
            }
        }
        for b in chart.bands {
            let n = min(b.x.count, b.lower.count, b.upper.count)
            for i in 0..<n where b.x[i].isFinite && b.lower[i].isFinite && b.upper[i].isFinite {
                ex.add(b.x[i])
                ey.add(b.lower[i])
                ey.add(b.upper[i])
            }
        }
        for m in chart.markers where m.x.isFinite && m.y.isFinite {
            ex.add(m.x)
            ey.add(m.y)
        }
        let hasData = !ex.isEmpty
        for r in chart.rules where r.value.isFinite {
            switch r.orientation {
            case .vertical: if hasData { ex.add(r.value) }
            case .horizontal: if hasData { ey.add(r.value) }
            }
        }
        return (ex, ey, hasData)
    }

    // MARK: - Layout

    func layout(in frame: Rect, top: Double, legend: LegendMode, extents: (x: Extent, y: Extent, hasData: Bool))
        -> Layout
    {
        let entries = legendEntries
        var plotTop = top + (compact ? 6 : 12)
        var legendTop = top
        if legend == .top {
            legendTop = top + 2
            plotTop += Legend.rowsHeight(entries, maxWidth: frame.width - 2 * padding) + 4
        }
        var rightReserve = 0.0
        if legend == .right {
            rightReserve = Legend.columnSize(entries).width + 12
        }
        let xTitleHeight = (!compact && chart.xAxis.title != nil) ? 18.0 : 0
        let plotBottom = frame.maxY - padding - xTitleHeight - 20
        let yTitleWidth = (!compact && chart.yAxis.title != nil) ? 20.0 : 0
        let plotHeight = max(plotBottom - plotTop, 10)
        var yScale = AxisScale.make(
            axis: chart.yAxis, dataMin: extents.y.isEmpty ? nil : extents.y.min,
            dataMax: extents.y.isEmpty ? nil : extents.y.max, loose: true, length: plotHeight, horizontal: false)
        let labelWidth = yScale.labels.map { TextMetrics.width($0, fontSize: Theme.tickSize) }.max() ?? 0
        let plotLeft = frame.x + padding + yTitleWidth + labelWidth + 8
        var plotRight = frame.maxX - padding - rightReserve
        var xScale = AxisScale.make(
            axis: chart.xAxis, dataMin: extents.x.isEmpty ? nil : extents.x.min,
            dataMax: extents.x.isEmpty ? nil : extents.x.max, loose: false, length: max(plotRight - plotLeft, 10),
            horizontal: true)
        // Keep the last x label inside the frame.
        if let lastValue = xScale.ticks.last, let lastLabel = xScale.labels.last {
            let px = plotLeft + (lastValue - xScale.lower) / (xScale.upper - xScale.lower) * (plotRight - plotLeft)
            let overhang = px + TextMetrics.width(lastLabel, fontSize: Theme.tickSize) / 2 - (frame.maxX - padding / 2)
            if overhang > 0 && legend != .right { plotRight -= overhang }
        }
        let plot = Rect(x: plotLeft, y: plotTop, width: max(plotRight - plotLeft, 10), height: plotHeight)
        xScale.start = plot.minX
        xScale.end = plot.maxX
        yScale.start = plot.maxY
        yScale.end = plot.minY
        return Layout(plot: plot, x: xScale, y: yScale, legend: legend, legendTop: legendTop)
    }

    // MARK: - Geometry

    /// Pixel coordinates are clamped to this distance from the origin so that wild values
    /// outside a fixed range cannot produce non-finite path data.
    static let pixelLimit = 100_000.0

    @inline(__always)
    static func clampPixel(_ v: Double) -> Double {
        min(max(v, -pixelLimit), pixelLimit)
    }

    /// Thinned pixel polylines of one series (one per run of finite points).
    static func polylines(
        x: [Double], y: [Double], interpolation: Interpolation, layout: Layout
    ) -> [[PixelPoint]] {
        let (sx, ox) = layout.x.affine
        let (sy, oy) = layout.y.affine
        let n = min(x.count, y.count)
        var result: [[PixelPoint]] = []
        var current: [PixelPoint] = []
        x.withUnsafeBufferPointer { xs in
            y.withUnsafeBufferPointer { ys in
                for i in 0..<n {
                    let xv = xs[i]
                    let yv = ys[i]
                    guard xv.isFinite && yv.isFinite else {
                        if !current.isEmpty {
                            result.append(PolylineThinner.thin(current))
                            current.removeAll(keepingCapacity: true)
                        }
                        continue
                    }
                    let px = clampPixel(xv * sx + ox)
                    let py = clampPixel(yv * sy + oy)
                    if let last = current.last {
                        switch interpolation {
                        case .linear: break
                        case .stepAfter: current.append(PixelPoint(x: px, y: last.y))
                        case .stepBefore: current.append(PixelPoint(x: last.x, y: py))
                        }
                    }
                    current.append(PixelPoint(x: px, y: py))
                }
            }
        }
        if !current.isEmpty { result.append(PolylineThinner.thin(current)) }
        return result
    }

    /// Closed polygons of a band (upper edge forward, lower edge back), one per run of
    /// finite points.
    static func bandPolygons(_ band: ChartBand, layout: Layout) -> [[PixelPoint]] {
        let n = min(band.x.count, band.lower.count, band.upper.count)
        var polygons: [[PixelPoint]] = []
        var start = 0
        while start < n {
            while start < n && !(band.x[start].isFinite && band.lower[start].isFinite && band.upper[start].isFinite) {
                start += 1
            }
            var end = start
            while end < n && band.x[end].isFinite && band.lower[end].isFinite && band.upper[end].isFinite {
                end += 1
            }
            if end > start {
                let xs = Array(band.x[start..<end])
                let upper = polylines(
                    x: xs, y: Array(band.upper[start..<end]), interpolation: band.interpolation, layout: layout)
                let lower = polylines(
                    x: xs, y: Array(band.lower[start..<end]), interpolation: band.interpolation, layout: layout)
                if let u = upper.first, let l = lower.first {
                    polygons.append(u + l.reversed())
                }
            }
            start = end
        }
        return polygons
    }

    func geometry(_ layout: Layout) -> Geometry {
        var g = Geometry()
        g.series = chart.series.map {
            Self.polylines(x: $0.x, y: $0.y, interpolation: $0.interpolation, layout: layout)
        }
        g.bands = chart.bands.map { Self.bandPolygons($0, layout: layout) }
        let plot = layout.plot
        g.seriesPoints = chart.series.map { series in
            guard series.marksEveryPoint else { return [] }
            return zip(series.x, series.y).compactMap { x, y in
                guard x.isFinite, y.isFinite else { return nil }
                let p = PixelPoint(x: layout.x.map(x), y: layout.y.map(y))
                return plot.insetBy(dx: -1, dy: -1).contains(p.x, p.y) ? p : nil
            }
        }
        g.markers = chart.markers.map { m in
            guard m.x.isFinite, m.y.isFinite else { return nil }
            let p = PixelPoint(x: layout.x.map(m.x), y: layout.y.map(m.y))
            return plot.insetBy(dx: -1, dy: -1).contains(p.x, p.y) ? p : nil
        }
        annotate(&g, layout: layout)
        return g
    }

    /// A candidate position for a label: its x, baseline and anchor.
    struct LabelSpot {
        var x: Double
        var baseline: Double
        var anchor: Draw.Anchor
    }

    /// The box a label would occupy at a spot.
    static func labelBox(_ spot: LabelSpot, width: Double) -> Rect {
        let left: Double
        switch spot.anchor {
        case .start: left = spot.x
        case .middle: left = spot.x - width / 2
        case .end: left = spot.x - width
        }
        return Rect(x: left, y: spot.baseline - 11, width: width, height: 14)
    }

    /// How much of the plot's ink a label at `box` would cover: the length of series and
    /// rule lines inside it, plus heavy penalties for overlapping a label already placed
    /// (1,000) or leaving the plot (10,000).
    func clutter(_ box: Rect, _ g: Geometry, plot: Rect, ignoring own: Rect? = nil) -> Double {
        var score = 0.0
        if box.minX < plot.minX + 1 || box.maxX > plot.maxX - 1 || box.minY < plot.minY || box.maxY > plot.maxY {
            score += 10_000
        }
        let padded = box.insetBy(dx: -10, dy: -1)
        for other in g.annotationBoxes where other != own && other.intersects(padded) { score += 1_000 }
        for (p, q) in g.ruleSegments { score += box.lengthInside(p.x, p.y, q.x, q.y) }
        for series in g.series {
            for polyline in series {
                guard polyline.count > 1 else {
                    if let p = polyline.first, box.contains(p.x, p.y) { score += 4 }
                    continue
                }
                for i in 1..<polyline.count {
                    let a = polyline[i - 1]
                    let b = polyline[i]
                    if max(a.x, b.x) < box.minX || min(a.x, b.x) > box.maxX || max(a.y, b.y) < box.minY
                        || min(a.y, b.y) > box.maxY
                    {
                        continue
                    }
                    score += box.lengthInside(a.x, a.y, b.x, b.y)
                }
            }
        }
        return score
    }

    /// The box a marker's dot occupies.
    static func markerBox(_ p: PixelPoint) -> Rect {
        Rect(x: p.x - 6, y: p.y - 6, width: 12, height: 12)
    }

    /// The least cluttered of the candidate spots (the earlier one unless a later one is
    /// better by more than a pixel of ink).
    func bestSpot(_ spots: [LabelSpot], width: Double, _ g: Geometry, plot: Rect, ignoring own: Rect? = nil)
        -> LabelSpot
    {
        var best = spots[0]
        var bestScore = Double.infinity
        for spot in spots {
            let score = clutter(Self.labelBox(spot, width: width), g, plot: plot, ignoring: own)
            if score < bestScore - 1 {
                best = spot
                bestScore = score
            }
            if score == 0 { break }
        }
        return best
    }

    /// Rules with their labels and marker labels, placed where they cross the fewest
    /// lines and no other label; records their boxes for legend placement.
    func annotate(_ g: inout Geometry, layout: Layout) {
        let plot = layout.plot
        let size = Theme.annotationSize
        var lines: [SVGNode] = []
        var labels: [SVGNode] = []
        for (index, _) in chart.markers.enumerated() {
            if let p = g.markers[index] { g.annotationBoxes.append(Self.markerBox(p)) }
        }
        let verticals = chart.rules
            .filter { $0.orientation == .vertical && $0.value.isFinite && layout.x.containsValue($0.value) }
            .sorted { $0.value < $1.value }
        for rule in verticals {
            let px = layout.x.map(rule.value)
            let color = rule.color?.hex ?? Theme.reference
            lines.append(Draw.line(px, plot.minY, px, plot.maxY, stroke: color, width: 1.25, dash: rule.style.dashArray))
            g.ruleSegments.append((PixelPoint(x: px, y: plot.minY), PixelPoint(x: px, y: plot.maxY)))
        }
        let horizontals = chart.rules.filter {
            $0.orientation == .horizontal && $0.value.isFinite && layout.y.containsValue($0.value)
        }
        for rule in horizontals {
            let py = layout.y.map(rule.value)
            let color = rule.color?.hex ?? Theme.reference
            lines.append(Draw.line(plot.minX, py, plot.maxX, py, stroke: color, width: 1.25, dash: rule.style.dashArray))
            g.ruleSegments.append((PixelPoint(x: plot.minX, y: py), PixelPoint(x: plot.maxX, y: py)))
        }
        // Vertical rule labels: beside the rule, near the top or the bottom, in rows.
        for rule in verticals where !rule.label.isEmpty {
            let px = layout.x.map(rule.value)
            let w = TextMetrics.width(rule.label, fontSize: size)
            var spots: [LabelSpot] = []
            for row in 0..<4 {
                let top = plot.minY + 14 + Double(row) * 15
                let bottom = plot.maxY - 6 - Double(row) * 15
                spots.append(LabelSpot(x: px + 4, baseline: top, anchor: .start))
                spots.append(LabelSpot(x: px - 4, baseline: top, anchor: .end))
                spots.append(LabelSpot(x: px + 4, baseline: bottom, anchor: .start))
                spots.append(LabelSpot(x: px - 4, baseline: bottom, anchor: .end))
            }
            let spot = bestSpot(spots, width: w, g, plot: plot)
            let color = rule.color?.hex ?? Theme.reference
            labels.append(
                contentsOf: Draw.haloText(rule.label, x: spot.x, y: spot.baseline, size: size, anchor: spot.anchor, fill: color))
            g.annotationBoxes.append(Self.labelBox(spot, width: w))
        }
        // Horizontal rule labels: above or below the rule, at its right or left end.
        for rule in horizontals where !rule.label.isEmpty {
            let py = layout.y.map(rule.value)
            let w = TextMetrics.width(rule.label, fontSize: size)
            let spots = [
                LabelSpot(x: plot.maxX - 4, baseline: py - 5, anchor: .end),
                LabelSpot(x: plot.maxX - 4, baseline: py + 15, anchor: .end),
                LabelSpot(x: plot.minX + 4, baseline: py - 5, anchor: .start),
                LabelSpot(x: plot.minX + 4, baseline: py + 15, anchor: .start),
                LabelSpot(x: plot.midX, baseline: py - 5, anchor: .middle),
                LabelSpot(x: plot.midX, baseline: py + 15, anchor: .middle),
            ]
            let spot = bestSpot(spots, width: w, g, plot: plot)
            let color = rule.color?.hex ?? Theme.reference
            labels.append(
                contentsOf: Draw.haloText(rule.label, x: spot.x, y: spot.baseline, size: size, anchor: spot.anchor, fill: color))
            g.annotationBoxes.append(Self.labelBox(spot, width: w))
        }
        // Marker labels: in the least cluttered of eight places around the point.
        for (index, marker) in chart.markers.enumerated() where !marker.label.isEmpty {
            guard let p = g.markers[index] else { continue }
            let w = TextMetrics.width(marker.label, fontSize: size)
            let spots = [
                LabelSpot(x: p.x + 8, baseline: p.y - 8, anchor: .start),
                LabelSpot(x: p.x + 8, baseline: p.y + 17, anchor: .start),
                LabelSpot(x: p.x - 8, baseline: p.y - 8, anchor: .end),
                LabelSpot(x: p.x - 8, baseline: p.y + 17, anchor: .end),
                LabelSpot(x: p.x + 10, baseline: p.y + 4, anchor: .start),
                LabelSpot(x: p.x - 10, baseline: p.y + 4, anchor: .end),
                LabelSpot(x: p.x, baseline: p.y - 11, anchor: .middle),
                LabelSpot(x: p.x, baseline: p.y + 21, anchor: .middle),
            ]
            // The label may touch its own marker, not the others.
            let own = Self.markerBox(p)
            let spot = bestSpot(spots, width: w, g, plot: plot, ignoring: own)
            labels.append(contentsOf: Draw.haloText(marker.label, x: spot.x, y: spot.baseline, size: size, anchor: spot.anchor))
            g.annotationBoxes.append(Self.labelBox(spot, width: w))
        }
        g.annotations = lines
        g.annotationLabels = labels
    }

    // MARK: - Legend placement

    /// Whether a legend box at `box` would cover none of the plot's content.
    func isFree(_ box: Rect, geometry g: Geometry, layout: Layout) -> Bool {
        let b = box.insetBy(dx: -4, dy: -4)
        func crosses(_ polyline: [PixelPoint]) -> Bool {
            guard let first = polyline.first else { return false }
            if polyline.count == 1 { return b.contains(first.x, first.y) }
            var minX = first.x, maxX = first.x, minY = first.y, maxY = first.y
            for p in polyline {
                minX = min(minX, p.x)
                maxX = max(maxX, p.x)
                minY = min(minY, p.y)
                maxY = max(maxY, p.y)
            }
            if !b.intersects(Rect(x: minX, y: minY, width: max(maxX - minX, 0.01), height: max(maxY - minY, 0.01))) {
                return false
            }
            for i in 1..<polyline.count
            where b.intersectsSegment(polyline[i - 1].x, polyline[i - 1].y, polyline[i].x, polyline[i].y) {
                return true
            }
            return false
        }
        for series in g.series {
            for polyline in series where crosses(polyline) { return false }
        }
        for band in g.bands {
            for polygon in band {
                if crosses(polygon + [polygon[0]]) { return false }
                if Self.contains(polygon, b.midX, b.midY) { return false }
            }
        }
        for box in g.annotationBoxes where box.intersects(b) { return false }
        for (p, q) in g.ruleSegments where b.intersectsSegment(p.x, p.y, q.x, q.y) { return false }
        if chart.showsDiagonal, let (p, q) = diagonal(layout), b.intersectsSegment(p.x, p.y, q.x, q.y) {
            return false
        }
        return true
    }

    /// Even-odd point-in-polygon test.
    static func contains(_ polygon: [PixelPoint], _ x: Double, _ y: Double) -> Bool {
        var inside = false
        var j = polygon.count - 1
        for i in 0..<polygon.count {
            let a = polygon[i]
            let b = polygon[j]
            if (a.y > y) != (b.y > y) && x < (b.x - a.x) * (y - a.y) / (b.y - a.y) + a.x {
                inside.toggle()
            }
            j = i
        }
        return inside
    }

    /// The end points of y = x inside the plot, if the domains overlap.
    func diagonal(_ layout: Layout) -> (PixelPoint, PixelPoint)? {
        let low = max(layout.x.lower, layout.y.lower)
        let high = min(layout.x.upper, layout.y.upper)
        guard low < high else { return nil }
        return (
            PixelPoint(x: layout.x.map(low), y: layout.y.map(low)),
            PixelPoint(x: layout.x.map(high), y: layout.y.map(high))
        )
    }

    /// The first free corner of the plot for a legend of the given size, in the order
    /// top right, top left, bottom right, bottom left.
    func freeCorner(size: (width: Double, height: Double), geometry: Geometry, layout: Layout) -> Rect? {
        let plot = layout.plot
        let inset = 8.0
        guard size.width + 2 * inset < plot.width * 0.6, size.height + 2 * inset < plot.height * 0.7 else {
            return nil
        }
        let candidates = [
            Rect(x: plot.maxX - inset - size.width, y: plot.minY + inset, width: size.width, height: size.height),
            Rect(x: plot.minX + inset, y: plot.minY + inset, width: size.width, height: size.height),
            Rect(
                x: plot.maxX - inset - size.width, y: plot.maxY - inset - size.height, width: size.width,
                height: size.height),
            Rect(x: plot.minX + inset, y: plot.maxY - inset - size.height, width: size.width, height: size.height),
        ]
        return candidates.first { isFree($0, geometry: geometry, layout: layout) }
    }

    // MARK: - Rendering

    /// A panel title that fits `width`: at `size`, else at a smaller size down to 10 px,
    /// else cut with an ellipsis (the whole title then shows on hover).
    static func fitted(_ title: String, width: Double, size: Double) -> (String, Double) {
        let full = TextMetrics.width(title, fontSize: size, bold: true)
        guard full > width else { return (title, size) }
        let smaller = max(10, (size * width / full * 10).rounded(.down) / 10)
        if TextMetrics.width(title, fontSize: smaller, bold: true) <= width { return (title, smaller) }
        var cut = title
        while !cut.isEmpty, TextMetrics.width(cut + "…", fontSize: smaller, bold: true) > width { cut.removeLast() }
        return (cut + "…", smaller)
    }

    func render(in frame: Rect, idSuffix: String) -> PanelDrawing {
        let ext = extents()
        var nodes: [SVGNode] = []
        var top = frame.y + padding
        if compact {
            if !chart.title.isEmpty {
                let (title, size) = Self.fitted(chart.title, width: frame.width - 2 * padding, size: Theme.panelTitleSize)
                let text = Draw.text(title, x: frame.x + padding, y: top + 11, size: size, bold: true)
                nodes.append(title == chart.title ? text : Draw.titled(.element(SVGElement("g", children: [text])), chart.title))
                top += 16
            }
        } else {
            let (titleNodes, y) = Draw.titleBlock(title: chart.title, subtitle: chart.subtitle, frame: frame, top: top)
            nodes.append(contentsOf: titleNodes)
            top = y
        }
        let entries = legendEntries
        var mode: LegendMode
        if compact || entries.isEmpty || !ext.hasData {
            mode = .none
        } else {
            switch chart.legend {
            case .hidden: mode = .none
            case .top: mode = .top
            case .right: mode = .right
            case .automatic: mode = .none  // decided below
            }
        }
        var lay = layout(in: frame, top: top, legend: mode, extents: ext)
        var geo = geometry(lay)
        if !compact && ext.hasData && !entries.isEmpty && chart.legend == .automatic {
            if let corner = freeCorner(size: Legend.columnSize(entries), geometry: geo, layout: lay) {
                lay.legend = .inside(corner)
            } else {
                lay = layout(in: frame, top: top, legend: .top, extents: ext)
                geo = geometry(lay)
            }
        }
        nodes.append(contentsOf: draw(lay, geo, frame: frame, hasData: ext.hasData, idSuffix: idSuffix))
        let clip = SVGElement(
            "clipPath", [("id", ChartDocument.idToken + "-clip" + idSuffix)],
            children: [Draw.rect(lay.plot.insetBy(dx: -3, dy: -3), fill: "#FFFFFF")])
        return PanelDrawing(nodes: nodes, defs: [.element(clip)])
    }

    func draw(_ lay: Layout, _ geo: Geometry, frame: Rect, hasData: Bool, idSuffix: String) -> [SVGNode] {
        let plot = lay.plot
        var nodes: [SVGNode] = []
        // Grid.
        var grid: [SVGNode] = []
        for value in lay.y.ticks {
            let py = lay.y.map(value)
            grid.append(Draw.line(plot.minX, py, plot.maxX, py, stroke: Theme.grid))
        }
        for value in lay.x.ticks {
            let px = lay.x.map(value)
            grid.append(Draw.line(px, plot.minY, px, plot.maxY, stroke: Theme.grid))
        }
        nodes.append(.element(SVGElement("g", [("class", "grid")], children: grid)))
        // Zero line when the y domain straddles zero.
        if lay.y.lower < 0 && lay.y.upper > 0 {
            let py = lay.y.map(0)
            nodes.append(Draw.line(plot.minX, py, plot.maxX, py, stroke: Theme.axis))
        }
        // Data, clipped to the plot.
        var data: [SVGNode] = []
        for (index, polygons) in geo.bands.enumerated() where !polygons.isEmpty {
            let band = chart.bands[index]
            data.append(
                .element(
                    SVGElement(
                        "path",
                        [
                            ("d", Draw.pathData(polygons, closed: true)), ("fill", bandColor(index).hex),
                            ("fill-opacity", NumberText.fixed(Self.opacity(band.opacity), fractionDigits: 3)),
                            ("stroke", "none"),
                        ])))
        }
        if chart.showsDiagonal, let (p, q) = diagonal(lay) {
            data.append(Draw.line(p.x, p.y, q.x, q.y, stroke: Theme.reference, width: 1, dash: "4 4"))
        }
        data.append(contentsOf: geo.annotations)
        for (index, polylines) in geo.series.enumerated() where !polylines.isEmpty {
            let series = chart.series[index]
            var attributes: [(String, String)] = [
                ("d", Draw.pathData(polylines)), ("fill", "none"), ("stroke", seriesColor(index).hex),
                ("stroke-width", NumberText.coordinate(Self.strokeWidth(series.lineWidth))),
                ("stroke-linejoin", "round"), ("stroke-linecap", "round"),
            ]
            if let dash = series.style.dashArray { attributes.append(("stroke-dasharray", dash)) }
            data.append(Draw.titled(.element(SVGElement("path", attributes)), series.name))
        }
        // Symbols along the lines that share a style with an earlier one, each series at its
        // own phase so that the symbols of coinciding lines alternate.
        // The phases spread the series evenly over one spacing (two: half a spacing apart).
        let symbols = self.symbols
        let carriers = max(1, symbols.filter { $0 != .none }.count)
        for (index, polylines) in geo.series.enumerated() where symbols[index] != .none {
            let rank = symbols[..<index].filter { $0 != .none }.count
            let phase = 8 + Double(rank) * Self.symbolSpacing / Double(carriers)
            let points = chart.series[index].marksEveryPoint
                ? geo.seriesPoints[index] : Self.symbolPoints(polylines, spacing: Self.symbolSpacing, phase: phase)
            let shapes = points.compactMap {
                Draw.symbol(symbols[index], x: $0.x, y: $0.y, color: seriesColor(index).hex)
            }
            data.append(Draw.titled(.element(SVGElement("g", [("class", "symbols")], children: shapes)), chart.series[index].name))
        }
        for (index, marker) in chart.markers.enumerated() {
            guard let p = geo.markers[index] else { continue }
            let color = (marker.color ?? .black).hex
            data.append(Draw.titled(
                .element(
                    SVGElement(
                        "circle",
                        [
                            ("cx", NumberText.coordinate(p.x)), ("cy", NumberText.coordinate(p.y)),
                            ("r", marker.isHollow ? "4.5" : "5"),
                            ("fill", marker.isHollow ? Theme.background : color),
                            ("stroke", marker.isHollow ? color : Theme.background),
                            ("stroke-width", marker.isHollow ? "2" : "1.5"),
                        ])), marker.label))
        }
        nodes.append(
            .element(
                SVGElement(
                    "g", [("clip-path", "url(#\(ChartDocument.idToken)-clip\(idSuffix))")], children: data)))
        // Axis line.
        nodes.append(Draw.line(plot.minX, plot.maxY, plot.maxX, plot.maxY, stroke: Theme.axis))
        nodes.append(contentsOf: geo.annotationLabels)
        // Tick labels.
        var yLabels: [SVGNode] = []
        for (value, label) in zip(lay.y.ticks, lay.y.labels) {
            yLabels.append(
                .element(
                    SVGElement(
                        "text", [("x", Draw.c(plot.minX - 8)), ("y", Draw.c(lay.y.map(value) + 4))],
                        children: [.text(label)])))
        }
        nodes.append(
            .element(
                SVGElement(
                    "g",
                    [("font-size", Draw.c(Theme.tickSize)), ("fill", Theme.mutedText), ("text-anchor", "end")],
                    children: yLabels)))
        var xLabels: [SVGNode] = []
        for (value, label) in zip(lay.x.ticks, lay.x.labels) {
            xLabels.append(
                .element(
                    SVGElement(
                        "text", [("x", Draw.c(lay.x.map(value))), ("y", Draw.c(plot.maxY + 17))],
                        children: [.text(label)])))
        }
        nodes.append(
            .element(
                SVGElement(
                    "g",
                    [("font-size", Draw.c(Theme.tickSize)), ("fill", Theme.mutedText), ("text-anchor", "middle")],
                    children: xLabels)))
        // Axis titles.
        if !compact {
            if let title = chart.xAxis.title {
                nodes.append(
                    Draw.text(
                        title, x: plot.midX, y: frame.maxY - padding - 2, size: Theme.axisTitleSize, anchor: .middle))
            }
            if let title = chart.yAxis.title {
                let x = frame.x + padding + 10
                nodes.append(
                    Draw.text(title, x: x, y: plot.midY, size: Theme.axisTitleSize, anchor: .middle, rotate: -90))
            }
        }
        if !hasData {
            nodes.append(Draw.text("No data", x: plot.midX, y: plot.midY + 5, size: 13, anchor: .middle, fill: Theme.mutedText))
        }
        // Legend.
        let entries = legendEntries
        switch lay.legend {
        case .none:
            break
        case .top:
            nodes.append(
                contentsOf: Legend.drawRows(
                    entries, x: frame.x + padding, y: lay.legendTop, maxWidth: frame.width - 2 * padding))
        case .right:
            let size = Legend.columnSize(entries)
            nodes.append(contentsOf: Legend.drawColumn(entries, x: frame.maxX - padding - size.width, y: plot.minY))
        case .inside(let box):
            nodes.append(contentsOf: Legend.drawColumn(entries, x: box.x, y: box.y))
        }
        return nodes
    }
}
