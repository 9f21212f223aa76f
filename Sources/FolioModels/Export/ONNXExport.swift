import FolioCompute
import Foundation
import SwiftProtobuf

/// Writes a checkpoint fitted by `folio demo-data` as an ONNX model with the node patterns
/// `torch.onnx.export` emits at opset 17, so that the demo's artifacts are what a team
/// exporting PyTorch checkpoints would keep:
///
/// - input `input` `[N, T, F]` (float, `N` symbolic), output `output` `[N, 1]`;
/// - MLP: `Flatten` (axis 1) -> `Gemm` (transB 1) -> `Relu` -> ... -> `Gemm` -> `Sigmoid`;
/// - LSTM / GRU: `Transpose` (perm 1, 0, 2) -> stacked `LSTM` / `GRU` nodes (a layer's `Y`
///   squeezed on axis 1 feeds the next) -> `Squeeze` of the last `Y_h` (axis 0) -> `Gemm`
///   -> `Sigmoid`;
/// - `metadata_props`: `features` (comma-separated input order) and `window`.
///
/// The scaler is not in the graph: it is `scaler.json` beside the model.
public enum ONNXExport {
    /// The serialized model.
    public static func model(_ checkpoint: DemoCheckpoint) throws -> [UInt8] {
        var graph = Onnx_GraphProto()
        graph.name = "\(checkpoint.kind.rawValue)_trial\(checkpoint.trialNumber)"
        let t = Int64(checkpoint.window), f = Int64(checkpoint.featureCount)
        graph.input = [valueInfo("input", dims: [nil, t, f])]
        graph.output = [valueInfo("output", dims: [nil, 1])]
        var nodes: [Onnx_NodeProto] = []
        var initializers: [Onnx_TensorProto] = []
        var current = "input"
        switch checkpoint.kind {
        case .mlp:
            nodes.append(node("Flatten", [current], ["/Flatten_output_0"], name: "/Flatten", attributes: [int("axis", 1)]))
            current = "/Flatten_output_0"
        case .lstm, .gru:
            nodes.append(node("Transpose", [current], ["/Transpose_output_0"], name: "/Transpose", attributes: [ints("perm", [1, 0, 2])]))
            current = "/Transpose_output_0"
            initializers.append(int64Tensor("onnx::Squeeze_axes_1", [1]))
            initializers.append(int64Tensor("onnx::Squeeze_axes_0", [0]))
            let op = checkpoint.kind == .lstm ? "LSTM" : "GRU"
            for (l, layer) in checkpoint.recurrentLayers.enumerated() {
                let g = Int64(layer.gateCount), h = Int64(layer.hiddenSize), i = Int64(layer.inputSize)
                initializers.append(floatTensor("rnn.\(l).W", [1, g * h, i], layer.w))
                initializers.append(floatTensor("rnn.\(l).R", [1, g * h, h], layer.r))
                initializers.append(floatTensor("rnn.\(l).B", [1, 2 * g * h], layer.b))
                var attributes = [int("hidden_size", h)]
                if checkpoint.kind == .gru { attributes.append(int("linear_before_reset", 1)) }
                let outputs = checkpoint.kind == .lstm
                    ? ["/rnn.\(l)/Y", "/rnn.\(l)/Y_h", "/rnn.\(l)/Y_c"] : ["/rnn.\(l)/Y", "/rnn.\(l)/Y_h"]
                nodes.append(node(op, [current, "rnn.\(l).W", "rnn.\(l).R", "rnn.\(l).B"], outputs, name: "/rnn.\(l)/\(op)", attributes: attributes))
                if l + 1 < checkpoint.recurrentLayers.count {
                    nodes.append(node("Squeeze", ["/rnn.\(l)/Y", "onnx::Squeeze_axes_1"], ["/rnn.\(l)/Squeeze_output_0"], name: "/rnn.\(l)/Squeeze"))
                    current = "/rnn.\(l)/Squeeze_output_0"
                } else {
                    nodes.append(node("Squeeze", ["/rnn.\(l)/Y_h", "onnx::Squeeze_axes_0"], ["/Squeeze_output_0"], name: "/Squeeze"))
                    current = "/Squeeze_output_0"
                }
            }
        }
        for (d, dense) in checkpoint.denseLayers.enumerated() {
            initializers.append(floatTensor("fc.\(d).weight", [Int64(dense.outputSize), Int64(dense.inputSize)], dense.weight))
            initializers.append(floatTensor("fc.\(d).bias", [Int64(dense.outputSize)], dense.bias))
            let out = "/fc.\(d)/Gemm_output_0"
            nodes.append(node("Gemm", [current, "fc.\(d).weight", "fc.\(d).bias"], [out], name: "/fc.\(d)/Gemm",
                              attributes: [float("alpha", 1), float("beta", 1), int("transB", 1)]))
            current = out
            if d + 1 < checkpoint.denseLayers.count {
                nodes.append(node("Relu", [current], ["/fc.\(d)/Relu_output_0"], name: "/fc.\(d)/Relu"))
                current = "/fc.\(d)/Relu_output_0"
            }
        }
        nodes.append(node("Sigmoid", [current], ["output"], name: "/Sigmoid"))
        graph.node = nodes
        graph.initializer = initializers

        var model = Onnx_ModelProto()
        model.irVersion = 8
        model.producerName = "folio demo-data"
        model.producerVersion = "1"
        var opset = Onnx_OperatorSetIdProto()
        opset.domain = ""
        opset.version = 17
        model.opsetImport = [opset]
        model.graph = graph
        model.metadataProps = [
            entry("features", checkpoint.features.joined(separator: ",")),
            entry("window", String(checkpoint.window)),
            entry("trial", String(checkpoint.trialNumber)),
            entry("epoch", String(checkpoint.epoch)),
        ]
        return Array(try model.serializedData())
    }

