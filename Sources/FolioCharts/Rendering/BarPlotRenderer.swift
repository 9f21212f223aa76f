/// Lays out and draws a ``BarChart``.
struct BarPlotRenderer {
    let chart: BarChart

    static let maxCategoryCharacters = 28

    /// A category label shortened to ``maxCategoryCharacters`` with an ellipsis.
    static func shortened(_ label: String) -> String {
        guard label.count > maxCategoryCharacters else { return label }
        return String(label.prefix(maxCategoryCharacters - 1)) + "\u{2026}"
    }

    func color(series index: Int, value: Double) -> ChartColor {
        if chart.colorsBySign { return value < 0 ? .vermillion : .blue }
        return chart.series[index].color ?? .series(index)
    }

    var legendEntries: [LegendEntry] {
        guard !chart.colorsBySign || chart.series.count > 1 else { return [] }
        let named = chart.series.enumerated().filter { !$0.element.name.isEmpty }
        guard named.count >= 2 else { return [] }
        return named.map { LegendEntry(label: $0.element.name, color: $0.element.color ?? .series($0.offset), swatch: .area(opacity: 1)) }
    }

    /// The error half-width of series `s` at category `ci`, 0 for none.
    static func error(_ s: BarSeries, _ ci: Int) -> Double {
        guard let errors = s.errors, ci < errors.count, errors[ci].isFinite else { return 0 }
        return abs(errors[ci])
    }

