/// A percentile confidence interval around a point estimate.
public struct ConfidenceInterval: Hashable, Sendable, Codable {
    /// The statistic on the full data.
    public var estimate: Double
    /// The lower percentile of the resampled statistics.
    public var lower: Double
    /// The upper percentile of the resampled statistics.
    public var upper: Double
    /// The nominal coverage, e.g. 0.95.
    public var confidence: Double

    public init(estimate: Double, lower: Double, upper: Double, confidence: Double) {
        self.estimate = estimate
        self.lower = lower
        self.upper = upper
        self.confidence = confidence
    }

    /// Whether `value` lies in `[lower, upper]`.
    public func contains(_ value: Double) -> Bool { lower <= value && value <= upper }
}

/// Bootstrap intervals of one model's F1 (at a threshold), ROC-AUC and average precision.
public struct BootstrapIntervals: Hashable, Sendable, Codable {
    /// The threshold F1 was computed at.
    public var threshold: Double
    public var f1: ConfidenceInterval
    /// NaN throughout when only one class is present.
    public var rocAUC: ConfidenceInterval
    /// NaN throughout when only one class is present.
    public var averagePrecision: ConfidenceInterval
    /// The number of resamples.
    public var resamples: Int
}

/// A stratified, seeded percentile bootstrap for binary classification metrics.
///
/// Each resample draws the positives' rows with replacement from the positives and the
/// negatives' from the negatives, so the class counts stay those of the data (scikit-learn
/// has no bootstrap; this is the usual `sklearn.utils.resample(..., stratify=y)` scheme).
/// The interval is numpy's `np.percentile(stats, [100(1-c)/2, 100(1+c)/2])` (linear).
/// All three statistics come from the same resamples.
///
/// Every draw goes through `SeededGenerator(seed:)`: the same seed gives the same
/// intervals on every machine. A resample costs O(n + d) with d distinct scores: scores
/// are replaced once by their rank among the distinct values, and each resample counts
/// draws per rank and walks the ranks once (ROC-AUC by the trapezoid in integers, AP by
/// its step sum, F1 from the counts above the threshold's rank). Buffers are reused.
public struct StratifiedBootstrap: Hashable, Sendable, Codable {
    /// The number of resamples (default 1,000).
    public var resamples: Int
    /// The nominal coverage (default 0.95).
    public var confidence: Double
    /// The seed of the `SeededGenerator` (folio derives it from the notebook path and the
    /// directive id with `SeededGenerator.fnv1a`, unless the block gives one).
    public var seed: UInt64

    public init(seed: UInt64, resamples: Int = 1000, confidence: Double = 0.95) {
        self.seed = seed
        self.resamples = resamples
        self.confidence = confidence
    }

    /// Intervals for F1 at `threshold`, ROC-AUC and average precision.
    /// - Throws: `ClassificationError` for empty input, mismatched lengths, non-finite
    ///   scores, fewer than one resample, or a confidence outside (0, 1).
    /// - Complexity: O(resamples * (n + d)), O(n + d) memory.
    public func intervals(labels: BinaryLabels, scores: [Double], threshold: Double) throws -> BootstrapIntervals {
        guard resamples >= 1 else {
            throw ClassificationError.invalidParameter(name: "resamples", reason: "must be at least 1, got \(resamples)")
        }
        guard confidence > 0, confidence < 1 else {
            throw ClassificationError.invalidParameter(name: "confidence", reason: "must lie in (0, 1), got \(confidence)")
        }
        try ClassificationInput.checkScores(scores, labelCount: labels.count)
        let (posKeys, negKeys) = ScoreKeys.sortedByClass(labels: labels.values, positives: labels.positives, scores: scores)
        let ranking = ScoreRanking(sortedPositiveKeys: posKeys, sortedNegativeKeys: negKeys)
        let d = ranking.thresholds.count
        let (posRank, negRank) = Self.ranks(positive: posKeys, negative: negKeys)
        let cutoff = ranking.distinctCount(atOrAbove: threshold)
        let p = labels.positives
        let n = labels.negatives
        let bothClasses = p > 0 && n > 0

        var rng = SeededGenerator(seed: seed)
        var posCount = [Int32](repeating: 0, count: d)
        var negCount = [Int32](repeating: 0, count: d)
        var f1s = [Double](repeating: 0, count: resamples)
        var aucs = [Double](repeating: 0, count: resamples)
        var aps = [Double](repeating: 0, count: resamples)
        let pairs = 2 * Double(p) * Double(n)

        posRank.withUnsafeBufferPointer { pr in
        negRank.withUnsafeBufferPointer { nr in
        posCount.withUnsafeMutableBufferPointer { pc in
        negCount.withUnsafeMutableBufferPointer { nc in
            for r in 0..<resamples {
                pc.update(repeating: 0)
                nc.update(repeating: 0)
                if p > 0 { for _ in 0..<p { pc[Int(pr[rng.nextInt(below: p)])] &+= 1 } }
                if n > 0 { for _ in 0..<n { nc[Int(nr[rng.nextInt(below: n)])] &+= 1 } }
                var tp = 0
                var fp = 0
                var twiceArea = 0
                var apSum = 0.0
                var tpAtThreshold = 0
                var fpAtThreshold = 0
                for b in 0..<d {
                    if b == cutoff { tpAtThreshold = tp; fpAtThreshold = fp }
                    let cp = Int(pc[b])
                    let cn = Int(nc[b])
                    if cp == 0 && cn == 0 { continue }
                    twiceArea += cn * (2 * tp + cp)
                    tp += cp
                    fp += cn
                    if cp > 0 { apSum += Double(cp) * (Double(tp) / Double(tp + fp)) }
                }
                if cutoff == d { tpAtThreshold = tp; fpAtThreshold = fp }
                let f1Denominator = tpAtThreshold + fpAtThreshold + p
                f1s[r] = f1Denominator == 0 ? 0 : Double(2 * tpAtThreshold) / Double(f1Denominator)
                aucs[r] = bothClasses ? Double(twiceArea) / pairs : .nan
                aps[r] = bothClasses ? max(0, apSum / Double(p)) : .nan
            }
        } } } }

        let pointF1 = ranking.counts(atThreshold: threshold).f1
        return BootstrapIntervals(
            threshold: threshold,
            f1: interval(pointF1, &f1s),
            rocAUC: interval(ranking.rocAUC, &aucs),
            averagePrecision: interval(ranking.averagePrecision, &aps),
            resamples: resamples)
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

    /// The rank (0 = highest distinct score) of every positive and negative key.
    private static func ranks(positive p: [UInt64], negative q: [UInt64]) -> ([Int32], [Int32]) {
        var pr = [Int32](repeating: 0, count: p.count)
        var nr = [Int32](repeating: 0, count: q.count)
        var i = p.count - 1
        var j = q.count - 1
        var rank: Int32 = 0
        while i >= 0 || j >= 0 {
            let key: UInt64
            if i < 0 { key = q[j] } else if j < 0 { key = p[i] } else { key = max(p[i], q[j]) }
            while i >= 0 && p[i] == key { pr[i] = rank; i -= 1 }
            while j >= 0 && q[j] == key { nr[j] = rank; j -= 1 }
            rank += 1
        }
        return (pr, nr)
    }
}
