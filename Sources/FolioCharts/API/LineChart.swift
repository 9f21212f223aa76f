/// A line chart: several series over a numeric or time x axis, with optional shaded
/// bands, labelled markers, vertical and horizontal rules and a diagonal reference line.
///
/// It covers ROC and precision-recall curves (scikit-learn's `RocCurveDisplay`,
/// `PrecisionRecallDisplay`), ECDFs, equity and drawdown curves, metric-versus-threshold
/// sweeps and drift plots (a statistic over time with a 10-90% quantile band and split
/// boundaries).
///
/// ```swift
/// let roc = LineChart(
///     title: "ROC curve, test split",
///     xAxis: Axis(title: "False positive rate", range: 0...1),
///     yAxis: Axis(title: "True positive rate", range: 0...1),
///     series: [LineSeries(name: "MLP (AUC 0.612)", x: fpr, y: tpr)],
///     showsDiagonal: true)
/// let svg = roc.render()
/// ```
///
/// Series of any length are drawn: each continuous run of finite points is reduced in
/// pixel space to the points that change the picture (see the type's rendering notes),
/// so a 100,000-point curve stays a few tens of kilobytes. Non-finite values leave gaps.
public struct LineChart: SVGRenderable, Hashable {
    /// The chart title (also the SVG's accessible name).
    public var title: String
    /// A smaller line under the title; `nil` for none.
    public var subtitle: String?
    /// The x axis; a data-fitted x domain is tight to the data.
    public var xAxis: Axis
    /// The y axis; a data-fitted y domain extends to nice 1-2-5 ticks.
    public var yAxis: Axis
    /// The lines, drawn in order (later on top).
    public var series: [LineSeries]
    /// Shaded regions, drawn under the lines.
    public var bands: [ChartBand]
    /// Labelled points, drawn over the lines.
    public var markers: [ChartMarker]
    /// Vertical and horizontal reference lines.
    public var rules: [ChartRule]
    /// Whether to draw the dashed line y = x (a ROC curve's chance line).
    public var showsDiagonal: Bool
    /// Where the legend goes; entries are the named series and bands.
    public var legend: LegendPlacement
    /// Width of the SVG in pixels.
    public var width: Double
    /// Height of the SVG in pixels.
    public var height: Double
    /// The legend entry of hollow markers (``ChartMarker/isHollow``), e.g. `fewer than 30
    /// signals`; `nil` for none.
    public var hollowMarkerLabel: String? = nil

    /// A line chart.
    ///
    /// - Parameters:
    ///   - title: the title.
    ///   - subtitle: an optional second line.
    ///   - xAxis: the x axis (use ``Axis/time(title:)`` for timestamps).
    ///   - yAxis: the y axis.
    ///   - series: the lines.
    ///   - bands: shaded regions.
    ///   - markers: labelled points.
    ///   - rules: reference lines.
    ///   - showsDiagonal: draw y = x.
    ///   - legend: legend placement.
    ///   - width: SVG width (default 720).
    ///   - height: SVG height (default 420).
    public init(
        title: String, subtitle: String? = nil, xAxis: Axis = Axis(), yAxis: Axis = Axis(),
        series: [LineSeries], bands: [ChartBand] = [], markers: [ChartMarker] = [], rules: [ChartRule] = [],
        showsDiagonal: Bool = false, legend: LegendPlacement = .automatic, width: Double = 720, height: Double = 420
    ) {
        self.title = title
        self.subtitle = subtitle
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.series = series
        self.bands = bands
        self.markers = markers
        self.rules = rules
        self.showsDiagonal = showsDiagonal
        self.legend = legend
        self.width = width
        self.height = height
    }

    /// Checks that the chart can be drawn as specified.
    ///
    /// - Throws: ``ChartError/lengthMismatch(what:expected:actual:)`` when a series' x and y
    ///   or a band's x, lower and upper differ in length; ``ChartError/invalidRange(axis:)``
    ///   for a fixed range that is not finite or empty; ``ChartError/invalidLayout(_:)`` for
    ///   a size that is not finite or too small (under 120 × 90).
    /// - Complexity: O(number of series and bands).
    public func validate() throws(ChartError) {
        try ChartSize.validate(width: width, height: height, minWidth: 120, minHeight: 90)
        if !xAxis.hasValidRange { throw .invalidRange(axis: "x") }
        if !yAxis.hasValidRange { throw .invalidRange(axis: "y") }
        for s in series where s.x.count != s.y.count {
            throw .lengthMismatch(what: "y of series \u{201C}\(s.name)\u{201D}", expected: s.x.count, actual: s.y.count)
        }
        for b in bands {
            if b.lower.count != b.x.count {
                throw .lengthMismatch(what: "lower of band \u{201C}\(b.name)\u{201D}", expected: b.x.count, actual: b.lower.count)
            }
            if b.upper.count != b.x.count {
                throw .lengthMismatch(what: "upper of band \u{201C}\(b.name)\u{201D}", expected: b.x.count, actual: b.upper.count)
            }
        }
    }

    /// The SVG document. An invalid chart (see ``validate()``) renders its title and the
    /// error message; a chart without finite data renders its axes and a "No data" note.
    ///
    /// - Complexity: O(n) in the total number of points, plus the simplification of the
    ///   few thousand points per series left after the per-pixel-column pass.
    public func render() -> String {
        do {
            try validate()
        } catch {
            return ErrorChart.render(title: title, kind: "Line chart", width: width, height: height, error: error)
        }
        let frame = Rect(x: 0, y: 0, width: width, height: height)
        let drawing = LinePlotRenderer(chart: self, compact: false).render(in: frame, idSuffix: "")
        return ChartDocument(
            width: width, height: height, title: title.isEmpty ? "Line chart" : title,
            description: accessibleDescription, defs: drawing.defs, body: drawing.nodes
        ).render()
    }

    /// A sentence for `<desc>`: the kind, the axes and the series.
    var accessibleDescription: String {
        var parts = ["Line chart"]
        if let t = xAxis.title { parts.append("x axis: \(t)") }
        if let t = yAxis.title { parts.append("y axis: \(t)") }
        let names = series.map(\.name).filter { !$0.isEmpty }
        if !names.isEmpty { parts.append("series: " + names.joined(separator: ", ")) }
        return parts.joined(separator: "; ") + "."
    }
}
