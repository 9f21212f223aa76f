import FolioCharts
import FolioCompute
import Foundation

/// `{performance}`: backtesting.py's statistics of an equity curve and trade list written
/// elsewhere (the team's own backtest scripts), with a table and equity and drawdown
/// charts.
public struct PerformanceDirective: Directive {
    public static let name = "performance"
    public static let summary = "Performance statistics (backtesting.py's definitions) of an equity curve and an optional trade list."
    public static let parameters = [
        ParameterSpec("equity", "path", required: true, "CSV with columns `timestamp` (ISO 8601, UTC) and `equity` (account value at each bar)."),
        ParameterSpec("trades", "path", "CSV of closed trades: `entry_time, exit_time, entry_price, exit_price, size, pnl, return` (return as a fraction), optional `entry_bar, exit_bar, commission`; backtesting.py's `stats._trades` column names (`EntryTime`, ..., `ReturnPct`) are accepted too."),
        ParameterSpec("risk_free_rate", "number", default: "0", "Annual risk-free rate as a fraction, in (-1, 1), for Sharpe and Sortino."),
        ParameterSpec("name", "text", default: "the equity file's name", "The strategy's name in the table and chart titles."),
    ]
    public static let resultKeys = PerformanceStatistics.keys.map { ResultKeySpec($0, PerformanceFormatting.labels[$0] ?? $0) }
    public static let details = """
    Every statistic follows backtesting.py 0.6.6 (`backtesting._stats.compute_stats`), in percent where
    backtesting.py prints percent; durations are in days (backtesting.py prints a Timedelta), rounded up to
    the bar period's resolution as backtesting.py does. Where empyrical defines a statistic differently
    (annual volatility, Sharpe, Sortino) folio follows backtesting.py; see `PerformanceStatistics`.

    Annualisation comes from the bar timestamps as in backtesting.py: the median spacing of the last 100
    bars; intraday and daily bars are resampled to daily equity, 365 periods a year when more than
    17.1% of the bars fall on a weekend, else 252; weekly and monthly bars use 52 and 12.

    Without `trades`, the trade statistics (`trades` = 0, win rate, ... SQN) are null and the exposure is 0.
    A trade's bars are `entry_bar`/`exit_bar` when given, else the last equity bar at or before its times.
    Differences from backtesting.py: when only the last bar is below its peak, backtesting.py prints that
    bar's drawdown fraction as the max drawdown duration; folio reports null.
    """

    /// Trade columns: the names and backtesting.py's `stats._trades` names.
    static let tradeColumns: [(key: String, aliases: [String], required: Bool)] = [
        ("entry_time", ["entry_time", "EntryTime"], true), ("exit_time", ["exit_time", "ExitTime"], true),
        ("entry_price", ["entry_price", "EntryPrice"], true), ("exit_price", ["exit_price", "ExitPrice"], true),
        ("size", ["size", "Size"], true), ("pnl", ["pnl", "PnL"], true), ("return", ["return", "ReturnPct"], true),
        ("entry_bar", ["entry_bar", "EntryBar"], false), ("exit_bar", ["exit_bar", "ExitBar"], false),
        ("commission", ["commission", "Commission"], false),
    ]

    let equity: DataSelection
    let trades: DataSelection?
    let riskFreeRate: Double
    let displayName: String?

    public init(parameters: ParameterReader, context: DirectiveContext) throws(DirectiveError) {
        equity = try DataSelection(parameters: parameters, context: context, key: "equity")
        trades = parameters.has("trades") ? try DataSelection(parameters: parameters, context: context, key: "trades") : nil
        let rate = try parameters.double("risk_free_rate", default: 0)
        guard rate > -1, rate < 1 else { throw parameters.error("risk_free_rate", "must lie strictly between -1 and 1 (a fraction, 0.04 for 4%), got \(JSONValue.format(rate))") }
        riskFreeRate = rate
        displayName = try parameters.string("name")
    }

    public var inputs: [DataInput] { [equity.input] + (trades.map { [$0.input] } ?? []) }

    public func validate(context: DirectiveContext) throws(DirectiveError) {
        try equity.validate(columns: [("timestamp", equity.location), ("equity", equity.location)], context: context)
        if let trades {
            try trades.validate(columns: [], context: context)
            let header = DataSelection.header(of: trades.url)
            _ = try Self.tradeColumnNames(header: header, display: context.displayPath(trades.url), location: trades.location)
        }
    }

    /// The file's column for each trade field (`nil` for an absent optional one).
    static func tradeColumnNames(header: [String], display: String, location: SourceLocation) throws(DirectiveError) -> [String: String] {
        var names: [String: String] = [:]
        for column in tradeColumns {
            if let found = column.aliases.first(where: header.contains) {
                names[column.key] = found
            } else if column.required {
                throw DirectiveError("no column '\(column.key)' in \(display)\(Suggestion.hint(for: column.key, in: header)); a trade list needs \(tradeColumns.filter(\.required).map(\.key).joined(separator: ", "))",
                                     at: location)
            }
        }
        return names
    }

