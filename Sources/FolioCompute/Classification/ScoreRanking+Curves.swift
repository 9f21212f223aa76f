extension ScoreRanking {
    /// `sklearn.metrics.roc_curve(y, s, drop_intermediate=...)`.
    ///
    /// With `dropIntermediate` (the default, as in scikit-learn) and more than two
    /// thresholds, a point is kept only where the second difference of the false or the
    /// true positive counts is non-zero (a corner), plus the first and the last. The point
    /// (0, 0) with threshold `+inf` is prepended.
    /// - Complexity: O(d).
    public func rocCurve(dropIntermediate: Bool = true) -> ROCCurve {
        let d = thresholds.count
        var keep: [Int] = []
        keep.reserveCapacity(d)
        if dropIntermediate && d > 2 {
            keep.append(0)
            for i in 1..<(d - 1) {
                let fd = falsePositives[i + 1] - 2 * falsePositives[i] + falsePositives[i - 1]
                let td = truePositives[i + 1] - 2 * truePositives[i] + truePositives[i - 1]
                if fd != 0 || td != 0 { keep.append(i) }
            }
            keep.append(d - 1)
        } else {
            keep = Array(0..<d)
        }
        var fpr = [0.0]
        var tpr = [0.0]
        var thr = [Double.infinity]
        fpr.reserveCapacity(keep.count + 1)
        tpr.reserveCapacity(keep.count + 1)
        thr.reserveCapacity(keep.count + 1)
        let n = Double(negatives)
        let p = Double(positives)
        for i in keep {
            fpr.append(negatives > 0 ? Double(falsePositives[i]) / n : .nan)
            tpr.append(positives > 0 ? Double(truePositives[i]) / p : .nan)
            thr.append(thresholds[i])
        }
        if negatives == 0 { fpr[0] = .nan }
        if positives == 0 { tpr[0] = .nan }
        return ROCCurve(falsePositiveRate: fpr, truePositiveRate: tpr, thresholds: thr)
    }

    /// `sklearn.metrics.precision_recall_curve(y, s, drop_intermediate=...)`.
    ///
    /// `dropIntermediate` (default false, as in scikit-learn) keeps only the first and the
    /// last point of each run of equal true positive counts.
    /// - Complexity: O(d).
    public func precisionRecallCurve(dropIntermediate: Bool = false) -> PrecisionRecallCurve {
        let d = thresholds.count
        var keep: [Int] = []
        keep.reserveCapacity(d)
        if dropIntermediate && d > 2 {
            keep.append(0)
            for i in 1..<(d - 1)
            where truePositives[i] != truePositives[i - 1] || truePositives[i + 1] != truePositives[i] {
                keep.append(i)
            }
            keep.append(d - 1)
        } else {
            keep = Array(0..<d)
        }
        var precision: [Double] = []
        var recall: [Double] = []
        var thr: [Double] = []
        precision.reserveCapacity(keep.count + 1)
        recall.reserveCapacity(keep.count + 1)
        thr.reserveCapacity(keep.count)
        let p = Double(positives)
        for i in keep.reversed() {
            let tp = truePositives[i]
            let predicted = tp + falsePositives[i]
            precision.append(predicted == 0 ? 0 : Double(tp) / Double(predicted))
            recall.append(positives == 0 ? 1 : Double(tp) / p)
            thr.append(thresholds[i])
        }
        precision.append(1)
        recall.append(0)
        return PrecisionRecallCurve(precision: precision, recall: recall, thresholds: thr)
    }
}
