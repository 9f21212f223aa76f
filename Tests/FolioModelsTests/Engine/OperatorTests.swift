import Foundation
import Testing
@testable import FolioModels

/// Every operator alone, and every whole model, against onnxruntime's outputs.
@Suite struct OperatorTests {
    static let tolerance: Float = 1e-5

    @Test(
        "folio's outputs are within 1e-5 of onnxruntime's, in either arithmetic",
        arguments: Fixtures.cases, [MatrixArithmetic.openBLAS, .portable])
    func matchesOnnxRuntime(_ fixture: Fixtures.Case, _ arithmetic: MatrixArithmetic) throws {
        let model = try ONNXModel(contentsOf: Fixtures.path(fixture.model))
        let session = try InferenceSession(model: model, arithmetic: arithmetic)
        let outputs = try session.run(fixture.inputs.mapValues(\.tensor))
        for (name, expected) in fixture.outputs {
            let actual = try #require(outputs[name], "no output \(name)")
            #expect(actual.shape == expected.shape, "output \(name)")
            switch expected.dtype {
            case "float":
                let values = try #require(actual.floats, "output \(name) is \(actual.elementType)")
                let difference = maxAbsDifference(values, expected.data.map { Float($0) })
                #expect(difference <= Self.tolerance, "output \(name): max abs difference \(difference)")
            default:
                #expect(actual == expected.tensor, "output \(name)")
            }
        }
    }

    @Test func everyOperatorOfTheIssueHasAFixture() throws {
        var opTypes: Set<String> = []
        for fixture in Fixtures.cases {
            let model = try ONNXModel(contentsOf: Fixtures.path(fixture.model))
            opTypes.formUnion(model.nodes.map(\.opType))
        }
        let issue = [
            "Gemm", "MatMul", "Add", "Sub", "Mul", "Div", "Relu", "Sigmoid", "Tanh", "Softmax", "Flatten", "Reshape",
            "Transpose", "Squeeze", "Unsqueeze", "Gather", "Slice", "Concat", "Identity", "Constant", "Shape", "Cast",
            "Dropout", "LSTM", "GRU",
        ]
        #expect(Set(issue).subtracting(opTypes).isEmpty, "no fixture for \(Set(issue).subtracting(opTypes).sorted())")
        #expect(Set(issue) == Set(OperatorRegistry.supportedOperators))
    }

    @Test func batchedRunDoesNotDependOnThreadCount() throws {
        let fixture = try #require(Fixtures.cases.first { $0.name == "lstm2" })
        let session = try InferenceSession(model: try ONNXModel(contentsOf: Fixtures.path(fixture.model)))
        let input = try #require(fixture.inputs["input"]).tensor
        let values = try #require(input.floats)
        let rowWidth = input.count / input.shape[0]
        let feeds: @Sendable (Range<Int>) -> [String: Tensor] = { range in
            ["input": Tensor(
                shape: [range.count] + input.shape.dropFirst(),
                floats: Array(values[(range.lowerBound * rowWidth)..<(range.upperBound * rowWidth)]))]
        }
        let one = try session.run(rows: input.shape[0], chunkSize: 2, threads: 1, feeds: feeds)
        let two = try session.run(rows: input.shape[0], chunkSize: 2, threads: 2, feeds: feeds)
        #expect(one == two)
        let whole = try #require(try session.run(["input": input])["output"])
        #expect(maxAbsDifference(try #require(one.floats), try #require(whole.floats)) <= Self.tolerance)
        #expect(one.shape == whole.shape)
    }

    /// The portable product sums in one fixed order; it agrees with OpenBLAS to rounding, for
    /// every transpose, alpha and beta, and on a row of odd length (no vector tail special case).
    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func portableProductAgreesWithOpenBLAS(_ transA: Bool, _ transB: Bool) {
        let (m, n, k) = (7, 13, 29)
        var generator = SystemRandomNumberGenerator()
        let a = (0..<(m * k)).map { _ in Float.random(in: -1...1, using: &generator) }
        let b = (0..<(k * n)).map { _ in Float.random(in: -1...1, using: &generator) }
        let c0 = (0..<(m * n)).map { _ in Float.random(in: -1...1, using: &generator) }
        for (alpha, beta) in [(Float(1), Float(0)), (0.5, 1), (2, -0.25)] {
            var blas = c0, portable = c0
            BLAS.sgemm(.openBLAS, transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha,
                       a: a, lda: transA ? m : k, b: b, ldb: transB ? k : n, beta: beta, c: &blas, ldc: n)
            BLAS.sgemm(.portable, transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha,
                       a: a, lda: transA ? m : k, b: b, ldb: transB ? k : n, beta: beta, c: &portable, ldc: n)
            #expect(maxAbsDifference(blas, portable) < 1e-5, "alpha \(alpha) beta \(beta)")
            var again = c0
            BLAS.sgemm(.portable, transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha,
                       a: a, lda: transA ? m : k, b: b, ldb: transB ? k : n, beta: beta, c: &again, ldc: n)
            #expect(again == portable)
        }
    }

    @Test func activationsAreCloseToTheExactFunctions() {
        var worstSigmoid: Float = 0, worstTanh: Float = 0
        for k in -4000...4000 {
            let x = Float(k) / 100
            worstSigmoid = max(worstSigmoid, abs(Activations.sigmoid1(x) - Float(1 / (1 + Foundation.exp(-Double(x))))))
            worstTanh = max(worstTanh, abs(Activations.tanh1(x) - Float(Foundation.tanh(Double(x)))))
            #expect(Activations.sigmoid8(SIMD8(repeating: x))[3] == Activations.sigmoid1(x))
        }
        #expect(worstSigmoid < 1e-6)
        #expect(worstTanh < 1e-6)
        #expect(Activations.sigmoid1(.nan).isNaN)
    }
}
