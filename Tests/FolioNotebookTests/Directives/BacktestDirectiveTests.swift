import FolioCompute
import Foundation
import Testing
@testable import FolioNotebook

@Suite(.serialized) struct BacktestDirectiveTests {
    /// Flat bars at 100 for three symbols over 30 hours, except AAA's bar 3 reaching 106
    /// (a take-profit for an entry at bar 2) and BBB's bar 4 falling to 97 (a stop).
    static func flatBars() -> [String: String] {
        var files: [String: String] = [:]
        for symbol in ["AAA", "BBB", "CCC"] {
            var text = "timestamp,open,high,low,close\n"
            for i in 0..<30 {
                let t = TimestampParser.string(from: MarketFixture.start + Int64(i) * 3_600)
                var high = 100.0, low = 100.0
                if symbol == "AAA", i == 3 { high = 106 }
                if symbol == "BBB", i == 4 { low = 97 }
                text += "\(t),100,\(high),\(low),100\n"
            }
            files["data/bars/\(symbol).csv"] = text
        }
        return files
    }

    /// Signals at bars 0...25: 0.1 except AAA and BBB at bar 1 (0.9, 0.8); `mlp` is a
    /// second column, `bad` holds a NaN.
    static func flatPredictions(mlpAAA: Double = 0.2) -> String {
        var text = "timestamp,symbol,split,label,logreg,mlp,bad\n"
        for i in 0...25 {
            let t = TimestampParser.string(from: MarketFixture.start + Int64(i) * 3_600)
            for symbol in ["AAA", "BBB", "CCC"] {
                let p = i == 1 && symbol == "AAA" ? 0.9 : i == 1 && symbol == "BBB" ? 0.8 : 0.1
                let m = i == 1 && symbol == "AAA" ? mlpAAA : 0.1
                text += "\(t),\(symbol),test,0,\(p),\(m),\(i == 5 ? "" : "0.1")\n"
            }
        }
        return text
    }

    static func project(_ body: String, prose: String = "", extra: [String: String] = [:]) throws -> TestProject {
        var files = flatBars().merging(extra) { _, b in b }
        files["data/predictions.csv"] = files["data/predictions.csv"] ?? flatPredictions()
        files["notebooks/n.md"] = "---\ndata: data\n---\n```{backtest} bt\n\(body)```\n\(prose)"
        return try TestProject(files)
    }

    static func results(_ project: TestProject) throws -> JSONValue {
        try JSONValue(parsing: project.read("reports/n.results.json"))
    }

    static func number(_ results: JSONValue, _ path: String) -> Double? {
        results.value(at: ["bt"] + path.split(separator: ".").map(String.init))?.doubleValue
    }

