import Testing
@testable import FolioModels

/// OpenBLAS is opened on first use (not linked): on a machine set up by
/// scripts/ensure-system-packages it opens, and its product agrees with the portable one.
@Suite struct OpenBLASTests {
    @Test func opensAndMultipliesLikeThePortableKernel() throws {
        if case .failure(let missing) = OpenBLAS.shared { Issue.record("\(missing)") }
        let a: [Float] = [1, 2, 3, 4, 5, 6]          // 2 x 3
        let b: [Float] = [7, 8, 9, 10, 11, 12]       // 3 x 2
        var fast = [Float](repeating: 0, count: 4)
        var portable = [Float](repeating: 0, count: 4)
        BLAS.sgemm(.openBLAS, transA: false, transB: false, m: 2, n: 2, k: 3, alpha: 1, a: a, lda: 3, b: b, ldb: 2, beta: 0, c: &fast, ldc: 2)
        BLAS.sgemm(.portable, transA: false, transB: false, m: 2, n: 2, k: 3, alpha: 1, a: a, lda: 3, b: b, ldb: 2, beta: 0, c: &portable, ldc: 2)
        #expect(fast == [58, 64, 139, 154])
        #expect(portable == fast)
    }
}
