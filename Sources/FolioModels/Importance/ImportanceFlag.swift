/// What the comparison of a feature's importance on two sides says.
///
/// With `ia`, `sa` the mean and standard deviation on side a and `ib`, `sb` on side b:
/// - `overfit`: `ia > 2 sa` (it matters on a), `ia - ib > 2 sqrt(sa^2 + sb^2)` (it loses
///   more than twice the combined noise on b) and `ib < ia / 2` (at least half of it).
/// - `unused`: `ia <= 2 sa` and `ib <= 2 sb`: neither side exceeds twice its own noise
///   (a feature with no influence has 0 <= 0 on both sides; negative importances count as
///   unused).
/// - `stable`: everything else.
///
/// `overfit` is tested first; the two tests exclude each other (`ia > 2 sa` against
/// `ia <= 2 sa`).
public enum ImportanceFlag: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Important on a, at most half as important on b, by more than the noise.
    case overfit
    /// Within twice its noise of zero on both sides.
    case unused
    /// Neither of the above.
    case stable

    /// The flag of `(ia, sa)` on side a and `(ib, sb)` on side b.
    public init(importanceA ia: Double, stdA sa: Double, importanceB ib: Double, stdB sb: Double) {
        if ia > 2 * sa && ia - ib > 2 * (sa * sa + sb * sb).squareRoot() && ib < ia / 2 {
            self = .overfit
        } else if ia <= 2 * sa && ib <= 2 * sb {
            self = .unused
        } else {
            self = .stable
        }
    }

    /// The raw value.
    public var description: String { rawValue }
}
