/// Errors of the distribution-shift statistics.
public enum ShiftError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A sample (named by the role it plays, e.g. "a" or "reference") has no values.
    case emptySample(String)
    /// A sample holds NaN at `index` (of the values as given).
    case notANumber(sample: String, index: Int)
    /// Values passed as already sorted are not in ascending order at `index`.
    case notSorted(index: Int)
    /// Two arrays that must be parallel have different lengths.
    case lengthMismatch(String, expected: Int, actual: Int)
    /// A parameter is outside its domain.
    case invalidParameter(String)
    /// A p-value is NaN or outside `[0, 1]`.
    case invalidPValue(index: Int, value: Double)
    /// Automatic histogram edges need a finite range.
    case nonFiniteRange(Double, Double)

    /// A message naming the sample or parameter at fault.
    public var description: String {
        switch self {
        case .emptySample(let name):
            return "sample '\(name)' is empty"
        case .notANumber(let name, let index):
            return "sample '\(name)' has NaN at index \(index); drop missing values first"
        case .notSorted(let index):
            return "values passed as sorted are not ascending at index \(index)"
        case .lengthMismatch(let what, let expected, let actual):
            return "\(what): expected \(expected) values, got \(actual)"
        case .invalidParameter(let message):
            return message
        case .invalidPValue(let index, let value):
            return "p-value \(value) at index \(index) is not a number in [0, 1]"
        case .nonFiniteRange(let low, let high):
            return "the data range [\(low), \(high)] is not finite, so automatic bin edges cannot be computed"
        }
    }
}
