/// Why demo data could not be generated or written.
public enum DemoDataError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An option is out of range; the message says which and why.
    case invalidOption(String)
    /// The options leave a split, or the training data, without rows.
    case insufficientData(String)
    /// The output folder exists and does not look like a demo data set.
    case refusingToOverwrite(path: String)
    /// A file system operation failed.
    case io(path: String, message: String)

    /// The message, for `error:` lines.
    public var description: String {
        switch self {
        case .invalidOption(let m): return "invalid option: \(m)"
        case .insufficientData(let m): return "not enough data: \(m)"
        case .refusingToOverwrite(let p):
            return "refusing to overwrite '\(p)': it exists and is not a folio demo data set (it has neither features.csv nor mlruns/); choose another --out or remove it"
        case .io(let p, let m): return "cannot write '\(p)': \(m)"
        }
    }
}
