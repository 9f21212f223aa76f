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
    /// The widest the grid may be, in pixels (a page's text column), or nil for no limit.
    /// With a limit, `columns` is the most panels per row: fewer are used when they would
    /// not fit, so the grid shows at its size and its text stays legible. Each panel is
    /// then drawn in its own coordinates and what panels share (grid lines, axes, tick
    /// labels, clip paths) is written once and reused, which keeps a grid of many panels small.
    public var maxWidth: Double?

    /// A grid of panels.
    public init(
        title: String, subtitle: String? = nil, panels: [LineChart], columns: Int = 3, panelWidth: Double = 280,
        panelHeight: Double = 190, xAxisTitle: String? = nil, yAxisTitle: String? = nil, sharesYRange: Bool = false,
        maxWidth: Double? = nil
    ) {
        self.maxWidth = maxWidth
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

    /// Panels per row: `columns`, fewer when `maxWidth` allows fewer, never more than panels.
    var columnCount: Int {
        var count = min(max(columns, 1), max(panels.count, 1))
        if let maxWidth {
            let leftReserve = yAxisTitle != nil ? 22.0 : 0
            let fitting = Int(((maxWidth - Theme.padding * 2 - leftReserve) / panelWidth).rounded(.down))
            count = min(count, max(1, fitting))
        }
        return count
    }

    /// The number of rows.
    var rowCount: Int { max(1, (panels.count + columnCount - 1) / columnCount) }

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
        let columnCount = self.columnCount
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
        if maxWidth != nil {
            let shared = Self.sharedPanels(panels, width: panelWidth, height: panelHeight)
            defs += shared.defs
            for (index, panelNodes) in shared.panels.enumerated() {
                let x = pad + leftReserve + Double(index % columnCount) * panelWidth
                let y = gridTop + Double(index / columnCount) * panelHeight
                let transform = "translate(\(NumberText.coordinate(x)) \(NumberText.coordinate(y)))"
                nodes.append(.element(SVGElement("g", [("class", "panel"), ("transform", transform)], children: panelNodes)))
            }
        }
        for (index, panel) in panels.enumerated() where maxWidth == nil {
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
            description: description + ".", defs: defs, body: nodes, usesLinks: maxWidth != nil
        ).render()
    }

    /// The panels drawn at the origin, each a `<g>`'s children, with what they share
    /// written once in `defs`: identical clip paths become one, and the top-level drawing
    /// nodes that several panels have in common (grid, axis lines, tick labels) one group
    /// that each panel reuses with `<use>`, drawn first.
    ///
    /// - Complexity: two drawings of each panel plus the size of their output.
    static func sharedPanels(_ panels: [LineChart], width: Double, height: Double) -> (defs: [SVGNode], panels: [[SVGNode]]) {
        let frame = Rect(x: 0, y: 0, width: width, height: height)
        func serialized(_ node: SVGNode) -> String {
            var text = ""
            node.write(to: &text, indent: 0)
            return text
        }
        // Clip paths: panel i uses the clip of the first panel whose clip rectangle is the same.
        var clipOwner: [String: Int] = [:]
        var clipIndex: [Int] = []
        var defs: [SVGNode] = []
        for (index, panel) in panels.enumerated() {
            let drawing = LinePlotRenderer(chart: panel, compact: true).render(in: frame, idSuffix: "-p\(index)")
            let key = drawing.defs.map(serialized).joined().replacing("-p\(index)\"", with: "\"")
            if let owner = clipOwner[key] {
                clipIndex.append(owner)
            } else {
                clipOwner[key] = index
                clipIndex.append(index)
                defs += drawing.defs
            }
        }
        let drawings = panels.enumerated().map { index, panel in
            LinePlotRenderer(chart: panel, compact: true).render(in: frame, idSuffix: "-p\(clipIndex[index])").nodes
        }
        // Nodes found in every panel are shared: those before the panel's clipped data in
        // one group drawn first, those after it in one group drawn last, as they were.
        // Other nodes found in several panels (a rule, a label at the same place) are each
        // written once and reused where they were, inside the clipped data too.
        let texts = drawings.map { $0.map(serialized) }
        var panelsHaving: [String: Int] = [:]
        for (nodes, panelTexts) in zip(drawings, texts) {
            var seen = Set(panelTexts)
            for node in nodes { if let children = clippedChildren(node) { seen.formUnion(children.map(serialized)) } }
            for text in seen { panelsHaving[text, default: 0] += 1 }
        }
        var sharedIDs: [String: Int] = [:]
        func reuse(_ node: SVGNode, _ text: String) -> SVGNode {
            guard panelsHaving[text, default: 0] > 1, text.utf8.count > 100 else { return node }
            let id: Int
            if let known = sharedIDs[text] {
                id = known
            } else {
                id = sharedIDs.count
                sharedIDs[text] = id
                defs.append(.element(SVGElement("g", [("id", ChartDocument.idToken + "-s\(id)")], children: [node])))
            }
            return use("s\(id)")
        }
        func use(_ name: String) -> SVGNode {
            .element(SVGElement("use", [("xlink:href", "#" + ChartDocument.idToken + "-" + name)]))
        }
        var under: [SVGNode] = [], over: [SVGNode] = []
        var split: [(under: Bool, over: Bool, own: [SVGNode])] = []
        for (index, (nodes, panelTexts)) in zip(drawings, texts).enumerated() {
            var own: [SVGNode] = []
            var hasUnder = false, hasOver = false, afterData = false
            for (node, text) in zip(nodes, panelTexts) {
                if let children = clippedChildren(node), case .element(var group) = node {
                    afterData = true
                    group.children = children.map { reuse($0, serialized($0)) }
                    own.append(.element(group))
                    continue
                }
                guard panels.count > 1, panelsHaving[text] == panels.count else {
                    own.append(reuse(node, text))
                    continue
                }
                if afterData { hasOver = true } else { hasUnder = true }
                if index == 0 { if afterData { over.append(node) } else { under.append(node) } }
            }
            split.append((hasUnder, hasOver, own))
        }
        if !under.isEmpty { defs.append(.element(SVGElement("g", [("id", ChartDocument.idToken + "-under")], children: under))) }
        if !over.isEmpty { defs.append(.element(SVGElement("g", [("id", ChartDocument.idToken + "-over")], children: over))) }
        let out = split.map { panel in (panel.under ? [use("under")] : []) + panel.own + (panel.over ? [use("over")] : []) }
        return (defs, out)
    }

    /// The children of a panel's clipped data group, nil for any other node.
    static func clippedChildren(_ node: SVGNode) -> [SVGNode]? {
        guard case .element(let element) = node, element.name == "g",
              element.attributes.first?.name == "clip-path" else { return nil }
        return element.children
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
