/// Something a caller should tell the user about a result that is still returned.
public enum ClassificationWarning: Hashable, Sendable, CustomStringConvertible {
    /// Only one class is present in the labels: ROC-AUC and average precision are
    /// undefined and reported as NaN (scikit-learn's `roc_auc_score` returns NaN with an
    /// `UndefinedMetricWarning`), and one of the ROC curve's rates is NaN.
    case singleClass(label: Int8, count: Int)

    /// The message shown to the user.
    public var description: String {
        switch self {
        case let .singleClass(label, count):
            return "only one class is present in the labels (all \(count) rows are \(label)): "
                + "ROC-AUC and average precision are undefined (NaN)"
        }
    }
}
