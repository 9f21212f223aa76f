import Foundation

/// A stratified, seeded percentile bootstrap for binary classification metrics.
///
/// Each resample draws the positives' rows with replacement from the positives and the
/// negatives' from the negatives, so the class counts stay those of the data (scikit-learn
/// has no bootstrap; this is the usual `sklearn.utils.resample(..., stratify=y)` scheme).
/// The interval is numpy's `np.percentile(stats, [100(1-c)/2, 100(1+c)/2])` (linear).
/// All three statistics come from the same resamples.
///
/// Every draw goes through `SeededGenerator`: the same seed gives the same intervals on
/// every machine and with any number of threads. Resamples run in chunks of 25, chunk `c`
/// drawing from stream `c` of the seed (`SeededGenerator(seed:stream:)`), on all cores.
/// Draws index each class's scores in ascending order (positives first, then negatives, in
/// each resample), two draws per 64-bit output (`SeededGenerator.nextPair(below:)`).
///
/// A resample costs O(n + k), k the number of distinct positive scores (at most the
/// positives, a twelfth of the rows at an 8% base rate): before resampling, every
/// positive is replaced by the rank of its distinct score and every negative by the
/// segment it falls in between (or on) those scores. A resample counts its draws per row
/// in bytes (one increment per draw into a class-sized buffer that stays in cache), then
/// folds them, in one sequential pass per class, into counts per rank and segment and the
/// rows at or above the threshold (for F1); a row drawn 256 times or more wraps its byte,
/// which the folded total shows, and that resample is counted again exactly. One walk over
/// the ranks then gives ROC-AUC (the trapezoid, in integers) and AP (its step sum).
/// Buffers are reused across a chunk's resamples.
public struct StratifiedBootstrap: Hashable, Sendable, Codable {
    /// The number of resamples (default 1,000).
    public var resamples: Int
    /// The nominal coverage (default 0.95).
    public var confidence: Double
    /// The seed of the `SeededGenerator` (folio derives it from the notebook path and the
    /// directive id with `SeededGenerator.fnv1a`, unless the block gives one).
    public var seed: UInt64

    /// A bootstrap with `resamples` draws per class and percentile intervals at
    /// `confidence`, seeded with `seed`.
    public init(seed: UInt64, resamples: Int = 1000, confidence: Double = 0.95) {
        self.seed = seed
        self.resamples = resamples
        self.confidence = confidence
    }

    /// Resamples per chunk. Chunk `c` (resamples `c * chunkSize ..< (c + 1) * chunkSize`)
    /// draws from `SeededGenerator(seed: seed, stream: c)`, so chunks run on any number of
    /// threads and give the same intervals.
    static let chunkSize = 25

    /// The generator of chunk `chunk`.
    static func generator(seed: UInt64, chunk: Int) -> SeededGenerator {
        SeededGenerator(seed: seed, stream: UInt64(chunk))
    }

    /// How a resample draws its rows: the positives' `p` indices, then the negatives' `n`,
    /// two per generator output (`SeededGenerator.nextPair(below:)`), the last one of an
    /// odd count from its own output (`nextHalf(below:)`).
    struct Draws {
        var positiveCount: Int
        var negativeCount: Int

        init(positives: Int, negatives: Int) {
            positiveCount = positives
            negativeCount = negatives
        }

        @inline(__always)
        func positives(_ rng: inout SeededGenerator, _ body: (Int) -> Void) {
            Self.draw(positiveCount, &rng, body)
        }

        @inline(__always)
        func negatives(_ rng: inout SeededGenerator, _ body: (Int) -> Void) {
            Self.draw(negativeCount, &rng, body)
        }

        @inline(__always)
        static func draw(_ count: Int, _ rng: inout SeededGenerator, _ body: (Int) -> Void) {
            guard count > 0 else { return }
            let bound = UInt32(count)
            var left = count
            while left >= 2 {
                let (a, b) = rng.nextPair(below: bound)
                body(Int(a))
                body(Int(b))
                left -= 2
            }
            if left == 1 { body(Int(rng.nextHalf(below: bound))) }
        }
    }

    /// Intervals for F1 at `threshold`, ROC-AUC and average precision.
    /// - Throws: `ClassificationError` for empty input, mismatched lengths, non-finite
    ///   scores, fewer than one resample, or a confidence outside (0, 1).
    /// - Complexity: O(resamples * (n + k)), O(n) memory.
    public func intervals(labels: BinaryLabels, scores: [Double], threshold: Double) throws -> BootstrapIntervals {
        try intervals(labels: labels, scores: scores, threshold: threshold, exactCounts: false)
    }

