/// Single-precision matrix products through OpenBLAS (`cblas_sgemm`, opened on first use:
/// `OpenBLAS`), row-major, or the portable kernel.
enum BLAS {
    /// `C = alpha · op(A) · op(B) + beta · C` with `op(A)` of shape `[m, k]` and `op(B)`
    /// of shape `[k, n]`, all row-major with leading dimensions `lda`, `ldb`, `ldc`.
    static func sgemm(
        _ arithmetic: MatrixArithmetic, transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            // An empty sum: C = beta · C.
            for i in 0..<m {
                for j in 0..<n { c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j] }
            }
            return
        }
        guard arithmetic == .openBLAS, case .success(let openBLAS) = OpenBLAS.shared else {
            portableSgemm(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
            return
        }
        openBLAS.sgemm(
            OpenBLAS.rowMajor, transA ? OpenBLAS.trans : OpenBLAS.noTrans, transB ? OpenBLAS.trans : OpenBLAS.noTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// The same product with one fixed order of operations, so that the result does not
    /// depend on the CPU (OpenBLAS picks its kernel, and with it the rounding, per
    /// microarchitecture): every element of `C` starts at `beta · c` (0 when `beta` is 0) and
    /// adds its `k` products `(alpha · a[i, p]) · b[p, j]` in ascending `p`, each product and
    /// each sum rounded separately (no fused multiply-add).
    ///
    /// Written by hand because no library on the machine offers a reproducible product. The
    /// order fixes every element's arithmetic, so the kernel is free to vectorise across `j`
    /// and to keep four rows of `C` in registers while a row of `B` is loaded once: each SIMD
    /// lane computes its element exactly as the definition says. `op(B)` is first packed
    /// row-major into `[k, n]` with `n` rounded up to a multiple of 8 by zero columns (`k · n`
    /// moves against `m · k · n` multiply-adds), so that the last columns need no scalar loop;
    /// the padding lanes are computed and dropped. Time against OpenBLAS: CHANGELOG (0.9.0).
    static func portableSgemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        let n8 = (n + 7) / 8 * 8
        let packed = UnsafeMutablePointer<Float>.allocate(capacity: max(k * n8, 1))
        defer { packed.deallocate() }
        for p in 0..<k {
            let row = packed + p * n8
            if transB {
                for j in 0..<n { row[j] = b[j * ldb + p] }
            } else {
                row.update(from: b + p * ldb, count: n)
            }
            for j in n..<n8 { row[j] = 0 }
        }
        // op(A) scaled by alpha, row-major: the kernel reads four rows at a time. A row-major A
        // with alpha 1 (every call of the recurrent loops) is read in place, no copy.
        if !transA && alpha == 1 {
            portableKernel(m: m, n: n, n8: n8, k: k, a: a, lda: lda, b: packed, beta: beta, c: c, ldc: ldc)
            return
        }
        let scaled = UnsafeMutablePointer<Float>.allocate(capacity: max(m * k, 1))
        defer { scaled.deallocate() }
        for i in 0..<m {
            for p in 0..<k { scaled[i * k + p] = alpha * (transA ? a[p * lda + i] : a[i * lda + p]) }
        }
        portableKernel(m: m, n: n, n8: n8, k: k, a: scaled, lda: k, b: packed, beta: beta, c: c, ldc: ldc)
    }

    /// `C[i, j] = beta · C[i, j] + Σ_p a[i, p] · b[p, j]` in ascending `p`, with `a` `[m, k]` (row stride `lda`)
    /// and `b` `[k, n8]` row-major, `n8` a multiple of 8 (columns from `n` on are padding).
    private static func portableKernel(
        m: Int, n: Int, n8: Int, k: Int, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        let rawB = UnsafeRawPointer(b)
        @inline(__always) func load(_ row: Int, _ j: Int) -> SIMD8<Float> {
            guard beta != 0 else { return SIMD8() }
            let start = c + row * ldc + j
            var v = SIMD8<Float>()
            if j + 8 <= n {
                v = UnsafeRawPointer(start).loadUnaligned(as: SIMD8<Float>.self)
            } else {
                for l in 0..<(n - j) { v[l] = start[l] }
            }
            return SIMD8(repeating: beta) * v
        }
        @inline(__always) func store(_ v: SIMD8<Float>, _ row: Int, _ j: Int) {
            let start = c + row * ldc + j
            if j + 8 <= n {
                UnsafeMutableRawPointer(start).storeBytes(of: v, as: SIMD8<Float>.self)
            } else {
                for l in 0..<(n - j) { start[l] = v[l] }
            }
        }
        var i = 0
        while i + 4 <= m {
            let (a0, a1, a2, a3) = (a + i * lda, a + (i + 1) * lda, a + (i + 2) * lda, a + (i + 3) * lda)
            var j = 0
            while j < n8 {
                var c0 = load(i, j), c1 = load(i + 1, j), c2 = load(i + 2, j), c3 = load(i + 3, j)
                for p in 0..<k {
                    let bv = rawB.loadUnaligned(fromByteOffset: (p * n8 + j) * 4, as: SIMD8<Float>.self)
                    c0 = c0 + SIMD8(repeating: a0[p]) * bv
                    c1 = c1 + SIMD8(repeating: a1[p]) * bv
                    c2 = c2 + SIMD8(repeating: a2[p]) * bv
                    c3 = c3 + SIMD8(repeating: a3[p]) * bv
                }
                store(c0, i, j)
                store(c1, i + 1, j)
                store(c2, i + 2, j)
                store(c3, i + 3, j)
                j += 8
            }
            i += 4
        }
        while i < m {
            let a0 = a + i * lda
            var j = 0
            while j < n8 {
                var c0 = load(i, j)
                for p in 0..<k {
                    let bv = rawB.loadUnaligned(fromByteOffset: (p * n8 + j) * 4, as: SIMD8<Float>.self)
                    c0 = c0 + SIMD8(repeating: a0[p]) * bv
                }
                store(c0, i, j)
                j += 8
            }
            i += 1
        }
    }
}
