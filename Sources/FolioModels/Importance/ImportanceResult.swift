/// Permutation importance on one side of the data.
public struct ImportanceResult: Sendable, Hashable {
    /// The metric.
    public var metric: ImportanceMetric
    /// The metric on the unpermuted samples (larger is better).
    public var baseline: Double
    /// One entry per feature or group, in the model's feature order (a group at the place
    /// of its first member).
    public var features: [FeatureImportance]
    /// The samples used (rows or windows).
    public var samples: Int
    /// The scored samples the side had to draw from.
    public var available: Int
    /// Positive labels among the samples.
    public var positives: Int
    /// What the caller should tell the reader (for example that `sample` exceeded the
    /// available samples, so all were used).
    public var notes: [String]

    /// A result from its parts.
    public init(
        metric: ImportanceMetric, baseline: Double, features: [FeatureImportance], samples: Int, available: Int,
        positives: Int, notes: [String]
    ) {
        self.metric = metric
        self.baseline = baseline
        self.features = features
        self.samples = samples
        self.available = available
        self.positives = positives
        self.notes = notes
    }

    /// The rank of each entry of `features` by mean importance: 1 is the most important;
    /// equal means rank in feature order.
    public var ranks: [Int] {
        let order = features.indices.sorted { a, b in
            features[a].mean != features[b].mean ? features[a].mean > features[b].mean : a < b
        }
        var ranks = [Int](repeating: 0, count: features.count)
        for (position, index) in order.enumerated() { ranks[index] = position + 1 }
        return ranks
    }
}
