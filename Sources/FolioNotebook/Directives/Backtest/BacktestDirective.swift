import FolioCharts
import FolioCompute
import Foundation

/// `{backtest}`: model signals to trades over the bars of many symbols, with costs,
/// slippage, sizing and barrier exits; each model beside random entries and buy-and-hold,
/// and a sentence that attributes the result.
public struct BacktestDirective: Directive {
    public static let name = "backtest"
    public static let summary = "Portfolio backtest of model signals with costs and barrier exits, beside random entries and buy-and-hold."
    public static let parameters = [
        ParameterSpec("data", "path | postgresql:// URL", default: "predictions.csv", "The predictions CSV: `timestamp`, `symbol` and one probability column per model. Or a PostgreSQL table or query: `postgresql:///db?table=name` (see the README's data sources)."),
        ParameterSpec("where", "filter", "Prediction rows to trade, e.g. {split: test}."),
        ParameterSpec("model", "column, list, or mapping name -> column | {onnx: path} | {run: id, store: path}", "Probability column(s) to trade, or checkpoints that folio runs on the data's features (as `models` of `evaluate`); each is backtested on its own."),
        ParameterSpec("threshold", "number, list or mapping", default: "0.5", "Entry threshold (`p >= threshold`): one for all models, one per model, or {model: threshold}."),
        ParameterSpec("ensemble", "mapping or list", "Ensemble(s) to trade: {name, method: mean|weighted|vote, models: [...], weights: [...] (weighted), thresholds: [...] and votes: k (vote: at least k of the n models; default a majority), threshold (the means)}; may be a `{{ }}` reference to a sweep's ensemble (its other keys are ignored)."),
        ParameterSpec("bars", "folder", default: "bars", "The folder of `<SYMBOL>.csv` bars (`timestamp,open,high,low,close`)."),
        ParameterSpec("from", "date or time", default: "first signal", "First bar of the period (inclusive), e.g. 2023-10-01."),
        ParameterSpec("to", "date or time", default: "last signal", "Last bar of the period (inclusive; a date means the whole day)."),
        ParameterSpec("symbols", "list", default: "every file in `bars`", "The universe: symbols to trade and to hold in buy-and-hold."),
        ParameterSpec("size", "number", default: "0.1", "Each entry buys this fraction of current equity, in (0, 1]."),
        ParameterSpec("notional", "number", "Instead of `size`: a fixed cash amount per entry."),
        ParameterSpec("initial_cash", "number", default: "100000", "Starting equity."),
        ParameterSpec("max_positions", "integer", default: "10", "At most this many open positions across symbols (higher probability first; equal probabilities in a seeded random order)."),
        ParameterSpec("commission_bps", "number", default: "10", "Commission per side, in basis points of the filled notional."),
        ParameterSpec("slippage_bps", "number", default: "5", "Slippage per side, in basis points of the price (buys fill higher, sells lower)."),
        ParameterSpec("take_profit", "number", default: "0.05", "Take-profit distance above the entry fill (0.05 = +5%)."),
        ParameterSpec("stop_loss", "number", default: "0.02", "Stop-loss distance below the entry fill (0.02 = -2%)."),
        ParameterSpec("horizon", "integer", default: "24", "Exit at the close of this many bars (the entry bar counts) when no barrier was touched."),
        ParameterSpec("close_at_end", "bool", default: "true", "Close positions still open at the end of the period at its last close; false lets them run to their exit."),
        ParameterSpec("random_draws", "integer", default: "5", "Random-entry baseline draws: as many trades as the model made, each held as long as one of its trades, at random symbols and bars of the period, through the same engine."),
        ParameterSpec("seed", "integer", default: "from the notebook path and block id", "Seed of the random baseline and of the tie-break between equal probabilities."),
        ParameterSpec("risk_free_rate", "number", default: "0", "Annual risk-free rate (fraction) for Sharpe and Sortino."),
        ParameterSpec("top", "integer", default: "10", "Symbols shown at the top and at the bottom of each per-symbol table."),
        ParameterSpec("compact", "bool", default: "false", "Show only the tables of results, the sentences and the equity chart (for what-if runs); the result is complete either way."),
    ]
    public static let resultKeys = [
        ResultKeySpec("models", "The strategies' names, in order (model columns, then ensembles)."),
        ResultKeySpec("period.from, period.to, period.bars", "The period (ISO 8601) and its number of timeline bars."),
        ResultKeySpec("universe.symbols", "Number of symbols traded and held."),
        ResultKeySpec("thresholds.NAME", "Each strategy's entry threshold (for a vote, k / n)."),
        ResultKeySpec("rules.NAME", "Each strategy's entry rule in words: `≥ 0.55`, or `2 of 3` for a vote."),
        ResultKeySpec("ties.rule, ties.seed", "How equal probabilities competing for the last slots are ordered (`seeded_draw`) and the seed (a decimal string)."),
        ResultKeySpec("kpis.NAME.net.KEY, kpis.NAME.gross.KEY", "Performance statistics of the run with and without costs; KEY as in `folio directives performance`."),
        ResultKeySpec("baseline.buy_and_hold.net.KEY, .gross.KEY", "Buy-and-hold of the universe (equal cash per symbol)."),
        ResultKeySpec("baseline.random.NAME.net.KEY, .gross.KEY", "Median over the random-entry draws."),
        ResultKeySpec("baseline.random.NAME.draws, .net_returns_pct, .beaten", "Draws, each draw's net return, and how many draws the model's net return beat."),
        ResultKeySpec("baseline.random.NAME.model_trades, .trades, .model_mean_bars_held, .mean_bars_held", "The model's trades and mean bars held, and each draw's (equal unless the slots leave no room; see details)."),
        ResultKeySpec("trades.NAME", "Trades of the net run."),
        ResultKeySpec("signals.NAME.KEY", "Signal accounting: rows, below_threshold, candidates, entered, in_position, no_slot (of which lost_tie: an equal probability took the slot), no_cash, no_entry_bar, outside_period, unmatched; symbols_eligible (with a signal at or above the threshold), symbols_traded."),
        ResultKeySpec("concentration.NAME.KEY", "eligible, traded, top_symbols (the top 10% of traded symbols by trades, at least one), top (their names), top_trades, top_share (of all trades), concentrated (the warning's rule)."),
        ResultKeySpec("costs.NAME.KEY", "commission, slippage, total (cash), gross_return_pct / cost_return_pct / net_return_pct (of initial equity, same trades), share_of_loss, round_trip_pct, break_even_win_rate_pct (before costs), break_even_win_rate_net_pct, win_rate_pct, take_profit_rate_pct (of all trades), barrier_take_profit_rate_pct (of the trades that ended at a barrier: the rate the break-even applies to)."),
        ResultKeySpec("by_exit.NAME.REASON.KEY", "Per exit reason (take_profit, stop_loss, horizon, end_of_data): trades, share_pct, win_rate_pct, net_pnl, avg_return_pct, avg_bars_held."),
        ResultKeySpec("per_symbol.NAME.symbols", "Symbols with at least one trade."),
        ResultKeySpec("per_symbol.NAME.top, .bottom", "The best and worst symbols by contribution: lists of {symbol, trades, win_rate_pct, net_pnl, gross_pnl, contribution_pct, avg_return_pct}."),
        ResultKeySpec("per_symbol.NAME.all.SYMBOL", "The same row for every traded symbol."),
        ResultKeySpec("classification.NAME.KEY", "With a `label` column: the signals (`p >= threshold`) against the label on the period's rows: rows, signals, precision, recall, f1 (scikit-learn's, positive class), break_even_precision."),
        ResultKeySpec("summary.NAME", "The generated sentence attributing the result."),
    ]
    public static let details = """
    The engine (`FolioCompute.Backtester`): a signal at a symbol's bar with `p >= threshold` enters long at
    the open of the symbol's next bar; one position per symbol; at most `max_positions` at once (candidates
    of one bar by descending probability; equal probabilities, common with a vote ensemble's few score values,
    in the order of a seeded draw per bar and symbol, never alphabetically: `ties` records the rule and seed,
    `signals.NAME.lost_tie` the signals that lost a slot to an equal probability); each entry buys `size` of the equity at the previous
    bar (or `notional`), capped by cash. Exits test each bar's high and low from the entry bar on:
    take-profit at +`take_profit` and stop-loss at -`stop_loss` of the entry fill; when one bar touches both,
    the stop counts first (the path inside a bar is unknown; the conservative rule); a bar that opens beyond a
    barrier fills at its open; otherwise the close of the `horizon`-th bar. Commission and slippage apply per
    side; equity is marked at every bar's close.

    Gross and net are separate runs (the gross one without costs, so sizing may differ slightly); the
    attribution splits the net run's own trades into their profit before costs, commission and slippage,
    which add up exactly to the net return. The break-even win rate of a -d / +u barrier is d / (u + d)
    (2/7 = 28.6% for -2% / +5%) before costs and (d + c) / (u + d) after a round-trip cost c. It applies to
    the trades that end at a barrier (`barrier_take_profit_rate_pct`); horizon exits are neither full wins
    nor full losses and are reported apart, and the win rate (P&L above zero, backtesting.py's) counts them.

    Baselines: random entries with the model's turnover run through the same engine: one random trade per
    trade of the model's net run, each held for the bars of one of the model's trades (its holding periods)
    and sold at that bar's close, entered at a uniformly random (symbol, bar) of the period where the symbol
    is free and fewer than `max_positions` random trades are open (seeded; the longest are placed first).
    So each draw makes as many trades as the model with the same holding periods; only when the model keeps
    the slots nearly always full can a trade find no room after 1,000 draws and be dropped (a few percent,
    the shortest ones; `baseline.random.NAME.trades` and `mean_bars_held` then fall short of `model_trades`
    and `model_mean_bars_held`), and an entry can still be skipped for lack of cash. Buy-and-hold of the universe: equal
    cash per symbol, bought at the first open, sold at the last close, with costs.

    Concentration: a `> [!WARNING]` (and a warning on standard error) when the top 10% of the symbols a
    strategy traded (at least one) took more than half of its trades while at least 10 symbols had signals;
    `concentration.NAME` holds the figures either way.

    Tables: each KPI column has its usual decimals, widened (up to three more) until different figures
    print differently, so that two strategies never show the same "−30.1%" for different returns;
    strategies whose net figures are exactly equal are named under the table.

    Statistics follow backtesting.py (see `folio directives performance`); returns are annualised from the
    bar timestamps (365 days a year when weekend bars, e.g. BTCUSD, make more than 17.1% of the timeline).
    The period defaults to the first and last selected signal. Bars load once per render and are shared by
    every block reading the same folder; the signal alignment is shared by every model of a block (and by
    blocks with the same predictions, filter and universe).
    """