    /// `intervals(labels:scores:threshold:)`; with `exactCounts`, every resample counts its
    /// draws in Int32 directly (the path a resample takes when a byte count wraps), which
    /// tests compare with the byte counts.
    func intervals(labels: BinaryLabels, scores: [Double], threshold: Double, exactCounts: Bool) throws -> BootstrapIntervals {
        guard resamples >= 1 else {
            throw ClassificationError.invalidParameter(name: "resamples", reason: "must be at least 1, got \(resamples)")
        }
        guard confidence > 0, confidence < 1 else {
            throw ClassificationError.invalidParameter(name: "confidence", reason: "must lie in (0, 1), got \(confidence)")
        }
        try ClassificationInput.checkScores(scores, labelCount: labels.count)
        guard labels.count <= Int(UInt32.max) else {
            throw ClassificationError.invalidParameter(name: "rows", reason: "the bootstrap draws at most \(UInt32.max) rows per class, got \(labels.count) rows")
        }
        let (posKeys, negKeys) = ScoreKeys.sortedByClass(labels: labels.values, positives: labels.positives, scores: scores)
        let ranking = ScoreRanking(sortedPositiveKeys: posKeys, sortedNegativeKeys: negKeys)
        let layout = Layout(positive: posKeys, negative: negKeys)
        let p = posKeys.count
        let n = negKeys.count
        let k = layout.distinctPositives
        let bothClasses = p > 0 && n > 0
        // Rows at index >= cut (ascending order) have a score >= threshold; NaN: none.
        let posCut = threshold.isNaN ? p : Self.lowerBound(posKeys, ScoreKeys.key(threshold))
        let negCut = threshold.isNaN ? n : Self.lowerBound(negKeys, ScoreKeys.key(threshold))

        var f1s = [Double](repeating: 0, count: resamples)
        var aucs = [Double](repeating: 0, count: resamples)
        var aps = [Double](repeating: 0, count: resamples)
        let pairs = 2 * Double(p) * Double(n)
        let chunks = (resamples + Self.chunkSize - 1) / Self.chunkSize
        let draws = Draws(positives: p, negatives: n)

        layout.positiveRank.withUnsafeBufferPointer { pr in
        layout.negativeSegment.withUnsafeBufferPointer { ns in
        f1s.withUnsafeMutableBufferPointer { f1Out in
        aucs.withUnsafeMutableBufferPointer { aucOut in
        aps.withUnsafeMutableBufferPointer { apOut in
            // Chunk c writes only resamples c * chunkSize ..< (c + 1) * chunkSize.
            let outputs = (f1: f1Out, auc: aucOut, ap: apOut)
            ParallelLoop.run(iterations: chunks, threads: ProcessInfo.processInfo.activeProcessorCount) { c in
                var rng = Self.generator(seed: seed, chunk: c)
                var posCount = [Int32](repeating: 0, count: k)
                var negCount = [Int32](repeating: 0, count: 2 * k + 1)
                var posDrawn = [UInt8](repeating: 0, count: p)
                var negDrawn = [UInt8](repeating: 0, count: n)
                posCount.withUnsafeMutableBufferPointer { pc in
                negCount.withUnsafeMutableBufferPointer { nc in
                posDrawn.withUnsafeMutableBufferPointer { pd in
                negDrawn.withUnsafeMutableBufferPointer { nd in
                    for r in (c * Self.chunkSize)..<min(resamples, (c + 1) * Self.chunkSize) {
                        let start = rng
                        // Draws count per row in bytes (a class's counts fit in cache, and a
                        // draw is one increment, not a lookup then an increment); the counts
                        // then fold into ranks and segments in one sequential pass each.
                        pd.update(repeating: 0)
                        nd.update(repeating: 0)
                        if !exactCounts {
                            draws.positives(&rng) { i in pd[i] &+= 1 }
                            draws.negatives(&rng) { j in nd[j] &+= 1 }
                        }
                        var (tpAtThreshold, positivesCounted) = Self.fold(pd, into: pc, by: pr, cut: posCut)
                        var (fpAtThreshold, negativesCounted) = Self.fold(nd, into: nc, by: ns, cut: negCut)
                        if positivesCounted != p || negativesCounted != n {
                            // A row drawn 256 times or more wrapped its byte (the sums show
                            // it): count this resample's draws again, replayed, in Int32.
                            rng = start
                            pc.update(repeating: 0)
                            nc.update(repeating: 0)
                            tpAtThreshold = 0
                            fpAtThreshold = 0
                            draws.positives(&rng) { i in
                                pc[Int(pr[i])] &+= 1
                                tpAtThreshold += i >= posCut ? 1 : 0
                            }
                            draws.negatives(&rng) { j in
                                nc[Int(ns[j])] &+= 1
                                fpAtThreshold += j >= negCut ? 1 : 0
                            }
                        }
                        // Walk from the top: gap 0, tie 0, gap 1, tie 1, ..., gap k.
                        var tp = 0
                        var fp = 0
                        var twiceArea = 0
                        var apSum = 0.0
                        for b in 0..<k {
                            let gap = Int(nc[2 * b])
                            twiceArea += gap * 2 * tp
                            fp += gap
                            let cp = Int(pc[b])
                            let tie = Int(nc[2 * b + 1])
                            twiceArea += tie * (2 * tp + cp)
                            tp += cp
                            fp += tie
                            apSum += Double(cp) * (Double(tp) / Double(max(tp + fp, 1)))
                        }
                        twiceArea += Int(nc[2 * k]) * 2 * tp
                        let f1Denominator = tpAtThreshold + fpAtThreshold + p
                        outputs.f1[r] = f1Denominator == 0 ? 0 : Double(2 * tpAtThreshold) / Double(f1Denominator)
                        outputs.auc[r] = bothClasses ? Double(twiceArea) / pairs : .nan
                        outputs.ap[r] = bothClasses ? max(0, apSum / Double(p)) : .nan
                    }
                } } } }
            }
        } } } } }

        let pointF1 = ranking.counts(atThreshold: threshold).f1
        return BootstrapIntervals(
            threshold: threshold,
            f1: interval(pointF1, &f1s),
            rocAUC: interval(ranking.rocAUC, &aucs),
            averagePrecision: interval(ranking.averagePrecision, &aps),
            resamples: resamples)
    }

