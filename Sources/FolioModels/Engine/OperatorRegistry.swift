/// The operators folio runs, by ONNX op type: the union of the kernel tables of the
/// operator families in `Operators/` (one file per family).
enum OperatorRegistry {
    /// Every kernel by op type.
    static let kernels: [String: Kernel] = {
        var all: [String: Kernel] = [:]
        let families: [[String: Kernel]] = [
            elementwiseKernels, matrixKernels, softmaxKernels, shapeKernels, indexingKernels,
            constantKernels, recurrentKernels,
        ]
        for family in families {
            all.merge(family) { first, _ in first }
        }
        return all
    }()

    /// The supported op types, sorted, for messages and documentation.
    static var supportedOperators: [String] { kernels.keys.sorted() }

    /// The standard opsets folio runs; others are refused when the session is made.
    static let supportedOpsets = 13...20
}
