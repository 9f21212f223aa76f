/// Gemm and MatMul, through `BLAS.sgemm`.
extension OperatorRegistry {
    static let matrixKernels: [String: Kernel] = [
        "Gemm": { context throws(ModelError) in [try MatrixProducts.gemm(context)] },
        "MatMul": { context throws(ModelError) in [try MatrixProducts.matMul(context)] },
    ]
}

enum MatrixProducts {
    /// `Y = alpha · A' · B' + beta · C`, with `A'` and `B'` optionally transposed and `C`
    /// broadcast to `[M, N]`.
    static func gemm(_ context: KernelContext) throws(ModelError) -> Tensor {
        let (a, aValues) = try context.floatInput(0)
        let (b, bValues) = try context.floatInput(1)
        let transA = try context.int("transA", default: 0) != 0
        let transB = try context.int("transB", default: 0) != 0
        let alpha = try context.float("alpha", default: 1)
        var beta = try context.float("beta", default: 1)
        guard a.rank == 2, b.rank == 2 else {
            throw context.error("A and B must be matrices, got shapes \(a.shape) and \(b.shape)")
        }
        let m = transA ? a.shape[1] : a.shape[0]
        let k = transA ? a.shape[0] : a.shape[1]
        let kB = transB ? b.shape[1] : b.shape[0]
        let n = transB ? b.shape[0] : b.shape[1]
        guard k == kB else {
            throw context.error("A' is [\(m), \(k)] and B' is [\(kB), \(n)]: inner dimensions differ")
        }
        var output = [Float](repeating: 0, count: m * n)
        if context.optionalInput(2) != nil {
            let (c, cValues) = try context.floatInput(2)
            guard let shape = Broadcast.shape(c.shape, [m, n]), shape == [m, n] else {
                throw context.error("C of shape \(c.shape) does not broadcast to [\(m), \(n)]")
            }
            output = Broadcast.apply(cValues, c.shape, output, [m, n], [m, n]) { c, _ in c }
        } else {
            beta = 0
        }
        aValues.withUnsafeBufferPointer { a in
            bValues.withUnsafeBufferPointer { b in
                output.withUnsafeMutableBufferPointer { y in
                    guard let aBase = a.baseAddress, let bBase = b.baseAddress, let yBase = y.baseAddress else { return }
                    BLAS.sgemm(
                        context.arithmetic, transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha,
                        a: aBase, lda: transA ? m : k, b: bBase, ldb: transB ? k : n,
                        beta: beta, c: yBase, ldc: n)
                }
            }
        }
        return Tensor(shape: [m, n], floats: output)
    }

    /// numpy's `matmul`: 1-D operands promoted, leading (batch) axes broadcast.
    static func matMul(_ context: KernelContext) throws(ModelError) -> Tensor {
        let (a, aValues) = try context.floatInput(0)
        let (b, bValues) = try context.floatInput(1)
        guard a.rank >= 1, b.rank >= 1 else {
            throw context.error("MatMul needs operands of rank 1 or more, got \(a.shape) and \(b.shape)")
        }
        let aShape = a.rank == 1 ? [1] + a.shape : a.shape
        let bShape = b.rank == 1 ? b.shape + [1] : b.shape
        let m = aShape[aShape.count - 2], k = aShape[aShape.count - 1]
        let kB = bShape[bShape.count - 2], n = bShape[bShape.count - 1]
        guard k == kB else {
            throw context.error("shapes \(a.shape) and \(b.shape) do not multiply (inner dimensions \(k) and \(kB))")
        }
        let aBatch = Array(aShape.dropLast(2)), bBatch = Array(bShape.dropLast(2))
        guard let batch = Broadcast.shape(aBatch, bBatch) else {
            throw context.error("batch dimensions of \(a.shape) and \(b.shape) do not broadcast")
        }
        var shape = batch + [m, n]
        if a.rank == 1 { shape.remove(at: shape.count - 2) }
        if b.rank == 1 { shape.removeLast() }
        let batchCount = batch.reduce(1, *)
        var output = [Float](repeating: 0, count: batchCount * m * n)
        aValues.withUnsafeBufferPointer { aBuffer in
            bValues.withUnsafeBufferPointer { bBuffer in
                output.withUnsafeMutableBufferPointer { yBuffer in
                    guard let aBase = aBuffer.baseAddress, let bBase = bBuffer.baseAddress, let yBase = yBuffer.baseAddress
                    else { return }
                    if bBatch.reduce(1, *) == 1 && aBatch == batch {
                        // The common case ([N, T, F] · [F, H]): one product over all rows of A.
                        BLAS.sgemm(
                            context.arithmetic, transA: false, transB: false, m: batchCount * m, n: n, k: k, alpha: 1,
                            a: aBase, lda: k, b: bBase, ldb: n, beta: 0, c: yBase, ldc: n)
                        return
                    }
                    let aStrides = Broadcast.broadcastStrides(aBatch, rank: batch.count)
                    let bStrides = Broadcast.broadcastStrides(bBatch, rank: batch.count)
                    let batchStrides = rowMajorStrides(batch)
                    for index in 0..<batchCount {
                        var aOffset = 0, bOffset = 0, rest = index
                        for axis in 0..<batch.count {
                            let position = rest / batchStrides[axis]
                            rest %= batchStrides[axis]
                            aOffset += position * aStrides[axis]
                            bOffset += position * bStrides[axis]
                        }
                        BLAS.sgemm(
                            context.arithmetic, transA: false, transB: false, m: m, n: n, k: k, alpha: 1,
                            a: aBase + aOffset * m * k, lda: k, b: bBase + bOffset * k * n, ldb: n,
                            beta: 0, c: yBase + index * m * n, ldc: n)
                    }
                }
            }
        }
        return Tensor(shape: shape, floats: output)
    }
}
