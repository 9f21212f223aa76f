import FolioCharts
import FolioCompute
import Foundation

extension KSTestDirective {
    /// The colour of group a (the reference) in every chart.
    static let colorA = ChartColor.blue
    /// The colour of group b.
    static let colorB = ChartColor.orange

    /// D and PSI for every feature, in rank order.
    func overviewChart(_ shifts: [FeatureShift]) -> BarChart {
        var subtitle = "Ranked by \(rankBy == .statistic ? "D" : "PSI"); PSI 0.1-0.25 is a moderate shift, over 0.25 a major one"
        if positiveOnly { subtitle = "Positive class (\(label.name) = 1). " + subtitle }
        // Small effects are drawn against the PSI band of 0.1, not blown up to the full width.
        let largest = shifts.map { max($0.ks.statistic, $0.psi.value) }.max() ?? 0
        let range: ClosedRange<Double>? = largest < 0.1 ? 0...0.1 : nil
        return BarChart(
            title: "Shift per feature: \(compare.a) vs \(compare.b)", subtitle: subtitle,
            categories: shifts.map(\.name),
            series: [BarSeries(name: "KS statistic D", values: shifts.map(\.ks.statistic), color: .blue),
                     BarSeries(name: "PSI", values: shifts.map(\.psi.value), color: .vermillion)],
            orientation: .horizontal, valueAxis: Axis(title: "D or PSI", range: range, includesZero: true),
            showsValueLabels: false, legend: .top)
    }

    /// For each feature a row of two panels: the two densities on shared bins, and the
    /// two ECDFs with the gap D drawn where it is attained.
    func distributionChart(_ shifts: [FeatureShift]) throws(DirectiveError) -> SmallMultiples {
        var panels: [LineChart] = []
        for shift in shifts {
            do {
                panels += try KSTestDirective.panels(shift, nameA: compare.a, nameB: compare.b)
            } catch {
                throw DirectiveError("feature '\(shift.name)': \(error)", at: shift.location)
            }
        }
        let who = positiveOnly ? ", positive class (\(label.name) = 1)" : ""
        let count = shifts.count == 1 ? "the feature" : "the \(shifts.count) features"
        return SmallMultiples(
            title: "\(compare.a) vs \(compare.b)\(who): \(count) with the largest \(rankBy == .statistic ? "D" : "PSI")",
            subtitle: "Left: densities on shared bins over the central 99% of values (step outlines). Right: ECDFs, the KS gap D in black.",
            panels: panels, columns: 2, panelWidth: 380, panelHeight: 210, xAxisTitle: "feature value")
    }

