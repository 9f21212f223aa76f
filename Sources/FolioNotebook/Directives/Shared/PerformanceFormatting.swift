import FolioCharts
import FolioCompute
import Foundation

/// How `performance` and `backtest` present `PerformanceStatistics`: result objects with
/// the statistics' keys, backtesting.py's labels, table cells, the annualisation sentence
/// and the equity and drawdown charts.
enum PerformanceFormatting {
    /// backtesting.py's label of each result key (`Backtest.run()`'s printed names).
    static let labels: [String: String] = [
        "return_pct": "Return [%]", "return_ann_pct": "Return (Ann.) [%]",
        "volatility_ann_pct": "Volatility (Ann.) [%]", "cagr_pct": "CAGR [%]", "sharpe": "Sharpe Ratio",
        "sortino": "Sortino Ratio", "calmar": "Calmar Ratio", "max_drawdown_pct": "Max. Drawdown [%]",
        "avg_drawdown_pct": "Avg. Drawdown [%]", "max_drawdown_duration": "Max. Drawdown Duration [days]",
        "avg_drawdown_duration": "Avg. Drawdown Duration [days]", "exposure_pct": "Exposure Time [%]",
        "trades": "# Trades", "win_rate_pct": "Win Rate [%]", "best_trade_pct": "Best Trade [%]",
        "worst_trade_pct": "Worst Trade [%]", "avg_trade_pct": "Avg. Trade [%]", "profit_factor": "Profit Factor",
        "expectancy_pct": "Expectancy [%]", "sqn": "SQN",
    ]

    /// The statistics as a result object, keys in `PerformanceStatistics.keys` order
    /// (NaN as `null`).
    static func object(_ statistics: PerformanceStatistics) -> JSONObject {
        JSONObject(statistics.entries.map { ($0.key, $0.key == "trades" ? .int(Int($0.value)) : .double($0.value)) })
    }

    /// A value for a table: counts as integers, durations with 2 decimals, ratios with 3,
    /// percentages with 2.
    static func cell(_ key: String, _ value: Double) -> String {
        switch key {
        case "trades": return value.isFinite ? Cell.count(Int(value)) : "–"
        case "sharpe", "sortino", "calmar", "profit_factor", "sqn": return Cell.fixed(value, 3)
        case "max_drawdown_duration", "avg_drawdown_duration": return Cell.fixed(value, 2)
        default: return Cell.fixed(value, 2)
        }
    }

    /// A sentence on how returns were annualised.
    static func annualizationNote(_ a: Annualization) -> String {
        switch a.resampling {
        case .daily:
            let weekend = a.weekendShare.isFinite ? " (\(Cell.percent(a.weekendShare, 1)) of the bars fall on a weekend" + (a.periodsPerYear == 365 ? ", more than backtesting.py's 17.1% cut-off" : "") + ")" : ""
            return "Returns are annualised as backtesting.py does: equity resampled to daily closes, \(a.periodsPerYear) days a year\(weekend)."
        case .weekly: return "Returns are annualised from weekly returns, 52 a year (backtesting.py's rule for weekly bars)."
        case .monthly: return "Returns are annualised from monthly returns, 12 a year (backtesting.py's rule for monthly bars)."
        case .yearly: return "Returns are annualised from yearly returns."
        }
    }

    /// One equity line of a chart: name, times, equity, colour and style.
    struct Line {
        var name: String
        var times: [Int64]
        var values: [Double]
        var color: ChartColor?
        var style: LineStyle = .solid
        var width: Double = 2
        /// The equity returns are measured from (the first value when `nil`).
        var base: Double? = nil
    }

    /// Equity as a return on the initial value (`equity / base - 1`), over time.
    static func equityChart(title: String, subtitle: String?, lines: [Line], bands: [ChartBand] = []) -> LineChart {
        LineChart(
            title: title, subtitle: subtitle, xAxis: .time(), yAxis: Axis(title: "Return on initial equity", format: .percent),
            series: lines.map { line in
                let base = line.base ?? line.values.first ?? 1
                return LineSeries(name: line.name, times: line.times, y: line.values.map { $0 / base - 1 },
                                  color: line.color, style: line.style, lineWidth: line.width)
            },
            bands: bands, rules: [.horizontal(at: 0, color: .gray, style: .solid)], legend: lines.count == 1 && bands.isEmpty ? .hidden : .automatic)
    }

    /// Drawdowns (`equity / running peak - 1`, non-positive) over time; the first line's
    /// area is shaded and named in the legend (every fill is).
    static func drawdownChart(title: String, subtitle: String?, lines: [Line]) -> LineChart {
        var bands: [ChartBand] = []
        var series: [LineSeries] = []
        for (k, line) in lines.enumerated() {
            let curve = try? EquityCurve(timestamps: line.times, equity: line.values)
            let dd = curve.map { Drawdown(curve: $0).values.map { -$0 } } ?? []
            let x = line.times.map(Double.init)
            // The first line's drawdown is shaded, and the legend says whose it is.
            if k == 0 { bands.append(.area(name: "\(line.name) (shaded)", x: x, y: dd, color: line.color, opacity: 0.15)) }
            series.append(LineSeries(name: line.name, x: x, y: dd, color: line.color, style: line.style, lineWidth: min(line.width, 1.5)))
        }
        return LineChart(title: title, subtitle: subtitle, xAxis: .time(), yAxis: Axis(title: "Drawdown from peak", format: .percent, includesZero: true),
                         series: series, bands: bands)
    }
}
