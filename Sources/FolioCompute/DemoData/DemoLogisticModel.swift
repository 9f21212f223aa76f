/// L2-regularised logistic regression fitted by Newton's method, the objective of
/// scikit-learn's `LogisticRegression(C=1/l2)`:
/// `sum_i logloss(y_i, sigmoid(w.x_i + b)) + l2/2 * |w|^2` (the intercept is not penalised).
///
/// Newton steps with a Cholesky solve and step halving converge to machine precision in a
/// handful of iterations on the demo's standardised features.
public struct DemoLogisticModel: Hashable, Sendable {
    /// The coefficients, one per input column.
    public var weights: [Double]
    /// The intercept.
    public var intercept: Double
    /// The Newton iterations taken.
    public var iterations: Int

    /// Creates a model from its parameters.
    public init(weights: [Double], intercept: Double, iterations: Int = 0) {
        self.weights = weights
        self.intercept = intercept
        self.iterations = iterations
    }

    /// Fits the model on `rows` of the row-major matrix `x` (`dimension` columns) with 0/1
    /// labels `y` (indexed like the rows of `x`).
    ///
    /// - Throws: ``DemoDataError/insufficientData(_:)`` when there are no rows, only one
    ///   class, or a non-finite value; ``DemoDataError/invalidOption(_:)`` for a negative `l2`.
    /// - Complexity: O(iterations * rows * dimension^2), the Hessian accumulated in 8 fixed
    ///   chunks on all cores (the sum order does not depend on the core count).
    public static func fit(x: [Double], dimension d: Int, y: [Int8], rows: [Int], l2: Double = 1,
                           maxIterations: Int = 50, tolerance: Double = 1e-10) throws -> DemoLogisticModel {
        guard !rows.isEmpty else { throw DemoDataError.insufficientData("no rows to fit a logistic regression on") }
        guard l2 >= 0 else { throw DemoDataError.invalidOption("l2 must be non-negative") }
        let positives = rows.reduce(0) { $0 + (y[$1] == 1 ? 1 : 0) }
        guard positives > 0, positives < rows.count else {
            throw DemoDataError.insufficientData("a logistic regression needs both classes among its \(rows.count) training rows")
        }
        guard rows.allSatisfy({ i in (0..<d).allSatisfy { x[i * d + $0].isFinite } }) else {
            throw DemoDataError.insufficientData("a training row has a missing or non-finite value")
        }
        let p = d + 1  // parameters: weights then intercept
        var beta = [Double](repeating: 0, count: p)
        let chunks = DemoParallel.ranges(rows.count, chunks: 8)

        func objective(_ b: [Double]) -> Double {
            let parts = DemoParallel.map(chunks.count) { c -> Double in
                var s = 0.0
                for r in chunks[c] {
                    let i = rows[r]
                    var z = b[d]
                    for j in 0..<d { z += b[j] * x[i * d + j] }
                    // logloss = softplus(z) - y z
                    s += DemoMath.softplus(z) - (y[i] == 1 ? z : 0)
                }
                return s
            }
            var total = parts.reduce(0, +)
            for j in 0..<d { total += 0.5 * l2 * b[j] * b[j] }
            return total
        }

        var current = objective(beta)
        var iterations = 0
        while iterations < maxIterations {
            iterations += 1
            let b = beta
            // Gradient and upper-triangular Hessian per chunk.
            let parts = DemoParallel.map(chunks.count) { c -> [Double] in
                var acc = [Double](repeating: 0, count: p + p * p)
                var row = [Double](repeating: 1, count: p)  // the features, then 1 for the intercept
                x.withUnsafeBufferPointer { xs in
                    for r in chunks[c] {
                        let i = rows[r]
                        var z = b[d]
                        for j in 0..<d {
                            row[j] = xs[i * d + j]
                            z += b[j] * row[j]
                        }
                        let prob = DemoMath.sigmoid(z)
                        let residual = prob - Double(y[i])
                        let w = prob * (1 - prob)
                        row.withUnsafeBufferPointer { rw in
                            acc.withUnsafeMutableBufferPointer { a in
                                for j in 0..<p {
                                    a[j] += residual * rw[j]
                                    let wj = w * rw[j]
                                    let base = p + j * p
                                    for k in j..<p { a[base + k] += wj * rw[k] }
                                }
                            }
                        }
                    }
                }
                return acc
            }
            var gradient = [Double](repeating: 0, count: p)
            var hessian = [Double](repeating: 0, count: p * p)
            for part in parts {
                for j in 0..<p { gradient[j] += part[j] }
                for j in 0..<p { for k in j..<p { hessian[j * p + k] += part[p + j * p + k] } }
            }
            for j in 0..<p { for k in 0..<j { hessian[j * p + k] = hessian[k * p + j] } }
            for j in 0..<d {
                gradient[j] += l2 * b[j]
                hessian[j * p + j] += l2
            }
            guard let step = DemoLinearAlgebra.choleskySolve(hessian, gradient, dimension: p) else {
                throw DemoDataError.insufficientData("the logistic regression's Hessian is singular (a constant or duplicated feature without regularisation)")
            }
            var scale = 1.0
            var candidate = beta
            var accepted = false
            for _ in 0..<30 {
                for j in 0..<p { candidate[j] = beta[j] - scale * step[j] }
                let value = objective(candidate)
                if value <= current {
                    current = value
                    accepted = true
                    break
                }
                scale *= 0.5
            }
            let largest = step.reduce(0) { Swift.max($0, Swift.abs($1)) } * scale
            if accepted { beta = candidate }
            if !accepted || largest <= tolerance * (1 + beta.reduce(0) { Swift.max($0, Swift.abs($1)) }) { break }
        }
        return DemoLogisticModel(weights: Array(beta[0..<d]), intercept: beta[d], iterations: iterations)
    }

    /// P(y = 1) for one input row.
    @inline(__always)
    public func probability<C: Collection>(_ row: C) -> Double where C.Element == Double {
        var z = intercept
        var j = 0
        for v in row {
            z += weights[j] * v
            j += 1
        }
        return DemoMath.sigmoid(z)
    }

    /// P(y = 1) for `rows` of a row-major matrix with `weights.count` columns.
    public func probabilities(x: [Double], rows: [Int]) -> [Double] {
        let d = weights.count
        return rows.map { i in
            var z = intercept
            for j in 0..<d { z += weights[j] * x[i * d + j] }
            return DemoMath.sigmoid(z)
        }
    }
}