    /// Hand-checked without costs: AAA buys 100 units at 100 and sells at the +5% barrier
    /// (+500), BBB buys 100 units and stops out at 98 (-200): +0.3% in two trades.
    @Test func handCheckedTradesWithoutCosts() async throws {
        let project = try Self.project("model: logreg\ncommission_bps: 0\nslippage_bps: 0\nrandom_draws: 2\n",
                                       prose: "\nNet {{ bt.kpis.logreg.net.return_pct | .2f }}% in {{ bt.trades.logreg }} trades.\n")
        defer { project.remove() }
        let summary = await project.render()
        #expect(summary.succeeded, "\(summary.diagnostics)")
        let r = try Self.results(project)
        #expect(Self.number(r, "trades.logreg") == 2)
        #expect(abs(Self.number(r, "kpis.logreg.net.return_pct")! - 0.3) < 1e-9)
        #expect(Self.number(r, "kpis.logreg.net.win_rate_pct") == 50)
        #expect(Self.number(r, "by_exit.logreg.take_profit.trades") == 1)
        #expect(Self.number(r, "by_exit.logreg.stop_loss.trades") == 1)
        #expect(abs(Self.number(r, "by_exit.logreg.take_profit.net_pnl")! - 500) < 1e-6)
        #expect(abs(Self.number(r, "by_exit.logreg.stop_loss.net_pnl")! + 200) < 1e-6)
        #expect(Self.number(r, "costs.logreg.total") == 0)
        #expect(r.value(at: ["bt", "per_symbol", "logreg", "top", "0", "symbol"]) == .string("AAA"))
        #expect(r.value(at: ["bt", "per_symbol", "logreg", "bottom", "0", "symbol"]) == .string("BBB"))
        #expect(Self.number(r, "per_symbol.logreg.all.BBB.contribution_pct") == -0.2)
        #expect(Self.number(r, "signals.logreg.candidates") == 2)
        #expect(Self.number(r, "signals.logreg.entered") == 2)
        #expect(Self.number(r, "baseline.buy_and_hold.net.return_pct") == 0)
        #expect(Self.number(r, "classification.logreg.rows") == 78)
        #expect(Self.number(r, "classification.logreg.signals") == 2)
        #expect(Self.number(r, "classification.logreg.precision") == 0)
        #expect(Self.number(r, "baseline.random.logreg.draws") == 2)
        // The random baseline has the model's turnover: two trades per draw, held as long.
        #expect(Self.number(r, "baseline.random.logreg.model_trades") == 2)
        #expect(r.value(at: ["bt", "baseline", "random", "logreg", "trades"]) == .array([.number(2), .number(2)]))
        let held = Self.number(r, "baseline.random.logreg.model_mean_bars_held")
        #expect(held == 2.5)  // entered at bar 2: the take-profit at bar 3 (2 bars), the stop at bar 4 (3 bars)
        #expect(r.value(at: ["bt", "baseline", "random", "logreg", "mean_bars_held"]) == .array([.number(2.5), .number(2.5)]))
        #expect(r.value(at: ["bt", "period", "from"]) == .string("2024-01-01T00:00:00Z"))
        #expect(r.value(at: ["bt", "period", "to"]) == .string("2024-01-02T01:00:00Z"))
        let report = try project.read("reports/n.md")
        #expect(report.hasSuffix("Net 0.30% in 2 trades.\n"))
        #expect(report.contains("when one bar touches both barriers the stop-loss counts first"))
        #expect(report.contains("| take-profit | 1 | 50.0% | 100.0% | 5.00% | 2.0 | 500 |"))
        for figure in ["equity", "drawdown", "trade-returns"] { #expect(project.exists("reports/figures/n-bt-\(figure).svg")) }
        // Every fill is named: the drawdown chart's shaded area says whose it is.
        #expect(try project.read("reports/figures/n-bt-drawdown.svg").contains(">logreg net (shaded)</text>"))
    }

    /// `compact` keeps the tables, sentences and equity chart; the result is the same.
    @Test func compactOutput() async throws {
        let project = try Self.project("model: logreg\nrandom_draws: 1\ncompact: true\n")
        defer { project.remove() }
        #expect(await project.render().succeeded)
        let report = try project.read("reports/n.md")
        #expect(project.exists("reports/figures/n-bt-equity.svg"))
        #expect(!project.exists("reports/figures/n-bt-drawdown.svg"))
        #expect(!report.contains("trades by exit reason"))
        #expect(report.contains("| **logreg** | net |"))
        #expect(Self.number(try Self.results(project), "by_exit.logreg.take_profit.trades") == 1)
    }

    /// With costs, the attribution adds up: before costs, minus commission and slippage,
    /// gives the net return; break-evens follow from the barriers and costs.
    @Test func costsAreAttributedExactly() async throws {
        let project = try Self.project("model: logreg\nrandom_draws: 0\n")
        defer { project.remove() }
        #expect(await project.render().succeeded)
        let r = try Self.results(project)
        let gross = Self.number(r, "costs.logreg.gross_return_pct")!, costs = Self.number(r, "costs.logreg.cost_return_pct")!
        let net = Self.number(r, "costs.logreg.net_return_pct")!
        #expect(abs(gross - costs - net) < 1e-9)
        #expect(abs(net - Self.number(r, "kpis.logreg.net.return_pct")!) < 1e-9)
        #expect(Self.number(r, "kpis.logreg.gross.return_pct").map { abs($0 - 0.3) < 1e-9 } == true)
        #expect(abs(Self.number(r, "costs.logreg.break_even_win_rate_pct")! - 200.0 / 7) < 1e-9)
        #expect(abs(Self.number(r, "costs.logreg.break_even_win_rate_net_pct")! - 2.3 / 7 * 100) < 1e-9)
        #expect(abs(Self.number(r, "costs.logreg.round_trip_pct")! - 0.3) < 1e-12)
        #expect(r.value(at: ["bt", "baseline", "random", "logreg", "draws"]) == .number(0))
        let summary = r.value(at: ["bt", "summary", "logreg"])?.stringValue ?? ""
        #expect(summary.contains("28.6% break-even of a −2% / +5% barrier"), "\(summary)")
        #expect(!summary.contains("Random entries"))
    }

    /// Several models, a threshold per model, an ensemble, a universe and a period.
    @Test func modelsEnsembleUniverseAndPeriod() async throws {
        let body = """
        model: [logreg, mlp]
        threshold: {logreg: 0.85, mlp: 0.5}
        ensemble: {name: avg, method: mean, models: [logreg, mlp], threshold: 0.5}
        symbols: [AAA, CCC]
        from: 2024-01-01
        to: 2024-01-01T20:00:00Z
        random_draws: 1

        """
        let project = try Self.project(body, extra: ["data/predictions.csv": Self.flatPredictions(mlpAAA: 0.7)])
        defer { project.remove() }
        let summary = await project.render()
        #expect(summary.succeeded, "\(summary.diagnostics)")
        let r = try Self.results(project)
        #expect(r.value(at: ["bt", "models"]) == ["logreg", "mlp", "avg"])
        #expect(r.value(at: ["bt", "thresholds"]) == ["logreg": 0.85, "mlp": 0.5, "avg": 0.5])
        #expect(Self.number(r, "universe.symbols") == 2)
        #expect(Self.number(r, "trades.logreg") == 1)  // AAA only: BBB is outside the universe
        #expect(Self.number(r, "trades.mlp") == 1)
        #expect(Self.number(r, "trades.avg") == 1)  // (0.9 + 0.7) / 2 = 0.8
        #expect(Self.number(r, "period.bars") == 21)
        #expect(r.value(at: ["bt", "period", "to"]) == .string("2024-01-01T20:00:00Z"))
        let outside = Self.number(r, "signals.logreg.outside_period")
        #expect(outside == 10, "\(String(describing: outside?.bitPattern))")  // bars 21...25 of AAA and CCC
        let report = try project.read("reports/n.md")
        #expect(report.contains("**avg (mean of logreg, mlp) ≥ 0.50**"))
    }

    /// An ensemble given by reference, as a sweep result would give it: extra keys (its
    /// metrics) are ignored.
    @Test func ensembleFromAReference() async throws {
        var files = Self.flatBars()
        files["data/predictions.csv"] = Self.flatPredictions(mlpAAA: 0.7)
        files["notebooks/n.md"] = """
        ---
        data: data
        ---
        ```{echo} sweep
        value: {name: both, method: vote, models: [logreg, mlp], thresholds: [0.85, 0.6], f1: 0.31, threshold: 0.99}
        ```
        ```{backtest} bt
        ensemble: "{{ sweep.value }}"
        random_draws: 0
        ```

        """
        let project = try TestProject(files)
        defer { project.remove() }
        let summary = await project.render()
        #expect(summary.succeeded, "\(summary.diagnostics)")
        let r = try Self.results(project)
        #expect(r.value(at: ["bt", "models"]) == ["both"])
        #expect(r.value(at: ["bt", "thresholds", "both"]) == .number(0.99))
        #expect(Self.number(r, "trades.both") == 1)  // only AAA has both votes (0.9 >= 0.85, 0.7 >= 0.6)
    }

    /// Two strategies with exactly the same trades print the same figures: the table says they
    /// coincide, so that they do not read as a copy error.
    @Test func coincidingFiguresAreNamed() async throws {
        var files = Self.flatBars()
        files["data/predictions.csv"] = Self.flatPredictions().split(separator: "\n").enumerated().map { i, line in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            return line + "," + (i == 0 ? "copy" : cells[4])
        }.joined(separator: "\n") + "\n"
        files["notebooks/n.md"] = "---\ndata: data\n---\n```{backtest} bt\nmodel: [logreg, copy]\nrandom_draws: 0\n```\n"
        let project = try TestProject(files)
        defer { project.remove() }
        let summary = await project.render()
        #expect(summary.succeeded, "\(summary.diagnostics)")
        let md = try project.read("reports/n.md")
        #expect(md.contains("Not a copy error: **logreg** and **copy** have exactly the same net return ("))
    }

    /// A vote reads as k of n: `votes` sets k (a sweep's vote carries it beside its
    /// threshold k / n, and votes wins); labels and rules say "k of n", never a probability.
    @Test(arguments: [
        ("{name: both, method: vote, models: [logreg, mlp], thresholds: [0.75, 0.6], votes: 2, threshold: 1, f1: 0.3}", "2 of 2", 1.0, 1),
        ("{name: both, method: vote, models: [logreg, mlp], thresholds: [0.75, 0.6], votes: 1, threshold: 0.5}", "1 of 2", 0.5, 2),
    ])
    func voteAsKOfN(ensemble: String, rule: String, threshold: Double, trades: Int) async throws {
        var files = Self.flatBars()
        files["data/predictions.csv"] = Self.flatPredictions(mlpAAA: 0.7)
        files["notebooks/n.md"] = "---\ndata: data\n---\n```{echo} sweep\nvalue: \(ensemble)\n```\n```{backtest} bt\nensemble: \"{{ sweep.value }}\"\nrandom_draws: 0\n```\n"
        let project = try TestProject(files)
        defer { project.remove() }
        let summary = await project.render()
        #expect(summary.succeeded, "\(summary.diagnostics)")
        let r = try Self.results(project)
        #expect(r.value(at: ["bt", "rules", "both"]) == .string(rule))
        #expect(Self.number(r, "thresholds.both") == threshold)
        // At bar 1 AAA has 2 votes (0.9 >= 0.75, 0.7 >= 0.6) and BBB 1 (0.8 >= 0.75; mlp 0.1).
        #expect(Self.number(r, "trades.both") == Double(trades))
        let md = try project.read("reports/n.md")
        #expect(md.contains("**both (\(rule) of logreg, mlp)**"))
        #expect(md.contains("had at least \(rule) votes"))
        #expect(!md.contains("both** (≥"))
    }

    @Test func voteTakesVotesOrThresholdNotBoth() async throws {
        let project = try Self.project("ensemble: {method: vote, models: [logreg, mlp], votes: 1, threshold: 0.5}\n")
        defer { project.remove() }
        let summary = await project.render()
        #expect(!summary.succeeded)
        #expect(summary.diagnostics.contains { $0.message.contains("a vote takes 'votes' (k of the 2 models) or 'threshold', not both") })
    }

    /// The same notebook gives the same results; another seed gives other random draws.
    @Test func deterministicAndSeeded() async throws {
        let market = MarketFixture()
        let rows = market.rows()
        let extra = market.barFiles().merging(["data/predictions.csv": market.predictionsCSV(rows: rows)]) { a, _ in a }
        let project = try Self.project("model: [good, coin]\nrandom_draws: 3\n", extra: extra)
        defer { project.remove() }
        #expect(await project.render().succeeded)
        let first = try project.read("reports/n.results.json")
        #expect(await project.render(options: RenderOptions(useCache: false, quiet: true)).succeeded)
        #expect(try project.read("reports/n.results.json") == first)
        try project.write("notebooks/n.md", "---\ndata: data\n---\n```{backtest} bt\nmodel: [good, coin]\nrandom_draws: 3\nseed: 1\n```\n")
        #expect(await project.render().succeeded)
        let seeded = try Self.results(project)
        let before = try JSONValue(parsing: first)
        #expect(seeded.value(at: ["bt", "kpis"]) == before.value(at: ["bt", "kpis"]))
        #expect(seeded.value(at: ["bt", "baseline", "random", "good", "net_returns_pct"]) != before.value(at: ["bt", "baseline", "random", "good", "net_returns_pct"]))
    }

    @Test(arguments: [
        ("model: mpl\n", 5, 8, "no probability column 'mpl' in data/predictions.csv (did you mean 'mlp'?); columns: logreg, mlp, bad"),
        ("model: bad\n", 5, 8, "column 'bad' of data/predictions.csv must hold probabilities in [0, 1]: 3 selected rows do not (the first holds an empty cell or NaN)"),
        ("model: logreg\nthreshold: 1.5\n", 6, 12, "'threshold': must be between 0 and 1, got 1.5"),
        ("model: [logreg, mlp]\nthreshold: {logreg: 0.5, mpl: 0.5}\n", 6, 26, "'threshold': 'mpl' is not one of the models (did you mean 'mlp'?); models: logreg, mlp"),
        ("model: [logreg, mlp]\nthreshold: [0.5, 0.6, 0.7]\n", 6, 12, "'threshold': 3 thresholds for 2 models; give one number, one per model, or {model: threshold}"),
        ("threshold: 0.5\n", 5, 12, "'threshold': a threshold needs 'model' (an ensemble takes its own 'threshold' inside 'ensemble')"),
        ("where: {split: test}\n", 5, 1, "give 'model' (a probability column, or a list of them) or 'ensemble'"),
        ("model: logreg\nsize: 0.1\nnotional: 1000\n", 7, 11, "'notional': give either 'size' (a fraction of equity) or 'notional' (cash per entry), not both"),
        ("model: logreg\nsize: 0\n", 6, 7, "'size': must lie in (0, 1] (a fraction of equity), got 0"),
        ("model: logreg\nstop_loss: 1\n", 6, 12, "'stop_loss': must lie in (0, 1) (0.02 for -2%), got 1"),
        ("model: logreg\nmax_positions: 0\n", 6, 16, "'max_positions': must be between 1 and 100000, got 0"),
        ("model: logreg\nsymbols: [AAA, AAB]\n", 6, 10, "no bars for symbol 'AAB' in data/bars (did you mean 'AAA'?)"),
        ("model: logreg\nfrom: 2024-02-01\nto: 2024-01-01\n", 7, 5, "'to': the period ends before it starts ('from' is later)"),
        ("model: logreg\nfrom: yesterday\n", 6, 7, "'from': expected a date (2024-01-31) or an ISO 8601 time (2024-01-31T14:00:00Z), got 'yesterday'"),
        ("model: logreg\nfrom: 2030-01-01\nto: 2030-02-01\n", 6, 7, "no bar of the universe lies between 2030-01-01T00:00:00Z and 2030-02-01T23:59:59Z"),
        ("model: logreg\nbars: prices\n", 6, 7, "folder not found: data/prices"),
        ("model: logreg\nwhere: {split: val}\n", 6, 8, "no rows of data/predictions.csv match 'where' {split: val} (the split is empty): `split == \"val\"` matches no row (values: \"test\")"),
        ("ensemble: {method: weighted, models: [logreg, mlp]}\n", 5, 20, "'ensemble': method 'weighted' needs 'weights', one per model"),
        ("ensemble: {method: vote, models: [logreg, mlp], weights: [1, 2]}\n", 5, 58, "'weights': only method 'weighted' takes weights"),
        ("ensemble: {method: median, models: [logreg]}\n", 5, 20, "'method': unknown value 'median' (did you mean 'mean'?); expected one of: mean, weighted, vote"),
        ("ensemble: {models: [logreg], wieghts: [1]}\n", 5, 30, "unknown key in 'ensemble' 'wieghts' (did you mean 'weights'?); expected one of: name, method, models, weights, thresholds, threshold, votes"),
        ("model: logreg\nrandom_draws: -1\n", 6, 15, "'random_draws': must be between 0 and 1000, got -1"),
    ])
    func errorsAreLocated(body: String, line: Int, column: Int, message: String) async throws {
        let project = try Self.project(body)
        defer { project.remove() }
        let summary = await project.render()
        let error = summary.diagnostics.first { $0.severity == .error }
        #expect(error?.message == message)
        #expect(error?.location == SourceLocation(line: line, column: column), "\(String(describing: error))")
    }

    /// An invalid bar names its file and line, located at the block (bars defaulted).
    @Test func invalidBarsAreErrors() async throws {
        var bars = Self.flatBars()
        bars["data/bars/BBB.csv"] = bars["data/bars/BBB.csv"]!.replacingOccurrences(of: "T03:00:00Z,100,100.0,100.0,100", with: "T03:00:00Z,100,100.0,-1,100")
        let project = try Self.project("model: logreg\n", extra: bars)
        defer { project.remove() }
        let error = await project.render().diagnostics.first { $0.severity == .error }
        #expect(error?.message == "data/bars/BBB.csv:5: low is not a positive finite number")
        #expect(error?.location == SourceLocation(line: 5, column: 1))
    }

    /// A block that names its symbols reads their files alone: a bad file of another symbol
    /// does not touch it (the same results as with that file sound), and a bad file of its own
    /// is its error as without `symbols`.
    @Test func aBlockReadsOnlyTheBarsOfItsSymbols() async throws {
        let body = "model: logreg\nsymbols: [AAA, CCC]\nrandom_draws: 2\n"
        let sound = try Self.project(body)
        defer { sound.remove() }
        #expect(await sound.render(options: RenderOptions(useCache: false, quiet: true)).succeeded)
        var bars = Self.flatBars()
        bars["data/bars/BBB.csv"] = bars["data/bars/BBB.csv"]!.replacingOccurrences(of: "T03:00:00Z,100,100.0,100.0,100", with: "T03:00:00Z,100,100.0,-1,100")
        let otherBad = try Self.project(body, extra: bars)
        defer { otherBad.remove() }
        #expect(await otherBad.render(options: RenderOptions(useCache: false, quiet: true)).succeeded)
        #expect(try Self.results(otherBad).value(at: ["bt"]) == Self.results(sound).value(at: ["bt"]))
        let ownBad = try Self.project("model: logreg\nsymbols: [AAA, BBB]\n", extra: bars)
        defer { ownBad.remove() }
        let error = await ownBad.render(options: RenderOptions(useCache: false, quiet: true)).diagnostics.first { $0.severity == .error }
        #expect(error?.message == "data/bars/BBB.csv:5: low is not a positive finite number")
    }

    /// `folio check` validates columns and symbols without running.
    @Test func checkValidatesWithoutRunning() async throws {
        let project = try Self.project("model: [logreg, mlpp]\n")
        defer { project.remove() }
        let summary = project.check()
        let error = summary.diagnostics.first { $0.severity == .error }
        #expect(error?.message == "no column 'mlpp' in data/predictions.csv (did you mean 'mlp'?)")
    }

    /// The directive's documentation names the stop-first rule and every result key.
    @Test func documentation() {
        #expect(BacktestDirective.details.contains("when one bar touches both,\nthe stop counts first") || BacktestDirective.details.contains("the stop counts first"))
        #expect(BacktestDirective.resultKeys.contains { $0.path.hasPrefix("kpis") })
        #expect(Set(BacktestDirective.parameters.map(\.name)).isSuperset(of: ["model", "threshold", "ensemble", "bars", "from", "to", "symbols", "size", "notional",
                                                                                "max_positions", "commission_bps", "slippage_bps", "take_profit", "stop_loss",
                                                                                "horizon", "close_at_end", "random_draws", "seed"]))
    }
}

