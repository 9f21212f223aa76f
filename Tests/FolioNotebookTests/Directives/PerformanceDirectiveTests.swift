import FolioCompute
import Foundation
import Testing
@testable import FolioNotebook

@Suite(.serialized) struct PerformanceDirectiveTests {
    /// The reference case shared with the compute tests: backtesting.py's SmaCross on GOOG.
    static let reference = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("FolioComputeTests/Fixtures/reference/performance/goog_daily_smacross")

    static func file(_ name: String) throws -> String {
        try String(contentsOf: reference.appendingPathComponent(name), encoding: .utf8)
    }

    static func project(_ body: String, files: [String: String]? = nil, prose: String = "") throws -> TestProject {
        var all = try files ?? ["data/equity.csv": file("equity.csv"), "data/trades.csv": file("trades.csv")]
        all["notebooks/n.md"] = "---\ndata: data\n---\n```{performance} perf\n\(body)```\n\(prose)"
        return try TestProject(all)
    }

    /// Every result key matches backtesting.py's `Backtest.run()` on the reference case.
    @Test func matchesBacktestingPyReference() async throws {
        let project = try Self.project("equity: equity.csv\ntrades: trades.csv\nname: SmaCross\n",
                                       prose: "\nSharpe {{ perf.sharpe | .3f }}, {{ perf.trades }} trades.\n")
        defer { project.remove() }
        let summary = await project.render()
        #expect(summary.succeeded, "\(summary.diagnostics)")
        let results = try JSONValue(parsing: project.read("reports/n.results.json"))
        guard case .object(let expected) = try JSONValue(parsing: Self.file("expected.json")),
              case .object(let perf)? = results.value(at: ["perf"]) else {
            Issue.record("no results")
            return
        }
        #expect(perf.keys == PerformanceStatistics.keys)
        for (key, value) in expected.pairs {
            let name = key.hasSuffix("_duration_days") ? String(key.dropLast("_days".count)) : key
            guard let want = value.doubleValue, let got = perf[name]?.doubleValue else {
                Issue.record("\(key): expected \(value), got \(String(describing: perf[name]))")
                continue
            }
            #expect(abs(got - want) <= 1e-9 * max(1, abs(want)), "\(key): expected \(want), got \(got)")
        }
        let report = try project.read("reports/n.md")
        #expect(report.hasSuffix("Sharpe 0.597, 94 trades.\n"))
        #expect(report.contains("| Return [%] | 455.75 |"))
        #expect(report.contains("| Max. Drawdown Duration [days] | 830.00 |"))
        #expect(report.contains("252 days a year"))
        #expect(project.exists("reports/figures/n-perf-equity.svg"))
        #expect(project.exists("reports/figures/n-perf-drawdown.svg"))
    }

    /// backtesting.py's own trade columns (`stats._trades`) are read as well.
    @Test func acceptsBacktestingPyColumnNames() async throws {
        let trades = try Self.file("trades.csv").replacingOccurrences(
            of: "entry_time,exit_time,entry_price,exit_price,size,pnl,return",
            with: "EntryTime,ExitTime,EntryPrice,ExitPrice,Size,PnL,ReturnPct")
        let project = try Self.project("equity: equity.csv\ntrades: trades.csv\n",
                                       files: ["data/equity.csv": Self.file("equity.csv"), "data/trades.csv": trades])
        defer { project.remove() }
        #expect(await project.render().succeeded)
        let results = try JSONValue(parsing: project.read("reports/n.results.json"))
        #expect(results.value(at: ["perf", "trades"]) == .number(94))
    }

    /// Without a trade list the trade statistics are null and exposure is 0.
    @Test func equityOnly() async throws {
        let project = try Self.project("equity: equity.csv\n")
        defer { project.remove() }
        #expect(await project.render().succeeded)
        let results = try JSONValue(parsing: project.read("reports/n.results.json"))
        #expect(results.value(at: ["perf", "trades"]) == .number(0))
        #expect(results.value(at: ["perf", "win_rate_pct"]) == .null)
        #expect(results.value(at: ["perf", "exposure_pct"]) == .number(0))
        #expect(results.value(at: ["perf", "return_pct"])?.doubleValue.map { abs($0 - 455.74512940000034) < 1e-9 } == true)
        #expect(try project.read("reports/n.md").contains("No trade list was given"))
    }

    static let small = "timestamp,equity\n2024-01-01,100\n2024-01-02,101\n2024-01-03,99\n"

    @Test(arguments: [
        ("equity: equity.csv\n", ["data/equity.csv": "timestamp,equty\n2024-01-01,100\n"], 5, 9, "no column 'equity' in data/equity.csv (did you mean 'equty'?); columns: timestamp, equty"),
        ("equity: equity.csv\n", ["data/equity.csv": "timestamp,equity\n2024-01-01,100\n2024-01-02,\n"], 5, 9, "data/equity.csv: data row 2: equity is not a finite number"),
        ("equity: equity.csv\n", ["data/equity.csv": "timestamp,equity\n2024-01-02,100\n2024-01-01,101\n"], 5, 9, "data/equity.csv: data row 2: timestamp is not after the previous row's (the curve must be in time order, without duplicates)"),
        ("equity: missing.csv\n", ["data/equity.csv": small], 5, 9, "file not found: data/missing.csv"),
        ("equity: equity.csv\ntrades: trades.csv\n", ["data/equity.csv": small, "data/trades.csv": "entry_time,exit_time,entry_price,exit_price,size,pl,return\n"], 6, 9,
         "no column 'pnl' in data/trades.csv (did you mean 'pl'?); a trade list needs entry_time, exit_time, entry_price, exit_price, size, pnl, return"),
        ("equity: equity.csv\ntrades: trades.csv\n", ["data/equity.csv": small, "data/trades.csv": "entry_time,exit_time,entry_price,exit_price,size,pnl,return\n2023-12-01,2024-01-02,1,1,1,0,0\n"], 6, 9,
         "data/trades.csv: data row 1: the trade lies outside the equity curve (before its first bar, or a bar number past its end)"),
        ("equity: equity.csv\ntrades: trades.csv\n", ["data/equity.csv": small, "data/trades.csv": "entry_time,exit_time,entry_price,exit_price,size,pnl,return\n2024-01-03,2024-01-02,1,1,1,0,0\n"], 6, 9,
         "data/trades.csv: data row 1: the trade exits before it enters"),
        ("equity: equity.csv\ntrades: trades.csv\n", ["data/equity.csv": small, "data/trades.csv": "entry_time,exit_time,entry_price,exit_price,size,pnl,return\n2024-01-01,2024-01-02,1,1,1,nan,0\n"], 6, 9,
         "data/trades.csv: data row 1: pnl is not a finite number"),
        ("equity: equity.csv\nrisk_free_rate: 1\n", ["data/equity.csv": small], 6, 17, "'risk_free_rate': must lie strictly between -1 and 1 (a fraction, 0.04 for 4%), got 1"),
        ("trades: trades.csv\n", ["data/equity.csv": small], 4, 1, "missing required parameter 'equity' of {performance}: CSV with columns `timestamp` (ISO 8601, UTC) and `equity` (account value at each bar)."),
    ])
    func errorsAreLocated(body: String, files: [String: String], line: Int, column: Int, message: String) async throws {
        let project = try Self.project(body, files: files)
        defer { project.remove() }
        let error = await project.render().diagnostics.first { $0.severity == .error }
        #expect(error?.message == message)
        #expect(error?.location == SourceLocation(line: line, column: column), "\(String(describing: error))")
    }
}
