@testable import FolioCompute

/// Small hand-made markets for the engine tests.
enum BacktestScenario {
    /// 2024-01-01T00:00:00Z, a Monday.
    static let start: Int64 = 1_704_067_200
    static let hour: Int64 = 3_600

    /// A bar: open, high, low, close.
    typealias Bar = (o: Double, h: Double, l: Double, c: Double)

    /// A flat bar at `price`.
    static func flat(_ price: Double) -> Bar { (price, price, price, price) }

    /// Hourly bars from `start + offset` hours.
    static func series(_ symbol: String, _ bars: [Bar], offset: Int64 = 0) throws -> PriceSeries {
        try PriceSeries(
            symbol: symbol, timestamps: bars.indices.map { start + (offset + Int64($0)) * hour },
            open: bars.map(\.o), high: bars.map(\.h), low: bars.map(\.l), close: bars.map(\.c))
    }

    /// Signals given as (symbol, bar index of that symbol's series, probability).
    static func signals(_ market: BacktestMarket, _ series: [PriceSeries],
                        _ rows: [(String, Int, Double)]) throws -> (SignalPositions, [Double]) {
        let times = rows.map { row in series.first { $0.symbol == row.0 }!.timestamps[row.1] }
        let positions = try SignalPositions(market: market, symbols: rows.map(\.0), timestamps: times)
        return (positions, rows.map(\.2))
    }

    /// No costs, half the equity per entry, +5% / -2% within `horizon` bars, no baselines.
    static func configuration(horizon: Int = 3, maxPositions: Int = 5,
                              costs: BacktestConfiguration.Costs = .zero) -> BacktestConfiguration {
        BacktestConfiguration(
            threshold: 0.5, maxPositions: maxPositions, sizing: .equityFraction(0.5), initialCash: 10_000,
            costs: costs, exits: BarrierSpec(up: 0.05, down: 0.02, horizon: horizon), randomDraws: 0)
    }

    /// Runs one simulation.
    static func run(_ series: [PriceSeries], _ rows: [(String, Int, Double)],
                    _ configuration: BacktestConfiguration) throws -> BacktestRun {
        let market = try BacktestMarket(series: series)
        let (positions, probabilities) = try signals(market, series, rows)
        return try Backtester(market: market).simulate(signals: positions, probabilities: probabilities,
                                                       configuration: configuration)
    }
}
