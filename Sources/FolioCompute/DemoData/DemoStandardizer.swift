/// Per-column standardisation with statistics from the training rows only
/// (scikit-learn's `StandardScaler`: mean and population standard deviation; a constant
/// column is divided by 1).
public struct DemoStandardizer: Hashable, Sendable {
    /// The column means.
    public var mean: [Double]
    /// The column standard deviations (1 where a column is constant).
    public var scale: [Double]

    /// Fits the statistics on `rows` of the row-major matrix `x` with `dimension` columns.
    ///
    /// - Throws: ``DemoDataError/insufficientData(_:)`` when `rows` is empty or a value is
    ///   not finite.
    /// - Complexity: O(rows.count * dimension).
    public init(x: [Double], dimension d: Int, rows: [Int]) throws {
        guard !rows.isEmpty else { throw DemoDataError.insufficientData("no training rows to standardise features with") }
        var mean = [Double](repeating: 0, count: d)
        for i in rows {
            for j in 0..<d {
                let v = x[i * d + j]
                guard v.isFinite else {
                    throw DemoDataError.insufficientData("training row \(i) has a missing or non-finite value in column \(j)")
                }
                mean[j] += v
            }
        }
        let n = Double(rows.count)
        for j in 0..<d { mean[j] /= n }
        var variance = [Double](repeating: 0, count: d)
        for i in rows {
            for j in 0..<d {
                let e = x[i * d + j] - mean[j]
                variance[j] += e * e
            }
        }
        self.mean = mean
        self.scale = variance.map { v in
            let s = (v / n).squareRoot()
            return s > 0 ? s : 1
        }
    }

    /// The standardised copy of the whole row-major matrix.
    public func transform(_ x: [Double]) -> [Double] {
        let d = mean.count
        var out = x
        out.withUnsafeMutableBufferPointer { o in
            for i in 0..<(o.count / d) {
                for j in 0..<d { o[i * d + j] = (o[i * d + j] - mean[j]) / scale[j] }
            }
        }
        return out
    }
}