    let selection: DataSelection
    /// Checkpoints and renamed columns of a `model` mapping.
    let sources: ModelSources
    let strategies: [BacktestStrategy]
    let bars: BarsParameter
    let period: (from: Int64?, to: Int64?)
    let periodLocation: (from: SourceLocation, to: SourceLocation)
    let symbols: [String]?
    let symbolsLocation: SourceLocation
    let configuration: BacktestConfiguration
    let top: Int
    let compact: Bool

    public init(parameters: ParameterReader, context: DirectiveContext) throws(DirectiveError) {
        selection = try DataSelection(parameters: parameters, context: context, default: "predictions.csv")
        if let value = parameters.value("model"), case .mapping(let entries) = value.kind {
            sources = try ModelSources(entries: entries, key: "model", context: context)
        } else {
            sources = ModelSources(location: parameters.location(of: "model"))
        }
        strategies = try BacktestStrategy.decode(parameters, modelNames: sources.names.isEmpty ? nil : sources.names.map(\.name))
        bars = try BarsParameter(parameters: parameters, context: context)
        periodLocation = (parameters.location(of: "from"), parameters.location(of: "to"))
        let from = try Self.time(parameters, "from", endOfDay: false)
        let to = try Self.time(parameters, "to", endOfDay: true)
        if let from, let to, from > to { throw parameters.error("to", "the period ends before it starts ('from' is later)") }
        period = (from, to)
        symbolsLocation = parameters.location(of: "symbols")
        if let list = try parameters.stringList("symbols") {
            guard !list.isEmpty else { throw parameters.error("symbols", "give at least one symbol, or leave 'symbols' out for every symbol") }
            symbols = list
        } else {
            symbols = nil
        }
        let sizing: BacktestConfiguration.Sizing
        if let notional = try parameters.double("notional") {
            if parameters.has("size") { throw parameters.error("notional", "give either 'size' (a fraction of equity) or 'notional' (cash per entry), not both") }
            guard notional > 0 else { throw parameters.error("notional", "must be positive, got \(JSONValue.format(notional))") }
            sizing = .fixedNotional(notional)
        } else {
            let size = try parameters.double("size", default: 0.1)
            guard size > 0, size <= 1 else { throw parameters.error("size", "must lie in (0, 1] (a fraction of equity), got \(JSONValue.format(size))") }
            sizing = .equityFraction(size)
        }
        let initialCash = try parameters.double("initial_cash", default: 100_000)
        guard initialCash > 0 else { throw parameters.error("initial_cash", "must be positive, got \(JSONValue.format(initialCash))") }
        let takeProfit = try parameters.double("take_profit", default: 0.05)
        guard takeProfit > 0, takeProfit <= 10 else { throw parameters.error("take_profit", "must be a positive fraction (0.05 for +5%), got \(JSONValue.format(takeProfit))") }
        let stopLoss = try parameters.double("stop_loss", default: 0.02)
        guard stopLoss > 0, stopLoss < 1 else { throw parameters.error("stop_loss", "must lie in (0, 1) (0.02 for -2%), got \(JSONValue.format(stopLoss))") }
        let rate = try parameters.double("risk_free_rate", default: 0)
        guard rate > -1, rate < 1 else { throw parameters.error("risk_free_rate", "must lie strictly between -1 and 1, got \(JSONValue.format(rate))") }
        configuration = BacktestConfiguration(
            threshold: 0.5,
            maxPositions: try parameters.int("max_positions", default: 10, min: 1, max: 100_000),
            sizing: sizing, initialCash: initialCash,
            costs: .init(commissionBps: try parameters.double("commission_bps", default: 10, in: 0...10_000),
                         slippageBps: try parameters.double("slippage_bps", default: 5, in: 0...9_999)),
            exits: BarrierSpec(up: takeProfit, down: stopLoss, horizon: try parameters.int("horizon", default: 24, min: 1, max: 100_000)),
            period: nil,
            periodEnd: try parameters.bool("close_at_end", default: true) ? .close : .runToExit,
            riskFreeRate: rate,
            randomDraws: try parameters.int("random_draws", default: 5, min: 0, max: 1_000),
            seed: context.seed)
        top = try parameters.int("top", default: 10, min: 1, max: 1_000)
        compact = try parameters.bool("compact", default: false)
    }

