/// Lays out and draws a ``Heatmap``.
struct HeatmapRenderer {
    let chart: Heatmap

    static let maxCell = 72.0
    static let darkText = ChartColor(hex: Theme.text) ?? .black
    static let white = ChartColor(red: 255, green: 255, blue: 255)

    /// The colour domain: the given range, else the finite extent (symmetric around the
    /// center for a diverging scale); `nil` without finite values.
    static func domain(_ chart: Heatmap) -> (Double, Double)? {
        if let range = chart.range { return (range.lowerBound, range.upperBound) }
        var low = Double.infinity
        var high = -Double.infinity
        for row in chart.values {
            for v in row where v.isFinite {
                low = min(low, v)
                high = max(high, v)
            }
        }
        guard low <= high else { return nil }
        if case .diverging(let center) = chart.colorScale {
            let m = max(abs(low - center), abs(high - center))
            return m > 0 ? (center - m, center + m) : (center - 1, center + 1)
        }
        if low == high { return (low - 0.5, high + 0.5) }
        return (low, high)
    }

    /// Horizontal layout shared by ``autoHeight(_:)`` and rendering.
    struct Metrics {
        var gridLeft: Double
        var cellWidth: Double
        var columnLabelBlock: Double
        var rotation: Double
        var colorBarTicks: NiceTicks?
        var colorBarLabels: [String]
        var top: Double
        var bottomReserve: Double
    }

    static func metrics(_ chart: Heatmap) -> Metrics {
        let pad = Theme.padding
        let rowLabelWidth = chart.rowLabels.map { TextMetrics.width(BarPlotRenderer.shortened($0), fontSize: Theme.tickSize) }.max() ?? 0
        let gridLeft = pad + (chart.rowAxisTitle != nil ? 20 : 0) + rowLabelWidth + 8
        var rightReserve = 0.0
        var ticks: NiceTicks?
        var labels: [String] = []
        if chart.showsColorBar, let (low, high) = domain(chart) {
            let t = NiceTicks.within(min: low, max: high, count: 5)
            ticks = t
            let format: TickFormat = {
                if case .percent = chart.valueFormat { return .percent }
                return .number
            }()
            labels = AxisScale.tickLabels(t.values, fractionDigits: t.fractionDigits, step: t.step, format: format)
            let labelWidth = labels.map { TextMetrics.width($0, fontSize: Theme.tickSize) }.max() ?? 0
            rightReserve = 20 + 14 + 6 + labelWidth + (chart.colorBarTitle != nil ? 22 : 0)
        }
        let columns = max(chart.columnLabels.count, 1)
        let available = max(chart.width - gridLeft - pad - rightReserve, 10)
        let cellWidth = min(available / Double(columns), maxCell * 1.6)
        let columnLabelWidth = chart.columnLabels.map { TextMetrics.width(BarPlotRenderer.shortened($0), fontSize: Theme.tickSize) }.max() ?? 0
        var rotation = 0.0
        var block = 22.0
        if columnLabelWidth > cellWidth - 6 {
            if cellWidth >= 16 {
                rotation = -45
                block = columnLabelWidth * 0.7072 + 18
            } else {
                rotation = -90
                block = columnLabelWidth + 14
            }
        }
        let titleHeight = (chart.title.isEmpty ? 0 : 22.0) + ((chart.subtitle?.isEmpty ?? true) ? 0 : 18)
        let top = pad + titleHeight + 8
        let bottomReserve = block + (chart.columnAxisTitle != nil ? 18 : 0) + pad
        return Metrics(
            gridLeft: gridLeft, cellWidth: cellWidth, columnLabelBlock: block, rotation: rotation,
            colorBarTicks: ticks, colorBarLabels: labels, top: top, bottomReserve: bottomReserve)
    }

    /// The height giving cells as tall as they are wide (at most ``maxCell``).
    static func autoHeight(_ chart: Heatmap) -> Double {
        let m = metrics(chart)
        let rows = Double(max(chart.rowLabels.count, 1))
        let cell = min(m.cellWidth, maxCell)
        return min(max(m.top + rows * cell + m.bottomReserve, 160), 20_000)
    }

