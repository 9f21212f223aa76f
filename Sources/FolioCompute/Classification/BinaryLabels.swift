/// A column of binary labels (0 = negative, 1 = positive), validated once.
///
/// Labels often arrive as `Double` from a CSV column; the initialisers reject anything
/// other than exactly 0 and 1 (NaN, that is a missing cell, included) with an error that
/// counts the offending values and names the first one.
public struct BinaryLabels: Hashable, Sendable {
    /// The labels, each 0 or 1.
    public let values: [Int8]
    /// The number of 1s.
    public let positives: Int

    /// The number of rows.
    public var count: Int { values.count }
    /// The number of 0s.
    public var negatives: Int { values.count - positives }
    /// Whether only one class is present (every row 0, or every row 1).
    public var isSingleClass: Bool { positives == 0 || positives == values.count }

    /// Labels from integers.
    /// - Throws: `ClassificationError.invalidLabels` when a value is not 0 or 1.
    /// - Complexity: O(n).
    public init(_ values: [Int8]) throws {
        var positives = 0
        var bad = 0
        var first = -1
        values.withUnsafeBufferPointer { v in
            for i in 0..<v.count {
                switch v[i] {
                case 0: break
                case 1: positives += 1
                default:
                    if first < 0 { first = i }
                    bad += 1
                }
            }
        }
        if bad > 0 {
            throw ClassificationError.invalidLabels(count: bad, firstIndex: first, firstValue: Double(values[first]))
        }
        self.values = values
        self.positives = positives
    }

    /// Labels from a numeric column (for example read from CSV).
    /// - Throws: `ClassificationError.invalidLabels` when a value is not exactly 0 or 1
    ///   (NaN, a missing cell, included).
    /// - Complexity: O(n).
    public init(_ values: [Double]) throws {
        var out = [Int8](repeating: 0, count: values.count)
        var positives = 0
        var bad = 0
        var first = -1
        values.withUnsafeBufferPointer { v in
            out.withUnsafeMutableBufferPointer { o in
                for i in 0..<v.count {
                    if v[i] == 1 {
                        o[i] = 1
                        positives += 1
                    } else if v[i] != 0 {
                        if first < 0 { first = i }
                        bad += 1
                    }
                }
            }
        }
        if bad > 0 {
            throw ClassificationError.invalidLabels(count: bad, firstIndex: first, firstValue: values[first])
        }
        self.values = out
        self.positives = positives
    }

    /// Labels from booleans (`true` = positive).
    public init(_ values: [Bool]) {
        self.values = values.map { $0 ? 1 : 0 }
        self.positives = values.reduce(0) { $0 + ($1 ? 1 : 0) }
    }

    /// The warning to show when only one class is present, else `nil`.
    public var singleClassWarning: ClassificationWarning? {
        guard isSingleClass, !values.isEmpty else { return nil }
        return .singleClass(label: positives == 0 ? 0 : 1, count: values.count)
    }
}
