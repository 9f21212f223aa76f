internal import COpenBLAS

/// Single-precision matrix products through OpenBLAS (`cblas_sgemm`), row-major.
enum BLAS {
    /// OpenBLAS runs single-threaded: the session already splits a batch across the cores
    /// (`InferenceSession.run(rows:...)`), and OpenBLAS's own threads would then compete
    /// with ours for the same two cores (oversubscription makes both slower). Set once, on
    /// first use; the setting is process-wide.
    private static let singleThreaded: Bool = {
        openblas_set_num_threads(1)
        return true
    }()

    /// `C = alpha · op(A) · op(B) + beta · C` with `op(A)` of shape `[m, k]` and `op(B)`
    /// of shape `[k, n]`, all row-major with leading dimensions `lda`, `ldb`, `ldc`.
    static func sgemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        _ = singleThreaded
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            // An empty sum: C = beta · C.
            for i in 0..<m {
                for j in 0..<n { c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j] }
            }
            return
        }
        cblas_sgemm(
            CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
            blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
    }
}