    func render(in frame: Rect) -> PanelDrawing {
        let m = Self.metrics(chart)
        let pad = Theme.padding
        var nodes: [SVGNode] = []
        let (titleNodes, _) = Draw.titleBlock(title: chart.title, subtitle: chart.subtitle, frame: frame, top: frame.y + pad)
        nodes.append(contentsOf: titleNodes)
        let rows = chart.rowLabels.count
        let columns = chart.columnLabels.count
        let gridTop = frame.y + m.top
        let gridHeight = max(frame.maxY - m.bottomReserve - gridTop, 10)
        let cellHeight = rows > 0 ? gridHeight / Double(rows) : gridHeight
        let cellWidth = m.cellWidth
        let grid = Rect(x: frame.x + m.gridLeft, y: gridTop, width: cellWidth * Double(max(columns, 1)), height: gridHeight)
        let domain = Self.domain(chart)

        guard rows > 0, columns > 0, let (low, high) = domain else {
            nodes.append(Draw.rect(grid, fill: "#F6F8FA"))
            nodes.append(Draw.text("No data", x: grid.midX, y: grid.midY + 5, size: 13, anchor: .middle, fill: Theme.mutedText))
            return PanelDrawing(nodes: nodes, defs: [])
        }

        // Value texts and whether they fit.
        let texts = chart.values.map { $0.map { chart.valueFormat.string($0) } }
        let fontSize = cellHeight >= 22 ? 12.0 : 11.0
        let widest = texts.joined().map { TextMetrics.width($0, fontSize: fontSize) }.max() ?? 0
        let printValues = chart.showsValues && widest <= cellWidth - 4 && cellHeight >= 13

        var cells: [SVGNode] = []
        var cellTexts: [SVGNode] = []
        for r in 0..<rows {
            for c in 0..<columns {
                let value = chart.values[r][c]
                let rect = Rect(x: grid.x + Double(c) * cellWidth, y: gridTop + Double(r) * cellHeight, width: cellWidth, height: cellHeight)
                let fill: ChartColor
                if value.isFinite {
                    fill = chart.colorScale.color(at: (value - low) / (high - low))
                } else {
                    fill = ChartColor(red: 0xF0, green: 0xF2, blue: 0xF4)
                }
                let hover = "\(chart.rowLabels[r]), \(chart.columnLabels[c]): \(texts[r].indices.contains(c) ? texts[r][c] : "–")"
                cells.append(Draw.titled(Draw.rect(rect, fill: fill.hex), hover))
                if printValues {
                    let textColor =
                        fill.contrastRatio(with: Self.white) > fill.contrastRatio(with: Self.darkText) ? Self.white : Self.darkText
                    cellTexts.append(
                        Draw.text(
                            texts[r][c], x: rect.midX, y: rect.midY + fontSize * 0.36, size: fontSize, anchor: .middle,
                            fill: value.isFinite ? textColor.hex : Theme.mutedText))
                }
            }
        }
        nodes.append(
            .element(
                SVGElement("g", [("stroke", Theme.background), ("stroke-width", "1")], children: cells)))
        if !cellTexts.isEmpty {
            nodes.append(.element(SVGElement("g", [("class", "values")], children: cellTexts)))
        }

        // Row and column labels.
        var labelNodes: [SVGNode] = []
        for (r, label) in chart.rowLabels.enumerated() {
            let y = gridTop + (Double(r) + 0.5) * cellHeight
            labelNodes.append(Draw.text(BarPlotRenderer.shortened(label), x: grid.x - 8, y: y + 4, size: Theme.tickSize, anchor: .end))
        }
        for (c, label) in chart.columnLabels.enumerated() {
            let x = grid.x + (Double(c) + 0.5) * cellWidth
            let text = BarPlotRenderer.shortened(label)
            if m.rotation == 0 {
                labelNodes.append(Draw.text(text, x: x, y: grid.maxY + 17, size: Theme.tickSize, anchor: .middle))
            } else if m.rotation == -45 {
                labelNodes.append(Draw.text(text, x: x + 4, y: grid.maxY + 12, size: Theme.tickSize, anchor: .end, rotate: -45))
            } else {
                labelNodes.append(Draw.text(text, x: x + 4, y: grid.maxY + 8, size: Theme.tickSize, anchor: .end, rotate: -90))
            }
        }
        nodes.append(.element(SVGElement("g", [("class", "labels")], children: labelNodes)))
        if let title = chart.columnAxisTitle {
            nodes.append(Draw.text(title, x: grid.midX, y: frame.maxY - pad - 2, size: Theme.axisTitleSize, anchor: .middle, bold: true))
        }
        if let title = chart.rowAxisTitle {
            nodes.append(
                Draw.text(title, x: frame.x + pad + 10, y: grid.midY, size: Theme.axisTitleSize, anchor: .middle, bold: true, rotate: -90))
        }

        // Colour bar.
        var defs: [SVGNode] = []
        if let ticks = m.colorBarTicks {
            let barHeight = min(grid.height, 240)
            let bar = Rect(x: grid.maxX + 20, y: gridTop, width: 14, height: barHeight)
            let id = ChartDocument.idToken + "-scale"
            let stops = chart.colorScale.stops
            var stopNodes: [SVGNode] = []
            for (i, color) in stops.enumerated() {
                let offset = Double(i) / Double(stops.count - 1)
                stopNodes.append(
                    .element(SVGElement("stop", [("offset", NumberText.fixed(offset, fractionDigits: 4)), ("stop-color", color.hex)])))
            }
            defs.append(
                .element(
                    SVGElement(
                        "linearGradient", [("id", id), ("x1", "0"), ("y1", "1"), ("x2", "0"), ("y2", "0")],
                        children: stopNodes)))
            nodes.append(Draw.rect(bar, fill: "url(#\(id))", extra: [("stroke", Theme.legendBorder)]))
            var tickNodes: [SVGNode] = []
            for (value, label) in zip(ticks.values, m.colorBarLabels) {
                let y = bar.maxY - (value - low) / (high - low) * bar.height
                tickNodes.append(Draw.line(bar.maxX, y, bar.maxX + 4, y, stroke: Theme.axis))
                tickNodes.append(Draw.text(label, x: bar.maxX + 7, y: y + 4, size: Theme.tickSize, fill: Theme.mutedText))
            }
            nodes.append(.element(SVGElement("g", [("class", "color-bar")], children: tickNodes)))
            if let title = chart.colorBarTitle {
                let labelWidth = m.colorBarLabels.map { TextMetrics.width($0, fontSize: Theme.tickSize) }.max() ?? 0
                nodes.append(
                    Draw.text(
                        title, x: bar.maxX + 7 + labelWidth + 16, y: bar.midY, size: Theme.axisTitleSize, anchor: .middle,
                        rotate: -90))
            }
        }
        return PanelDrawing(nodes: nodes, defs: defs)
    }
}
