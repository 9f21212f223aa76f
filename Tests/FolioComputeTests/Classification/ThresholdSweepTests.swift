import Testing
@testable import FolioCompute

@Suite struct ThresholdSweepTests {
    static let payoff = TradePayoff(win: 0.05, loss: 0.02)

    /// The default grid is 0.10, 0.15, ..., 0.90 as the nearest doubles (what np.round gives).
    @Test func defaultGridIsRounded() throws {
        let values = try ThresholdGrid().values()
        #expect(values.count == 17)
        let hundredths: [Double] = stride(from: 10, through: 90, by: 5).map { (k: Int) -> Double in Double(k) / 100 }
        #expect(values == hundredths)
        #expect(!values.contains(0.15000000000000002))
        #expect(values[1] == 0.15)
    }

    @Test(arguments: [
        (ThresholdGrid(from: 0, to: 1, step: 0.1), 11, 0.30000000000000004, 0.3),
        (ThresholdGrid(from: 0.001, to: 0.002, step: 0.0001), 11, 0.0013000000000000002, 0.0013),
        (ThresholdGrid(from: 0.5, to: 0.5, step: 0.05), 1, 0.55, 0.5),
        (ThresholdGrid(from: 0.2, to: 0.8, step: 0.25), 3, 0.7000000000000001, 0.7),
    ])
    func gridValues(grid: ThresholdGrid, count: Int, absent: Double, present: Double) throws {
        let values = try grid.values()
        #expect(values.count == count)
        #expect(!values.contains(absent))
        #expect(values.contains(present))
        #expect(values == values.sorted())
    }

    @Test func gridDecimals() {
        #expect(ThresholdGrid.decimals(of: 0.05) == 2)
        #expect(ThresholdGrid.decimals(of: 1) == 0)
        #expect(ThresholdGrid.decimals(of: 1e-05) == 5)
        #expect(ThresholdGrid.decimals(of: 2.5e-07) == 8)
        #expect(ThresholdGrid.decimals(of: 0.125) == 3)
    }

    @Test func rejectsBadGrids() {
        #expect(throws: ClassificationError.self) { try ThresholdGrid(from: 0.1, to: 0.9, step: 0).values() }
        #expect(throws: ClassificationError.self) { try ThresholdGrid(from: 0.9, to: 0.1, step: 0.05).values() }
        #expect(throws: ClassificationError.self) { try ThresholdGrid(from: .nan, to: 0.9, step: 0.05).values() }
        #expect(throws: ClassificationError.self) { try ThresholdGrid(from: 0, to: 1, step: 1e-9).values() }
    }

    /// reference/classification/breast_cancer_logreg: its sweep.
    @Test func breastCancerReference() throws {
        let base = "reference/classification/breast_cancer_logreg"
        let expected = try Fixtures.json("\(base)/expected.json")
        let labels = try BinaryLabels(try Fixtures.column("\(base)/predictions.csv", "label"))
        let scores = try Fixtures.column("\(base)/predictions.csv", "prob")
        let sweep = try ThresholdSweep(name: "logreg", labels: labels, scores: scores)
        let want = JSONValue.array(expected["sweep"])
        #expect(sweep.rows.count == want.count)
        for (row, w) in zip(sweep.rows, want) {
            #expect(row.threshold == JSONValue.double(w["threshold"]))
            for (key, value) in [("precision", row.precision), ("recall", row.recall), ("f1", row.f1),
                                 ("positive_rate", row.positiveRate)] {
                #expect(closeToReference(value, JSONValue.double(w[key])), "t=\(row.threshold) \(key)")
            }
            #expect(row.expectedValue == nil)
        }
    }

    /// Every model's sweep and best thresholds against the generator (scikit-learn
    /// metrics per threshold).
    @Test(arguments: ClassificationFixture.cases)
    func sweepsMatchScikitLearn(caseName: String) throws {
        let fixture = try ClassificationFixture(caseName)
        let grid = JSONValue.doubles(fixture.expected["grid"])
        #expect(try ThresholdGrid().values() == grid)
        for model in fixture.models {
            let ranking = try ScoreRanking(labels: fixture.labels, scores: fixture.scores[model]!)
            let want = fixture.model(model)
            let sweep = try ThresholdSweep(name: model, ranking: ranking, thresholds: grid, payoff: Self.payoff)
            Self.check(sweep.rows, JSONValue.array(want["sweep"]), "\(caseName) \(model)")
            try Self.checkBest(ranking: ranking, grid: grid, want: JSONValue.dictionary(want["best"]), "\(caseName) \(model)")
        }
    }