    /// A `from`/`to` value: a date (`to` then means the end of that day) or an ISO 8601 time.
    static func time(_ parameters: ParameterReader, _ key: String, endOfDay: Bool) throws(DirectiveError) -> Int64? {
        guard let text = try parameters.string(key) else { return nil }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let seconds = TimestampParser.seconds(from: trimmed) else {
            throw parameters.error(key, "expected a date (2024-01-31) or an ISO 8601 time (2024-01-31T14:00:00Z), got '\(text)'")
        }
        return endOfDay && trimmed.count == 10 ? seconds + 86_399 : seconds
    }

    public var inputs: [DataInput] { [selection.input, bars.input] + sources.inputs }

    public func validate(context: DirectiveContext) throws(DirectiveError) {
        var columns: [(String, SourceLocation)] = [("timestamp", selection.location), ("symbol", selection.location)]
        for strategy in strategies { for column in strategy.columns { columns.append((column, strategy.location)) } }
        try selection.validate(columns: columns, context: context)
        try bars.validate(context: context)
        if let symbols {
            let available = (try? BarsFolder.symbols(in: bars.url)) ?? []
            for symbol in symbols where !available.contains(symbol) {
                throw DirectiveError("no bars for symbol '\(symbol)' in \(context.displayPath(bars.url))\(Suggestion.hint(for: symbol, in: available))", at: symbolsLocation)
            }
        }
    }

