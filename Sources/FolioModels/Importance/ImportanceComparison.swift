/// Permutation importance on two sides (for example a = train, b = validation), feature
/// by feature, with the features that lose their importance on b flagged.
public struct ImportanceComparison: Sendable, Hashable {
    /// Side a's result.
    public var a: ImportanceResult
    /// Side b's result.
    public var b: ImportanceResult
    /// One row per feature or group, in the model's feature order.
    public var rows: [ImportanceComparisonRow]

    /// Compares two results of the same model and options.
    ///
    /// - Throws: `ImportanceError.Kind.mismatchedResults` when the two list different
    ///   features or use different metrics.
    public init(a: ImportanceResult, b: ImportanceResult) throws(ImportanceError) {
        guard a.features.map(\.feature) == b.features.map(\.feature), a.metric == b.metric else {
            throw ImportanceError(
                .mismatchedResults,
                "the two sides do not describe the same features with the same metric: "
                    + "\(a.metric) [\(a.features.map(\.feature).joined(separator: ", "))] against "
                    + "\(b.metric) [\(b.features.map(\.feature).joined(separator: ", "))]")
        }
        self.a = a
        self.b = b
        let ranksA = a.ranks
        let ranksB = b.ranks
        rows = a.features.indices.map { k in
            let (fa, fb) = (a.features[k], b.features[k])
            return ImportanceComparisonRow(
                feature: fa.feature, importanceA: fa.mean, stdA: fa.std, importanceB: fb.mean, stdB: fb.std,
                rankA: ranksA[k], rankB: ranksB[k],
                flag: ImportanceFlag(importanceA: fa.mean, stdA: fa.std, importanceB: fb.mean, stdB: fb.std))
        }
    }

    /// The metric on side a's unpermuted samples.
    public var baselineA: Double { a.baseline }
    /// The metric on side b's unpermuted samples.
    public var baselineB: Double { b.baseline }
    /// The features flagged `overfit`, in feature order.
    public var flagged: [String] { rows.filter { $0.flag == .overfit }.map(\.feature) }
}
