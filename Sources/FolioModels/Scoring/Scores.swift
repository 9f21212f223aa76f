/// The scores of a frame's rows, in group then time order, and the rows that got none.
public struct Scores: Sendable, Equatable {
    /// The scored rows (indices into the frame), in group then time order.
    public var rows: [Int]
    /// The positive-class score of each of `rows`.
    public var values: [Float]
    /// Rows without a score because a feature used is NaN (in the row itself, or, for
    /// window models, in an earlier row of its window).
    public var missingFeatures: Int
    /// Rows without a score because their group has fewer than `window` rows up to them.
    public var shortHistory: Int

    /// A result from its parts.
    public init(rows: [Int], values: [Float], missingFeatures: Int, shortHistory: Int) {
        self.rows = rows
        self.values = values
        self.missingFeatures = missingFeatures
        self.shortHistory = shortHistory
    }

    /// The number of scored rows.
    public var count: Int { rows.count }
}
