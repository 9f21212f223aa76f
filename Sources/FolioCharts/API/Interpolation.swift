/// How consecutive points of a series are joined.
public enum Interpolation: Sendable, Hashable {
    /// Straight segments (ROC curves, equity).
    case linear
    /// Horizontal then vertical: a value holds until the next x (ECDFs, matplotlib's
    /// `drawstyle='steps-post'`, scikit-learn's `PrecisionRecallDisplay`).
    case stepAfter
    /// Vertical then horizontal: a value holds from the previous x (`steps-pre`).
    case stepBefore
}
