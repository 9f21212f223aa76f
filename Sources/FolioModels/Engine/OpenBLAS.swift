import Foundation

/// OpenBLAS, opened with `dlopen` the first time a session multiplies with it.
///
/// Linked, it was mapped and initialised (its thread pool started) at every folio start,
/// though only `folio predict` multiplies with it (reports use the portable product):
/// measured with `perf stat`, a Foundation program linking libopenblas starts in 10.5 ms of
/// CPU against 7.5 ms without. When the library cannot be opened, `BLAS.sgemm` computes
/// `.openBLAS` products with the portable kernel (the same values up to rounding) and
/// `OpenBLAS.unavailable` says why.
///
/// The C ABI of the two functions used, from Debian's `cblas.h` and `openblas_config.h`
/// (`blasint` is a 32-bit `int` in the packaged builds, `OPENBLAS_USE64BITINT` unset; the
/// enums are C `int`s).
struct OpenBLAS: @unchecked Sendable {
    static let rowMajor: Int32 = 101
    static let noTrans: Int32 = 111
    static let trans: Int32 = 112

    typealias SGEMM = @convention(c) (Int32, Int32, Int32, Int32, Int32, Int32, Float, UnsafePointer<Float>?, Int32,
                                      UnsafePointer<Float>?, Int32, Float, UnsafeMutablePointer<Float>?, Int32) -> Void
    let sgemm: SGEMM

    /// The library, opened once per process and set to one thread (the session already
    /// splits a batch across the cores; OpenBLAS's own threads would compete with ours).
    static let shared: Result<OpenBLAS, OpenBLASMissing> = {
        guard let library = dlopen("libopenblas.so.0", RTLD_NOW | RTLD_LOCAL) else {
            return .failure(OpenBLASMissing(reason: dlerror().map { String(cString: $0) } ?? "unknown error"))
        }
        guard let sgemm = dlsym(library, "cblas_sgemm"), let threads = dlsym(library, "openblas_set_num_threads") else {
            return .failure(OpenBLASMissing(reason: "libopenblas.so.0 lacks cblas_sgemm or openblas_set_num_threads"))
        }
        unsafeBitCast(threads, to: (@convention(c) (Int32) -> Void).self)(1)
        return .success(OpenBLAS(sgemm: unsafeBitCast(sgemm, to: SGEMM.self)))
    }()

    /// Why OpenBLAS could not be opened.
    struct OpenBLASMissing: Error, CustomStringConvertible {
        var reason: String
        var description: String { "OpenBLAS is not available (\(reason)); products use the portable kernel" }
    }
}
