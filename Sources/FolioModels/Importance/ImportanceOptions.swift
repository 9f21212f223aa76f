import Foundation

/// How `PermutationImportance` measures: the metric, the number of permutations per
/// feature, how many samples (rows, or windows) of a side it uses, the seed, feature groups
/// and the parallelism.
public struct ImportanceOptions: Sendable, Hashable {
    /// The score compared before and after each permutation.
    public var metric: ImportanceMetric
    /// Permutations per feature (scikit-learn's `n_repeats`); at least 1.
    public var repeats: Int
    /// Samples (rows for `[N, F]` models, windows for `[N, T, F]` models) drawn from a side
    /// without replacement; `nil` uses them all. A side with fewer samples uses them all
    /// and says so in `ImportanceResult.notes`.
    public var sample: Int?
    /// The seed of the sample and of every permutation.
    public var seed: UInt64
    /// Features permuted together; the features in no group are permuted one at a time.
    public var groups: [FeatureGroup]
    /// Worker threads; features are spread over them. The numbers do not depend on it.
    public var threads: Int
    /// Samples per graph run (see `ScoringOptions.chunkSize`). The numbers do not depend
    /// on `threads`, but they may move in the last bits with `chunkSize`.
    public var chunkSize: Int

    /// Options with scikit-learn's defaults where it has them (`n_repeats=5`), every
    /// sample, seed 0, no groups, every core.
    public init(
        metric: ImportanceMetric = .rocAUC, repeats: Int = 5, sample: Int? = nil, seed: UInt64 = 0,
        groups: [FeatureGroup] = [], threads: Int = ProcessInfo.processInfo.activeProcessorCount,
        chunkSize: Int = 256
    ) {
        self.metric = metric
        self.repeats = repeats
        self.sample = sample
        self.seed = seed
        self.groups = groups
        self.threads = threads
        self.chunkSize = chunkSize
    }
}
