import FolioCharts
import FolioCompute
import Foundation

extension BacktestDirective {
    /// The KPIs of the summary table, in column order.
    static let tableKeys: [(key: String, header: String)] = [
        ("return_pct", "return"), ("return_ann_pct", "ann. return"), ("sharpe", "Sharpe"),
        ("max_drawdown_pct", "max DD"), ("trades", "trades"), ("win_rate_pct", "win rate"),
        ("avg_trade_pct", "avg trade"), ("profit_factor", "profit factor"), ("exposure_pct", "exposure"),
    ]

    func output(runs: [StrategyRun], market: BacktestMarket, prepared: PreparedSignals,
                context: DirectiveContext) throws(DirectiveError) -> DirectiveOutput {
        let config = runs[0].report.configuration
        let initialCash = config.initialCash
        let buyAndHold = (net: runs[0].report.buyAndHoldNet, gross: runs[0].report.buyAndHoldGross)
        let timeline = buyAndHold.net.equity.timestamps
        var result = JSONObject()
        result["models"] = .strings(runs.map(\.strategy.name))
        result["period"] = ["from": .string(TimestampParser.string(from: timeline.first!)),
                            "to": .string(TimestampParser.string(from: timeline.last!)), "bars": .int(timeline.count)]
        result["universe"] = ["symbols": .int(market.symbolCount)]
        result["thresholds"] = .object(JSONObject(runs.map { ($0.strategy.name, .double($0.threshold)) }))
        result["rules"] = .object(JSONObject(runs.map { ($0.strategy.name, .string($0.strategy.rule(threshold: $0.threshold))) }))
        result["ties"] = ["rule": .string(TieBreak.rule), "seed": .string(String(config.seed))]

        var kpis = JSONObject(), random = JSONObject(), trades = JSONObject(), signals = JSONObject()
        var costs = JSONObject(), exits = JSONObject(), perSymbol = JSONObject(), summaries = JSONObject(), classification = JSONObject()
        var concentration = JSONObject(), warnings: [String] = []
        // The sentences print net returns with enough decimals to tell the strategies apart.
        let returnDecimals = DistinctDecimals.decimals(for: runs.map { $0.report.net.netPnl / $0.report.net.initialCash * 100 }, base: 1) {
            Self.signed($0, decimals: $1)
        }
        for run in runs {
            let name = run.strategy.name, report = run.report
            kpis[name] = ["net": .object(PerformanceFormatting.object(report.net.statistics)),
                          "gross": .object(PerformanceFormatting.object(report.gross.statistics))]
            random[name] = .object(randomObject(report))
            trades[name] = .int(report.net.trades.count)
            signals[name] = .object(signalObject(report.net))
            let c = report.net.concentration
            concentration[name] = .object(concentrationObject(c, top: Self.busiest(report.net, c.topSymbols)))
            if c.isConcentrated { warnings.append(concentrationWarning(name, c, top: Self.busiest(report.net, c.topSymbols))) }
            costs[name] = .object(costObject(report))
            exits[name] = .object(exitObject(report.net))
            perSymbol[name] = .object(symbolObject(report.net))
            summaries[name] = .string(attribution(run, universe: market.symbolCount, returnDecimals: returnDecimals))
            if let c = run.classification { classification[name] = .object(classificationObject(c, report.configuration)) }
        }
        result["kpis"] = .object(kpis)
        result["baseline"] = ["buy_and_hold": ["net": .object(PerformanceFormatting.object(buyAndHold.net.statistics)),
                                               "gross": .object(PerformanceFormatting.object(buyAndHold.gross.statistics))],
                              "random": .object(random)]
        result["trades"] = .object(trades)
        result["signals"] = .object(signals)
        result["concentration"] = .object(concentration)
        result["costs"] = .object(costs)
        result["by_exit"] = .object(exits)
        result["per_symbol"] = .object(perSymbol)
        if !classification.isEmpty { result["classification"] = .object(classification) }
        result["summary"] = .object(summaries)

        // Markdown.
        let display = context.displayPath(selection.url)
        let period = "\(Self.day(timeline.first!)) to \(Self.day(timeline.last!))"
        var md = "Backtest of \(runs.map { "**\($0.strategy.label(threshold: $0.threshold))**" }.joined(separator: ", ")) "
        md += "from \(MarkdownText.code(display))\(selection.filter.map { " where \($0.summary)" } ?? ""), "
        md += "\(market.symbolCount == 1 ? "1 symbol" : "\(Cell.count(market.symbolCount)) symbols"), \(period) (\(Cell.count(timeline.count)) bars). "
        md += "Entries at the next bar's open, \(Self.sizingText(config)), at most \(config.maxPositions) open at once; "
        md += "commission \(Self.bps(config.costs.commissionBps)) and slippage \(Self.bps(config.costs.slippageBps)) per side; "
        md += "exits at +\(Self.pct(config.exits.up)) (take-profit), −\(Self.pct(config.exits.down)) (stop-loss) or after \(config.exits.horizon) bars"
        md += config.periodEnd == .close ? ", open positions closed at the end.\n\n" : ", open positions run to their exit after the end.\n\n"
        md += "> [!NOTE]\n> Exits test each bar's high and low; when one bar touches both barriers the stop-loss counts first (the path inside a bar is unknown). "
        md += PerformanceFormatting.annualizationNote(runs[0].report.net.statistics.annualization) + "\n\n"

        // KPI table: each column with enough decimals to tell different values apart.
        var table = MarkdownTable([("run", .left), ("costs", .left)] + Self.tableKeys.map { ($0.header, .right) })
        var kpiRows: [(label: String, costs: String, values: [Double])] = []
        func row(_ label: String, _ costs: String, _ stats: PerformanceStatistics) {
            kpiRows.append((label, costs, Self.tableKeys.map { stats[$0.key] ?? .nan }))
        }
        for run in runs {
            row("**\(run.strategy.name)**", "net", run.report.net.statistics)
            row(run.strategy.name, "gross", run.report.gross.statistics)
            if config.randomDraws > 0 {
                let label = "random entries (\(run.strategy.name), median of \(config.randomDraws))"
                kpiRows.append((label, "net", Self.tableKeys.map { run.report.randomNet[$0.key]?.median ?? .nan }))
            }
        }
        row("buy-and-hold", "net", buyAndHold.net.statistics)
        row("buy-and-hold", "gross", buyAndHold.gross.statistics)
        let decimals = Self.tableKeys.indices.map { k in
            Self.kpiDecimals(Self.tableKeys[k].key, kpiRows.map { $0.values[k] })
        }
        for r in kpiRows {
            table.append([r.label, r.costs] + Self.tableKeys.indices.map { Self.kpiCell(Self.tableKeys[$0].key, r.values[$0], decimals: decimals[$0]) })
        }
        md += table.markdown + "\n"
        md += coincidenceNote(runs)
        if let note = prepared.scoringNote { md += note + "\n\n" }
        md += "Percentages as backtesting.py prints them. A gross run is a separate simulation without commission or slippage: its equity, and so its position sizes, stay larger, "
        md += "so it may take slightly different trades; the attribution below splits the net run's own trades into their result before costs, commission and slippage, which add up to the net return.\n\n"
        if runs.contains(where: { $0.classification != nil }) {
            md += "Signals against the label on the period's rows (precision, recall and F1 of `p >= threshold`, as scikit-learn computes them), beside the trades they became:\n\n"
            md += classificationTable(runs).markdown + "\n"
        }
        for run in runs { md += summaries[run.strategy.name]!.inlineText(format: nil) + "\n\n" }

        // Charts.
        var figures: [Figure] = []
        func add(_ name: String, _ chart: some ValidatedChart, _ alt: String) throws(DirectiveError) {
            let (link, figure) = try context.chart(name, chart, alt: alt)
            md += link + "\n\n"
            figures.append(figure)
        }
        var lines: [PerformanceFormatting.Line] = []
        var bands: [ChartBand] = []
        for (k, run) in runs.enumerated() {
            let color = ChartColor.series(k)
            lines.append(.init(name: "\(run.strategy.name) net", times: run.report.net.equity.timestamps, values: run.report.net.equity.equity, color: color, base: initialCash))
            lines.append(.init(name: "\(run.strategy.name) gross", times: run.report.gross.equity.timestamps, values: run.report.gross.equity.equity,
                               color: color, style: .dashed, width: 1.5, base: initialCash))
            if runs.count <= 2, let band = Self.randomBand([run], name: "\(run.strategy.name) random entries", color: color, base: initialCash) {
                bands.append(band)
            }
        }
        if runs.count > 2, let band = Self.randomBand(runs, name: "random entries (every model)", color: .gray, base: initialCash) {
            bands.append(band)
        }
        lines.append(.init(name: "buy-and-hold net", times: buyAndHold.net.equity.timestamps, values: buyAndHold.net.equity.equity, color: .gray, width: 1.5, base: initialCash))
        let subtitle = "\(period), \(Cell.count(market.symbolCount)) symbols; dashed: without costs" + (bands.isEmpty ? "" : "; shaded: random entries (min–max of \(config.randomDraws) draws, net)")
        try add("equity", PerformanceFormatting.equityChart(title: "Equity", subtitle: subtitle, lines: lines, bands: bands),
                "Equity of each model with and without costs, random entries and buy-and-hold")
        if compact { return DirectiveOutput(result: .object(result), markdown: md, figures: figures, warnings: warnings) }
        try add("drawdown", PerformanceFormatting.drawdownChart(title: "Drawdown (net)", subtitle: "\(period)",
                                                                lines: lines.filter { $0.style == .solid }),
                "Drawdown from the running peak of each model and of buy-and-hold")
        let returns = runs.map { HistogramSeries(name: $0.strategy.name, values: $0.report.net.trades.map(\.returnFraction)) }
        if returns.contains(where: { !$0.values.isEmpty }) {
            try add("trade-returns", Histogram(title: "Trade returns (net)", subtitle: "take-profit +\(Self.pct(config.exits.up)), stop-loss −\(Self.pct(config.exits.down)), after costs",
                                               series: returns, bins: .count(40), normalization: .proportion,
                                               xAxis: Axis(title: "Trade return", format: .percent), yAxis: Axis(title: "Share of trades", format: .percent)),
                    "Distribution of net trade returns")
        }

        // Per strategy: exits, signals, symbols.
        for run in runs {
            md += "**\(run.strategy.name)**: trades by exit reason and by symbol (net run).\n\n"
            md += exitTable(run.report.net).markdown + "\n"
            md += signalSentence(run.report.net, rule: run.strategy.rule(threshold: run.threshold), isVote: run.strategy.isVote,
                                 universe: market.symbolCount) + "\n\n"
            let c = run.report.net.concentration
            if c.isConcentrated {
                // Symbols and names are data: text, escaped.
                md += "> [!WARNING]\n> " + MarkdownText.escaped(concentrationWarning(run.strategy.name, c, top: Self.busiest(run.report.net, c.topSymbols))) + "\n\n"
            }
            md += symbolTable(run.report.net).markdown + "\n"
        }

        // Every statistic, folded.
        md += "<details><summary>Every statistic (backtesting.py's definitions)</summary>\n\n"
        var headers: [(String, MarkdownTable.Alignment)] = [("statistic", .left)]
        var columns: [PerformanceStatistics] = []
        for run in runs {
            headers += [("\(run.strategy.name) net", .right), ("\(run.strategy.name) gross", .right)]
            columns += [run.report.net.statistics, run.report.gross.statistics]
        }
        headers += [("buy-and-hold net", .right), ("buy-and-hold gross", .right)]
        columns += [buyAndHold.net.statistics, buyAndHold.gross.statistics]
        var full = MarkdownTable(headers)
        for key in PerformanceStatistics.keys {
            full.append([PerformanceFormatting.labels[key] ?? key] + columns.map { PerformanceFormatting.cell(key, $0[key] ?? .nan) })
        }
        md += full.markdown + "\n</details>\n"
        return DirectiveOutput(result: .object(result), markdown: md, figures: figures, warnings: warnings)
    }

