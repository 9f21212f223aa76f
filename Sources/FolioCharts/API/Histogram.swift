/// Histograms of one or more samples on shared bin edges, as counts, densities or
/// proportions (train against validation distributions of a feature, the positive class
/// alone, trade returns of several models).
///
/// One sample is a filled step area with its outline. Several samples are step outlines
/// only, each with its own dash pattern (``LineStyle/distinct``) besides its colour, so
/// that no sample hides behind another where their bars coincide.
///
/// Binning follows `numpy.histogram`: bins are half-open `[e[i], e[i+1])` except the
/// last, which includes its right edge; values outside the edges and non-finite values
/// are not counted. ``Normalization/density`` matches `density=True`.
public struct Histogram: SVGRenderable, Hashable {
    /// How bin edges are chosen.
    public enum Bins: Sendable, Hashable {
        /// This many equal-width bins over the finite range of all samples together
        /// (`numpy.histogram_bin_edges(np.concatenate(samples), bins=n)`).
        case count(Int)
        /// Explicit edges: at least two, finite, strictly increasing.
        case edges([Double])
    }

    /// What the bar heights show.
    public enum Normalization: Sendable, Hashable {
        /// Observations per bin.
        case count
        /// Count / (total counted × bin width): the area is 1 (`density=True`).
        case density
        /// Count / total counted: the heights sum to 1.
        case proportion
    }

    /// The chart title.
    public var title: String
    /// A smaller line under the title.
    public var subtitle: String?
    /// The samples, drawn in order.
    public var series: [HistogramSeries]
    /// The binning.
    public var bins: Bins
    /// The bar heights.
    public var normalization: Normalization
    /// The x axis; its domain defaults to the outer bin edges.
    public var xAxis: Axis
    /// The y axis; its title defaults to `Count`, `Density` or `Proportion`.
    public var yAxis: Axis
    /// The fill opacity of a single sample (several are drawn as outlines).
    public var opacity: Double
    /// The legend placement (named samples).
    public var legend: LegendPlacement
    /// SVG width.
    public var width: Double
    /// SVG height.
    public var height: Double

    /// A histogram.
    public init(
        title: String, subtitle: String? = nil, series: [HistogramSeries], bins: Bins = .count(30),
        normalization: Normalization = .count, xAxis: Axis = Axis(), yAxis: Axis = Axis(), opacity: Double = 0.35,
        legend: LegendPlacement = .automatic, width: Double = 720, height: Double = 420
    ) {
        self.title = title
        self.subtitle = subtitle
        self.series = series
        self.bins = bins
        self.normalization = normalization
        self.xAxis = xAxis
        self.yAxis = yAxis
        self.opacity = opacity
        self.legend = legend
        self.width = width
        self.height = height
    }

    /// The bin edges for samples, as `numpy.histogram_bin_edges` computes them for an
    /// integer bin count (a constant sample gets the range value ± 0.5); `nil` when no
    /// sample has a finite value and the bins are given by count.
    ///
    /// - Throws: ``ChartError/invalidBinCount(_:)``, ``ChartError/invalidBinEdges``.
    /// - Complexity: O(total number of values).
    public static func binEdges(for samples: [[Double]], bins: Bins) throws(ChartError) -> [Double]? {
        switch bins {
        case .edges(let edges):
            guard edges.count >= 2, edges.allSatisfy(\.isFinite) else { throw .invalidBinEdges }
            for i in 1..<edges.count where !(edges[i] > edges[i - 1]) { throw .invalidBinEdges }
            return edges
        case .count(let count):
            guard count >= 1, count <= 100_000 else { throw .invalidBinCount(count) }
            var low = Double.infinity
            var high = -Double.infinity
            for sample in samples {
                for v in sample where v.isFinite {
                    if v < low { low = v }
                    if v > high { high = v }
                }
            }
            guard low <= high else { return nil }
            if low == high {
                low -= 0.5
                high += 0.5
            }
            let step = (high - low) / Double(count)
            var edges = (0...count).map { low + Double($0) * step }
            edges[count] = high
            return edges
        }
    }

    /// Counts per bin (`numpy.histogram` semantics: the last bin is closed).
    ///
    /// - Parameters:
    ///   - values: observations; non-finite ones and those outside the edges are skipped.
    ///   - edges: strictly increasing bin edges (at least two).
    /// - Returns: `edges.count - 1` counts.
    /// - Complexity: O(n log b) for n values and b bins.
    public static func counts(_ values: [Double], edges: [Double]) -> [Int] {
        guard edges.count >= 2 else { return [] }
        var counts = [Int](repeating: 0, count: edges.count - 1)
        let first = edges[0]
        let last = edges[edges.count - 1]
        edges.withUnsafeBufferPointer { e in
            values.withUnsafeBufferPointer { xs in
                for v in xs where v >= first && v <= last {
                    if v == last {
                        counts[counts.count - 1] += 1
                        continue
                    }
                    // The largest i with e[i] <= v.
                    var lo = 0
                    var hi = e.count - 1
                    while hi - lo > 1 {
                        let mid = (lo + hi) >> 1
                        if e[mid] <= v { lo = mid } else { hi = mid }
                    }
                    counts[lo] += 1
                }
            }
        }
        return counts
    }