/// Ties for slots, symbols traded against eligible, and the concentration warning.
@Suite(.serialized) struct BacktestTieDirectiveTests {
    static let symbols = (0..<12).map { "S" + String(UnicodeScalar(UInt8(65 + $0))) }  // SA ... SL

    /// Flat bars at 100, 30 hours, for twelve symbols.
    static func bars() -> [String: String] {
        var files: [String: String] = [:]
        for symbol in symbols {
            var text = "timestamp,open,high,low,close\n"
            for i in 0..<30 { text += "\(TimestampParser.string(from: MarketFixture.start + Int64(i) * 3_600)),100,100,100,100\n" }
            files["data/bars/\(symbol).csv"] = text
        }
        return files
    }

    /// Every symbol at every bar 0...25 at `probability(symbol index, bar)`.
    static func predictions(_ probability: (Int, Int) -> Double) -> String {
        var text = "timestamp,symbol,vote\n"
        for i in 0...25 {
            for (k, symbol) in symbols.enumerated() {
                text += "\(TimestampParser.string(from: MarketFixture.start + Int64(i) * 3_600)),\(symbol),\(probability(k, i))\n"
            }
        }
        return text
    }

    static func render(_ predictions: String) async throws -> (JSONValue, String, [String]) {
        var files = bars()
        files["data/predictions.csv"] = predictions
        files["notebooks/n.md"] = "---\ndata: data\n---\n```{backtest} bt\nmodel: vote\nmax_positions: 2\nhorizon: 1\nrandom_draws: 0\nseed: 5\n```\n"
        let project = try TestProject(files)
        defer { project.remove() }
        let summary = await project.render()
        #expect(summary.succeeded, "\(summary.diagnostics)")
        let warnings = summary.diagnostics.filter { $0.severity == .warning }.map(\.message)
        return (try BacktestDirectiveTests.results(project), try project.read("reports/n.md"), warnings)
    }