    // MARK: - Result objects

    func randomObject(_ report: BacktestReport) -> JSONObject {
        var out = JSONObject()
        out["draws"] = .int(report.randomNet.runs.count)
        out["net"] = .object(JSONObject(report.randomNet.statistics.map { ($0.key, $0.key == "trades" ? .double($0.median.rounded()) : .double($0.median)) }))
        out["gross"] = .object(JSONObject(report.randomGross.statistics.map { ($0.key, $0.key == "trades" ? .double($0.median.rounded()) : .double($0.median)) }))
        let returns = report.randomNet.runs.map(\.statistics.returnPct)
        func meanBars(_ trades: [BacktestTrade]) -> Double {
            trades.isEmpty ? .nan : Double(trades.reduce(0) { $0 + $1.barsHeld }) / Double(trades.count)
        }
        out["model_trades"] = .int(report.net.trades.count)
        out["trades"] = .array(report.randomNet.runs.map { .int($0.trades.count) })
        out["model_mean_bars_held"] = .double(meanBars(report.net.trades))
        out["mean_bars_held"] = .doubles(report.randomNet.runs.map { meanBars($0.trades) })
        out["net_returns_pct"] = .doubles(returns)
        out["beaten"] = .int(returns.filter { report.net.statistics.returnPct > $0 }.count)
        return out
    }

