import Foundation
import Testing
@testable import FolioCompute

/// The seed-scale timing goal: 143 symbols x 2 years of hourly bars (142 equities with 7
/// bars a weekday, about 3,600 bars each, and a 24/7 `BTCUSD` with 17,520), one signal row
/// per bar, 3 models, each with net and gross runs, 5 random draws (net and gross) and
/// buy-and-hold. Run in release: `FOLIO_BENCHMARK=1 swift test -c release --filter BacktestBenchmark`.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["FOLIO_BENCHMARK"] != nil))
struct BacktestBenchmarkTests {
    @Test func seedScaleUnderOneSecond() throws {
        let data = try SyntheticMarket(equities: 142, days: 730, models: 3, seed: 2024)
        let clock = ContinuousClock()
        var reports: [BacktestReport] = []
        var prepared = Duration.zero, single = Duration.zero
        let elapsed = try clock.measure {
            let start = clock.now
            let market = try BacktestMarket(series: data.series)
            let positions = try SignalPositions(market: market, symbols: data.symbols, timestamps: data.timestamps)
            prepared = clock.now - start
            let engine = Backtester(market: market)
            let config = BacktestConfiguration(threshold: 0.9, maxPositions: 10, sizing: .equityFraction(0.1))
            let before = clock.now
            _ = try engine.simulate(signals: positions, probabilities: data.probabilities[0], configuration: config)
            single = clock.now - before
            for column in data.probabilities {
                reports.append(try engine.run(signals: positions, probabilities: column, configuration: config))
            }
        }
        print("  market and alignment: \(prepared); one simulation: \(single)")
        let bars = data.series.reduce(0) { $0 + $1.count }
        print("backtest benchmark: \(data.series.count) symbols, \(bars) bars, \(data.symbols.count) signal rows, "
              + "3 models: \(elapsed)")
        for r in reports {
            print("  trades \(r.net.trades.count), net \(r.net.statistics.returnPct)%, gross \(r.gross.statistics.returnPct)%")
        }
        #expect(elapsed < .seconds(1))
    }
}