    /// The density and ECDF panels of one feature.
    static func panels(_ shift: FeatureShift, nameA: String, nameB: String) throws -> [LineChart] {
        let (a, b) = (shift.a, shift.b)
        let range = DisplayRange(a, b)
        let edges = range.edges
        let histogram = try FolioCompute.Histogram.shared(a, b, bins: .edges(edges))
        func area(_ density: [Double]) -> (x: [Double], y: [Double]) {
            var x = [edges[0]]
            var y = [0.0]
            for (i, d) in density.enumerated() {
                x.append(edges[i])
                y.append(d.isFinite ? d : 0)
            }
            x += [edges[edges.count - 1], edges[edges.count - 1]]
            y += [y[y.count - 1], 0]
            return (x, y)
        }
        let stepsA = area(histogram.densityA)
        let stepsB = area(histogram.densityB)
        let density = LineChart(
            title: "\(shift.name): density",
            xAxis: Axis(range: edges[0]...edges[edges.count - 1]), yAxis: Axis(includesZero: true),
            // Step outlines, the second dashed, no fills: where the two densities coincide both stay visible.
            series: [LineSeries(name: nameA, x: stepsA.x, y: stepsA.y, color: colorA, lineWidth: 1.5, interpolation: .stepAfter),
                     LineSeries(name: nameB, x: stepsB.x, y: stepsB.y, color: colorB, style: .dashed, lineWidth: 1.5, interpolation: .stepAfter)])

        // ECDFs over the same range, widened to include where D is attained.
        let location = shift.ks.statisticLocation
        let low = min(edges[0], location)
        let high = max(edges[edges.count - 1], location)
        func steps(_ sample: SortedSample) throws -> (x: [Double], y: [Double]) {
            let points = try ECDF.points(sample, maxPoints: 400, keeping: [location])
            var x = [low]
            var y = [try sample.ecdf(at: low)]
            for p in points where p.x > low && p.x < high {
                x.append(p.x)
                y.append(p.f)
            }
            x.append(high)
            y.append(try sample.ecdf(at: high))
            return (x, y)
        }
        let ecdfA = try steps(a)
        let ecdfB = try steps(b)
        let fa = try a.ecdf(at: location)
        let fb = try b.ecdf(at: location)
        let ecdf = LineChart(
            title: "\(shift.name): ECDF, D = \(Cell.fixed(shift.ks.statistic))",
            xAxis: Axis(range: low < high ? low...high : (low - 0.5)...(high + 0.5)), yAxis: Axis(range: 0...1),
            series: [LineSeries(name: "", x: ecdfA.x, y: ecdfA.y, color: colorA, lineWidth: 1.5, interpolation: .stepAfter),
                     LineSeries(name: "", x: ecdfB.x, y: ecdfB.y, color: colorB, style: .dashed, lineWidth: 1.5, interpolation: .stepAfter),
                     LineSeries(name: "KS gap D", x: [location, location], y: [fa, fb], color: .black, lineWidth: 2.5)],
            markers: [ChartMarker(x: location, y: max(fa, fb), color: .black)])
        return [density, ecdf]
    }
}

/// The x range of the distribution panels: the central 99% of the pooled values (the
/// order statistics at 0.5% rounded down and 99.5% rounded up, so that a small sample
/// keeps its extremes), so that a few far outliers do not squeeze the
/// picture; the full range when that is a single value. Bins: Freedman-Diaconis width
/// from the pooled interquartile range, between 10 and 80 bins.
struct DisplayRange {
    var low: Double
    var high: Double
    var binCount: Int

    init(_ a: SortedSample, _ b: SortedSample) {
        let n = a.count + b.count
        func pooled(_ q: Double, _ rule: FloatingPointRoundingRule) -> Double {
            DisplayRange.pooledElement(a.values, b.values, Int((Double(n - 1) * q).rounded(rule)))
        }
        var low = pooled(0.005, .down)
        var high = pooled(0.995, .up)
        if !(low < high) {
            low = min(a.values[0], b.values[0])
            high = max(a.values[a.count - 1], b.values[b.count - 1])
        }
        if !(low < high) {
            low -= 0.5
            high += 0.5
        }
        let iqr = pooled(0.75, .toNearestOrEven) - pooled(0.25, .toNearestOrEven)
        let width = 2 * iqr * pow(Double(n), -1.0 / 3.0)
        let bins = width > 0 ? ((high - low) / width).rounded(.up) : 30
        self.low = low
        self.high = high
        binCount = Int(min(max(bins.isFinite ? bins : 30, 10), 80))
    }

    /// `binCount` equal bins from `low` to `high`.
    var edges: [Double] {
        var edges = (0...binCount).map { low + (high - low) * Double($0) / Double(binCount) }
        edges[binCount] = high
        return edges
    }

    /// The `k`-th smallest (0-based) value of the union of two ascending arrays.
    static func pooledElement(_ a: [Double], _ b: [Double], _ k: Int) -> Double {
        // The number i of values taken from a: the smallest i with a[i] >= b[k - i] ...
        var low = max(0, k + 1 - b.count)
        var high = min(k + 1, a.count)
        while low < high {
            let i = (low + high) / 2
            let j = k + 1 - i
            if j > 0 && a[i] < b[j - 1] { low = i + 1 } else { high = i }
        }
        let j = k + 1 - low
        let fromA = low > 0 ? a[low - 1] : -Double.infinity
        let fromB = j > 0 ? b[j - 1] : -Double.infinity
        return max(fromA, fromB)
    }
}