    func signalObject(_ run: BacktestRun) -> JSONObject {
        let s = run.signals
        return JSONObject([("rows", .int(s.rows)), ("unmatched", .int(s.unmatched)), ("outside_period", .int(s.outsidePeriod)),
                           ("below_threshold", .int(s.belowThreshold)), ("candidates", .int(s.candidates)), ("entered", .int(s.entered)),
                           ("in_position", .int(s.inPosition)), ("no_slot", .int(s.noSlot)), ("lost_tie", .int(s.lostTie)),
                           ("no_cash", .int(s.noCash)), ("no_entry_bar", .int(s.noEntryBar)),
                           ("symbols_eligible", .int(s.symbolsWithCandidates)), ("symbols_traded", .int(run.symbols.count))])
    }

    /// The `count` symbols with the most trades (ties by symbol).
    static func busiest(_ run: BacktestRun, _ count: Int) -> [String] {
        run.symbols.sorted { $0.trades != $1.trades ? $0.trades > $1.trades : $0.symbol < $1.symbol }.prefix(count).map(\.symbol)
    }

    func concentrationObject(_ c: TradeConcentration, top: [String]) -> JSONObject {
        JSONObject([("eligible", .int(c.eligible)), ("traded", .int(c.traded)), ("top_symbols", .int(c.topSymbols)),
                    ("top_trades", .int(c.topTrades)), ("top_share", .double(c.topShare)), ("concentrated", .bool(c.isConcentrated)),
                    ("top", .strings(top))])
    }