    func render(in frame: Rect) -> PanelDrawing {
        let pad = Theme.padding
        var nodes: [SVGNode] = []
        let (titleNodes, titleBottom) = Draw.titleBlock(title: chart.title, subtitle: chart.subtitle, frame: frame, top: frame.y + pad)
        nodes.append(contentsOf: titleNodes)
        var top = titleBottom
        let entries = legendEntries
        let legendMode: LegendPlacement = entries.isEmpty ? .hidden : (chart.legend == .automatic ? .top : chart.legend)
        var rightReserve = 0.0
        if legendMode == .top {
            nodes.append(contentsOf: Legend.drawRows(entries, x: frame.x + pad, y: top + 2, maxWidth: frame.width - 2 * pad))
            top += Legend.rowsHeight(entries, maxWidth: frame.width - 2 * pad) + 6
        } else if legendMode == .right {
            rightReserve = Legend.columnSize(entries).width + 12
        }

        // Value extent.
        var low = Double.infinity
        var high = -Double.infinity
        for s in chart.series {
            for (ci, v) in s.values.enumerated() where v.isFinite {
                let e = Self.error(s, ci)
                low = min(low, v - e)
                high = max(high, v + e)
            }
        }
        let hasData = low <= high
        if !hasData {
            low = 0
            high = 1
        }
        low = min(low, 0)
        high = max(high, 0)
        let categories = chart.categories.map(Self.shortened)
        let n = max(categories.count, 1)
        let labelStrings: [[String]] = chart.series.map { $0.values.map { chart.valueFormat.string($0) } }
        let maxValueLabelWidth =
            chart.showsValueLabels
            ? (labelStrings.joined().map { TextMetrics.width($0, fontSize: Theme.tickSize) }.max() ?? 0) : 0

        var plot: Rect
        var scale: AxisScale
        var rotateLabels = false
        var labelEvery = 1
        let vertical = chart.orientation == .vertical
        let categoryWidths = categories.map { TextMetrics.width($0, fontSize: Theme.tickSize) }
        let maxCategoryWidth = categoryWidths.max() ?? 0
        if vertical {
            let guessWidth = frame.width - 2 * pad - 60 - rightReserve
            let guessBand = guessWidth / Double(n)
            rotateLabels = maxCategoryWidth > guessBand - 6
            if rotateLabels && guessBand < 15 { labelEvery = Int((15 / max(guessBand, 0.1)).rounded(.up)) }
            let categoryBlock = rotateLabels ? maxCategoryWidth * 0.7072 + 16 : 20
            let bottom = frame.maxY - pad - (chart.categoryAxisTitle != nil ? 18 : 0) - categoryBlock
            let plotTop = top + 12
            let height = max(bottom - plotTop, 10)
            var padded = (low, high)
            if chart.showsValueLabels {
                let extra = (high - low) * 20 / height
                if high > 0 { padded.1 += extra }
                if low < 0 { padded.0 -= extra }
            }
            scale = AxisScale.make(
                axis: chart.valueAxis, dataMin: padded.0, dataMax: padded.1, loose: true, length: height, horizontal: false)
            let tickWidth = scale.labels.map { TextMetrics.width($0, fontSize: Theme.tickSize) }.max() ?? 0
            let left = frame.x + pad + (chart.valueAxis.title != nil ? 20 : 0) + tickWidth + 8
            plot = Rect(x: left, y: plotTop, width: max(frame.maxX - pad - rightReserve - left, 10), height: height)
            scale.start = plot.maxY
            scale.end = plot.minY
        } else {
            let left = frame.x + pad + (chart.categoryAxisTitle != nil ? 20 : 0) + maxCategoryWidth + 8
            let bottom = frame.maxY - pad - (chart.valueAxis.title != nil ? 18 : 0) - 20
            let plotTop = top + 8
            let width = max(frame.maxX - pad - rightReserve - left - 8, 10)
            var padded = (low, high)
            if chart.showsValueLabels {
                let extra = (high - low) * (maxValueLabelWidth + 10) / max(width - maxValueLabelWidth - 10, 10)
                if high > 0 { padded.1 += extra }
                if low < 0 { padded.0 -= extra }
            }
            scale = AxisScale.make(
                axis: chart.valueAxis, dataMin: padded.0, dataMax: padded.1, loose: true, length: width, horizontal: true)
            plot = Rect(x: left, y: plotTop, width: width, height: max(bottom - plotTop, 10))
            scale.start = plot.minX
            scale.end = plot.maxX
        }

        let band = (vertical ? plot.width : plot.height) / Double(n)
        let seriesCount = max(chart.series.count, 1)
        let slot = band * (seriesCount > 1 ? 0.8 : 0.7) / Double(seriesCount)
        let barThickness = max(slot - (seriesCount > 1 ? 1.5 : 0), 0.5)
        let valueLabelsFit: Bool = {
            guard chart.showsValueLabels else { return false }
            if vertical { return maxValueLabelWidth <= slot + 6 }
            return slot >= 11
        }()

        // Grid and zero line.
        var grid: [SVGNode] = []
        for value in scale.ticks {
            let p = scale.map(value)
            grid.append(
                vertical
                    ? Draw.line(plot.minX, p, plot.maxX, p, stroke: Theme.grid)
                    : Draw.line(p, plot.minY, p, plot.maxY, stroke: Theme.grid))
        }
        nodes.append(.element(SVGElement("g", [("class", "grid")], children: grid)))

        // Bars.
        let zero = scale.map(min(max(0, scale.lower), scale.upper))
        var bars: [SVGNode] = []
        var whiskers: [SVGNode] = []
        var valueLabels: [SVGNode] = []
        for (si, s) in chart.series.enumerated() {
            for (ci, value) in s.values.enumerated() where value.isFinite && ci < categories.count {
                let bandStart = (vertical ? plot.minX : plot.minY) + band * Double(ci)
                let offset = (band - slot * Double(seriesCount)) / 2 + slot * Double(si) + (slot - barThickness) / 2
                let p = scale.map(value)
                let rect: Rect =
                    vertical
                    ? Rect(x: bandStart + offset, y: min(p, zero), width: barThickness, height: abs(p - zero))
                    : Rect(x: min(p, zero), y: bandStart + offset, width: abs(p - zero), height: barThickness)
                let e = Self.error(s, ci)
                let hover = (chart.series.count > 1 && !s.name.isEmpty ? s.name + ", " : "") + chart.categories[ci] + ": " + labelStrings[si][ci]
                    + (e > 0 ? " ± " + chart.valueFormat.string(e) : "")
                bars.append(Draw.titled(Draw.rect(rect, fill: color(series: si, value: value).hex), hover))
                if e > 0 {
                    // An error bar: the whisker and two caps, dark over the bar.
                    let (lo, hi) = (scale.map(value - e), scale.map(value + e))
                    let cap = min(barThickness * 0.35, 5)
                    let mid = vertical ? rect.midX : rect.midY
                    for node in vertical
                        ? [Draw.line(mid, lo, mid, hi, stroke: Theme.text), Draw.line(mid - cap, lo, mid + cap, lo, stroke: Theme.text),
                           Draw.line(mid - cap, hi, mid + cap, hi, stroke: Theme.text)]
                        : [Draw.line(lo, mid, hi, mid, stroke: Theme.text), Draw.line(lo, mid - cap, lo, mid + cap, stroke: Theme.text),
                           Draw.line(hi, mid - cap, hi, mid + cap, stroke: Theme.text)]
                    {
                        whiskers.append(node)
                    }
                }
                if valueLabelsFit {
                    let text = labelStrings[si][ci]
                    if vertical {
                        let y = value < 0 ? max(p, zero) + 14 : min(p, zero) - 4
                        valueLabels.append(Draw.text(text, x: rect.midX, y: y, size: Theme.tickSize, anchor: .middle, fill: Theme.text))
                    } else {
                        let x = value < 0 ? min(p, zero) - 4 : max(p, zero) + 4
                        valueLabels.append(
                            Draw.text(
                                text, x: x, y: rect.midY + 4, size: min(Theme.tickSize, max(slot, 9)),
                                anchor: value < 0 ? .end : .start, fill: Theme.text))
                    }
                }
            }
        }
        nodes.append(
            .element(
                SVGElement("g", [("clip-path", "url(#\(ChartDocument.idToken)-clip)")], children: bars)))
        if !whiskers.isEmpty {
            nodes.append(.element(SVGElement("g", [("class", "errors")], children: whiskers)))
        }
        // Zero line, axis line.
        if vertical {
            nodes.append(Draw.line(plot.minX, zero, plot.maxX, zero, stroke: Theme.axis))
        } else {
            nodes.append(Draw.line(zero, plot.minY, zero, plot.maxY, stroke: Theme.axis))
        }
        nodes.append(contentsOf: valueLabels)

        // Category labels.
        var categoryNodes: [SVGNode] = []
        for (ci, label) in categories.enumerated() where ci % labelEvery == 0 {
            let center = (vertical ? plot.minX : plot.minY) + band * (Double(ci) + 0.5)
            if vertical {
                if rotateLabels {
                    categoryNodes.append(
                        Draw.text(label, x: center + 4, y: plot.maxY + 12, size: Theme.tickSize, anchor: .end, fill: Theme.text, rotate: -45))
                } else {
                    categoryNodes.append(Draw.text(label, x: center, y: plot.maxY + 17, size: Theme.tickSize, anchor: .middle, fill: Theme.text))
                }
            } else {
                categoryNodes.append(Draw.text(label, x: plot.minX - 8, y: center + 4, size: Theme.tickSize, anchor: .end, fill: Theme.text))
            }
        }
        nodes.append(.element(SVGElement("g", [("class", "categories")], children: categoryNodes)))

        // Value tick labels.
        var tickNodes: [SVGNode] = []
        for (value, label) in zip(scale.ticks, scale.labels) {
            let p = scale.map(value)
            if vertical {
                tickNodes.append(
                    .element(SVGElement("text", [("x", Draw.c(plot.minX - 8)), ("y", Draw.c(p + 4))], children: [.text(label)])))
            } else {
                tickNodes.append(
                    .element(SVGElement("text", [("x", Draw.c(p)), ("y", Draw.c(plot.maxY + 17))], children: [.text(label)])))
            }
        }
        nodes.append(
            .element(
                SVGElement(
                    "g",
                    [
                        ("font-size", Draw.c(Theme.tickSize)), ("fill", Theme.mutedText),
                        ("text-anchor", vertical ? "end" : "middle"),
                    ], children: tickNodes)))

        // Axis titles.
        let xTitle = vertical ? chart.categoryAxisTitle : chart.valueAxis.title
        let yTitle = vertical ? chart.valueAxis.title : chart.categoryAxisTitle
        if let xTitle {
            nodes.append(Draw.text(xTitle, x: plot.midX, y: frame.maxY - pad - 2, size: Theme.axisTitleSize, anchor: .middle))
        }
        if let yTitle {
            nodes.append(
                Draw.text(yTitle, x: frame.x + pad + 10, y: plot.midY, size: Theme.axisTitleSize, anchor: .middle, rotate: -90))
        }
        if !hasData {
            nodes.append(Draw.text("No data", x: plot.midX, y: plot.midY + 5, size: 13, anchor: .middle, fill: Theme.mutedText))
        }
        if legendMode == .right {
            let size = Legend.columnSize(entries)
            nodes.append(contentsOf: Legend.drawColumn(entries, x: frame.maxX - pad - size.width, y: plot.minY))
        }
        let clip = SVGElement(
            "clipPath", [("id", ChartDocument.idToken + "-clip")], children: [Draw.rect(plot.insetBy(dx: -1, dy: -1), fill: "#FFFFFF")])
        return PanelDrawing(nodes: nodes, defs: [.element(clip)])
    }
}
