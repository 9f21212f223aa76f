/// How an inference session computes matrix products.
///
/// - `openBLAS`: `cblas_sgemm`, the fastest. OpenBLAS chooses its kernel for the CPU it runs
///   on, so the last bits of a score can differ between machines.
/// - `portable`: one fixed order of operations (`BLAS.portableSgemm`), identical on every
///   machine. Reports use it (checkpoint scores in `folio render` and `folio check`), so that
///   a report rendered elsewhere is byte-identical; `folio predict` keeps OpenBLAS.
public enum MatrixArithmetic: Sendable, Hashable {
    case openBLAS
    case portable
}
