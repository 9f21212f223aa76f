import FolioCharts
import FolioModels
import Foundation

extension ImportanceDirective {
    /// The colour of group a in every chart (as in `ks-test`).
    static let colorA = ChartColor.blue
    /// The colour of group b.
    static let colorB = ChartColor.orange

    /// Paired bars, a and b, with ± one standard deviation, features in rank order on a.
    func barChart(_ name: String, _ comparison: ImportanceComparison) -> BarChart {
        let rows = comparison.rows.sorted { $0.rankA < $1.rankA }
        return BarChart(
            title: "\(name): permutation importance, \(compare.a) vs \(compare.b)",
            subtitle: "Drop in \(metricTitle) when the feature is permuted; bars ± one standard deviation over \(repeats) repeats; most important on \(compare.a) first",
            categories: rows.map(\.feature),
            series: [
                BarSeries(name: compare.a, values: rows.map(\.importanceA), color: Self.colorA, errors: rows.map(\.stdA)),
                BarSeries(name: compare.b, values: rows.map(\.importanceB), color: Self.colorB, errors: rows.map(\.stdB)),
            ],
            orientation: .horizontal, valueAxis: Axis(title: "Drop in \(metricTitle)", includesZero: true), legend: .top)
    }

    /// Per model, each feature's rank on a (x) against its rank on b (y): on the diagonal
    /// it keeps its place; above it, it falls on b. Overfit features in vermillion and
    /// named, unused ones grey; the others named when they move a quarter of the ranks.
    func rankChart(_ measured: [Measured]) -> SmallMultiples {
        let panels = measured.map { checkpoint, comparison, _ -> LineChart in
            let n = comparison.rows.count
            let far = max(3, n / 4)
            let markers = comparison.rows.map { row -> ChartMarker in
                let moved = abs(row.rankA - row.rankB) >= far
                let color: ChartColor = row.flag == .overfit ? .vermillion : (row.flag == .unused ? .gray : Self.colorA)
                let named = row.flag == .overfit || (row.flag == .stable && moved)
                return ChartMarker(x: Double(row.rankA), y: Double(row.rankB), label: named ? row.feature : "", color: color)
            }
            let range = 0.5...(Double(max(n, 1)) + 0.5)
            return LineChart(
                title: checkpoint.name, xAxis: Axis(range: range), yAxis: Axis(range: range), series: [],
                markers: markers, showsDiagonal: true)
        }
        return SmallMultiples(
            title: "Rank on \(compare.a) against rank on \(compare.b) (1 = most important)",
            subtitle: "Vermillion: overfit; grey: unused; blue: stable. Above the diagonal a feature ranks lower on \(compare.b).",
            panels: panels, columns: min(3, max(measured.count, 1)), panelWidth: 300, panelHeight: 300,
            xAxisTitle: "rank on \(compare.a)", yAxisTitle: "rank on \(compare.b)")
    }

    /// Features (rows, by their best rank on a over the models) by model and group
    /// (columns): the importance.
    func heatmap(_ measured: [Measured], features: [String]) -> Heatmap {
        var best: [String: Int] = [:]
        for (_, comparison, _) in measured {
            for row in comparison.rows { best[row.feature] = min(best[row.feature] ?? .max, row.rankA) }
        }
        let order = features.enumerated().sorted { x, y in
            let (rx, ry) = (best[x.element] ?? .max, best[y.element] ?? .max)
            return rx != ry ? rx < ry : x.offset < y.offset
        }.map(\.element)
        var columns: [String] = []
        for (checkpoint, _, _) in measured { columns += ["\(checkpoint.name) \(compare.a)", "\(checkpoint.name) \(compare.b)"] }
        let values = order.map { feature in
            measured.flatMap { _, comparison, _ -> [Double] in
                guard let row = comparison.rows.first(where: { $0.feature == feature }) else { return [.nan, .nan] }
                return [row.importanceA, row.importanceB]
            }
        }
        return Heatmap(
            title: "Permutation importance by model, \(compare.a) and \(compare.b)",
            subtitle: "Drop in \(metricTitle); features by their best rank on \(compare.a)",
            values: values, rowLabels: order, columnLabels: columns, colorScale: .sequential,
            valueFormat: .fixed(3), colorBarTitle: "drop in \(metricTitle)", width: max(420, 140 + 96 * Double(columns.count)),
            // Rows of 26 px: a tall list of features stays one screen, not square cells.
            height: 150 + 26 * Double(order.count))
    }
}
