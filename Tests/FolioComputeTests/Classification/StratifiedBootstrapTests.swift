import Numerics
import Testing
@testable import FolioCompute

@Suite struct StratifiedBootstrapTests {
    /// The same seed gives the same intervals; another seed other ones.
    @Test func deterministicForASeed() throws {
        let fixture = try ClassificationFixture("ties_rounded")
        let scores = fixture.scores["forest"]!
        let a = try StratifiedBootstrap(seed: 7, resamples: 200).intervals(labels: fixture.labels, scores: scores, threshold: 0.5)
        let b = try StratifiedBootstrap(seed: 7, resamples: 200).intervals(labels: fixture.labels, scores: scores, threshold: 0.5)
        let c = try StratifiedBootstrap(seed: 8, resamples: 200).intervals(labels: fixture.labels, scores: scores, threshold: 0.5)
        #expect(a == b)
        #expect(a != c)
        #expect(a.resamples == 200)
    }

    /// The intervals contain the point estimates, which equal the full-data metrics.
    @Test(arguments: ["ties_rounded", "imbalanced"])
    func intervalsContainTheEstimate(caseName: String) throws {
        let fixture = try ClassificationFixture(caseName)
        for model in fixture.models {
            let scores = fixture.scores[model]!
            let result = try StratifiedBootstrap(seed: SeededGenerator.fnv1a("\(caseName)/\(model)"), resamples: 300)
                .intervals(labels: fixture.labels, scores: scores, threshold: 0.3)
            let ranking = try ScoreRanking(labels: fixture.labels, scores: scores)
            #expect(result.f1.estimate == ranking.counts(atThreshold: 0.3).f1)
            #expect(result.rocAUC.estimate == ranking.rocAUC)
            #expect(result.averagePrecision.estimate == ranking.averagePrecision)
            for interval in [result.f1, result.rocAUC, result.averagePrecision] {
                #expect(interval.contains(interval.estimate), "\(caseName) \(model) \(interval)")
                #expect(interval.lower < interval.upper)
                #expect(interval.confidence == 0.95)
            }
            // Roughly estimate +- 2 standard errors: not absurdly wide.
            #expect(result.rocAUC.upper - result.rocAUC.lower < 0.1)
        }
    }

    /// The per-resample statistics equal the direct computation on the drawn rows: the
    /// same draws, replayed through ScoreRanking, give the same interval.
    @Test func resampleStatisticsMatchDirectComputation() throws {
        var rng = SeededGenerator(seed: 3)
        let n = 300
        let labelValues: [Int8] = (0..<n).map { _ in rng.nextUniform() < 0.25 ? 1 : 0 }
        let scores: [Double] = labelValues.map { y in ((Double(y) + rng.nextNormal()) * 10).rounded() / 10 }
        let labels = try BinaryLabels(labelValues)
        let bootstrap = StratifiedBootstrap(seed: 11, resamples: 50, confidence: 0.8)
        let result = try bootstrap.intervals(labels: labels, scores: scores, threshold: 0.2)

        // Replay: positives and negatives each in ascending score order (how the bootstrap
        // indexes them), resample r from chunk r / chunkSize's generator, the same draws.
        let pos = zip(labelValues, scores).filter { $0.0 == 1 }.map(\.1).sorted()
        let neg = zip(labelValues, scores).filter { $0.0 == 0 }.map(\.1).sorted()
        let draws = StratifiedBootstrap.Draws(positives: pos.count, negatives: neg.count)
        var replay = SeededGenerator(seed: 0)
        var f1s: [Double] = []
        var aucs: [Double] = []
        var aps: [Double] = []
        for r in 0..<50 {
            if r % StratifiedBootstrap.chunkSize == 0 {
                replay = StratifiedBootstrap.generator(seed: 11, chunk: r / StratifiedBootstrap.chunkSize)
            }
            var p: [Double] = []
            var q: [Double] = []
            draws.positives(&replay) { p.append(pos[$0]) }
            draws.negatives(&replay) { q.append(neg[$0]) }
            let y = try BinaryLabels([Int8](repeating: 1, count: p.count) + [Int8](repeating: 0, count: q.count))
            let ranking = try ScoreRanking(labels: y, scores: p + q)
            f1s.append(ranking.counts(atThreshold: 0.2).f1)
            aucs.append(ranking.rocAUC)
            aps.append(ranking.averagePrecision)
        }
        for (interval, values) in [(result.f1, f1s), (result.rocAUC, aucs), (result.averagePrecision, aps)] {
            let sorted = values.sorted()
            #expect(closeToReference(interval.lower, LinearPercentile.value(sorted: sorted, fraction: 0.1), tolerance: 1e-12))
            #expect(closeToReference(interval.upper, LinearPercentile.value(sorted: sorted, fraction: 0.9), tolerance: 1e-12))
        }
    }

