/// An ensemble to build in a `ThresholdSweepReport`, possibly from the models' sweeps.
public enum EnsembleRequest: Hashable, Sendable, Codable {
    /// The mean probability.
    case mean
    /// The weighted mean with the given weights (one per model, in model order).
    case weightedMean([Double])
    /// The weighted mean with each model's F1 at its best threshold in this report.
    case f1WeightedMean
    /// Majority vote with the given thresholds (one per model).
    case majorityVote([Double])
    /// Majority vote, each model at its best threshold in this report.
    case majorityVoteAtBestThresholds
}