    static func entry(_ key: String, _ value: String) -> Onnx_StringStringEntryProto {
        var e = Onnx_StringStringEntryProto()
        e.key = key
        e.value = value
        return e
    }

    /// A float tensor's value info; `nil` dimensions are the symbolic batch size `N`.
    static func valueInfo(_ name: String, dims: [Int64?]) -> Onnx_ValueInfoProto {
        var shape = Onnx_TensorShapeProto()
        shape.dim = dims.map { value in
            var d = Onnx_TensorShapeProto.Dimension()
            if let value { d.dimValue = value } else { d.dimParam = "N" }
            return d
        }
        var tensor = Onnx_TypeProto.Tensor()
        tensor.elemType = Int32(Onnx_TensorProto.DataType.float.rawValue)
        tensor.shape = shape
        var type = Onnx_TypeProto()
        type.tensorType = tensor
        var info = Onnx_ValueInfoProto()
        info.name = name
        info.type = type
        return info
    }

    static func node(_ op: String, _ inputs: [String], _ outputs: [String], name: String, attributes: [Onnx_AttributeProto] = []) -> Onnx_NodeProto {
        var n = Onnx_NodeProto()
        n.opType = op
        n.name = name
        n.input = inputs
        n.output = outputs
        n.attribute = attributes
        return n
    }

    static func int(_ name: String, _ value: Int64) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto()
        a.name = name
        a.type = .int
        a.i = value
        return a
    }

    static func ints(_ name: String, _ values: [Int64]) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto()
        a.name = name
        a.type = .ints
        a.ints = values
        return a
    }

    static func float(_ name: String, _ value: Float) -> Onnx_AttributeProto {
        var a = Onnx_AttributeProto()
        a.name = name
        a.type = .float
        a.f = value
        return a
    }

    /// A float initializer, little-endian `raw_data` as torch writes them.
    static func floatTensor(_ name: String, _ dims: [Int64], _ values: [Float]) -> Onnx_TensorProto {
        rawTensor(name, dims, .float, values.map(\.bitPattern))
    }

    /// An int64 initializer (the axes of `Squeeze`).
    static func int64Tensor(_ name: String, _ values: [Int64]) -> Onnx_TensorProto {
        rawTensor(name, [Int64(values.count)], .int64, values)
    }

    static func rawTensor<T: FixedWidthInteger>(_ name: String, _ dims: [Int64], _ type: Onnx_TensorProto.DataType, _ words: [T]) -> Onnx_TensorProto {
        var t = Onnx_TensorProto()
        t.name = name
        t.dims = dims
        t.dataType = Int32(type.rawValue)
        var data = Data(capacity: words.count * MemoryLayout<T>.size)
        for word in words { withUnsafeBytes(of: word.littleEndian) { data.append(contentsOf: $0) } }
        t.rawData = data
        return t
    }
}