    /// Adds each row's draw count to its rank's (or segment's) count and returns the draws of
    /// rows at or above `cut` and of all rows. Ranks and segments are monotone in the row, so
    /// the writes are sequential.
    @inline(__always)
    private static func fold(_ drawn: UnsafeMutableBufferPointer<UInt8>, into counts: UnsafeMutableBufferPointer<Int32>,
                             by bucket: UnsafeBufferPointer<Int32>, cut: Int) -> (atOrAbove: Int, total: Int) {
        counts.update(repeating: 0)
        var below = 0
        for i in 0..<cut {
            let d = drawn[i]
            counts[Int(bucket[i])] &+= Int32(d)
            below &+= Int(d)
        }
        var above = 0
        for i in cut..<drawn.count {
            let d = drawn[i]
            counts[Int(bucket[i])] &+= Int32(d)
            above &+= Int(d)
        }
        return (above, below + above)
    }

    /// The percentile interval of `values` (sorted in place) around `estimate`.
    private func interval(_ estimate: Double, _ values: inout [Double]) -> ConfidenceInterval {
        if values.contains(where: \.isNaN) {
            return ConfidenceInterval(estimate: estimate, lower: .nan, upper: .nan, confidence: confidence)
        }
        values.sort()
        let alpha = (1 - confidence) / 2
        return ConfidenceInterval(
            estimate: estimate,
            lower: LinearPercentile.value(sorted: values, fraction: alpha),
            upper: LinearPercentile.value(sorted: values, fraction: 1 - alpha),
            confidence: confidence)
    }

    /// The first index of ascending `keys` whose key is not below `key`.
    private static func lowerBound(_ keys: [UInt64], _ key: UInt64) -> Int {
        var lo = 0
        var hi = keys.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if keys[mid] < key { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Ranks of the positives among the distinct positive scores (0 = highest), and the
    /// segment of each negative: `2a` strictly between the a-th and (a+1)-th distinct
    /// positive scores (above all of them for a = 0, below all for a = k), `2a + 1` tied
    /// with the (a+1)-th. Both in the classes' ascending order.
    private struct Layout {
        var positiveRank: [Int32]
        var negativeSegment: [Int32]
        var distinctPositives: Int

        init(positive p: [UInt64], negative q: [UInt64]) {
            var rank = [Int32](repeating: 0, count: p.count)
            var distinct: [UInt64] = []  // descending
            var i = p.count - 1
            while i >= 0 {
                let key = p[i]
                distinct.append(key)
                while i >= 0 && p[i] == key {
                    rank[i] = Int32(distinct.count - 1)
                    i -= 1
                }
            }
            var segment = [Int32](repeating: 0, count: q.count)
            var above = 0  // distinct positive scores above the current negative
            var j = q.count - 1
            while j >= 0 {
                let key = q[j]
                while above < distinct.count && distinct[above] > key { above += 1 }
                let tied = above < distinct.count && distinct[above] == key
                segment[j] = Int32(2 * above + (tied ? 1 : 0))
                j -= 1
            }
            positiveRank = rank
            negativeSegment = segment
            distinctPositives = distinct.count
        }
    }
}