    // MARK: - Shared preparation

    /// The universe prepared once per render (per folder and symbol list).
    func market(context: DirectiveContext) throws(DirectiveError) -> BacktestMarket {
        let series = try bars.load(symbols: symbols, at: symbolsLocation, context: context)
        let key = "backtest-market\u{0}" + (symbols.map { Array(Set($0)).sorted().joined(separator: ",") } ?? "*")
        let location = bars.location
        return try context.load(bars.url, as: key) { () throws -> BacktestMarket in
            do { return try BacktestMarket(series: series) } catch { throw DirectiveError("\(error)", at: location) }
        }
    }

    /// The selected prediction rows of the universe and their alignment to the market's bars.
    struct PreparedSignals: Sendable {
        var frame: DataFrame
        var positions: SignalPositions
        var firstTime: Int64
        var lastTime: Int64
        /// How many rows each checkpoint scored, when the models include checkpoints.
        var scoringNote: String? = nil
    }

    func signals(market: BacktestMarket, context: DirectiveContext) throws(DirectiveError) -> PreparedSignals {
        let display = context.displayPath(selection.url)
        let models = sources.checkpoints.map { "\($0.name)=\($0.modelURL.path)" } + sources.renamed.map { "\($0.model)=\($0.column)" }
        let key = "backtest-signals\u{0}\(selection.filter?.summary ?? "")\u{0}\(context.displayPath(bars.url))\u{0}" + market.symbols.joined(separator: ",")
            + "\u{0}" + models.joined(separator: ",")
        let selection = self.selection, symbolsLocation = self.symbolsLocation, hasUniverse = symbols != nil, sources = self.sources
        return try context.load(selection.url, as: key) { () throws -> PreparedSignals in
            var (frame, note) = sources.isEmpty ? (try selection.load(context: context), nil) : try selection.load(context: context, sources: sources)
            let symbolColumn = try frame.texts("symbol", at: selection.location, display: display)
            if hasUniverse {
                let universe = Set(market.symbols)
                let keep = symbolColumn.codes.map { $0 >= 0 && universe.contains(symbolColumn.levels[Int($0)]) }
                frame = frame.selecting(keep)
                guard frame.rowCount > 0 else {
                    throw DirectiveError("no selected row of \(display) is for a symbol of 'symbols'", at: symbolsLocation)
                }
            }
            let times = try frame.timestamps("timestamp", at: selection.location, display: display)
            if let row = times.firstIndex(of: Column.missingTime) {
                throw DirectiveError("\(display): a selected row (number \(row + 1)) has an empty timestamp", at: selection.location)
            }
            let names = try frame.texts("symbol", at: selection.location, display: display).values.map { $0 ?? "" }
            let positions: SignalPositions
            do {
                positions = try SignalPositions(market: market, symbols: names, timestamps: times)
            } catch {
                throw DirectiveError("\(display): \(error)", at: selection.location)
            }
            return PreparedSignals(frame: frame, positions: positions, firstTime: times.min()!, lastTime: times.max()!, scoringNote: note)
        }
    }

