/// The `sweep` directive's compute: every model swept over one grid, the requested
/// ensembles built and swept too, each with its best threshold by the same objective.
public struct ThresholdSweepReport: Hashable, Sendable {
    /// The thresholds every sweep used.
    public var thresholds: [Double]
    /// One sweep per model, in the order given.
    public var models: [ThresholdSweep]
    /// The ensembles, in the order requested.
    public var ensembles: [Ensemble]
    /// One sweep per ensemble, parallel to `ensembles`: over `thresholds` for the means, over
    /// k = 1...n votes (`Ensemble.voteThresholds`) for a vote.
    public var ensembleSweeps: [ThresholdSweep]
    /// The ranking of each model, parallel to `models`: curves (a PR curve with the chosen
    /// points) and counts at other thresholds read from it without sorting again.
    public var rankings: [ScoreRanking]
    /// The ranking of each ensemble, parallel to `ensembles`.
    public var ensembleRankings: [ScoreRanking]

    /// Sweeps `models` and the requested `ensembles` over `grid`.
    ///
    /// - Parameters:
    ///   - ensembles: (name, request) pairs. `f1WeightedMean` and
    ///     `majorityVoteAtBestThresholds` use each model's best row by `objective`.
    ///   - minimumSignals: rows with fewer predicted positives are never the best.
    /// - Throws: `ClassificationError` for invalid labels, scores or grid, a request whose
    ///   list has the wrong length, or a model without a best threshold when a request
    ///   needs one.
    /// - Complexity: O(M (n + t log d)) for M models (and ensembles).
    public init(labels: BinaryLabels, models: [ModelScores], ensembles: [(name: String, request: EnsembleRequest)] = [],
                grid: ThresholdGrid = ThresholdGrid(), objective: SweepObjective = .f1,
                payoff: TradePayoff? = nil, minimumSignals: Int = 0) throws {
        guard !models.isEmpty else {
            throw ClassificationError.invalidParameter(name: "models", reason: "the sweep needs at least one model")
        }
        let thresholds = try grid.values()
        self.thresholds = thresholds
        var sweeps: [ThresholdSweep] = []
        var rankings: [ScoreRanking] = []
        for model in models {
            let ranking: ScoreRanking
            do {
                ranking = try ScoreRanking(labels: labels, scores: model.scores)
            } catch let error as ClassificationError {
                throw Self.named(error, model.name)
            }
            rankings.append(ranking)
            sweeps.append(try ThresholdSweep(name: model.name, ranking: ranking, thresholds: thresholds,
                                             objective: objective, payoff: payoff, minimumSignals: minimumSignals))
        }
        self.models = sweeps
        self.rankings = rankings

        func bestRows() throws -> [SweepRow] {
            try sweeps.map { sweep in
                guard let best = sweep.best else {
                    throw ClassificationError.invalidParameter(
                        name: "ensemble", reason: "model \(sweep.name) has no best threshold by \(objective)")
                }
                return best
            }
        }
        let columns = models.map(\.scores)
        var built: [Ensemble] = []
        var builtSweeps: [ThresholdSweep] = []
        var builtRankings: [ScoreRanking] = []
        for (name, request) in ensembles {
            let method: EnsembleMethod
            switch request {
            case .mean: method = .mean
            case let .weightedMean(weights): method = .weightedMean(weights: weights)
            case .f1WeightedMean: method = .weightedMean(weights: try bestRows().map(\.f1))
            case let .majorityVote(thresholds): method = .majorityVote(thresholds: thresholds)
            case .majorityVoteAtBestThresholds: method = .majorityVote(thresholds: try bestRows().map(\.threshold))
            }
            let ensemble = try Ensemble(name: name, method: method, models: columns)
            let ranking = try ScoreRanking(labels: labels, scores: ensemble.scores)
            built.append(ensemble)
            builtRankings.append(ranking)
            // A vote takes the values k / n only: it is swept over k = 1...n, not the grid.
            builtSweeps.append(try ThresholdSweep(name: name, ranking: ranking, thresholds: ensemble.voteThresholds ?? thresholds,
                                                  objective: objective, payoff: payoff, minimumSignals: minimumSignals))
        }
        self.ensembles = built
        self.ensembleSweeps = builtSweeps
        self.ensembleRankings = builtRankings
    }

    /// Prefixes a score error with the model's name.
    private static func named(_ error: ClassificationError, _ model: String) -> ClassificationError {
        switch error {
        case .lengthMismatch(let expected, let actual, _):
            return .lengthMismatch(expected: expected, actual: actual, what: "model \(model)")
        case .nonFiniteScores, .empty, .invalidLabels, .probabilitiesOutOfRange, .invalidParameter, .tooFewSamples:
            return .invalidParameter(name: "model \(model)", reason: error.description)
        }
    }
}
