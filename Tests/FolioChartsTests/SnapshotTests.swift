import Testing

@testable import FolioCharts

/// Golden SVGs of the charts the reports use, with deterministic synthetic data. Record
/// with `FOLIO_RECORD_SNAPSHOTS=1 swift test --filter SnapshotTests`, then look at them
/// (`rsvg-convert -w 900 Snapshots/x.svg -o x.png`).
@Suite("Snapshots")
struct SnapshotTests {
    static let day: Int64 = 86_400
    static let start: Int64 = 1_672_531_200  // 2023-01-01T00:00:00Z

    static func rocChart() -> LineChart {
        var data = TestData(seed: 2024)
        let mlp = data.rocCurve(shift: 0.62, count: 20_000)
        let lstm = data.rocCurve(shift: 0.45, count: 8_000)
        let gru = data.rocCurve(shift: 0.30, count: 8_000)
        return LineChart(
            title: "ROC curve \u{2014} test split", subtitle: "131,811 rows; positive rate 29.8%",
            xAxis: Axis(title: "False positive rate", range: 0...1), yAxis: Axis(title: "True positive rate", range: 0...1),
            series: [
                LineSeries(name: "MLP trial 72 (AUC 0.67)", x: mlp.fpr, y: mlp.tpr),
                LineSeries(name: "LSTM trial 62 (AUC 0.62)", x: lstm.fpr, y: lstm.tpr),
                LineSeries(name: "GRU trial 93 (AUC 0.58)", x: gru.fpr, y: gru.tpr),
            ], showsDiagonal: true)
    }

    @Test func rocCurves() throws {
        let (svg, _) = try checkDocument(Self.rocChart())
        try assertSnapshot(svg, named: "roc_curves")
    }

    @Test func precisionRecallWithThreshold() throws {
        var data = TestData(seed: 11)
        var recall: [Double] = []
        var precision: [Double] = []
        for i in 0...400 {
            let r = 1 - Double(i) / 400
            recall.append(r)
            precision.append(0.298 + 0.32 * (1 - r) * (1 - r) + 0.015 * data.normal())
        }
        let chart = LineChart(
            title: "Precision\u{2013}recall \u{2014} MLP, validation", xAxis: Axis(title: "Recall", range: 0...1),
            yAxis: Axis(title: "Precision", range: 0...1),
            series: [LineSeries(name: "MLP (AP 0.41)", x: recall, y: precision, interpolation: .stepAfter)],
            markers: [ChartMarker(x: recall[240], y: precision[240], label: "threshold 0.62 (F1 0.44)")],
            rules: [.horizontal(at: 0.298, label: "base rate 29.8%")])
        let (svg, _) = try checkDocument(chart)
        try assertSnapshot(svg, named: "precision_recall")
    }

    @Test func driftOverTime() throws {
        var data = TestData(seed: 14)
        var times: [Int64] = []
        var median: [Double] = []
        var low: [Double] = []
        var high: [Double] = []
        var level = 0.0
        for week in 0..<96 {
            times.append(Self.start + Int64(week) * 7 * Self.day)
            level += 0.04 * data.normal() + (week > 60 ? 0.012 : 0)
            median.append(level)
            low.append(level - 0.9 - 0.15 * data.uniform())
            high.append(level + 0.9 + 0.15 * data.uniform())
        }
        median[45] = .nan
        let chart = LineChart(
            title: "rsi_14 over time", subtitle: "weekly median and 10\u{2013}90% range",
            xAxis: .time(title: "Week (UTC)"), yAxis: Axis(title: "rsi_14 (z-score)"),
            series: [LineSeries(name: "median", times: times, y: median, color: .blue)],
            bands: [ChartBand(name: "10\u{2013}90% range", x: times.map(Double.init), lower: low, upper: high, color: .blue)],
            rules: [
                .vertical(at: Double(Self.start + 52 * 7 * Self.day), label: "train | val"),
                .vertical(at: Double(Self.start + 74 * 7 * Self.day), label: "val | test"),
            ])
        let (svg, _) = try checkDocument(chart)
        try assertSnapshot(svg, named: "drift_over_time")
    }