    /// A strategy's probabilities: a checked column, or an ensemble built from checked columns.
    func probabilities(of strategy: BacktestStrategy, frame: DataFrame, display: String) throws(DirectiveError) -> (scores: [Double], threshold: Double) {
        func column(_ name: String) throws(DirectiveError) -> [Double] {
            guard frame.column(name) != nil else {
                let candidates = frame.columnNames.filter { !["timestamp", "symbol", "split", "label"].contains($0) }
                throw DirectiveError("no probability column '\(name)' in \(display)\(Suggestion.hint(for: name, in: frame.columnNames)); columns: \(candidates.joined(separator: ", "))",
                                     at: strategy.location)
            }
            let values = try frame.numbers(name, at: strategy.location, display: display)
            var bad = 0, first = -1
            for (i, x) in values.enumerated() where !(x >= 0 && x <= 1) {
                bad += 1
                if first < 0 { first = i }
            }
            if bad > 0 {
                throw DirectiveError("column '\(name)' of \(display) must hold probabilities in [0, 1]: \(bad) selected row\(bad == 1 ? "" : "s") do not (the first holds \(values[first].isNaN ? "an empty cell or NaN" : JSONValue.format(values[first])))",
                                     at: strategy.location)
            }
            return values
        }
        switch strategy.source {
        case .model(let name):
            return (try column(name), strategy.threshold ?? 0.5)
        case let .ensemble(method, models):
            var columns: [[Double]] = []
            for model in models { columns.append(try column(model)) }
            do {
                let ensemble = try Ensemble(name: strategy.name, method: method, models: columns)
                return (ensemble.scores, strategy.threshold ?? ensemble.decisionThreshold)
            } catch {
                throw DirectiveError("ensemble '\(strategy.name)': \(error)", at: strategy.location)
            }
        }
    }