    /// Counting draws in bytes, then folding them into ranks and segments, gives exactly
    /// what counting every draw in Int32 gives (the path a resample takes when a byte wraps),
    /// on ties, imbalance and a threshold between scores.
    @Test(arguments: ["ties_rounded", "imbalanced"])
    func byteCountsEqualExactCounts(caseName: String) throws {
        let fixture = try ClassificationFixture(caseName)
        for model in fixture.models {
            let scores = fixture.scores[model]!
            let bootstrap = StratifiedBootstrap(seed: 5, resamples: 120)
            let fast = try bootstrap.intervals(labels: fixture.labels, scores: scores, threshold: 0.35, exactCounts: false)
            let exact = try bootstrap.intervals(labels: fixture.labels, scores: scores, threshold: 0.35, exactCounts: true)
            #expect(fast == exact, "\(caseName) \(model)")
        }
    }

    /// Streams of one seed differ from each other and from the seed's own sequence, and
    /// `nextPair(below:)` stays below its bound and covers it.
    @Test func streamsAndPairs() {
        var a = SeededGenerator(seed: 9, stream: 0)
        var b = SeededGenerator(seed: 9, stream: 1)
        var plain = SeededGenerator(seed: 9)
        let sa = (0..<4).map { _ in a.next() }
        let sb = (0..<4).map { _ in b.next() }
        let sp = (0..<4).map { _ in plain.next() }
        #expect(sa != sb && sa != sp && sb != sp)
        var again = SeededGenerator(seed: 9, stream: 1)
        #expect((0..<4).map { _ in again.next() } == sb)
        var rng = SeededGenerator(seed: 3)
        var seen = [Int](repeating: 0, count: 7)
        for _ in 0..<7000 {
            let (x, y) = rng.nextPair(below: 7)
            seen[Int(x)] += 1
            seen[Int(y)] += 1
        }
        #expect(seen.allSatisfy { $0 > 1800 && $0 < 2200 }, "\(seen)")
        for bound: UInt32 in [1, 2, 3, 1 << 31, UInt32.max] {
            for _ in 0..<100 { #expect(rng.nextHalf(below: bound) < bound) }
        }
    }

    /// Coverage on a synthetic population with a known ROC-AUC: positives ~ N(1, 1),
    /// negatives ~ N(0, 1), so AUC = Phi(1 / sqrt 2) = 0.76025. Over 120 data sets of
    /// 60 positives and 140 negatives, a 95% interval should cover it about 95% of the
    /// time (percentile bootstraps run a little short on small samples; this seed gives
    /// 0.925).
    @Test func coverageIsSane() throws {
        let trueAUC = 0.7602499389065233
        var rng = SeededGenerator(seed: 2024)
        var covered = 0
        var widths = 0.0
        let trials = 120
        for trial in 0..<trials {
            let labelValues: [Int8] = [Int8](repeating: 1, count: 60) + [Int8](repeating: 0, count: 140)
            let scores: [Double] = labelValues.map { Double($0) + rng.nextNormal() }
            let labels = try BinaryLabels(labelValues)
            let result = try StratifiedBootstrap(seed: UInt64(trial), resamples: 200)
                .intervals(labels: labels, scores: scores, threshold: 0.5)
            if result.rocAUC.contains(trueAUC) { covered += 1 }
            widths += result.rocAUC.upper - result.rocAUC.lower
        }
        let coverage = Double(covered) / Double(trials)
        #expect(coverage >= 0.88 && coverage <= 0.99, "coverage \(coverage)")
        // The normal-theory width for these sizes is about 2 * 1.96 * 0.036 = 0.14.
        let meanWidth = widths / Double(trials)
        #expect(meanWidth > 0.10 && meanWidth < 0.18, "mean width \(meanWidth)")
    }

    /// One class: ROC-AUC and AP intervals are NaN, F1's is still computed.
    @Test func singleClass() throws {
        let fixture = try ClassificationFixture("single_class_positive")
        let result = try StratifiedBootstrap(seed: 1, resamples: 100)
            .intervals(labels: fixture.labels, scores: fixture.scores["model"]!, threshold: 0.5)
        #expect(result.rocAUC.estimate.isNaN && result.rocAUC.lower.isNaN && result.rocAUC.upper.isNaN)
        #expect(result.averagePrecision.lower.isNaN)
        #expect(result.f1.contains(result.f1.estimate))
        #expect(result.f1.estimate > 0)
    }

    @Test func rejectsBadSettings() throws {
        let labels = try BinaryLabels([0, 1] as [Int8])
        #expect(throws: ClassificationError.self) {
            try StratifiedBootstrap(seed: 1, resamples: 0).intervals(labels: labels, scores: [0.1, 0.9], threshold: 0.5)
        }
        #expect(throws: ClassificationError.self) {
            try StratifiedBootstrap(seed: 1, confidence: 1).intervals(labels: labels, scores: [0.1, 0.9], threshold: 0.5)
        }
        #expect(throws: ClassificationError.nonFiniteScores(count: 1, firstIndex: 0)) {
            try StratifiedBootstrap(seed: 1).intervals(labels: labels, scores: [.nan, 0.9], threshold: 0.5)
        }
    }
}