    public func run(context: DirectiveContext) throws(DirectiveError) -> DirectiveOutput {
        let equityDisplay = context.displayPath(equity.url)
        let frame = try equity.load(context: context)
        let times = try frame.timestamps("timestamp", at: equity.location, display: equityDisplay)
        let values = try frame.numbers("equity", at: equity.location, display: equityDisplay)
        if let row = times.firstIndex(of: Column.missingTime) {
            throw DirectiveError("\(equityDisplay) data row \(row + 1): empty timestamp", at: equity.location)
        }
        let curve: EquityCurve
        do {
            curve = try EquityCurve(timestamps: times, equity: values)
        } catch {
            throw DirectiveError("\(equityDisplay): \(Self.describe(error))", at: equity.location)
        }
        var tradeList: [PerformanceTrade] = []
        if let trades {
            tradeList = try loadTrades(trades, context: context)
        }
        let statistics: PerformanceStatistics
        do {
            statistics = try PerformanceStatistics(equity: curve, trades: tradeList, riskFreeRate: riskFreeRate)
        } catch {
            throw DirectiveError("\(trades.map { context.displayPath($0.url) } ?? equityDisplay): \(Self.describe(error))",
                                 at: trades?.location ?? equity.location)
        }

        let name = displayName ?? equity.url.deletingPathExtension().lastPathComponent
        var table = MarkdownTable([("statistic", .left), (name, .right)])
        table.append(["Start", TimestampParser.string(from: times[0])])
        table.append(["End", TimestampParser.string(from: times[times.count - 1])])
        table.append(["Equity Final", Cell.money(statistics.equityFinal, 2)])
        table.append(["Equity Peak", Cell.money(statistics.equityPeak, 2)])
        for (key, value) in statistics.entries {
            table.append([PerformanceFormatting.labels[key] ?? key, PerformanceFormatting.cell(key, value)])
        }
        var markdown = table.markdown + "\n"
        markdown += PerformanceFormatting.annualizationNote(statistics.annualization)
        markdown += trades == nil ? " No trade list was given: trade statistics are empty.\n\n" : "\n\n"
        var figures: [Figure] = []
        let line = PerformanceFormatting.Line(name: name, times: times, values: values, color: .blue)
        let subtitle = "\(BacktestDirective.day(times[0])) to \(BacktestDirective.day(times[times.count - 1])), \(Cell.count(times.count)) bars"
        for (figureName, chart, alt) in [
            ("equity", PerformanceFormatting.equityChart(title: "Equity, \(name)", subtitle: subtitle, lines: [line]), "Equity of \(name) over time"),
            ("drawdown", PerformanceFormatting.drawdownChart(title: "Drawdown, \(name)", subtitle: subtitle, lines: [line]), "Drawdown of \(name) over time"),
        ] {
            let (link, figure) = try context.chart(figureName, chart, alt: alt)
            markdown += link + "\n\n"
            figures.append(figure)
        }
        return DirectiveOutput(result: .object(PerformanceFormatting.object(statistics)), markdown: markdown, figures: figures)
    }

    func loadTrades(_ selection: DataSelection, context: DirectiveContext) throws(DirectiveError) -> [PerformanceTrade] {
        let display = context.displayPath(selection.url)
        let frame = try selection.load(context: context, requireRows: false)
        let names = try Self.tradeColumnNames(header: frame.columnNames, display: display, location: selection.location)
        func numbers(_ key: String) throws(DirectiveError) -> [Double]? {
            guard let column = names[key] else { return nil }
            return try frame.numbers(column, at: selection.location, display: display)
        }
        func times(_ key: String) throws(DirectiveError) -> [Int64] {
            let values = try frame.timestamps(names[key]!, at: selection.location, display: display)
            if let row = values.firstIndex(of: Column.missingTime) {
                throw DirectiveError("\(display) data row \(row + 1): empty \(names[key]!)", at: selection.location)
            }
            return values
        }
        let entryTime = try times("entry_time"), exitTime = try times("exit_time")
        let entryPrice = try numbers("entry_price")!, exitPrice = try numbers("exit_price")!
        let size = try numbers("size")!, pnl = try numbers("pnl")!, returns = try numbers("return")!
        let entryBar = try numbers("entry_bar"), exitBar = try numbers("exit_bar"), commission = try numbers("commission")
        func index(_ column: [Double]?, _ row: Int, _ key: String) throws(DirectiveError) -> Int? {
            guard let column else { return nil }
            let x = column[row]
            guard x.isFinite, x == x.rounded(), x >= 0, x < 1e12 else {
                throw DirectiveError("\(display) data row \(row + 1): \(names[key]!) must be a bar number (a whole number from 0)", at: selection.location)
            }
            return Int(x)
        }
        var out: [PerformanceTrade] = []
        out.reserveCapacity(frame.rowCount)
        for i in 0..<frame.rowCount {
            out.append(PerformanceTrade(
                entryTime: entryTime[i], exitTime: exitTime[i],
                entryIndex: try index(entryBar, i, "entry_bar"), exitIndex: try index(exitBar, i, "exit_bar"),
                entryPrice: entryPrice[i], exitPrice: exitPrice[i], size: size[i], pnl: pnl[i],
                returnFraction: returns[i], commission: commission.map { $0[i].isFinite ? $0[i] : 0 } ?? 0))
        }
        return out
    }

    /// A message for a statistics error with rows counted from 1 as in the file.
    static func describe(_ error: PerformanceError) -> String {
        switch error {
        case .emptyEquity: return "the equity curve has no rows"
        case let .timestampsNotIncreasing(index): return "data row \(index + 1): timestamp is not after the previous row's (the curve must be in time order, without duplicates)"
        case let .nonFiniteEquity(index): return "data row \(index + 1): equity is not a finite number"
        case let .nonFiniteTrade(index, field): return "data row \(index + 1): \(field) is not a finite number"
        case let .tradeOutsideCurve(index): return "data row \(index + 1): the trade lies outside the equity curve (before its first bar, or a bar number past its end)"
        case let .tradeExitBeforeEntry(index): return "data row \(index + 1): the trade exits before it enters"
        default: return error.description
        }
    }
}
