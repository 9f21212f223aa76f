/// The four counts of a binary decision, and the metrics computed from them.
///
/// A row is predicted positive when its score is at or above the threshold, as
/// scikit-learn users write `(p >= t).astype(int)`. Each metric names the scikit-learn
/// function it matches (scikit-learn 1.9.1, `zero_division=0`).
///
/// Precision, recall and F1 with a zero denominator are 0 (`zero_division=0`); the
/// rates over all rows (accuracy, positive rate, balanced accuracy, the macro averages)
/// are NaN for a value with no rows at all.
public struct ConfusionCounts: Hashable, Sendable, Codable {
    /// Rows labelled 0 and predicted 0.
    public var trueNegatives: Int
    /// Rows labelled 0 and predicted 1.
    public var falsePositives: Int
    /// Rows labelled 1 and predicted 0.
    public var falseNegatives: Int
    /// Rows labelled 1 and predicted 1.
    public var truePositives: Int

    /// Counts given directly.
    public init(trueNegatives: Int, falsePositives: Int, falseNegatives: Int, truePositives: Int) {
        self.trueNegatives = trueNegatives
        self.falsePositives = falsePositives
        self.falseNegatives = falseNegatives
        self.truePositives = truePositives
    }

    /// Counts of `scores >= threshold` against `labels`, by one scan (use
    /// `ScoreRanking.counts(atThreshold:)` to read many thresholds).
    ///
    /// A NaN threshold predicts every row negative, as `p >= nan` is false in numpy.
    /// - Throws: `ClassificationError` for empty input, mismatched lengths, non-finite scores.
    /// - Complexity: O(n).
    public init(labels: BinaryLabels, scores: [Double], threshold: Double) throws {
        try ClassificationInput.checkScores(scores, labelCount: labels.count)
        var tp = 0
        var fp = 0
        labels.values.withUnsafeBufferPointer { y in
            scores.withUnsafeBufferPointer { s in
                for i in 0..<s.count where s[i] >= threshold {
                    if y[i] == 1 { tp += 1 } else { fp += 1 }
                }
            }
        }
        self.init(trueNegatives: labels.negatives - fp, falsePositives: fp,
                  falseNegatives: labels.positives - tp, truePositives: tp)
    }

    /// All rows.
    public var count: Int { trueNegatives + falsePositives + falseNegatives + truePositives }
    /// Rows labelled 1.
    public var actualPositives: Int { truePositives + falseNegatives }
    /// Rows labelled 0.
    public var actualNegatives: Int { trueNegatives + falsePositives }
    /// Rows predicted 1.
    public var predictedPositives: Int { truePositives + falsePositives }
    /// Rows predicted 0.
    public var predictedNegatives: Int { trueNegatives + falseNegatives }

    /// `sklearn.metrics.confusion_matrix(y, pred, labels=[0, 1])`: `[[tn, fp], [fn, tp]]`.
    public var matrix: [[Int]] { [[trueNegatives, falsePositives], [falseNegatives, truePositives]] }

    /// `sklearn.metrics.accuracy_score`: (tp + tn) / n.
    public var accuracy: Double { Double(truePositives + trueNegatives) / Double(count) }

    /// The share of rows predicted positive (the "positive rate" of a threshold sweep).
    public var positiveRate: Double { Double(predictedPositives) / Double(count) }

    /// `sklearn.metrics.precision_score` for the positive class: tp / (tp + fp), 0 when
    /// nothing is predicted positive.
    public var precision: Double { Self.ratio(truePositives, predictedPositives) }

    /// `sklearn.metrics.recall_score` for the positive class: tp / (tp + fn), 0 without
    /// positives.
    public var recall: Double { Self.ratio(truePositives, actualPositives) }

    /// `sklearn.metrics.f1_score` for the positive class: 2tp / (2tp + fp + fn), 0 when
    /// the denominator is 0.
    public var f1: Double { Self.ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives) }

    /// Precision of the negative class: tn / (tn + fn).
    public var negativePrecision: Double { Self.ratio(trueNegatives, predictedNegatives) }
    /// Recall of the negative class (specificity): tn / (tn + fp).
    public var negativeRecall: Double { Self.ratio(trueNegatives, actualNegatives) }
    /// F1 of the negative class.
    public var negativeF1: Double { Self.ratio(2 * trueNegatives, 2 * trueNegatives + falsePositives + falseNegatives) }

    /// `sklearn.metrics.balanced_accuracy_score`: the mean recall of the classes present in
    /// the labels (with one class present, that class's recall, as scikit-learn drops the
    /// NaN recall of the absent class).
    public var balancedAccuracy: Double {
        var sum = 0.0
        var classes = 0
        if actualNegatives > 0 { sum += negativeRecall; classes += 1 }
        if actualPositives > 0 { sum += recall; classes += 1 }
        return classes == 0 ? .nan : sum / Double(classes)
    }

    /// `precision_score(average="macro", zero_division=0)`: the mean over the classes
    /// present in the labels or the predictions (scikit-learn's `unique_labels`).
    public var macroPrecision: Double { macro(negativePrecision, precision) }
    /// `recall_score(average="macro", zero_division=0)`.
    public var macroRecall: Double { macro(negativeRecall, recall) }
    /// `f1_score(average="macro", zero_division=0)`.
    public var macroF1: Double { macro(negativeF1, f1) }

    /// `sklearn.metrics.matthews_corrcoef`, computed as scikit-learn does from the class
    /// sums in floating point; 0 when the denominator is 0.
    public var matthewsCorrelation: Double {
        let n = Double(count)
        let tSum = (Double(actualNegatives), Double(actualPositives))
        let pSum = (Double(predictedNegatives), Double(predictedPositives))
        let correct = Double(trueNegatives + truePositives)
        let covTP = correct * n - (tSum.0 * pSum.0 + tSum.1 * pSum.1)
        let covPP = n * n - (pSum.0 * pSum.0 + pSum.1 * pSum.1)
        let covTT = n * n - (tSum.0 * tSum.0 + tSum.1 * tSum.1)
        let product = covPP * covTT
        return product == 0 ? 0 : covTP / product.squareRoot()
    }

    @inline(__always)
    static func ratio(_ numerator: Int, _ denominator: Int) -> Double {
        denominator == 0 ? 0 : Double(numerator) / Double(denominator)
    }

    private func macro(_ negative: Double, _ positive: Double) -> Double {
        let hasNegative = actualNegatives > 0 || predictedNegatives > 0
        let hasPositive = actualPositives > 0 || predictedPositives > 0
        switch (hasNegative, hasPositive) {
        case (true, true): return (negative + positive) / 2
        case (true, false): return negative
        case (false, true): return positive
        case (false, false): return .nan
        }
    }
}