    // MARK: - Run

    /// One strategy's backtest.
    struct StrategyRun {
        var strategy: BacktestStrategy
        var threshold: Double
        var report: BacktestReport
        /// The signals (`p >= threshold`) against the `label` column on the period's rows,
        /// when the predictions have one.
        var classification: ConfusionCounts?
    }

    /// The rows of the period with a 0/1 `label` (`nil` without a label column), for the
    /// signals' precision and recall.
    func labelledRows(_ prepared: PreparedSignals, from: Int64, to: Int64, display: String) throws(DirectiveError) -> (rows: [Int], labels: BinaryLabels)? {
        guard prepared.frame.column("label") != nil else { return nil }
        let labels = try prepared.frame.numbers("label", at: selection.location, display: display)
        let times = try prepared.frame.timestamps("timestamp", at: selection.location, display: display)
        var rows: [Int] = [], values: [Int8] = []
        for i in 0..<labels.count where times[i] >= from && times[i] <= to && !labels[i].isNaN {
            guard labels[i] == 0 || labels[i] == 1 else {
                throw DirectiveError("column 'label' of \(display) must hold 0 or 1, found \(JSONValue.format(labels[i]))", at: selection.location)
            }
            rows.append(i)
            values.append(labels[i] == 1 ? 1 : 0)
        }
        guard !rows.isEmpty, let binary = try? BinaryLabels(values) else { return nil }
        return (rows, binary)
    }

    public func run(context: DirectiveContext) throws(DirectiveError) -> DirectiveOutput {
        let display = context.displayPath(selection.url)
        let market = try self.market(context: context)
        let prepared = try signals(market: market, context: context)
        var configuration = self.configuration
        let from = period.from ?? prepared.firstTime
        let to = period.to ?? prepared.lastTime
        guard from <= to else {
            throw DirectiveError("the period is empty: 'to' (\(TimestampParser.string(from: to))) is before 'from' (\(TimestampParser.string(from: from)))",
                                 at: period.to == nil ? periodLocation.from : periodLocation.to)
        }
        configuration.period = from...to
        let engine = Backtester(market: market)
        let labelled = try labelledRows(prepared, from: from, to: to, display: display)
        var runs: [StrategyRun] = []
        for strategy in strategies {
            let (scores, threshold) = try probabilities(of: strategy, frame: prepared.frame, display: display)
            var config = configuration
            config.threshold = threshold
            do {
                let report = try engine.run(signals: prepared.positions, probabilities: scores, configuration: config)
                var classification: ConfusionCounts?
                if let labelled {
                    classification = try? ConfusionCounts(labels: labelled.labels, scores: labelled.rows.map { scores[$0] }, threshold: threshold)
                }
                runs.append(StrategyRun(strategy: strategy, threshold: threshold, report: report, classification: classification))
            } catch {
                switch error {
                case .emptyPeriod:
                    throw DirectiveError("no bar of the universe lies between \(TimestampParser.string(from: from)) and \(TimestampParser.string(from: to))",
                                         at: period.from != nil ? periodLocation.from : periodLocation.to)
                default:
                    throw DirectiveError(error.description, at: context.blockLocation)
                }
            }
        }
        return try output(runs: runs, market: market, prepared: prepared, context: context)
    }
}
