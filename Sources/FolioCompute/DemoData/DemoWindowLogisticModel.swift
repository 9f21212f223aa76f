/// A logistic regression on a symbol's recent window of feature rows: the inputs of a row
/// are its own (standardised) features followed by the mean of the same symbol's previous
/// `window` feature rows (fewer at the start of a series; zeros, the training mean, when
/// there are none). It can see how a symbol's state has moved over the last rows, which the
/// plain logistic regression cannot. Only earlier rows' features enter, never their labels.
public struct DemoWindowLogisticModel: Hashable, Sendable {
    /// How many previous rows of the same symbol are averaged.
    public var window: Int
    /// The fitted logistic regression on the `2 * dimension` inputs.
    public var logistic: DemoLogisticModel

    /// Creates a model from its parts.
    public init(window: Int, logistic: DemoLogisticModel) {
        self.window = window
        self.logistic = logistic
    }

    /// The inputs of every row: the row's `dimension` values, then the mean of its previous
    /// rows' values. `previous[i]` lists row `i`'s earlier rows of the same symbol.
    ///
    /// - Complexity: O(rows * window * dimension).
    public static func inputs(x: [Double], dimension d: Int, previous: [[Int]]) -> [Double] {
        let n = previous.count
        var out = [Double](repeating: 0, count: n * 2 * d)
        out.withUnsafeMutableBufferPointer { o in
            for i in 0..<n {
                let base = i * 2 * d
                for j in 0..<d { o[base + j] = x[i * d + j] }
                let p = previous[i]
                guard !p.isEmpty else { continue }
                for r in p {
                    for j in 0..<d { o[base + d + j] += x[r * d + j] }
                }
                let inv = 1 / Double(p.count)
                for j in 0..<d { o[base + d + j] *= inv }
            }
        }
        return out
    }

    /// Fits the logistic regression on the window inputs of `rows`.
    ///
    /// - Parameters:
    ///   - x: standardised row-major features (`dimension` columns), all rows.
    ///   - previous: per row, its earlier rows of the same symbol, at most `window`
    ///     (``DemoFeatureTable/previousRows(window:)``).
    /// - Throws: as ``DemoLogisticModel/fit(x:dimension:y:rows:l2:maxIterations:tolerance:)``.
    public static func fit(x: [Double], dimension d: Int, y: [Int8], rows: [Int], previous: [[Int]], window: Int,
                           l2: Double = 1) throws -> DemoWindowLogisticModel {
        let inputs = inputs(x: x, dimension: d, previous: previous)
        let logistic = try DemoLogisticModel.fit(x: inputs, dimension: 2 * d, y: y, rows: rows, l2: l2)
        return DemoWindowLogisticModel(window: window, logistic: logistic)
    }

    /// P(y = 1) for `rows`, from the same standardised matrix and history lists as `fit`.
    public func probabilities(x: [Double], dimension d: Int, previous: [[Int]], rows: [Int]) -> [Double] {
        let inputs = DemoWindowLogisticModel.inputs(x: x, dimension: d, previous: previous)
        return logistic.probabilities(x: inputs, rows: rows)
    }
}
