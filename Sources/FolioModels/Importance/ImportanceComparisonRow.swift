/// One feature (or group) compared across two sides.
public struct ImportanceComparisonRow: Sendable, Hashable {
    /// The feature, or the group's name.
    public var feature: String
    /// The mean importance on side a.
    public var importanceA: Double
    /// Its standard deviation over the repeats (`ddof=0`).
    public var stdA: Double
    /// The mean importance on side b.
    public var importanceB: Double
    /// Its standard deviation over the repeats (`ddof=0`).
    public var stdB: Double
    /// The rank on side a: 1 is the most important; equal importances rank in feature order.
    public var rankA: Int
    /// The rank on side b, likewise.
    public var rankB: Int
    /// What the comparison says (see `ImportanceFlag`).
    public var flag: ImportanceFlag

    /// A row from its parts.
    public init(
        feature: String, importanceA: Double, stdA: Double, importanceB: Double, stdB: Double, rankA: Int, rankB: Int,
        flag: ImportanceFlag
    ) {
        self.feature = feature
        self.importanceA = importanceA
        self.stdA = stdA
        self.importanceB = importanceB
        self.stdB = stdB
        self.rankA = rankA
        self.rankB = rankB
        self.flag = flag
    }
}
