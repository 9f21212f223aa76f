/// How an ensemble combines several models' probabilities.
public enum EnsembleMethod: Hashable, Sendable, Codable {
    /// The mean probability: `(s_1 + ... + s_M) / M`.
    case mean
    /// The weighted mean, `np.average(scores, axis=0, weights=w)`:
    /// `(w_1 s_1 + ... + w_M s_M) / (w_1 + ... + w_M)`. To weigh models by their F1,
    /// pass their F1 scores as the weights.
    case weightedMean(weights: [Double])
    /// Majority vote, each model at its own threshold: the ensemble's score is the share
    /// of models with `s_m >= t_m`, and it predicts positive when more than half vote
    /// positive (`decisionThreshold`).
    case majorityVote(thresholds: [Double])

    /// A short name for tables: `mean`, `weighted`, `vote`.
    public var shortName: String {
        switch self {
        case .mean: return "mean"
        case .weightedMean: return "weighted"
        case .majorityVote: return "vote"
        }
    }
}