    /// Bar heights for one sample under a normalisation.
    static func heights(_ counts: [Int], edges: [Double], normalization: Normalization) -> [Double] {
        let total = Double(counts.reduce(0, +))
        switch normalization {
        case .count:
            return counts.map(Double.init)
        case .proportion:
            return counts.map { total > 0 ? Double($0) / total : 0 }
        case .density:
            return counts.enumerated().map { i, c in
                total > 0 ? Double(c) / (total * (edges[i + 1] - edges[i])) : 0
            }
        }
    }

    /// Checks the bins, the x range and the size.
    ///
    /// - Throws: ``ChartError/invalidBinCount(_:)``, ``ChartError/invalidBinEdges``,
    ///   ``ChartError/invalidRange(axis:)``, ``ChartError/invalidLayout(_:)``.
    public func validate() throws(ChartError) {
        try ChartSize.validate(width: width, height: height, minWidth: 120, minHeight: 90)
        if !xAxis.hasValidRange { throw .invalidRange(axis: "x") }
        if !yAxis.hasValidRange { throw .invalidRange(axis: "y") }
        _ = try Self.binEdges(for: [], bins: bins)
    }

    /// The line chart that draws the histogram: one sample as a filled step area from zero
    /// and its outline; several as named step outlines with distinct dash patterns.
    func lineChart() throws(ChartError) -> LineChart {
        let edges = try Self.binEdges(for: series.map(\.values), bins: bins)
        var yAxis = self.yAxis
        if yAxis.title == nil {
            switch normalization {
            case .count: yAxis.title = "Count"
            case .density: yAxis.title = "Density"
            case .proportion: yAxis.title = "Proportion"
            }
        }
        yAxis.includesZero = true
        var xAxis = self.xAxis
        var bands: [ChartBand] = []
        var outlines: [LineSeries] = []
        let outlinesOnly = series.count > 1
        if let edges {
            if xAxis.range == nil { xAxis.range = edges[0]...edges[edges.count - 1] }
            for (index, sample) in series.enumerated() {
                let heights = Self.heights(Self.counts(sample.values, edges: edges), edges: edges, normalization: normalization)
                let color = sample.color ?? .series(index)
                // Outline: (e0, 0) up to the first bar, across every bar, down at the end.
                var x = [edges[0]]
                var y = [0.0]
                for (i, h) in heights.enumerated() {
                    x.append(edges[i])
                    y.append(h)
                }
                x.append(edges[edges.count - 1])
                y.append(heights.last ?? 0)
                x.append(edges[edges.count - 1])
                y.append(0)
                if outlinesOnly {
                    outlines.append(
                        LineSeries(name: sample.name, x: x, y: y, color: color, style: LineStyle.distinct[index % LineStyle.distinct.count],
                                   lineWidth: 2, interpolation: .stepAfter))
                    continue
                }
                bands.append(
                    ChartBand(
                        name: sample.name, x: x, lower: [Double](repeating: 0, count: x.count), upper: y, color: color,
                        opacity: opacity, interpolation: .stepAfter))
                outlines.append(
                    LineSeries(name: "", x: x, y: y, color: color, lineWidth: 1.5, interpolation: .stepAfter))
            }
        }
        return LineChart(
            title: title, subtitle: subtitle, xAxis: xAxis, yAxis: yAxis, series: outlines, bands: bands,
            legend: legend, width: width, height: height)
    }

    /// The SVG document; invalid bins render their error, samples without finite values
    /// a "No data" note.
    ///
    /// - Complexity: O(n log b) for binning, then as ``LineChart/render()`` on 2b points
    ///   per sample.
    public func render() -> String {
        let chart: LineChart
        do {
            try validate()
            chart = try lineChart()
        } catch {
            return ErrorChart.render(title: title, kind: "Histogram", width: width, height: height, error: error)
        }
        let drawing = LinePlotRenderer(chart: chart, compact: false).render(in: Rect(x: 0, y: 0, width: width, height: height), idSuffix: "")
        var parts = ["Histogram"]
        let names = series.map(\.name).filter { !$0.isEmpty }
        if !names.isEmpty { parts.append("samples: " + names.joined(separator: ", ")) }
        if let t = xAxis.title { parts.append("x axis: \(t)") }
        return ChartDocument(
            width: width, height: height, title: title.isEmpty ? "Histogram" : title,
            description: parts.joined(separator: "; ") + ".", defs: drawing.defs, body: drawing.nodes
        ).render()
    }
}
