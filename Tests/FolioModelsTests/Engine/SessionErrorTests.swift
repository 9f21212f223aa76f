import Foundation
import Testing
@testable import FolioModels

/// Graphs folio refuses to run, each with an error that names the node and the operator.
@Suite struct SessionErrorTests {
    @Test func unsupportedOperatorNamesItsNode() throws {
        let path = Fixtures.path("bad/unsupported_op.onnx")
        let model = try ONNXModel(contentsOf: path)
        let error = try #require(throws: ModelError.self) { try InferenceSession(model: model) }
        #expect(error.kind == .unsupported)
        #expect(error.node == "/act/Erf")
        #expect(error.opType == "Erf")
        #expect(error.description.hasPrefix("\(path): node \"/act/Erf\" (Erf): unsupported operator Erf"))
    }

    static func gemm(_ name: String, inputs: [String], output: String) -> Node {
        Node(name: name, opType: "Relu", inputs: inputs, outputs: [output])
    }

    @Test func valueThatNothingProducesIsAnError() throws {
        let model = ONNXModel(
            inputs: [ValueInfo(name: "x", elementTypeCode: 1, shape: [.symbolic("N"), .fixed(2)])],
            outputs: [ValueInfo(name: "y", elementTypeCode: 1, shape: nil)], initializers: [:],
            nodes: [Self.gemm("/relu", inputs: ["typo"], output: "y")])
        let error = try #require(throws: ModelError.self) { try InferenceSession(model: model) }
        #expect(error.kind == .invalidGraph)
        #expect(error.node == "/relu")
        #expect(error.message.contains("\"typo\""))
    }

    @Test func cycleIsAnError() throws {
        let model = ONNXModel(
            inputs: [ValueInfo(name: "x", elementTypeCode: 1, shape: nil)],
            outputs: [ValueInfo(name: "b", elementTypeCode: 1, shape: nil)], initializers: [:],
            nodes: [Self.gemm("first", inputs: ["b"], output: "a"), Self.gemm("second", inputs: ["a"], output: "b")])
        let error = try #require(throws: ModelError.self) { try InferenceSession(model: model) }
        #expect(error.message.contains("cycle"))
    }

    @Test(arguments: [12, 21])
    func opsetOutsideTheSupportedRangeIsRefused(opset: Int) throws {
        let model = ONNXModel(
            inputs: [ValueInfo(name: "x", elementTypeCode: 1, shape: nil)],
            outputs: [ValueInfo(name: "y", elementTypeCode: 1, shape: nil)], initializers: [:],
            nodes: [Self.gemm("relu", inputs: ["x"], output: "y")], opsetImports: ["": opset])
        let error = try #require(throws: ModelError.self) { try InferenceSession(model: model) }
        #expect(error.message.contains("opset \(opset)"))
    }

    @Test func shapeErrorNamesTheNode() throws {
        let model = ONNXModel(
            inputs: [ValueInfo(name: "x", elementTypeCode: 1, shape: nil)],
            outputs: [ValueInfo(name: "y", elementTypeCode: 1, shape: nil)],
            initializers: ["w": Tensor(shape: [3, 2], floats: [1, 2, 3, 4, 5, 6])],
            nodes: [Node(name: "/fc/Gemm", opType: "Gemm", inputs: ["x", "w"], outputs: ["y"])], path: "m.onnx")
        let session = try InferenceSession(model: model)
        let error = try #require(throws: ModelError.self) {
            try session.run(["x": Tensor(shape: [1, 2], floats: [1, 2])])
        }
        #expect(error.description == "m.onnx: node \"/fc/Gemm\" (Gemm): A' is [1, 2] and B' is [3, 2]: inner dimensions differ")
    }

    @Test func lstmWithUnsupportedActivationsIsRefused() throws {
        let model = ONNXModel(
            inputs: [ValueInfo(name: "x", elementTypeCode: 1, shape: nil)],
            outputs: [ValueInfo(name: "y", elementTypeCode: 1, shape: nil)],
            initializers: [
                "W": Tensor(shape: [1, 4, 1], floats: [0.1, 0.2, 0.3, 0.4]),
                "R": Tensor(shape: [1, 4, 1], floats: [0.1, 0.2, 0.3, 0.4]),
            ],
            nodes: [
                Node(
                    name: "/lstm", opType: "LSTM", inputs: ["x", "W", "R"], outputs: ["y"],
                    attributes: ["activations": .strings(["Relu", "Tanh", "Tanh"]), "hidden_size": .int(1)])
            ])
        let session = try InferenceSession(model: model)
        let error = try #require(throws: ModelError.self) {
            try session.run(["x": Tensor(shape: [2, 1, 1], floats: [1, 2])])
        }
        #expect(error.kind == .unsupported)
        #expect(error.node == "/lstm")
    }
}