    /// Ensembles (mean, explicit weights, F1 weights, majority vote at the best F1
    /// thresholds): their scores, sweeps and best thresholds.
    @Test(arguments: ["ties_rounded", "imbalanced"])
    func ensemblesMatchGenerator(caseName: String) throws {
        let fixture = try ClassificationFixture(caseName)
        let models = fixture.models.map { ModelScores(name: $0, scores: fixture.scores[$0]!) }
        let ensembles = JSONValue.dictionary(fixture.expected["ensembles"])
        let explicit = JSONValue.doubles(JSONValue.dictionary(ensembles["weighted"])["weights"])
        let report = try ThresholdSweepReport(
            labels: fixture.labels, models: models,
            ensembles: [("mean", .mean), ("weighted", .weightedMean(explicit)),
                        ("f1_weighted", .f1WeightedMean), ("vote", .majorityVoteAtBestThresholds)],
            objective: .f1, payoff: Self.payoff)
        #expect(report.models.map(\.name) == fixture.models)
        #expect(report.ensembles.map(\.name) == ["mean", "weighted", "f1_weighted", "vote"])
        for (ensemble, sweep) in zip(report.ensembles, report.ensembleSweeps) {
            let want = JSONValue.dictionary(ensembles[ensemble.name])
            let context = "\(caseName) \(ensemble.name)"
            let head = JSONValue.doubles(want["scores_head"])
            // (Foundation's JSON parser on Linux can be an ulp off, so not `==` here; the
            // sweep's counts below show the scores sit on the same side of every threshold.)
            #expect(closeToReference(Array(ensemble.scores.prefix(head.count)), head), "\(context) scores")
            let bestF1 = JSONValue.double(JSONValue.dictionary(want["best"])["f1"])
            if let voteThresholds = ensemble.voteThresholds {
                // A vote is swept over k = 1...n votes; the generator's grid row at t stands for
                // k = ceil(t n), and each k row must equal every grid row that stands for it.
                #expect(sweep.rows.map(\.threshold) == voteThresholds, "\(context)")
                let n = Double(ensemble.modelCount)
                for w in JSONValue.array(want["sweep"]) {
                    let t = JSONValue.double(w["threshold"])
                    guard let k = ensemble.votes(atThreshold: t), k >= 1 else { continue }
                    var row = sweep.rows[k - 1]
                    row.threshold = t
                    Self.check([row], [w], context)
                }
                #expect(sweep.best.map { Int(($0.threshold * n).rounded()) } == ensemble.votes(atThreshold: bestF1), "\(context)")
            } else {
                Self.check(sweep.rows, JSONValue.array(want["sweep"]), context)
                #expect(sweep.best?.threshold == bestF1, "\(context)")
            }
            switch ensemble.method {
            case let .weightedMean(weights) where ensemble.name == "f1_weighted":
                #expect(closeToReference(weights, JSONValue.doubles(want["weights"])), "\(context)")
            case let .majorityVote(thresholds):
                #expect(thresholds == JSONValue.doubles(want["thresholds"]), "\(context)")
                #expect(ensemble.decisionThreshold == 2.0 / 3.0)
                let ranking = try ScoreRanking(labels: fixture.labels, scores: ensemble.scores)
                ConfusionCountsTests.check(ranking.counts(atThreshold: ensemble.decisionThreshold),
                                           JSONValue.dictionary(want["majority"]), "\(context) majority")
            default:
                #expect(ensemble.decisionThreshold == 0.5)
            }
        }
    }