    @Test func equityWithBreakEven() throws {
        var data = TestData(seed: 93)
        var times: [Int64] = []
        var equity: [Double] = []
        var naive: [Double] = []
        var value = 100_000.0
        var hold = 100_000.0
        for hour in 0..<6_000 {
            times.append(Self.start + Int64(hour) * 3_600)
            value *= 1 + 0.004 * data.normal() - 0.0003
            hold *= 1 + 0.002 * data.normal()
            equity.append(value)
            naive.append(hold)
        }
        let chart = LineChart(
            title: "Equity \u{2014} MLP, threshold 0.5, 0.1% costs", xAxis: .time(), yAxis: Axis(title: "Equity (USD)"),
            series: [
                LineSeries(name: "strategy", times: times, y: equity),
                LineSeries(name: "buy and hold", times: times, y: naive, color: .gray, style: .dashed, lineWidth: 1.5),
            ], rules: [.horizontal(at: 100_000, label: "break-even")])
        let (svg, _) = try checkDocument(chart)
        try assertSnapshot(svg, named: "equity")
    }

    @Test func pnlPerSymbol() throws {
        var data = TestData(seed: 143)
        let symbols = ["AAPL", "MSFT", "NVDA", "AMZN", "META", "GOOGL", "TSLA", "BTCUSD", "ETHUSD", "SOLUSD", "JPM", "XOM"]
        let pnl = symbols.map { _ in (data.normal() * 4_000 - 1_500).rounded() }
        let chart = BarChart(
            title: "Net P&L per symbol", subtitle: "MLP, threshold 0.5, after costs and slippage", categories: symbols,
            series: [BarSeries(name: "P&L", values: pnl)], orientation: .horizontal, valueAxis: Axis(title: "USD"),
            showsValueLabels: true, colorsBySign: true)
        let (svg, _) = try checkDocument(chart)
        try assertSnapshot(svg, named: "pnl_per_symbol")
    }

    @Test func histogramTrainVal() throws {
        var data = TestData(seed: 23)
        let train = (0..<20_000).map { _ in data.normal() }
        let val = (0..<6_000).map { _ in data.normal() * 1.25 + 0.45 }
        let chart = Histogram(
            title: "volume_z \u{2014} train vs validation", subtitle: "KS D = 0.16",
            series: [
                HistogramSeries(name: "train (n = 20,000)", values: train),
                HistogramSeries(name: "validation (n = 6,000)", values: val),
            ], bins: .count(40), normalization: .density, xAxis: Axis(title: "volume_z"))
        let (svg, _) = try checkDocument(chart)
        try assertSnapshot(svg, named: "histogram_train_val")
    }

    /// A sweep's expected value by threshold: `mean` and `weighted` coincide exactly (equal
    /// weights), both dashed; each carries its own symbols, so the one underneath shows.
    /// Points from fewer than 30 signals are rings, named in the legend.
    @Test func coincidingSeriesAndThinPoints() throws {
        let x = (2...18).map { Double($0) / 20 }
        let signals = x.map { Int((1 - $0) * (1 - $0) * 400) }
        let ev = x.map { -0.004 + 0.05 * $0 * $0 }
        let model = x.map { -0.006 + 0.035 * $0 * $0 }
        var chart = LineChart(
            title: "Expected value per trade by threshold", subtitle: "mean and weighted coincide; rings: fewer than 30 signals",
            xAxis: Axis(title: "Threshold"), yAxis: Axis(title: "Expected value per trade", format: .percent, includesZero: true),
            series: [
                LineSeries(name: "mlp", x: x, y: model, color: .orange),
                LineSeries(name: "mean", x: x, y: ev, color: .blue, style: .dashed),
                LineSeries(name: "weighted", x: x, y: ev, color: .vermillion, style: .dashed),
            ],
            markers: zip(x, zip(ev, signals)).map { t, p in ChartMarker.support(x: t, y: p.0, count: p.1, minimum: 30, color: .blue) }
                .filter(\.isHollow),
            rules: [.horizontal(at: 0, label: "break-even", color: .gray)])
        chart.hollowMarkerLabel = "fewer than 30 signals"
        let (svg, _) = try checkDocument(chart)
        try assertSnapshot(svg, named: "coinciding_series")
    }

    @Test func confusionMatrix() throws {
        let chart = Heatmap(
            title: "Confusion matrix \u{2014} MLP, threshold 0.5", values: [[81_234, 11_280], [24_987, 14_310]],
            rowLabels: ["0 (no +5%)", "1 (+5% first)"], columnLabels: ["0", "1"], rowAxisTitle: "Actual",
            columnAxisTitle: "Predicted", width: 560)
        let (svg, _) = try checkDocument(chart)
        try assertSnapshot(svg, named: "confusion_matrix")
    }

