/// A grid of small line charts in one SVG under a shared title: price paths of sampled
/// trades with their +x% / -y% barrier rules and the outcome marked in each panel.
///
/// Each panel is a ``LineChart`` drawn compactly: its title in bold above it, tick labels,
/// no axis titles (the grid has shared ones) and no legend (the grid has one shared
/// legend of the distinct named series and bands of all panels).
///
/// ```swift
/// let grid = SmallMultiples(
///     title: "Sampled trades, validation split",
///     panels: trades.map { trade in
///         LineChart(
///             title: "\(trade.symbol) \(trade.start)",
///             series: [LineSeries(name: "close / entry", y: trade.path, color: .black, lineWidth: 1.5)],
///             markers: [ChartMarker(x: trade.exitBar, y: trade.exitReturn, label: "+5% hit", color: .bluishGreen)],
///             rules: [.horizontal(at: 0.05, label: "+5%", color: .bluishGreen),
///                     .horizontal(at: -0.02, label: "−2%", color: .vermillion)])
///     },
///     columns: 4, xAxisTitle: "Bars after entry", yAxisTitle: "Return")
/// ```
public struct SmallMultiples: SVGRenderable, Hashable {
    /// The shared title.
    public var title: String
    /// A smaller line under the title.
    public var subtitle: String?
    /// The panels, filled row by row.
    public var panels: [LineChart]
    /// Panels per row.
    public var columns: Int
    /// Width of each panel in pixels.
    public var panelWidth: Double
    /// Height of each panel in pixels.
    public var panelHeight: Double
    /// A title under the grid for every panel's x axis.
    public var xAxisTitle: String?
    /// A title left of the grid for every panel's y axis.
    public var yAxisTitle: String?
    /// Give every panel the same y domain (the union of their data, on nice ticks), so
    /// panels compare at a glance. A panel's own fixed y range is kept.
    public var sharesYRange: Bool

    /// A grid of panels.
    public init(
        title: String, subtitle: String? = nil, panels: [LineChart], columns: Int = 3, panelWidth: Double = 280,
        panelHeight: Double = 190, xAxisTitle: String? = nil, yAxisTitle: String? = nil, sharesYRange: Bool = false
    ) {
        self.title = title
        self.subtitle = subtitle
        self.panels = panels
        self.columns = columns
        self.panelWidth = panelWidth
        self.panelHeight = panelHeight
        self.xAxisTitle = xAxisTitle
        self.yAxisTitle = yAxisTitle
        self.sharesYRange = sharesYRange
    }

    /// Checks the grid parameters and every panel.
    ///
    /// - Throws: ``ChartError/invalidLayout(_:)`` for a column count below 1 or a panel
    ///   smaller than 120 × 90; the first panel error otherwise.
    public func validate() throws(ChartError) {
        guard columns >= 1, columns <= 100 else { throw .invalidLayout("small multiples need 1 to 100 columns (got \(columns))") }
        try ChartSize.validate(width: panelWidth, height: panelHeight, minWidth: 120, minHeight: 90)
        for panel in panels {
            var probe = panel
            probe.width = panelWidth
            probe.height = panelHeight
            try probe.validate()
        }
    }

    /// The number of rows.
    var rowCount: Int { max(1, (panels.count + max(columns, 1) - 1) / max(columns, 1)) }

    /// Distinct legend entries of all panels, in order of first appearance.
    var legendEntries: [LegendEntry] {
        var entries: [LegendEntry] = []
        for panel in panels {
            for entry in LinePlotRenderer(chart: panel, compact: true).legendEntries where !entries.contains(entry) {
                entries.append(entry)
            }
        }
        return entries
    }

