/// The order of entry candidates of one timestamp whose probabilities are equal: a seeded
/// draw per (timestamp, symbol), so that ties for the last slots go to random symbols
/// rather than to the alphabetically first ones.
///
/// The key of a candidate is SplitMix64 of the seed mixed with the timeline step and the
/// symbol's index: a pure function, so the net and gross runs (and every rerun with the
/// same seed) break the same ties the same way, independently of the random baselines'
/// stream. Smaller keys go first.
public struct TieBreak: Sendable, Hashable {
    /// The rule in words, as results record it.
    public static let rule = "seeded_draw"

    /// The seed (`BacktestConfiguration.seed`).
    public var seed: UInt64

    /// A tie-break from `seed`.
    public init(seed: UInt64) {
        self.seed = seed
    }

    /// The draw of `symbol` (an index into `BacktestMarket.symbols`) at timeline `step`.
    ///
    /// - Complexity: O(1).
    public func key(step: Int, symbol: Int) -> UInt64 {
        var x = seed ^ (UInt64(truncatingIfNeeded: step) &* 0x9E37_79B9_7F4A_7C15)
        x = Self.mix(x)
        x ^= UInt64(truncatingIfNeeded: symbol) &* 0xC2B2_AE3D_27D4_EB4F
        return Self.mix(x)
    }

    /// SplitMix64's finaliser.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