    /// The warning of a concentrated run (`TradeConcentration.isConcentrated`).
    func concentrationWarning(_ name: String, _ c: TradeConcentration, top: [String]) -> String {
        let shown = top.prefix(5).joined(separator: ", ") + (top.count > 5 ? ", …" : "")
        return "\(name): \(c.topSymbols == 1 ? "one symbol" : "\(Cell.count(c.topSymbols)) symbols") (\(shown)) of the \(Cell.count(c.traded)) traded took "
            + "\(Cell.count(c.topTrades)) of \(Cell.count(c.trades)) trades (\(Cell.percent(c.topShare, 1))), while \(Cell.count(c.eligible)) symbols had signals: "
            + "the result rests on few symbols."
    }

    /// The cost attribution of the net run's own trades, and the break-even win rates.
    struct CostBreakdown {
        var grossReturnPct: Double
        var commissionPct: Double
        var slippagePct: Double
        var netReturnPct: Double
        var shareOfLoss: Double
        var roundTrip: Double
        var breakEven: Double
        var breakEvenNet: Double
        var takeProfitRate: Double
        /// Take-profit exits among the exits at a barrier (take-profit or stop).
        var barrierTakeProfitRate: Double
    }

    func breakdown(_ report: BacktestReport) -> CostBreakdown {
        let run = report.net, cash = run.initialCash, config = report.configuration
        let costs = run.commission + run.slippage
        let roundTrip = 2 * (config.costs.commissionBps + config.costs.slippageBps) / 10_000
        let up = config.exits.up, down = config.exits.down
        let tp = run.exits.first { $0.reason == .upper }?.trades ?? 0
        let sl = run.exits.first { $0.reason == .lower }?.trades ?? 0
        return CostBreakdown(
            grossReturnPct: run.grossPnl / cash * 100, commissionPct: run.commission / cash * 100,
            slippagePct: run.slippage / cash * 100, netReturnPct: run.netPnl / cash * 100,
            shareOfLoss: run.netPnl < 0 ? costs / -run.netPnl : .nan, roundTrip: roundTrip,
            breakEven: down / (up + down), breakEvenNet: min(1, (down + roundTrip) / (up + down)),
            takeProfitRate: run.trades.isEmpty ? .nan : Double(tp) / Double(run.trades.count),
            barrierTakeProfitRate: tp + sl == 0 ? .nan : Double(tp) / Double(tp + sl))
    }