    /// The SVG document; an empty grid renders a "No data" note, an invalid one its error.
    ///
    /// - Complexity: the sum of the panels' rendering costs.
    public func render() -> String {
        let pad = Theme.padding
        let columnCount = min(max(columns, 1), max(panels.count, 1))
        let leftReserve = yAxisTitle != nil ? 22.0 : 0
        let width = pad * 2 + leftReserve + Double(columnCount) * panelWidth
        let entries = legendEntries
        let titleHeight = (title.isEmpty ? 0 : 22.0) + ((subtitle?.isEmpty ?? true) ? 0 : 18)
        let legendHeight = entries.isEmpty ? 0 : Legend.rowsHeight(entries, maxWidth: width - 2 * pad) + 4
        let gridTop = pad + titleHeight + legendHeight + 4
        let height = gridTop + Double(rowCount) * panelHeight + (xAxisTitle != nil ? 22 : 0) + pad
        do {
            try validate()
        } catch {
            return ErrorChart.render(
                title: title, kind: "Small multiples", width: max(width, 720), height: max(height, 420), error: error)
        }
        var panels = self.panels
        if sharesYRange { Self.shareYRange(&panels, panelHeight: panelHeight) }
        let frame = Rect(x: 0, y: 0, width: width, height: height)
        var nodes: [SVGNode] = []
        var defs: [SVGNode] = []
        let (titleNodes, _) = Draw.titleBlock(title: title, subtitle: subtitle, frame: frame, top: pad)
        nodes.append(contentsOf: titleNodes)
        if !entries.isEmpty {
            nodes.append(contentsOf: Legend.drawRows(entries, x: pad, y: pad + titleHeight + 2, maxWidth: width - 2 * pad))
        }
        if panels.isEmpty {
            let box = Rect(x: pad + leftReserve, y: gridTop, width: panelWidth, height: panelHeight)
            nodes.append(Draw.text("No data", x: box.midX, y: box.midY + 5, size: 13, anchor: .middle, fill: Theme.mutedText))
        }
        for (index, panel) in panels.enumerated() {
            let row = index / columnCount
            let column = index % columnCount
            let panelFrame = Rect(
                x: pad + leftReserve + Double(column) * panelWidth, y: gridTop + Double(row) * panelHeight,
                width: panelWidth, height: panelHeight)
            let drawing = LinePlotRenderer(chart: panel, compact: true).render(in: panelFrame, idSuffix: "-p\(index)")
            nodes.append(.element(SVGElement("g", [("class", "panel")], children: drawing.nodes)))
            defs.append(contentsOf: drawing.defs)
        }
        let gridRect = Rect(
            x: pad + leftReserve, y: gridTop, width: Double(columnCount) * panelWidth, height: Double(rowCount) * panelHeight)
        if let xAxisTitle {
            nodes.append(Draw.text(xAxisTitle, x: gridRect.midX, y: height - pad - 2, size: Theme.axisTitleSize, anchor: .middle))
        }
        if let yAxisTitle {
            nodes.append(
                Draw.text(yAxisTitle, x: pad + 10, y: gridRect.midY, size: Theme.axisTitleSize, anchor: .middle, rotate: -90))
        }
        var description = "Small multiples: \(panels.count) line charts in \(rowCount) rows of \(columnCount)"
        if let xAxisTitle { description += "; x axis: \(xAxisTitle)" }
        if let yAxisTitle { description += "; y axis: \(yAxisTitle)" }
        return ChartDocument(
            width: width, height: height, title: title.isEmpty ? "Small multiples" : title,
            description: description + ".", defs: defs, body: nodes
        ).render()
    }

    /// Sets every panel without a fixed y range to the nice union of all panels' y data.
    static func shareYRange(_ panels: inout [LineChart], panelHeight: Double) {
        var low = Double.infinity
        var high = -Double.infinity
        for panel in panels {
            let ext = LinePlotRenderer(chart: panel, compact: true).extents()
            if !ext.y.isEmpty {
                low = min(low, ext.y.min)
                high = max(high, ext.y.max)
            }
        }
        guard low <= high else { return }
        let ticks = NiceTicks.loose(min: low, max: high, count: max(4, Int(panelHeight / 30)))
        for index in panels.indices where panels[index].yAxis.range == nil {
            panels[index].yAxis.range = ticks.lower...ticks.upper
        }
    }
}
