/// What `folio demo-data` generates: the number of symbols, the seed, the date range,
/// the split boundaries and the row subsampling.
///
/// The defaults give the seed-scale data set: 143 symbols of hourly bars from
/// 2021-01-04 to 2025-10-01, 488,878 feature rows of which 133,464 are test rows.
public struct DemoDataOptions: Hashable, Sendable {
    /// Number of symbols: `AAPL, MSFT, NVDA, SPY, BTCUSD`, then other large US tickers
    /// (see ``DemoTickers``).
    public var symbols: Int
    /// The seed of every random draw. Each symbol's stream is seeded from this seed and its
    /// ticker, so a symbol's bars do not depend on how many symbols are generated.
    public var seed: UInt64
    /// First day of bars (inclusive).
    public var start: DemoDate
    /// Last day of bars (inclusive).
    public var end: DemoDate
    /// First day of the validation split; earlier rows are `train`. A row's split is that of
    /// its own bar; the label of a row in the last day or so before a boundary looks at bars
    /// across it (no purge gap, as in the team's data).
    public var valStart: DemoDate
    /// First day of the test split.
    public var testStart: DemoDate
    /// A feature row is written for every `stride`-th bar of a symbol (bar index modulo
    /// stride is zero), per split, in the order train, val, test. The defaults (2, 2, 4)
    /// approach the seed scale (about 500,000 rows, 131,811 of them test): with 143 symbols
    /// they give 288,608 train, 66,806 val and 133,464 test rows, 488,878 in all, whatever
    /// the seed. The test period holds 42% of the bars but only a quarter of the seed
    /// scale's rows, hence its sparser stride; a single stride cannot match both numbers.
    public var strides: [Int]
    /// Bars of history needed before a symbol's first feature row (the longest window,
    /// the 168-bar SMA); earlier bars get no row.
    public var warmUp: Int
    /// The label definition (the data contract's +5% before -2% within 24 bars).
    public var label: BarrierSpec
    /// How the three checkpoints are fitted (window, training sample, hyper-parameters).
    public var training: DemoTrainingOptions

    /// The seed-scale defaults, with the given symbol count and seed.
    public init(symbols: Int = 143, seed: UInt64 = 42) {
        self.symbols = symbols
        self.seed = seed
        self.start = DemoDate(year: 2021, month: 1, day: 4)!
        self.end = DemoDate(year: 2025, month: 10, day: 1)!
        self.valStart = DemoDate(year: 2023, month: 4, day: 1)!
        self.testStart = DemoDate(year: 2023, month: 10, day: 1)!
        self.strides = [2, 2, 4]
        self.warmUp = 168
        self.label = .contract
        self.training = .seedScale
    }

    /// Checks the options and throws ``DemoDataError/invalidOption(_:)`` naming the first
    /// problem.
    public func validate() throws {
        if symbols < 1 || symbols > 2000 {
            throw DemoDataError.invalidOption("--symbols must be between 1 and 2000 (got \(symbols))")
        }
        if !(start < end) {
            throw DemoDataError.invalidOption("the start date \(start) must be before the end date \(end)")
        }
        if !(valStart < testStart) {
            throw DemoDataError.invalidOption("the validation split (\(valStart)) must start before the test split (\(testStart))")
        }
        if !(start < valStart) || !(testStart <= end) {
            throw DemoDataError.invalidOption("the date range \(start)...\(end) must contain train, val and test days (val from \(valStart), test from \(testStart))")
        }
        if strides.count != 3 || strides.contains(where: { $0 < 1 || $0 > 1000 }) {
            throw DemoDataError.invalidOption("strides must be three integers between 1 and 1000 (train, val, test)")
        }
        if warmUp < 168 {
            throw DemoDataError.invalidOption("the warm-up must be at least 168 bars (the longest feature window)")
        }
        if label.horizon < 1 || !(label.up > 0) || !(label.down > 0) || label.down >= 1 {
            throw DemoDataError.invalidOption("the label needs a positive horizon, up > 0 and 0 < down < 1")
        }
        try training.validate()
    }

    /// The split of a bar that starts at `epochHour`.
    @inline(__always)
    public func split(epochHour: Int) -> DemoSplit {
        if epochHour < valStart.epochHour { return .train }
        if epochHour < testStart.epochHour { return .val }
        return .test
    }
}