    func costObject(_ report: BacktestReport) -> JSONObject {
        let run = report.net, b = breakdown(report), config = report.configuration
        return JSONObject([
            ("commission_bps", .double(config.costs.commissionBps)), ("slippage_bps", .double(config.costs.slippageBps)),
            ("round_trip_pct", .double(b.roundTrip * 100)),
            ("commission", .double(run.commission)), ("slippage", .double(run.slippage)), ("total", .double(run.commission + run.slippage)),
            ("gross_pnl", .double(run.grossPnl)), ("net_pnl", .double(run.netPnl)),
            ("gross_return_pct", .double(b.grossReturnPct)), ("commission_return_pct", .double(b.commissionPct)),
            ("slippage_return_pct", .double(b.slippagePct)), ("cost_return_pct", .double(b.commissionPct + b.slippagePct)),
            ("net_return_pct", .double(b.netReturnPct)), ("share_of_loss", .double(b.shareOfLoss)),
            ("break_even_win_rate_pct", .double(b.breakEven * 100)), ("break_even_win_rate_net_pct", .double(b.breakEvenNet * 100)),
            ("win_rate_pct", .double(run.statistics.winRatePct)), ("take_profit_rate_pct", .double(b.takeProfitRate * 100)),
            ("barrier_take_profit_rate_pct", .double(b.barrierTakeProfitRate * 100)),
        ])
    }

    func exitObject(_ run: BacktestRun) -> JSONObject {
        JSONObject(run.exits.map { e in
            (e.reason.rawValue, .object(JSONObject([
                ("trades", .int(e.trades)), ("share_pct", .double(e.sharePct)), ("win_rate_pct", .double(e.winRatePct)),
                ("net_pnl", .double(e.netPnl)), ("avg_return_pct", .double(e.avgReturnPct)), ("avg_bars_held", .double(e.avgBarsHeld)),
            ])))
        })
    }

    /// Symbols by contribution, best first (ties by symbol).
    static func ranked(_ run: BacktestRun) -> [SymbolSummary] {
        run.symbols.sorted { $0.contributionPct != $1.contributionPct ? $0.contributionPct > $1.contributionPct : $0.symbol < $1.symbol }
    }

    static func symbolRow(_ s: SymbolSummary) -> JSONValue {
        .object(JSONObject([
            ("symbol", .string(s.symbol)), ("trades", .int(s.trades)), ("win_rate_pct", .double(s.winRatePct)),
            ("net_pnl", .double(s.netPnl)), ("gross_pnl", .double(s.grossPnl)), ("contribution_pct", .double(s.contributionPct)),
            ("avg_return_pct", .double(s.avgReturnPct)),
        ]))
    }

    func symbolObject(_ run: BacktestRun) -> JSONObject {
        let ranked = Self.ranked(run)
        let n = min(top, ranked.count)
        return JSONObject([
            ("symbols", .int(ranked.count)),
            ("top", .array(ranked.prefix(n).map(Self.symbolRow))),
            ("bottom", .array(ranked.suffix(n).reversed().map(Self.symbolRow))),
            ("all", .object(JSONObject(ranked.map { ($0.symbol, Self.symbolRow($0)) }))),
        ])
    }

    func classificationObject(_ c: ConfusionCounts, _ config: BacktestConfiguration) -> JSONObject {
        JSONObject([
            ("rows", .int(c.count)), ("signals", .int(c.predictedPositives)), ("positive_rate", .double(Double(c.actualPositives) / Double(max(c.count, 1)))),
            ("precision", .double(c.precision)), ("recall", .double(c.recall)), ("f1", .double(c.f1)),
            ("break_even_precision", .double(config.exits.down / (config.exits.up + config.exits.down))),
        ])
    }

    // MARK: - Tables and sentences