    @Test func correlationHeatmap() throws {
        var data = TestData(seed: 8)
        let names = ["ret_1", "ret_4", "ret_24", "vol_24", "rsi_14", "macd", "macd_signal", "bb_pct_b", "atr_14", "volume_z"]
        let n = 2_000
        var base = (0..<3).map { _ in (0..<n).map { _ in data.normal() } }
        base.append((0..<n).map { _ in data.normal() })
        let mixes: [[Double]] = [
            [1, 0, 0, 0.2], [0.7, 0.3, 0, 0.1], [0.2, 0.9, 0, 0], [0, 0.2, 1, 0], [0.8, -0.4, 0, 0],
            [0.5, 0.5, -0.3, 0], [0.4, 0.6, -0.3, 0.2], [0.9, -0.1, 0, 0.3], [0, 0.1, 0.9, 0.4], [-0.2, 0, 0.5, 0.8],
        ]
        let features = mixes.map { w in (0..<n).map { i in (0..<4).reduce(0.0) { $0 + w[$1] * base[$1][i] } + 0.5 * data.normal() } }
        func pearson(_ a: [Double], _ b: [Double]) -> Double {
            let ma = a.reduce(0, +) / Double(a.count)
            let mb = b.reduce(0, +) / Double(b.count)
            var sab = 0.0
            var saa = 0.0
            var sbb = 0.0
            for i in a.indices {
                sab += (a[i] - ma) * (b[i] - mb)
                saa += (a[i] - ma) * (a[i] - ma)
                sbb += (b[i] - mb) * (b[i] - mb)
            }
            return sab / (saa * sbb).squareRoot()
        }
        let matrix = features.map { a in features.map { b in pearson(a, b) } }
        let chart = Heatmap(
            title: "Feature correlation (Pearson), train split", values: matrix, rowLabels: names, columnLabels: names,
            colorScale: .diverging(center: 0), range: -1...1, valueFormat: .fixed(2), colorBarTitle: "correlation")
        let (svg, _) = try checkDocument(chart)
        try assertSnapshot(svg, named: "correlation_heatmap")
    }

    @Test func barrierPaths() throws {
        var data = TestData(seed: 100)
        let symbols = ["AAPL", "BTCUSD", "NVDA", "ETHUSD", "MSFT", "SOLUSD", "TSLA", "AMZN"]
        var panels: [LineChart] = []
        for (k, symbol) in symbols.enumerated() {
            var path = [0.0]
            for _ in 0..<24 { path.append(path[path.count - 1] + 0.013 * data.normal() + 0.001) }
            var end = 24
            var outcome = "timeout"
            var color = ChartColor.gray
            for (i, r) in path.enumerated() {
                if r >= 0.05 {
                    (end, outcome, color) = (i, "+5% first", .bluishGreen)
                    break
                }
                if r <= -0.02 {
                    (end, outcome, color) = (i, "\u{2212}2% first", .vermillion)
                    break
                }
            }
            panels.append(
                LineChart(
                    title: "\(symbol) 2024-03-\(k + 4 < 10 ? "0" : "")\(k + 4) 14:00", yAxis: Axis(format: .percent),
                    series: [LineSeries(name: "close vs entry", y: path, color: .black, lineWidth: 1.5)],
                    markers: [ChartMarker(x: Double(end), y: path[end], label: outcome, color: color)],
                    rules: [
                        .horizontal(at: 0.05, label: "+5%", color: .bluishGreen),
                        .horizontal(at: -0.02, label: "\u{2212}2%", color: .vermillion),
                    ]))
        }
        let chart = SmallMultiples(
            title: "Sampled trades \u{2014} validation split", subtitle: "first barrier touched within 24 hourly bars",
            panels: panels, columns: 4, panelWidth: 250, panelHeight: 180, xAxisTitle: "Bars after entry",
            yAxisTitle: "Close vs entry", sharesYRange: true)
        let (svg, _) = try checkDocument(chart)
        try assertSnapshot(svg, named: "barrier_paths")
        var fitted = chart
        fitted.maxWidth = 800
        try assertSnapshot(try checkDocument(fitted).svg, named: "barrier_paths_fitted")
    }
}