    static func check(_ rows: [SweepRow], _ want: [[String: Any]], _ context: String) {
        #expect(rows.count == want.count, "\(context)")
        for (row, w) in zip(rows, want) {
            let c = "\(context) t=\(row.threshold)"
            #expect(row.threshold == JSONValue.double(w["threshold"]), "\(c)")
            #expect(row.counts == ConfusionCounts(trueNegatives: JSONValue.int(w["tn"]), falsePositives: JSONValue.int(w["fp"]),
                                                  falseNegatives: JSONValue.int(w["fn"]), truePositives: JSONValue.int(w["tp"])), "\(c)")
            for (key, value) in [("precision", row.precision), ("recall", row.recall), ("f1", row.f1),
                                 ("positive_rate", row.positiveRate), ("expected_value", row.expectedValue ?? -99)] {
                #expect(closeToReference(value, JSONValue.double(w[key])), "\(c) \(key): \(value)")
            }
        }
    }

    static func checkBest(ranking: ScoreRanking, grid: [Double], want: [String: Any], _ context: String) throws {
        let objectives: [(String, SweepObjective)] = [
            ("f1", .f1), ("recall_at_precision_0.3", .recallAtPrecision(0.3)),
            ("recall_at_precision_0.99", .recallAtPrecision(0.99)),
            ("precision_at_recall_0.5", .precisionAtRecall(0.5)), ("expected_value", .expectedValue),
        ]
        for (key, objective) in objectives {
            let sweep = try ThresholdSweep(name: "m", ranking: ranking, thresholds: grid, objective: objective, payoff: payoff)
            let expected = JSONValue.double(want[key])  // null: no threshold qualifies
            if expected.isNaN {
                #expect(sweep.best == nil, "\(context) \(key)")
            } else {
                #expect(sweep.best?.threshold == expected, "\(context) \(key)")
            }
        }
    }

    /// Ties go to the lower threshold, whatever the order of the rows.
    @Test func tiesPickTheLowerThreshold() throws {
        let labels = try BinaryLabels([0, 0, 1, 1] as [Int8])
        let ranking = try ScoreRanking(labels: labels, scores: [0.1, 0.2, 0.8, 0.9])
        // Every threshold in (0.2, 0.8] gives F1 = 1.
        let sweep = try ThresholdSweep(name: "m", ranking: ranking, thresholds: [0.7, 0.3, 0.5, 0.8, 0.9])
        #expect(sweep.best?.threshold == 0.3)
        #expect(sweep.best?.f1 == 1)
    }

    @Test func expectedValueNeedsPayoffAndTrades() throws {
        let labels = try BinaryLabels([0, 1, 1, 0] as [Int8])
        let ranking = try ScoreRanking(labels: labels, scores: [0.1, 0.6, 0.4, 0.3])
        #expect(throws: ClassificationError.invalidParameter(
            name: "objective", reason: "expected value needs a payoff (win and loss)")) {
            try ThresholdSweep(name: "m", ranking: ranking, thresholds: [0.5], objective: .expectedValue)
        }
        let sweep = try ThresholdSweep(name: "m", ranking: ranking, thresholds: [0.2, 0.5, 0.95],
                                       objective: .expectedValue, payoff: Self.payoff)
        #expect(sweep.rows[2].expectedValue!.isNaN)  // no trade at 0.95
        #expect(sweep.rows[1].expectedValue == 0.05)  // precision 1
        #expect(sweep.best?.threshold == 0.5)
        #expect(throws: ClassificationError.self) {
            try ThresholdSweep(name: "m", ranking: ranking, thresholds: [0.5, .nan])
        }
    }

    @Test func ensembleRules() throws {
        let a: [Double] = [0.9, 0.2, 0.6, 0.4]
        let b: [Double] = [0.7, 0.1, 0.3, 0.5]
        let c: [Double] = [0.2, 0.3, 0.8, 0.45]
        let mean = try Ensemble(name: "mean", method: .mean, models: [a, b, c])
        let expectedMean: [Double] = (0..<4).map { (i: Int) -> Double in
            let sum: Double = a[i] + b[i] + c[i]
            return sum / 3
        }
        #expect(mean.scores == expectedMean)
        let weighted = try Ensemble(name: "w", method: .weightedMean(weights: [2, 1, 1]), models: [a, b, c])
        let expectedWeighted: [Double] = (0..<4).map { (i: Int) -> Double in
            let sum: Double = 2 * a[i] + b[i] + c[i]
            return sum / 4
        }
        #expect(weighted.scores == expectedWeighted)
        let vote = try Ensemble(name: "v", method: .majorityVote(thresholds: [0.5, 0.5, 0.4]), models: [a, b, c])
        let twoThirds: Double = 2.0 / 3
        #expect(vote.scores == [twoThirds, 0, twoThirds, twoThirds])
        #expect(vote.decisionThreshold == twoThirds)
        let two = try Ensemble(name: "v2", method: .majorityVote(thresholds: [0.5, 0.5]), models: [a, b])
        #expect(two.scores == [1, 0, 0.5, 0.5] as [Double])
        #expect(two.decisionThreshold == 1)  // more than half of two is both
        // A vote counts k of n: its thresholds are k / n, k = 1...n.
        #expect(vote.isVote && !mean.isVote && vote.modelCount == 3)
        #expect(vote.voteThresholds == [1.0 / 3, 2.0 / 3, 1])
        #expect(mean.voteThresholds == nil)
        #expect(vote.votes(atThreshold: 0.34) == 2 && vote.votes(atThreshold: 2.0 / 3) == 2 && vote.votes(atThreshold: 0.3) == 1)

        #expect(throws: ClassificationError.self) { try Ensemble(name: "e", method: .mean, models: []) }
        #expect(throws: ClassificationError.self) { try Ensemble(name: "e", method: .mean, models: [a, [0.1]]) }
        #expect(throws: ClassificationError.self) {
            try Ensemble(name: "e", method: .weightedMean(weights: [1, -1, 1]), models: [a, b, c])
        }
        #expect(throws: ClassificationError.self) {
            try Ensemble(name: "e", method: .weightedMean(weights: [0, 0, 0]), models: [a, b, c])
        }
        #expect(throws: ClassificationError.self) {
            try Ensemble(name: "e", method: .majorityVote(thresholds: [0.5]), models: [a, b, c])
        }
        #expect(throws: ClassificationError.self) { try Ensemble(name: "e", method: .mean, models: [a, [0.1, .nan, 0, 0]]) }
    }

    /// A request that needs each model's best threshold fails clearly when one has none.
    @Test func reportNeedsBestThresholds() throws {
        let labels = try BinaryLabels([0, 1, 0, 1] as [Int8])
        let models = [ModelScores(name: "a", scores: [0.9, 0.2, 0.8, 0.1]), ModelScores(name: "b", scores: [0.1, 0.9, 0.2, 0.8])]
        #expect(throws: ClassificationError.self) {
            try ThresholdSweepReport(labels: labels, models: models, ensembles: [("vote", .majorityVoteAtBestThresholds)],
                                     objective: .recallAtPrecision(0.99))
        }
        #expect(throws: ClassificationError.self) {
            try ThresholdSweepReport(labels: labels, models: [ModelScores(name: "c", scores: [0.1, .nan, 0.2, 0.3])])
        }
        let report = try ThresholdSweepReport(labels: labels, models: models, ensembles: [("mean", .mean)])
        #expect(report.ensembleSweeps.count == 1)
        #expect(report.thresholds.count == 17)
    }

    /// A vote is swept over k = 1...n votes, not over the probability grid; a mean over the grid.
    @Test func voteSweepsCountVotes() throws {
        let labels = try BinaryLabels([0, 1, 0, 1, 1] as [Int8])
        let models = [ModelScores(name: "a", scores: [0.9, 0.2, 0.8, 0.6, 0.7]), ModelScores(name: "b", scores: [0.1, 0.9, 0.2, 0.8, 0.3]),
                      ModelScores(name: "c", scores: [0.4, 0.7, 0.1, 0.9, 0.6])]
        let report = try ThresholdSweepReport(labels: labels, models: models,
                                              ensembles: [("vote", .majorityVote([0.5, 0.5, 0.5])), ("mean", .mean)])
        let vote = report.ensembleSweeps[0]
        #expect(vote.rows.map(\.threshold) == [1.0 / 3, 2.0 / 3, 1])
        // Votes per row: a b c at 0.5 -> [1, 2, 1, 3, 2].
        #expect(vote.rows.map(\.counts.predictedPositives) == [5, 3, 1])
        #expect(vote.rows[1].counts == ConfusionCounts(trueNegatives: 2, falsePositives: 0, falseNegatives: 0, truePositives: 3))
        #expect(vote.best?.threshold == 2.0 / 3)
        #expect(report.ensembleSweeps[1].rows.count == report.thresholds.count)
    }
}