    func classificationTable(_ runs: [StrategyRun]) -> MarkdownTable {
        var table = MarkdownTable([("model", .left), ("rule", .right), ("rows", .right), ("label = 1", .right), ("signals", .right), ("precision", .right),
                                   ("recall", .right), ("F1", .right), ("break-even precision", .right), ("trades", .right), ("win rate", .right)])
        let precisions = runs.compactMap { $0.classification?.precision }
        let precisionDigits = DistinctDecimals.decimals(for: precisions, base: 1) { Cell.percent($0, $1) }
        for run in runs {
            guard let c = run.classification else { continue }
            let exits = run.report.configuration.exits
            table.append([run.strategy.name, run.strategy.rule(threshold: run.threshold), Cell.count(c.count), Cell.percent(Double(c.actualPositives) / Double(max(c.count, 1)), 1), Cell.count(c.predictedPositives),
                          Cell.percent(c.precision, precisionDigits), Cell.percent(c.recall, 1), Cell.fixed(c.f1, 3), Cell.percent(exits.down / (exits.up + exits.down), 1),
                          Cell.count(run.report.net.trades.count), Self.pctCell(run.report.net.statistics.winRatePct, 1)])
        }
        return table
    }

    func exitTable(_ run: BacktestRun) -> MarkdownTable {
        var table = MarkdownTable([("exit", .left), ("trades", .right), ("share", .right), ("win rate", .right),
                                   ("avg return", .right), ("avg bars held", .right), ("net P&L", .right)])
        let names: [BarrierOutcome: String] = [.upper: "take-profit", .lower: "stop-loss", .horizon: "horizon", .endOfData: "end of period"]
        for e in run.exits where e.trades > 0 || e.reason != .endOfData {
            table.append([names[e.reason] ?? e.reason.rawValue, Cell.count(e.trades), Self.pctCell(e.sharePct, 1), Self.pctCell(e.winRatePct, 1),
                          Self.pctCell(e.avgReturnPct, 2), Cell.fixed(e.avgBarsHeld, 1), Cell.money(e.netPnl)])
        }
        return table
    }

    func symbolTable(_ run: BacktestRun) -> MarkdownTable {
        var table = MarkdownTable([("rank", .right), ("symbol", .left), ("trades", .right), ("win rate", .right),
                                   ("avg return", .right), ("net P&L", .right), ("of which costs", .right), ("contribution", .right)])
        let ranked = Self.ranked(run)
        func add(_ k: Int) {
            let s = ranked[k]
            table.append(["\(k + 1)", s.symbol, Cell.count(s.trades), Self.pctCell(s.winRatePct, 1), Self.pctCell(s.avgReturnPct, 2),
                          Cell.money(s.netPnl), Cell.money(-(s.commission + s.slippage)), Self.pctCell(s.contributionPct, 2)])
        }
        if ranked.count <= 2 * top {
            for k in ranked.indices { add(k) }
        } else {
            for k in 0..<top { add(k) }
            table.append(["⋯", "\(ranked.count - 2 * top) more", "", "", "", "", "", ""])
            for k in (ranked.count - top)..<ranked.count { add(k) }
        }
        return table
    }

    func signalSentence(_ run: BacktestRun, rule: String, isVote: Bool, universe: Int) -> String {
        let s = run.signals
        var parts: [String] = []
        if s.inPosition > 0 { parts.append("\(Cell.count(s.inPosition)) because the symbol was already held") }
        if s.noSlot > 0 {
            parts.append("\(Cell.count(s.noSlot)) because all slots were taken"
                         + (s.lostTie > 0 ? " (\(Cell.count(s.lostTie)) of them lost the last slot to an equal probability; ties are broken by a seeded draw)" : ""))
        }
        if s.noCash > 0 { parts.append("\(Cell.count(s.noCash)) for lack of cash") }
        if s.noEntryBar > 0 { parts.append("\(Cell.count(s.noEntryBar)) without a next bar in the period") }
        var text = "Of \(Cell.count(s.rows)) prediction rows, \(Cell.count(s.candidates)) \(isVote ? "had at least \(rule) votes" : "were at or above \(rule.dropFirst(2))") in the period and \(Cell.count(s.entered)) became trades"
        text += parts.isEmpty ? "." : "; skipped: " + parts.joined(separator: ", ") + "."
        if s.unmatched > 0 { text += " \(Cell.count(s.unmatched)) rows had no bar at their timestamp." }
        text += " \(Cell.count(run.symbols.count)) of the \(Cell.count(s.symbolsWithCandidates)) symbols with a signal traded (\(Cell.count(universe)) in the universe)."
        return text
    }

