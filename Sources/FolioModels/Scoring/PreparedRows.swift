/// A frame's features read, scaled and ordered for a `ModelScorer`, before the graph runs:
/// what `ModelScorer.score(_:)` windows and what `PermutationImportance` samples from.
struct PreparedRows: Sendable {
    /// The scaled features, row-major `[rows, width]`, in frame order.
    var matrix: [Float]
    /// Features per row (`F`).
    var width: Int
    /// Steps per window (`T`; 1 for `[N, F]` models).
    var steps: Int
    /// The frame's rows in group then time order.
    var positions: [Int]
    /// The rows that get a score, in group then time order.
    var scoredRows: [Int]
    /// For each of `scoredRows`, where its window starts in `positions`.
    var windowStarts: [Int]
    /// Rows left unscored because of a NaN feature in their window.
    var missingFeatures: Int
    /// Rows left unscored because their group's history is shorter than the window.
    var shortHistory: Int

    /// The feature values of window `index` (an index into `scoredRows`) at `step`,
    /// `width` floats starting at the returned offset of `matrix`.
    @inline(__always)
    func offset(window index: Int, step: Int) -> Int {
        positions[windowStarts[index] + step] * width
    }
}
