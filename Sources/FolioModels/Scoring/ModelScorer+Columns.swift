import FolioCompute

extension ModelScorer {
    /// Scores rows given as plain arrays instead of a `DataFrame`.
    ///
    /// - Parameters:
    ///   - features: each feature column by name (at least the scorer's `features`); `NaN`
    ///     for a missing value.
    ///   - groups: the group of each row (the symbol).
    ///   - times: the time of each row (any increasing number, such as seconds since the epoch).
    /// - Returns: the scores; `Scores.rows` index these arrays.
    /// - Throws: `ModelError.Kind.invalidInput` when the arrays differ in length or a
    ///   feature is missing, and what `score(_:)` throws.
    public func score(features: [String: [Double]], groups: [String], times: [Double]) throws(ModelError) -> Scores {
        var columns: [(name: String, column: Column)] = [
            (options.groupColumn, .text(TextColumn(groups))), (options.timeColumn, .number(times)),
        ]
        for name in self.features {
            guard let values = features[name] else {
                throw ModelError(
                    .invalidInput, "no column for feature \"\(name)\" (given: \(features.keys.sorted().joined(separator: ", ")))")
            }
            columns.append((name, .number(values)))
        }
        let frame: DataFrame
        do { frame = try DataFrame(columns) } catch { throw ModelError(.invalidInput, error.description) }
        return try score(frame)
    }
}