    /// The generated sentence: the result, how much of it is costs, the win rate against the
    /// barrier's break-even, and the baselines.
    func attribution(_ run: StrategyRun, universe: Int, returnDecimals: Int = 1) -> String {
        let report = run.report, net = report.net, config = report.configuration
        let name = "**\(run.strategy.name)** (\(run.strategy.rule(threshold: run.threshold)))"
        guard !net.trades.isEmpty else {
            return "\(name) made no trade: \(Cell.count(net.signals.candidates)) signals reached the threshold in the period."
        }
        let b = breakdown(report)
        let costs = b.commissionPct + b.slippagePct
        var s = "\(name) turned \(Cell.money(net.initialCash)) into \(Cell.money(net.finalEquity)) (\(Self.signed(b.netReturnPct, decimals: returnDecimals))) over \(Cell.count(net.trades.count)) trades. "
        let costText = "commission cost \(Self.points(b.commissionPct)) and slippage \(Self.points(b.slippagePct))"
        if b.netReturnPct < 0 {
            if b.grossReturnPct < 0 {
                s += "Before costs the same trades made \(Self.signed(b.grossReturnPct)) of initial equity; \(costText), so costs are \(Self.pctCell(b.shareOfLoss * 100, 0)) of the loss and the signal itself loses money. "
            } else {
                s += "Before costs the same trades made \(Self.signed(b.grossReturnPct)); \(costText), which turned that profit into the loss. "
            }
        } else {
            s += "Before costs the same trades made \(Self.signed(b.grossReturnPct)); \(costText) (\(Self.points(costs)) in all). "
        }
        let winRate = net.statistics.winRatePct
        let barrier = "a −\(Self.pct(config.exits.down)) / +\(Self.pct(config.exits.up)) barrier"
        let breakEven = Self.pctCell(b.breakEven * 100, 1), breakEvenNet = Self.pctCell(b.breakEvenNet * 100, 1)
        let roundTrip = Self.pctCell(b.roundTrip * 100, 2)
        let hit = b.barrierTakeProfitRate * 100
        s += "Of the trades that ended at a barrier, \(Self.pctCell(hit, 1)) reached the take-profit first, "
        if hit < b.breakEven * 100 {
            s += "below the \(breakEven) break-even of \(barrier) (\(breakEvenNet) after a \(roundTrip) round trip)"
        } else if hit < b.breakEvenNet * 100 {
            s += "above the \(breakEven) break-even of \(barrier) before costs but below the \(breakEvenNet) needed after a \(roundTrip) round trip"
        } else {
            s += "above both the \(breakEven) break-even of \(barrier) and the \(breakEvenNet) needed after a \(roundTrip) round trip"
        }
        if let h = net.exits.first(where: { $0.reason == .horizon }), h.trades > 0 {
            s += "; \(Self.pctCell(h.sharePct, 1)) of trades timed out after \(config.exits.horizon) bars (\(Self.pctCell(h.avgReturnPct, 2)) on average)"
        }
        s += ". The win rate (P&L above zero) is \(Self.pctCell(winRate, 1))"
        if let c = run.classification, c.predictedPositives > 0 {
            s += " and the signals' precision against the label \(Cell.percent(c.precision, 1))"
        }
        s += ". "
        if config.randomDraws > 0, let median = report.randomNet["return_pct"]?.median {
            let draws = report.randomNet.runs.count
            let trades = report.randomNet["trades"]?.median ?? .nan
            func verdict(_ model: Double, _ runs: [BacktestRun]) -> String {
                let beaten = runs.filter { model > $0.statistics.returnPct }.count
                return beaten == runs.count ? "better than all \(draws)" : beaten == 0 ? "worse than all \(draws)" : "better than \(beaten) of \(draws)"
            }
            s += "Random entries with the same turnover (\(trades.isFinite ? Cell.count(Int(trades.rounded())) : "–") trades against the model's \(Cell.count(net.trades.count)), at random symbols and bars, each held as long as one of the model's trades; median of \(draws) draws) "
            s += "returned \(Self.signed(median)) net and \(Self.signed(report.randomGross["return_pct"]?.median ?? .nan)) before costs: "
            s += "the model did \(verdict(net.statistics.returnPct, report.randomNet.runs)) draws net and \(verdict(report.gross.statistics.returnPct, report.randomGross.runs)) before costs. "
        }
        s += "Buy-and-hold of the \(universe == 1 ? "symbol" : "\(Cell.count(universe)) symbols") returned \(Self.signed(report.buyAndHoldNet.statistics.returnPct))."
        return s
    }

