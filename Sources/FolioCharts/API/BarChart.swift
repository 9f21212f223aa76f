/// A categorical bar chart, vertical or horizontal, with one or several series side by
/// side (grouped) and signed values drawn from a zero line (profit and loss per symbol).
///
/// ```swift
/// let pnl = BarChart(
///     title: "Net P&L per symbol",
///     categories: symbols,
///     series: [BarSeries(name: "P&L", values: pnlPerSymbol)],
///     orientation: .horizontal,
///     valueAxis: Axis(title: "USD"),
///     showsValueLabels: true,
///     colorsBySign: true)
/// ```
public struct BarChart: SVGRenderable, Hashable {
    /// The direction of the bars.
    public enum Orientation: Sendable, Hashable {
        /// Categories along x, bars grow upwards (downwards when negative).
        case vertical
        /// Categories along y from top to bottom, bars grow to the right (left when negative).
        case horizontal
    }

    /// The chart title.
    public var title: String
    /// A smaller line under the title.
    public var subtitle: String?
    /// The category labels, in drawing order.
    public var categories: [String]
    /// The series; each has one value per category.
    public var series: [BarSeries]
    /// The bar direction.
    public var orientation: Orientation
    /// The value axis; its fitted domain always includes zero.
    public var valueAxis: Axis
    /// A title for the category axis.
    public var categoryAxisTitle: String?
    /// Whether each bar carries its value (drawn only when every label fits its bar's slot).
    public var showsValueLabels: Bool
    /// The format of value labels.
    public var valueFormat: ValueFormat
    /// Colour bars by sign (blue for positive, vermillion for negative) instead of by series.
    public var colorsBySign: Bool
    /// The legend placement; `.automatic` puts it above the plot. Shown for two or more
    /// named series.
    public var legend: LegendPlacement
    /// SVG width.
    public var width: Double
    /// SVG height; `nil` sizes a horizontal chart to its categories (18 px or more per
    /// category) and a vertical one to 420.
    public var height: Double?

    /// A bar chart.
    public init(
        title: String, subtitle: String? = nil, categories: [String], series: [BarSeries],
        orientation: Orientation = .vertical, valueAxis: Axis = Axis(), categoryAxisTitle: String? = nil,
        showsValueLabels: Bool = false, valueFormat: ValueFormat = .automatic, colorsBySign: Bool = false,
        legend: LegendPlacement = .automatic, width: Double = 720, height: Double? = nil
    ) {
        self.title = title
        self.subtitle = subtitle
        self.categories = categories
        self.series = series
        self.orientation = orientation
        self.valueAxis = valueAxis
        self.categoryAxisTitle = categoryAxisTitle
        self.showsValueLabels = showsValueLabels
        self.valueFormat = valueFormat
        self.colorsBySign = colorsBySign
        self.legend = legend
        self.width = width
        self.height = height
    }

    /// Checks that every series has one value per category and that the size and range
    /// are usable.
    ///
    /// - Throws: ``ChartError/lengthMismatch(what:expected:actual:)``,
    ///   ``ChartError/invalidRange(axis:)``, ``ChartError/invalidLayout(_:)``.
    public func validate() throws(ChartError) {
        try ChartSize.validate(width: width, height: height ?? 420, minWidth: 160, minHeight: 120)
        if !valueAxis.hasValidRange { throw .invalidRange(axis: "value") }
        for s in series where s.values.count != categories.count {
            throw .lengthMismatch(
                what: "series \u{201C}\(s.name)\u{201D}", expected: categories.count, actual: s.values.count)
        }
        for s in series {
            if let errors = s.errors, errors.count != categories.count {
                throw .lengthMismatch(
                    what: "errors of series \u{201C}\(s.name)\u{201D}", expected: categories.count, actual: errors.count)
            }
        }
    }

    /// The height used when ``height`` is `nil`.
    var resolvedHeight: Double {
        if let height { return height }
        guard orientation == .horizontal else { return 420 }
        let row = max(18, Double(max(series.count, 1)) * 12 + 8)
        return min(max(240, Double(categories.count) * row + 130), 20_000)
    }

    /// The SVG document; invalid charts render their error, charts without finite values
    /// render a "No data" note.
    ///
    /// - Complexity: O(categories × series).
    public func render() -> String {
        do {
            try validate()
        } catch {
            return ErrorChart.render(title: title, kind: "Bar chart", width: width, height: resolvedHeight, error: error)
        }
        let h = resolvedHeight
        let drawing = BarPlotRenderer(chart: self).render(in: Rect(x: 0, y: 0, width: width, height: h))
        var parts = ["Bar chart", "\(categories.count) categories"]
        let names = series.map(\.name).filter { !$0.isEmpty }
        if !names.isEmpty { parts.append("series: " + names.joined(separator: ", ")) }
        if let t = valueAxis.title { parts.append("values: \(t)") }
        return ChartDocument(
            width: width, height: h, title: title.isEmpty ? "Bar chart" : title,
            description: parts.joined(separator: "; ") + ".", defs: drawing.defs, body: drawing.nodes
        ).render()
    }
}