/// Shapes from a file or from data that would overflow are errors, not traps.
@Suite struct OverflowTests {
    @Test func reshapeToAnImpossibleShapeIsAnError() throws {
        let model = ONNXModel(
            inputs: [ValueInfo(name: "x", elementTypeCode: 1, shape: nil)],
            outputs: [ValueInfo(name: "y", elementTypeCode: 1, shape: nil)],
            initializers: ["s": Tensor(shape: [3], int64s: [Int64.max / 2, 4, -1])],
            nodes: [Node(name: "/Reshape", opType: "Reshape", inputs: ["x", "s"], outputs: ["y"])])
        let session = try InferenceSession(model: model)
        let error = try #require(throws: ModelError.self) { try session.run(["x": Tensor(shape: [2], floats: [1, 2])]) }
        #expect(error.node == "/Reshape")
    }

    @Test func initializerWithAnImpossibleShapeIsMalformed() throws {
        var tensor = Onnx_TensorProto()
        tensor.name = "w"
        tensor.dataType = 1
        tensor.dims = [1 << 40, 1 << 40]
        var graph = Onnx_GraphProto()
        graph.initializer = [tensor]
        var node = Onnx_NodeProto()
        node.opType = "Identity"
        node.input = ["w"]
        node.output = ["y"]
        graph.node = [node]
        var output = Onnx_ValueInfoProto()
        output.name = "y"
        graph.output = [output]
        var proto = Onnx_ModelProto()
        proto.irVersion = 8
        proto.graph = graph
        let bytes: Data = try proto.serializedBytes()
        let error = try #require(throws: ModelError.self) { try ONNXModel(serialized: bytes, path: "big.onnx") }
        #expect(error.kind == .malformed)
        #expect(error.message.contains("impossible shape"))
    }
}

extension OverflowTests {
    @Test(arguments: [Int64.max, Int64.min])
    func sliceWithAHugeStepTakesOneElement(step: Int64) throws {
        let start: Int64 = step > 0 ? 1 : -2
        let end: Int64 = step > 0 ? Int64.max : Int64.min
        let model = ONNXModel(
            inputs: [ValueInfo(name: "x", elementTypeCode: 1, shape: nil)],
            outputs: [ValueInfo(name: "y", elementTypeCode: 1, shape: nil)],
            initializers: [
                "s": Tensor(shape: [1], int64s: [start]), "e": Tensor(shape: [1], int64s: [end]),
                "a": Tensor(shape: [1], int64s: [1]), "t": Tensor(shape: [1], int64s: [step]),
            ],
            nodes: [Node(name: "/Slice", opType: "Slice", inputs: ["x", "s", "e", "a", "t"], outputs: ["y"])])
        let y = try #require(try InferenceSession(model: model).run(["x": Tensor(shape: [2, 3], floats: [0, 1, 2, 3, 4, 5])])["y"])
        #expect(y == Tensor(shape: [2, 1], floats: [1, 4]))
    }
}
