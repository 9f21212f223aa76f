/// A matrix of coloured cells with row and column labels and the values printed in the
/// cells (confusion matrices, correlation matrices, KS statistics per feature and month).
///
/// The text colour of each cell, near-black or white, is the one with the higher WCAG
/// contrast against the cell's fill. Values are printed when they fit their cell.
public struct Heatmap: SVGRenderable, Hashable {
    /// The chart title.
    public var title: String
    /// A smaller line under the title.
    public var subtitle: String?
    /// The values, one array per row, each with one value per column; NaN cells are grey.
    public var values: [[Double]]
    /// The row labels, top to bottom.
    public var rowLabels: [String]
    /// The column labels, left to right.
    public var columnLabels: [String]
    /// A title for the rows (e.g. `Actual`).
    public var rowAxisTitle: String?
    /// A title for the columns (e.g. `Predicted`).
    public var columnAxisTitle: String?
    /// The colour scale.
    public var colorScale: HeatmapColorScale
    /// The values mapped to the ends of the scale; `nil` fits the data (symmetric around
    /// the center for a diverging scale).
    public var range: ClosedRange<Double>?
    /// The format of the printed values.
    public var valueFormat: ValueFormat
    /// Whether values are printed in the cells.
    public var showsValues: Bool
    /// Whether a colour bar with ticks is drawn at the right.
    public var showsColorBar: Bool
    /// A title for the colour bar.
    public var colorBarTitle: String?
    /// SVG width.
    public var width: Double
    /// SVG height; `nil` sizes cells as squares (at most 72 px).
    public var height: Double?

    /// A heatmap.
    public init(
        title: String, subtitle: String? = nil, values: [[Double]], rowLabels: [String], columnLabels: [String],
        rowAxisTitle: String? = nil, columnAxisTitle: String? = nil, colorScale: HeatmapColorScale = .sequential,
        range: ClosedRange<Double>? = nil, valueFormat: ValueFormat = .automatic, showsValues: Bool = true,
        showsColorBar: Bool = true, colorBarTitle: String? = nil, width: Double = 720, height: Double? = nil
    ) {
        self.title = title
        self.subtitle = subtitle
        self.values = values
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.rowAxisTitle = rowAxisTitle
        self.columnAxisTitle = columnAxisTitle
        self.colorScale = colorScale
        self.range = range
        self.valueFormat = valueFormat
        self.showsValues = showsValues
        self.showsColorBar = showsColorBar
        self.colorBarTitle = colorBarTitle
        self.width = width
        self.height = height
    }

    /// Checks the matrix shape against the labels, the range and the size.
    ///
    /// - Throws: ``ChartError/lengthMismatch(what:expected:actual:)`` when the row count
    ///   differs from the row labels; ``ChartError/raggedMatrix(row:expected:actual:)``
    ///   when a row's length differs from the column labels; ``ChartError/invalidRange(axis:)``;
    ///   ``ChartError/invalidLayout(_:)``.
    public func validate() throws(ChartError) {
        try ChartSize.validate(width: width, height: height ?? 200, minWidth: 120, minHeight: 90)
        if values.count != rowLabels.count {
            throw .lengthMismatch(what: "the matrix", expected: rowLabels.count, actual: values.count)
        }
        for (index, row) in values.enumerated() where row.count != columnLabels.count {
            throw .raggedMatrix(row: index, expected: columnLabels.count, actual: row.count)
        }
        if let range, !(range.lowerBound.isFinite && range.upperBound.isFinite && range.lowerBound < range.upperBound) {
            throw .invalidRange(axis: "colour")
        }
        if case .diverging(let center) = colorScale, !center.isFinite {
            throw .invalidRange(axis: "colour")
        }
    }

    /// The SVG document; an invalid matrix renders its error, an empty one a "No data" note.
    ///
    /// - Complexity: O(rows × columns).
    public func render() -> String {
        let layoutHeight = height ?? HeatmapRenderer.autoHeight(self)
        do {
            try validate()
        } catch {
            return ErrorChart.render(title: title, kind: "Heatmap", width: width, height: layoutHeight, error: error)
        }
        let drawing = HeatmapRenderer(chart: self).render(in: Rect(x: 0, y: 0, width: width, height: layoutHeight))
        var parts = ["Heatmap", "\(rowLabels.count) rows × \(columnLabels.count) columns"]
        if let t = rowAxisTitle { parts.append("rows: \(t)") }
        if let t = columnAxisTitle { parts.append("columns: \(t)") }
        return ChartDocument(
            width: width, height: layoutHeight, title: title.isEmpty ? "Heatmap" : title,
            description: parts.joined(separator: "; ") + ".", defs: drawing.defs, body: drawing.nodes
        ).render()
    }
}
