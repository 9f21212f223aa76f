/// The time-based split a feature row belongs to.
public enum DemoSplit: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case train = 0
    case val = 1
    case test = 2

    /// `train`, `val` or `test`, as written in the `split` column.
    public var description: String {
        switch self {
        case .train: return "train"
        case .val: return "val"
        case .test: return "test"
        }
    }
}