    // MARK: - Formatting

    static func kpiCell(_ key: String, _ value: Double, decimals: Int? = nil) -> String {
        switch key {
        case "trades": return value.isFinite ? Cell.count(Int(value.rounded())) : "–"
        case "sharpe", "profit_factor": return Cell.fixed(value, decimals ?? 2)
        default: return pctCell(value, decimals ?? (key == "avg_trade_pct" ? 2 : 1))
        }
    }

    /// The decimals of a KPI column: its usual ones, widened (`DistinctDecimals`) until
    /// different values print differently.
    static func kpiDecimals(_ key: String, _ values: [Double]) -> Int {
        let base = key == "sharpe" || key == "profit_factor" || key == "avg_trade_pct" ? 2 : 1
        guard key != "trades" else { return 0 }
        return DistinctDecimals.decimals(for: values, base: base) { kpiCell(key, $0, decimals: $1) }
    }

    /// A sentence naming strategies whose net figures coincide exactly (so that equal
    /// numbers in the table do not look like a copy error); empty when none do.
    func coincidenceNote(_ runs: [StrategyRun]) -> String {
        guard runs.count > 1 else { return "" }
        var notes: [String] = []
        for (key, header) in Self.tableKeys where key != "trades" {
            let values = runs.map { $0.report.net.statistics[key] ?? .nan }
            for group in DistinctDecimals.coinciding(values) {
                let names = group.map { "**\(runs[$0].strategy.name)**" }
                notes.append("\(names.dropLast().joined(separator: ", ")) and \(names.last!) have exactly the same net \(header) (\(Self.kpiCell(key, values[group[0]])))")
            }
        }
        return notes.isEmpty ? "" : "Not a copy error: " + notes.joined(separator: "; ") + ".\n\n"
    }

    /// A value already in percent, with a `%` sign.
    static func pctCell(_ value: Double, _ decimals: Int) -> String {
        value.isFinite ? Cell.fixed(value, decimals) + "%" : "–"
    }

    /// `+12.3%` or `−4.5%` for a value in percent.
    static func signed(_ value: Double, decimals: Int = 1) -> String {
        guard value.isFinite else { return "–" }
        return (value < 0 ? "−" : "+") + Cell.fixed(abs(value), decimals) + "%"
    }

    /// `12.3 points` of initial equity.
    static func points(_ value: Double) -> String { "\(Cell.fixed(value, 1)) points" }

    /// `5%`, `3.5%` for a fraction.
    static func pct(_ fraction: Double) -> String {
        let x = fraction * 100
        return x == x.rounded() ? "\(Int(x))%" : "\(JSONValue.format((x * 100).rounded() / 100))%"
    }

    static func bps(_ value: Double) -> String { "\(JSONValue.format(value)) bps" }

    static func day(_ time: Int64) -> String { String(TimestampParser.string(from: time).prefix(10)) }

    static func sizingText(_ config: BacktestConfiguration) -> String {
        switch config.sizing {
        case .equityFraction(let f): return "each buying \(pct(f)) of equity"
        case .fixedNotional(let x): return "each buying \(Cell.money(x)) in cash"
        }
    }

    /// The min-max band of the random draws' net equity of `runs`, on the shortest common timeline.
    static func randomBand(_ runs: [StrategyRun], name: String, color: ChartColor, base: Double) -> ChartBand? {
        let curves = runs.flatMap { $0.report.randomNet.runs.map(\.equity) }
        guard let shortest = curves.min(by: { $0.count < $1.count }), shortest.count > 1 else { return nil }
        let n = shortest.count
        var lower = [Double](repeating: .infinity, count: n), upper = [Double](repeating: -.infinity, count: n)
        for curve in curves {
            for i in 0..<n {
                let r = curve.equity[i] / base - 1
                lower[i] = min(lower[i], r)
                upper[i] = max(upper[i], r)
            }
        }
        return ChartBand(name: name, x: shortest.timestamps.prefix(n).map(Double.init),
                         lower: lower, upper: upper, color: color, opacity: 0.15)
    }
}
