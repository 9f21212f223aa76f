import Foundation
import Testing
@testable import FolioModels

/// Reading ONNX files: inputs, outputs, initializers, opsets, metadata, and the files that
/// are refused.
@Suite struct ONNXModelTests {
    @Test func readsInputsOutputsMetadataAndOpset() throws {
        let model = try ONNXModel(contentsOf: Fixtures.path("models/lstm2/model.onnx"))
        #expect(model.opset == 17)
        #expect(model.producer == "folio-fixtures")
        #expect(model.inputs.map(\.name) == ["input"])
        #expect(model.inputs[0].shape == [.symbolic("N"), .fixed(4), .fixed(3)])
        #expect(model.inputs[0].elementType == .float)
        #expect(model.outputs.map(\.summary) == ["output: float [N, 1]"])
        #expect(model.features == ["f_a", "f_b", "f_c"])
        #expect(model.window == 4)
        #expect(model.nodes.map(\.opType) == [
            "Transpose", "LSTM", "Squeeze", "LSTM", "Squeeze", "Transpose", "Gather", "Gemm", "Sigmoid",
        ])
        #expect(model.nodes[1].attributes["hidden_size"] == .int(6))
        #expect(model.nodes[0].attributes["perm"] == .ints([1, 0, 2]))
        #expect(model.initializers["l0.W"]?.shape == [1, 24, 3])
        #expect(model.initializers["last"] == Tensor(shape: [], int64s: [-1]))
    }

    @Test func readsTypedFieldsAsRawData() throws {
        // mlp_rows keeps its weights in float_data; the others in raw_data.
        let typed = try ONNXModel(contentsOf: Fixtures.path("models/mlp_rows/model.onnx"))
        #expect(typed.initializers["fc1.weight"]?.shape == [8, 3])
        #expect(typed.initializers["fc1.weight"]?.floats?.count == 24)
        let doubles = try ONNXModel(contentsOf: Fixtures.path("ops/typed_double_int32.onnx"))
        #expect(doubles.initializers["d"] == Tensor(shape: [3], storage: .double([0.25, -1.5, 2.0])))
        #expect(doubles.initializers["i"] == Tensor(shape: [3], storage: .int32([2, -3, 4])))
    }

    @Test func truncatedFileIsNotAModel() throws {
        let bytes = try Data(contentsOf: Fixtures.url("models/gru/model.onnx"))
        for length in [bytes.count / 2, bytes.count - 3, 10] {
            let error = try #require(throws: ModelError.self) {
                try ONNXModel(serialized: bytes.prefix(length), path: "cut.onnx")
            }
            #expect(error.kind == .malformed, "\(length) bytes: \(error)")
            #expect(error.description.hasPrefix("cut.onnx: "))
        }
    }

    @Test(arguments: [
        Data("symbol,timestamp,score\nAAA,2024-01-01,0.5\n".utf8), Data([0xFF, 0xFF, 0xFF, 0xFF, 0x0F]),
        Data(), Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }),
    ])
    func garbageIsNotAModel(bytes: Data) throws {
        let error = try #require(throws: ModelError.self) { try ONNXModel(serialized: bytes, path: "x.onnx") }
        #expect(error.kind == .malformed)
        #expect(error.message.hasPrefix("not an ONNX model") || error.message.contains("truncated"))
    }

    @Test func missingFileIsAnIOError() throws {
        let error = try #require(throws: ModelError.self) { try ONNXModel(contentsOf: "/nonexistent/model.onnx") }
        #expect(error.kind == .io)
        #expect(error.path == "/nonexistent/model.onnx")
    }

    @Test func externalDataIsRefused() throws {
        let path = Fixtures.path("bad/external_data.onnx")
        let error = try #require(throws: ModelError.self) { try ONNXModel(contentsOf: path) }
        #expect(error.kind == .unsupported)
        #expect(error.message.contains("initializer \"w\" keeps its data in an external file (external_data.bin)"))
        #expect(error.message.contains("save_as_external_data=False"))
        #expect(error.path == path)
    }

    @Test func unsupportedElementTypeIsRefused() throws {
        let error = try #require(throws: ModelError.self) {
            try ONNXModel(contentsOf: Fixtures.path("bad/float16_weights.onnx"))
        }
        #expect(error.kind == .unsupported)
        #expect(error.message.contains("initializer \"w\" has element type float16"))
    }
}