    /// Every symbol ties at every bar: the two slots go to seeded draws, so more than the two
    /// alphabetically first symbols trade; the losers are counted as lost ties.
    @Test func tiesSpreadOverSymbols() async throws {
        let (r, md, warnings) = try await Self.render(Self.predictions { _, _ in 0.67 })
        #expect(r.value(at: ["bt", "ties", "rule"]) == .string("seeded_draw"))
        #expect(r.value(at: ["bt", "ties", "seed"]) == .string("5"))
        let traded = BacktestDirectiveTests.number(r, "signals.vote.symbols_traded") ?? 0
        #expect(traded > 6)
        #expect(BacktestDirectiveTests.number(r, "signals.vote.symbols_eligible") == 12)
        #expect((BacktestDirectiveTests.number(r, "signals.vote.lost_tie") ?? 0) > 0)
        #expect(BacktestDirectiveTests.number(r, "signals.vote.lost_tie") == BacktestDirectiveTests.number(r, "signals.vote.no_slot"))
        #expect(r.value(at: ["bt", "concentration", "vote", "concentrated"]) == .bool(false))
        #expect(md.contains("lost the last slot to an equal probability"))
        #expect(md.contains("of the 12 symbols with a signal traded (12 in the universe)"))
        #expect(!warnings.contains { $0.contains("rests on few symbols") })
    }

    /// One symbol above the rest at every bar takes one slot all the time: one of the traded
    /// symbols takes most trades, and the block warns.
    @Test func concentratedTradesWarn() async throws {
        let (r, md, warnings) = try await Self.render(Self.predictions { k, i in k == 0 ? 0.9 : k == 1 && i % 2 == 0 ? 0.8 : i == 3 ? 0.6 : 0.1 })
        #expect(r.value(at: ["bt", "concentration", "vote", "concentrated"]) == .bool(true))
        #expect(BacktestDirectiveTests.number(r, "concentration.vote.eligible") == 12)
        #expect((BacktestDirectiveTests.number(r, "concentration.vote.top_share") ?? 0) > 0.5)
        #expect(md.contains("> [!WARNING]"))
        #expect(warnings.contains { $0.contains("vote: one symbol (SA) of the ") && $0.contains("rests on few symbols") })
        #expect(r.value(at: ["bt", "concentration", "vote", "top"]) == ["SA"])
    }
}
