/// What happened to the signal rows of a run. Every row lands in exactly one of
/// `unmatched`, `outsidePeriod`, `belowThreshold` or `candidates`, and every candidate in
/// exactly one of `entered`, `inPosition`, `noSlot`, `noCash` or `noEntryBar`.
public struct SignalCounts: Sendable, Hashable {
    /// Rows given.
    public var rows = 0
    /// Rows whose symbol or timestamp matched no bar.
    public var unmatched = 0
    /// Rows whose bar lies outside the period.
    public var outsidePeriod = 0
    /// Rows with `probability < threshold` or NaN.
    public var belowThreshold = 0
    /// Rows that asked for an entry.
    public var candidates = 0
    /// Entries taken.
    public var entered = 0
    /// Skipped: the symbol already had an open position at the entry bar's open (one that
    /// exits during that bar included).
    public var inPosition = 0
    /// Skipped: all `maxPositions` slots were taken, or were taken by candidates of the same
    /// bar with a higher probability (or an equal one that won the seeded tie-break).
    public var noSlot = 0
    /// Of `noSlot`: skipped although a candidate of the same bar with the same probability
    /// entered (lost the seeded tie-break, `TieBreak`).
    public var lostTie = 0
    /// Skipped: the affordable notional was below `minimumNotional`.
    public var noCash = 0
    /// Skipped: the symbol has no next bar inside the period (or the data).
    public var noEntryBar = 0
    /// Symbols with at least one candidate (the symbols eligible to trade); not a row count.
    public var symbolsWithCandidates = 0

    /// Creates zero counts.
    public init() {}
}
